/**
 * Numbers, sizes and dates as the reader sees them: "1.2 MB", "3 days ago", "3 Nov 2026",
 * "42 finished, 17 reading". Pure TypeScript (no DOM); every function that depends on the
 * calendar takes the time zone explicitly, so the results never depend on the machine.
 */
import type { BackupSummary } from './backup';
import { MS_PER_DAY, calendarDay, dayNumber, daysBetween, type DayKey } from './day';

/** The language of every string the app writes; dates are written day-month-year ("3 Nov 2026"). */
export const LOCALE = 'en-GB';

const BYTE_UNITS = ['bytes', 'kB', 'MB', 'GB', 'TB', 'PB'] as const;

/**
 * A size in decimal units, as storage is sold and as operating systems show it: "0 bytes",
 * "950 bytes", "1.2 MB", "10 GB" (one decimal under 10 of a unit, none above).
 */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return 'an unknown amount';
  if (bytes < 1000) return `${Math.round(bytes)} ${Math.round(bytes) === 1 ? 'byte' : 'bytes'}`;
  let unit = 0;
  let value = bytes;
  while (value >= 1000 && unit < BYTE_UNITS.length - 1) {
    value /= 1000;
    unit++;
  }
  // 999.96 kB would round to "1000.0 kB": move up a unit instead.
  if (Number(value.toFixed(value < 10 ? 1 : 0)) >= 1000 && unit < BYTE_UNITS.length - 1) {
    value /= 1000;
    unit++;
  }
  const digits = value < 10 ? 1 : 0;
  const text = value.toFixed(digits).replace(/\.0$/, '');
  return `${text} ${BYTE_UNITS[unit]}`;
}

/** "1 note", "2 notes": a count with its noun. */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count.toLocaleString(LOCALE)} ${count === 1 ? one : many}`;
}

const dateFormats = new Map<string, Intl.DateTimeFormat>();

function dateFormat(timeZone: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${timeZone}|${JSON.stringify(options)}`;
  let f = dateFormats.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(LOCALE, { timeZone, ...options });
    dateFormats.set(key, f);
  }
  return f;
}

/** A date such as "3 Nov 2026". */
export function formatDate(epochMs: number, timeZone: string): string {
  return dateFormat(timeZone, { day: 'numeric', month: 'short', year: 'numeric' }).format(epochMs);
}

/** A short date without the year, such as "3 Nov", for chart labels. */
export function formatShortDate(epochMs: number, timeZone: string): string {
  return dateFormat(timeZone, { day: 'numeric', month: 'short' }).format(epochMs);
}

/**
 * A review day (a calendar date, no zone involved) for labels: "Thu 13 Mar"; with `year`,
 * "Thu 13 Mar 2025"; `long` spells it out for screen readers: "Thursday 13 March".
 */
export function formatDayKey(dayKey: DayKey, style: 'short' | 'year' | 'long' = 'short'): string {
  // Noon UTC of the date, formatted in UTC, is that date whatever the machine's zone.
  const noon = dayNumber(dayKey) * MS_PER_DAY + MS_PER_DAY / 2;
  if (style === 'long') return dateFormat('UTC', { weekday: 'long', day: 'numeric', month: 'long' }).format(noon);
  const short = dateFormat('UTC', { weekday: 'short', day: 'numeric', month: 'short' }).format(noon);
  // Built by hand: with a year, en-GB puts a comma after the weekday ("Thu, 13 Mar 2025").
  return style === 'year' ? `${short} ${dayKey.slice(0, 4)}` : short;
}

/** A date and time in full, such as "Tuesday 3 November 2026 at 14:05", for tooltips. */
export function formatDateTime(epochMs: number, timeZone: string): string {
  return dateFormat(timeZone, { dateStyle: 'full', timeStyle: 'short' }).format(epochMs);
}

const relative = new Intl.RelativeTimeFormat(LOCALE, { numeric: 'auto' });

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/**
 * How long ago `then` was, seen at `now`: "just now", "5 minutes ago", "2 hours ago" on the same
 * day, then by calendar day in `timeZone` ("yesterday", "3 days ago"), weeks, months and years.
 * A time in the future (another device's clock running ahead) reads as "just now".
 */
export function timeAgo(then: number, now: number, timeZone: string): string {
  const elapsed = now - then;
  if (elapsed < MINUTE) return 'just now';
  // Calendar days, not 24-hour spans: something finished at 23:00 was "yesterday" at 08:00.
  const days = daysBetween(calendarDay(then, timeZone), calendarDay(now, timeZone));
  if (days === 0) {
    if (elapsed < HOUR) return relative.format(-Math.floor(elapsed / MINUTE), 'minute');
    return relative.format(-Math.floor(elapsed / HOUR), 'hour');
  }
  if (days < 7) return relative.format(-days, 'day');
  if (days < 30) return relative.format(-Math.floor(days / 7), 'week');
  if (days < 365) return relative.format(-Math.max(1, Math.floor(days / 30.4375)), 'month');
  return relative.format(-Math.floor(days / 365.25), 'year');
}

/** The name an export is saved under: `pyrecall-backup-YYYY-MM-DD.json`, the reader's local date. */
export function backupFileName(now: number, timeZone: string): string {
  return `pyrecall-backup-${calendarDay(now, timeZone)}.json`;
}

/**
 * What a backup holds, in one line: "42 finished, 17 reading, 17 notes, 12 review cards".
 * Zero counts are left out; a file with nothing in it says so.
 */
export function describeBackup(summary: BackupSummary): string {
  const parts: string[] = [];
  if (summary.finished > 0) parts.push(`${summary.finished.toLocaleString(LOCALE)} finished`);
  if (summary.reading > 0) parts.push(`${summary.reading.toLocaleString(LOCALE)} reading`);
  if (summary.notes > 0) parts.push(plural(summary.notes, 'note'));
  if (summary.reviewCards > 0) parts.push(plural(summary.reviewCards, 'review card'));
  if (summary.reviewLogEntries > 0) parts.push(plural(summary.reviewLogEntries, 'past review'));
  if (summary.settings > 0) parts.push(plural(summary.settings, 'changed setting'));
  return parts.length > 0 ? parts.join(', ') : 'no progress, notes or reviews';
}

/** What an import wrote (the shape of the storage layer's ImportResult). */
export interface ImportCounts {
  progress: number;
  reviewCards: number;
  reviewLogEntries: number;
  settings: number;
}

/**
 * The sentence shown once an import is done. A replace restores the whole backup; a merge says
 * how much it took from the file, since everything newer on the device stayed.
 */
export function describeImport(mode: 'replace' | 'merge', summary: BackupSummary, result: ImportCounts, timeZone: string): string {
  const exported = formatDate(summary.exportedAt, timeZone);
  if (mode === 'replace') {
    return `Backup restored: this device now holds exactly the backup of ${exported} (${describeBackup(summary)}).`;
  }
  const taken: string[] = [];
  if (result.progress > 0) taken.push(plural(result.progress, 'article'));
  if (result.reviewCards > 0) taken.push(plural(result.reviewCards, 'review card'));
  if (result.reviewLogEntries > 0) taken.push(plural(result.reviewLogEntries, 'past review'));
  if (result.settings > 0) taken.push(plural(result.settings, 'setting'));
  if (taken.length === 0) return `Backup merged: this device already had everything in the backup of ${exported}.`;
  return `Backup merged: took ${joinList(taken)} from the backup of ${exported}; anything changed more recently on this device was kept.`;
}

/** "a", "a and b", "a, b and c". */
export function joinList(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
