/* The widget's bytes: the wasm and the inventory, fetched without
   credentials; prefetched at low priority when the page is idle. */

// get fetches url; low puts it behind the page's own requests.
export function get(url, as, low) {
  return fetch(url, { mode: 'cors', credentials: 'omit', priority: low ? 'low' : 'auto' }).catch((e) => {
    throw new Error('cannot fetch ' + url + ' (' + e.message + ')');
  }).then((r) => {
    if (!r.ok) throw new Error('cannot fetch ' + url + ' (HTTP ' + r.status + ')');
    return as === 'text' ? r.text() : r;
  });
}

function compile(url) {
  const res = get(url);
  const whole = (r) => r.arrayBuffer().then((b) => WebAssembly.compile(b));
  if (WebAssembly.compileStreaming) {
    return WebAssembly.compileStreaming(res).catch(() => get(url).then(whole));
  }
  return res.then(whole);
}

// warm brings url into the HTTP cache with a <link rel=prefetch>: the
// browser fetches it at its lowest priority, and its bytes do not go
// through the page's main thread (a compile would, at its end).
function warm(url) {
  return new Promise((resolve, reject) => {
    const l = document.createElement('link');
    l.rel = 'prefetch';
    l.crossOrigin = 'anonymous'; // as get() asks for it: the same cache entry
    l.href = url;
    l.onload = () => { l.remove(); resolve(); };
    l.onerror = () => { l.remove(); reject(new Error('cannot fetch ' + url)); };
    (document.head || document.documentElement).appendChild(l);
  });
}

// The smallest module: a page whose CSP forbids WebAssembly refuses it.
const EMPTY = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]);

// prefetched holds what prefetch started, once.
const prefetched = { warmed: null, inventory: null };

// prefetch, asked for by embed.js when the page is idle, brings the wasm
// and the inventory and checks that WebAssembly may run here, once,
// without running anything; bytes then compiles from the cache.
export function prefetch(C) {
  if (!prefetched.warmed) {
    prefetched.warmed = Promise.all([warm(C.wasm), WebAssembly.compile(EMPTY)]);
    prefetched.inventory = get(C.inventory, 'text', true);
  }
  return Promise.all([prefetched.warmed, prefetched.inventory]);
}

// bytes is the compiled wasm and the inventory's text. A prefetch under
// way goes on; the HTTP cache gives both the same bytes.
export function bytes(C) {
  return Promise.all([compile(C.wasm), prefetched.inventory || get(C.inventory, 'text')]);
}
