import { describe, expect, it } from 'vitest';
import {
  MS_PER_HOUR,
  REVIEW_DAY_ROLLOVER_HOUR,
  addDays,
  calendarDay,
  createReviewDayIndexer,
  dayKeyFromNumber,
  dayNumber,
  dayOfWeek,
  daysBetween,
  endOfReviewDay,
  isDayKey,
  isValidTimeZone,
  localDateTime,
  localTimeToEpoch,
  reviewDay,
  reviewDayNumber,
  startOfReviewDay,
  utcOffsetMs,
} from '../../src/domain/day';

const at = (iso: string) => Date.parse(iso);
const ZONES = ['America/New_York', 'Europe/Berlin', 'Asia/Tokyo', 'Pacific/Auckland'] as const;

describe('the review day', () => {
  it('rolls over at 4 a.m. local time', () => {
    expect(REVIEW_DAY_ROLLOVER_HOUR).toBe(4);
  });

  it.each([
    // zone, instant (UTC), local wall time, review day
    ['America/New_York', '2025-01-15T08:59:59Z', '03:59:59 EST', '2025-01-14'],
    ['America/New_York', '2025-01-15T09:00:00Z', '04:00 EST', '2025-01-15'],
    ['America/New_York', '2025-07-15T07:59:59Z', '03:59:59 EDT', '2025-07-14'],
    ['America/New_York', '2025-07-15T08:00:00Z', '04:00 EDT', '2025-07-15'],
    ['America/New_York', '2025-01-16T04:30:00Z', '23:30 EST', '2025-01-15'],
    ['Europe/Berlin', '2025-01-15T02:59:59Z', '03:59:59 CET', '2025-01-14'],
    ['Europe/Berlin', '2025-01-15T03:00:00Z', '04:00 CET', '2025-01-15'],
    ['Europe/Berlin', '2025-07-15T02:00:00Z', '04:00 CEST', '2025-07-15'],
    ['Asia/Tokyo', '2025-01-14T18:59:59Z', '03:59:59 JST', '2025-01-14'],
    ['Asia/Tokyo', '2025-01-14T19:00:00Z', '04:00 JST', '2025-01-15'],
    ['Pacific/Auckland', '2025-01-14T14:59:59Z', '03:59:59 NZDT', '2025-01-14'],
    ['Pacific/Auckland', '2025-01-14T15:00:00Z', '04:00 NZDT', '2025-01-15'],
    ['Pacific/Auckland', '2025-07-14T16:00:00Z', '04:00 NZST', '2025-07-15'],
  ])('in %s, %s (%s) belongs to review day %s', (zone, iso, _wall, expected) => {
    expect(reviewDay(at(iso), zone)).toBe(expected);
  });

  it.each([
    ['America/New_York', '2025-01-15'],
    ['Europe/Berlin', '2025-01-15'],
    ['Asia/Tokyo', '2025-01-16'],
    ['Pacific/Auckland', '2025-01-16'],
  ])('reads the same instant in the zone it is given: %s puts 2025-01-15 20:00 UTC on %s', (zone, expected) => {
    expect(reviewDay(at('2025-01-15T20:00:00Z'), zone)).toBe(expected);
  });

  it('keeps a session just after midnight on the evening it began, unlike the calendar day', () => {
    const halfPastMidnight = at('2025-01-15T05:30:00Z'); // 00:30 in New York
    expect(calendarDay(halfPastMidnight, 'America/New_York')).toBe('2025-01-15');
    expect(reviewDay(halfPastMidnight, 'America/New_York')).toBe('2025-01-14');
  });
});

describe('the start of a review day', () => {
  it.each([
    // zone, day, start (UTC), hours in that review day: 23 or 25 across a DST change
    ['America/New_York', '2025-03-08', '2025-03-08T09:00:00Z', 23],
    ['America/New_York', '2025-03-09', '2025-03-09T08:00:00Z', 24],
    ['America/New_York', '2025-11-01', '2025-11-01T08:00:00Z', 25],
    ['America/New_York', '2025-11-02', '2025-11-02T09:00:00Z', 24],
    ['Europe/Berlin', '2025-03-29', '2025-03-29T03:00:00Z', 23],
    ['Europe/Berlin', '2025-03-30', '2025-03-30T02:00:00Z', 24],
    ['Europe/Berlin', '2025-10-25', '2025-10-25T02:00:00Z', 25],
    ['Asia/Tokyo', '2025-03-09', '2025-03-08T19:00:00Z', 24],
    ['Pacific/Auckland', '2025-04-05', '2025-04-04T15:00:00Z', 25],
    ['Pacific/Auckland', '2025-04-06', '2025-04-05T16:00:00Z', 24],
    ['Pacific/Auckland', '2025-09-27', '2025-09-26T16:00:00Z', 23],
    ['Pacific/Auckland', '2025-09-28', '2025-09-27T15:00:00Z', 24],
  ])('in %s, review day %s starts at %s and lasts %i hours', (zone, day, iso, hours) => {
    expect(new Date(startOfReviewDay(day, zone)).toISOString()).toBe(new Date(at(iso)).toISOString());
    expect((endOfReviewDay(day, zone) - startOfReviewDay(day, zone)) / MS_PER_HOUR).toBe(hours);
  });

  it.each([...ZONES, 'Australia/Lord_Howe', 'America/St_Johns', 'Asia/Kathmandu', 'UTC'])(
    'is 04:00 on the local clock and round-trips through reviewDay for every day of 2025 in %s',
    (zone) => {
      for (let day = '2025-01-01'; day < '2026-01-01'; day = addDays(day, 1)) {
        const start = startOfReviewDay(day, zone);
        const local = localDateTime(start, zone);
        expect([local.hour, local.minute, day]).toEqual([4, 0, calendarDay(start, zone)]);
        expect(reviewDay(start, zone)).toBe(day);
        expect(reviewDay(start - 1, zone)).toBe(addDays(day, -1));
      }
    },
  );
});

describe('local wall times', () => {
  it.each([
    // zone, day, HH:MM, instant: skipped times move past the gap, repeated times take the first
    ['America/New_York', '2025-03-09', '02:30', '2025-03-09T07:30:00Z'],
    ['America/New_York', '2025-03-09', '03:00', '2025-03-09T07:00:00Z'],
    ['America/New_York', '2025-11-02', '01:30', '2025-11-02T05:30:00Z'],
    ['Europe/Berlin', '2025-03-30', '02:15', '2025-03-30T01:15:00Z'],
    ['Europe/Berlin', '2025-10-26', '02:30', '2025-10-26T00:30:00Z'],
    ['Pacific/Auckland', '2025-04-06', '02:30', '2025-04-05T13:30:00Z'],
    ['Pacific/Auckland', '2025-09-28', '02:30', '2025-09-27T14:30:00Z'],
    ['Asia/Tokyo', '2025-06-01', '09:00', '2025-06-01T00:00:00Z'],
  ])('in %s on %s, %s is %s', (zone, day, time, iso) => {
    const [h, m] = time.split(':').map(Number);
    expect(new Date(localTimeToEpoch(day, h * 60 + m, zone)).toISOString()).toBe(new Date(at(iso)).toISOString());
  });

  it.each([
    ['America/New_York', '2025-01-15T12:00:00Z', -5],
    ['America/New_York', '2025-07-15T12:00:00Z', -4],
    ['Europe/Berlin', '2025-01-15T12:00:00Z', 1],
    ['Asia/Tokyo', '2025-01-15T12:00:00Z', 9],
    ['Pacific/Auckland', '2025-01-15T12:00:00Z', 13],
    ['Pacific/Auckland', '2025-07-15T12:00:00Z', 12],
    ['Asia/Kathmandu', '2025-07-15T12:00:00Z', 5.75],
  ])('knows %s is UTC%+d hours at %s', (zone, iso, hours) => {
    expect(utcOffsetMs(at(iso), zone)).toBe(hours * MS_PER_HOUR);
  });

  it('reads the date, time and weekday of an instant', () => {
    expect(localDateTime(at('2025-03-09T07:30:15.999Z'), 'America/New_York')).toEqual({
      year: 2025,
      month: 3,
      day: 9,
      hour: 3,
      minute: 30,
      second: 15,
      weekday: 0,
    });
  });

  it('tells real zone names from made-up ones', () => {
    expect(isValidTimeZone('Europe/Berlin')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus_Mons')).toBe(false);
  });
});

describe('day arithmetic', () => {
  it.each([
    ['2024-02-28', 1, '2024-02-29'],
    ['2024-02-29', 1, '2024-03-01'],
    ['2025-02-28', 1, '2025-03-01'],
    ['2025-03-01', -1, '2025-02-28'],
    ['2024-12-31', 1, '2025-01-01'],
    ['2025-03-08', 1, '2025-03-09'],
    ['2025-11-02', -1, '2025-11-01'],
    ['2025-01-15', 365, '2026-01-15'],
    ['2025-01-15', 0, '2025-01-15'],
  ])('moves %s by %i days to %s', (day, n, expected) => {
    expect(addDays(day, n)).toBe(expected);
    expect(daysBetween(day, expected)).toBe(n);
  });

  it.each([
    ['2025-01-05', 0],
    ['2025-01-06', 1],
    ['2025-01-11', 6],
    ['1970-01-01', 4],
    ['1969-12-28', 0],
  ])('knows %s is weekday %i (0 = Sunday)', (day, weekday) => {
    expect(dayOfWeek(day)).toBe(weekday);
  });

  it('numbers days from 1970-01-01 and back', () => {
    expect(dayNumber('1970-01-01')).toBe(0);
    expect(dayNumber('2025-01-15')).toBe(20103);
    expect(dayKeyFromNumber(20103)).toBe('2025-01-15');
    expect(dayKeyFromNumber(-1)).toBe('1969-12-31');
  });

  it.each(['2025-02-30', '2025-13-01', '2025-1-5', '20250105', '', 'yesterday'])('rejects %j as a day key', (key) => {
    expect(isDayKey(key)).toBe(false);
    expect(() => dayNumber(key)).toThrow(RangeError);
  });
});

describe('the bulk review-day indexer', () => {
  it.each([...ZONES, 'Australia/Lord_Howe', 'America/St_Johns'])(
    'agrees with reviewDay every 7 minutes through both 2025 DST changes in %s',
    (zone) => {
      const dayOf = createReviewDayIndexer(zone);
      const disagreements: string[] = [];
      for (const [from, to] of [
        ['2025-03-07T00:00:00Z', '2025-04-08T00:00:00Z'],
        ['2025-09-25T00:00:00Z', '2025-11-04T00:00:00Z'],
      ]) {
        for (let t = at(from); t < at(to); t += 7 * 60_000 + 13) {
          if (dayOf(t) !== reviewDayNumber(t, zone)) disagreements.push(new Date(t).toISOString());
        }
      }
      expect(disagreements).toEqual([]);
    },
  );

  it('agrees with reviewDay at both sides of every rollover, in any order of calls', () => {
    const zone = 'America/New_York';
    const dayOf = createReviewDayIndexer(zone);
    const instants: number[] = [];
    for (let day = '2025-03-01'; day < '2025-11-30'; day = addDays(day, 1)) {
      const start = startOfReviewDay(day, zone);
      instants.push(start, start - 1, start + 1);
    }
    instants.reverse();
    for (const t of instants) expect(dayOf(t)).toBe(reviewDayNumber(t, zone));
  });

  it('answers times centuries apart without losing its memo, and NaN for times no Date can hold', () => {
    const zone = 'Europe/Berlin';
    const dayOf = createReviewDayIndexer(zone);
    const times = [at('2025-06-01T12:00:00Z'), -8.6e15, at('1700-03-01T12:00:00Z'), 8.6e15, at('2025-06-02T12:00:00Z')];
    for (const t of [...times, ...times]) expect(dayOf(t)).toBe(reviewDayNumber(t, zone));
    expect([Number.NaN, Number.POSITIVE_INFINITY, 9e15].map(dayOf)).toEqual([Number.NaN, Number.NaN, Number.NaN]);
  });

  it('throws at once for an unknown zone', () => {
    expect(() => createReviewDayIndexer('Not/A_Zone')).toThrow(RangeError);
  });
});
