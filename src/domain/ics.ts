/**
 * The review reminder as an iCalendar (RFC 5545) file, so the reader's own calendar can nag them
 * even when the app is closed.
 *
 * The event uses floating local time (DTSTART without Z or TZID): it fires at the chosen time on
 * whatever clock the reader's device shows, which is exactly how the in-app reminder behaves (see
 * reminders.ts) and keeps doing the right thing when they travel. A TZID would need a hand-written
 * VTIMEZONE whose DST rules we would have to derive from Intl and keep correct forever; getting it
 * subtly wrong shifts the reminder by an hour twice a year, whereas floating time cannot.
 *
 * The UID is stable per host, so importing a newer file updates the reminder instead of adding a
 * second one.
 */
import { calendarDay, dayKeyFromNumber, dayNumber, weekdayOfDayNumber } from './day';
import { parseReminderTime } from './reminders';

export const ICS_PRODUCT_ID = '-//PyRecall//Review reminder//EN';
/** RFC 5545 §3.1: lines longer than this many octets, excluding CRLF, must be folded. */
export const ICS_MAX_LINE_OCTETS = 75;
/** Length of the calendar event; long enough to see in a day view, short enough not to block it. */
export const REMINDER_EVENT_MINUTES = 15;
export const DEFAULT_REMINDER_SUMMARY = 'Review your Python articles';

const CRLF = '\r\n';
const BYDAY = ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'] as const;

export interface ReminderCalendarInput {
  /** Local time of day, 'HH:MM'. */
  time: string;
  /** Days of the week, 0 = Sunday … 6 = Saturday; all seven make a daily event. */
  days: readonly number[];
  /** Link to the Review screen. */
  url: string;
  /** When the file is made: DTSTAMP, and the first occurrence is on or after this date. */
  now: number | Date;
  /** Zone whose date `now` is read in for the first occurrence; UTC if omitted. */
  timeZone?: string;
  summary?: string;
  /** Extra text for the event's description (any characters, line breaks allowed). */
  note?: string;
  /** Overrides the stable per-host UID. */
  uid?: string;
}

/** A VCALENDAR with one recurring VEVENT and a display alarm at the event time. */
export function reminderCalendar(input: ReminderCalendarInput): string {
  const minuteOfDay = parseReminderTime(input.time);
  if (minuteOfDay === null) throw new RangeError(`Reminder time must be HH:MM, got ${JSON.stringify(input.time)}`);
  const days = [...new Set(input.days)].filter((d) => Number.isInteger(d) && d >= 0 && d <= 6).sort((a, b) => a - b);
  if (days.length === 0) throw new RangeError('A reminder needs at least one day of the week');
  const url = new URL(input.url); // Throws on a relative or malformed link; URL values are not escaped.
  const nowMs = typeof input.now === 'number' ? input.now : input.now.getTime();

  // DTSTART must itself be an occurrence, or RFC 5545 makes it an extra one on a day not chosen.
  let start = dayNumber(calendarDay(nowMs, input.timeZone ?? 'UTC'));
  while (!days.includes(weekdayOfDayNumber(start))) start++;
  const hh = String(Math.floor(minuteOfDay / 60)).padStart(2, '0');
  const mm = String(minuteOfDay % 60).padStart(2, '0');
  const dtstart = `${dayKeyFromNumber(start).replaceAll('-', '')}T${hh}${mm}00`;
  const rrule = days.length === 7 ? 'FREQ=DAILY' : `FREQ=WEEKLY;BYDAY=${days.map((d) => BYDAY[d]).join(',')}`;

  const summary = input.summary ?? DEFAULT_REMINDER_SUMMARY;
  const description = [input.note, `Open the Review screen: ${url.href}`].filter(Boolean).join('\n');
  const uid = input.uid ?? `pyrecall-review-reminder@${url.hostname || 'pyrecall.local'}`;

  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    `PRODID:${ICS_PRODUCT_ID}`,
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    'BEGIN:VEVENT',
    `UID:${escapeText(uid)}`,
    `DTSTAMP:${utcStamp(nowMs)}`,
    `DTSTART:${dtstart}`,
    `DURATION:PT${REMINDER_EVENT_MINUTES}M`,
    `RRULE:${rrule}`,
    `SUMMARY:${escapeText(summary)}`,
    `DESCRIPTION:${escapeText(description)}`,
    `URL:${url.href}`,
    'TRANSP:TRANSPARENT',
    'BEGIN:VALARM',
    'ACTION:DISPLAY',
    'TRIGGER:PT0S',
    `DESCRIPTION:${escapeText(summary)}`,
    'END:VALARM',
    'END:VEVENT',
    'END:VCALENDAR',
  ];
  return lines.map(foldLine).join(CRLF) + CRLF;
}

/** A TEXT value escaped per RFC 5545 §3.3.11: backslash, semicolon, comma and line breaks. */
export function escapeText(value: string): string {
  return (
    value
      .replace(/\\/g, '\\\\')
      .replace(/;/g, '\\;')
      .replace(/,/g, '\\,')
      .replace(/\r\n|\r|\n/g, '\\n')
      // Other control characters are not allowed in TEXT at all.
      .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '')
  );
}

/** One content line folded at 75 octets (RFC 5545 §3.1), never splitting a UTF-8 character. */
export function foldLine(line: string): string {
  let out = '';
  let octets = 0;
  for (const char of line) {
    const size = utf8Length(char.codePointAt(0) ?? 0);
    if (octets + size > ICS_MAX_LINE_OCTETS) {
      out += `${CRLF} `;
      octets = 1; // The leading space of a continuation line counts.
    }
    out += char;
    octets += size;
  }
  return out;
}

function utf8Length(codePoint: number): number {
  if (codePoint < 0x80) return 1;
  if (codePoint < 0x800) return 2;
  if (codePoint < 0x10000) return 3;
  return 4;
}

function utcStamp(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19).replace(/[-:]/g, '')}Z`;
}
