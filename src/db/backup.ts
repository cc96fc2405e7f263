/**
 * Export and import of everything the reader owns. An export reads all tables in one
 * transaction, so the file is a consistent snapshot; an import writes all tables in one
 * transaction, so it lands completely or not at all.
 */
import {
  SETTING_KEYS,
  assignSetting,
  compareLogEntries,
  copySetting,
  makeBackup,
  mergeBackup,
  parseBackup,
  reviewLogKey,
  serializeBackup,
  settingProblem,
  type Backup,
  type BackupData,
  type BackupLogEntry,
  type BackupSummary,
  type Settings,
} from '../domain/backup';
import type { ProgressRecord } from '../domain/progress';
import type { ReviewCard } from '../domain/scheduler';
import { db, type MetaRow, type PyRecallDB, type ReviewLogRow, type SettingRow } from './db';
import { guard } from './errors';

/** How an import treats what is already on the device. */
export type ImportMode = 'replace' | 'merge';

/** Called as an import writes, e.g. to drive a progress bar: `done` of `total` records written. */
export type ImportProgress = (done: number, total: number) => void;

/** What an import took from the backup (for merge, only the records that won). */
export interface ImportResult {
  mode: ImportMode;
  progress: number;
  reviewCards: number;
  reviewLogEntries: number;
  settings: number;
}

/** Options of an export; `database` is for tests. */
export interface ExportOptions {
  /** Recorded in the file for support; never interpreted. */
  appVersion?: string;
  database?: PyRecallDB;
}

/** Options of an import; `database` is for tests. */
export interface ImportOptions {
  onProgress?: ImportProgress;
  database?: PyRecallDB;
  /** Records per write; smaller gives smoother progress, larger a faster import. */
  chunkSize?: number;
}

/** Everything the reader owns, as a backup taken at `now`. */
export function exportBackup(now: number = Date.now(), options: ExportOptions = {}): Promise<Backup> {
  const database = options.database ?? db;
  return guard(database, 'read', () =>
    database.transaction('r', [database.progress, database.reviewCards, database.reviewLog, database.settings], async () =>
      makeBackup(await readData(database), now, options.appVersion),
    ),
  );
}

/** The backup file's text for everything the reader owns at `now`. */
export async function exportBackupText(now: number = Date.now(), options: ExportOptions = {}): Promise<string> {
  return serializeBackup(await exportBackup(now, options));
}

/**
 * Writes a validated backup (from parseBackup) in one transaction over every table: 'replace'
 * makes the device hold exactly the backup; 'merge' keeps, per Article and per card, whichever
 * side changed last and adds the reviews the device lacks. Meta (app bookkeeping) is untouched.
 * Records go in chunks, each awaited inside the one transaction, so progress can be reported and
 * a failure at any chunk (a full disk at 90 %) rolls every table back. The app calls this from
 * the backup worker (src/workers/backup-service.ts), where the chunks cost the page nothing.
 */
export function importBackup(backup: Backup, mode: ImportMode, options: ImportOptions = {}): Promise<ImportResult> {
  const database = options.database ?? db;
  const chunkSize = Math.max(1, options.chunkSize ?? 2000);
  return guard(database, 'write', () =>
    database.transaction('rw', [database.progress, database.reviewCards, database.reviewLog, database.settings], async () => {
      const plan = mode === 'replace' ? backup : await planMerge(database, backup);
      const settingRows: SettingRow[] = SETTING_KEYS.filter((k) => Object.hasOwn(plan.settings, k)).map((key) => ({
        key,
        value: plan.settings[key],
      }));
      const total = plan.progress.length + plan.reviewCards.length + plan.reviewLog.length + settingRows.length;
      let done = 0;
      options.onProgress?.(0, total);
      const write = async <T>(items: readonly T[], put: (chunk: T[]) => Promise<unknown>) => {
        for (let i = 0; i < items.length; i += chunkSize) {
          const chunk = items.slice(i, i + chunkSize);
          await put(chunk);
          done += chunk.length;
          options.onProgress?.(done, total);
        }
      };
      if (mode === 'replace') {
        await Promise.all([database.progress.clear(), database.reviewCards.clear(), database.reviewLog.clear(), database.settings.clear()]);
      }
      await write(plan.progress, (c) => database.progress.bulkPut(c));
      await write(plan.reviewCards, (c) => database.reviewCards.bulkPut(c));
      await write(plan.reviewLog, (c) => database.reviewLog.bulkAdd(c));
      await write(settingRows, (c) => database.settings.bulkPut(c));
      return {
        mode,
        progress: plan.progress.length,
        reviewCards: plan.reviewCards.length,
        reviewLogEntries: plan.reviewLog.length,
        settings: settingRows.length,
      };
    }),
  );
}

/** An import from a file's text: what it held and what was written, or why it was refused. */
export type ImportTextOutcome =
  | { ok: true; summary: BackupSummary; result: ImportResult }
  | { ok: false; error: string };

/** Validates a backup file's text and, only if it is valid, imports it. A refused file changes nothing. */
export async function importBackupText(
  text: string,
  mode: ImportMode,
  options: ImportOptions & { knownArticleIds?: ReadonlySet<string> } = {},
): Promise<ImportTextOutcome> {
  const parsed = parseBackup(text, { knownArticleIds: options.knownArticleIds });
  if (!parsed.ok) return parsed;
  return { ok: true, summary: parsed.summary, result: await importBackup(parsed.backup, mode, options) };
}

/** Deletes everything stored, the reader's data and app bookkeeping alike, in one transaction. */
export function wipeDatabase(database: PyRecallDB = db): Promise<void> {
  return guard(database, 'write', () =>
    database.transaction('rw', database.tables, async () => {
      await Promise.all(database.tables.map((t) => t.clear()));
    }),
  );
}

/** Every row of every table, exactly as stored (ids included), for tests and diagnostics. */
export interface DatabaseDump {
  progress: ProgressRecord[];
  reviewCards: ReviewCard[];
  reviewLog: ReviewLogRow[];
  settings: SettingRow[];
  meta: MetaRow[];
}

/** Reads every table in one transaction. */
export function dumpDatabase(database: PyRecallDB = db): Promise<DatabaseDump> {
  return guard(database, 'read', () =>
    database.transaction('r', database.tables, async () => ({
      progress: await database.progress.toArray(),
      reviewCards: await database.reviewCards.toArray(),
      reviewLog: await database.reviewLog.toArray(),
      settings: await database.settings.toArray(),
      meta: await database.meta.toArray(),
    })),
  );
}

/** The reader's data as a backup carries it. Must run inside a transaction over the user tables. */
async function readData(database: PyRecallDB): Promise<BackupData> {
  const [progress, reviewCards, log, rows] = await Promise.all([
    database.progress.toArray(),
    database.reviewCards.toArray(),
    database.reviewLog.toArray(),
    database.settings.toArray(),
  ]);
  const reviewLog = log.map(({ id: _deviceLocal, ...entry }): BackupLogEntry => entry).sort(compareLogEntries);
  const settings: Partial<Settings> = {};
  for (const row of rows) {
    // A row that no longer passes its check reads as the default, so it is left out of the file too.
    if (SETTING_KEYS.includes(row.key) && settingProblem(row.key, row.value) === undefined) {
      assignSetting(settings, row.key, copySetting(row.key, row.value));
    }
  }
  return { progress, reviewCards, reviewLog, settings };
}

/** Only what a merge changes: the backup's records that win, its reviews the device lacks, settings that differ. */
async function planMerge(database: PyRecallDB, backup: Backup): Promise<BackupData> {
  const current = await readData(database);
  const merged = mergeBackup(current, backup);
  // mergeBackup returns winning records as the same objects, so identity says which side won.
  const fromBackup = new Set<object>([...backup.progress, ...backup.reviewCards]);
  const known = new Set(current.reviewLog.map(reviewLogKey));
  const settings: Partial<Settings> = {};
  for (const key of SETTING_KEYS) {
    const value = merged.settings[key];
    if (value !== undefined && JSON.stringify(value) !== JSON.stringify(current.settings[key])) {
      assignSetting(settings, key, value);
    }
  }
  return {
    progress: merged.progress.filter((r) => fromBackup.has(r)),
    reviewCards: merged.reviewCards.filter((r) => fromBackup.has(r)),
    reviewLog: merged.reviewLog.filter((e) => !known.has(reviewLogKey(e))),
    settings,
  };
}
