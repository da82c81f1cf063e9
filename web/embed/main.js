/* Charte embed.js: the one script a site adds to its <head>. With a valid
   choice in cookies_preferences it applies it as the page shows and loads
   nothing else. Otherwise it loads the widget (WebAssembly, in a shadow root) to
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
import { read, readLater, sides } from './value.js';
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
// page: the Consent Mode default and window.charte. The cookie is read
// without holding up the page where the browser can (value.js readLater);
// its answer brings the stored choice's update and the clean-up, then the
// first visit's shell or, once the page is parsed, the choice applied.
function begin() {
  listen();
  consentDefault();
  const ready = publish();
  readLater((r) => {
    r.news = state.news;
    state.early = r;
    if (r.choice) {
      consentMode(r.choice);
      clear(r.choice, r.raw);
    } else if (gpc) {
      clear(sides([]), r.raw);
    }
    if (document.readyState === 'loading') {
      // A first visit shows the shell before the page is parsed.
      if (C.needsConsent && !r.choice) firstVisit();
      document.addEventListener('DOMContentLoaded', () => { start(ready); });
    } else start(ready);
  });
}

// start runs once the page is parsed. A first visit's banner and the
// page's hooks go in at once; a known choice is applied, and the
// placeholders drawn, once the page has painted: a returning view shows
// no later for Charte. It settles charte.ready.
function start(ready) {
  state.started = true;
  // What embed.js read still holds unless a choice was written or heard of since.
  const e = state.early, r = e && e.news === state.news ? e : read();
  state.current = r.choice;
  if (!state.current && needsBanner()) firstVisit();
  openLinks();
  watchIntent(document);
  afterPaint(() => {
    state.applied = true;
    // A choice made or heard of meanwhile has already been applied.
    if (state.current && state.current === r.choice) {
      single(r);
      settle(state.current, false, r.raw);
    }
    placeholders();
    // Gated elements added later run too once accepted.
    if (window.MutationObserver) new MutationObserver(() => { activate(); }).observe(document.documentElement, { childList: true, subtree: true });
    ready(detail(state.current));
  });
}

// afterPaint runs fn once the page has painted content, when it is seen
// (a hidden page paints nothing), or after half a second at the latest.
function afterPaint(fn) {
  let done = false;
  const go = () => { if (!done) { done = true; fn(); } };
  const P = window.PerformanceObserver, types = (P && P.supportedEntryTypes) || [];
  if (document.visibilityState === 'hidden' || types.indexOf('paint') < 0) { go(); return; }
  new P((list, o) => {
    if (!list.getEntriesByName('first-contentful-paint').length) return;
    o.disconnect();
    setTimeout(go, 0); // after the paint's own task
  }).observe({ type: 'paint', buffered: true });
  setTimeout(go, 500);
}
