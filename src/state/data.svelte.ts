/**
 * The reader's data leaving and coming back: export to one file, and import a file in steps
 * (read → check → the reader chooses Replace or Merge → write). A file that fails the check
 * changes nothing; the screen shows why in the reader's words.
 */
import { exportBackupText, importBackupText, type ImportMode, type ImportResult } from '../db/backup';
import { StorageError } from '../db/errors';
import { MAX_APP_VERSION_LENGTH, MAX_BACKUP_LENGTH, parseBackup, type BackupSummary } from '../domain/backup';
import { backupFileName, formatBytes } from '../domain/format';
import { catalogue } from './catalogue';
import { notices } from './notices.svelte';

/** Where an import is. `text` is kept between the check and the write so the file is read once. */
export type ImportStep =
  | { name: 'idle' }
  | { name: 'reading'; fileName: string }
  | { name: 'refused'; fileName: string; error: string }
  | { name: 'confirm'; fileName: string; summary: BackupSummary; text: string }
  | { name: 'importing'; fileName: string; mode: ImportMode; done: number; total: number }
  | { name: 'imported'; fileName: string; mode: ImportMode; summary: BackupSummary; result: ImportResult };

/** A finished export: the file's name and text (the screen turns them into a download). */
export interface ExportedFile {
  fileName: string;
  text: string;
}

/**
 * A UTF-8 file needs at least one byte per character and at most three per UTF-16 unit, so a file
 * this many bytes long holds more characters than any backup and is refused before it is read.
 */
const MAX_FILE_BYTES = MAX_BACKUP_LENGTH * 3;

const knownArticleIds: ReadonlySet<string> = new Set(catalogue.articles.map((a) => a.id));

function localTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

class YourData {
  #step = $state.raw<ImportStep>({ name: 'idle' });
  #exporting = $state(false);
  #exportError = $state<string | undefined>();
  /** Bumped for each new file, so a slow read of an earlier file cannot overwrite a later one. */
  #attempt = 0;

  /** The import's current step. */
  get step(): ImportStep {
    return this.#step;
  }

  get exporting(): boolean {
    return this.#exporting;
  }

  /** Why the last export failed, if it did. */
  get exportError(): string | undefined {
    return this.#exportError;
  }

  /** Everything the reader owns as a backup file, or undefined (with the reason shown) when it cannot be read. */
  async exportFile(appVersion?: string, now: number = Date.now()): Promise<ExportedFile | undefined> {
    this.#exporting = true;
    this.#exportError = undefined;
    try {
      const version = appVersion?.slice(0, MAX_APP_VERSION_LENGTH) || undefined;
      const text = await exportBackupText(now, { appVersion: version });
      return { fileName: backupFileName(now, localTimeZone()), text };
    } catch (error) {
      this.#exportError = error instanceof StorageError ? error.message : `The export failed: ${messageOf(error)}.`;
      return undefined;
    } finally {
      this.#exporting = false;
    }
  }

  /** Reads and checks a chosen file; on success the reader is asked how to import it. */
  async choose(file: File): Promise<void> {
    const attempt = ++this.#attempt;
    const fileName = file.name;
    if (file.size > MAX_FILE_BYTES) {
      this.#step = {
        name: 'refused',
        fileName,
        error: `This file is too large to be a PyRecall backup (${formatBytes(file.size)}). Choose the file PyRecall exported.`,
      };
      return;
    }
    this.#step = { name: 'reading', fileName };
    let text: string;
    try {
      text = await file.text();
    } catch (error) {
      if (attempt === this.#attempt) {
        this.#step = { name: 'refused', fileName, error: `The file could not be read (${messageOf(error)}). Nothing was imported.` };
      }
      return;
    }
    if (attempt !== this.#attempt) return;
    const parsed = parseBackup(text, { knownArticleIds });
    this.#step = parsed.ok
      ? { name: 'confirm', fileName, summary: parsed.summary, text }
      : { name: 'refused', fileName, error: parsed.error };
  }

  /** Writes the checked file: 'replace' makes the device hold exactly the backup, 'merge' keeps the newer change per article. */
  async confirm(mode: ImportMode): Promise<void> {
    const step = this.#step;
    if (step.name !== 'confirm') return;
    const attempt = ++this.#attempt;
    const { fileName, text } = step;
    this.#step = { name: 'importing', fileName, mode, done: 0, total: 0 };
    try {
      const outcome = await importBackupText(text, mode, {
        knownArticleIds,
        onProgress: (done, total) => {
          if (attempt === this.#attempt) this.#step = { name: 'importing', fileName, mode, done, total };
        },
      });
      if (!outcome.ok) {
        // Only if the file was checked by a different rule than the import's; shown all the same.
        this.#step = { name: 'refused', fileName, error: outcome.error };
        return;
      }
      this.#step = { name: 'imported', fileName, mode, summary: outcome.summary, result: outcome.result };
      notices.info(mode === 'replace' ? 'Backup restored.' : 'Backup merged.');
    } catch (error) {
      // A failed import is one aborted transaction: nothing of the file was written.
      const message = error instanceof StorageError ? error.message : `Something went wrong: ${messageOf(error)}. Nothing was imported.`;
      this.#step = { name: 'refused', fileName, error: message };
    }
  }

  /** Drops the chosen file (or the last outcome) without importing anything. */
  cancel(): void {
    if (this.#step.name === 'importing') return;
    this.#attempt++;
    this.#step = { name: 'idle' };
  }
}

/** An unexpected error's message, without a final full stop so it can sit inside a sentence. */
function messageOf(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).replace(/\.$/, '');
}

export const yourData = new YourData();
