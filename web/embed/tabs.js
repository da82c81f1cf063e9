/* The site's other tabs: a tab that saves a choice announces its value; a
   tab that hears it, or comes back into view, re-reads the cookie itself,
   so a forged message changes nothing. */
import { C, err } from './config.js';
import { state } from './state.js';
import { read } from './value.js';
import { single } from './cookies.js';
import { same, settle } from './choice.js';
import { updateWidget } from './widget.js';

// listen starts hearing the other tabs.
export function listen() {
  try { if (window.BroadcastChannel) state.channel = new window.BroadcastChannel('charte:' + C.site); } catch (e) { state.channel = null; }
  if (state.channel) state.channel.addEventListener('message', heard);
  document.addEventListener('visibilitychange', () => { if (document.visibilityState === 'visible') recheck(); });
  window.addEventListener('focus', recheck);
}

// announce tells the other tabs that value was saved.
export function announce(value) {
  try { if (state.channel) state.channel.postMessage(value); } catch (e) { err('other tabs could not be told', e); }
}

// heard: another tab saved a choice. What embed.js read, or asked for,
// is stale; before start() there is nothing applied yet to check, and
// start() reads the cookie again.
function heard() {
  state.news++;
  if (state.started) check();
}

// recheck: the tab is seen again. Until this page has applied its choice
// there is nothing to compare with: a focus during the load costs no read.
function recheck() {
  if (state.applied) check();
}

function check() {
  const r = read(), c = r.choice;
  single(r); // one cookie, as start() leaves it
  if (!c || (state.current && c.id === state.current.id)) return;
  settle(c, !same(state.current, c));
  updateWidget(c.value);
}
