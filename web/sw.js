/* Charte's service worker for one site's policy page (/s/<site>/). After
   one visit the page, embed.js, the loader, the wasm and the inventory load
   offline. The cache name carries a hash of what it holds: a changed file
   makes a new worker, which fills a new cache and deletes the old one.
   Files are asked from the network first, so an update shows as soon as
   the visitor is online; content-hashed files come from the cache. */
'use strict';
var C = /*CHARTE_SW*/null;
var PREFIX = 'charte:' + C.site + ':';
var CACHE = PREFIX + C.version;
function abs(u) { return new URL(u, self.location.href).href; }
var URLS = C.urls.map(abs), IMMUTABLE = C.immutable.map(abs);

self.addEventListener('install', function (e) {
  e.waitUntil(caches.open(CACHE).then(function (c) {
    // reload: the HTTP cache may hold the previous version.
    return c.addAll(URLS.map(function (u) { return new Request(u, { cache: 'reload' }); }));
  }).then(function () { return self.skipWaiting(); }));
});

self.addEventListener('activate', function (e) {
  e.waitUntil(caches.keys().then(function (keys) {
    return Promise.all(keys.filter(function (k) {
      return k.indexOf(PREFIX) === 0 && k !== CACHE;
    }).map(function (k) { return caches.delete(k); }));
  }).then(function () { return self.clients.claim(); }));
});

function cached(url) {
  return caches.open(CACHE).then(function (c) { return c.match(url, { ignoreVary: true }); });
}

self.addEventListener('fetch', function (e) {
  var req = e.request;
  if (req.method !== 'GET') return;
  var url = req.url.split('#')[0];
  if (req.mode === 'navigate') url = url.split('?')[0];
  if (URLS.indexOf(url) < 0) return; // not ours: the browser fetches it
  if (IMMUTABLE.indexOf(url) >= 0) {
    e.respondWith(cached(url).then(function (r) { return r || fetch(req); }));
    return;
  }
  e.respondWith(fetch(req).then(function (res) {
    if (res.ok && !res.redirected) {
      var copy = res.clone();
      e.waitUntil(caches.open(CACHE).then(function (c) { return c.put(url, copy); }));
    }
    return res;
  }, function () {
    return cached(url).then(function (r) { return r || Response.error(); });
  }));
});
