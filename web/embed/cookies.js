/* Cookies on the host page: the choice written with its attributes, and
   the cookies of refused categories deleted, every copy of them on every
   domain and path this page can reach. */
import { C, NAME } from './config.js';
import { state } from './state.js';

function domains() {
  const host = location.hostname, out = [''];
  if (/^[0-9.]+$/.test(host) || host.indexOf('.') < 0) return out;
  const labels = host.split('.');
  for (let i = 0; i < labels.length - 1; i++) out.push('.' + labels.slice(i).join('.'));
  return out;
}

function paths() {
  const out = ['/'], segs = location.pathname.split('/');
  let p = '';
  for (let i = 1; i < segs.length; i++) {
    if (!segs[i]) continue;
    p += '/' + segs[i];
    out.push(p, p + '/');
  }
  return out;
}

function expire(name) {
  const ds = domains(), ps = paths();
  for (let i = 0; i < ds.length; i++) {
    for (let j = 0; j < ps.length; j++) {
      document.cookie = name + '=; Max-Age=0; Path=' + ps[j] + (ds[i] ? '; Domain=' + ds[i] : '');
    }
  }
}

// cookieDomain is the site's cookie domain when this page is under it.
function cookieDomain() {
  const d = C.cookieDomain, h = location.hostname, bare = (d || '').replace(/^\./, '');
  return d && (h === bare || h.slice(-bare.length - 1) === '.' + bare) ? d : '';
}

// attributes returns the Set-Cookie attributes of the choice.
function attributes() {
  const d = cookieDomain();
  return '; Path=/; Max-Age=' + C.lifetimeDays * 86400 + '; SameSite=Lax' +
    (d ? '; Domain=' + d : '') + (location.protocol === 'https:' ? '; Secure' : '');
}

// write stores a choice's value as the one cookie of its name.
export function write(value) {
  state.news++; // what embed.js read before is stale now
  expire(NAME); // no stale copy on another path or domain may shadow it
  document.cookie = NAME + '=' + value + attributes();
}

// single leaves one cookie when a read found several copies.
export function single(r) {
  if (r.choice && r.count > 1) write(r.choice.value);
}

function matches(name, row) {
  if (row.names && row.names.indexOf(name) >= 0) return true;
  if (!row.pattern) return false;
  const re = new RegExp('^' + row.pattern.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*') + '$');
  return re.test(name);
}

// clear deletes the cookies of the categories c refuses, every copy; raw
// is document.cookie when the caller has just read it.
export function clear(c, raw) {
  if (!c || !c.refused.length) return;
  if (raw === undefined) raw = document.cookie;
  const parts = raw ? raw.split('; ') : [];
  for (let i = 0; i < parts.length; i++) {
    const name = parts[i].split('=')[0];
    for (let j = 0; j < C.cookies.length; j++) {
      const row = C.cookies[j];
      if (c.refused.indexOf(row.category) >= 0 && matches(name, row)) expire(name);
    }
  }
}
