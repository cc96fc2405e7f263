/**
 * The daily review reminder against storage: one function, `remindIfDue`, that the service worker
 * (a periodic background check) and the open page (at the chosen time) both call. It reads the
 * reminder settings, when the last reminder was shown and the number of reviews due, asks the pure
 * `shouldRemind` whether to remind, and records the reminder before showing it, all in one
 * transaction, so a worker and two tabs checking at the same moment remind once, not three times.
 */
import { localTimeZone } from '../domain/day';
import { shouldRemind, type ReminderReason, type ReminderSettings } from '../domain/reminders';
import { db, type PyRecallDB } from './db';
import { guard } from './errors';
import { countDueToday } from './reviews';
import { getSetting, getSettings, setSetting } from './settings';

/** What one reminder check found and did. */
export interface ReminderCheck {
  /** Why the reminder was or was not shown (shouldRemind's reason). */
  reason: ReminderReason;
  /** Reviews left today, as the Review tab counts them. */
  dueCount: number;
  /** Whether reminders are switched on: the app badge follows the due count only then. */
  enabled: boolean;
  /** True when `show` ran and succeeded. */
  shown: boolean;
}

export interface RemindOptions {
  /** Shows the reminder for `dueCount` reviews; a rejection gives the claim back for the next check. */
  show: (dueCount: number) => Promise<void>;
  /** False when notifications are not allowed: the check still counts, but claims nothing. */
  canNotify: boolean;
  now?: number;
  timeZone?: string;
  database?: PyRecallDB;
  /** Leaves out Articles the catalogue dropped (the page knows the catalogue; the worker does not). */
  inPath?: (articleId: string) => boolean;
}

/** Shows the review reminder if shouldRemind says so and notifications are allowed; at most once a day. */
export async function remindIfDue(options: RemindOptions): Promise<ReminderCheck> {
  const { show, canNotify, now = Date.now(), timeZone = localTimeZone(), database = db, inPath } = options;
  const claim = await guard(database, 'write', () =>
    database.transaction('rw', database.settings, database.reviewCards, database.reviewLog, async () => {
      const [settings, dueCount] = await Promise.all([getSettings(database), countDueToday(now, timeZone, database, inPath)]);
      const decision = shouldRemind({ settings: settings.reminders, lastRemindedAt: settings.lastRemindedAt, dueCount, nowMs: now, timeZone });
      const claimed = decision.remind && canNotify;
      if (claimed) await setSetting('lastRemindedAt', now, database);
      return { reason: decision.reason, dueCount, enabled: settings.reminders.enabled, claimed, previous: settings.lastRemindedAt };
    }),
  );
  const { claimed, previous, ...check } = claim;
  if (!claimed) return { ...check, shown: false };
  try {
    await show(check.dueCount);
  } catch (error) {
    await giveBack(now, previous, database);
    throw error;
  }
  return { ...check, shown: true };
}

/** Puts lastRemindedAt back to `previous`, unless another check has reminded since `claimedAt`. */
async function giveBack(claimedAt: number, previous: number | null, database: PyRecallDB): Promise<void> {
  await guard(database, 'write', () =>
    database.transaction('rw', database.settings, async () => {
      const current = await database.settings.get('lastRemindedAt');
      if (current?.value === claimedAt) await setSetting('lastRemindedAt', previous, database);
    }),
  );
}

/**
 * Changes the reminder settings from what is stored now, not from what the screen last saw, so
 * two quick taps (Saturday off, then Sunday off) both land. Returns the stored settings.
 */
export function updateReminderSettings(
  change: (current: ReminderSettings) => ReminderSettings,
  database: PyRecallDB = db,
): Promise<ReminderSettings> {
  return guard(database, 'write', () =>
    database.transaction('rw', database.settings, async () => {
      const next = change(await getSetting('reminders', database));
      await setSetting('reminders', next, database);
      return next;
    }),
  );
}
