/**
 * Whether the browser keeps PyRecall's data for good, and how much room it takes. By default a
 * browser may evict a site's storage when the device runs low on space (and Safari does after
 * seven days without a visit); `persist()` asks it not to. Every call is feature-detected: some
 * browsers (and some private modes) have no StorageManager at all.
 */

/** What asking for persistent storage came to. */
export type PersistOutcome = 'granted' | 'declined' | 'unsupported' | 'failed';

/** How much is used and roughly how much is available, in bytes, as the browser estimates it. */
export interface StorageEstimateBytes {
  usage: number;
  quota: number;
}

function manager(): StorageManager | undefined {
  return typeof navigator !== 'undefined' && navigator.storage ? navigator.storage : undefined;
}

class StorageStatus {
  #persisted = $state<boolean | undefined>();
  #estimate = $state.raw<StorageEstimateBytes | undefined>();
  #outcome = $state<PersistOutcome | undefined>();
  #asking = $state(false);

  /** False when this browser has no StorageManager: nothing here can be known or asked. */
  get supported(): boolean {
    return manager() !== undefined;
  }

  /** Whether persistence can be asked for (some browsers only estimate). */
  get canPersist(): boolean {
    return typeof manager()?.persist === 'function';
  }

  /** True or false once known; undefined before the first check or where the browser cannot say. */
  get persisted(): boolean | undefined {
    return this.#persisted;
  }

  /** The browser's estimate, once read (undefined where it offers none). */
  get estimate(): StorageEstimateBytes | undefined {
    return this.#estimate;
  }

  /** The answer to the last request for persistence on this visit, if there was one. */
  get outcome(): PersistOutcome | undefined {
    return this.#outcome;
  }

  get asking(): boolean {
    return this.#asking;
  }

  /** Reads whether storage is persistent and how much is used. Never throws. */
  async refresh(): Promise<void> {
    const storage = manager();
    if (!storage) return;
    const [persisted, estimate] = await Promise.all([
      typeof storage.persisted === 'function' ? storage.persisted().catch(() => undefined) : undefined,
      typeof storage.estimate === 'function' ? storage.estimate().catch(() => undefined) : undefined,
    ]);
    this.#persisted = persisted;
    this.#estimate =
      estimate && typeof estimate.usage === 'number' && typeof estimate.quota === 'number'
        ? { usage: estimate.usage, quota: estimate.quota }
        : undefined;
  }

  /** Asks the browser to keep PyRecall's data; the answer is also kept in `outcome`. Never throws. */
  async persist(): Promise<PersistOutcome> {
    const storage = manager();
    if (!storage || typeof storage.persist !== 'function') return (this.#outcome = 'unsupported');
    this.#asking = true;
    let outcome: PersistOutcome;
    try {
      const granted = await storage.persist();
      this.#persisted = granted;
      outcome = granted ? 'granted' : 'declined';
    } catch {
      outcome = 'failed';
    } finally {
      this.#asking = false;
    }
    this.#outcome = outcome;
    return outcome;
  }
}

export const storageStatus = new StorageStatus();

/**
 * Asks for persistent storage unless it is already granted, e.g. after the reader finishes their
 * first article (when there is something worth keeping). Quiet: it shows nothing and never throws.
 */
export async function requestPersistence(): Promise<PersistOutcome> {
  const storage = manager();
  if (!storage || typeof storage.persist !== 'function') return 'unsupported';
  try {
    if (typeof storage.persisted === 'function' && (await storage.persisted())) return 'granted';
  } catch {
    // Unknown: asking is harmless.
  }
  return storageStatus.persist();
}
