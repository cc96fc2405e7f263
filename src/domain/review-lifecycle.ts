/**
 * A review card's life alongside its article's reading status. Pure: storage applies these rules
 * inside the same transaction as the status change, so the two never disagree.
 *
 * - Finishing an article creates its card, scheduled as a first "Good" (see newCardOnFinish): the
 *   takeaway prompt that follows is the first recall.
 * - Un-finishing it (back to reading, or to read) suspends the card. Its memory state and review
 *   history are kept, but an article the reader is re-reading is not quizzed meanwhile, and a card
 *   left due while unfinished would break the streak for nothing.
 * - Finishing it again resumes the card, due no sooner than a first finish would bring it back:
 *   the reader has just re-read it, so a review today would test nothing. A quick unfinish and
 *   re-finish (a slip of the finger) leaves a later due date as it was.
 *
 * Suspension is one flag: a card the reader suspended by hand is also resumed by finishing the
 * article again, since finishing is the reader saying "I know this one now".
 */
import type { ProgressRecord, ReadingStatus } from './progress';
import { newCardOnFinish, resume, suspend, type ReviewCard, type SchedulerOptions } from './scheduler';

/**
 * The card to store after an article moves to `status` at `nowMs`: `card` itself when nothing
 * changes, undefined when the article has no card and needs none.
 */
export function cardForStatus(
  card: ReviewCard | undefined,
  articleId: string,
  status: ReadingStatus,
  nowMs: number,
  options: SchedulerOptions,
): ReviewCard | undefined {
  if (status !== 'finished') return card && suspend(card, nowMs);
  if (!card) return newCardOnFinish(articleId, nowMs, options);
  if (!card.suspended) return card;
  const resumed = resume(card, nowMs);
  const firstDue = newCardOnFinish(articleId, nowMs, options).due;
  return resumed.due >= firstDue ? resumed : { ...resumed, due: firstDue };
}

/**
 * The cards to write so every card follows its article's status: a card for each finished article
 * that has none (progress from before spaced review, or an old backup), scheduled from when it was
 * finished; and active cards of articles marked reading or to read (a merge can pair them)
 * suspended. A card with no progress record at all is left alone: nothing says it is unfinished.
 */
export function reconcileCards(
  records: readonly ProgressRecord[],
  cards: readonly ReviewCard[],
  nowMs: number,
  options: SchedulerOptions,
): ReviewCard[] {
  const byId = new Map(cards.map((c) => [c.articleId, c]));
  const unfinished = new Set<string>();
  const writes: ReviewCard[] = [];
  for (const record of records) {
    if (record.status !== 'finished') {
      unfinished.add(record.articleId);
      continue;
    }
    if (!byId.has(record.articleId)) {
      // Scheduled from the finish itself, so long-finished articles come due first, oldest first.
      const finishedAt = record.finishedAt !== null && record.finishedAt <= nowMs ? record.finishedAt : nowMs;
      writes.push(newCardOnFinish(record.articleId, finishedAt, options));
    }
  }
  for (const card of cards) {
    if (!card.suspended && unfinished.has(card.articleId)) writes.push(suspend(card, nowMs));
  }
  return writes;
}
