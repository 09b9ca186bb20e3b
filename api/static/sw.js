// 枫桥助手's service worker: keeps the chat page and the field guide (every scenario's method and its
// reviewed policy basis) readable offline. Served at /sw.js by api/routers/web.py, which writes the
// version of the knowledge and of these files into VERSION: when either changes, this file changes,
// the browser installs it anew and the old cache is dropped. Conversations, the console and the
// bridges are never cached: they always go to the network.
"use strict";

var VERSION = "__VERSION__";
var CACHE = "fengqiao-" + VERSION;
var KEPT = ["/", "/static/chat.css", "/static/chat.js", "/static/offline.js", "/static/icon.svg", "/static/icon-192.png",
            "/static/manifest.webmanifest", "/api/scenarios", "/api/scenarios/offline"];

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(CACHE).then(function (cache) { return cache.addAll(KEPT); })
    .then(function () { return self.skipWaiting(); }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (name) { return name.indexOf("fengqiao-") === 0 && name !== CACHE; })
      .map(function (name) { return caches.delete(name); }));
  }).then(function () { return self.clients.claim(); }));
});

// A network that only looks connected (one bar in a stairwell) may take a minute to fail: after this
// long the kept copy is shown, and the network's answer, when it comes, still refreshes the cache.
var NETWORK_WAIT_MS = 3000;

function keptCopy(path) {
  return caches.match(path, { cacheName: CACHE });
}

// The kept files: from the network when it answers in time (and kept fresh), else from the cache.
self.addEventListener("fetch", function (event) {
  var url = new URL(event.request.url);
  if (event.request.method !== "GET" || url.origin !== self.location.origin || KEPT.indexOf(url.pathname) < 0) {
    return;  // everything else (the chat, the console, the bridges) goes to the network only
  }
  var refreshed = null;
  var fromNetwork = fetch(event.request).then(function (response) {
    if (response.ok) {
      var copy = response.clone();
      refreshed = caches.open(CACHE).then(function (cache) { return cache.put(url.pathname, copy); });
    }
    return response;
  });
  event.waitUntil(fromNetwork.then(function () { return refreshed; }).catch(function () { /* offline: nothing to refresh */ }));
  var slowNetwork = new Promise(function (resolve) { setTimeout(resolve, NETWORK_WAIT_MS); }).then(function () {
    return keptCopy(url.pathname).then(function (kept) { return kept || fromNetwork; });
  });
  event.respondWith(Promise.race([fromNetwork, slowNetwork]).catch(function () {
    return keptCopy(url.pathname).then(function (kept) { return kept || Response.error(); });
  }));
});
