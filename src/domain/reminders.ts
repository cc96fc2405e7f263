/**
 * Whether to show the daily review reminder now, and what it says.
 *
 * Reminders follow the local wall clock and calendar (midnight, not the 04:00 review-day
 * rollover): "remind me at 08:30 on weekdays" means the date and time on the reader's clock.
 * Comparing wall-clock minutes, rather than converting the chosen time to an instant, keeps DST
 * simple: on a spring-forward day a 02:30 reminder fires at 03:00, the first minute the clock reads
 * past it, and on a fall-back day a 01:30 reminder fires once, because the second 01:30 falls on a
 * day already reminded. After a change of zone, "today" and "already reminded today" are read in
 * the new zone.
 */
import { calendarDay, localDateTime } from './day';

/** Estimated time one review takes, for "about 4 minutes". */
export const SECONDS_PER_REVIEW = 45;

export interface ReminderSettings {
  enabled: boolean;
  /** Local time of day, 'HH:MM' (24-hour). */
  time: string;
  /** Days of the week to remind on, 0 = Sunday … 6 = Saturday. */
  days: number[];
}

export interface ReminderInput {
  settings: ReminderSettings;
  /** When a reminder was last shown, or null if never. */
  lastRemindedAt: number | null;
  /** Reviews due today. */
  dueCount: number;
  nowMs: number;
  timeZone: string;
}

/** Why a reminder is or is not shown; checked in this order, so the first failing rule is reported. */
export type ReminderReason =
  | 'disabled'
  | 'invalid-time'
  | 'not-a-reminder-day'
  | 'before-reminder-time'
  | 'already-reminded-today'
  | 'nothing-due'
  | 'due';

export interface ReminderDecision {
  remind: boolean;
  reason: ReminderReason;
}

const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** Minutes after local midnight of an 'HH:MM' time, or null if it is not one. */
export function parseReminderTime(time: string): number | null {
  const m = TIME.exec(time);
  return m ? Number(m[1]) * 60 + Number(m[2]) : null;
}

/** Decides whether to show the review reminder now. */
export function shouldRemind(input: ReminderInput): ReminderDecision {
  const { settings, lastRemindedAt, dueCount, nowMs, timeZone } = input;
  if (!settings.enabled) return { remind: false, reason: 'disabled' };
  const at = parseReminderTime(settings.time);
  if (at === null) return { remind: false, reason: 'invalid-time' };
  const now = localDateTime(nowMs, timeZone);
  if (!settings.days.includes(now.weekday)) return { remind: false, reason: 'not-a-reminder-day' };
  if (now.hour * 60 + now.minute < at) return { remind: false, reason: 'before-reminder-time' };
  if (lastRemindedAt !== null && calendarDay(lastRemindedAt, timeZone) === calendarDay(nowMs, timeZone)) {
    return { remind: false, reason: 'already-reminded-today' };
  }
  if (!(dueCount > 0)) return { remind: false, reason: 'nothing-due' };
  return { remind: true, reason: 'due' };
}

/** Estimated minutes to review `dueCount` articles, at least 1 when there is anything to review. */
export function estimatedReviewMinutes(dueCount: number): number {
  if (!(dueCount > 0)) return 0;
  return Math.max(1, Math.round((dueCount * SECONDS_PER_REVIEW) / 60));
}

/** The reminder's text: "5 articles to review — about 4 minutes". */
export function reminderText(dueCount: number): string {
  const count = Math.max(0, Math.floor(dueCount) || 0);
  if (count === 0) return 'No articles to review';
  const minutes = estimatedReviewMinutes(count);
  const articles = count === 1 ? '1 article' : `${count} articles`;
  return `${articles} to review — about ${minutes === 1 ? '1 minute' : `${minutes} minutes`}`;
}
