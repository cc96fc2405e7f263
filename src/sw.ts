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
// Installed in Chromium, the browser wakes the worker now and then (Periodic Background Sync,
// registered by src/state/reminders.svelte.ts while reminders are on). The worker reads the same
// database as the page, through the same storage module, and asks the same decision function, so
// the page (open at the chosen time) and the worker remind once a day between them.
// Imports sit here, not at the top, to keep this block self-contained (ES imports are hoisted).
import { remindIfDue } from './db/reminders';
import { postToPage } from './pwa/messages';
import { REMINDER_SYNC_TAG, REMINDER_TAG, REVIEW_HASH, reminderNotification, reviewUrl } from './pwa/reminder-notification';

/** Chromium's Periodic Background Sync event (not in TypeScript's webworker lib). */
interface PeriodicSyncEvent extends ExtendableEvent {
  readonly tag: string;
}

/** Counts due reviews, reminds if it is time, and sets the app icon badge. */
async function checkReminder(): Promise<void> {
  const check = await remindIfDue({
    canNotify: typeof Notification !== 'undefined' && Notification.permission === 'granted',
    show: async (dueCount) => {
      const { title, options } = reminderNotification(dueCount, self.registration.scope);
      await self.registration.showNotification(title, options);
    },
  });
  await setBadge(check.enabled ? check.dueCount : 0);
}

/** The count on the installed app's icon; cleared at zero. Quiet where badges do not exist. */
async function setBadge(count: number): Promise<void> {
  if (!('setAppBadge' in self.navigator)) return;
  await (count > 0 ? self.navigator.setAppBadge(count) : self.navigator.clearAppBadge()).catch(() => undefined);
}

self.addEventListener('periodicsync', (event) => {
  const sync = event as PeriodicSyncEvent;
  if (sync.tag !== REMINDER_SYNC_TAG) return;
  sync.waitUntil(checkReminder());
});

/** A click on the reminder: bring an open window of the app to the Review screen, or open one. */
self.addEventListener('notificationclick', (event) => {
  if (event.notification.tag !== REMINDER_TAG) return;
  event.notification.close();
  event.waitUntil(openReview());
});

async function openReview(): Promise<void> {
  const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
  const open = windows.find((client) => client.focused) ?? windows[0];
  if (!open) {
    await self.clients.openWindow(reviewUrl(self.registration.scope));
    return;
  }
  // The route lives in the hash: the page moves there itself, keeping any unsaved takeaway.
  postToPage(open, { type: 'OPEN_ROUTE', hash: REVIEW_HASH });
  await open.focus().catch(() => undefined);
}
