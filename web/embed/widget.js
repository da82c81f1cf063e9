/* Loading the widget: the loader script, then the WebAssembly widget it
   starts with what embed.js hands over, and the widget's handle (open,
   update) once it is up. A widget that cannot start fails closed: its
   shell goes away and no gated script runs. */
import { C, assets, language, err, mark } from './config.js';
import { state } from './state.js';
import { gpc } from './signals.js';
import { saved } from './choice.js';

// loaderEntry is a Promise of the loader's entry point (loader.js's load),
// the script added once.
export function loaderEntry() {
  if (state.entry) return state.entry;
  assets();
  state.entry = new Promise((resolve, reject) => {
    const s = document.createElement('script');
    s.src = C.loader; // async and low priority, as an added script is
    s.onerror = () => { reject(C.loader); };
    s.onload = () => {
      const load = window.__charteLoad;
      try { delete window.__charteLoad; } catch (e) { window.__charteLoad = undefined; }
      (load ? resolve : reject)(load);
    };
    (document.head || document.documentElement).appendChild(s);
  });
  return state.entry;
}

// loadWidget starts the widget, once, and opens the dialog modal ('prefs',
// or '' for none) in it.
export function loadWidget(modal) {
  if (state.widget) return state.widget.then((w) => { if (w && modal) w.open(modal); return w; });
  state.widget = loaderEntry().then((load) => {
    const shell = state.shell; // made meanwhile, maybe
    return load({
      config: C, lang: language(), modal: modal || '', gpc: gpc,
      // Read when the wasm starts: a choice made on the shell counts.
      get banner() { return !state.current; },
      get current() { return state.current ? state.current.value : ''; },
      host: shell && shell.host, mount: shell && shell.mount, shown: shell && shell.shown,
      saved: saved
    });
  }).then(null, failed).then(takeOver);
  return state.widget;
}

// failClosed takes the shell away when the widget cannot come (e), unless
// a start under way reports it itself.
export function failClosed(e) {
  if (!state.widget) state.widget = Promise.resolve(failed(e)).then(takeOver);
}

function failed(e) { err('the widget failed to start', e); }

// takeOver opens the dialog asked for on the shell; a widget that could
// not start takes its shell away (fail closed).
function takeOver(w) {
  const shell = state.shell;
  if (w && state.pending) w.open(state.pending);
  else if (!w && shell && shell.host.parentNode) shell.host.parentNode.removeChild(shell.host);
  state.pending = '';
  return w;
}

// updateWidget has a running widget follow a choice made elsewhere.
export function updateWidget(value) {
  if (state.widget) state.widget.then((w) => { if (w) w.update(value); });
}

// openLinks has the page's [data-charte=open] links open the preferences.
export function openLinks() {
  document.addEventListener('click', (e) => {
    const t = e.target && e.target.closest && e.target.closest('[data-charte="open"]');
    if (!t) return;
    e.preventDefault();
    mark('tap');
    loadWidget('prefs');
  });
}
