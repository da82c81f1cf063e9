/* What the page is told of the choice: Global Privacy Control read once,
   Google's Consent Mode, and the charte:consent / charte:change events. */
import { C, err } from './config.js';
import { state } from './state.js';

// gpc: the browser sends Global Privacy Control. Before any choice it
// means every optional category refused.
export const gpc = navigator.globalPrivacyControl === true;

const CM_KEYS = ['ad_storage', 'ad_user_data', 'ad_personalization', 'analytics_storage',
  'functionality_storage', 'personalization_storage', 'security_storage'];

// gtagCommand pushes what gtag() would: an Arguments object on the host's
// dataLayer, created if missing. No global gtag is defined, so a host
// that defines its own later is not disturbed.
function gtagCommand() {
  if (!window.dataLayer) window.dataLayer = [];
  window.dataLayer.push(arguments);
}

// consentDefault sends Consent Mode's default, before any later script
// of the page runs: all denied but security.
export function consentDefault() {
  if (!C.consentMode) return;
  const d = {};
  CM_KEYS.forEach((k) => { d[k] = k === 'security_storage' ? 'granted' : 'denied'; });
  d.wait_for_update = 500;
  gtagCommand('consent', 'default', d);
}

// consentMode sends the update for a choice, once per choice.
export function consentMode(c) {
  if (!C.consentMode || !c || c.id === state.signalled) return;
  state.signalled = c.id;
  const u = {};
  Object.keys(C.consentMode).forEach((k) => {
    // A key is granted when one of its categories is accepted.
    u[k] = C.consentMode[k].some((cat) => c.accepted.indexOf(cat) >= 0) ? 'granted' : 'denied';
  });
  gtagCommand('consent', 'update', u);
}

// detail is a choice as the page sees it (events, charte.get).
export function detail(c) {
  return c && { id: c.id, revision: c.revision, time: c.time, accepted: c.accepted.slice(), refused: c.refused.slice() };
}

export function fire(type, c) {
  try { window.dispatchEvent(new CustomEvent(type, { detail: detail(c) })); } catch (e) { err('listener failed', e); }
}

// tell calls the charte.onChange callbacks with the new and the previous
// choice.
export function tell(c, prev) {
  fire('charte:change', c);
  state.listeners.forEach((fn) => {
    try { fn(detail(c), detail(prev)); } catch (e) { err('onChange callback failed', e); }
  });
}
