// Grahak's offline cache. It only ever touches this site's own files: requests to any other
// origin are not handled (and the app makes none). Customer data is in IndexedDB, not here.
//
// Each build is its own worker with its own cache: scripts/postbuild.mjs writes the build's
// files and a version made from their contents into the line below. A new version installs
// beside the running one and waits; the page offers "A new version is ready: reload" and asks
// it to take over (a message), and only then is the previous build's cache deleted, so that
// a page of the old build never gets a file of the new one.
'use strict';
const BUILD = { version: 'dev', files: [] };
const PREFIX = 'grahak-';
const CACHE = PREFIX + BUILD.version;
const SHELL = './';

async function precache() {
  const cache = await caches.open(CACHE);
  // `no-cache`: checked with the server, never a stale copy from the browser's HTTP cache.
  await cache.addAll(BUILD.files.map((f) => new Request(f, { cache: 'no-cache' })));
}

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    await precache();
    // The first install has no page of an older build to keep consistent: take over at once.
    const older = (await caches.keys()).some((k) => k.startsWith(PREFIX) && k !== CACHE);
    if (!older) await self.skipWaiting();
  })());
});

self.addEventListener('message', (event) => {
  if (event.data === 'take-over') self.skipWaiting();
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
    // The page of this build: it names exactly the files this cache holds. The network only
    // when nothing is cached yet (a development build); a new build arrives as a new worker.
    event.respondWith((async () => {
      const cache = await caches.open(CACHE);
      const hit = await cache.match(SHELL);
      if (hit) return hit;
      return withTimeout(fetch(req), 10000);
    })());
    return;
  }
  // This build's files from its cache, anything else from the network.
  event.respondWith((async () => {
    const cache = await caches.open(CACHE);
    const hit = await cache.match(req, { ignoreSearch: true });
    return hit || fetch(req);
  })());
});
