/**
 * Spaced review of finished articles, on top of ts-fsrs (FSRS-6).
 *
 * Choices, and why:
 * - Day-level scheduling only (`enable_short_term: false`): an article is re-read in a later
 *   session, never ten minutes later, so there are no learning steps and even "Again" is ≥ 1 day.
 * - Days are review days in the user's zone (04:00 rollover, see day.ts). ts-fsrs counts elapsed
 *   days between UTC calendar dates, so we hand it each review day as UTC midnight of that date:
 *   its day counts then equal the user's day counts whatever the zone or DST. A due date comes
 *   back as the start (04:00 local) of its review day, the moment the card becomes due.
 * - Finishing an article counts as its first review, graded "Good": the reader has just recalled
 *   the whole thing. With the default FSRS-6 weights and 90 % retention that first interval is 3
 *   days (stability 2.3 rounds to 2, then ts-fsrs keeps Good one day beyond Hard's 2); at 80 % it
 *   is 9. No log entry is written for it: reading is not a recall test, so it must not count in
 *   retention or the review history.
 * - Intervals are capped at a year: an article unseen for longer is better re-read than reviewed.
 *   The cap is enforced again after ts-fsrs, whose Hard < Good < Easy spacing can overshoot it.
 * - The FSRS weights are ts-fsrs's defaults: a reading list is far too small to fit personal ones.
 * - Fuzz is on so articles finished together drift apart instead of falling due in clumps. It is
 *   seeded by article id and review count, so a preview always equals the grade that follows it
 *   and a simulation with a fixed clock is reproducible.
 * - Undo uses ts-fsrs `rollback` for the memory state. Rollback cannot rebuild the exact previous
 *   due date, last review and our `updatedAt`, so each log entry keeps those three values.
 * - Desired retention is the one user-facing knob, clamped to 0.80–0.95: below that reviews are
 *   mostly re-reading from scratch, above it the workload explodes for little gain.
 */
import {
  GenSeedStrategyWithCardId,
  Rating,
  State,
  StrategyMode,
  default_w,
  forgetting_curve,
  fsrs,
  type Card,
  type FSRS,
  type Grade as FsrsGrade,
  type ReviewLogInput,
  type StateType,
} from 'ts-fsrs';
import { MS_PER_DAY, dayKeyFromNumber, reviewDayNumber, startOfReviewDay, type DayKey } from './day';

export const DEFAULT_DESIRED_RETENTION = 0.9;
export const MIN_DESIRED_RETENTION = 0.8;
export const MAX_DESIRED_RETENTION = 0.95;
/** Longest interval between two reviews, in days. */
export const MAXIMUM_INTERVAL_DAYS = 365;
export const ENABLE_FUZZ = true;
/** Average month length used only to word long intervals ("3 months"). */
const DAYS_PER_MONTH = 30.44;
/** Intervals up to this many days are worded in days. */
const MAX_INTERVAL_IN_DAYS_LABEL = 30;
const MAX_CACHED_SCHEDULERS = 8;

/** How the reader rates a review. */
export type Grade = 'again' | 'hard' | 'good' | 'easy';

/** In the order the buttons appear. */
export const GRADES: readonly Grade[] = ['again', 'hard', 'good', 'easy'];

export const GRADE_LABELS: Readonly<Record<Grade, string>> = {
  again: 'Again',
  hard: 'Hard',
  good: 'Good',
  easy: 'Easy',
};

/** ts-fsrs card state by name; with day-level scheduling only 'New' and 'Review' occur. */
export type CardState = StateType;

/** A finished article's review schedule, as stored: plain JSON, instants as epoch ms. */
export interface ReviewCard {
  articleId: string;
  /** When the card becomes due: 04:00 local on its due day. */
  due: number;
  /** FSRS stability: days until recall probability falls to 90 %. */
  stability: number;
  /** FSRS difficulty, 1–10. */
  difficulty: number;
  /** Review days between the last two reviews (ts-fsrs `elapsed_days`). */
  elapsedDays: number;
  /** Days from the last review to `due`. */
  scheduledDays: number;
  learningSteps: number;
  reps: number;
  lapses: number;
  state: CardState;
  /** Instant of the last review (or of finishing the article); null if never reviewed. */
  lastReview: number | null;
  /** Hidden from the queue until resumed. */
  suspended: boolean;
  createdAt: number;
  updatedAt: number;
}

/** One graded review, with what undo needs to restore the card exactly. */
export interface ReviewLogEntry {
  id?: number;
  articleId: string;
  grade: Grade;
  reviewedAt: number;
  /** ts-fsrs's log of the review: the memory state before it, for `rollback`. */
  fsrs: {
    state: CardState;
    stability: number;
    difficulty: number;
    elapsedDays: number;
    lastElapsedDays: number;
    scheduledDays: number;
    learningSteps: number;
  };
  /** Fields of the card before the review that `rollback` cannot rebuild exactly. */
  before: {
    due: number;
    lastReview: number | null;
    updatedAt: number;
  };
}

export interface SchedulerOptions {
  /** IANA zone the reader's days are counted in. */
  timeZone: string;
  /** Target probability of recall at review time; clamped to 0.80–0.95, default 0.90. */
  desiredRetention?: number;
}

/** What one grade would do, for the labels on the grade buttons. */
export interface IntervalPreview {
  grade: Grade;
  /** When the card would become due. */
  due: number;
  dayKey: DayKey;
  /** Review days from today. */
  days: number;
  /** "Good · 9 days" */
  label: string;
}

const RATINGS: Readonly<Record<Grade, FsrsGrade>> = {
  again: Rating.Again,
  hard: Rating.Hard,
  good: Rating.Good,
  easy: Rating.Easy,
};

/** The ts-fsrs card plus the field its fuzz seed is read from. */
type SeededCard = Card & { articleId: string };

const schedulers = new Map<number, FSRS>();

/** `value` as a usable desired retention: missing or not a number gives the default, the rest is clamped. */
export function clampDesiredRetention(value: number | undefined): number {
  if (value === undefined || !Number.isFinite(value)) return DEFAULT_DESIRED_RETENTION;
  return Math.min(MAX_DESIRED_RETENTION, Math.max(MIN_DESIRED_RETENTION, value));
}

function scheduler(desiredRetention: number | undefined): FSRS {
  const retention = clampDesiredRetention(desiredRetention);
  let f = schedulers.get(retention);
  if (!f) {
    // A retention slider can produce many values; keep only a handful of schedulers around.
    if (schedulers.size >= MAX_CACHED_SCHEDULERS) schedulers.clear();
    f = fsrs({
      request_retention: retention,
      maximum_interval: MAXIMUM_INTERVAL_DAYS,
      enable_fuzz: ENABLE_FUZZ,
      enable_short_term: false,
    }).useStrategy(StrategyMode.SEED, GenSeedStrategyWithCardId('articleId'));
    schedulers.set(retention, f);
  }
  return f;
}

/** UTC midnight of a review day: the time ts-fsrs sees, so its day counts are review-day counts. */
function anchor(dayNo: number): Date {
  return new Date(dayNo * MS_PER_DAY);
}

function anchorDayOf(date: Date): number {
  return Math.round(date.getTime() / MS_PER_DAY);
}

function toFsrsCard(card: ReviewCard, timeZone: string): SeededCard {
  return {
    articleId: card.articleId,
    due: anchor(reviewDayNumber(card.due, timeZone)),
    stability: card.stability,
    difficulty: card.difficulty,
    elapsed_days: card.elapsedDays,
    scheduled_days: card.scheduledDays,
    learning_steps: card.learningSteps,
    reps: card.reps,
    lapses: card.lapses,
    state: State[card.state],
    last_review: card.lastReview === null ? undefined : anchor(reviewDayNumber(card.lastReview, timeZone)),
  };
}

type MemoryFields = Pick<
  ReviewCard,
  'stability' | 'difficulty' | 'elapsedDays' | 'scheduledDays' | 'learningSteps' | 'reps' | 'lapses' | 'state'
>;

/** Memory-state fields of a ts-fsrs card in our names. */
function memoryFields(card: Card): MemoryFields {
  return {
    stability: card.stability,
    difficulty: card.difficulty,
    elapsedDays: card.elapsed_days,
    scheduledDays: card.scheduled_days,
    learningSteps: card.learning_steps,
    reps: card.reps,
    lapses: card.lapses,
    state: State[card.state] as CardState,
  };
}

/** Today's review day number, never before the card's last review (a zone change can move "today" back). */
function todayFor(card: ReviewCard | null, nowMs: number, timeZone: string): number {
  const today = reviewDayNumber(nowMs, timeZone);
  if (card?.lastReview == null) return today;
  return Math.max(today, reviewDayNumber(card.lastReview, timeZone));
}

function dueFromAnchor(date: Date, timeZone: string): number {
  return startOfReviewDay(dayKeyFromNumber(anchorDayOf(date)), timeZone);
}

/**
 * `card` with the one-year cap enforced. ts-fsrs caps each grade's interval, then pushes Good past
 * Hard and Easy past Good by a day each, so near the cap Easy can come out at 367 days.
 */
function capped(card: Card, today: number): Card {
  if (anchorDayOf(card.due) - today <= MAXIMUM_INTERVAL_DAYS) return card;
  return { ...card, due: anchor(today + MAXIMUM_INTERVAL_DAYS), scheduled_days: MAXIMUM_INTERVAL_DAYS };
}

/** A card for an article just finished at `nowMs`, scheduled as if graded "Good" (3 days by default). */
export function newCardOnFinish(articleId: string, nowMs: number, options: SchedulerOptions): ReviewCard {
  const today = todayFor(null, nowMs, options.timeZone);
  const empty: SeededCard = {
    articleId,
    due: anchor(today),
    stability: 0,
    difficulty: 0,
    elapsed_days: 0,
    scheduled_days: 0,
    learning_steps: 0,
    reps: 0,
    lapses: 0,
    state: State.New,
  };
  const { card } = scheduler(options.desiredRetention).next(empty, anchor(today), Rating.Good);
  return {
    articleId,
    due: dueFromAnchor(card.due, options.timeZone),
    ...memoryFields(card),
    lastReview: nowMs,
    suspended: false,
    createdAt: nowMs,
    updatedAt: nowMs,
  };
}

/** Applies `grade` to `card` at `nowMs`: the rescheduled card and the log entry to store. */
export function gradeCard(
  card: ReviewCard,
  grade: Grade,
  nowMs: number,
  options: SchedulerOptions,
): { card: ReviewCard; log: ReviewLogEntry } {
  if (card.suspended) throw new Error(`Cannot grade suspended card ${card.articleId}`);
  const rating = RATINGS[grade];
  if (rating === undefined) throw new RangeError(`Unknown grade: ${String(grade)}`);
  const today = todayFor(card, nowMs, options.timeZone);
  const result = scheduler(options.desiredRetention).next(toFsrsCard(card, options.timeZone), anchor(today), rating);
  const scheduled = capped(result.card, today);
  const next: ReviewCard = {
    ...card,
    due: dueFromAnchor(scheduled.due, options.timeZone),
    ...memoryFields(scheduled),
    lastReview: nowMs,
    updatedAt: nowMs,
  };
  const log: ReviewLogEntry = {
    articleId: card.articleId,
    grade,
    reviewedAt: nowMs,
    fsrs: {
      state: State[result.log.state] as CardState,
      stability: result.log.stability,
      difficulty: result.log.difficulty,
      elapsedDays: result.log.elapsed_days,
      lastElapsedDays: result.log.last_elapsed_days,
      scheduledDays: result.log.scheduled_days,
      learningSteps: result.log.learning_steps,
    },
    before: { due: card.due, lastReview: card.lastReview, updatedAt: card.updatedAt },
  };
  return { card: next, log };
}

/** For each grade, in button order, when the card would next be due and its button label. */
export function previewIntervals(card: ReviewCard, nowMs: number, options: SchedulerOptions): IntervalPreview[] {
  const today = todayFor(card, nowMs, options.timeZone);
  const preview = scheduler(options.desiredRetention).repeat(toFsrsCard(card, options.timeZone), anchor(today));
  return GRADES.map((grade) => {
    const dueDay = anchorDayOf(capped(preview[RATINGS[grade]].card, today).due);
    const dayKey = dayKeyFromNumber(dueDay);
    const days = dueDay - today;
    return {
      grade,
      due: startOfReviewDay(dayKey, options.timeZone),
      dayKey,
      days,
      label: `${GRADE_LABELS[grade]} · ${formatInterval(days)}`,
    };
  });
}

/** An interval in words: "1 day", "9 days", "3 months", "1 year". */
export function formatInterval(days: number): string {
  if (days >= MAXIMUM_INTERVAL_DAYS) {
    const years = Math.round(days / MAXIMUM_INTERVAL_DAYS);
    return years === 1 ? '1 year' : `${years} years`;
  }
  if (days > MAX_INTERVAL_IN_DAYS_LABEL) {
    const months = Math.max(1, Math.round(days / DAYS_PER_MONTH));
    if (months >= 12) return '1 year';
    return months === 1 ? '1 month' : `${months} months`;
  }
  return days === 1 ? '1 day' : `${days} days`;
}

/** The card as it was before the review `log` recorded; `log` must be the card's latest review. */
export function undoGrade(card: ReviewCard, log: ReviewLogEntry): ReviewCard {
  if (log.articleId !== card.articleId) {
    throw new Error(`Review of ${log.articleId} cannot be undone on card ${card.articleId}`);
  }
  if (card.lastReview !== log.reviewedAt) {
    throw new Error(`Only the latest review of ${card.articleId} can be undone`);
  }
  const fsrsLog: ReviewLogInput = {
    rating: RATINGS[log.grade],
    state: log.fsrs.state,
    // Only the memory state is taken from rollback; due and last review come from `before`.
    due: log.before.lastReview ?? log.before.due,
    review: log.reviewedAt,
    stability: log.fsrs.stability,
    difficulty: log.fsrs.difficulty,
    elapsed_days: log.fsrs.elapsedDays,
    last_elapsed_days: log.fsrs.lastElapsedDays,
    scheduled_days: log.fsrs.scheduledDays,
    learning_steps: log.fsrs.learningSteps,
  };
  const current: Card = {
    due: new Date(card.due),
    stability: card.stability,
    difficulty: card.difficulty,
    elapsed_days: card.elapsedDays,
    scheduled_days: card.scheduledDays,
    learning_steps: card.learningSteps,
    reps: card.reps,
    lapses: card.lapses,
    state: State[card.state],
    last_review: card.lastReview === null ? undefined : new Date(card.lastReview),
  };
  const previous = scheduler(undefined).rollback(current, fsrsLog);
  return {
    ...card,
    ...memoryFields(previous),
    due: log.before.due,
    lastReview: log.before.lastReview,
    updatedAt: log.before.updatedAt,
  };
}

/** The card hidden from the review queue. */
export function suspend(card: ReviewCard, nowMs: number): ReviewCard {
  return card.suspended ? card : { ...card, suspended: true, updatedAt: nowMs };
}

/**
 * The card back in the review queue. If it fell due while suspended it becomes due now rather than
 * overdue, so the suspended weeks do not count against the reader's streak.
 */
export function resume(card: ReviewCard, nowMs: number): ReviewCard {
  if (!card.suspended) return card;
  return { ...card, suspended: false, due: Math.max(card.due, nowMs), updatedAt: nowMs };
}

/** The card's memory wiped (ts-fsrs `forget`, counts reset): a new card due today, to be learnt again. */
export function resetCard(card: ReviewCard, nowMs: number, options: SchedulerOptions): ReviewCard {
  const today = todayFor(card, nowMs, options.timeZone);
  const { card: forgotten } = scheduler(options.desiredRetention).forget(
    toFsrsCard(card, options.timeZone),
    anchor(today),
    true,
  );
  return {
    ...card,
    ...memoryFields(forgotten),
    due: startOfReviewDay(dayKeyFromNumber(today), options.timeZone),
    updatedAt: nowMs,
  };
}

/** Probability (0–1) that the reader still recalls the article at `nowMs`; 0 for a card never reviewed. */
export function retrievability(card: ReviewCard, nowMs: number): number {
  if (card.state === 'New' || card.lastReview === null || !(card.stability > 0)) return 0;
  // Real elapsed time, not whole days, so cards due the same day still rank by risk.
  const elapsedDays = Math.max(0, (nowMs - card.lastReview) / MS_PER_DAY);
  return forgetting_curve(default_w, elapsedDays, card.stability);
}
