/**
 * The backup worker: reads a chosen backup file, checks it and, once the reader chooses Replace or
 * Merge, writes it to IndexedDB in one transaction, reporting progress as it goes. A year of heavy
 * use (100,000 reviews, about 30 MB) takes seconds to parse, check and write; here none of it
 * blocks the page. The page's live queries see the result when the transaction commits (Dexie
 * tells every tab and worker of the origin). Started by src/state/data.svelte.ts.
 */
import type { BackupWorkerToPage, PageToBackupWorker } from './backup-messages';
import { createBackupService } from './backup-service';

/** The part of a dedicated worker's global scope used here (the app's DOM typings lack it). */
interface WorkerScope {
  postMessage(message: BackupWorkerToPage): void;
  onmessage: ((event: MessageEvent<PageToBackupWorker>) => void) | null;
}
const scope = self as unknown as WorkerScope;

const service = createBackupService((message) => scope.postMessage(message));

scope.onmessage = ({ data }) => void service.handle(data);
