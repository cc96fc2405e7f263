/**
 * Spaced review as the screens see it: today's queue (most at risk first, within the daily limit),
 * the prompt being shown and whether it is revealed, grading and undoing the last grade, the done
 * summary, and `dueCount` for the navigation badge and reminders.
 *
 * Cards and today's log entries are live from storage, so a grade made in another tab shows here
 * too. "Today" is the reader's review day (04:00 rollover, local zone); a minute tick moves it on.
 * Cards of Articles the catalogue no longer has are left out everywhere: the reader could not see
 * what to recall, and a card that can never be reviewed would hold the streak back for ever.
 */
import type { ReviewLogRow } from '../db/db';
import {
  allCards,
  gradeReview,
  resetSchedule,
  restoreCard,
  resumeReviews,
  reviewsSince,
  suspendReviews,
  syncCardsWithProgress,
  undoReview,
  type CardUndo,
  type ReviewUndo,
} from '../db/reviews';
import { endOfReviewDay, localTimeZone, reviewDay, reviewDayNumber, startOfReviewDay } from '../domain/day';
import { dueQueue, forecast, nextReviewSummary, type ForecastDay, type NextReview } from '../domain/review-queue';
import {
  GRADE_LABELS,
  formatInterval,
  previewIntervals,
  type Grade,
  type IntervalPreview,
  type ReviewCard,
  type SchedulerOptions,
} from '../domain/scheduler';
import { articleById } from './catalogue';
import { Live } from './live.svelte';
import { notices } from './notices.svelte';
import { reviewSettings } from './review-settings.svelte';

/** How often "now" moves on while the app is open, so the queue follows the day rollover. */
const TICK_MS = 60_000;

/** The grade that can still be undone. */
export interface LastGrade {
  articleId: string;
  grade: Grade;
  /** When the Article comes back. */
  due: number;
  undo: ReviewUndo;
}

function titleOf(articleId: string): string {
  return articleById(articleId)?.title ?? 'This article';
}

class Review {
  /** The zone the reader's days are counted in. */
  readonly timeZone = localTimeZone();
  #cards = new Live<ReviewCard[]>(() => allCards(), []);
  // A superset of today's reviews: the query runs again on every change, and "today" is cut below.
  #recent = new Live<ReviewLogRow[]>(() => reviewsSince(startOfReviewDay(reviewDay(Date.now(), this.timeZone), this.timeZone)), []);
  #now = $state(Date.now());
  #revealedId = $state<string | undefined>();
  #last = $state.raw<LastGrade | undefined>();
  #busy = $state(false);
  #message = $state('');

  #inPath = $derived(this.#cards.current.filter((card) => articleById(card.articleId) !== undefined));
  #byId = $derived(new Map(this.#cards.current.map((card) => [card.articleId, card])));
  #startOfToday = $derived(startOfReviewDay(reviewDay(this.#now, this.timeZone), this.timeZone));
  #endOfToday = $derived(endOfReviewDay(reviewDay(this.#now, this.timeZone), this.timeZone));
  #reviewedToday = $derived(this.#recent.current.filter((entry) => entry.reviewedAt >= this.#startOfToday).length);
  #queue = $derived(dueQueue(this.#inPath, this.#now, this.timeZone, reviewSettings.dailyLimit, this.#reviewedToday));
  #dueToday = $derived(this.#inPath.filter((card) => !card.suspended && card.due < this.#endOfToday).length);
  #previews = $derived(this.#queue[0] ? previewIntervals(this.#queue[0], this.#now, this.#options()) : []);
  #nextReview = $derived(nextReviewSummary(this.#inPath, this.#now, this.timeZone));
  #forecast = $derived(forecast(this.#inPath, this.#now, this.timeZone));

  constructor() {
    if (typeof window === 'undefined') return; // prerendered at build time: no clock, no database
    setInterval(() => this.refresh(), TICK_MS);
    // Articles finished before spaced review existed (or restored from an old backup) get their cards.
    syncCardsWithProgress().catch((error: unknown) => notices.error(error));
  }

  get loaded(): boolean {
    return this.#cards.loaded && this.#recent.loaded && reviewSettings.loaded;
  }

  /** The current time as the screens see it (moves on each minute and after each action). */
  get now(): number {
    return this.#now;
  }

  /** Cards of Articles in the reading path, suspended ones included. */
  get cards(): ReviewCard[] {
    return this.#inPath;
  }

  /** The card of one Article, if it was ever finished. */
  cardOf(articleId: string): ReviewCard | undefined {
    return this.#byId.get(articleId);
  }

  /** True once the reader has finished anything in the reading path. */
  get hasCards(): boolean {
    return this.#inPath.length > 0;
  }

  /** What is left to review today: due cards, most at risk first, within what remains of the daily limit. */
  get queue(): ReviewCard[] {
    return this.#queue;
  }

  /** Reviews left today, capped by the daily limit: the number for the navigation badge and reminders. */
  get dueCount(): number {
    return this.#queue.length;
  }

  /** Due today but beyond the daily limit: they wait for tomorrow. */
  get overLimit(): number {
    return Math.max(0, this.#dueToday - this.#queue.length);
  }

  get reviewedToday(): number {
    return this.#reviewedToday;
  }

  /** The card being asked about. */
  get current(): ReviewCard | undefined {
    return this.#queue[0];
  }

  /** "3 of 7": the current prompt's place in today's reviews, done ones included. */
  get position(): number {
    return this.#reviewedToday + 1;
  }

  get total(): number {
    return this.#reviewedToday + this.#queue.length;
  }

  get revealed(): boolean {
    return this.current !== undefined && this.#revealedId === this.current.articleId;
  }

  /** For each grade, when the current Article would come back. */
  get previews(): IntervalPreview[] {
    return this.#previews;
  }

  /** The next review day after today; null when no card is active. */
  get nextReview(): NextReview | null {
    return this.#nextReview;
  }

  /** Due reviews for today and the next 13 days (not capped by the daily limit). */
  get forecast(): ForecastDay[] {
    return this.#forecast;
  }

  /** The last grade, while it can be undone. */
  get last(): LastGrade | undefined {
    return this.#last;
  }

  /** Review days from today until `due`. */
  daysUntil(due: number): number {
    return reviewDayNumber(due, this.timeZone) - reviewDayNumber(this.#now, this.timeZone);
  }

  get busy(): boolean {
    return this.#busy;
  }

  /** What just happened, in a sentence for the live region. */
  get message(): string {
    return this.#message;
  }

  /** Moves "now" on (e.g. when the Review screen opens after the device slept). */
  refresh(): void {
    this.#now = Date.now();
  }

  /** Shows the current Article's takeaway, note and link. */
  reveal(): void {
    if (this.current) this.#revealedId = this.current.articleId;
  }

  /** Grades the current Article once it is revealed; it leaves today's queue. */
  async grade(grade: Grade): Promise<void> {
    const card = this.current;
    if (!card || !this.revealed || this.#busy) return;
    this.#busy = true;
    try {
      const now = Date.now();
      const result = await gradeReview(card.articleId, grade, now, this.#options());
      this.#now = now;
      if (!result) return;
      this.#last = { articleId: card.articleId, grade, due: result.card.due, undo: result.undo };
      this.#message = `${GRADE_LABELS[grade]}: “${titleOf(card.articleId)}” comes back in ${formatInterval(this.daysUntil(result.card.due))}.`;
    } catch (error) {
      notices.error(error);
    } finally {
      this.#busy = false;
    }
  }

  /** Takes back the last grade: the Article is back in the queue, revealed, to be graded again. */
  async undo(): Promise<void> {
    const last = this.#last;
    if (!last || this.#busy) return;
    this.#busy = true;
    try {
      const undone = await undoReview(last.undo);
      this.#last = undefined;
      this.#now = Date.now();
      if (undone) {
        this.#revealedId = last.articleId;
        this.#message = `Undone: “${titleOf(last.articleId)}” is back.`;
      } else {
        notices.info(`That review of “${titleOf(last.articleId)}” can no longer be undone: its schedule changed since.`);
      }
    } catch (error) {
      notices.error(error);
    } finally {
      this.#busy = false;
    }
  }

  /** Takes an Article out of reviews until resumed, with an Undo. */
  suspend(articleId: string): Promise<void> {
    return this.#change(articleId, () => suspendReviews(articleId), 'Reviews of “%” suspended.');
  }

  /** Puts an Article back in reviews, with an Undo. */
  resume(articleId: string): Promise<void> {
    return this.#change(articleId, () => resumeReviews(articleId), 'Reviews of “%” resumed.');
  }

  /** Starts an Article's schedule over, due today, with an Undo. */
  reset(articleId: string): Promise<void> {
    return this.#change(articleId, () => resetSchedule(articleId, Date.now(), this.#options()), 'Schedule of “%” reset: it is due today.');
  }

  async #change(articleId: string, run: () => Promise<CardUndo | undefined>, message: string): Promise<void> {
    try {
      const undo = await run();
      this.#now = Date.now();
      if (!undo) return;
      // The grade's undo would roll back from the wrong state now.
      if (this.#last?.articleId === articleId) this.#last = undefined;
      notices.info(message.replace('%', titleOf(articleId)), { label: 'Undo', run: () => this.#restore(undo) });
    } catch (error) {
      notices.error(error);
    }
  }

  async #restore(undo: CardUndo): Promise<void> {
    try {
      await restoreCard(undo);
      notices.info('Undone.');
    } catch (error) {
      notices.error(error);
    }
  }

  #options(): SchedulerOptions {
    return { timeZone: this.timeZone, desiredRetention: reviewSettings.retention };
  }
}

export const review = new Review();
