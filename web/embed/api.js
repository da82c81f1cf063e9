/* The public API, window.charte (DESIGN.md's contract). */
import { C } from './config.js';
import { state } from './state.js';
import { detail } from './signals.js';
import { choose } from './choice.js';
import { loadWidget } from './widget.js';

// publish defines window.charte and returns what settles charte.ready.
export function publish() {
  let resolve;
  window.charte = {
    version: 1,
    ready: new Promise((r) => { resolve = r; }),
    get: () => detail(state.current),
    show: () => loadWidget('prefs').then(() => {}),
    acceptAll: () => choose(C.categories.map((c) => c.id), 'api'),
    rejectAll: () => choose([], 'api'),
    accept: (list) => choose(list || [], 'api'),
    onChange: (fn) => { if (typeof fn === 'function') state.listeners.push(fn); }
  };
  return resolve;
}
