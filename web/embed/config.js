/* The site's settings and what this page says about the visitor's
   language: read, never changed but for the asset paths. */
import { state } from './state.js';

// The server puts the site's settings where the slot stands
// (server/embed.go): no texts, only what embed.js decides with.
export const C = __CHARTE_CONFIG__;

// NAME is the cookie that holds the choice.
export const NAME = 'cookies_preferences';

// self is this script's own URL: the asset paths are relative to it, so
// the same files work from any host, CDN or folder.
export const self = (document.currentScript && document.currentScript.src) || location.href;

// assets resolves the asset paths, once, when the widget or the
// placeholders are needed: a returning visitor needs none of them.
export function assets() {
  if (state.resolved) return;
  state.resolved = true;
  ['loader', 'wasm', 'inventory', 'shell'].forEach((k) => { C[k] = new URL(C[k], self).href; });
}

// language is the page's language if the site has it, else the visitor's,
// else the site's default.
export function language() {
  const want = [document.documentElement.lang].concat(navigator.languages || [navigator.language]);
  for (let i = 0; i < want.length; i++) {
    const l = (want[i] || '').toLowerCase().split('-')[0];
    if (C.languages.indexOf(l) >= 0) return l;
  }
  return C.defaultLanguage;
}

// mark leaves a performance mark: the bench's breakdown of a tap, and
// what a developer sees of the prefetch in the browser's tools.
export function mark(name) {
  if (window.performance && performance.mark) performance.mark('charte:' + name);
}

// err reports what went wrong without stopping the page.
export function err(msg, e) { console.error('Charte: ' + msg, e || ''); }
