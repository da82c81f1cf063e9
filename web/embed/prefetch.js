/* When the widget's bytes come. The wasm is large and its start holds the
   main thread: nothing of it is fetched before the host page's load event,
   and it runs only when the visitor asks for more than the banner (intent)
   or when the shell could not be shown. After load, when the browser is
   idle, the loader, the wasm (compiled, not run) and the inventory are
   fetched at low priority, unless the visitor asked to save data. */
import { C } from './config.js';
import { state } from './state.js';
import { loaderEntry, loadWidget, failClosed } from './widget.js';

// idle prefetches once the page's load event has come and the browser
// is idle.
export function idle() {
  if (document.readyState !== 'complete') window.addEventListener('load', idle);
  else if (window.requestIdleCallback) window.requestIdleCallback(prefetch, { timeout: 2000 });
  else setTimeout(prefetch, 300);
}

function prefetch() {
  if (state.entry || state.current || (navigator.connection || {}).saveData) return;
  // A widget that cannot come fails closed now, not on a later click.
  loaderEntry().then((load) => load.fetch(C, true)).catch(failClosed);
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
