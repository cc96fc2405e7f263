/**
 * The messages between the page and the backup worker (backup.worker.ts). Everything here survives
 * structured cloning, and only small things cross: the chosen File (a handle, not its bytes), the
 * catalogue's ids, a summary, progress counts and a message. The parsed backup itself stays in the
 * worker, from the check to the write, so a 30 MB file never goes through the page's main thread.
 */
import type { ImportMode, ImportResult } from '../db/backup';
import type { StorageErrorKind } from '../db/errors';
import type { BackupSummary } from '../domain/backup';

/** Page → worker: read and check this file (request `id`); keep it until imported or dropped. */
export interface CheckMessage {
  type: 'check';
  id: number;
  file: Blob;
  /** The catalogue's article ids, so the summary can count records for articles it no longer has. */
  knownArticleIds: readonly string[];
}

/** Page → worker: write the file checked under `id`, treating the device's data as `mode` says. */
export interface ImportMessage {
  type: 'import';
  id: number;
  mode: ImportMode;
}

/** Page → worker: forget the file checked under `id` (cancelled, or another file chosen). */
export interface DropMessage {
  type: 'drop';
  id: number;
}

export type PageToBackupWorker = CheckMessage | ImportMessage | DropMessage;

/** Worker → page: the file under `id` is a valid backup holding `summary`, or why it is not. */
export type CheckedMessage =
  | { type: 'checked'; id: number; ok: true; summary: BackupSummary }
  | { type: 'checked'; id: number; ok: false; error: string };

/** Worker → page: `done` of `total` records of import `id` are written (not yet committed). */
export interface ProgressMessage {
  type: 'progress';
  id: number;
  done: number;
  total: number;
}

/** Worker → page: import `id` is committed. */
export interface ImportedMessage {
  type: 'imported';
  id: number;
  result: ImportResult;
}

/**
 * Worker → page: import `id` failed and was rolled back, nothing written. `kind` is the
 * StorageError's kind when storage failed; `message` is meant to be shown as is.
 */
export interface FailedMessage {
  type: 'failed';
  id: number;
  kind?: StorageErrorKind;
  message: string;
}

export type BackupWorkerToPage = CheckedMessage | ProgressMessage | ImportedMessage | FailedMessage;
