import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_REMINDER_SUMMARY,
  ICS_MAX_LINE_OCTETS,
  escapeText,
  foldLine,
  reminderCalendar,
  type ReminderCalendarInput,
} from '../../src/domain/ics';

const URL_ = 'https://pyrecall.example/#/review';
const NOW = Date.parse('2025-03-17T15:00:00Z'); // Monday

const NOTE =
  'Read slowly; then recall, explain, apply.\nSecond line, with a backslash \\ and "quotes".\n' +
  'Emoji: 🐍🧠✅ — and a family 👩‍👩‍👧‍👦, accents: café, naïve, Ærø; CJK: 記憶の定着; done.';

function calendar(overrides: Partial<ReminderCalendarInput> = {}) {
  const text = reminderCalendar({ time: '08:30', days: [1, 3, 5], url: URL_, now: NOW, timeZone: 'America/New_York', ...overrides });
  const root = new ICAL.Component(ICAL.parse(text));
  const event = root.getFirstSubcomponent('vevent')!;
  return { text, root, event, alarm: event.getFirstSubcomponent('valarm')! };
}

function value<T>(component: InstanceType<typeof ICAL.Component>, name: string, type: new (...args: never[]) => T): T {
  const v = component.getFirstPropertyValue(name);
  if (!(v instanceof type)) throw new Error(`${name} is not a ${type.name}: ${String(v)}`);
  return v;
}

const physicalLines = (text: string) => text.split('\r\n').slice(0, -1);
const octets = (s: string) => Buffer.byteLength(s, 'utf8');
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

describe('the reminder calendar', () => {
  it('is one VCALENDAR 2.0 with a single VEVENT that ical.js reads', () => {
    const { root, text } = calendar();
    expect(root.name).toBe('vcalendar');
    expect(root.getFirstPropertyValue('version')).toBe('2.0');
    expect(root.getFirstPropertyValue('prodid')).toMatch(/PyRecall/);
    expect(root.getAllSubcomponents('vevent')).toHaveLength(1);
    expect(text.startsWith('BEGIN:VCALENDAR\r\n')).toBe(true);
    expect(text.endsWith('END:VCALENDAR\r\n')).toBe(true);
  });

  it('starts at the chosen time in floating local time, on the first chosen day from today', () => {
    const { event } = calendar();
    const start = value(event, 'dtstart', ICAL.Time);
    expect(start.toString()).toBe('2025-03-17T08:30:00');
    expect(start.isDate).toBe(false);
    expect(start.zone).toBe(ICAL.Timezone.localTimezone);
    expect(event.getFirstProperty('dtstart')!.getParameter('tzid')).toBeUndefined();
    expect(value(event, 'duration', ICAL.Duration).toSeconds()).toBe(15 * 60);
  });

  it.each([
    // days, zone, first occurrence: "today" is read in the zone given
    [[1], 'America/New_York', '2025-03-17'],
    [[0], 'America/New_York', '2025-03-23'],
    [[2, 4], 'America/New_York', '2025-03-18'],
    [[0], 'Pacific/Auckland', '2025-03-23'],
    [[2], 'Pacific/Auckland', '2025-03-18'],
    [[1], 'Pacific/Auckland', '2025-03-24'],
    [[1], undefined, '2025-03-17'],
  ])('with days %j, read in %s, first occurs on %s', (days, timeZone, first) => {
    const start = value(calendar({ days, timeZone }).event, 'dtstart', ICAL.Time);
    expect(start.toString()).toBe(`${first}T08:30:00`);
  });

  it.each([
    [[1, 3, 5], 'WEEKLY', ['MO', 'WE', 'FR']],
    [[5, 1, 3, 3], 'WEEKLY', ['MO', 'WE', 'FR']],
    [[0, 6], 'WEEKLY', ['SU', 'SA']],
    [[1, 2, 3, 4, 5], 'WEEKLY', ['MO', 'TU', 'WE', 'TH', 'FR']],
    [[0, 1, 2, 3, 4, 5, 6], 'DAILY', undefined],
  ])('repeats on days %j with FREQ=%s and BYDAY %j', (days, freq, byday) => {
    const { event } = calendar({ days });
    const rule = value(event, 'rrule', ICAL.Recur);
    expect(rule.freq).toBe(freq);
    expect(rule.parts.BYDAY).toEqual(byday);
    // The next three weeks of occurrences fall on exactly the chosen weekdays at the chosen time.
    const it = rule.iterator(value(event, 'dtstart', ICAL.Time));
    const chosen = new Set(days);
    for (let i = 0; i < chosen.size * 3; i++) {
      const next = it.next()!;
      expect(chosen.has(next.dayOfWeek() - 1)).toBe(true); // ical.js counts Sunday as 1
      expect([next.hour, next.minute]).toEqual([8, 30]);
    }
  });

  it('alerts with a display alarm at the event time', () => {
    const { alarm } = calendar();
    expect(alarm.getFirstPropertyValue('action')).toBe('DISPLAY');
    expect(value(alarm, 'trigger', ICAL.Duration).toSeconds()).toBe(0);
    expect(alarm.getFirstPropertyValue('description')).toBe(DEFAULT_REMINDER_SUMMARY);
  });

  it('links to the Review screen in URL and in the description', () => {
    const { event } = calendar();
    expect(event.getFirstPropertyValue('url')).toBe(URL_);
    expect(event.getFirstPropertyValue('description')).toContain(URL_);
    expect(event.getFirstPropertyValue('summary')).toBe(DEFAULT_REMINDER_SUMMARY);
  });

  it('has a UID that stays the same between downloads, and a UTC DTSTAMP', () => {
    const a = calendar();
    const b = calendar({ now: NOW + 86_400_000, days: [2] });
    expect(a.event.getFirstPropertyValue('uid')).toBe('pyrecall-review-reminder@pyrecall.example');
    expect(b.event.getFirstPropertyValue('uid')).toBe(a.event.getFirstPropertyValue('uid'));
    expect(a.text).toContain('\r\nDTSTAMP:20250317T150000Z\r\n');
    expect(value(a.event, 'dtstamp', ICAL.Time).zone).toBe(ICAL.Timezone.utcTimezone);
  });

  it('accepts a Date for now', () => {
    expect(calendar({ now: new Date(NOW) }).text).toBe(calendar().text);
  });

  it('ends every line with CRLF and keeps every line within 75 octets without splitting a character', () => {
    const { text } = calendar({ note: NOTE.repeat(3), summary: `Révision 🐍; ${'long '.repeat(30)}` });
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    const lines = physicalLines(text);
    expect(lines.some((l) => l.startsWith(' '))).toBe(true);
    for (const line of lines) {
      expect(octets(line)).toBeLessThanOrEqual(ICS_MAX_LINE_OCTETS);
      expect(line).not.toMatch(LONE_SURROGATE);
    }
  });

  it('round-trips a note with commas, semicolons, backslashes, line breaks and emoji through folding and escaping', () => {
    const { event } = calendar({ note: NOTE });
    expect(event.getFirstPropertyValue('description')).toBe(`${NOTE}\nOpen the Review screen: ${URL_}`);
  });

  it.each([
    ['commas, semicolons; and \\ backslashes'],
    ['line one\nline two\r\nline three\rline four'],
    ['🐍'.repeat(40)],
    ['é'.repeat(100)],
  ])('round-trips the summary %j', (summary) => {
    const { event, alarm } = calendar({ summary });
    const expected = summary.replace(/\r\n|\r/g, '\n');
    expect(event.getFirstPropertyValue('summary')).toBe(expected);
    expect(alarm.getFirstPropertyValue('description')).toBe(expected);
  });

  it.each<[string, Partial<ReminderCalendarInput>, RegExp]>([
    ['an invalid time', { time: '25:00' }, /HH:MM/],
    ['no days', { days: [] }, /at least one day/],
    ['only impossible days', { days: [7, -1, 2.5] }, /at least one day/],
    ['a relative link', { url: '/review' }, /URL/i],
  ])('refuses %s', (_what, overrides, message) => {
    expect(() => calendar(overrides)).toThrow(message);
  });
});

describe('TEXT escaping', () => {
  it.each([
    ['plain', 'plain'],
    ['a,b', 'a\\,b'],
    ['a;b', 'a\\;b'],
    ['a\\b', 'a\\\\b'],
    ['a\nb', 'a\\nb'],
    ['a\r\nb', 'a\\nb'],
    ['\\n is not a newline', '\\\\n is not a newline'],
    ['tab\tkept, bell\u0007 dropped', 'tab\tkept\\, bell dropped'],
    ['🐍, café', '🐍\\, café'],
  ])('escapes %j as %j', (raw, escaped) => {
    expect(escapeText(raw)).toBe(escaped);
  });
});

describe('line folding', () => {
  it.each([
    ['75 ASCII octets stay on one line', 'x'.repeat(75), ['x'.repeat(75)]],
    ['76 ASCII octets fold once', 'x'.repeat(76), ['x'.repeat(75), ` x`]],
    ['continuation lines carry 74 octets after the space', 'x'.repeat(75 + 74 + 1), ['x'.repeat(75), ` ${'x'.repeat(74)}`, ' x']],
    ['two-octet characters are not split', 'é'.repeat(40), ['é'.repeat(37), ` ${'é'.repeat(3)}`]],
    ['four-octet emoji are not split', `${'x'.repeat(73)}🐍`, ['x'.repeat(73), ' 🐍']],
    ['an emoji that fits exactly stays', `${'x'.repeat(71)}🐍`, [`${'x'.repeat(71)}🐍`]],
  ])('%s', (_what, line, expected) => {
    const folded = foldLine(line);
    expect(folded.split('\r\n')).toEqual(expected);
    expect(folded.replace(/\r\n /g, '')).toBe(line);
  });
});
