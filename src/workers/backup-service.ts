/**
 * Reading, checking and writing a backup file behind the message protocol (backup-messages.ts):
 * what the backup worker runs, and what the page runs itself where no worker can start. The slow
 * parts of a big import — JSON.parse and the validator over 100,000 records, then turning each
 * record into IndexedDB's format — happen wherever this runs, so in the worker none of them
 * blocks the page. No DOM, no worker globals: storage goes through src/db as everywhere else.
 */
import { importBackup, type ImportOptions } from '../db/backup';
import { StorageError } from '../db/errors';
import { parseBackup, type Backup } from '../domain/backup';
import type { BackupWorkerToPage, PageToBackupWorker } from './backup-messages';

export interface BackupService {
  /**
   * Handles one message; answers (and progress) go to the `post` the service was created with.
   * Every check and import gets exactly one answer.
   */
  handle(message: PageToBackupWorker): Promise<void>;
}

/** Options for tests: the database and write chunk size the import uses. */
export type BackupServiceOptions = Pick<ImportOptions, 'database' | 'chunkSize'>;

/** A service that answers through `post`. It holds at most one checked file, the latest. */
export function createBackupService(post: (message: BackupWorkerToPage) => void, options: BackupServiceOptions = {}): BackupService {
  /** The request whose file should be kept once checked: the latest check not dropped since. */
  let wanted: number | undefined;
  let held: { id: number; backup: Backup } | undefined;

  async function check(id: number, file: Blob, knownArticleIds: readonly string[]): Promise<void> {
    wanted = id;
    held = undefined; // a new file replaces the one waiting for a choice
    let text: string;
    try {
      text = await file.text();
    } catch (error) {
      post({ type: 'checked', id, ok: false, error: `The file could not be read (${messageOf(error)}). Nothing was imported.` });
      return;
    }
    // Dropped, or another file chosen, while it was read: answered all the same (the page waits).
    if (wanted !== id) {
      post({ type: 'checked', id, ok: false, error: SUPERSEDED });
      return;
    }
    const parsed = parseBackup(text, { knownArticleIds: new Set(knownArticleIds) });
    if (!parsed.ok) {
      post({ type: 'checked', id, ok: false, error: parsed.error });
      return;
    }
    if (wanted !== id) {
      post({ type: 'checked', id, ok: false, error: SUPERSEDED });
      return;
    }
    held = { id, backup: parsed.backup };
    post({ type: 'checked', id, ok: true, summary: parsed.summary });
  }

  async function write(id: number, mode: 'replace' | 'merge'): Promise<void> {
    const backup = held?.id === id ? held.backup : undefined;
    if (!backup) {
      post({ type: 'failed', id, message: 'The checked file is no longer at hand: choose it again. Nothing was imported.' });
      return;
    }
    held = undefined;
    wanted = undefined;
    try {
      const result = await importBackup(backup, mode, { ...options, onProgress: (done, total) => post({ type: 'progress', id, done, total }) });
      post({ type: 'imported', id, result });
    } catch (error) {
      // A failed import is one aborted transaction: nothing of the file was written.
      post(
        error instanceof StorageError
          ? { type: 'failed', id, kind: error.kind, message: error.message }
          : { type: 'failed', id, message: `Something went wrong: ${messageOf(error)}. Nothing was imported.` },
      );
    }
  }

  return {
    async handle(message) {
      switch (message.type) {
        case 'check':
          return check(message.id, message.file, message.knownArticleIds);
        case 'import':
          return write(message.id, message.mode);
        case 'drop':
          if (wanted === message.id) wanted = undefined;
          if (held?.id === message.id) held = undefined;
          return;
      }
    },
  };
}

/** The answer to a check overtaken by another file or a cancel; the page no longer shows it. */
const SUPERSEDED = 'Another file was chosen, or the import was cancelled.';

/** An unexpected error's message, without a final full stop so it can sit inside a sentence. */
function messageOf(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).replace(/\.$/, '');
}
