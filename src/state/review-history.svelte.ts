/**
 * The review log the stats need, live from storage. Unlike the other state it is only read while
 * a screen showing stats is open (`watch()`): the log is the one table that grows with years of
 * use, so it is read in slices, from today back only as far as the stats reach (statsHistory),
 * and again whenever the log, the cards or the daily limit change (in any tab).
 */
import { liveQuery, type Subscription } from 'dexie';
import type { ReviewLogRow } from '../db/db';
import { statsHistory, statsHistoryVersion } from '../db/reviews';
import { localTimeZone } from '../domain/day';
import { articleById } from './catalogue';
import { notices } from './notices.svelte';

/** The Progress screen leaves out cards of Articles the catalogue dropped (see review.svelte.ts): so does the read. */
const inPath = (articleId: string) => articleById(articleId) !== undefined;

class ReviewHistory {
  #log = $state.raw<ReviewLogRow[]>([]);
  #loaded = $state(false);
  #watchers = 0;
  #subscription: Subscription | undefined;
  /** Bumped for each read, so a slow earlier read never replaces a later one. */
  #reads = 0;

  /**
   * The reviews the stats need, oldest first (empty until loaded, and while nothing watches): the
   * last 16 weeks, and older ones as far back as the current streak goes. reviewStats over them
   * gives the same figures as over the whole log.
   */
  get log(): ReviewLogRow[] {
    return this.#log;
  }

  get loaded(): boolean {
    return this.#loaded;
  }

  /** Keeps `log` up to date until the returned function is called; use from an `$effect`. */
  watch(): () => void {
    if (this.#watchers++ === 0) {
      // The live query only watches for changes (cheaply); each change starts a read of its own.
      this.#subscription = liveQuery(() => statsHistoryVersion()).subscribe({
        next: () => void this.#read(),
        error: (error: unknown) => notices.error(error),
      });
    }
    let stopped = false;
    return () => {
      if (stopped) return;
      stopped = true;
      if (--this.#watchers === 0) {
        this.#subscription?.unsubscribe();
        this.#subscription = undefined;
        this.#reads++;
        this.#log = [];
        this.#loaded = false;
      }
    };
  }

  async #read(): Promise<void> {
    const read = ++this.#reads;
    try {
      const log = await statsHistory(Date.now(), localTimeZone(), inPath);
      if (read !== this.#reads) return;
      this.#log = log;
      this.#loaded = true;
    } catch (error) {
      if (read === this.#reads) notices.error(error);
    }
  }
}

export const reviewHistory = new ReviewHistory();
