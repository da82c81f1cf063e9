/* The cookie value: the same rules as Go's consent package. A choice is
   { id, revision, t, time, accepted, refused, value }. */
import { C, NAME } from './config.js';
import { state } from './state.js';

const VALUE = /^v=1&id=([0-9a-f]{32})&rev=([1-9][0-9]{0,11})&t=([1-9][0-9]{0,11})&acc=([a-z0-9.-]*)&ref=([a-z0-9.-]*)$/;
const CAT = /^[a-z][a-z0-9-]{0,31}$/;
const MAXLEN = 2048; // Go's bound too: what Charte writes stays under it

function ids(s) {
  if (s === '') return [];
  const out = s.split('.');
  for (let i = 0; i < out.length; i++) {
    if (!CAT.test(out[i]) || out.indexOf(out[i]) !== i) return null;
  }
  return out;
}

// parse is the choice a value holds for this site now, or null.
export function parse(value) {
  const m = value && value.length <= MAXLEN && VALUE.exec(value);
  if (!m) return null;
  const acc = ids(m[4]), ref = ids(m[5]);
  if (!acc || !ref) return null;
  const t = +m[3], now = Date.now() / 1000;
  if (+m[2] !== C.revision || t > now + 86400 || now >= t + C.lifetimeDays * 86400) return null;
  if (acc.length + ref.length !== C.categories.length) return null;
  for (let i = 0; i < C.categories.length; i++) {
    const c = C.categories[i], a = acc.indexOf(c.id) >= 0, r = ref.indexOf(c.id) >= 0;
    if (a === r || (c.required && r)) return null;
  }
  return { id: m[1], revision: +m[2], t: t, time: new Date(t * 1000).toISOString(), accepted: acc, refused: ref, value: value };
}

// Each read of document.cookie asks the browser process: a page view
// reads it as few times as it can.
function values(raw) {
  const out = [], parts = raw ? raw.split('; ') : [];
  for (let i = 0; i < parts.length; i++) {
    const eq = parts[i].indexOf('=');
    if (parts[i].slice(0, eq) === NAME) out.push(parts[i].slice(eq + 1));
  }
  return out;
}

// read returns the choice the values that hold give together (merge), how
// many values exist, and document.cookie as read.
export function read() { return fromRaw(document.cookie); }

function fromRaw(raw) {
  const vs = values(raw), valid = [];
  for (let i = 0; i < vs.length; i++) {
    const c = parse(vs[i]);
    if (c) valid.push(c);
  }
  return { choice: merge(valid), count: vs.length, raw: raw };
}

// readLater calls back with what read() returns. Reading document.cookie
// holds the page up while the browser answers; the Cookie Store API
// answers in a later task, so the page goes on meanwhile. A choice
// written, or heard of, before the answer makes it stale: then, and where
// the browser has no cookie store, document.cookie is read.
export function readLater(cb) {
  const store = window.cookieStore, news = state.news;
  let asked;
  try { asked = store && store.getAll(); } catch (e) { asked = null; }
  if (!asked) { cb(read()); return; }
  asked.then((list) => {
    cb(state.news === news ? fromRaw(list.map((c) => c.name + '=' + c.value).join('; ')) : read());
  }, () => { cb(read()); });
}

// merge: any page of a sibling subdomain can set a copy of the cookie,
// so a copy may take consent away but never add it. A category counts as
// accepted only if every value accepts it; the result is the newest value
// that says exactly that (the first of equals), else a new choice dated
// as the oldest value. Go's consent.Merge is the same rule.
function merge(cs) {
  if (cs.length < 2) return cs[0] || null;
  const all = C.categories.map((c) => c.id).filter((id) => cs.every((c) => c.accepted.indexOf(id) >= 0));
  let oldest = cs[0].t, best = null;
  for (let i = 0; i < cs.length; i++) {
    if (cs[i].t < oldest) oldest = cs[i].t;
    if (cs[i].accepted.length === all.length && (!best || cs[i].t > best.t)) best = cs[i];
  }
  return best || parse(newValue(all, oldest));
}

// sides splits the site's categories into those a choice of list accepts
// (a required one always) and those it refuses.
export function sides(list) {
  const s = { accepted: [], refused: [] };
  C.categories.forEach((c) => { (c.required || list.indexOf(c.id) >= 0 ? s.accepted : s.refused).push(c.id); });
  return s;
}

// newValue is the cookie value of a choice of list made at t (seconds),
// with a fresh random id.
export function newValue(list, t) {
  const s = sides(list), rnd = new Uint8Array(16);
  let id = '';
  crypto.getRandomValues(rnd);
  for (let j = 0; j < 16; j++) id += (rnd[j] + 256).toString(16).slice(1);
  return 'v=1&id=' + id + '&rev=' + C.revision + '&t=' + t + '&acc=' + s.accepted.join('.') + '&ref=' + s.refused.join('.');
}

// accepted reports whether choice c accepts every category that cat (a
// data-category attribute) lists.
export function accepted(c, cat) {
  if (!c) return false;
  const need = (cat || '').split(/\s+/).filter(Boolean);
  for (let i = 0; i < need.length; i++) if (c.accepted.indexOf(need[i]) < 0) return false;
  return need.length > 0;
}
