/**
 * A takeaway being written: autosaved a moment after typing stops, and at once when the field
 * loses focus or the page is hidden. While unsaved, an app update waits (see pwa/unsaved).
 */
import { markSaved, markUnsaved } from '../pwa/unsaved.svelte';
import { progress } from './progress.svelte';

/** Quiet time after the last keystroke before saving: long enough not to write on every key. */
export const AUTOSAVE_DELAY_MS = 600;

export type DraftState = 'saved' | 'unsaved' | 'saving' | 'failed';

export class TakeawayDraft {
  readonly articleId: string;
  #text = $state('');
  #state = $state<DraftState>('saved');
  #timer: ReturnType<typeof setTimeout> | undefined;
  #key: string;

  constructor(articleId: string) {
    this.articleId = articleId;
    this.#key = `takeaway:${articleId}`;
    this.#text = progress.takeawayOf(articleId);
  }

  get text(): string {
    return this.#text;
  }

  get state(): DraftState {
    return this.#state;
  }

  /** Takes a change from storage (another tab, an import) unless the reader is mid-edit. */
  sync(stored: string): void {
    if (this.#state === 'saved' && stored !== this.#text) this.#text = stored;
  }

  /** The reader typed: remember it and save soon. */
  input(text: string): void {
    this.#text = text;
    this.#state = 'unsaved';
    markUnsaved(this.#key);
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.flush(), AUTOSAVE_DELAY_MS);
  }

  /** Saves now if anything is pending; resolves once stored (or failed, with a notice shown). */
  async flush(): Promise<void> {
    clearTimeout(this.#timer);
    if (this.#state !== 'unsaved' && this.#state !== 'failed') return;
    const text = this.#text;
    this.#state = 'saving';
    const ok = await progress.saveTakeaway(this.articleId, text);
    if (this.#text !== text) return; // typed again meanwhile: that input scheduled its own save
    this.#state = ok ? 'saved' : 'failed';
    if (ok) markSaved(this.#key);
  }
}
