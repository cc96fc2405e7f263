/**
 * The reader's progress, live from storage, with the actions screens take on it. Every change
 * offers an Undo; every failure is shown as a notice and leaves the stored record as it was.
 */
import { allProgress, restoreProgress, saveTakeaway, setStatus, type ProgressUndo } from '../db/progress';
import { progressById, statusOf, type ProgressMap, type ProgressRecord, type ReadingStatus } from '../domain/progress';
import { articleById } from './catalogue';
import { Live } from './live.svelte';
import { notices } from './notices.svelte';
import { requestPersistence } from './storage.svelte';

export const STATUS_LABELS: Record<ReadingStatus, string> = {
  'to-read': 'To read',
  reading: 'Reading',
  finished: 'Finished',
};

class Progress {
  #records = new Live<ProgressRecord[]>(() => allProgress(), []);
  #byId = $derived<ProgressMap>(progressById(this.#records.current));
  /** The article whose takeaway prompt is open after finishing it from the list. */
  #prompt = $state<string | undefined>();

  /** Every record by article id (articles without one are 'to read'). */
  get byId(): ProgressMap {
    return this.#byId;
  }

  get loaded(): boolean {
    return this.#records.loaded;
  }

  /** The article whose "what's the one idea" prompt is open, if any. */
  get prompt(): string | undefined {
    return this.#prompt;
  }

  statusOf(articleId: string): ReadingStatus {
    return statusOf(this.#byId, articleId);
  }

  takeawayOf(articleId: string): string {
    return this.#byId.get(articleId)?.takeaway ?? '';
  }

  /** Sets an article's status, with an Undo; finishing opens the takeaway prompt when asked. */
  async setStatus(articleId: string, status: ReadingStatus, { promptTakeaway = false } = {}): Promise<boolean> {
    if (this.statusOf(articleId) === status) return true;
    try {
      const undo = await setStatus(articleId, status);
      const title = articleById(articleId)?.title ?? 'Article';
      notices.info(`“${title}” is now ${STATUS_LABELS[status].toLowerCase()}.`, { label: 'Undo', run: () => this.undo(undo) });
      if (status === 'finished') {
        // The first finished article is the moment the reader has something worth keeping.
        void requestPersistence();
        if (promptTakeaway) this.#prompt = articleId;
      }
      return true;
    } catch (error) {
      notices.error(error);
      return false;
    }
  }

  /** Marks an article as being read when the reader opens it, unless they already started. */
  async markOpened(articleId: string): Promise<void> {
    if (this.statusOf(articleId) !== 'to-read') return;
    try {
      await setStatus(articleId, 'reading');
    } catch (error) {
      notices.error(error);
    }
  }

  /** Saves a takeaway; returns false (and shows why) when it could not be saved. */
  async saveTakeaway(articleId: string, text: string): Promise<boolean> {
    if (this.takeawayOf(articleId) === text) return true;
    try {
      await saveTakeaway(articleId, text);
      return true;
    } catch (error) {
      notices.error(error);
      return false;
    }
  }

  closePrompt(): void {
    this.#prompt = undefined;
  }

  async undo(undo: ProgressUndo): Promise<void> {
    try {
      await restoreProgress(undo);
      notices.info('Undone.');
    } catch (error) {
      notices.error(error);
    }
  }
}

export const progress = new Progress();
