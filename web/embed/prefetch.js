/* When the widget's bytes come. The wasm is large and its start holds the
   main thread: nothing of it is fetched before the host page's load event,
   and it runs only when the visitor asks for more than the banner (intent)
   or when the shell could not be shown. A while after load, when the
   browser is idle, the loader, the wasm and the inventory are fetched at
   low priority and the wasm compiled as it comes (not run), unless the
   visitor asked to save data or has chosen already. A choice made meanwhile
   stops the prefetch: no more bytes for a visitor who has answered. */
import { C, mark } from './config.js';
import { state } from './state.js';
import { loaderEntry, loadWidget, failClosed } from './widget.js';

// DELAY is how long after the load event the prefetch waits. Most visitors
// who answer on the banner do so within its first seconds; waiting this
// long spares them the megabyte, and still leaves a phone on a slow
// mobile link time to have the module compiled some ten seconds after
// load, when a visitor who reads first asks for the preferences.
const DELAY = 3500;

// idle prefetches once the page's load event has come, DELAY has passed
// and the browser is idle.
export function idle() {
  if (document.readyState !== 'complete') { window.addEventListener('load', idle); return; }
  setTimeout(() => {
    if (window.requestIdleCallback) window.requestIdleCallback(prefetch, { timeout: 2000 });
    else prefetch();
  }, DELAY);
}

function prefetch() {
  if (state.entry || state.current || (navigator.connection || {}).saveData) {
    mark('prefetch-skipped');
    return;
  }
  mark('prefetch');
  const stop = state.prefetch = window.AbortController ? new AbortController() : null;
  // A widget that cannot come fails closed now, not on a later click; a
  // prefetch stopped by a choice is no failure.
  loaderEntry().then((load) => {
    if (stop && stop.signal.aborted) return null;
    return load.fetch(C, stop && stop.signal);
  }).catch((e) => { if (!(stop && stop.signal.aborted)) failClosed(e); });
}

// stopPrefetch aborts a prefetch under way once the visitor has chosen,
// unless the widget was asked for: it then needs those bytes.
export function stopPrefetch() {
  const stop = state.prefetch;
  if (!stop || state.widget) return;
  state.prefetch = null;
  stop.abort();
  mark('prefetch-stopped');
}

// intent starts the widget when the visitor points at, focuses or touches
// a control that needs it, so that its click finds it ready or nearly.
function intent(e) {
  // A touch's pointerover comes just before its click: starting the
  // widget then would hold the click's feedback back.
  if (e.pointerType !== 'touch' && e.target.closest('[data-charte-action=prefs],.charte-link,[data-charte=open]')) loadWidget('');
}

export function watchIntent(target) {
  // A touch sends pointerover too.
  target.addEventListener('pointerover', intent);
  target.addEventListener('focusin', intent);
}
