// The self-referral form's service worker. It keeps `/refer` and the files the form
// needs, so a family can reopen the form with no signal, carry on, and queue the send.
// It keeps nothing else: no other page, no answer from the server, nothing personal.
// The copy of the form it keeps (`/refer?page=offline`, drawn the same whichever page
// it opens as) is fetched without cookies, so it is the page anyone would see, with
// nobody's answers. The server fills in the version and the list of files.
const CACHE = "dsr-refer-__VERSION__";
const ASSETS = __ASSETS__;
const FORM = "/refer";
const COPY = "/refer?page=offline";

self.addEventListener("install", (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    await cache.addAll(ASSETS);
    const form = await fetch(COPY, { credentials: "omit", cache: "no-store" });
    if (form.ok) await cache.put(COPY, form);
    await self.skipWaiting();
  })());
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    for (const key of await caches.keys()) {
      if (key.startsWith("dsr-refer-") && key !== CACHE) await caches.delete(key);
    }
    await self.clients.claim();
  })());
});

// The network first, so the form is always current when online; the kept copy only
// when the network fails. Only the form and its files are answered from the cache.
self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  const kept = url.pathname === FORM ? COPY : ASSETS.includes(url.pathname) ? url.pathname : null;
  if (kept === null) return;
  event.respondWith(fetch(request).catch(async () => {
    const copy = await caches.match(kept, { cacheName: CACHE });
    if (!copy) return Response.error();
    // Marked, so it can be told apart from an answer from the network.
    const headers = new Headers(copy.headers);
    headers.set("x-dsr-kept-copy", "1");
    return new Response(copy.body, { status: copy.status, statusText: copy.statusText, headers });
  }));
});
