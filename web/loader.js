/* Charte widget loader. embed.js adds it only when the visitor must be
   asked (or opens the preferences). It mounts <charte-consent> with an open
   shadow root at the end of <body> and runs the go-app client there.

   go-app assumes it owns the page (document.body, window.onclick,
   onpopstate, goapp* globals, localStorage, a service worker). Go's
   wasm_exec.js is therefore run with `globalThis` bound to a proxy of
   window: the proxy's document.body is the mount point in the shadow root,
   writes to globals stay in a private object, native functions are called
   on the real objects, storage is namespaced and service workers are
   hidden. The host's DOM, globals, links, history and storage stay as they
   were. This relies on go-app internals: go-app is pinned and a browser test
   guards it. The build puts Go's wasm_exec.js where WASM_EXEC stands, so no
   eval is needed. */
(function () {
  'use strict';
  var TAG = 'charte-consent';
  var PREFIX = 'charte:';
  var own = function (o, k) { return Object.prototype.hasOwnProperty.call(o, k); };

  function runWasmExec(globalThis, fs) {
    /*WASM_EXEC*/
  }

  // bound returns value bound to real when it is a plain function, so a
  // native method called through the proxy gets its real receiver.
  // Constructors (they have a prototype) are left alone for `new` and their
  // static members.
  function binder(real) {
    var cache = new WeakMap();
    return function (value) {
      if (typeof value !== 'function' || own(value, 'prototype')) return value;
      var b = cache.get(value);
      if (!b) { b = value.bind(real); cache.set(value, b); }
      return b;
    };
  }

  // overlay is a proxy of real whose private properties shadow it; writes
  // stay private unless passThrough(key).
  function overlay(real, priv, hidden, passThrough) {
    var bind = binder(real);
    return new Proxy(priv, {
      get: function (t, k) {
        if (own(t, k)) return t[k];
        if (hidden && hidden.indexOf(k) >= 0) return undefined;
        return bind(Reflect.get(real, k));
      },
      set: function (t, k, v) {
        if (!own(t, k) && passThrough && passThrough(k)) return Reflect.set(real, k, v);
        t[k] = v;
        return true;
      },
      has: function (t, k) { return own(t, k) || (!(hidden && hidden.indexOf(k) >= 0) && k in real); },
      deleteProperty: function (t, k) { delete t[k]; return true; }
    });
  }

  // storage shows go-app only the keys it wrote, prefixed in the real
  // storage; the host's keys are neither read nor written. Memory when the
  // real storage is refused.
  function storage(get) {
    var real = null, mem = {};
    try { real = get(); real.length; } catch (e) { real = null; }
    function keys() {
      if (!real) return Object.keys(mem);
      var out = [];
      for (var i = 0; i < real.length; i++) {
        var k = real.key(i);
        if (k && k.indexOf(PREFIX) === 0) out.push(k.slice(PREFIX.length));
      }
      return out;
    }
    return {
      get length() { return keys().length; },
      key: function (i) { var ks = keys(); return i >= 0 && i < ks.length ? ks[i] : null; },
      getItem: function (k) { return real ? real.getItem(PREFIX + k) : (own(mem, k) ? mem[k] : null); },
      setItem: function (k, v) { if (real) real.setItem(PREFIX + k, String(v)); else mem[k] = String(v); },
      removeItem: function (k) { if (real) real.removeItem(PREFIX + k); else delete mem[k]; },
      clear: function () { var ks = keys(); for (var i = 0; i < ks.length; i++) this.removeItem(ks[i]); }
    };
  }

  function sandbox(shadow, mount, charteBoot) {
    var g = Object.create(null);
    var doc = overlay(document, {
      body: mount,
      getElementById: function (id) { return shadow.getElementById(id); }
    }, null, function (k) { return k === 'cookie'; });
    var nav = overlay(navigator, Object.create(null), ['serviceWorker']);
    var win = overlay(window, g);
    var env = { GOAPP_VERSION: '', GOAPP_STATIC_RESOURCES_URL: '', GOAPP_ROOT_PREFIX: '', GOAPP_INTERNAL_URLS: '[]' };
    var noop = function () {};
    var BC = window.BroadcastChannel;
    Object.assign(g, {
      window: win, self: win, globalThis: win, document: doc, navigator: nav,
      localStorage: storage(function () { return window.localStorage; }),
      sessionStorage: storage(function () { return window.sessionStorage; }),
      BroadcastChannel: BC && function (name) { return new BC(PREFIX + name); },
      Go: undefined, fs: undefined, process: undefined, path: undefined,
      onclick: null, onpopstate: null, onresize: null,
      charteBoot: charteBoot,
      goappEnv: env,
      goappGetenv: function (k) { return own(env, k) ? env[k] : undefined; },
      goappNav: noop, goappOnUpdate: noop, goappOnAppInstallChange: noop,
      goappUpdatedBeforeWasmLoaded: false, goappAppInstallChangedBeforeWasmLoaded: false,
      goappTryUpdate: noop, goappShowInstallPrompt: noop, goappNewNotification: noop,
      goappIsAppInstallable: function () { return false; },
      goappIsAppleBrowser: function () { return false; },
      goappKeepBodyClean: function () { return noop; },
      goappSubscribePushNotifications: function () { return Promise.resolve(''); }
    });
    window.addEventListener('resize', function (e) { if (typeof g.onresize === 'function') g.onresize(e); }, { passive: true });
    return { win: win, globals: g };
  }

  // get fetches url; low puts it behind the page's own requests.
  function get(url, as, low) {
    return fetch(url, { mode: 'cors', credentials: 'omit', priority: low ? 'low' : 'auto' }).catch(function (e) {
      throw new Error('cannot fetch ' + url + ' (' + e.message + ')');
    }).then(function (r) {
      if (!r.ok) throw new Error('cannot fetch ' + url + ' (HTTP ' + r.status + ')');
      return as === 'text' ? r.text() : r;
    });
  }

  function compile(url) {
    var res = get(url);
    if (WebAssembly.compileStreaming) {
      return WebAssembly.compileStreaming(res).catch(function () {
        return get(url).then(function (r) { return r.arrayBuffer(); }).then(WebAssembly.compile);
      });
    }
    return res.then(function (r) { return r.arrayBuffer(); }).then(WebAssembly.compile);
  }

  // warm brings url into the HTTP cache with a <link rel=prefetch>: the
  // browser fetches it at its lowest priority, and its bytes do not go
  // through the page's main thread (a compile would, at its end).
  function warm(url) {
    return new Promise(function (resolve, reject) {
      var l = document.createElement('link');
      l.rel = 'prefetch';
      l.crossOrigin = 'anonymous'; // as get() asks for it: the same cache entry
      l.href = url;
      l.onload = function () { l.remove(); resolve(); };
      l.onerror = function () { l.remove(); reject(new Error('cannot fetch ' + url)); };
      (document.head || document.documentElement).appendChild(l);
    });
  }

  // The smallest module: a page whose CSP forbids WebAssembly refuses it.
  var EMPTY = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]);

  // prefetch, asked for by embed.js when the page is idle, brings the wasm
  // and the inventory and checks that WebAssembly may run here, once,
  // without running anything; load compiles from the cache.
  var inventory = null, warmed = null;
  function prefetch(C) {
    if (!warmed) {
      warmed = Promise.all([warm(C.wasm), WebAssembly.compile(EMPTY)]);
      inventory = get(C.inventory, 'text', true);
    }
    return Promise.all([warmed, inventory]);
  }

  // load starts the widget; it resolves with the handle the Go side gives
  // (open, update), and rejects when anything is missing.
  function load(boot) {
    var C = boot.config;
    // A prefetch under way goes on; the HTTP cache gives both the same bytes.
    var bytes = Promise.all([compile(C.wasm), inventory || get(C.inventory, 'text')]);
    // go-app keeps body and replaces its first element child: on a first
    // visit embed.js made them, and that child is the prerendered banner.
    var host = boot.host, mount = boot.mount;
    if (!host) {
      host = document.createElement(TAG);
      mount = document.createElement('div');
      mount.appendChild(document.createElement('div'));
      host.attachShadow({ mode: 'open' }).appendChild(mount);
    }
    var shadow = host.shadowRoot;
    // focusAt is where focus is in the prerendered banner that go-app
    // replaces (1 + its index among the banner and its buttons; 0:
    // elsewhere), so that the same control keeps it. Without a prerendered
    // banner, the banner gets it.
    function focusAt() {
      var el = mount.querySelector('[data-charte-shell]'), a = shadow.activeElement;
      if (!el) return 1;
      return a && el.contains(a) ? Array.prototype.indexOf.call(el.querySelectorAll('.charte-banner, .charte-banner button'), a) + 1 : 0;
    }
    // embed.js may start this from <head>: the host goes in a parsed body.
    var parsed = document.readyState !== 'loading' ? null : new Promise(function (r) {
      document.addEventListener('DOMContentLoaded', r);
    });
    // Go's start holds the main thread for a while: the shell's banner is
    // painted first (a frame, or 250 ms in a hidden tab).
    return Promise.all([bytes, parsed, boot.shown]).then(function (r) {
      return new Promise(function (done) {
        requestAnimationFrame(function () { setTimeout(done, 0); });
        setTimeout(done, 250);
      }).then(function () { return r; });
    }).then(function (r) {
      return new Promise(function (resolve, reject) {
        var charteBoot = {
          inventory: r[0][1], lang: boot.lang, modal: boot.modal, gpc: boot.gpc,
          banner: boot.banner, current: boot.current,
          get focus() { return focusAt(); }, // read as go-app starts
          saved: boot.saved, ready: resolve
        };
        var box = sandbox(shadow, mount, charteBoot);
        var stdio = { writeSync: function (fd, buf) { return box.globals.fs.writeSync(fd, buf); } };
        runWasmExec(box.win, stdio);
        var go = new box.globals.Go();
        if (!host.parentNode) document.body.appendChild(host);
        WebAssembly.instantiate(r[0][0], go.importObject).then(function (inst) {
          go.run(inst).then(function () { reject(new Error('the widget stopped')); }, reject);
        }, reject);
      });
    }).catch(function (e) {
      if (host.parentNode) host.parentNode.removeChild(host);
      throw e;
    });
  }

  load.fetch = prefetch;
  window.__charteLoad = load;
})();
