/* The shell: on a first visit the banner is shown at once, from HTML the
   server prerendered with the widget's own components. go-app replaces
   the mount's first element child, the shell, with the same tree when the
   widget starts. A click on the shell is not lost: a choice is made here
   at once, a dialog opens when the widget is ready. */
import { C, assets, language, mark } from './config.js';
import { state } from './state.js';
import { gpc } from './signals.js';
import { choose } from './choice.js';
import { loadWidget } from './widget.js';
import { idle, watchIntent } from './prefetch.js';

// needsBanner reports whether this page must ask: the site says so, or
// the page holds content of an optional category.
export function needsBanner() {
  if (C.needsConsent) return true;
  const els = document.querySelectorAll('[data-category]');
  for (let i = 0; i < els.length; i++) {
    const cs = els[i].getAttribute('data-category').split(/\s+/);
    for (let j = 0; j < cs.length; j++) {
      if (C.categories.some((c) => c.id === cs[j] && !c.required)) return true;
    }
  }
  return false;
}

// firstVisit makes the shell, once, and puts it in the body when there is
// one. Put in while the page is parsed, it is moved back to the body's end
// once the parser has added the rest: the contract says it is the last child.
export function firstVisit() {
  if (!state.shell) make();
  const host = state.shell.host, b = document.body;
  if (!b) return;
  if (!host.parentNode) {
    b.appendChild(host);
    focusShell();
  } else if (host.parentNode === b && host.nextSibling && document.readyState !== 'loading') {
    const focused = document.activeElement === host;
    b.appendChild(host);
    if (focused) focusShell();
  }
}

function make() {
  assets();
  const host = document.createElement('charte-consent'), mount = document.createElement('div');
  const root = host.attachShadow({ mode: 'open' });
  mount.appendChild(document.createElement('div'));
  root.appendChild(mount);
  root.addEventListener('click', onShell);
  watchIntent(root);
  state.shell = { host: host, mount: mount };
  state.shell.shown = fetch(C.shell + language() + (gpc ? '.gpc' : '') + '.html', { credentials: 'omit' })
    .then((r) => (r.ok ? r.text() : ''))
    .then(null, () => '')
    .then((html) => {
      const old = mount.firstElementChild;
      // Not when the wasm or a choice came first.
      if (state.current || !old || old.attributes.length || old.firstChild) return;
      // Without a shell to show, the widget shows the banner itself.
      if (!html) { loadWidget(''); return; }
      const t = document.createElement('template');
      t.innerHTML = html;
      const el = t.content.firstElementChild;
      el.setAttribute('data-charte-shell', '');
      mount.replaceChild(el, old);
      focusShell();
    });
  idle();
}

// focusShell moves focus to the banner, as the widget does when it shows
// it, unless the visitor is already somewhere in the page.
function focusShell() {
  // Off the page (before <body>) focus() does nothing; fixed: no scroll.
  const b = state.shell.mount.querySelector('.charte-banner');
  if (b && document.activeElement === document.body) b.focus();
}

// dropShell takes the prerendered banner away once a choice is known.
export function dropShell() {
  const el = state.shell && state.shell.mount.querySelector('[data-charte-shell]');
  if (el) el.replaceWith(document.createElement('div'));
}

function onShell(e) {
  const b = e.target.closest && e.target.closest('[data-charte-shell] [data-charte-action]');
  if (!b) return;
  const a = b.getAttribute('data-charte-action');
  if (a === 'accept' || a === 'reject') {
    choose(a === 'accept' ? C.categories.map((c) => c.id) : [], 'banner');
  } else {
    // The dialog needs the widget: the button says it is coming.
    mark('tap');
    state.pending = a;
    b.setAttribute('aria-busy', 'true');
    loadWidget('');
  }
}
