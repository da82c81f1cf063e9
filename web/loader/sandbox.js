/* The widget's stand-in window. go-app assumes it owns the page
   (document.body, window.onclick, onpopstate, goapp* globals, localStorage,
   a service worker). Go's wasm_exec.js is therefore run with `globalThis`
   bound to a proxy of window: the proxy's document.body is the mount point
   in the shadow root, writes to globals stay in a private object, native
   functions are called on the real objects, storage is namespaced and
   service workers are hidden. The host's DOM, globals, links, history and
   storage stay as they were. This relies on go-app internals: go-app is
   pinned and a browser test guards it. */
const PREFIX = 'charte:';
const own = (o, k) => Object.prototype.hasOwnProperty.call(o, k);

// binder returns a function that binds a value to real when it is a plain
// function, so a native method called through the proxy gets its real
// receiver. Constructors (they have a prototype) are left alone for `new`
// and their static members.
function binder(real) {
  const cache = new WeakMap();
  return (value) => {
    if (typeof value !== 'function' || own(value, 'prototype')) return value;
    let b = cache.get(value);
    if (!b) { b = value.bind(real); cache.set(value, b); }
    return b;
  };
}

// overlay is a proxy of real whose private properties shadow it; writes
// stay private unless passThrough(key).
function overlay(real, priv, hidden, passThrough) {
  const bind = binder(real);
  const isHidden = (k) => !!hidden && hidden.indexOf(k) >= 0;
  return new Proxy(priv, {
    get: (t, k) => {
      if (own(t, k)) return t[k];
      if (isHidden(k)) return undefined;
      return bind(Reflect.get(real, k));
    },
    set: (t, k, v) => {
      if (!own(t, k) && passThrough && passThrough(k)) return Reflect.set(real, k, v);
      t[k] = v;
      return true;
    },
    has: (t, k) => own(t, k) || (!isHidden(k) && k in real),
    deleteProperty: (t, k) => { delete t[k]; return true; }
  });
}

// storage shows go-app only the keys it wrote, prefixed in the real
// storage; the host's keys are neither read nor written. Memory when the
// real storage is refused.
function storage(get) {
  let real = null;
  const mem = {};
  try { real = get(); real.length; } catch (e) { real = null; }
  function keys() {
    if (!real) return Object.keys(mem);
    const out = [];
    for (let i = 0; i < real.length; i++) {
      const k = real.key(i);
      if (k && k.indexOf(PREFIX) === 0) out.push(k.slice(PREFIX.length));
    }
    return out;
  }
  return {
    get length() { return keys().length; },
    key: (i) => { const ks = keys(); return i >= 0 && i < ks.length ? ks[i] : null; },
    getItem: (k) => (real ? real.getItem(PREFIX + k) : (own(mem, k) ? mem[k] : null)),
    setItem: (k, v) => { if (real) real.setItem(PREFIX + k, String(v)); else mem[k] = String(v); },
    removeItem: (k) => { if (real) real.removeItem(PREFIX + k); else delete mem[k]; },
    clear() { keys().forEach((k) => { this.removeItem(k); }); }
  };
}

// sandbox is the stand-in window (win) for a widget mounted in shadow's
// mount, with the hand-over as its global charteBoot, and its private
// globals.
export function sandbox(shadow, mount, charteBoot) {
  const g = Object.create(null);
  const doc = overlay(document, {
    body: mount,
    getElementById: (id) => shadow.getElementById(id)
  }, null, (k) => k === 'cookie');
  const nav = overlay(navigator, Object.create(null), ['serviceWorker']);
  const win = overlay(window, g);
  const env = { GOAPP_VERSION: '', GOAPP_STATIC_RESOURCES_URL: '', GOAPP_ROOT_PREFIX: '', GOAPP_INTERNAL_URLS: '[]' };
  const noop = () => {};
  const BC = window.BroadcastChannel;
  Object.assign(g, {
    window: win, self: win, globalThis: win, document: doc, navigator: nav,
    localStorage: storage(() => window.localStorage),
    sessionStorage: storage(() => window.sessionStorage),
    BroadcastChannel: BC && function (name) { return new BC(PREFIX + name); },
    Go: undefined, fs: undefined, process: undefined, path: undefined,
    onclick: null, onpopstate: null, onresize: null,
    charteBoot: charteBoot,
    goappEnv: env,
    goappGetenv: (k) => (own(env, k) ? env[k] : undefined),
    goappNav: noop, goappOnUpdate: noop, goappOnAppInstallChange: noop,
    goappUpdatedBeforeWasmLoaded: false, goappAppInstallChangedBeforeWasmLoaded: false,
    goappTryUpdate: noop, goappShowInstallPrompt: noop, goappNewNotification: noop,
    goappIsAppInstallable: () => false,
    goappIsAppleBrowser: () => false,
    goappKeepBodyClean: () => noop,
    goappSubscribePushNotifications: () => Promise.resolve('')
  });
  window.addEventListener('resize', (e) => { if (typeof g.onresize === 'function') g.onresize(e); }, { passive: true });
  return { win: win, globals: g };
}
