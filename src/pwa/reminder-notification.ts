/**
 * The review reminder notification, built one way for both the page (open at the chosen time) and
 * the service worker (a periodic background check), so the two can never show different things.
 * Compiled with the DOM lib and the webworker lib: it uses only what both have.
 */
import { reminderText } from '../domain/reminders';

/** The notification's tag: a new reminder replaces the last one instead of stacking under it. */
export const REMINDER_TAG = 'review-reminder';
/** The Periodic Background Sync tag the worker answers. */
export const REMINDER_SYNC_TAG = 'review-reminder';
/** How often the browser may wake the worker to check; Chromium decides the real rhythm (≥ 12 h). */
export const REMINDER_SYNC_MIN_INTERVAL_MS = 12 * 60 * 60 * 1000;
/** The route a click on the reminder opens. */
export const REVIEW_HASH = '#/review';

/** What the reminder notification carries, for `notificationclick`. */
export interface ReminderData {
  url: string;
}

/** `renotify` (Chromium) is missing from TypeScript's lib: alert again when replacing yesterday's reminder. */
export type ReminderOptions = NotificationOptions & { renotify?: boolean };

/** Title and options for `registration.showNotification`; `scope` is the registration's scope URL. */
export function reminderNotification(dueCount: number, scope: string): { title: string; options: ReminderOptions } {
  const data: ReminderData = { url: reviewUrl(scope) };
  return {
    title: 'PyRecall',
    options: {
      body: reminderText(dueCount),
      tag: REMINDER_TAG,
      icon: new URL('pwa-192x192.png', scope).href,
      badge: new URL('pwa-192x192.png', scope).href,
      lang: 'en',
      renotify: true,
      data,
    },
  };
}

/** The Review screen's address under `scope` ("https://host/#/review"). */
export function reviewUrl(scope: string): string {
  return new URL(REVIEW_HASH, scope).href;
}
