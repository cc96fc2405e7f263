/**
 * Which finished articles to review today, and what is coming up.
 *
 * A card is due today when it falls due before the current review day ends (04:00 local
 * tomorrow, see day.ts), so everything due "today" is offered from the start of the session.
 * Suspended cards are never counted.
 */
import {
  addDays,
  createReviewDayIndexer,
  dayKeyFromNumber,
  endOfReviewDay,
  reviewDay,
  reviewDayNumber,
  type DayKey,
} from './day';
import { retrievability, type ReviewCard } from './scheduler';

/** Reviews offered per review day unless the reader chooses otherwise. */
export const DEFAULT_DAILY_LIMIT = 10;
/** Days shown in the workload forecast, today included. */
export const FORECAST_DAYS = 14;

/** Due count of one review day. */
export interface ForecastDay {
  dayKey: DayKey;
  count: number;
}

/** When the next review session is, for "All caught up — next review in 2 days (4 articles)". */
export interface NextReview {
  dayKey: DayKey;
  /** Review days from today, at least 1. */
  inDays: number;
  count: number;
}

/** A usable daily limit: a whole number ≥ 0, the default when missing or not a number. */
function limitOf(dailyLimit: number): number {
  return Number.isFinite(dailyLimit) ? Math.max(0, Math.floor(dailyLimit)) : DEFAULT_DAILY_LIMIT;
}

/**
 * Today's reviews: due by the end of this review day and not suspended, within what is left of the
 * daily limit. Cards overdue longest come first; within a due day, the most at risk of being
 * forgotten (lowest retrievability) first.
 *
 * Why not retrievability alone: with a daily limit, a backlog larger than the limit, and a few
 * articles the reader keeps failing, those articles (stability well under a day) are always the
 * least retrievable and would take every slot, so other due articles would never be shown. Oldest
 * due day first guarantees every due card is reached; retrievability still decides among cards due
 * the same day, which is the whole queue on any day without a backlog.
 */
export function dueQueue(
  cards: readonly ReviewCard[],
  nowMs: number,
  timeZone: string,
  dailyLimit: number = DEFAULT_DAILY_LIMIT,
  reviewedTodayCount = 0,
): ReviewCard[] {
  const room = limitOf(dailyLimit) - Math.max(0, Math.floor(reviewedTodayCount) || 0);
  if (room <= 0) return [];
  const end = endOfReviewDay(reviewDay(nowMs, timeZone), timeZone);
  const dayOf = createReviewDayIndexer(timeZone);
  const due: { card: ReviewCard; day: number; risk: number }[] = [];
  for (const card of cards) {
    if (!card.suspended && card.due < end) due.push({ card, day: dayOf(card.due), risk: retrievability(card, nowMs) });
  }
  due.sort(
    (a, b) =>
      a.day - b.day ||
      a.risk - b.risk ||
      a.card.due - b.card.due ||
      (a.card.articleId < b.card.articleId ? -1 : a.card.articleId > b.card.articleId ? 1 : 0),
  );
  return due.slice(0, room).map((d) => d.card);
}

/** Due counts for today and the following days; overdue cards count today. Not capped by the daily limit. */
export function forecast(
  cards: readonly ReviewCard[],
  nowMs: number,
  timeZone: string,
  days: number = FORECAST_DAYS,
): ForecastDay[] {
  const n = Math.max(0, Math.floor(days));
  const today = reviewDay(nowMs, timeZone);
  const keys: DayKey[] = [];
  const ends: number[] = [];
  for (let i = 0; i < n; i++) {
    keys.push(addDays(today, i));
    ends.push(endOfReviewDay(keys[i], timeZone));
  }
  const counts = new Array<number>(n).fill(0);
  for (const card of cards) {
    if (card.suspended || n === 0 || card.due >= ends[n - 1]) continue;
    // First day whose end is after the due instant.
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (card.due < ends[mid]) hi = mid;
      else lo = mid + 1;
    }
    counts[lo]++;
  }
  return keys.map((dayKey, i) => ({ dayKey, count: counts[i] }));
}

/**
 * The next review day after today and how many cards it holds; null when no card is active.
 * Cards still due today (left over by the daily limit) carry into tomorrow's count, since that is
 * when the reader will see them.
 */
export function nextReviewSummary(cards: readonly ReviewCard[], nowMs: number, timeZone: string): NextReview | null {
  const today = reviewDayNumber(nowMs, timeZone);
  const dayOf = createReviewDayIndexer(timeZone);
  let first = Infinity;
  let count = 0;
  for (const card of cards) {
    if (card.suspended) continue;
    const day = Math.max(today + 1, dayOf(card.due));
    if (day < first) {
      first = day;
      count = 1;
    } else if (day === first) {
      count++;
    }
  }
  if (first === Infinity) return null;
  return { dayKey: dayKeyFromNumber(first), inDays: first - today, count };
}
