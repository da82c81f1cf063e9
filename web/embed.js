/* Charte embed.js: the one script a site adds to its <head>.
   With a valid choice in cookies_preferences it applies it at once and
   loads nothing else. Otherwise it loads the widget (WebAssembly, in a
   shadow root) to ask. Everything stays inside this closure but
   window.charte. */
(function () {
  'use strict';
  var C = __CHARTE_CONFIG__; // the site's settings, put in by the server
  var NAME = 'cookies_preferences';
  if (!C || (window.charte && window.charte.version)) return;
  // The asset paths are relative to this script's own URL, so the same
  // files work from any host, CDN or folder. They are resolved only when
  // the widget loads (SELF is then cleared): a returning visitor needs
  // none of them.
  var SELF = (document.currentScript && document.currentScript.src) || location.href;
  function assets() {
    if (!SELF) return;
    ['loader', 'wasm', 'inventory', 'shell'].forEach(function (k) { C[k] = new URL(C[k], SELF).href; });
    SELF = '';
  }

  var doc = document, win = window;
  var current = null;      // the valid choice, as event detail
  var listeners = [];
  var widget = null;       // Promise of the mounted widget's handle
  var readyResolve;
  var ready = new Promise(function (r) { readyResolve = r; });

  function err(msg, e) { console.error('Charte: ' + msg, e || ''); }

  // --- the cookie value: the same rules as Go's consent package ---
  var VALUE = /^v=1&id=([0-9a-f]{32})&rev=([1-9][0-9]{0,11})&t=([1-9][0-9]{0,11})&acc=([a-z0-9.-]*)&ref=([a-z0-9.-]*)$/;
  var CAT = /^[a-z][a-z0-9-]{0,31}$/;
  var MAXLEN = 2048; // Go's bound too: what Charte writes stays under it
  function ids(s) {
    if (s === '') return [];
    var out = s.split('.');
    for (var i = 0; i < out.length; i++) {
      if (!CAT.test(out[i]) || out.indexOf(out[i]) !== i) return null;
    }
    return out;
  }
  function parse(value) {
    var m = value && value.length <= MAXLEN && VALUE.exec(value);
    if (!m) return null;
    var acc = ids(m[4]), ref = ids(m[5]);
    if (!acc || !ref) return null;
    var t = +m[3], now = Date.now() / 1000;
    if (+m[2] !== C.revision || t > now + 86400 || now >= t + C.lifetimeDays * 86400) return null;
    if (acc.length + ref.length !== C.categories.length) return null;
    for (var i = 0; i < C.categories.length; i++) {
      var c = C.categories[i], a = acc.indexOf(c.id) >= 0, r = ref.indexOf(c.id) >= 0;
      if (a === r || (c.required && r)) return null;
    }
    return { id: m[1], revision: +m[2], t: t, time: new Date(t * 1000).toISOString(), accepted: acc, refused: ref, value: value };
  }
  // Each read of document.cookie asks the browser process: a page view
  // reads it as few times as it can.
  function values(raw) {
    var out = [], parts = raw ? raw.split('; ') : [];
    for (var i = 0; i < parts.length; i++) {
      var eq = parts[i].indexOf('=');
      if (parts[i].slice(0, eq) === NAME) out.push(parts[i].slice(eq + 1));
    }
    return out;
  }
  // read returns the choice the values that hold give together (merge),
  // and how many values exist.
  function read() {
    var raw = doc.cookie, vs = values(raw), valid = [];
    for (var i = 0; i < vs.length; i++) {
      var c = parse(vs[i]);
      if (c) valid.push(c);
    }
    return { choice: merge(valid), count: vs.length, raw: raw };
  }
  // merge: any page of a sibling subdomain can set a copy of the cookie,
  // so a copy may take consent away but never add it. A category counts as
  // accepted only if every value accepts it; the result is the newest value
  // that says exactly that (the first of equals), else a new choice dated
  // as the oldest value. Go's consent.Merge is the same rule.
  function merge(cs) {
    if (cs.length < 2) return cs[0] || null;
    var acc = [], ref = [], oldest = cs[0].t, best = null, i;
    for (i = 0; i < C.categories.length; i++) {
      var id = C.categories[i].id, all = true;
      for (var j = 0; j < cs.length; j++) all = all && cs[j].accepted.indexOf(id) >= 0;
      (all ? acc : ref).push(id);
    }
    for (i = 0; i < cs.length; i++) {
      if (cs[i].t < oldest) oldest = cs[i].t;
      if (cs[i].accepted.length === acc.length && (!best || cs[i].t > best.t)) best = cs[i];
    }
    return best || parse(newValue(acc, ref, oldest));
  }
  // newValue is a choice's cookie value with a fresh random id.
  function newValue(acc, ref, t) {
    var rnd = new Uint8Array(16), id = '';
    crypto.getRandomValues(rnd);
    for (var j = 0; j < 16; j++) id += (rnd[j] + 256).toString(16).slice(1);
    return 'v=1&id=' + id + '&rev=' + C.revision + '&t=' + t + '&acc=' + acc.join('.') + '&ref=' + ref.join('.');
  }

  // --- cookie domains and paths, for deleting every copy ---
  function domains() {
    var host = location.hostname, out = [''];
    if (/^[0-9.]+$/.test(host) || host.indexOf('.') < 0) return out;
    var labels = host.split('.');
    for (var i = 0; i < labels.length - 1; i++) out.push('.' + labels.slice(i).join('.'));
    return out;
  }
  function paths() {
    var out = ['/'], segs = location.pathname.split('/'), p = '';
    for (var i = 1; i < segs.length; i++) {
      if (!segs[i]) continue;
      p += '/' + segs[i];
      out.push(p, p + '/');
    }
    return out;
  }
  function expire(name) {
    var ds = domains(), ps = paths();
    for (var i = 0; i < ds.length; i++) {
      for (var j = 0; j < ps.length; j++) {
        doc.cookie = name + '=; Max-Age=0; Path=' + ps[j] + (ds[i] ? '; Domain=' + ds[i] : '');
      }
    }
  }
  function cookieDomain() {
    var d = C.cookieDomain, h = location.hostname, bare = (d || '').replace(/^\./, '');
    return d && (h === bare || h.slice(-bare.length - 1) === '.' + bare) ? d : '';
  }
  // attributes returns the Set-Cookie attributes of the choice.
  function attributes() {
    var d = cookieDomain();
    return '; Path=/; Max-Age=' + C.lifetimeDays * 86400 + '; SameSite=Lax' +
      (d ? '; Domain=' + d : '') + (location.protocol === 'https:' ? '; Secure' : '');
  }
  function write(value) {
    early = null; // start() must read the new value
    expire(NAME); // no stale copy on another path or domain may shadow it
    doc.cookie = NAME + '=' + value + attributes();
  }

  // --- applying a choice ---
  function accepted(c, cat) {
    if (!c) return false;
    var need = (cat || '').split(/\s+/).filter(Boolean);
    for (var i = 0; i < need.length; i++) if (c.accepted.indexOf(need[i]) < 0) return false;
    return need.length > 0;
  }
  function activate(root) {
    placeholders();
    if (!current) return;
    var els = (root || doc).querySelectorAll('script[type="text/plain"][data-category], iframe[data-category][data-src]');
    for (var i = 0; i < els.length; i++) {
      var el = els[i];
      if (el.hasAttribute('data-charte-done') || !accepted(current, el.getAttribute('data-category'))) continue;
      el.setAttribute('data-charte-done', '');
      if (el.tagName === 'IFRAME') { el.src = el.getAttribute('data-src'); continue; }
      var s = doc.createElement('script');
      for (var j = 0; j < el.attributes.length; j++) {
        var a = el.attributes[j];
        if (a.name !== 'type' && a.name !== 'data-src' && a.name !== 'data-charte-done') s.setAttribute(a.name, a.value);
      }
      var type = el.getAttribute('data-type');
      if (type) s.type = type;
      if (el.hasAttribute('data-src')) s.src = el.getAttribute('data-src');
      else s.text = el.text;
      el.parentNode.insertBefore(s, el.nextSibling);
    }
  }
  function matches(name, row) {
    if (row.names && row.names.indexOf(name) >= 0) return true;
    if (!row.pattern) return false;
    var re = new RegExp('^' + row.pattern.split('*').map(function (s) { return s.replace(/[.+?^${}()|[\]\\]/g, '\\$&'); }).join('.*') + '$');
    return re.test(name);
  }
  // clear deletes the cookies of refused categories, every copy; raw is
  // document.cookie when the caller has just read it.
  function clear(c, raw) {
    if (!c || !c.refused.length) return;
    if (raw === undefined) raw = doc.cookie;
    var parts = raw ? raw.split('; ') : [];
    for (var i = 0; i < parts.length; i++) {
      var name = parts[i].split('=')[0];
      for (var j = 0; j < C.cookies.length; j++) {
        var row = C.cookies[j];
        if (c.refused.indexOf(row.category) >= 0 && matches(name, row)) expire(name);
      }
    }
  }
  function detail(c) {
    return c && { id: c.id, revision: c.revision, time: c.time, accepted: c.accepted.slice(), refused: c.refused.slice() };
  }
  function fire(type, c) {
    try { win.dispatchEvent(new CustomEvent(type, { detail: detail(c) })); } catch (e) { err('listener failed', e); }
  }
  // settle takes a new choice into account on this page.
  function settle(c, changed, raw) {
    var prev = current;
    current = c;
    dropShell();
    activate();
    clear(c, raw);
    consentMode(c);
    fire('charte:consent', c);
    if (changed) {
      fire('charte:change', c);
      for (var i = 0; i < listeners.length; i++) {
        try { listeners[i](detail(c), detail(prev)); } catch (e) { err('onChange callback failed', e); }
      }
    }
  }
  function same(a, b) { return !!a && !!b && a.accepted.join() === b.accepted.join(); }

  // choose records a choice made through the JS API or the shell; source
  // says which, for the proof.
  function choose(list, source) {
    var acc = [], ref = [];
    for (var i = 0; i < C.categories.length; i++) {
      var c = C.categories[i];
      (c.required || list.indexOf(c.id) >= 0 ? acc : ref).push(c.id);
    }
    var value = newValue(acc, ref, Math.floor(Date.now() / 1000));
    write(value);
    return saved(value, source);
  }
  // saved is called once a new value is in the cookie (by Go or by choose),
  // with how the choice was given (banner, preferences, api…).
  function saved(value, source) {
    var r = read();
    if (r.count > 1) write(value);
    var c = parse(value);
    if (!c) { err('the choice could not be stored: is cookies_preferences blocked?'); return null; }
    var changed = !same(current, c);
    settle(c, changed || !current);
    if (widget) widget.then(function (w) { if (w) w.update(value); });
    announce(value);
    proof(c, source);
    return detail(c);
  }

  // --- consent signals: Consent Mode, GPC, other tabs, proof ---
  var gpc = navigator.globalPrivacyControl === true;
  var CM_KEYS = ['ad_storage', 'ad_user_data', 'ad_personalization', 'analytics_storage',
    'functionality_storage', 'personalization_storage', 'security_storage'];
  var signalled = ''; // id of the choice Consent Mode was last updated with

  // gtagCommand pushes what gtag() would: an Arguments object on the host's
  // dataLayer, created if missing. No global gtag is defined, so a host
  // that defines its own later is not disturbed.
  function gtagCommand() {
    if (!win.dataLayer) win.dataLayer = [];
    win.dataLayer.push(arguments);
  }
  // consentMode sends the update for a choice, once per choice.
  function consentMode(c) {
    if (!C.consentMode || !c || c.id === signalled) return;
    signalled = c.id;
    var u = {};
    for (var k in C.consentMode) {
      if (!Object.prototype.hasOwnProperty.call(C.consentMode, k)) continue;
      // A key is granted when one of its categories is accepted.
      var g = C.consentMode[k].some(function (cat) { return c.accepted.indexOf(cat) >= 0; });
      u[k] = g ? 'granted' : 'denied';
    }
    gtagCommand('consent', 'update', u);
  }

  // refusal is what GPC means before any choice: every optional category refused.
  function refusal() {
    var acc = [], ref = [];
    for (var i = 0; i < C.categories.length; i++) (C.categories[i].required ? acc : ref).push(C.categories[i].id);
    return { accepted: acc, refused: ref };
  }

  // Other tabs of the site: saved() announces the new value; a tab that
  // hears it, or comes back into view, re-reads the cookie itself, so a
  // forged message changes nothing.
  var channel = null;
  try { if (win.BroadcastChannel) channel = new win.BroadcastChannel('charte:' + C.site); } catch (e) { channel = null; }
  function announce(value) {
    try { if (channel) channel.postMessage(value); } catch (e) { err('other tabs could not be told', e); }
  }
  function recheck() {
    if (doc.readyState === 'loading') { early = null; return; } // start() reads it again
    var r = read(), c = r.choice;
    if (c && r.count > 1) write(c.value); // one cookie, as start() leaves it
    if (!c || (current && c.id === current.id)) return;
    settle(c, !same(current, c));
    if (widget) widget.then(function (w) { if (w) w.update(c.value); });
  }
  if (channel) channel.addEventListener('message', recheck);
  doc.addEventListener('visibilitychange', function () { if (doc.visibilityState === 'visible') recheck(); });
  win.addEventListener('focus', recheck);

  // proof posts a choice's record to the site's proofEndpoint and, with
  // "proofs" on, to Charte's own receiver beside embed.js. It is
  // fire-and-forget: a failing or hanging endpoint delays nothing. No
  // Referer (the body has the origin and path, never the query), no
  // cookie; keepalive lets it outlive a page the choice navigates away.
  var proofBase = SELF;
  function proof(c, source) {
    var body = JSON.stringify({
      site: C.site, id: c.id, revision: c.revision, time: c.time,
      accepted: c.accepted, refused: c.refused,
      url: location.origin + location.pathname, gpc: gpc,
      source: source, lang: language()
    });
    [C.proofEndpoint, C.proofs && new URL(C.proofs, proofBase)].forEach(function (url) {
      // no-cors with a text/plain body: no preflight, nothing to read back;
      // fetch reports every failure through its promise.
      if (url) {
        fetch(url, { method: 'POST', body: body, mode: 'no-cors', credentials: 'omit', keepalive: true, referrerPolicy: 'no-referrer' })
          .catch(function (e) { console.warn('Charte: proof not sent', e); });
      }
    });
  }

  // --- click-to-load placeholders: gated content that may not load yet
  // gets, in its place, a box that says what it is and allows its
  // category alone. The script that draws them (placeholder.<lang>.js,
  // with the server's prerendered markup) loads only when needed; it also
  // draws the reopen button of a site that wants one, after a choice. An
  // element marked data-charte-placeholder gets charte:allowed once its
  // category is accepted: the page builds its content then. ---
  var phScan = null, phAsked = 0;
  function placeholders() {
    if (phScan) phScan();
    var els = doc.querySelectorAll('iframe[data-category][data-src], [data-charte-placeholder][data-category]'), need = 0;
    for (var i = 0; i < els.length; i++) {
      var el = els[i], cat = el.getAttribute('data-category');
      if (el.hasAttribute('data-charte-done')) continue;
      if (!accepted(current, cat)) need = 1;
      else if (el.tagName !== 'IFRAME') {
        el.setAttribute('data-charte-done', '');
        el.dispatchEvent(new CustomEvent('charte:allowed', { bubbles: true, detail: { category: cat } })); // a failing listener is only reported
      }
    }
    if ((need || (C.reopen && current)) && !phAsked) {
      phAsked = 1;
      assets();
      var s = doc.createElement('script');
      s.src = C.shell.replace(/shell\.$/, 'placeholder.') + language() + '.js'; // beside the shell
      win.__chartePlaceholder = {
        // The accepted categories; none before a choice.
        current: function () { return current ? current.accepted.slice() : []; },
        choose: function (list) { choose(list, 'placeholder'); },
        prefs: function () { loadWidget('prefs'); },
        ready: function (scan) { phScan = scan; scan(); }
      };
      (doc.head || doc.documentElement).appendChild(s);
    }
  }

  var early = null; // what embed.js read as it ran

  // Now, before any later script of the page runs: the Consent Mode
  // default, then the stored choice's update, and the clean-up.
  (function () {
    if (C.consentMode) {
      var d = {};
      for (var i = 0; i < CM_KEYS.length; i++) d[CM_KEYS[i]] = CM_KEYS[i] === 'security_storage' ? 'granted' : 'denied';
      d.wait_for_update = 500;
      gtagCommand('consent', 'default', d);
    }
    var r = early = read(), c = r.choice;
    if (c) {
      consentMode(c);
      clear(c, r.raw);
    } else if (gpc) {
      clear(refusal(), r.raw);
    }
  })();

  // --- the widget (first visit, or opened on demand) ---
  function needsBanner() {
    if (C.needsConsent) return true;
    var els = doc.querySelectorAll('[data-category]');
    for (var i = 0; i < els.length; i++) {
      var cs = els[i].getAttribute('data-category').split(/\s+/);
      for (var j = 0; j < cs.length; j++) {
        for (var k = 0; k < C.categories.length; k++) {
          if (C.categories[k].id === cs[j] && !C.categories[k].required) return true;
        }
      }
    }
    return false;
  }
  function language() {
    var want = [doc.documentElement.lang].concat(navigator.languages || [navigator.language]);
    for (var i = 0; i < want.length; i++) {
      var l = (want[i] || '').toLowerCase().split('-')[0];
      if (C.languages.indexOf(l) >= 0) return l;
    }
    return C.defaultLanguage;
  }
  // --- when the widget's bytes come, and when it starts ---
  // The wasm is large and its start holds the main thread: nothing of it
  // is fetched before the host page's load event, and it runs only when
  // the visitor asks for more than the banner (intent) or when the shell
  // could not be shown. After load, when the browser is idle, the loader,
  // the wasm (compiled, not run) and the inventory are fetched at low
  // priority, unless the visitor asked to save data.
  var entry = null; // Promise of the loader's entry point
  function loaderEntry() {
    if (entry) return entry;
    assets();
    entry = new Promise(function (resolve, reject) {
      var s = doc.createElement('script');
      s.src = C.loader; // async and low priority, as an added script is
      s.onerror = function () { reject(C.loader); };
      s.onload = function () {
        var load = win.__charteLoad;
        try { delete win.__charteLoad; } catch (e) { win.__charteLoad = undefined; }
        (load ? resolve : reject)(load);
      };
      (doc.head || doc.documentElement).appendChild(s);
    });
    return entry;
  }
  // idle prefetches once the page's load event has come and the browser
  // is idle.
  function idle() {
    if (doc.readyState !== 'complete') win.addEventListener('load', idle);
    else if (win.requestIdleCallback) win.requestIdleCallback(prefetch, { timeout: 2000 });
    else setTimeout(prefetch, 300);
  }
  function prefetch() {
    if (entry || current || (navigator.connection || {}).saveData) return;
    loaderEntry().then(function (load) { return load.fetch(C, true); }).catch(function (e) {
      // A widget that cannot come fails closed now, not on a later click;
      // a start under way reports it itself.
      if (!widget) widget = Promise.resolve(failed(e)).then(takeOver);
    });
  }
  // intent starts the widget when the visitor points at, focuses or touches
  // a control that needs it, so that its click finds it ready or nearly.
  function intent(e) {
    // A touch's pointerover comes just before its click: starting the
    // widget then would hold the click's feedback back.
    if (e.pointerType !== 'touch' && e.target.closest('[data-charte-action=prefs],.charte-link,[data-charte=open]')) loadWidget('');
  }
  function watchIntent(target) {
    // A touch sends pointerover too.
    target.addEventListener('pointerover', intent);
    target.addEventListener('focusin', intent);
  }
  function failed(e) { err('the widget failed to start', e); }
  function loadWidget(modal) {
    if (widget) return widget.then(function (w) { if (w && modal) w.open(modal); return w; });
    widget = loaderEntry().then(function (load) {
      return load({
        config: C, lang: language(), modal: modal || '',
        // Read when the wasm starts: a choice made on the shell counts.
        get banner() { return !current; },
        get current() { return current ? current.value : ''; },
        gpc: navigator.globalPrivacyControl === true,
        host: shell && shell.host, mount: shell && shell.mount, shown: shell && shell.shown,
        saved: saved
      });
    }).then(null, failed).then(takeOver);
    return widget;
  }

  // --- the shell: on a first visit the banner is shown at once, from HTML
  // the server prerendered with the widget's own components. go-app
  // replaces the mount's first element child, the shell, with the same
  // tree when the widget starts. A click on the shell is not lost: a
  // choice is made here at once, a dialog opens when the widget is ready. ---
  var shell = null, pending = '';
  function firstVisit() {
    if (!shell) {
      assets();
      var host = doc.createElement('charte-consent'), mount = doc.createElement('div');
      var root = host.attachShadow({ mode: 'open' });
      mount.appendChild(doc.createElement('div'));
      root.appendChild(mount);
      root.addEventListener('click', onShell);
      watchIntent(root);
      shell = { host: host, mount: mount };
      shell.shown = fetch(C.shell + language() + (gpc ? '.gpc' : '') + '.html', { credentials: 'omit' }).then(function (r) {
        return r.ok ? r.text() : '';
      }).then(null, function () { return ''; }).then(function (html) {
        var old = mount.firstElementChild;
        // Not when the wasm or a choice came first.
        if (current || !old || old.attributes.length || old.firstChild) return;
        // Without a shell to show, the widget shows the banner itself.
        if (!html) { loadWidget(''); return; }
        var t = doc.createElement('template');
        t.innerHTML = html;
        var el = t.content.firstElementChild;
        el.setAttribute('data-charte-shell', '');
        mount.replaceChild(el, old);
        focusShell();
      });
      idle();
    }
    if (doc.body && !shell.host.parentNode) {
      doc.body.appendChild(shell.host);
      focusShell();
    }
  }
  // focusShell moves focus to the banner, as the widget does when it
  // shows it, unless the visitor is already somewhere in the page.
  // dropShell takes the prerendered banner away once a choice is known.
  function dropShell() {
    var el = shell && shell.mount.querySelector('[data-charte-shell]');
    if (el) el.replaceWith(doc.createElement('div'));
  }
  function focusShell() {
    // Off the page (before <body>) focus() does nothing; fixed: no scroll.
    var b = shell.mount.querySelector('.charte-banner');
    if (b && doc.activeElement === doc.body) b.focus();
  }
  function onShell(e) {
    var b = e.target.closest && e.target.closest('[data-charte-shell] [data-charte-action]');
    if (!b) return;
    var a = b.getAttribute('data-charte-action');
    if (a === 'accept' || a === 'reject') {
      choose(a === 'accept' ? C.categories.map(function (c) { return c.id; }) : [], 'banner');
    } else {
      // The dialog needs the widget: the button says it is coming.
      pending = a;
      b.setAttribute('aria-busy', 'true');
      loadWidget('');
    }
  }
  // takeOver opens the dialog asked for on the shell; a widget that could
  // not start takes its shell away (fail closed).
  function takeOver(w) {
    if (w && pending) w.open(pending);
    else if (!w && shell && shell.host.parentNode) shell.host.parentNode.removeChild(shell.host);
    pending = '';
    return w;
  }

  function start() {
    // What embed.js read as it ran still holds unless another tab spoke.
    var r = early || read();
    current = r.choice;
    if (current) {
      if (r.count > 1) write(current.value);
      settle(current, false, r.raw);
    } else if (needsBanner()) {
      firstVisit();
    }
    placeholders();
    // Gated elements added later run too once accepted.
    if (win.MutationObserver) new MutationObserver(function () { activate(); }).observe(doc.documentElement, { childList: true, subtree: true });
    doc.addEventListener('click', function (e) {
      var t = e.target && e.target.closest && e.target.closest('[data-charte="open"]');
      if (!t) return;
      e.preventDefault();
      loadWidget('prefs');
    });
    watchIntent(doc);
    readyResolve(detail(current));
  }

  win.charte = {
    version: 1,
    ready: ready,
    get: function () { return detail(current); },
    show: function () { return loadWidget('prefs').then(function () {}); },
    acceptAll: function () { return choose(C.categories.map(function (c) { return c.id; }), 'api'); },
    rejectAll: function () { return choose([], 'api'); },
    accept: function (list) { return choose(list || [], 'api'); },
    onChange: function (fn) { if (typeof fn === 'function') listeners.push(fn); }
  };
  if (doc.readyState === 'loading') {
    // A first visit shows the shell before the page is parsed.
    if (C.needsConsent && !early.choice) firstVisit();
    doc.addEventListener('DOMContentLoaded', start);
  } else start();
})();
