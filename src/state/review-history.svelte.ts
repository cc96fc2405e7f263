/**
 * The whole review log, live from storage, for the review stats. Unlike the other state it is only
 * read while a screen showing stats is open (`watch()`): the streak can reach back to the first
 * review, so this is the one read that grows with years of use, and no other screen needs it.
 */
import { liveQuery, type Subscription } from 'dexie';
import type { ReviewLogRow } from '../db/db';
import { allReviews } from '../db/reviews';
import { notices } from './notices.svelte';

class ReviewHistory {
  #log = $state.raw<ReviewLogRow[]>([]);
  #loaded = $state(false);
  #watchers = 0;
  #subscription: Subscription | undefined;

  /** Every review ever made (empty until loaded, and while nothing watches). */
  get log(): ReviewLogRow[] {
    return this.#log;
  }

  get loaded(): boolean {
    return this.#loaded;
  }

  /** Keeps `log` up to date until the returned function is called; use from an `$effect`. */
  watch(): () => void {
    if (this.#watchers++ === 0) {
      this.#subscription = liveQuery(() => allReviews()).subscribe({
        next: (log) => {
          this.#log = log;
          this.#loaded = true;
        },
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
        this.#log = [];
        this.#loaded = false;
      }
    };
  }
}

export const reviewHistory = new ReviewHistory();
