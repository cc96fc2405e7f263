/**
 * PyRecall's service worker (vite-plugin-pwa, injectManifest): precaches the app shell, the
 * bundled catalogue and the icons, answers every in-app navigation with index.html, and waits
 * for the page to say when an update may take over (never on its own: a form may be unsaved).
 */
import { clientsClaim } from 'workbox-core';
import { cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { isPageToWorker } from './pwa/messages';

declare const self: ServiceWorkerGlobalScope;

// ── Offline: the precache ─────────────────────────────────────────────────────────────────────
// self.__WB_MANIFEST is replaced at build time by the list of files (see globPatterns in vite.config.ts).
cleanupOutdatedCaches();
precacheAndRoute(self.__WB_MANIFEST);

// Any navigation (/, /#/article/…, /any/path) opens the app shell; routing happens in the page.
// Paths that name a file (robots.txt, sw.js…) are left to the network.
registerRoute(new NavigationRoute(createHandlerBoundToURL('index.html'), { denylist: [/\/[^/]+\.[a-z0-9]+$/i] }));

// ── Updates ───────────────────────────────────────────────────────────────────────────────────
// A new worker waits until the page sends SKIP_WAITING (the user pressed "Reload"); the first
// one takes control of the open page at once so it works offline without a reload.
clientsClaim();

self.addEventListener('message', (event) => {
  if (!isPageToWorker(event.data)) return;
  switch (event.data.type) {
    case 'SKIP_WAITING':
      void self.skipWaiting();
      break;
  }
});

// ── Reminders ─────────────────────────────────────────────────────────────────────────────────
// Later: `periodicsync` (count due reviews from IndexedDB, set the app badge), `notificationclick`
// (focus or open /#/review). New page ⇄ worker messages go in ./pwa/messages.ts.
