import { get_fuzz_range } from 'ts-fsrs';
import { describe, expect, it } from 'vitest';
import {
  MS_PER_DAY,
  addDays,
  daysBetween,
  endOfReviewDay,
  localTimeToEpoch,
  reviewDay,
  startOfReviewDay,
} from '../../src/domain/day';
import { DEFAULT_DAILY_LIMIT, FORECAST_DAYS, dueQueue, forecast, nextReviewSummary } from '../../src/domain/review-queue';
import {
  MAXIMUM_INTERVAL_DAYS,
  gradeCard,
  newCardOnFinish,
  retrievability,
  type Grade,
  type ReviewCard,
  type ReviewLogEntry,
} from '../../src/domain/scheduler';

const NY = 'America/New_York';
const local = (day: string, time: string, timeZone = NY) => {
  const [h, m] = time.split(':').map(Number);
  return localTimeToEpoch(day, h * 60 + m, timeZone);
};

/** A review card due at `due`, last reviewed `stability`-ish days before; only what the queue reads matters. */
function card(articleId: string, due: number, overrides: Partial<ReviewCard> = {}): ReviewCard {
  const scheduledDays = overrides.scheduledDays ?? 10;
  return {
    articleId,
    due,
    stability: 10,
    difficulty: 5,
    elapsedDays: 0,
    scheduledDays,
    learningSteps: 0,
    reps: 3,
    lapses: 0,
    state: 'Review',
    lastReview: due - scheduledDays * MS_PER_DAY,
    suspended: false,
    createdAt: 0,
    updatedAt: 0,
    ...overrides,
  };
}

const ids = (cards: readonly ReviewCard[]) => cards.map((c) => c.articleId);

describe('the due queue', () => {
  const now = local('2025-01-15', '20:00');

  it.each([
    // due (local, New York), in today's queue at 20:00 on 2025-01-15?
    ['2025-01-01', '09:00', true],
    ['2025-01-15', '04:00', true],
    ['2025-01-15', '23:59', true],
    ['2025-01-16', '03:59', true],
    ['2025-01-16', '04:00', false],
    ['2025-01-20', '04:00', false],
  ])('with a card due %s %s, includes it: %s (the day ends at 04:00)', (day, time, included) => {
    expect(ids(dueQueue([card('a', local(day, time))], now, NY))).toEqual(included ? ['a'] : []);
  });

  it('still counts a session at 02:00 as the evening before', () => {
    const lateNight = local('2025-01-16', '02:00');
    const cards = [card('yesterday', local('2025-01-16', '03:59')), card('today', local('2025-01-16', '04:00'))];
    expect(ids(dueQueue(cards, lateNight, NY))).toEqual(['yesterday']);
  });

  it('ends the review day at 04:00 local time on the night the clocks spring forward', () => {
    const saturdayNight = local('2025-03-08', '23:00');
    const cards = [
      card('before-rollover', Date.parse('2025-03-09T07:59:00Z')), // 03:59 EDT
      card('after-rollover', Date.parse('2025-03-09T08:00:00Z')), // 04:00 EDT
    ];
    expect(ids(dueQueue(cards, saturdayNight, NY))).toEqual(['before-rollover']);
  });

  it.each([
    ['Europe/Berlin', '2025-01-16T02:59:00Z', '2025-01-16T03:00:00Z'],
    ['Asia/Tokyo', '2025-01-15T18:59:00Z', '2025-01-15T19:00:00Z'],
    ['Pacific/Auckland', '2025-01-15T14:59:00Z', '2025-01-15T15:00:00Z'],
  ])('in %s, takes a card due %s but not one due %s', (zone, inside, outside) => {
    const evening = startOfReviewDay('2025-01-15', zone) + 14 * 3_600_000;
    const cards = [card('in', Date.parse(inside)), card('out', Date.parse(outside))];
    expect(ids(dueQueue(cards, evening, zone))).toEqual(['in']);
  });

  it('leaves suspended cards out', () => {
    const cards = [card('a', local('2025-01-10', '04:00'), { suspended: true }), card('b', local('2025-01-10', '04:00'))];
    expect(ids(dueQueue(cards, now, NY))).toEqual(['b']);
  });

  it('puts cards overdue longest first, and the least retrievable first among cards due the same day', () => {
    const cards = [
      card('today-safe', local('2025-01-15', '04:00'), { stability: 50, lastReview: now - 40 * MS_PER_DAY }),
      card('today-at-risk', local('2025-01-15', '04:00'), { stability: 2, lastReview: now - 3 * MS_PER_DAY }),
      card('three-days-late', local('2025-01-12', '04:00'), { stability: 80, lastReview: now - 60 * MS_PER_DAY }),
      card('a-week-late', local('2025-01-08', '04:00'), { stability: 300, lastReview: now - 250 * MS_PER_DAY }),
    ];
    expect(ids(dueQueue(cards, now, NY))).toEqual(['a-week-late', 'three-days-late', 'today-at-risk', 'today-safe']);
    expect(retrievability(cards[1], now)).toBeLessThan(retrievability(cards[0], now));
  });

  it('orders ties by id so the queue is the same on every call', () => {
    const due = local('2025-01-15', '04:00');
    const cards = ['c', 'a', 'b'].map((id) => card(id, due));
    expect(ids(dueQueue(cards, now, NY))).toEqual(['a', 'b', 'c']);
  });

  it.each([
    [DEFAULT_DAILY_LIMIT, 0, 10],
    [10, 4, 6],
    [10, 10, 0],
    [10, 12, 0],
    [3, 0, 3],
    [0, 0, 0],
    [Number.NaN, 0, 10],
    [25, 0, 20],
  ])('with a daily limit of %s and %i already reviewed today, offers %i of 20 due cards', (limit, reviewed, expected) => {
    const cards = Array.from({ length: 20 }, (_, i) => card(`c${String(i).padStart(2, '0')}`, local('2025-01-14', '04:00')));
    expect(dueQueue(cards, now, NY, limit, reviewed)).toHaveLength(expected);
  });

  it('defaults to ten reviews a day', () => {
    expect(DEFAULT_DAILY_LIMIT).toBe(10);
  });
});

describe('the 14-day forecast', () => {
  const now = local('2025-03-01', '12:00');

  it('has one entry per review day starting today', () => {
    const days = forecast([], now, NY);
    expect(FORECAST_DAYS).toBe(14);
    expect(days).toHaveLength(14);
    expect(days.map((d) => d.dayKey)).toEqual(Array.from({ length: 14 }, (_, i) => addDays('2025-03-01', i)));
    expect(days.every((d) => d.count === 0)).toBe(true);
  });

  it('counts overdue cards today, skips suspended ones and those beyond the window', () => {
    const cards = [
      card('overdue', local('2025-02-01', '04:00')),
      card('today', local('2025-03-01', '04:00')),
      card('tonight', local('2025-03-02', '03:00')),
      card('suspended', local('2025-03-01', '04:00'), { suspended: true }),
      card('tomorrow', local('2025-03-02', '04:00')),
      card('across-dst', startOfReviewDay('2025-03-10', NY)),
      card('last-day', local('2025-03-14', '04:00')),
      card('too-late', local('2025-03-15', '04:00')),
    ];
    const counts = Object.fromEntries(forecast(cards, now, NY).map((d) => [d.dayKey, d.count]));
    expect(counts['2025-03-01']).toBe(3);
    expect(counts['2025-03-02']).toBe(1);
    expect(counts['2025-03-10']).toBe(1);
    expect(counts['2025-03-14']).toBe(1);
    expect(Object.values(counts).reduce((a, b) => a + b)).toBe(6);
  });

  it.each(['America/New_York', 'Europe/Berlin', 'Asia/Tokyo', 'Pacific/Auckland'])(
    'puts every card on the review day of its due date in %s',
    (zone) => {
      const start = Date.parse('2025-03-25T00:00:00Z');
      const cards = Array.from({ length: 400 }, (_, i) => card(`c${i}`, start + i * 3_600_000 + 17 * 60_000));
      const today = reviewDay(start, zone);
      const days = forecast(cards, start, zone, 14);
      for (const [i, day] of days.entries()) {
        const expected = cards.filter((c) => (i === 0 ? c.due < endOfReviewDay(day.dayKey, zone) : reviewDay(c.due, zone) === day.dayKey));
        expect([day.dayKey, day.count]).toEqual([addDays(today, i), expected.length]);
      }
    },
  );

  it('can look further ahead, or not at all', () => {
    expect(forecast([], now, NY, 30)).toHaveLength(30);
    expect(forecast([card('a', now)], now, NY, 0)).toEqual([]);
  });
});

describe('the next review summary', () => {
  const now = local('2025-03-01', '21:00');

  it.each([
    ['nothing at all', [], null],
    ['only suspended cards', [card('s', local('2025-03-03', '04:00'), { suspended: true })], null],
    [
      'four cards in two days',
      [
        card('a', startOfReviewDay('2025-03-03', NY)),
        card('b', startOfReviewDay('2025-03-03', NY)),
        card('c', local('2025-03-03', '18:00')),
        card('d', local('2025-03-04', '03:30')),
        card('e', startOfReviewDay('2025-03-04', NY)),
      ],
      { dayKey: '2025-03-03', inDays: 2, count: 4 },
    ],
    [
      'cards left over today by the daily limit, which carry into tomorrow',
      [
        card('left-over', local('2025-02-27', '04:00')),
        card('due-today', local('2025-03-01', '04:00')),
        card('tomorrow', local('2025-03-02', '09:00')),
        card('later', local('2025-03-09', '09:00')),
      ],
      { dayKey: '2025-03-02', inDays: 1, count: 3 },
    ],
    ['a card in a year', [card('far', startOfReviewDay('2026-03-01', NY))], { dayKey: '2026-03-01', inDays: 365, count: 1 }],
  ])('with %s, reports %j', (_what, cards, expected) => {
    expect(nextReviewSummary(cards as ReviewCard[], now, NY)).toEqual(expected);
  });
});

// ---------------------------------------------------------------------------------------------

type Strategy = (random: () => number, card: ReviewCard) => Grade;

interface Simulation {
  cards: Map<string, ReviewCard>;
  logs: ReviewLogEntry[];
  /** Per article, every version of its card in order. */
  history: Map<string, ReviewCard[]>;
  /** Review days late of each review (0 = on its due day). */
  lateness: number[];
  sessions: { day: string; queue: ReviewCard[]; dueLeft: ReviewCard[] }[];
}

const SIM_START = '2025-01-06';
const SIM_DAYS = 365;
const ARTICLES = 60;

function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A reader in New York (two DST changes a year) who, on every day not skipped, reviews the due queue
 * at 19:30 with a fixed clock, then finishes one new article at 20:30 until there are 60 of them.
 */
function simulate(strategy: Strategy, skip: (dayIndex: number) => boolean = () => false): Simulation {
  const random = mulberry32(2025);
  const cards = new Map<string, ReviewCard>();
  const history = new Map<string, ReviewCard[]>();
  const logs: ReviewLogEntry[] = [];
  const lateness: number[] = [];
  const sessions: Simulation['sessions'] = [];
  let finished = 0;
  for (let d = 0; d < SIM_DAYS; d++) {
    if (skip(d)) continue;
    const day = addDays(SIM_START, d);
    const now = local(day, '19:30');
    const queue = dueQueue([...cards.values()], now, NY);
    queue.forEach((c, i) => {
      const reviewedAt = now + i * 45_000;
      lateness.push(daysBetween(reviewDay(c.due, NY), day));
      const { card: next, log } = gradeCard(c, strategy(random, c), reviewedAt, { timeZone: NY });
      cards.set(next.articleId, next);
      history.get(next.articleId)!.push(next);
      logs.push(log);
    });
    const end = endOfReviewDay(day, NY);
    sessions.push({ day, queue, dueLeft: [...cards.values()].filter((c) => c.due < end) });
    if (finished < ARTICLES) {
      const c = newCardOnFinish(`article-${finished++}`, local(day, '20:30'), { timeZone: NY });
      cards.set(c.articleId, c);
      history.set(c.articleId, [c]);
    }
  }
  return { cards, logs, history, lateness, sessions };
}

const always = (grade: Grade): Strategy => () => grade;
const mixed: Strategy = (random) => {
  const x = random();
  return x < 0.1 ? 'again' : x < 0.25 ? 'hard' : x < 0.9 ? 'good' : 'easy';
};

/** Checks that hold for every reader: nothing lost, nothing duplicated, the cap, the queue order. */
function expectSoundSchedule(sim: Simulation) {
  expect(sim.cards.size).toBe(ARTICLES);
  for (const { queue, dueLeft } of sim.sessions) {
    expect(new Set(ids(queue)).size).toBe(queue.length);
    expect(queue.length).toBeLessThanOrEqual(DEFAULT_DAILY_LIMIT);
    // Cards left due after a session exist only when the session hit the limit, and none of them
    // was due earlier than a card that was shown.
    if (dueLeft.length > 0) {
      expect(queue).toHaveLength(DEFAULT_DAILY_LIMIT);
      const lastShown = Math.max(...queue.map((c) => daysBetween(SIM_START, reviewDay(c.due, NY))));
      const firstLeft = Math.min(...dueLeft.map((c) => daysBetween(SIM_START, reviewDay(c.due, NY))));
      expect(lastShown).toBeLessThanOrEqual(firstLeft);
    }
  }
  // Collected rather than asserted one by one: thousands of expect() calls would dominate the run.
  const problems: string[] = [];
  for (const [id, versions] of sim.history) {
    const reviews = sim.logs.filter((l) => l.articleId === id);
    if (reviews.length !== versions.length - 1) problems.push(`${id}: ${reviews.length} logs, ${versions.length} versions`);
    if (versions.at(-1) !== sim.cards.get(id)) problems.push(`${id}: latest version is not the stored card`);
    reviews.forEach((log, i) => {
      if (log.before.due !== versions[i].due) problems.push(`${id} review ${i}: logged the wrong due date`);
      if (versions[i + 1].reps !== versions[i].reps + 1) problems.push(`${id} review ${i}: reps did not go up by one`);
    });
    for (const v of versions) {
      if (!(v.scheduledDays >= 1 && v.scheduledDays <= MAXIMUM_INTERVAL_DAYS)) problems.push(`${id}: ${v.scheduledDays} days`);
      if (daysBetween(reviewDay(v.lastReview!, NY), reviewDay(v.due, NY)) !== v.scheduledDays) {
        problems.push(`${id}: due is not ${v.scheduledDays} review days after the last review`);
      }
    }
  }
  expect(problems).toEqual([]);
}

describe('a simulated learner over 365 days', { timeout: 60_000 }, () => {
  it('who always answers "Good" sees intervals grow as FSRS predicts, up to the one-year cap', () => {
    const sim = simulate(always('good'));
    expectSoundSchedule(sim);
    expect(sim.lateness.every((late) => late === 0)).toBe(true);
    for (const versions of sim.history.values()) {
      for (let i = 1; i < versions.length; i++) {
        const [prev, next] = [versions[i - 1], versions[i]];
        expect(next.stability).toBeGreaterThan(prev.stability);
        expect(next.scheduledDays).toBeGreaterThan(prev.scheduledDays);
        // At 90 % retention FSRS's interval is the stability in days, then fuzzed within its range.
        const nominal = Math.min(MAXIMUM_INTERVAL_DAYS, Math.round(next.stability));
        const { min_ivl, max_ivl } = get_fuzz_range(nominal, next.elapsedDays, MAXIMUM_INTERVAL_DAYS);
        expect(next.scheduledDays).toBeGreaterThanOrEqual(min_ivl);
        expect(next.scheduledDays).toBeLessThanOrEqual(max_ivl);
      }
    }
    const first = sim.history.get('article-0')!.map((c) => c.scheduledDays);
    expect(first[0]).toBe(3);
    expect(first.at(-1)).toBeGreaterThan(MAXIMUM_INTERVAL_DAYS * 0.9);
  });

  it('who always answers "Again" is shown every article again within six days, at one-day intervals', () => {
    const sim = simulate(always('again'));
    expectSoundSchedule(sim);
    // 60 articles due daily through a limit of 10: each waits at most 60 / 10 = 6 days, none starves.
    expect(Math.max(...sim.lateness)).toBeLessThanOrEqual(ARTICLES / DEFAULT_DAILY_LIMIT);
    for (const versions of sim.history.values()) {
      expect(versions.length).toBeGreaterThan(30);
      const after = versions.slice(1);
      expect(after.every((v, i) => v.stability <= versions[i].stability)).toBe(true);
      expect(after.every((v) => v.scheduledDays === 1)).toBe(true);
      expect(after.map((v) => v.lapses)).toEqual(after.map((_, i) => i + 1));
    }
    expect(sim.sessions.filter((s) => s.queue.length === DEFAULT_DAILY_LIMIT).length).toBeGreaterThan(300);
  });

  it('with mixed answers, forgets on "Again", strengthens on "Good" and "Easy", and stays on schedule', () => {
    const sim = simulate(mixed);
    expectSoundSchedule(sim);
    const grades = new Set(sim.logs.map((l) => l.grade));
    expect(grades).toEqual(new Set(['again', 'hard', 'good', 'easy']));
    for (const versions of sim.history.values()) {
      const reviews = sim.logs.filter((l) => l.articleId === versions[0].articleId);
      reviews.forEach((log, i) => {
        const [prev, next] = [versions[i], versions[i + 1]];
        if (log.grade === 'again') {
          expect(next.stability).toBeLessThanOrEqual(prev.stability);
          expect(next.lapses).toBe(prev.lapses + 1);
        } else if (log.grade === 'good' || log.grade === 'easy') {
          expect(next.stability).toBeGreaterThan(prev.stability);
          expect(next.lapses).toBe(prev.lapses);
        }
      });
    }
    expect(Math.max(...sim.lateness)).toBeLessThanOrEqual(1);
  });

  it('who misses a week finds the most overdue articles first and catches up without losing any', () => {
    const away = (d: number) => d >= 25 && d < 32;
    const sim = simulate(always('good'), away);
    expectSoundSchedule(sim);
    const back = sim.sessions.find((s) => s.day === addDays(SIM_START, 32))!;
    const lateBy = back.queue.map((c) => daysBetween(reviewDay(c.due, NY), back.day));
    expect(back.queue).toHaveLength(DEFAULT_DAILY_LIMIT);
    expect(lateBy[0]).toBe(7);
    expect([...lateBy].sort((a, b) => b - a)).toEqual(lateBy);
    expect(back.dueLeft.length).toBeGreaterThan(0);
    // The backlog is gone within two more days and every overdue article was reviewed.
    const caughtUp = sim.sessions.find((s) => s.day === addDays(SIM_START, 34))!;
    expect(caughtUp.dueLeft).toEqual([]);
    for (const c of back.dueLeft) {
      const reviewedAfter = sim.logs.filter((l) => l.articleId === c.articleId && l.reviewedAt > local(back.day, '19:30'));
      expect(reviewedAfter.length).toBeGreaterThan(0);
    }
    expect(Math.max(...sim.lateness)).toBeLessThanOrEqual(9);
  });
});
