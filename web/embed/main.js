/* Charte embed.js: the one script a site adds to its <head>. With a valid
   choice in cookies_preferences it applies it at once and loads nothing
   else. Otherwise it loads the widget (WebAssembly, in a shadow root) to
   ask. The server bundles these modules into one script (server/minify.go)
   that leaves nothing on the page but window.charte.

   A choice, file by file: the banner (shell.js) or the widget (widget.js)
   records it (choice.js) as a cookie value (value.js) written on the page
   (cookies.js); it takes effect (choice.js settle): gated scripts run
   (gating.js, placeholders.js), refused cookies go (cookies.js), the page
   and other tabs are told (signals.js, tabs.js), a proof is sent
   (proof.js). */
import { C } from './config.js';
import { state } from './state.js';
import { read, sides } from './value.js';
import { clear, single } from './cookies.js';
import { activate } from './gating.js';
import { placeholders } from './placeholders.js';
import { gpc, consentDefault, consentMode, detail } from './signals.js';
import { listen } from './tabs.js';
import { settle } from './choice.js';
import { firstVisit, needsBanner } from './shell.js';
import { openLinks } from './widget.js';
import { watchIntent } from './prefetch.js';
import { publish } from './api.js';

if (C && !(window.charte && window.charte.version)) begin();

// begin runs as the script is parsed, before any later script of the
// page: the Consent Mode default, then the stored choice's update and
// the clean-up.
function begin() {
  listen();
  consentDefault();
  const r = state.early = read();
  if (r.choice) {
    consentMode(r.choice);
    clear(r.choice, r.raw);
  } else if (gpc) {
    clear(sides([]), r.raw);
  }
  const ready = publish();
  if (document.readyState === 'loading') {
    // A first visit shows the shell before the page is parsed.
    if (C.needsConsent && !r.choice) firstVisit();
    document.addEventListener('DOMContentLoaded', () => { start(ready); });
  } else start(ready);
}

// start runs once the page is parsed, and settles charte.ready.
function start(ready) {
  // What embed.js read as it ran still holds unless another tab spoke.
  const r = state.early || read();
  state.current = r.choice;
  if (state.current) {
    single(r);
    settle(state.current, false, r.raw);
  } else if (needsBanner()) {
    firstVisit();
  }
  placeholders();
  // Gated elements added later run too once accepted.
  if (window.MutationObserver) new MutationObserver(() => { activate(); }).observe(document.documentElement, { childList: true, subtree: true });
  openLinks();
  watchIntent(document);
  ready(detail(state.current));
}
