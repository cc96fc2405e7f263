/**
 * Review cards and the review log in storage: what the Review screen, the stats and the article
 * controls call. Every write is one Dexie transaction that reads the current card and writes the
 * next one (and its log entry), so a failure leaves both as they were and is thrown as a
 * StorageError. Reads are plain queries, so `liveQuery(() => dueCards(…))` follows them.
 */
import { MS_PER_DAY, endOfReviewDay, localTimeZone, reviewDay, startOfReviewDay } from '../domain/day';
import type { ProgressRecord } from '../domain/progress';
import { reconcileCards } from '../domain/review-lifecycle';
import { dueQueue } from '../domain/review-queue';
import { HEATMAP_WEEKS, statsSettled, statsWindowStart } from '../domain/review-stats';
import {
  gradeCard,
  resetCard,
  resume,
  suspend,
  undoGrade,
  type Grade,
  type ReviewCard,
  type SchedulerOptions,
} from '../domain/scheduler';
import { db, type PyRecallDB, type ReviewLogRow } from './db';
import { guard } from './errors';
import { getSetting } from './settings';

/** What undoing a grade needs: the card's Article and the log entry the grade wrote. */
export interface ReviewUndo {
  articleId: string;
  logId: number;
}

/** A stored grade: the rescheduled card, its log entry, and what undo needs. */
export interface GradeResult {
  card: ReviewCard;
  log: ReviewLogRow;
  undo: ReviewUndo;
}

/** What undoing a suspend, resume or reset needs: the card before it. */
export interface CardUndo {
  articleId: string;
  previous: ReviewCard;
}

/** Every card, suspended ones included, ordered by Article id. */
export function allCards(database: PyRecallDB = db): Promise<ReviewCard[]> {
  return guard(database, 'read', () => database.reviewCards.toArray());
}

/** The card of one Article; undefined when it was never finished. */
export function getCard(articleId: string, database: PyRecallDB = db): Promise<ReviewCard | undefined> {
  return guard(database, 'read', () => database.reviewCards.get(articleId));
}

/** Cards not suspended that fall due before `before` (e.g. the end of today), earliest first. */
export function dueCards(before: number, database: PyRecallDB = db): Promise<ReviewCard[]> {
  return guard(database, 'read', () =>
    database.reviewCards
      .where('due')
      .below(before)
      .filter((card) => !card.suspended)
      .toArray(),
  );
}

/** Log entries reviewed at or after `since` (e.g. the start of today), oldest first. */
export function reviewsSince(since: number, database: PyRecallDB = db): Promise<ReviewLogRow[]> {
  return guard(database, 'read', () => database.reviewLog.where('reviewedAt').aboveOrEqual(since).toArray());
}

/** How many reviews were made at or after `since`. */
export function countReviewsSince(since: number, database: PyRecallDB = db): Promise<number> {
  return guard(database, 'read', () => database.reviewLog.where('reviewedAt').aboveOrEqual(since).count());
}

/** The whole review log, in no particular order. Seconds at 100,000 entries: the stats use statsHistory. */
export function allReviews(database: PyRecallDB = db): Promise<ReviewLogRow[]> {
  return guard(database, 'read', () => database.reviewLog.toArray());
}

/** Log entries reviewed at or after `from` and before `to`, oldest first. */
export function reviewsBetween(from: number, to: number, database: PyRecallDB = db): Promise<ReviewLogRow[]> {
  return guard(database, 'read', () => database.reviewLog.where('reviewedAt').between(from, to, true, false).toArray());
}

/** When the latest review before `before` was made; undefined when there is none. Reads no entry, only the index. */
export async function latestReviewBefore(before: number, database: PyRecallDB = db): Promise<number | undefined> {
  const [latest] = await guard(database, 'read', () => database.reviewLog.where('reviewedAt').below(before).reverse().limit(1).keys());
  return typeof latest === 'number' ? latest : undefined;
}

/**
 * A cheap read that a live query can watch to learn when what statsHistory reads has changed: any
 * review added or removed, any card written, the daily limit. The heavy read then runs outside
 * the live query, which would otherwise copy every entry it returns and track each one's key.
 */
export function statsHistoryVersion(database: PyRecallDB = db): Promise<unknown> {
  return guard(database, 'read', () =>
    Promise.all([database.reviewLog.count(), database.reviewCards.count(), database.settings.get('dailyLimit')]),
  );
}

/** How much of the log one read brings out of IndexedDB: a week, a few thousand entries for the busiest reader. */
const HISTORY_SLICE_MS = 7 * MS_PER_DAY;
/** How far back each further step of statsHistory goes when the streak reaches beyond what was read. */
const HISTORY_STEP_MS = HEATMAP_WEEKS * 7 * MS_PER_DAY;

/**
 * The part of the review log the review stats need at `nowMs` (see statsSettled): every review
 * since the start of the stats window, then, while the streak reaches further back, older ones
 * in steps of 16 weeks; empty stretches of history are skipped. Oldest first. Read a week at a
 * time, each read its own task, so a year of 100,000 reviews never blocks the page the way one
 * read of the whole log does (two seconds). The streak is computed, as on the Progress screen,
 * with the cards of Articles for which `inPath` is true and the stored daily limit.
 */
export async function statsHistory(
  nowMs: number,
  timeZone: string = localTimeZone(),
  inPath: (articleId: string) => boolean = () => true,
  database: PyRecallDB = db,
): Promise<ReviewLogRow[]> {
  const endOfToday = endOfReviewDay(reviewDay(nowMs, timeZone), timeZone);
  const [due, dailyLimit] = await Promise.all([dueCards(endOfToday, database), getSetting('dailyLimit', database)]);
  const cards = due.filter((card) => inPath(card.articleId));
  // Newest first; each slice oldest first. The newest has no upper bound, so a review made after
  // a day rollover still wakes a live query.
  const slices: ReviewLogRow[][] = [];
  let since = statsWindowStart(nowMs, timeZone);
  let readFrom = Math.max(since, endOfToday - HISTORY_SLICE_MS);
  slices.push(await reviewsSince(readFrom, database));
  for (;;) {
    while (readFrom > since) {
      const from = Math.max(since, readFrom - HISTORY_SLICE_MS);
      slices.push(await reviewsBetween(from, readFrom, database));
      readFrom = from;
    }
    const log = [...slices].reverse().flat();
    if (statsSettled(log, cards, nowMs, timeZone, dailyLimit, since)) return log;
    const older = await latestReviewBefore(since, database);
    if (older === undefined) return log; // the whole log is read
    // Nothing between `older` and `since`: go on from just after it.
    readFrom = older + 1;
    since = readFrom - HISTORY_STEP_MS;
  }
}

/** One Article's reviews, oldest first. */
export function reviewsOf(articleId: string, database: PyRecallDB = db): Promise<ReviewLogRow[]> {
  return guard(database, 'read', () =>
    database.reviewLog
      .where('[articleId+reviewedAt]')
      .between([articleId, -Infinity], [articleId, Infinity])
      .toArray(),
  );
}

/**
 * Reviews left today as the Review screen counts them: cards due by the end of today and not
 * suspended, within what is left of the daily limit. For the app badge and reminders (the service
 * worker), which have no Review screen state; `inPath` leaves out Articles the catalogue dropped.
 */
export function countDueToday(
  now: number = Date.now(),
  timeZone: string = localTimeZone(),
  database: PyRecallDB = db,
  inPath: (articleId: string) => boolean = () => true,
): Promise<number> {
  const today = reviewDay(now, timeZone);
  return guard(database, 'read', () =>
    database.transaction('r', database.reviewCards, database.reviewLog, database.settings, async () => {
      const [cards, reviewed, limit] = await Promise.all([
        dueCards(endOfReviewDay(today, timeZone), database),
        countReviewsSince(startOfReviewDay(today, timeZone), database),
        getSetting('dailyLimit', database),
      ]);
      return dueQueue(cards.filter((card) => inPath(card.articleId)), now, timeZone, limit, reviewed).length;
    }),
  );
}

/**
 * Grades an Article's card at `now`: writes the rescheduled card and the log entry together.
 * Resolves to undefined, writing nothing, when the card is not due today (already graded in
 * another tab, or a second key press), suspended or gone.
 */
export function gradeReview(
  articleId: string,
  grade: Grade,
  now: number,
  options: SchedulerOptions,
  database: PyRecallDB = db,
): Promise<GradeResult | undefined> {
  const endOfToday = endOfReviewDay(reviewDay(now, options.timeZone), options.timeZone);
  return guard(database, 'write', () =>
    database.transaction('rw', database.reviewCards, database.reviewLog, async () => {
      const card = await database.reviewCards.get(articleId);
      if (!card || card.suspended || !(card.due < endOfToday)) return undefined;
      const graded = gradeCard(card, grade, now, options);
      await database.reviewCards.put(graded.card);
      const logId = await database.reviewLog.add(graded.log);
      return { card: graded.card, log: { ...graded.log, id: logId }, undo: { articleId, logId } };
    }),
  );
}

/**
 * Takes back a grade: the card as it was before (ts-fsrs rollback, see undoGrade) and its log
 * entry deleted. Resolves to false, changing nothing, when the card changed since the grade
 * (graded again, suspended, reset) or the entry is gone.
 */
export function undoReview(undo: ReviewUndo, database: PyRecallDB = db): Promise<boolean> {
  return guard(database, 'write', () =>
    database.transaction('rw', database.reviewCards, database.reviewLog, async () => {
      const [card, log] = await Promise.all([database.reviewCards.get(undo.articleId), database.reviewLog.get(undo.logId)]);
      if (!card || !log || log.articleId !== undo.articleId) return false;
      // A grade writes both times; any later change to the card moves updatedAt on.
      if (card.lastReview !== log.reviewedAt || card.updatedAt !== log.reviewedAt) return false;
      await database.reviewCards.put(undoGrade(card, log));
      await database.reviewLog.delete(undo.logId);
      return true;
    }),
  );
}

/** Takes an Article out of the review queue, keeping its schedule; undefined if it has no active card. */
export function suspendReviews(articleId: string, now: number = Date.now(), database: PyRecallDB = db): Promise<CardUndo | undefined> {
  return changeCard(database, articleId, (card) => suspend(card, now));
}

/**
 * Puts an Article back in the review queue; if it fell due while suspended it is due now.
 * Undefined if it has no suspended card.
 */
export function resumeReviews(articleId: string, now: number = Date.now(), database: PyRecallDB = db): Promise<CardUndo | undefined> {
  return changeCard(database, articleId, (card) => resume(card, now));
}

/**
 * Starts an Article's schedule over: its memory state is wiped and it is due today, as if new.
 * The review log keeps its past reviews. Undefined if it has no card.
 */
export function resetSchedule(
  articleId: string,
  now: number,
  options: SchedulerOptions,
  database: PyRecallDB = db,
): Promise<CardUndo | undefined> {
  return changeCard(database, articleId, (card) => resetCard(card, now, options));
}

/** Puts a card back as it was before the suspend, resume or reset `undo` came from. */
export function restoreCard(undo: CardUndo, database: PyRecallDB = db): Promise<void> {
  return guard(database, 'write', () =>
    database.transaction('rw', database.reviewCards, async () => {
      await database.reviewCards.put({ ...undo.previous });
    }),
  );
}

/**
 * Brings cards in line with reading progress (see reconcileCards): a card for every finished
 * Article without one, and unfinished Articles' cards suspended. Returns how many cards it wrote.
 */
export function syncCardsWithProgress(
  now: number = Date.now(),
  timeZone: string = localTimeZone(),
  database: PyRecallDB = db,
): Promise<number> {
  return guard(database, 'write', () =>
    database.transaction('rw', database.progress, database.reviewCards, database.settings, async () => {
      const [records, cards]: [ProgressRecord[], ReviewCard[]] = await Promise.all([
        database.progress.toArray(),
        database.reviewCards.toArray(),
      ]);
      const writes = reconcileCards(records, cards, now, await schedulerOptions(timeZone, database));
      if (writes.length > 0) await database.reviewCards.bulkPut(writes);
      return writes.length;
    }),
  );
}

/** The reader's scheduler options: `timeZone` and the stored desired retention. Call inside a transaction over settings. */
export async function schedulerOptions(timeZone: string, database: PyRecallDB = db): Promise<SchedulerOptions> {
  return { timeZone, desiredRetention: await getSetting('retention', database) };
}

/** Reads the card and writes `next(card)` in one transaction, unless there is no card or nothing changes. */
function changeCard(
  database: PyRecallDB,
  articleId: string,
  next: (card: ReviewCard) => ReviewCard,
): Promise<CardUndo | undefined> {
  return guard(database, 'write', () =>
    database.transaction('rw', database.reviewCards, async () => {
      const previous = await database.reviewCards.get(articleId);
      if (!previous) return undefined;
      const updated = next(previous);
      if (updated === previous) return undefined;
      await database.reviewCards.put(updated);
      return { articleId, previous };
    }),
  );
}
