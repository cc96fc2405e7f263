import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MS_PER_DAY, addDays, dayOfWeek, localTimeToEpoch, startOfReviewDay } from '../../src/domain/day';
import {
  HEATMAP_WEEKS,
  RETENTION_WINDOW_DAYS,
  currentStreak,
  retention,
  reviewHeatmap,
  reviewStats,
  statsSettled,
  statsWindowStart,
} from '../../src/domain/review-stats';
import type { Grade, ReviewCard, ReviewLogEntry } from '../../src/domain/scheduler';

const NY = 'America/New_York';
const TODAY = '2025-03-20';
const NOW = localTimeToEpoch(TODAY, 21 * 60, NY);

const local = (day: string, time: string, timeZone = NY) => {
  const [h, m] = time.split(':').map(Number);
  return localTimeToEpoch(day, h * 60 + m, timeZone);
};

/** A review on day `dayOffset` from today of a card that fell due on day `dueOffset`. */
function review(dayOffset: number, dueOffset = dayOffset, grade: Grade = 'good', time = '19:00', id = 'a'): ReviewLogEntry {
  return entry(id, local(addDays(TODAY, dayOffset), time), grade, startOfReviewDay(addDays(TODAY, dueOffset), NY));
}

function entry(articleId: string, reviewedAt: number, grade: Grade = 'good', due = reviewedAt): ReviewLogEntry {
  return {
    articleId,
    grade,
    reviewedAt,
    fsrs: { state: 'Review', stability: 5, difficulty: 5, elapsedDays: 3, lastElapsedDays: 3, scheduledDays: 3, learningSteps: 0 },
    before: { due, lastReview: reviewedAt - 3 * MS_PER_DAY, updatedAt: reviewedAt - 3 * MS_PER_DAY },
  };
}

/** A card not yet reviewed that fell due on day `dueOffset`. */
function pending(dueOffset: number, suspended = false): ReviewCard {
  return {
    articleId: `pending${dueOffset}`,
    due: startOfReviewDay(addDays(TODAY, dueOffset), NY),
    stability: 5,
    difficulty: 5,
    elapsedDays: 0,
    scheduledDays: 3,
    learningSteps: 0,
    reps: 1,
    lapses: 0,
    state: 'Review',
    lastReview: 0,
    suspended,
    createdAt: 0,
    updatedAt: 0,
  };
}

const times = (n: number, make: (i: number) => ReviewLogEntry) => Array.from({ length: n }, (_, i) => make(i));

describe('the review heatmap', () => {
  it('covers the last 16 weeks, oldest first, ending today, with weekdays for the layout', () => {
    const days = reviewHeatmap([], NOW, NY);
    expect(HEATMAP_WEEKS).toBe(16);
    expect(days).toHaveLength(112);
    expect(days[0].dayKey).toBe(addDays(TODAY, -111));
    expect(days.at(-1)!.dayKey).toBe(TODAY);
    for (const d of days) expect(d.weekday).toBe(dayOfWeek(d.dayKey));
  });

  it('counts reviews by review day: a session past midnight counts for the evening before', () => {
    const log = [
      entry('a', local(TODAY, '19:00')),
      entry('b', local(TODAY, '04:00')),
      entry('c', local(TODAY, '03:59')),
      entry('d', local(addDays(TODAY, -1), '23:59')),
      entry('e', local(addDays(TODAY, -111), '04:00')),
      entry('too-old', local(addDays(TODAY, -111), '03:59')),
      entry('future', local(addDays(TODAY, 1), '04:00')),
    ];
    const counts = new Map(reviewHeatmap(log, NOW, NY).map((d) => [d.dayKey, d.count]));
    expect(counts.get(TODAY)).toBe(2);
    expect(counts.get(addDays(TODAY, -1))).toBe(2);
    expect(counts.get(addDays(TODAY, -111))).toBe(1);
    expect([...counts.values()].reduce((a, b) => a + b)).toBe(5);
  });

  it.each([
    ['spring-forward', '2025-03-08', 23],
    ['fall-back', '2025-11-01', 25],
  ])('gives the %s review day %s its %i hours, no more, no less', (_change, day, hours) => {
    const log = times(hours + 1, (h) => entry(`r${h}`, startOfReviewDay(day, NY) + h * 3_600_000 + 1_800_000));
    const counts = new Map(reviewHeatmap(log, local(addDays(day, 3), '21:00'), NY).map((d) => [d.dayKey, d.count]));
    expect([addDays(day, -1), day, addDays(day, 1)].map((d) => counts.get(d))).toEqual([0, hours, 1]);
  });

  it.each([
    ['America/New_York', '2025-01-15'],
    ['Europe/Berlin', '2025-01-15'],
    ['Asia/Tokyo', '2025-01-16'],
    ['Pacific/Auckland', '2025-01-16'],
  ])('puts a review at 2025-01-15 20:00 UTC on the right day in %s: %s', (zone, day) => {
    const days = reviewHeatmap([entry('a', Date.parse('2025-01-15T20:00:00Z'))], Date.parse('2025-01-20T12:00:00Z'), zone);
    expect(days.filter((d) => d.count > 0).map((d) => d.dayKey)).toEqual([day]);
  });
});

describe('retention', () => {
  it('is the share of reviews in the last 30 review days not graded "Again"', () => {
    const log = [
      review(0, 0, 'good'),
      review(-1, -1, 'again'),
      review(-5, -5, 'hard'),
      review(-29, -29, 'easy', '04:00'),
      review(-29, -29, 'again', '03:59'), // belongs to day −30
      review(-40, -40, 'again'),
    ];
    expect(RETENTION_WINDOW_DAYS).toBe(30);
    expect(retention(log, NOW, NY)).toEqual({ reviews: 4, recalled: 3, rate: 0.75 });
  });

  it.each([
    ['no reviews', [], { reviews: 0, recalled: 0, rate: null }],
    ['only lapses', [review(0, 0, 'again'), review(-1, -1, 'again')], { reviews: 2, recalled: 0, rate: 0 }],
    ['no lapses', [review(0, 0, 'hard'), review(-1, -1, 'easy')], { reviews: 2, recalled: 2, rate: 1 }],
  ])('with %s, is %j', (_what, log, expected) => {
    expect(retention(log as ReviewLogEntry[], NOW, NY)).toEqual(expected);
  });

  it('can use another window', () => {
    expect(retention([review(-5), review(-10, -10, 'again')], NOW, NY, 7)).toEqual({ reviews: 1, recalled: 1, rate: 1 });
  });
});

describe('the current streak', () => {
  it.each<[string, ReviewLogEntry[], ReviewCard[], number]>([
    ['is 0 with no history', [], [], 0],
    ['counts three done days in a row, today included', [review(-2), review(-1), review(0)], [], 3],
    ['counts the days before today while today is still in progress', [review(-2), review(-1)], [pending(0)], 2],
    ['counts today once its reviews are done', [review(-1), review(0)], [], 2],
    ['skips a day with nothing due without breaking', [review(-4), review(-2), review(-1)], [], 3],
    ['skips several free days, including today', [review(-10), review(-3)], [], 2],
    ['breaks on a day something due was left undone', [review(-3), review(-1, -2)], [], 1],
    ['breaks on every day a late card waited', [review(-6), review(-5), review(-1, -3)], [], 1],
    ['breaks when a card is overdue right now', [review(-3), review(-2), review(-1, -1, 'good', '19:00', 'b')], [pending(-2)], 0],
    ['ignores suspended cards', [review(-2), review(-1)], [pending(-5, true)], 2],
    [
      'counts a day as done when the daily limit was reached, even with cards left over',
      [...times(10, (i) => review(-1, -1, 'good', '19:00', `c${i}`)), review(0, -1, 'good', '19:00', 'c10')],
      [],
      2,
    ],
    [
      'breaks when the limit was not reached and cards were left over',
      [...times(2, (i) => review(-1, -1, 'good', '19:00', `c${i}`)), review(0, -1, 'good', '19:00', 'late')],
      [],
      1,
    ],
    [
      'counts today as done once the daily limit is reached, even with cards still due',
      [...times(10, (i) => review(0, 0, 'good', '19:00', `c${i}`)), review(-1)],
      [pending(0)],
      2,
    ],
    ['counts an "Again" as a review done', [review(-1, -1, 'again'), review(0, 0, 'again')], [], 2],
    ['counts a session after midnight for the evening before', [review(-2), review(0, -1, 'good', '02:30')], [], 2],
  ])('%s', (_what, log, cards, expected) => {
    expect(currentStreak(log, cards, NOW, NY)).toBe(expected);
  });

  it.each([1, 62, 63, 64, 65, 100, 255, 256, 257, 400])(
    'follows a long streak back to a day missed %i days ago, however far that is',
    (missedAgo) => {
      const log: ReviewLogEntry[] = [];
      for (let d = -missedAgo - 30; d <= 0; d++) {
        if (d === -missedAgo) continue;
        // The card due on the missed day is reviewed a day late; every other day is on time.
        log.push(d === -missedAgo + 1 ? review(d, -missedAgo, 'good', '19:00', `late${d}`) : review(d, d, 'good', '19:00', `r${d}`));
      }
      expect(currentStreak(log, [], NOW, NY)).toBe(missedAgo);
    },
  );

  it('follows an unbroken streak through the whole history', () => {
    const log = Array.from({ length: 500 }, (_, i) => review(-i));
    expect(currentStreak(log, [], NOW, NY)).toBe(500);
  });

  it('counts review days across a spring-forward night, with a session at 00:30 counting for the day before', () => {
    const now = local('2025-03-09', '21:00');
    const log = [
      entry('a', local('2025-03-07', '19:00')),
      entry('b', local('2025-03-09', '00:30'), 'good', startOfReviewDay('2025-03-08', NY)),
      entry('c', local('2025-03-09', '19:00')),
    ];
    expect(currentStreak(log, [], now, NY)).toBe(3);
  });

  it('reads the days in the zone it is given', () => {
    // 23:30 UTC on three evenings: three New York days, or three Tokyo mornings.
    const log = [-2, -1, 0].map((d) => entry('a', Date.parse(`${addDays('2025-03-20', d)}T23:30:00Z`)));
    const now = Date.parse('2025-03-21T01:00:00Z');
    expect(currentStreak(log, [], now, 'America/New_York')).toBe(3);
    expect(currentStreak(log, [], now, 'Asia/Tokyo')).toBe(3);
    expect(currentStreak(log, [], Date.parse('2025-03-23T01:00:00Z'), 'Asia/Tokyo')).toBe(3);
  });

  it('uses the daily limit it is given', () => {
    const log = [...times(3, (i) => review(-1, -1, 'good', '19:00', `c${i}`)), review(0, -1, 'good', '19:00', 'left')];
    expect(currentStreak(log, [], NOW, NY, 3)).toBe(2);
    expect(currentStreak(log, [], NOW, NY, 4)).toBe(1);
  });

  it.each([
    ['an unreadable time', Number.NaN, 2],
    ['the earliest time a Date can hold', -8.64e15, 2],
    ['a time beyond what a Date can hold', 9e15, 2],
    ['1970', 0, 3], // A real if odd review: every day since is free.
  ])('is not thrown off by a review at %s', (_what, reviewedAt, expected) => {
    expect(currentStreak([entry('odd', reviewedAt), review(-1), review(0)], [], NOW, NY)).toBe(expected);
  });
});

describe('all the stats together', () => {
  it('returns the heatmap, the streak and retention from one call', () => {
    const log = [review(-1), review(0, 0, 'again')];
    const stats = reviewStats(log, [], NOW, NY);
    expect(stats.streak).toBe(2);
    expect(stats.retention).toEqual({ reviews: 2, recalled: 1, rate: 0.5 });
    expect(stats.heatmap.slice(-2).map((d) => d.count)).toEqual([1, 1]);
  });

  it.each(['America/New_York', 'Europe/Berlin', 'Asia/Tokyo', 'Pacific/Auckland'])(
    'agrees with the separate heatmap, streak and retention on a messy history in %s',
    (zone) => {
      let seed = 11;
      const random = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
      const grades: Grade[] = ['again', 'hard', 'good', 'easy'];
      const log = Array.from({ length: 3000 }, (_, i) => {
        const t = NOW - Math.floor(random() * 200 * MS_PER_DAY);
        return entry(`a${i % 50}`, t, grades[Math.floor(random() * 4)], t - Math.floor(random() * 4) * MS_PER_DAY);
      });
      const cards = Array.from({ length: 50 }, (_, i) => pending(Math.floor(random() * 10) - 3, i % 7 === 0));
      expect(reviewStats(log, cards, NOW, zone, 25)).toEqual({
        heatmap: reviewHeatmap(log, NOW, zone),
        streak: currentStreak(log, cards, NOW, zone, 25),
        retention: retention(log, NOW, zone),
      });
    },
  );

  it('handles 100,000 log entries and 10,000 cards quickly', () => {
    const log = times(100_000, (i) => entry(`a${i % 10_000}`, NOW - (i % 700) * MS_PER_DAY - (i % 13) * 3_600_000));
    const cards = Array.from({ length: 10_000 }, (_, i) => ({ ...pending(1 + (i % 60)), articleId: `a${i}` }));
    const started = performance.now();
    const stats = reviewStats(log, cards, NOW, NY);
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(stats.heatmap).toHaveLength(112);
    expect(stats.retention.reviews).toBeGreaterThan(0);
  });
});

describe('how much of the log the stats need', () => {
  /** A day on time every day for `days` days up to today, except a missed day `missedAgo` days ago. */
  function history(days: number, missedAgo?: number): ReviewLogEntry[] {
    const log: ReviewLogEntry[] = [];
    for (let d = -days; d <= 0; d++) {
      if (missedAgo !== undefined && d === -missedAgo) continue;
      log.push(missedAgo !== undefined && d === -missedAgo + 1 ? review(d, -missedAgo, 'good', '19:00', `late${d}`) : review(d, d, 'good', '19:00', `r${d}`));
    }
    return log;
  }
  const since = (log: readonly ReviewLogEntry[], from: number) => log.filter((e) => e.reviewedAt >= from);
  const windowStart = () => statsWindowStart(NOW, NY);

  it('starts the window at the heatmap’s first day', () => {
    expect(windowStart()).toBe(startOfReviewDay(addDays(TODAY, 1 - HEATMAP_WEEKS * 7), NY));
    expect(RETENTION_WINDOW_DAYS).toBeLessThanOrEqual(HEATMAP_WEEKS * 7);
  });

  it('is settled by the window when the streak broke inside it', () => {
    const log = history(300, 20);
    const partial = since(log, windowStart());
    expect(statsSettled(partial, [], NOW, NY, 10, windowStart())).toBe(true);
    expect(reviewStats(partial, [], NOW, NY, 10)).toEqual(reviewStats(log, [], NOW, NY, 10));
  });

  it('needs older reviews while the streak reaches past what was read, and is settled once it is read', () => {
    const log = history(300, 150);
    const partial = since(log, windowStart());
    expect(statsSettled(partial, [], NOW, NY, 10, windowStart())).toBe(false);
    expect(reviewStats(partial, [], NOW, NY, 10).streak).not.toBe(149);
    // The missed day itself must be read whole: from its start it is settled, from its evening not.
    const missedDay = startOfReviewDay(addDays(TODAY, -150), NY);
    expect(statsSettled(since(log, missedDay), [], NOW, NY, 10, missedDay)).toBe(true);
    expect(statsSettled(since(log, missedDay + 3_600_000), [], NOW, NY, 10, missedDay + 3_600_000)).toBe(false);
    expect(reviewStats(since(log, missedDay), [], NOW, NY, 10)).toEqual(reviewStats(log, [], NOW, NY, 10));
  });

  it('is never settled by a read that starts after the window, and always by the whole log', () => {
    const log = history(30, 3);
    expect(statsSettled(log, [], NOW, NY, 10, windowStart() + 1)).toBe(false);
    expect(statsSettled(history(500), [], NOW, NY, 10, -Infinity)).toBe(true);
    expect(statsSettled(history(500), [], NOW, NY, 10, windowStart())).toBe(false); // unbroken: all of it is needed
  });

  it('whenever it says settled, the partial log gives exactly the stats of the whole log, now and later', () => {
    const zones = fc.constantFrom('America/New_York', 'Europe/Berlin', 'Asia/Kathmandu', 'Pacific/Auckland');
    const day = fc.integer({ min: -160, max: 0 });
    const logEntry = fc.record({ day, late: fc.oneof(fc.constant(0), fc.nat({ max: 5 })), hour: fc.integer({ min: 0, max: 23 }), again: fc.boolean(), id: fc.nat({ max: 30 }) });
    const card = fc.record({ due: fc.integer({ min: -60, max: 10 }), suspended: fc.boolean() });
    let settledCases = 0;
    fc.assert(
      fc.property(
        zones,
        fc.array(logEntry, { maxLength: 400 }),
        fc.array(card, { maxLength: 8 }),
        fc.integer({ min: 0, max: 12 }),
        fc.integer({ min: -160, max: -100 }),
        fc.integer({ min: 0, max: 47 }),
        fc.integer({ min: 0, max: 72 }),
        (zone, entries, cardSpecs, limit, sinceDay, sinceHalfHours, laterHours) => {
          const log = entries.map((e, i) => {
            const at = local(addDays(TODAY, e.day), `${String(e.hour).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}`, zone);
            return entry(`a${e.id}-${i}`, at, e.again ? 'again' : 'good', startOfReviewDay(addDays(TODAY, e.day - e.late), zone));
          });
          const cards = cardSpecs.map((c, i) => ({ ...pending(c.due, c.suspended), articleId: `p${i}`, due: startOfReviewDay(addDays(TODAY, c.due), zone) }));
          const from = startOfReviewDay(addDays(TODAY, sinceDay), zone) + sinceHalfHours * 1_800_000;
          const partial = log.filter((e) => e.reviewedAt >= from);
          if (!statsSettled(partial, cards, NOW, zone, limit, from)) return;
          settledCases++;
          for (const at of [NOW, NOW + laterHours * 3_600_000]) {
            expect(reviewStats(partial, cards, at, zone, limit)).toEqual(reviewStats(log, cards, at, zone, limit));
          }
        },
      ),
      { numRuns: 400 },
    );
    expect(settledCases).toBeGreaterThan(40); // the property was exercised, not skipped
  });
});
