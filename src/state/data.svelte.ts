/**
 * The reader's data leaving and coming back: export to one file, and import a file in steps
 * (read → check → the reader chooses Replace or Merge → write). A file that fails the check
 * changes nothing; the screen shows why in the reader's words.
 *
 * Reading, checking and writing a file happen in the backup worker (src/workers/backup.worker.ts):
 * a year of heavy use is a 30 MB file of 100,000 reviews, seconds of JSON.parse, checks and
 * IndexedDB writes that would otherwise freeze the page. Only a summary and progress counts come
 * back. Where no worker can start, the same service runs in the page.
 */
import { exportBackupText, type ImportMode, type ImportResult } from '../db/backup';
import { StorageError } from '../db/errors';
import { MAX_APP_VERSION_LENGTH, MAX_BACKUP_LENGTH, type BackupSummary } from '../domain/backup';
import { backupFileName, formatBytes } from '../domain/format';
import type { BackupWorkerToPage, CheckedMessage, FailedMessage, ImportedMessage, PageToBackupWorker } from '../workers/backup-messages';
import { createBackupService } from '../workers/backup-service';
import { catalogue } from './catalogue';
import { notices } from './notices.svelte';

/** Where an import is. The checked file itself waits in the worker until the reader chooses. */
export type ImportStep =
  | { name: 'idle' }
  | { name: 'reading'; fileName: string }
  | { name: 'refused'; fileName: string; error: string }
  | { name: 'confirm'; fileName: string; summary: BackupSummary }
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

/** Where requests go: the worker, or the service loaded into the page. */
interface Backend {
  send(message: PageToBackupWorker): void;
}

/** The answer a request waits for (progress messages update the step instead). */
type Answer = CheckedMessage | ImportedMessage | FailedMessage;

function localTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

class YourData {
  #step = $state.raw<ImportStep>({ name: 'idle' });
  #exporting = $state(false);
  #exportError = $state<string | undefined>();
  /** Bumped for each new file, so a slow read of an earlier file cannot overwrite a later one. */
  #attempt = 0;
  /** The request whose checked file waits for the reader's choice. */
  #checked: number | undefined;
  /** The import being written, whose progress the step shows. */
  #importing: number | undefined;
  #backend: Backend | undefined;
  /** Requests sent and not yet answered, by id, with what to do with the answer. */
  #waiting = new Map<number, { message: PageToBackupWorker; answer: (message: Answer) => void }>();

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
    if (this.#step.name === 'importing') return;
    const attempt = ++this.#attempt;
    this.#drop();
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
    const answer = await this.#request({ type: 'check', id: attempt, file, knownArticleIds: catalogue.articles.map((a) => a.id) });
    if (attempt !== this.#attempt || answer.type !== 'checked') {
      // A later file or a cancel took over: the worker need not keep this one.
      if (answer.type === 'checked' && answer.ok) this.#send({ type: 'drop', id: attempt });
      return;
    }
    if (answer.ok) {
      this.#checked = attempt;
      this.#step = { name: 'confirm', fileName, summary: answer.summary };
    } else {
      this.#step = { name: 'refused', fileName, error: answer.error };
    }
  }

  /** Writes the checked file: 'replace' makes the device hold exactly the backup, 'merge' keeps the newer change per article. */
  async confirm(mode: ImportMode): Promise<void> {
    const step = this.#step;
    const id = this.#checked;
    if (step.name !== 'confirm' || id === undefined) return;
    this.#checked = undefined;
    this.#importing = id;
    const { fileName, summary } = step;
    this.#step = { name: 'importing', fileName, mode, done: 0, total: 0 };
    const answer = await this.#request({ type: 'import', id, mode });
    this.#importing = undefined;
    if (answer.type === 'imported') {
      this.#step = { name: 'imported', fileName, mode, summary, result: answer.result };
      notices.info(mode === 'replace' ? 'Backup restored.' : 'Backup merged.');
    } else {
      // A failed import is one aborted transaction: nothing of the file was written.
      this.#step = { name: 'refused', fileName, error: answer.type === 'failed' ? answer.message : 'The file could not be imported.' };
    }
  }

  /** Drops the chosen file (or the last outcome) without importing anything. */
  cancel(): void {
    if (this.#step.name === 'importing') return;
    this.#attempt++;
    this.#drop();
    this.#step = { name: 'idle' };
  }

  /** Tells the worker to forget the file waiting for a choice, if any. */
  #drop(): void {
    if (this.#checked === undefined) return;
    this.#send({ type: 'drop', id: this.#checked });
    this.#checked = undefined;
  }

  #request(message: PageToBackupWorker & { type: 'check' | 'import' }): Promise<Answer> {
    return new Promise((answer) => {
      this.#waiting.set(message.id, { message, answer });
      this.#send(message);
    });
  }

  #send(message: PageToBackupWorker): void {
    (this.#backend ??= this.#connect()).send(message);
  }

  #receive(message: BackupWorkerToPage): void {
    if (message.type === 'progress') {
      const step = this.#step;
      if (message.id === this.#importing && step.name === 'importing') {
        this.#step = { ...step, done: message.done, total: message.total };
      }
      return;
    }
    const waiting = this.#waiting.get(message.id);
    if (!waiting) return;
    this.#waiting.delete(message.id);
    waiting.answer(message);
  }

  #connect(): Backend {
    if (typeof Worker === 'undefined') return this.#inPage();
    let worker: Worker;
    try {
      worker = new Worker(new URL('../workers/backup.worker.ts', import.meta.url), { type: 'module', name: 'backup' });
    } catch (error) {
      console.error('PyRecall: backup worker failed, importing on the main thread:', messageOf(error));
      return this.#inPage();
    }
    worker.onmessage = (event: MessageEvent<BackupWorkerToPage>) => this.#receive(event.data);
    const backend: Backend = { send: (message) => worker.postMessage(message) };
    worker.onerror = (event) => {
      // The worker could not start (or crashed): carry on in the page. A check is simply asked
      // again; an import cannot be, since whether its transaction committed is unknown here.
      console.error('PyRecall: backup worker failed, importing on the main thread:', event.message || 'it could not load');
      event.preventDefault();
      worker.terminate();
      if (this.#backend !== backend) return;
      const inPage = (this.#backend = this.#inPage());
      for (const [id, { message, answer }] of this.#waiting) {
        if (message.type === 'check') {
          inPage.send(message);
        } else {
          this.#waiting.delete(id);
          answer({
            type: 'failed',
            id,
            message: 'The import was interrupted before it could report back. Check your progress: if the backup is not there, import it again.',
          });
        }
      }
    };
    return backend;
  }

  /** The fallback: the same service in the page (slower, and the page is busy while it parses). */
  #inPage(): Backend {
    const service = createBackupService((message) => this.#receive(message));
    return { send: (message) => void service.handle(message) };
  }
}

/** An unexpected error's message, without a final full stop so it can sit inside a sentence. */
function messageOf(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).replace(/\.$/, '');
}

export const yourData = new YourData();
