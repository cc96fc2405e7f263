/**
 * Review cards and the review log in IndexedDB (fake-indexeddb): every storage function in
 * src/db/reviews.ts, the card that finishing an Article creates in the same transaction, and undo.
 */
import 'fake-indexeddb/auto';
import { liveQuery } from 'dexie';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createDatabase, type PyRecallDB } from '../../src/db/db';
import { StorageError } from '../../src/db/errors';
import { getProgress, markFinished, restoreProgress, saveTakeaway, setStatus } from '../../src/db/progress';
import {
  allCards,
  allReviews,
  countDueToday,
  countReviewsSince,
  dueCards,
  latestReviewBefore,
  getCard,
  gradeReview,
  resetSchedule,
  restoreCard,
  resumeReviews,
  reviewsBetween,
  reviewsOf,
  reviewsSince,
  statsHistory,
  statsHistoryVersion,
  suspendReviews,
  syncCardsWithProgress,
  undoReview,
} from '../../src/db/reviews';
import { importBackup } from '../../src/db/backup';
import { setSetting } from '../../src/db/settings';
import { MS_PER_DAY, addDays, endOfReviewDay, localTimeToEpoch, reviewDay, startOfReviewDay } from '../../src/domain/day';
import { dueQueue } from '../../src/domain/review-queue';
import { reviewStats, statsWindowStart } from '../../src/domain/review-stats';
import { newCardOnFinish, type Grade, type ReviewCard, type SchedulerOptions } from '../../src/domain/scheduler';
import { generateBackup } from '../bench/generate';

const TZ = 'Europe/London';
const OPTIONS: SchedulerOptions = { timeZone: TZ };
/** Epoch ms of a local wall-clock time in London. */
const at = (day: string, time = '19:00') => {
  const [h, m] = time.split(':').map(Number);
  return localTimeToEpoch(day, h * 60 + m, TZ);
};
const FINISHED = at('2025-03-10', '18:30');
/** The first review day of an Article finished at FINISHED. */
const FIRST_DUE_DAY = '2025-03-13';

const opened: PyRecallDB[] = [];
function freshDb(): PyRecallDB {
  const database = createDatabase(`reviews-storage-${opened.length}-${crypto.randomUUID()}`);
  opened.push(database);
  return database;
}
afterEach(async () => {
  vi.restoreAllMocks();
  await Promise.all(opened.splice(0).map((d) => d.delete()));
});

/** A database where each of `ids` was finished at FINISHED (their cards due on FIRST_DUE_DAY). */
async function withFinished(...ids: string[]): Promise<PyRecallDB> {
  const db = freshDb();
  for (const id of ids) await markFinished(id, FINISHED, db, TZ);
  return db;
}

describe('finishing an Article', () => {
  it('creates its review card in the same step, due three days later, without a log entry', async () => {
    const db = freshDb();
    const undo = await markFinished('a1', FINISHED, db, TZ);
    expect(await getCard('a1', db)).toEqual(newCardOnFinish('a1', FINISHED, OPTIONS));
    expect(reviewDay((await getCard('a1', db))!.due, TZ)).toBe(FIRST_DUE_DAY);
    expect(await allReviews(db)).toEqual([]);
    expect(undo).toEqual({ articleId: 'a1', previous: undefined, card: { previous: undefined } });
  });

  it('schedules the first review with the desired retention the reader chose', async () => {
    const db = freshDb();
    await setSetting('retention', 0.8, db);
    await markFinished('a1', FINISHED, db, TZ);
    expect((await getCard('a1', db))!.due).toBe(newCardOnFinish('a1', FINISHED, { timeZone: TZ, desiredRetention: 0.8 }).due);
    expect((await getCard('a1', db))!.scheduledDays).toBeGreaterThan(3);
  });

  it('writes neither the status nor the card when the card cannot be written', async () => {
    const db = freshDb();
    vi.spyOn(db.reviewCards, 'put').mockImplementation(() => {
      throw new DOMException('disk full', 'QuotaExceededError');
    });
    const error = await markFinished('a1', FINISHED, db, TZ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StorageError);
    expect(error).toMatchObject({ kind: 'quota' });
    vi.restoreAllMocks();
    expect(await getProgress('a1', db)).toBeUndefined();
    expect(await allCards(db)).toEqual([]);
  });

  it('marking it finished again leaves the card alone', async () => {
    const db = await withFinished('a1');
    const card = await getCard('a1', db);
    const undo = await markFinished('a1', at('2025-03-20'), db, TZ);
    expect(undo.card).toBeUndefined();
    expect(await getCard('a1', db)).toEqual(card);
  });

  it('reading or saving a takeaway creates no card', async () => {
    const db = freshDb();
    await setStatus('a1', 'reading', FINISHED, db, TZ);
    expect(await allCards(db)).toEqual([]);
  });
});

describe('un-finishing and finishing again', () => {
  it('suspends the card, keeping its schedule and history', async () => {
    const db = await withFinished('a1');
    await gradeReview('a1', 'good', at(FIRST_DUE_DAY), OPTIONS, db);
    const before = (await getCard('a1', db))!;
    const undo = await setStatus('a1', 'reading', at('2025-03-15'), db, TZ);
    expect(undo.card?.previous).toEqual(before);
    expect(await getCard('a1', db)).toEqual({ ...before, suspended: true, updatedAt: at('2025-03-15') });
    expect(await allReviews(db)).toHaveLength(1);
    expect(await dueCards(Number.MAX_SAFE_INTEGER, db)).toEqual([]);
  });

  it.each([
    ['to read', 'to-read'],
    ['reading', 'reading'],
  ] as const)('suspends it when moved back to %s', async (_, status) => {
    const db = await withFinished('a1');
    await setStatus('a1', status, at('2025-03-11'), db, TZ);
    expect((await getCard('a1', db))!.suspended).toBe(true);
  });

  it('resumes it when finished again long after, due no sooner than a first finish would be', async () => {
    const db = await withFinished('a1');
    await setStatus('a1', 'reading', at('2025-03-11'), db, TZ);
    const again = at('2025-05-01', '10:00');
    await markFinished('a1', again, db, TZ);
    const card = (await getCard('a1', db))!;
    expect(card.suspended).toBe(false);
    expect(card.due).toBe(newCardOnFinish('a1', again, OPTIONS).due);
    expect(card.reps).toBe(1); // memory state kept, not a new card
  });

  it('keeps a later due date when the Article is un-finished and finished again by a slip', async () => {
    const db = await withFinished('a1');
    await gradeReview('a1', 'easy', at(FIRST_DUE_DAY), OPTIONS, db);
    const due = (await getCard('a1', db))!.due;
    await setStatus('a1', 'reading', at(FIRST_DUE_DAY, '19:01'), db, TZ);
    await markFinished('a1', at(FIRST_DUE_DAY, '19:02'), db, TZ);
    expect((await getCard('a1', db))!).toMatchObject({ due, suspended: false });
  });
});

describe('undoing a status change', () => {
  it('removes the card that finishing created, with the record', async () => {
    const db = freshDb();
    const undo = await markFinished('a1', FINISHED, db, TZ);
    await restoreProgress(undo, db);
    expect(await getProgress('a1', db)).toBeUndefined();
    expect(await getCard('a1', db)).toBeUndefined();
  });

  it('puts back the active card that un-finishing suspended', async () => {
    const db = await withFinished('a1');
    const card = await getCard('a1', db);
    const undo = await setStatus('a1', 'to-read', at('2025-03-11'), db, TZ);
    await restoreProgress(undo, db);
    expect(await getCard('a1', db)).toEqual(card);
    expect((await getProgress('a1', db))!.status).toBe('finished');
  });

  it('puts back the suspended card that finishing again resumed', async () => {
    const db = await withFinished('a1');
    await setStatus('a1', 'reading', at('2025-03-11'), db, TZ);
    const suspended = await getCard('a1', db);
    const undo = await markFinished('a1', at('2025-04-01'), db, TZ);
    await restoreProgress(undo, db);
    expect(await getCard('a1', db)).toEqual(suspended);
  });

  it('leaves the card alone when undoing a change that did not touch it (a takeaway edit)', async () => {
    const db = await withFinished('a1');
    const undo = await saveTakeaway('a1', 'late thought', at('2025-03-11'), db);
    await gradeReview('a1', 'good', at(FIRST_DUE_DAY), OPTIONS, db);
    const graded = await getCard('a1', db);
    await restoreProgress(undo, db);
    expect(await getCard('a1', db)).toEqual(graded);
  });
});

describe('reading cards', () => {
  it('allCards lists every card, suspended ones too; getCard is undefined for an Article never finished', async () => {
    const db = await withFinished('b', 'a');
    await suspendReviews('b', at('2025-03-11'), db);
    expect((await allCards(db)).map((c) => [c.articleId, c.suspended])).toEqual([
      ['a', false],
      ['b', true],
    ]);
    expect(await getCard('nope', db)).toBeUndefined();
  });

  it('dueCards returns the active cards due before a time, earliest first', async () => {
    const db = freshDb();
    await markFinished('late', at('2025-03-12'), db, TZ);
    await markFinished('early', FINISHED, db, TZ);
    await markFinished('paused', FINISHED, db, TZ);
    await suspendReviews('paused', at('2025-03-11'), db);
    const endOf = (day: string) => endOfReviewDay(day, TZ);
    expect(await dueCards(endOf('2025-03-12'), db)).toEqual([]);
    expect((await dueCards(endOf(FIRST_DUE_DAY), db)).map((c) => c.articleId)).toEqual(['early']);
    expect((await dueCards(endOf('2025-03-20'), db)).map((c) => c.articleId)).toEqual(['early', 'late']);
  });

  it('dueCards works with liveQuery: a grade takes the card out of the due list', async () => {
    const db = await withFinished('a1');
    const seen: string[][] = [];
    const end = endOfReviewDay(FIRST_DUE_DAY, TZ);
    const subscription = liveQuery(() => dueCards(end, db)).subscribe({ next: (cards) => seen.push(cards.map((c) => c.articleId)) });
    try {
      await expect.poll(() => seen.at(-1)).toEqual(['a1']);
      await gradeReview('a1', 'good', at(FIRST_DUE_DAY), OPTIONS, db);
      await expect.poll(() => seen.at(-1)).toEqual([]);
    } finally {
      subscription.unsubscribe();
    }
  });
});

describe('grading a review', () => {
  it('writes the rescheduled card and one log entry together, and returns what undo needs', async () => {
    const db = await withFinished('a1');
    const before = (await getCard('a1', db))!;
    const now = at(FIRST_DUE_DAY);
    const result = (await gradeReview('a1', 'good', now, OPTIONS, db))!;
    expect(result.card).toEqual(await getCard('a1', db));
    expect(result.card).toMatchObject({ lastReview: now, updatedAt: now, reps: 2 });
    expect(result.card.due).toBeGreaterThan(endOfReviewDay(FIRST_DUE_DAY, TZ));
    expect(await allReviews(db)).toEqual([result.log]);
    expect(result.log).toMatchObject({ articleId: 'a1', grade: 'good', reviewedAt: now, before: { due: before.due } });
    expect(result.undo).toEqual({ articleId: 'a1', logId: result.log.id });
  });

  it.each([
    ['not due until a later day', 'a1', at('2025-03-12')],
    ['never finished', 'ghost', at(FIRST_DUE_DAY)],
  ])('writes nothing for a card %s', async (_, articleId, now) => {
    const db = await withFinished('a1');
    const card = await getCard('a1', db);
    expect(await gradeReview(articleId, 'good', now, OPTIONS, db)).toBeUndefined();
    expect(await getCard('a1', db)).toEqual(card);
    expect(await allReviews(db)).toEqual([]);
  });

  it('writes nothing when the same card is graded twice (a double key press, another tab)', async () => {
    const db = await withFinished('a1');
    const [first, second] = await Promise.all([
      gradeReview('a1', 'good', at(FIRST_DUE_DAY), OPTIONS, db),
      gradeReview('a1', 'again', at(FIRST_DUE_DAY) + 1000, OPTIONS, db),
    ]);
    expect(first).toBeDefined();
    expect(second).toBeUndefined();
    expect((await allReviews(db)).map((e) => e.grade)).toEqual(['good']);
  });

  it('writes nothing for a suspended card', async () => {
    const db = await withFinished('a1');
    await suspendReviews('a1', at('2025-03-11'), db);
    expect(await gradeReview('a1', 'good', at(FIRST_DUE_DAY), OPTIONS, db)).toBeUndefined();
    expect(await allReviews(db)).toEqual([]);
  });

  it('keeps the card as it was when the log entry cannot be written', async () => {
    const db = await withFinished('a1');
    const card = await getCard('a1', db);
    vi.spyOn(db.reviewLog, 'add').mockImplementation(() => {
      throw new DOMException('disk full', 'QuotaExceededError');
    });
    await expect(gradeReview('a1', 'good', at(FIRST_DUE_DAY), OPTIONS, db)).rejects.toBeInstanceOf(StorageError);
    vi.restoreAllMocks();
    expect(await getCard('a1', db)).toEqual(card);
    expect(await allReviews(db)).toEqual([]);
  });

  it('suspended cards leave the queue the Review screen builds, and come back on resume', async () => {
    const db = await withFinished('a1', 'a2', 'a3');
    const now = at(FIRST_DUE_DAY);
    const queue = async () => dueQueue(await dueCards(endOfReviewDay(FIRST_DUE_DAY, TZ), db), now, TZ).map((c) => c.articleId);
    expect((await queue()).sort()).toEqual(['a1', 'a2', 'a3']);
    await suspendReviews('a2', now, db);
    expect((await queue()).sort()).toEqual(['a1', 'a3']);
    await resumeReviews('a2', now, db);
    expect((await queue()).sort()).toEqual(['a1', 'a2', 'a3']);
  });
});

describe('countDueToday', () => {
  it('counts what is left to review today, within the daily limit, as the badge and reminders show it', async () => {
    const db = await withFinished('a1', 'a2', 'a3', 'a4');
    await markFinished('later', at('2025-03-12'), db, TZ);
    await suspendReviews('a4', at('2025-03-11'), db);
    await setSetting('dailyLimit', 2, db);
    expect(await countDueToday(at('2025-03-12'), TZ, db)).toBe(0);
    expect(await countDueToday(at(FIRST_DUE_DAY, '08:00'), TZ, db)).toBe(2);
    await gradeReview('a1', 'good', at(FIRST_DUE_DAY, '08:00'), OPTIONS, db);
    expect(await countDueToday(at(FIRST_DUE_DAY, '09:00'), TZ, db)).toBe(1);
    await setSetting('dailyLimit', 10, db);
    expect(await countDueToday(at(FIRST_DUE_DAY, '09:00'), TZ, db)).toBe(2);
    expect(await countDueToday(at(FIRST_DUE_DAY, '09:00'), TZ, db, (id) => id !== 'a2')).toBe(1);
  });
});

describe('undoing a grade', () => {
  it('puts the card back exactly and deletes the log entry', async () => {
    const db = await withFinished('a1');
    const before = await getCard('a1', db);
    const result = (await gradeReview('a1', 'hard', at(FIRST_DUE_DAY), OPTIONS, db))!;
    expect(await undoReview(result.undo, db)).toBe(true);
    expect(await getCard('a1', db)).toEqual(before);
    expect(await allReviews(db)).toEqual([]);
  });

  it('round-trips a run of grades undone in reverse order, card and log exact at every step', async () => {
    const db = await withFinished('a1');
    const grades: Grade[] = ['good', 'again', 'hard', 'easy', 'good'];
    const cards: (ReviewCard | undefined)[] = [await getCard('a1', db)];
    const undos = [];
    for (const grade of grades) {
      const due = reviewDay(cards.at(-1)!.due, TZ);
      const result = (await gradeReview('a1', grade, at(due, '20:30'), OPTIONS, db))!;
      undos.push(result.undo);
      cards.push(await getCard('a1', db));
    }
    expect((await reviewsOf('a1', db)).map((e) => e.grade)).toEqual(grades);
    for (let i = grades.length - 1; i >= 0; i--) {
      expect(await undoReview(undos[i], db)).toBe(true);
      expect(await getCard('a1', db)).toEqual(cards[i]);
      expect(await allReviews(db)).toHaveLength(i);
    }
  });

  it.each([
    ['graded again since', async (db: PyRecallDB, due: number) => void (await gradeReview('a1', 'good', due, OPTIONS, db))],
    ['suspended since', async (db: PyRecallDB, due: number) => void (await suspendReviews('a1', due - 1000, db))],
    ['reset since', async (db: PyRecallDB, due: number) => void (await resetSchedule('a1', due - 1000, OPTIONS, db))],
  ])('refuses, changing nothing, when the card was %s', async (_, change) => {
    const db = await withFinished('a1');
    const result = (await gradeReview('a1', 'again', at(FIRST_DUE_DAY), OPTIONS, db))!;
    await change(db, at(reviewDay(result.card.due, TZ), '21:00'));
    const card = await getCard('a1', db);
    const log = await allReviews(db);
    expect(await undoReview(result.undo, db)).toBe(false);
    expect(await getCard('a1', db)).toEqual(card);
    expect(await allReviews(db)).toEqual(log);
  });

  it('refuses a second undo of the same grade', async () => {
    const db = await withFinished('a1');
    const result = (await gradeReview('a1', 'good', at(FIRST_DUE_DAY), OPTIONS, db))!;
    expect(await undoReview(result.undo, db)).toBe(true);
    expect(await undoReview(result.undo, db)).toBe(false);
  });
});

describe('reading the review log', () => {
  it('reviewsSince and countReviewsSince use the review time; allReviews and reviewsOf list the rest', async () => {
    const db = await withFinished('a1', 'a2');
    await gradeReview('a1', 'good', at(FIRST_DUE_DAY, '08:00'), OPTIONS, db);
    await gradeReview('a2', 'again', at(FIRST_DUE_DAY, '21:00'), OPTIONS, db);
    await gradeReview('a2', 'good', at(addDays(FIRST_DUE_DAY, 1), '09:00'), OPTIONS, db);
    const today = startOfReviewDay(addDays(FIRST_DUE_DAY, 1), TZ);
    expect((await reviewsSince(today, db)).map((e) => [e.articleId, e.grade])).toEqual([['a2', 'good']]);
    expect(await countReviewsSince(today, db)).toBe(1);
    expect(await countReviewsSince(startOfReviewDay(FIRST_DUE_DAY, TZ), db)).toBe(3);
    expect(await countReviewsSince(at(FIRST_DUE_DAY, '08:00'), db)).toBe(3);
    expect(await countReviewsSince(at(FIRST_DUE_DAY, '08:00') + 1, db)).toBe(2);
    expect(await allReviews(db)).toHaveLength(3);
    expect((await reviewsOf('a2', db)).map((e) => e.grade)).toEqual(['again', 'good']);
    expect(await reviewsOf('a3', db)).toEqual([]);
  });
});

describe('the part of the log the stats read', () => {
  const NOW = at('2025-06-01', '21:00');
  const IDS = Array.from({ length: 40 }, (_, i) => `article-${i}`);

  /** A database holding a generated year of reviews (daily limit 20), and the stats over all of it. */
  async function year(options: { reviews?: number; days?: number; missedDaysAgo?: number } = {}) {
    const db = freshDb();
    const backup = generateBackup(IDS, { now: NOW, timeZone: TZ, finished: IDS.length, reviews: 6000, dueNow: 5, ...options });
    await importBackup(backup, 'replace', { database: db });
    const cards = await allCards(db);
    return { db, cards, full: reviewStats(await allReviews(db), cards, NOW, TZ, 20) };
  }

  it('reads only the 16 weeks on screen when the streak broke inside them', async () => {
    const { db, cards, full } = await year({ missedDaysAgo: 20 });
    const log = await statsHistory(NOW, TZ, () => true, db);
    expect(reviewStats(log, cards, NOW, TZ, 20)).toEqual(full);
    expect(full.streak).toBe(19);
    const start = statsWindowStart(NOW, TZ);
    expect(log).toEqual(await reviewsSince(start, db)); // oldest first, nothing older
  });

  it('reads back as far as a long streak goes, and no further', async () => {
    const { db, cards, full } = await year({ missedDaysAgo: 200 });
    const log = await statsHistory(NOW, TZ, () => true, db);
    expect(reviewStats(log, cards, NOW, TZ, 20)).toEqual(full);
    expect(full.streak).toBe(199);
    const missedDay = startOfReviewDay(addDays(reviewDay(NOW, TZ), -200), TZ);
    expect(log[0].reviewedAt).toBeLessThan(missedDay);
    expect(log.length).toBeLessThan((await allReviews(db)).length);
    expect(log.every((e, i) => i === 0 || e.reviewedAt >= log[i - 1].reviewedAt)).toBe(true);
  });

  it('reads the whole log when the streak never broke', async () => {
    const { db, cards, full } = await year();
    const log = await statsHistory(NOW, TZ, () => true, db);
    expect(log).toHaveLength((await allReviews(db)).length);
    expect(reviewStats(log, cards, NOW, TZ, 20)).toEqual(full);
  });

  it('jumps over years without reviews instead of reading them week by week', async () => {
    const db = freshDb();
    const old = generateBackup(IDS, { now: NOW - 3 * 365 * MS_PER_DAY, timeZone: TZ, finished: IDS.length, reviews: 300, days: 30, dueNow: 0 });
    const recent = generateBackup(IDS, { now: NOW, timeZone: TZ, finished: IDS.length, reviews: 300, days: 30, dueNow: 0, seed: 9 });
    await importBackup({ ...recent, reviewLog: [...old.reviewLog, ...recent.reviewLog] }, 'replace', { database: db });
    const reads = vi.spyOn(db.reviewLog, 'where');
    const log = await statsHistory(NOW, TZ, () => true, db);
    // No card was overdue and every day had its reviews: the streak reaches the first review ever.
    expect(log).toHaveLength(600);
    expect(reviewStats(log, await allCards(db), NOW, TZ, 20)).toEqual(reviewStats(await allReviews(db), await allCards(db), NOW, TZ, 20));
    expect(reads.mock.calls.length).toBeLessThan(60); // three years a week at a time would be over 150
  });

  it('leaves out cards of Articles not in the path, as the Progress screen does', async () => {
    const { db } = await year({ missedDaysAgo: 200 });
    // A card overdue for 30 days, of an Article the catalogue dropped: counted, it would end the
    // streak at once, and the 16 weeks would seem enough where the screen's streak goes back 199 days.
    await db.reviewCards.put({ ...newCardOnFinish('dropped', NOW - 40 * MS_PER_DAY, OPTIONS), due: NOW - 30 * MS_PER_DAY });
    const inPath = (id: string) => id !== 'dropped';
    const cards = (await allCards(db)).filter((c) => inPath(c.articleId));
    const log = await statsHistory(NOW, TZ, inPath, db);
    expect(reviewStats(log, cards, NOW, TZ, 20)).toEqual(reviewStats(await allReviews(db), cards, NOW, TZ, 20));
  });

  it('reviewsBetween takes the start and leaves the end out; latestReviewBefore finds the newest older review', async () => {
    const db = await withFinished('a1', 'a2');
    const first = at(FIRST_DUE_DAY, '08:00');
    const second = at(FIRST_DUE_DAY, '21:00');
    await gradeReview('a1', 'good', first, OPTIONS, db);
    await gradeReview('a2', 'good', second, OPTIONS, db);
    expect((await reviewsBetween(first, second, db)).map((e) => e.reviewedAt)).toEqual([first]);
    expect((await reviewsBetween(first, second + 1, db)).map((e) => e.reviewedAt)).toEqual([first, second]);
    expect(await latestReviewBefore(second, db)).toBe(first);
    expect(await latestReviewBefore(second + 1, db)).toBe(second);
    expect(await latestReviewBefore(first, db)).toBeUndefined();
  });

  it('statsHistoryVersion wakes a live query on a review, a card change and a new daily limit', async () => {
    const db = await withFinished('a1', 'a2');
    let runs = 0;
    const subscription = liveQuery(() => statsHistoryVersion(db)).subscribe({ next: () => runs++ });
    try {
      await expect.poll(() => runs).toBe(1);
      await gradeReview('a1', 'good', at(FIRST_DUE_DAY), OPTIONS, db);
      await expect.poll(() => runs).toBe(2);
      await suspendReviews('a2', at(FIRST_DUE_DAY), db);
      await expect.poll(() => runs).toBe(3);
      await setSetting('dailyLimit', 5, db);
      await expect.poll(() => runs).toBe(4);
      await setSetting('retention', 0.85, db); // not something the stats read
      await new Promise((done) => setTimeout(done, 100));
      expect(runs).toBe(4);
    } finally {
      subscription.unsubscribe();
    }
  });
});

describe('suspending, resuming and resetting', () => {
  it('suspendReviews keeps the schedule and returns the card before; a second suspend changes nothing', async () => {
    const db = await withFinished('a1');
    const before = (await getCard('a1', db))!;
    const undo = await suspendReviews('a1', at('2025-03-11'), db);
    expect(undo).toEqual({ articleId: 'a1', previous: before });
    expect(await getCard('a1', db)).toEqual({ ...before, suspended: true, updatedAt: at('2025-03-11') });
    expect(await suspendReviews('a1', at('2025-03-12'), db)).toBeUndefined();
    expect(await suspendReviews('ghost', at('2025-03-12'), db)).toBeUndefined();
  });

  it('resumeReviews makes a card that fell due while suspended due now, not overdue', async () => {
    const db = await withFinished('a1');
    await suspendReviews('a1', at('2025-03-11'), db);
    const now = at('2025-04-02', '12:00');
    const undo = await resumeReviews('a1', now, db);
    expect(undo?.previous.suspended).toBe(true);
    expect(await getCard('a1', db)).toMatchObject({ suspended: false, due: now });
    expect(await resumeReviews('a1', now, db)).toBeUndefined();
  });

  it('resetSchedule starts the card over, due today, and keeps the review log', async () => {
    const db = await withFinished('a1');
    await gradeReview('a1', 'good', at(FIRST_DUE_DAY), OPTIONS, db);
    const now = at('2025-03-20', '10:00');
    const undo = (await resetSchedule('a1', now, OPTIONS, db))!;
    const card = (await getCard('a1', db))!;
    expect(card).toMatchObject({ state: 'New', reps: 0, lapses: 0, due: startOfReviewDay('2025-03-20', TZ), updatedAt: now });
    expect(await allReviews(db)).toHaveLength(1);
    expect(await resetSchedule('ghost', now, OPTIONS, db)).toBeUndefined();
    await restoreCard(undo, db);
    expect(await getCard('a1', db)).toEqual(undo.previous);
  });

  it('a reset card can be graded today like a new one', async () => {
    const db = await withFinished('a1');
    await resetSchedule('a1', at('2025-03-11', '10:00'), OPTIONS, db);
    const result = await gradeReview('a1', 'good', at('2025-03-11', '10:05'), OPTIONS, db);
    expect(result?.card).toMatchObject({ state: 'Review', reps: 1 });
  });
});

describe('syncCardsWithProgress', () => {
  it('creates a card for each finished Article without one, scheduled from when it was finished', async () => {
    const db = freshDb();
    // As version 1 stored progress, before finishing created cards.
    await db.progress.bulkAdd([
      { articleId: 'old', status: 'finished', takeaway: '', startedAt: FINISHED, finishedAt: FINISHED, updatedAt: FINISHED },
      { articleId: 'mid', status: 'reading', takeaway: 'x', startedAt: FINISHED, finishedAt: null, updatedAt: FINISHED },
    ]);
    expect(await syncCardsWithProgress(at('2025-06-01'), TZ, db)).toBe(1);
    expect(await allCards(db)).toEqual([newCardOnFinish('old', FINISHED, OPTIONS)]);
    expect(await syncCardsWithProgress(at('2025-06-01'), TZ, db)).toBe(0);
  });

  it('suspends the active card of an Article marked unfinished, and leaves cards without a record alone', async () => {
    const db = await withFinished('a1');
    const orphan = newCardOnFinish('orphan', FINISHED, OPTIONS);
    await db.reviewCards.put(orphan);
    // A merge can pair a newer "to read" record with an active card from the backup.
    await db.progress.update('a1', { status: 'to-read', finishedAt: null });
    expect(await syncCardsWithProgress(at('2025-03-11'), TZ, db)).toBe(1);
    expect((await getCard('a1', db))!.suspended).toBe(true);
    expect(await getCard('orphan', db)).toEqual(orphan);
  });
});
