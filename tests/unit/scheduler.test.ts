import { describe, expect, it } from 'vitest';
import { addDays, daysBetween, localTimeToEpoch, reviewDay, startOfReviewDay, MS_PER_DAY } from '../../src/domain/day';
import {
  DEFAULT_DESIRED_RETENTION,
  ENABLE_FUZZ,
  GRADES,
  MAXIMUM_INTERVAL_DAYS,
  MAX_DESIRED_RETENTION,
  MIN_DESIRED_RETENTION,
  clampDesiredRetention,
  formatInterval,
  gradeCard,
  newCardOnFinish,
  previewIntervals,
  resetCard,
  resume,
  retrievability,
  suspend,
  undoGrade,
  type Grade,
  type ReviewCard,
  type ReviewLogEntry,
  type SchedulerOptions,
} from '../../src/domain/scheduler';

const NY: SchedulerOptions = { timeZone: 'America/New_York' };
const local = (day: string, time: string, timeZone = NY.timeZone) => {
  const [h, m] = time.split(':').map(Number);
  return localTimeToEpoch(day, h * 60 + m, timeZone);
};

/** A card finished on `day` and then graded Good on each due day, `goods` times, at 19:00. */
function matureCard(goods: number, options: SchedulerOptions = NY, id = 'mature'): ReviewCard {
  let card = newCardOnFinish(id, local('2025-01-06', '19:00', options.timeZone), options);
  for (let i = 0; i < goods; i++) {
    card = gradeCard(card, 'good', local(reviewDay(card.due, options.timeZone), '19:00', options.timeZone), options).card;
  }
  return card;
}

function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('finishing an article', () => {
  it.each([
    // zone, local finish time, review day of the finish
    ['America/New_York', '2025-01-10', '18:30', '2025-01-10'],
    ['America/New_York', '2025-01-10', '02:00', '2025-01-09'],
    ['Europe/Berlin', '2025-03-28', '21:00', '2025-03-28'],
    ['Asia/Tokyo', '2025-06-01', '08:00', '2025-06-01'],
    ['Pacific/Auckland', '2025-09-26', '23:59', '2025-09-26'],
  ])('in %s on %s at %s schedules the first review three review days after %s', (timeZone, day, time, finishDay) => {
    const now = local(day, time, timeZone);
    const card = newCardOnFinish('pep-8', now, { timeZone });
    expect(card.scheduledDays).toBe(3);
    expect(reviewDay(card.due, timeZone)).toBe(addDays(finishDay, 3));
    expect(card.due).toBe(startOfReviewDay(addDays(finishDay, 3), timeZone));
  });

  it('counts as a first "Good": one review, in the Review state, nothing lapsed', () => {
    const now = local('2025-01-10', '18:30');
    expect(newCardOnFinish('pep-8', now, NY)).toEqual({
      articleId: 'pep-8',
      due: startOfReviewDay('2025-01-13', NY.timeZone),
      stability: expect.closeTo(2.3065, 4),
      difficulty: expect.any(Number),
      elapsedDays: 0,
      scheduledDays: 3,
      learningSteps: 0,
      reps: 1,
      lapses: 0,
      state: 'Review',
      lastReview: now,
      suspended: false,
      createdAt: now,
      updatedAt: now,
    });
  });

  it('gives a first interval of at least three days at every allowed desired retention', () => {
    for (const desiredRetention of [0.8, 0.85, 0.9, 0.95]) {
      const card = newCardOnFinish('a', local('2025-01-10', '12:00'), { ...NY, desiredRetention });
      expect(card.scheduledDays).toBeGreaterThanOrEqual(3);
    }
  });

  it('stores the card as plain JSON that survives a round trip', () => {
    const card = newCardOnFinish('a', local('2025-01-10', '12:00'), NY);
    expect(JSON.parse(JSON.stringify(card))).toEqual(card);
  });
});

describe('grading a card', () => {
  it('is configured for day-level FSRS with fuzz, a one-year cap and 90 % retention', () => {
    expect([ENABLE_FUZZ, MAXIMUM_INTERVAL_DAYS, DEFAULT_DESIRED_RETENTION]).toEqual([true, 365, 0.9]);
  });

  it('reschedules by review days, the same whether reviewed at 19:00 or at 03:00 the next night', () => {
    const card = newCardOnFinish('a', local('2025-01-10', '12:00'), NY);
    const evening = gradeCard(card, 'good', local('2025-01-13', '19:00'), NY).card;
    const lateNight = gradeCard(card, 'good', local('2025-01-14', '03:00'), NY).card;
    expect(lateNight.due).toBe(evening.due);
    expect(lateNight.scheduledDays).toBe(evening.scheduledDays);
  });

  it.each(GRADES)('records "%s" with what undo needs: the grade, the time and the card before', (grade) => {
    const card = matureCard(2);
    const now = local(reviewDay(card.due, NY.timeZone), '20:15');
    const { card: next, log } = gradeCard(card, grade, now, NY);
    expect(log).toMatchObject({ articleId: 'mature', grade, reviewedAt: now });
    expect(log.before).toEqual({ due: card.due, lastReview: card.lastReview, updatedAt: card.updatedAt });
    expect(log.fsrs).toMatchObject({ state: 'Review', stability: card.stability, difficulty: card.difficulty });
    expect(next).toMatchObject({ reps: card.reps + 1, lastReview: now, updatedAt: now });
    expect(next.scheduledDays).toBeGreaterThanOrEqual(1);
    expect(reviewDay(next.due, NY.timeZone)).toBe(addDays(reviewDay(now, NY.timeZone), next.scheduledDays));
  });

  it('counts a lapse and lowers stability on "Again", yet still waits at least a day', () => {
    const card = matureCard(3);
    const { card: next } = gradeCard(card, 'again', local(reviewDay(card.due, NY.timeZone), '19:00'), NY);
    expect(next.lapses).toBe(card.lapses + 1);
    expect(next.stability).toBeLessThan(card.stability);
    expect(next.scheduledDays).toBeGreaterThanOrEqual(1);
    expect(next.scheduledDays).toBeLessThan(card.scheduledDays);
  });

  it('refuses to grade a suspended card', () => {
    const card = suspend(matureCard(1), local('2025-01-12', '09:00'));
    expect(() => gradeCard(card, 'good', local('2025-01-30', '09:00'), NY)).toThrow(/suspended/);
  });

  it.each(GRADES.filter((g) => g !== 'again'))('never schedules beyond a year, however often the article is rated "%s"', (grade) => {
    let card = newCardOnFinish(`capped-${grade}`, local('2025-01-06', '19:00'), NY);
    for (let i = 0; i < 14; i++) {
      const now = local(reviewDay(card.due, NY.timeZone), '19:00');
      expect(Math.max(...previewIntervals(card, now, NY).map((p) => p.days))).toBeLessThanOrEqual(MAXIMUM_INTERVAL_DAYS);
      card = gradeCard(card, grade, now, NY).card;
      expect(card.scheduledDays).toBeLessThanOrEqual(MAXIMUM_INTERVAL_DAYS);
      expect(card.due - card.lastReview!).toBeLessThanOrEqual((MAXIMUM_INTERVAL_DAYS + 1) * MS_PER_DAY);
    }
    expect(card.scheduledDays).toBeGreaterThan(MAXIMUM_INTERVAL_DAYS * 0.9);
  });

  it('keeps the day count right when the reader moves to a zone where "today" is still yesterday', () => {
    const card = newCardOnFinish('a', Date.parse('2025-01-10T01:00:00Z'), { timeZone: 'Asia/Tokyo' }); // 10:00 Jan 10 in Tokyo
    const { card: next } = gradeCard(card, 'good', Date.parse('2025-01-10T02:00:00Z'), { timeZone: 'America/New_York' }); // 21:00 Jan 9 in New York
    expect(next.elapsedDays).toBeGreaterThanOrEqual(0);
    expect(next.scheduledDays).toBeGreaterThanOrEqual(1);
  });

  it('gives the same fuzzed interval every time for the same article and history', () => {
    const a = gradeCard(matureCard(2), 'good', local('2025-03-01', '19:00'), NY).card;
    const b = gradeCard(matureCard(2), 'good', local('2025-03-01', '19:00'), NY).card;
    expect(a).toEqual(b);
  });

  it('spreads articles finished together over several days instead of one (fuzz)', () => {
    const dues = new Set<string>();
    for (let i = 0; i < 30; i++) dues.add(reviewDay(matureCard(3, NY, `article-${i}`).due, NY.timeZone));
    expect(dues.size).toBeGreaterThan(3);
  });
});

describe('desired retention', () => {
  it.each([
    [undefined, 0.9],
    [Number.NaN, 0.9],
    [Number.POSITIVE_INFINITY, 0.9],
    [0.5, MIN_DESIRED_RETENTION],
    [0.8, 0.8],
    [0.87, 0.87],
    [0.95, 0.95],
    [0.99, MAX_DESIRED_RETENTION],
    [1.5, MAX_DESIRED_RETENTION],
  ])('turns %s into %s', (input, expected) => {
    expect(clampDesiredRetention(input)).toBe(expected);
  });

  it('shortens intervals as it rises, and treats values out of range as the nearest bound', () => {
    const card = matureCard(2);
    const now = local(reviewDay(card.due, NY.timeZone), '19:00');
    const days = (desiredRetention: number) => gradeCard(card, 'good', now, { ...NY, desiredRetention }).card.scheduledDays;
    expect(days(0.95)).toBeLessThan(days(0.9));
    expect(days(0.9)).toBeLessThan(days(0.8));
    expect(days(0.99)).toBe(days(0.95));
    expect(days(0.1)).toBe(days(0.8));
  });
});

describe('previewing the grade buttons', () => {
  it('labels a fresh card in days: Again · 1 day, then Hard < Good < Easy', () => {
    const card = newCardOnFinish('a', local('2025-01-10', '18:30'), NY);
    const preview = previewIntervals(card, local('2025-01-13', '19:00'), NY);
    expect(preview.map((p) => p.grade)).toEqual(['again', 'hard', 'good', 'easy']);
    expect(preview[0].label).toBe('Again · 1 day');
    expect(preview[2].label).toMatch(/^Good · \d+ days$/);
    const days = preview.map((p) => p.days);
    expect(days[0]).toBeGreaterThanOrEqual(1);
    expect([...days].sort((a, b) => a - b)).toEqual(days);
    expect(new Set(days).size).toBe(4);
  });

  it.each(GRADES)('promises exactly what grading "%s" then does', (grade: Grade) => {
    const card = matureCard(3);
    const now = local(addDays(reviewDay(card.due, NY.timeZone), 2), '07:45');
    const preview = previewIntervals(card, now, NY).find((p) => p.grade === grade)!;
    const { card: next } = gradeCard(card, grade, now, NY);
    expect(preview.due).toBe(next.due);
    expect(preview.days).toBe(next.scheduledDays);
    expect(preview.dayKey).toBe(reviewDay(next.due, NY.timeZone));
    expect(daysBetween(reviewDay(now, NY.timeZone), preview.dayKey)).toBe(preview.days);
  });

  it.each([
    [1, '1 day'],
    [2, '2 days'],
    [9, '9 days'],
    [30, '30 days'],
    [31, '1 month'],
    [45, '1 month'],
    [61, '2 months'],
    [200, '7 months'],
    [320, '11 months'],
    [355, '1 year'],
    [365, '1 year'],
  ])('words %i days as "%s"', (days, words) => {
    expect(formatInterval(days)).toBe(words);
  });
});

describe('undoing a grade', () => {
  it.each(GRADES)('restores the exact previous card after "%s", even through JSON storage', (grade) => {
    const before = matureCard(2);
    const { card, log } = gradeCard(before, grade, local(reviewDay(before.due, NY.timeZone), '22:10'), NY);
    const stored = JSON.parse(JSON.stringify({ card, log })) as { card: ReviewCard; log: ReviewLogEntry };
    expect(undoGrade(stored.card, stored.log)).toEqual(before);
  });

  it('restores the exact card at every step of 300 random reviews in several zones', () => {
    const random = mulberry32(7);
    for (const timeZone of ['America/New_York', 'Europe/Berlin', 'Asia/Tokyo', 'Pacific/Auckland']) {
      const options = { timeZone, desiredRetention: 0.8 + random() * 0.15 };
      let card = newCardOnFinish(`undo-${timeZone}`, Date.parse('2025-01-01T12:00:00Z'), options);
      for (let i = 0; i < 75; i++) {
        // Sometimes early, sometimes late, at any hour, including the small hours before rollover.
        const now = card.due + Math.floor((random() * 6 - 2) * MS_PER_DAY);
        const grade = GRADES[Math.floor(random() * 4)];
        const previous = card;
        const result = gradeCard(card, grade, Math.max(now, card.lastReview! + 60_000), options);
        expect(undoGrade(result.card, result.log)).toEqual(previous);
        card = result.card;
      }
    }
  });

  it('restores a card reset and then reviewed to its reset state', () => {
    const reset = resetCard(matureCard(2), local('2025-02-20', '10:00'), NY);
    const { card, log } = gradeCard(reset, 'hard', local('2025-02-20', '19:00'), NY);
    expect(undoGrade(card, log)).toEqual(reset);
  });

  it('refuses a log entry that is not the card\'s latest review, or is another article\'s', () => {
    const first = gradeCard(matureCard(1), 'good', local('2025-02-01', '19:00'), NY);
    const second = gradeCard(first.card, 'good', local('2025-03-01', '19:00'), NY);
    expect(() => undoGrade(second.card, first.log)).toThrow(/latest/);
    expect(() => undoGrade({ ...second.card, articleId: 'other' }, second.log)).toThrow(/cannot be undone/);
  });
});

describe('suspending, resuming and resetting', () => {
  it('suspends and resumes a card, leaving the schedule of a card not yet due alone', () => {
    const card = matureCard(1);
    const suspended = suspend(card, local('2025-01-12', '09:00'));
    expect(suspended).toMatchObject({ suspended: true, due: card.due, updatedAt: local('2025-01-12', '09:00') });
    expect(suspend(suspended, local('2025-01-13', '09:00'))).toBe(suspended);
    const resumed = resume(suspended, local('2025-01-13', '09:00'));
    expect(resumed).toMatchObject({ suspended: false, due: card.due, stability: card.stability });
    expect(resume(resumed, local('2025-01-14', '09:00'))).toBe(resumed);
  });

  it('makes a card that fell due while suspended due on resuming, not weeks overdue', () => {
    const card = suspend(matureCard(1), local('2025-01-12', '09:00'));
    const now = local('2025-06-01', '09:00');
    expect(resume(card, now).due).toBe(now);
  });

  it('resets a card to a new card due today, keeping its article and creation time', () => {
    const card = matureCard(3);
    const now = local('2025-05-05', '02:30');
    const reset = resetCard(card, now, NY);
    expect(reset).toMatchObject({
      articleId: card.articleId,
      createdAt: card.createdAt,
      state: 'New',
      stability: 0,
      difficulty: 0,
      reps: 0,
      lapses: 0,
      scheduledDays: 0,
      due: startOfReviewDay('2025-05-04', NY.timeZone),
      updatedAt: now,
    });
    expect(retrievability(reset, now)).toBe(0);
    expect(gradeCard(reset, 'good', now, NY).card.scheduledDays).toBe(3);
  });
});

describe('retrievability', () => {
  it('is 1 right after a review, about the desired retention when due, and falls over time', () => {
    const card = matureCard(3);
    const r = (days: number) => retrievability(card, card.lastReview! + days * MS_PER_DAY);
    expect(r(0)).toBe(1);
    expect(r(card.scheduledDays)).toBeGreaterThan(0.87);
    expect(r(card.scheduledDays)).toBeLessThan(0.93);
    expect(r(1)).toBeGreaterThan(r(10));
    expect(r(10)).toBeGreaterThan(r(100));
  });

  it('is 0 for a card never reviewed and never negative-time for a clock set back', () => {
    const reset = resetCard(matureCard(1), local('2025-02-01', '09:00'), NY);
    expect(retrievability(reset, local('2025-02-02', '09:00'))).toBe(0);
    const card = matureCard(1);
    expect(retrievability(card, card.lastReview! - MS_PER_DAY)).toBe(1);
  });
});
