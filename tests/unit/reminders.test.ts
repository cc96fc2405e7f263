import { describe, expect, it } from 'vitest';
import { localTimeToEpoch } from '../../src/domain/day';
import {
  SECONDS_PER_REVIEW,
  estimatedReviewMinutes,
  parseReminderTime,
  reminderText,
  shouldRemind,
  type ReminderInput,
  type ReminderReason,
  type ReminderSettings,
} from '../../src/domain/reminders';

const NY = 'America/New_York';
const WEEKDAYS = [1, 2, 3, 4, 5];
const local = (day: string, time: string, timeZone = NY) => {
  const [h, m] = time.split(':').map(Number);
  return localTimeToEpoch(day, h * 60 + m, timeZone);
};

/** Tuesday 2025-03-18 at 12:00 in New York, weekday reminders at 08:30, 5 due, never reminded. */
type Overrides = Omit<Partial<ReminderInput>, 'settings'> & { settings?: Partial<ReminderSettings> };

function input(overrides: Overrides = {}): ReminderInput {
  return {
    lastRemindedAt: null,
    dueCount: 5,
    nowMs: local('2025-03-18', '12:00'),
    timeZone: NY,
    ...overrides,
    settings: { enabled: true, time: '08:30', days: WEEKDAYS, ...overrides.settings },
  };
}

const decision = (remind: boolean, reason: ReminderReason) => ({ remind, reason });

describe('deciding whether to remind', () => {
  it.each<[string, Overrides, boolean, ReminderReason]>([
    ['reminds on a chosen day after the chosen time', {}, true, 'due'],
    ['reminds at the chosen minute itself', { nowMs: local('2025-03-18', '08:30') }, true, 'due'],
    ['waits until the chosen time', { nowMs: local('2025-03-18', '08:29') }, false, 'before-reminder-time'],
    ['waits after midnight until the chosen time', { nowMs: local('2025-03-18', '00:05') }, false, 'before-reminder-time'],
    ['stays quiet when reminders are off', { settings: { enabled: false } }, false, 'disabled'],
    ['stays quiet on a day not chosen', { nowMs: local('2025-03-22', '12:00') }, false, 'not-a-reminder-day'],
    ['stays quiet when no day is chosen', { settings: { days: [] } }, false, 'not-a-reminder-day'],
    ['reminds on a weekend day when chosen', { nowMs: local('2025-03-22', '12:00'), settings: { days: [0, 6] } }, true, 'due'],
    ['reminds only once a day', { lastRemindedAt: local('2025-03-18', '08:31') }, false, 'already-reminded-today'],
    ['counts a reminder shown before the chosen time today', { lastRemindedAt: local('2025-03-18', '00:10') }, false, 'already-reminded-today'],
    ['reminds again the next day', { lastRemindedAt: local('2025-03-17', '08:30') }, true, 'due'],
    ['reminds again after a reminder late last night', { lastRemindedAt: local('2025-03-17', '23:59') }, true, 'due'],
    ['stays quiet with nothing due', { dueCount: 0 }, false, 'nothing-due'],
    ['stays quiet with a nonsense due count', { dueCount: Number.NaN }, false, 'nothing-due'],
    ['reminds for a single due article', { dueCount: 1 }, true, 'due'],
    ['rejects a time without two-digit hours', { settings: { time: '8:30' } }, false, 'invalid-time'],
    ['rejects an hour past 23', { settings: { time: '24:00' } }, false, 'invalid-time'],
    ['rejects minutes past 59', { settings: { time: '08:60' } }, false, 'invalid-time'],
    ['says it is off before checking anything else', { settings: { enabled: false, time: 'nonsense', days: [] }, dueCount: 0 }, false, 'disabled'],
  ])('%s', (_what, overrides, remind, reason) => {
    expect(shouldRemind(input(overrides))).toEqual(decision(remind, reason));
  });

  it('reminds once at 00:00 for a midnight reminder, and not again later that day', () => {
    const settings = { time: '00:00' };
    expect(shouldRemind(input({ settings, nowMs: local('2025-03-18', '00:00') }))).toEqual(decision(true, 'due'));
    expect(
      shouldRemind(input({ settings, nowMs: local('2025-03-18', '23:59'), lastRemindedAt: local('2025-03-18', '00:00') })),
    ).toEqual(decision(false, 'already-reminded-today'));
  });
});

describe('reminders across time zones and DST', () => {
  it.each([
    // zone, instant, local reading, remind at 08:30 on weekdays?
    ['Asia/Tokyo', '2025-03-18T00:00:00Z', 'Tue 09:00', true],
    ['Europe/Berlin', '2025-03-18T00:00:00Z', 'Tue 01:00', false],
    ['America/New_York', '2025-03-18T00:00:00Z', 'Mon 20:00', true],
    ['Pacific/Auckland', '2025-03-18T00:00:00Z', 'Tue 13:00', true],
    ['Pacific/Auckland', '2025-03-21T20:00:00Z', 'Sat 09:00', false],
  ])('in %s at %s (%s) reminds: %s', (timeZone, iso, _local, remind) => {
    expect(shouldRemind(input({ timeZone, nowMs: Date.parse(iso) })).remind).toBe(remind);
  });

  it('fires a 02:30 reminder at 03:00 on the night New York skips from 02:00 to 03:00', () => {
    const settings = { time: '02:30', days: [0] }; // 2025-03-09 is a Sunday
    expect(shouldRemind(input({ settings, nowMs: Date.parse('2025-03-09T06:59:00Z') }))).toEqual(
      decision(false, 'before-reminder-time'),
    ); // 01:59 EST
    expect(shouldRemind(input({ settings, nowMs: Date.parse('2025-03-09T07:00:00Z') }))).toEqual(decision(true, 'due')); // 03:00 EDT
  });

  it('fires a 01:30 reminder once on the night New York repeats 01:00–02:00', () => {
    const settings = { time: '01:30', days: [0] }; // 2025-11-02 is a Sunday
    const first = Date.parse('2025-11-02T05:30:00Z'); // 01:30 EDT
    const second = Date.parse('2025-11-02T06:30:00Z'); // 01:30 EST
    expect(shouldRemind(input({ settings, nowMs: first }))).toEqual(decision(true, 'due'));
    expect(shouldRemind(input({ settings, nowMs: second, lastRemindedAt: first }))).toEqual(
      decision(false, 'already-reminded-today'),
    );
  });

  it.each([
    ['Europe/Berlin', '2025-03-28T07:29:00Z', 'Fri 08:29 CET', false],
    ['Europe/Berlin', '2025-03-28T07:30:00Z', 'Fri 08:30 CET', true],
    ['Europe/Berlin', '2025-03-31T06:29:00Z', 'Mon 08:29 CEST', false],
    ['Europe/Berlin', '2025-03-31T06:30:00Z', 'Mon 08:30 CEST', true],
    ['Pacific/Auckland', '2025-04-03T19:30:00Z', 'Fri 08:30 NZDT', true],
    ['Pacific/Auckland', '2025-04-06T20:29:00Z', 'Mon 08:29 NZST', false],
    ['Pacific/Auckland', '2025-04-06T20:30:00Z', 'Mon 08:30 NZST', true],
  ])('follows the wall clock, not UTC, either side of a DST change: %s at %s (%s) reminds: %s', (timeZone, iso, _local, remind) => {
    expect(shouldRemind(input({ timeZone, nowMs: Date.parse(iso) })).remind).toBe(remind);
  });

  it('reminds again after flying from Tokyo to New York, where the last reminder was yesterday', () => {
    const inTokyo = Date.parse('2025-03-17T23:30:00Z'); // Tue 08:30 in Tokyo, Mon 19:30 in New York
    const inNewYork = Date.parse('2025-03-18T13:00:00Z'); // Tue 09:00 in New York
    expect(shouldRemind(input({ timeZone: 'Asia/Tokyo', nowMs: inTokyo })).remind).toBe(true);
    expect(shouldRemind(input({ timeZone: NY, nowMs: inNewYork, lastRemindedAt: inTokyo }))).toEqual(decision(true, 'due'));
  });

  it('does not remind twice after flying from New York to Tokyo on the same local day', () => {
    const inNewYork = Date.parse('2025-03-18T12:30:00Z'); // Tue 08:30 in New York, Tue 21:30 in Tokyo
    const inTokyo = Date.parse('2025-03-18T14:00:00Z'); // Tue 23:00 in Tokyo
    expect(shouldRemind(input({ timeZone: 'Asia/Tokyo', nowMs: inTokyo, lastRemindedAt: inNewYork }))).toEqual(
      decision(false, 'already-reminded-today'),
    );
  });
});

describe('the reminder text', () => {
  it.each([
    [0, 'No articles to review'],
    [1, '1 article to review — about 1 minute'],
    [2, '2 articles to review — about 2 minutes'],
    [5, '5 articles to review — about 4 minutes'],
    [10, '10 articles to review — about 8 minutes'],
    [100, '100 articles to review — about 75 minutes'],
    [-3, 'No articles to review'],
  ])('for %i due says "%s"', (count, text) => {
    expect(reminderText(count)).toBe(text);
  });

  it('estimates 45 seconds a review, and at least a minute', () => {
    expect(SECONDS_PER_REVIEW).toBe(45);
    expect([0, 1, 4, 40].map(estimatedReviewMinutes)).toEqual([0, 1, 3, 30]);
  });

  it.each([
    ['00:00', 0],
    ['08:30', 510],
    ['23:59', 1439],
    ['24:00', null],
    ['8:30', null],
    ['08:3', null],
    ['', null],
  ])('reads the time "%s" as %s minutes after midnight', (time, minutes) => {
    expect(parseReminderTime(time)).toBe(minutes);
  });
});
