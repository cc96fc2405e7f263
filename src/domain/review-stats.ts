/**
 * Review history in numbers: a calendar heatmap, the current streak and recent retention.
 *
 * All of it is counted in review days (local zone, 04:00 rollover; see day.ts) in one linear pass
 * over the log, with time-zone lookups memoised per UTC day rather than made per review, so 100,000
 * log entries stay well inside a frame.
 *
 * Streak, precisely. Each past review day is one of:
 * - done: at least one review, and either nothing that was due that day was left unreviewed at its
 *   end, or the daily limit was reached (the reader did all the app offered);
 * - free: no review and nothing due — it neither breaks nor extends the streak;
 * - missed: something was due and left unreviewed, and the daily limit was not reached.
 * A card counts as due-and-left on every day from its due day until the day before it was finally
 * reviewed, which the log shows (each entry keeps the due date it was reviewed against); cards
 * overdue now count as left on every day since they fell due.
 * The streak is the number of done days since the last missed day. Today is still in progress: it
 * adds one once it is done, and never breaks the streak.
 * The daily limit used is today's; a past change of limit is not in the log.
 */
import {
  addDays,
  createReviewDayIndexer,
  dayKeyFromNumber,
  endOfReviewDay,
  reviewDay,
  reviewDayNumber,
  startOfReviewDay,
  weekdayOfDayNumber,
  type DayKey,
} from './day';
import { DEFAULT_DAILY_LIMIT } from './review-queue';
import type { ReviewCard, ReviewLogEntry } from './scheduler';

/** Weeks of history in the calendar heatmap. */
export const HEATMAP_WEEKS = 16;
/** Review days over which retention is measured, today included. */
export const RETENTION_WINDOW_DAYS = 30;
/** How far back a streak is traced (a century): beyond any real streak, small enough to allocate. */
const MAX_HISTORY_DAYS = 36_525;

/** One cell of the heatmap. */
export interface HeatmapDay {
  dayKey: DayKey;
  /** 0 = Sunday … 6 = Saturday, for laying cells out in week columns. */
  weekday: number;
  count: number;
}

/** Share of recent reviews not graded "Again". */
export interface RetentionStat {
  reviews: number;
  recalled: number;
  /** recalled / reviews, or null when there were no reviews. */
  rate: number | null;
}

export interface ReviewStats {
  heatmap: HeatmapDay[];
  streak: number;
  retention: RetentionStat;
}

/** Reviews per review day for the last `weeks` weeks, oldest first, ending today. */
export function reviewHeatmap(
  log: readonly ReviewLogEntry[],
  nowMs: number,
  timeZone: string,
  weeks: number = HEATMAP_WEEKS,
): HeatmapDay[] {
  const today = reviewDayNumber(nowMs, timeZone);
  const length = Math.max(0, Math.floor(weeks) * 7);
  if (length === 0) return [];
  const first = today - length + 1;
  const from = startOfReviewDay(dayKeyFromNumber(first), timeZone);
  const to = endOfReviewDay(dayKeyFromNumber(today), timeZone);
  const counts = new Int32Array(length);
  const dayOf = createReviewDayIndexer(timeZone);
  for (const entry of log) {
    const t = entry.reviewedAt;
    if (t >= from && t < to) counts[dayOf(t) - first]++;
  }
  return heatmapCells(counts, first);
}

function heatmapCells(counts: Int32Array, first: number): HeatmapDay[] {
  const days: HeatmapDay[] = [];
  for (let i = 0; i < counts.length; i++) {
    days.push({ dayKey: dayKeyFromNumber(first + i), weekday: weekdayOfDayNumber(first + i), count: counts[i] });
  }
  return days;
}

/** Share of reviews in the last `days` review days (today included) not graded "Again". */
export function retention(
  log: readonly ReviewLogEntry[],
  nowMs: number,
  timeZone: string,
  days: number = RETENTION_WINDOW_DAYS,
): RetentionStat {
  const { from, to } = retentionWindow(nowMs, timeZone, days);
  let reviews = 0;
  let recalled = 0;
  for (const entry of log) {
    if (entry.reviewedAt < from || entry.reviewedAt >= to) continue;
    reviews++;
    if (entry.grade !== 'again') recalled++;
  }
  return retentionStat(reviews, recalled);
}

function retentionWindow(nowMs: number, timeZone: string, days: number): { from: number; to: number } {
  const today = reviewDay(nowMs, timeZone);
  return {
    from: startOfReviewDay(addDays(today, 1 - Math.max(1, Math.floor(days))), timeZone),
    to: endOfReviewDay(today, timeZone),
  };
}

function retentionStat(reviews: number, recalled: number): RetentionStat {
  return { reviews, recalled, rate: reviews === 0 ? null : recalled / reviews };
}

/** Consecutive done review days up to today (see the module comment for done, free and missed days). */
export function currentStreak(
  log: readonly ReviewLogEntry[],
  cards: readonly ReviewCard[],
  nowMs: number,
  timeZone: string,
  dailyLimit: number = DEFAULT_DAILY_LIMIT,
): number {
  return streakOf(tally(log, cards, nowMs, timeZone), dailyLimit);
}

/** Heatmap, streak and retention together, for the stats screen, in one pass over the log. */
export function reviewStats(
  log: readonly ReviewLogEntry[],
  cards: readonly ReviewCard[],
  nowMs: number,
  timeZone: string,
  dailyLimit: number = DEFAULT_DAILY_LIMIT,
): ReviewStats {
  const totals = tally(log, cards, nowMs, timeZone);
  const heatmapLength = HEATMAP_WEEKS * 7;
  return {
    heatmap: heatmapCells(totals.reviews.slice(-heatmapLength), totals.today - heatmapLength + 1),
    streak: streakOf(totals, dailyLimit),
    retention: retentionStat(totals.recentReviews, totals.recentRecalled),
  };
}

/** Per-day counts of the review history, indexed by day number minus `first`, up to `today`. */
interface Tally {
  first: number;
  today: number;
  /** Reviews done on each day. */
  reviews: Int32Array;
  /**
   * Cards due but left unreviewed at the end of each day, as a difference array read from today
   * backwards: left at the end of day d is the sum of `leftDiff` from d to today.
   */
  leftDiff: Int32Array;
  /** Earliest day with any data, so a walk back knows when history ends. */
  earliest: number;
  /** Active cards due by the end of today and not reviewed. */
  pendingToday: number;
  /** Reviews and recalls in the retention window. */
  recentReviews: number;
  recentRecalled: number;
}

function tally(log: readonly ReviewLogEntry[], cards: readonly ReviewCard[], nowMs: number, timeZone: string): Tally {
  const today = reviewDayNumber(nowMs, timeZone);
  const first = today - MAX_HISTORY_DAYS + 1;
  const dayOf = createReviewDayIndexer(timeZone);
  const endOfToday = endOfReviewDay(dayKeyFromNumber(today), timeZone);
  const from = startOfReviewDay(dayKeyFromNumber(first), timeZone);
  const recentFrom = retentionWindow(nowMs, timeZone, RETENTION_WINDOW_DAYS).from;
  const reviews = new Int32Array(MAX_HISTORY_DAYS);
  const leftDiff = new Int32Array(MAX_HISTORY_DAYS + 1);
  let earliest = today;
  let recentReviews = 0;
  let recentRecalled = 0;

  for (const entry of log) {
    const t = entry.reviewedAt;
    if (!(t >= from && t < endOfToday)) continue; // Also skips NaN.
    const r = dayOf(t);
    reviews[r - first]++;
    if (r < earliest) earliest = r;
    if (t >= recentFrom) {
      recentReviews++;
      if (entry.grade !== 'again') recentRecalled++;
    }
    if (entry.before.due < t) {
      // Due before the review: if that was an earlier day, the card waited at the end of each day since.
      const waitedFrom = Math.max(dayOf(entry.before.due), first);
      if (waitedFrom < r) {
        leftDiff[r - 1 - first]++;
        if (waitedFrom > first) leftDiff[waitedFrom - 1 - first]--;
        if (waitedFrom < earliest) earliest = waitedFrom;
      }
    }
  }
  let pendingToday = 0;
  for (const card of cards) {
    if (card.suspended || !(card.due < endOfToday)) continue;
    pendingToday++;
    // Overdue now: waiting at the end of each day from its due day until yesterday.
    const waitedFrom = Math.max(dayOf(card.due), first);
    if (waitedFrom < today) {
      leftDiff[today - 1 - first]++;
      if (waitedFrom > first) leftDiff[waitedFrom - 1 - first]--;
      if (waitedFrom < earliest) earliest = waitedFrom;
    }
  }
  return { first, today, reviews, leftDiff, earliest, pendingToday, recentReviews, recentRecalled };
}

function streakOf(totals: Tally, dailyLimit: number): number {
  return walkStreak(totals, dailyLimit).streak;
}

/** The streak, and the missed day that ended it (undefined when the walk ran out of history first). */
function walkStreak(totals: Tally, dailyLimit: number): { streak: number; missedDay: number | undefined } {
  const limit = Number.isFinite(dailyLimit) ? Math.max(0, Math.floor(dailyLimit)) : DEFAULT_DAILY_LIMIT;
  const { first, today, reviews, leftDiff, earliest, pendingToday } = totals;
  let streak = 0;
  // Today: done once the daily limit is reached or nothing due remains; otherwise in progress.
  const doneToday = reviews[today - first];
  if (doneToday > 0 && (doneToday >= limit || pendingToday === 0)) streak++;
  let left = 0;
  for (let d = today - 1; d >= earliest; d--) {
    left += leftDiff[d - first];
    if (left > 0 && reviews[d - first] < limit) return { streak, missedDay: d };
    if (reviews[d - first] > 0) streak++;
  }
  return { streak, missedDay: undefined };
}

// ---------------------------------------------------------------------------------------------
// How much of the log the stats need. Years of reviews are too many to read at once (100,000
// entries take seconds to come out of IndexedDB), and the screen shows 16 weeks: the log is read
// from today backwards, and this says when enough has been read.
// ---------------------------------------------------------------------------------------------

/** When the oldest day the stats show (the heatmap's first; retention's 30 days are inside it) starts. */
export function statsWindowStart(nowMs: number, timeZone: string): number {
  const today = reviewDayNumber(nowMs, timeZone);
  return startOfReviewDay(dayKeyFromNumber(today - HEATMAP_WEEKS * 7 + 1), timeZone);
}

/**
 * True when a log holding only the reviews made at or after `since` (the older ones left out)
 * gives reviewStats exactly the figures the whole log would, at `nowMs` or any later time:
 * `since` is no later than the stats window, and the streak ends on a missed day the log fully
 * covers. A missed day depends only on that day's reviews and on cards reviewed (or still due)
 * after it, all of which such a log holds; a streak still unbroken at `since` needs older reviews.
 * `cards` and `dailyLimit` must be those the stats are computed with.
 */
export function statsSettled(
  log: readonly ReviewLogEntry[],
  cards: readonly ReviewCard[],
  nowMs: number,
  timeZone: string,
  dailyLimit: number,
  since: number,
): boolean {
  if (since === -Infinity) return true;
  if (!(since <= statsWindowStart(nowMs, timeZone))) return false;
  const { missedDay } = walkStreak(tally(log, cards, nowMs, timeZone), dailyLimit);
  if (missedDay === undefined) return false;
  // The first review day that starts at or after `since`: the log holds all of it.
  const sinceDay = reviewDayNumber(since, timeZone);
  const firstWholeDay = startOfReviewDay(dayKeyFromNumber(sinceDay), timeZone) >= since ? sinceDay : sinceDay + 1;
  return missedDay >= firstWholeDay;
}
