/// <reference types="@sveltejs/kit" />
/// <reference no-default-lib="true"/>
/// <reference lib="esnext" />
/// <reference lib="webworker" />
// Offline shell: precache the built app and static files at install; serve them cache-first
// (they are content-hashed or versioned), and answer navigations network-first with the cached
// shell as the fallback, so the app opens with no network at all.
import { build, files, version } from '$service-worker';

const sw = self as unknown as ServiceWorkerGlobalScope;
const CACHE = `smesh-shell-${version}`;
const SHELL = '/';
/** Written by whoever serves the app (the local devnet's genesis changes): network first. */
const NETWORK = '/network.json';
const PRECACHE = [SHELL, ...build, ...files];
const precached = new Set(PRECACHE);

sw.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll(PRECACHE))
      .then(() => sw.skipWaiting()),
  );
});

sw.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const key of await caches.keys()) if (key !== CACHE) await caches.delete(key);
      await sw.clients.claim();
    })(),
  );
});

sw.addEventListener('fetch', (event) => {
  const req = event.request;
  if (req.method !== 'GET') return;
  const url = new URL(req.url);
  if (url.origin !== sw.location.origin) return;

  if (req.mode === 'navigate' || url.pathname === NETWORK) {
    event.respondWith(
      (async () => {
        const cache = await caches.open(CACHE);
        try {
          const res = await fetch(req);
          if (url.pathname === NETWORK && res.ok) await cache.put(NETWORK, res.clone());
          return res;
        } catch {
          const fallback = req.mode === 'navigate' ? SHELL : NETWORK;
          return (await cache.match(fallback)) ?? Response.error();
        }
      })(),
    );
    return;
  }
  if (precached.has(url.pathname)) {
    event.respondWith(
      (async () => (await caches.match(url.pathname, { cacheName: CACHE })) ?? fetch(req))(),
    );
  }
});
