// Grahak's offline cache. It only ever touches this site's own files: requests to any other
// origin are not handled (and the app makes none). Customer data is in IndexedDB, not here.
'use strict';
const CACHE = 'grahak-shell-v1';
const SHELL = './';

// Precache the page and every file it names, so the first visit already works offline.
async function precache() {
  const cache = await caches.open(CACHE);
  const res = await fetch(SHELL, { cache: 'no-cache' });
  if (!res.ok) throw new Error('shell fetch failed: ' + res.status);
  const html = await res.clone().text();
  await cache.put(SHELL, res);
  const urls = new Set();
  for (const m of html.matchAll(/(?:href|src)=["']([^"'#]+)["']|["'](\.\/[^"']+\.(?:js|wasm|css))["']/g)) {
    const u = m[1] || m[2];
    if (!/^[a-z][a-z0-9+.-]*:|^\/\//i.test(u)) urls.add(u);
  }
  await cache.addAll([...urls]);
}

self.addEventListener('install', (event) => {
  event.waitUntil(precache().then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const key of await caches.keys()) if (key !== CACHE) await caches.delete(key);
    await self.clients.claim();
  })());
});

function withTimeout(promise, ms) {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error('timeout')), ms);
    promise.then((v) => { clearTimeout(t); resolve(v); }, (e) => { clearTimeout(t); reject(e); });
  });
}

self.addEventListener('fetch', (event) => {
  const req = event.request;
  if (req.method !== 'GET' || new URL(req.url).origin !== self.location.origin) return;
  if (req.mode === 'navigate') {
    // Page: the network first (a new version arrives when online), the cache when offline or
    // when the network is too slow for a seller with a customer waiting.
    event.respondWith((async () => {
      const cache = await caches.open(CACHE);
      try {
        const res = await withTimeout(fetch(req), 3000);
        if (res.ok) await cache.put(SHELL, res.clone());
        return res;
      } catch (e) {
        // Nothing cached yet: wait for the network after all rather than fail.
        return (await cache.match(SHELL)) || fetch(req);
      }
    })());
    return;
  }
  // Assets have content hashes in their names: the cache first, then the network.
  event.respondWith((async () => {
    const cache = await caches.open(CACHE);
    const hit = await cache.match(req);
    if (hit) return hit;
    const res = await fetch(req);
    if (res.ok) cache.put(req, res.clone());
    return res;
  })());
});
