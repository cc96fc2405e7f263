/**
 * The bridge from Dexie's liveQuery to runes: `current` follows the database, in this tab and in
 * every other tab of the app, within a moment of each change.
 */
import { liveQuery } from 'dexie';
import { notices } from './notices.svelte';

export class Live<T> {
  #value = $state.raw<T>() as T;
  #loaded = $state(false);

  constructor(query: () => Promise<T>, initial: T) {
    this.#value = initial;
    if (typeof window === 'undefined') return; // prerendered at build time: no database there
    liveQuery(query).subscribe({
      next: (value) => {
        this.#value = value;
        this.#loaded = true;
      },
      error: (error: unknown) => notices.error(error),
    });
  }

  /** The latest result (the initial value until the first read completes). */
  get current(): T {
    return this.#value;
  }

  /** True once the database has answered at least once. */
  get loaded(): boolean {
    return this.#loaded;
  }
}
