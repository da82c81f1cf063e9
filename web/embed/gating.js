/* Gating: scripts (type="text/plain") and iframes (data-src) of a
   category run or load once the choice accepts it. */
import { state } from './state.js';
import { accepted } from './value.js';
import { placeholders } from './placeholders.js';

const GATED = 'script[type="text/plain"][data-category], iframe[data-category][data-src]';

// activate runs what the current choice allows and has not run yet.
export function activate() {
  placeholders();
  if (!state.current) return;
  const els = document.querySelectorAll(GATED);
  for (let i = 0; i < els.length; i++) {
    const el = els[i];
    if (el.hasAttribute('data-charte-done') || !accepted(state.current, el.getAttribute('data-category'))) continue;
    el.setAttribute('data-charte-done', '');
    if (el.tagName === 'IFRAME') { el.src = el.getAttribute('data-src'); continue; }
    run(el);
  }
}

// run puts a live copy of the gated script el after it.
function run(el) {
  const s = document.createElement('script');
  for (let j = 0; j < el.attributes.length; j++) {
    const a = el.attributes[j];
    if (a.name !== 'type' && a.name !== 'data-src' && a.name !== 'data-charte-done') s.setAttribute(a.name, a.value);
  }
  const type = el.getAttribute('data-type');
  if (type) s.type = type;
  if (el.hasAttribute('data-src')) s.src = el.getAttribute('data-src');
  else s.text = el.text;
  el.parentNode.insertBefore(s, el.nextSibling);
}
