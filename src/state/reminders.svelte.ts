/**
 * Daily review reminders on the page: the settings (on/off, time, days), what this device can do
 * (feature-detected, see reminder-layers.ts), the notification permission (asked only from a
 * click), the library banner, the app icon badge, the Periodic Background Sync registration that
 * lets the service worker remind while the app is closed, the check the open page makes each
 * minute, and the calendar file.
 *
 * The page and the worker share one decision (`shouldRemind`) and one storage path (`remindIfDue`).
 * The minute check first asks `shouldRemind` with what the page already holds in memory, so an
 * open app costs nothing until it is actually time; only then does it read storage.
 */
import { remindIfDue, updateReminderSettings } from '../db/reminders';
import { DEFAULT_SETTINGS, settingsQuery, type ReminderSettings, type Settings } from '../db/settings';
import { localTimeZone } from '../domain/day';
import { reminderCalendar } from '../domain/ics';
import { NO_CAPABILITIES, reminderLayers, type LayerStatus, type PermissionAnswer, type ReminderCapabilities } from '../domain/reminder-layers';
import { parseReminderTime, shouldRemind } from '../domain/reminders';
import { REMINDER_SYNC_MIN_INTERVAL_MS, REMINDER_SYNC_TAG, reminderNotification } from '../pwa/reminder-notification';
import { articleById } from './catalogue';
import { Live } from './live.svelte';
import { notices } from './notices.svelte';
import { review } from './review.svelte';

/** How often the open, visible app checks whether it is time to remind. */
export const CHECK_INTERVAL_MS = 60_000;
/** The calendar file's name. */
export const CALENDAR_FILE_NAME = 'pyrecall-reminder.ics';
/** Where the banner's dismissal is kept: device-local bookkeeping, not the reader's data. */
const BANNER_DISMISSED_KEY = 'pyrecall:reminder-banner-dismissed-at';

/** What asking for notifications came to, for the panel's status line. */
export type PermissionOutcome = 'granted' | 'denied' | 'default' | 'failed';

/** Chromium's Periodic Background Sync (not in TypeScript's DOM lib). */
interface PeriodicSyncManager {
  register(tag: string, options?: { minInterval?: number }): Promise<void>;
  unregister(tag: string): Promise<void>;
  getTags(): Promise<string[]>;
}

function periodicSyncOf(registration: ServiceWorkerRegistration | undefined): PeriodicSyncManager | undefined {
  return registration && 'periodicSync' in registration ? (registration.periodicSync as PeriodicSyncManager) : undefined;
}

/** A permission's state, 'prompt' when the browser will not say. */
async function queryPermission(name: string): Promise<PermissionAnswer> {
  try {
    return (await navigator.permissions.query({ name: name as PermissionName })).state;
  } catch {
    return 'prompt';
  }
}

function notificationPermission(): PermissionAnswer {
  if (typeof Notification === 'undefined' || !('serviceWorker' in navigator)) return 'unsupported';
  return Notification.permission === 'default' ? 'prompt' : Notification.permission;
}

function readDismissed(): number | null {
  try {
    const value = Number(localStorage.getItem(BANNER_DISMISSED_KEY));
    return Number.isSafeInteger(value) && value > 0 ? value : null;
  } catch {
    return null;
  }
}

class Reminders {
  /** The zone reminder times are read in. */
  readonly timeZone = localTimeZone();
  #settings = new Live<Settings>(settingsQuery(), DEFAULT_SETTINGS);
  #caps = $state.raw<ReminderCapabilities>(NO_CAPABILITIES);
  #bannerDismissedAt = $state<number | null>(typeof localStorage === 'undefined' ? null : readDismissed());
  #asking = $state(false);
  #permissionOutcome = $state<PermissionOutcome | undefined>();
  #registration: ServiceWorkerRegistration | undefined;
  #checking = false;
  #started = false;

  #layers = $derived(reminderLayers(this.#caps, this.#settings.current.reminders.enabled));
  // The reminder's own rule, with "dismissed" in place of "reminded": once a day, after the chosen time.
  #bannerDue = $derived(
    shouldRemind({
      settings: this.#settings.current.reminders,
      lastRemindedAt: this.#bannerDismissedAt,
      dueCount: review.dueCount,
      nowMs: review.now,
      timeZone: this.timeZone,
    }).remind,
  );

  get loaded(): boolean {
    return this.#settings.loaded;
  }

  /** The reminder settings: on/off, 'HH:MM', days (0 = Sunday). */
  get settings(): ReminderSettings {
    return this.#settings.current.reminders;
  }

  get enabled(): boolean {
    return this.settings.enabled;
  }

  /** What each reminder layer does on this device. */
  get layers(): LayerStatus[] {
    return this.#layers;
  }

  /** True while the browser's notification prompt is open. */
  get asking(): boolean {
    return this.#asking;
  }

  /** The answer to the last request for notifications on this visit. */
  get permissionOutcome(): PermissionOutcome | undefined {
    return this.#permissionOutcome;
  }

  /** Notifications can be asked for: supported and not answered yet. */
  get canAskPermission(): boolean {
    return this.#caps.notifications === 'prompt';
  }

  /** The library banner: reminders on, a chosen day, past the chosen time, reviews due, not dismissed today. */
  get bannerVisible(): boolean {
    return this.loaded && review.loaded && this.#bannerDue;
  }

  /** Hides the banner until tomorrow (the same once-a-day rule as the reminder itself). */
  dismissBanner(): void {
    const now = Date.now();
    this.#bannerDismissedAt = now;
    try {
      localStorage.setItem(BANNER_DISMISSED_KEY, String(now));
    } catch {
      // Private mode without storage: dismissed for this visit only.
    }
  }

  setEnabled(enabled: boolean): Promise<boolean> {
    return this.#save((current) => ({ ...current, enabled }));
  }

  /** Saves the time of day; false when it is not 'HH:MM'. */
  setTime(time: string): Promise<boolean> {
    if (parseReminderTime(time) === null) return Promise.resolve(false);
    return this.#save((current) => ({ ...current, time }));
  }

  /** Turns one day of the week (0 = Sunday) on or off. */
  setDay(day: number, on: boolean): Promise<boolean> {
    if (!Number.isInteger(day) || day < 0 || day > 6) return Promise.resolve(false);
    return this.#save((current) => {
      const days = new Set(current.days);
      if (on) days.add(day);
      else days.delete(day);
      return { ...current, days: [...days].sort((a, b) => a - b) };
    });
  }

  /**
   * Starts the page's part, once (from the app shell): feature detection, following permission
   * changes, the worker's "open the Review screen" message, and the service worker registration.
   */
  start(): void {
    if (this.#started || typeof window === 'undefined') return;
    this.#started = true;
    void this.refreshCapabilities();
    // Permissions change while the app is open (site settings, installing the app): register the
    // background check as soon as it is allowed, and keep the layer list true.
    const recheck = () => void (this.loaded ? this.syncBackground(this.enabled) : this.refreshCapabilities());
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'visible') recheck();
    });
    if (typeof navigator.permissions?.query === 'function') {
      for (const name of ['notifications', 'periodic-background-sync']) {
        navigator.permissions
          .query({ name: name as PermissionName })
          .then((status) => status.addEventListener('change', recheck))
          .catch(() => undefined);
      }
    }
    if (!('serviceWorker' in navigator)) return;
    // Resolves once a worker is active (never in development, where none is registered).
    void navigator.serviceWorker.ready.then(async (registration) => {
      this.#registration = registration;
      // Before the settings load, "off" is only the default: the shell's effect syncs once they do.
      if (this.loaded) await this.syncBackground(this.enabled);
      else await this.refreshCapabilities();
      await this.check();
    });
  }

  /** Reads what this device can do now (permissions change while the app is open). */
  async refreshCapabilities(): Promise<void> {
    const sync = periodicSyncOf(this.#registration);
    const periodicSupported = sync !== undefined || (typeof ServiceWorkerRegistration !== 'undefined' && 'periodicSync' in ServiceWorkerRegistration.prototype);
    let periodicSync: PermissionAnswer = 'unsupported';
    let tags: string[] = [];
    if (periodicSupported) {
      [periodicSync, tags] = await Promise.all([
        queryPermission('periodic-background-sync'),
        sync ? sync.getTags().catch((): string[] => []) : [],
      ]);
    }
    this.#caps = {
      badge: 'setAppBadge' in navigator,
      notifications: notificationPermission(),
      periodicSync,
      periodicSyncRegistered: tags.includes(REMINDER_SYNC_TAG),
      standalone:
        matchMedia('(display-mode: standalone)').matches || (navigator as Navigator & { standalone?: boolean }).standalone === true,
    };
  }

  /** Asks for permission to notify. Call only from a click: browsers ignore (or punish) prompts on load. */
  async requestNotifications(): Promise<void> {
    if (typeof Notification === 'undefined' || this.#asking) return;
    this.#asking = true;
    try {
      this.#permissionOutcome = await Notification.requestPermission();
    } catch {
      this.#permissionOutcome = 'failed';
    } finally {
      this.#asking = false;
    }
    await this.refreshCapabilities();
    await this.syncBackground(this.enabled);
  }

  /**
   * Registers the background check while reminders are on, and removes it when they are off.
   * Chromium only grants it to installed apps; elsewhere this quietly does nothing.
   */
  async syncBackground(enabled: boolean): Promise<void> {
    const sync = periodicSyncOf(this.#registration);
    if (sync) {
      try {
        if (enabled) await sync.register(REMINDER_SYNC_TAG, { minInterval: REMINDER_SYNC_MIN_INTERVAL_MS });
        else if ((await sync.getTags()).includes(REMINDER_SYNC_TAG)) await sync.unregister(REMINDER_SYNC_TAG);
      } catch {
        // Not installed, or the permission is not granted: the layer list says so.
      }
    }
    await this.refreshCapabilities();
  }

  /** The count on the installed app's icon; cleared at zero. Quiet where badges do not exist. */
  updateBadge(count: number): void {
    if (!('setAppBadge' in navigator)) return;
    (count > 0 ? navigator.setAppBadge(count) : navigator.clearAppBadge()).catch(() => undefined);
  }

  /**
   * The open app's reminder, run each minute while visible: nothing but an in-memory comparison
   * until it is time, then the same storage-checked path the worker takes.
   */
  async check(now: number = Date.now()): Promise<void> {
    const registration = this.#registration;
    if (this.#checking || !registration || document.visibilityState !== 'visible') return;
    if (!this.loaded || !review.loaded || notificationPermission() !== 'granted') return;
    const { reminders, lastRemindedAt } = this.#settings.current;
    const decision = shouldRemind({ settings: reminders, lastRemindedAt, dueCount: review.dueCount, nowMs: now, timeZone: this.timeZone });
    if (!decision.remind) return;
    this.#checking = true;
    try {
      await remindIfDue({
        canNotify: true,
        now,
        timeZone: this.timeZone,
        inPath: (id) => articleById(id) !== undefined,
        show: async (dueCount) => {
          const { title, options } = reminderNotification(dueCount, registration.scope);
          await registration.showNotification(title, options);
        },
      });
    } catch (error) {
      console.warn('PyRecall: the review reminder could not be shown', error);
    } finally {
      this.#checking = false;
    }
  }

  /** The calendar file for the chosen time and days; undefined when no day is chosen. */
  calendarFile(): { fileName: string; text: string } | undefined {
    const { time, days } = this.settings;
    if (days.length === 0) return undefined;
    const url = new URL(`${import.meta.env.BASE_URL}#/review`, location.origin).href;
    return { fileName: CALENDAR_FILE_NAME, text: reminderCalendar({ time, days, url, now: Date.now(), timeZone: this.timeZone }) };
  }

  async #save(change: (current: ReminderSettings) => ReminderSettings): Promise<boolean> {
    try {
      await updateReminderSettings(change);
      return true;
    } catch (error) {
      notices.error(error);
      return false;
    }
  }
}

export const reminders = new Reminders();
