/* Click-to-load placeholders: gated content that may not load yet gets,
   in its place, a box that says what it is and allows its category alone.
   The script that draws them (placeholder.<lang>.js, with the server's
   prerendered markup) loads only when needed, and is handed the hook
   below; it also draws the reopen button of a site that wants one, after
   a choice. An element marked data-charte-placeholder gets charte:allowed
   once its category is accepted: the page builds its content then. */
import { C, assets, language } from './config.js';
import { state } from './state.js';
import { accepted } from './value.js';
import { choose } from './choice.js';
import { loadWidget } from './widget.js';

const WAITING = 'iframe[data-category][data-src], [data-charte-placeholder][data-category]';

export function placeholders() {
  if (state.scan) state.scan();
  const els = document.querySelectorAll(WAITING);
  let need = false;
  for (let i = 0; i < els.length; i++) {
    const el = els[i], cat = el.getAttribute('data-category');
    if (el.hasAttribute('data-charte-done')) continue;
    if (!accepted(state.current, cat)) need = true;
    else if (el.tagName !== 'IFRAME') {
      el.setAttribute('data-charte-done', '');
      el.dispatchEvent(new CustomEvent('charte:allowed', { bubbles: true, detail: { category: cat } })); // a failing listener is only reported
    }
  }
  if ((need || (C.reopen && state.current)) && !state.asked) {
    state.asked = true;
    load();
  }
}

function load() {
  assets();
  const s = document.createElement('script');
  s.src = C.shell.replace(/shell\.$/, 'placeholder.') + language() + '.js'; // beside the shell
  window.__chartePlaceholder = {
    // The accepted categories; none before a choice.
    current: () => (state.current ? state.current.accepted.slice() : []),
    choose: (list) => { choose(list, 'placeholder'); },
    prefs: () => { loadWidget('prefs'); },
    ready: (scan) => { state.scan = scan; scan(); }
  };
  (document.head || document.documentElement).appendChild(s);
}
