/**
 * Reading progress in storage: what components call to mark an Article, save a takeaway,
 * undo, and read progress back. Each write is one Dexie transaction that reads the current
 * record and writes the next one, so two quick taps cannot interleave; any failure leaves
 * the record as it was and is thrown as a StorageError.
 *
 * A status change also updates the Article's review card in the same transaction (see
 * domain/review-lifecycle.ts): finishing creates or resumes it, un-finishing suspends it.
 */
import { localTimeZone } from '../domain/day';
import {
  MAX_TAKEAWAY_LENGTH,
  isArticleId,
  isTimestamp,
  withStatus,
  withTakeaway,
  type ProgressRecord,
  type ReadingStatus,
} from '../domain/progress';
import { cardForStatus } from '../domain/review-lifecycle';
import type { ReviewCard } from '../domain/scheduler';
import { db, type PyRecallDB } from './db';
import { StorageError, guard } from './errors';
import { schedulerOptions } from './reviews';

/** What undoing a change needs: the Article and its record before the change (none if it had none). */
export interface ProgressUndo {
  articleId: string;
  previous: ProgressRecord | undefined;
  /** Only when the change touched the Article's review card: the card before it (none if it had none). */
  card?: { previous: ReviewCard | undefined };
}

/**
 * Moves an Article to `status`, and its review card with it (created when first finished, in
 * `timeZone`'s days); returns what `restoreProgress` needs to undo both.
 */
export async function setStatus(
  articleId: string,
  status: ReadingStatus,
  now: number = Date.now(),
  database: PyRecallDB = db,
  timeZone: string = localTimeZone(),
): Promise<ProgressUndo> {
  checkArgs(articleId, now);
  return guard(database, 'write', () =>
    database.transaction('rw', [database.progress, database.reviewCards, database.settings], async () => {
      const previous = await database.progress.get(articleId);
      const updated = withStatus(previous, articleId, status, now);
      if (updated === undefined || updated === previous) return { articleId, previous };
      await database.progress.put(updated);
      const card = await database.reviewCards.get(articleId);
      const options = status === 'finished' ? await schedulerOptions(timeZone, database) : { timeZone };
      const nextCard = cardForStatus(card, articleId, status, now, options);
      if (nextCard === undefined || nextCard === card) return { articleId, previous };
      await database.reviewCards.put(nextCard);
      return { articleId, previous, card: { previous: card } };
    }),
  );
}

/** Marks an Article as finished (keeping when it was started), creating its review card; returns what undo needs. */
export function markFinished(
  articleId: string,
  now: number = Date.now(),
  database: PyRecallDB = db,
  timeZone: string = localTimeZone(),
): Promise<ProgressUndo> {
  return setStatus(articleId, 'finished', now, database, timeZone);
}

/** Saves the reader's takeaway for an Article, as typed; returns what undo needs. */
export async function saveTakeaway(
  articleId: string,
  takeaway: string,
  now: number = Date.now(),
  database: PyRecallDB = db,
): Promise<ProgressUndo> {
  checkArgs(articleId, now);
  if (typeof takeaway !== 'string') throw new TypeError('saveTakeaway: the takeaway must be a string');
  if (takeaway.length > MAX_TAKEAWAY_LENGTH) {
    throw new StorageError(
      'too-long',
      `This takeaway is ${takeaway.length.toLocaleString('en')} characters long; the limit is ${MAX_TAKEAWAY_LENGTH.toLocaleString('en')}. Nothing was saved: shorten it and try again.`,
    );
  }
  return change(database, articleId, (previous) => withTakeaway(previous, articleId, takeaway, now));
}

/** Puts an Article's record, and its review card if the change touched it, back exactly as they were. */
export function restoreProgress(undo: ProgressUndo, database: PyRecallDB = db): Promise<void> {
  return guard(database, 'write', () =>
    database.transaction('rw', database.progress, database.reviewCards, async () => {
      if (undo.previous) await database.progress.put({ ...undo.previous });
      else await database.progress.delete(undo.articleId);
      if (!undo.card) return;
      if (undo.card.previous) await database.reviewCards.put({ ...undo.card.previous });
      else await database.reviewCards.delete(undo.articleId);
    }),
  );
}

/** The record of one Article; undefined when the reader has never touched it. */
export function getProgress(articleId: string, database: PyRecallDB = db): Promise<ProgressRecord | undefined> {
  return guard(database, 'read', () => database.progress.get(articleId));
}

/** Every progress record, ordered by Article id (including Articles the catalogue no longer has). */
export function allProgress(database: PyRecallDB = db): Promise<ProgressRecord[]> {
  return guard(database, 'read', () => database.progress.toArray());
}

/** A reader for Dexie's liveQuery: `liveQuery(progressQuery())` emits every record after each change. */
export function progressQuery(database: PyRecallDB = db): () => Promise<ProgressRecord[]> {
  return () => allProgress(database);
}

/** Reads the record and writes `next(record)` in one transaction, unless it is the same record. */
function change(
  database: PyRecallDB,
  articleId: string,
  next: (previous: ProgressRecord | undefined) => ProgressRecord | undefined,
): Promise<ProgressUndo> {
  return guard(database, 'write', () =>
    database.transaction('rw', database.progress, async () => {
      const previous = await database.progress.get(articleId);
      const updated = next(previous);
      if (updated !== undefined && updated !== previous) await database.progress.put(updated);
      return { articleId, previous };
    }),
  );
}

function checkArgs(articleId: string, now: number): void {
  // Programmer errors, not storage failures: anything stored must also pass the backup validator.
  if (!isArticleId(articleId)) throw new TypeError(`Not an Article id: ${JSON.stringify(articleId)}`);
  if (!isTimestamp(now)) throw new TypeError(`Not a time in epoch milliseconds: ${String(now)}`);
}
