/**
 * Storage failures in the reader's words. Dexie and IndexedDB report failures by error name,
 * often wrapped (an AbortError whose `inner` is the QuotaExceededError that caused it); this
 * module finds the cause and turns it into one `StorageError` with a message a reader can act on.
 */

/** What went wrong, for code that reacts differently (e.g. offers an export on 'quota'). */
export type StorageErrorKind =
  | 'quota'
  | 'closed'
  | 'blocked'
  | 'version'
  | 'invalid-state'
  | 'aborted'
  | 'connection-lost'
  | 'unavailable'
  | 'too-long'
  | 'unknown';

/** Whether the failed operation was saving or only reading: the message says what was lost. */
export type StorageOperation = 'write' | 'read';

/** A storage failure with a message meant to be shown as is. The original error is `cause`. */
export class StorageError extends Error {
  override readonly name = 'StorageError';

  constructor(
    readonly kind: StorageErrorKind,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Error names looked for along the cause chain, most telling first. */
const NAMES: readonly [string, StorageErrorKind][] = [
  ['QuotaExceededError', 'quota'],
  ['VersionError', 'version'],
  ['MissingAPIError', 'unavailable'],
  ['InvalidStateError', 'invalid-state'],
  ['UnknownError', 'connection-lost'],
  ['DatabaseClosedError', 'closed'],
  ['AbortError', 'aborted'],
];

/** The reader-facing message for a kind of failure. */
export function storageMessage(kind: StorageErrorKind, operation: StorageOperation): string {
  const saved = operation === 'write' ? 'nothing was saved' : 'your data could not be read';
  switch (kind) {
    case 'quota':
      return operation === 'write'
        ? 'Your device is out of storage space: nothing was saved. Free some space or export your data.'
        : 'Your device is out of storage space. Free some space or export your data.';
    case 'closed':
      return `PyRecall's storage was closed, perhaps because another tab is updating the app: ${saved}. Reload the page and try again.`;
    case 'blocked':
      return `PyRecall needs to update how it stores your data, but an older copy open in another tab is holding it: ${saved}. Close the other PyRecall tabs, then reload this one.`;
    case 'version':
      return `Your data was last opened by a newer version of PyRecall: ${saved}. Reload the page to get the newest version.`;
    case 'invalid-state':
      return `The browser is not letting PyRecall use its storage right now (private browsing, or site data being cleared): ${saved}. Reload the page and try again.`;
    case 'aborted':
      return `The change was interrupted and undone: ${saved}. Try again.`;
    case 'connection-lost':
      return `The browser lost its connection to PyRecall's storage: ${saved}. Reload the page and try again.`;
    case 'unavailable':
      return `This browser does not let PyRecall store data (it may be in private mode): ${saved}. Open PyRecall in a normal window to keep your progress.`;
    case 'too-long':
      return 'That text is too long to keep: nothing was saved. Shorten it and try again.';
    case 'unknown':
      return `Something went wrong with PyRecall's storage: ${saved}. Try again; if it keeps happening, export your data and reload the page.`;
  }
}

/** The failure `error` stands for, as a StorageError (returned unchanged if it already is one). */
export function toStorageError(error: unknown, operation: StorageOperation): StorageError {
  if (error instanceof StorageError) return error;
  const names = causeNames(error);
  const match = NAMES.find(([name]) => names.includes(name));
  const kind = match ? match[1] : 'unknown';
  return new StorageError(kind, storageMessage(kind, operation), { cause: error });
}

/** The names of `error` and everything it wraps (Dexie's `inner`, the standard `cause`, a BulkError's failures). */
function causeNames(error: unknown): string[] {
  const names: string[] = [];
  const queue: unknown[] = [error];
  const seen = new Set<unknown>();
  while (queue.length > 0 && seen.size < 50) {
    const e = queue.shift();
    if (typeof e !== 'object' || e === null || seen.has(e)) continue;
    seen.add(e);
    const { name, inner, cause, failures } = e as { name?: unknown; inner?: unknown; cause?: unknown; failures?: unknown };
    if (typeof name === 'string') names.push(name);
    queue.push(inner, cause);
    if (Array.isArray(failures)) queue.push(...failures);
  }
  return names;
}

/** Something that can say it gave up because another tab blocked its upgrade (PyRecallDB can). */
export interface BlockableDatabase {
  readonly upgradeBlocked: boolean;
}

/**
 * Runs a storage operation and rethrows any failure as a StorageError. Writes must do all
 * their work inside one Dexie transaction within `operation`, so a failure rolls it all back.
 */
export async function guard<T>(database: BlockableDatabase, operation: StorageOperation, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    // The open was cancelled because another tab blocked the upgrade; Dexie then reports the
    // cancellation as a plain DatabaseClosedError, which would point the reader the wrong way.
    if (database.upgradeBlocked && !(error instanceof StorageError)) {
      throw new StorageError('blocked', storageMessage('blocked', operation), { cause: error });
    }
    throw toStorageError(error, operation);
  }
}
