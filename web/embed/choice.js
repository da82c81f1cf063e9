/* A choice takes effect: settle applies a known choice on this page;
   choose and saved record a new one (from the JS API, the shell, the
   placeholders or the widget) and tell everyone who must know. */
import { err } from './config.js';
import { state } from './state.js';
import { parse, read, newValue } from './value.js';
import { write, clear } from './cookies.js';
import { activate } from './gating.js';
import { consentMode, detail, fire, tell } from './signals.js';
import { announce } from './tabs.js';
import { proof } from './proof.js';
import { dropShell } from './shell.js';
import { updateWidget } from './widget.js';
import { stopPrefetch } from './prefetch.js';

// settle takes choice c into account on this page; raw is document.cookie
// when the caller has just read it.
export function settle(c, changed, raw) {
  const prev = state.current;
  state.current = c;
  stopPrefetch();
  dropShell();
  activate();
  clear(c, raw);
  consentMode(c);
  fire('charte:consent', c);
  if (changed) tell(c, prev);
}

// same reports whether two choices accept the same categories.
export function same(a, b) { return !!a && !!b && a.accepted.join() === b.accepted.join(); }

// choose records a choice of list made through the JS API, the shell or a
// placeholder; source says which, for the proof.
export function choose(list, source) {
  const value = newValue(list, Math.floor(Date.now() / 1000));
  write(value);
  return saved(value, source);
}

// saved is called once a new value is in the cookie (by Go or by choose),
// with how the choice was given (banner, preferences, api…).
export function saved(value, source) {
  if (read().count > 1) write(value);
  const c = parse(value);
  if (!c) { err('the choice could not be stored: is cookies_preferences blocked?'); return null; }
  settle(c, !same(state.current, c) || !state.current);
  updateWidget(value);
  announce(value);
  proof(c, source);
  return detail(c);
}
