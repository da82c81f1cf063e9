/* The widget's bytes: the wasm and the inventory, fetched without
   credentials. The idle prefetch fetches the wasm at low priority and
   compiles it as it streams in, off the main thread in every engine that
   has WebAssembly.compileStreaming; the visitor's tap then instantiates
   that module and compiles nothing. */

// mark leaves a performance mark for the bench's breakdown of a tap.
export function mark(name) {
  if (window.performance && performance.mark) performance.mark('charte:' + name);
}

// get fetches url; low puts it behind the page's own requests, and signal
// (an AbortSignal) lets embed.js stop it.
export function get(url, as, low, signal) {
  return fetch(url, { mode: 'cors', credentials: 'omit', priority: low ? 'low' : 'auto', signal: signal }).catch((e) => {
    if (e && e.name === 'AbortError') throw e;
    throw new Error('cannot fetch ' + url + ' (' + e.message + ')');
  }).then((r) => {
    if (!r.ok) throw new Error('cannot fetch ' + url + ' (HTTP ' + r.status + ')');
    return as === 'text' ? r.text() : r;
  });
}

// compile is the compiled module of the wasm at url. A response whose type
// compileStreaming refuses (a proxy that rewrites Content-Type) is
// compiled whole; an aborted fetch stays aborted.
function compile(url, low, signal) {
  mark('fetch-start');
  const res = get(url, '', low, signal);
  const whole = (r) => r.arrayBuffer().then((b) => { mark('fetch-end'); return WebAssembly.compile(b); });
  const m = WebAssembly.compileStreaming
    ? WebAssembly.compileStreaming(res).catch((e) => {
      if (e && e.name === 'AbortError') throw e;
      return get(url, '', low, signal).then(whole);
    })
    : res.then(whole);
  return m.then((mod) => { mark('compiled'); return mod; });
}

// The smallest module: a page whose CSP forbids WebAssembly refuses it.
const EMPTY = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]);

// prefetched holds what the prefetch started: the module and the
// inventory, or null when none ran or it was stopped.
const prefetched = { module: null, inventory: null };

// prefetch, asked for by embed.js when the page has been idle a while,
// checks that WebAssembly may run here, then fetches and compiles the wasm
// and fetches the inventory, without running anything. signal aborts both:
// the visitor chose on the banner, so no more bytes are needed.
export function prefetch(C, signal) {
  if (!prefetched.module) {
    const m = WebAssembly.compile(EMPTY).then(() => compile(C.wasm, true, signal));
    const inv = get(C.inventory, 'text', true, signal);
    prefetched.module = m;
    prefetched.inventory = inv;
    // A stopped or failed prefetch leaves nothing for a later start to
    // reuse: that start fetches again, and reports its own failure.
    const drop = () => { prefetched.module = null; prefetched.inventory = null; };
    m.catch(drop);
    inv.catch(drop);
  }
  return Promise.all([prefetched.module, prefetched.inventory]);
}

// bytes is the compiled wasm and the inventory's text: the prefetch's,
// when one is under way or done, else fetched now.
export function bytes(C) {
  const p = prefetched;
  const fresh = () => Promise.all([compile(C.wasm, false), get(C.inventory, 'text')]);
  if (!p.module) return fresh();
  return Promise.all([p.module, p.inventory]).catch(fresh);
}
