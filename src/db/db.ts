/**
 * The one IndexedDB database PyRecall keeps, through Dexie. Components never use it directly:
 * they call the functions in progress.ts, reviews.ts, settings.ts and backup.ts.
 *
 * Schema changes are append-only. To change the schema, add an entry to SCHEMA with the next
 * version number, the stores it adds or changes, and an upgrade function; then add a fixture
 * for the previous version to tests/unit/db-schema.test.ts, which writes a database with the
 * old schema and checks every record survives the upgrade. Never edit a released entry.
 */
import { Dexie, type DexieOptions, type EntityTable, type Transaction } from 'dexie';
import type { SettingKey } from '../domain/backup';
import type { ProgressRecord } from '../domain/progress';
import type { ReviewCard, ReviewLogEntry } from '../domain/scheduler';
import type { BlockableDatabase } from './errors';

/** The database's name in the browser. */
export const DB_NAME = 'pyrecall';

/** One stored setting; a setting without a row has its default value. */
export interface SettingRow {
  key: SettingKey;
  value: unknown;
}

/** App bookkeeping that is not the reader's data and is not backed up. */
export interface MetaRow {
  key: string;
  value: unknown;
}

/** A review log entry as read back: always with its device-local id. */
export interface ReviewLogRow extends ReviewLogEntry {
  id: number;
}

/** One version of the schema. */
export interface SchemaVersion {
  version: number;
  /** Why this version exists, for the next person reading the list. */
  reason: string;
  /** Dexie store specs for the tables this version adds or changes (null deletes a table). */
  stores: Record<string, string | null>;
  /** Moves existing data to the new shape; runs once, inside the upgrade transaction. */
  upgrade?: (tx: Transaction) => Promise<void> | void;
}

/** Every schema version, oldest first. */
export const SCHEMA: readonly SchemaVersion[] = [
  {
    version: 1,
    reason: 'Reading progress, settings and app bookkeeping.',
    stores: {
      progress: 'articleId',
      settings: 'key',
      meta: 'key',
    },
  },
  {
    version: 2,
    reason: 'Spaced review: a card per Article and a log of every review.',
    stores: {
      reviewCards: 'articleId, due',
      // The unique [articleId+reviewedAt] index makes "one review of an Article per instant"
      // a storage rule, so a backup (which identifies reviews that way) always round-trips.
      reviewLog: '++id, articleId, reviewedAt, &[articleId+reviewedAt]',
    },
    upgrade: () => {
      // Both tables are new and start empty; version 1 tables keep their shape.
    },
  },
];

/** The newest schema version. */
export const SCHEMA_VERSION = SCHEMA[SCHEMA.length - 1].version;

/** Declares SCHEMA on `db` up to and including version `upTo` (tests build older databases this way). */
export function declareSchema(db: Dexie, upTo: number = SCHEMA_VERSION): void {
  for (const step of SCHEMA) {
    if (step.version > upTo) break;
    const version = db.version(step.version).stores(step.stores);
    if (step.upgrade) version.upgrade(step.upgrade);
  }
}

/** PyRecall's database with its typed tables. */
export class PyRecallDB extends Dexie implements BlockableDatabase {
  declare progress: EntityTable<ProgressRecord, 'articleId'>;
  declare settings: EntityTable<SettingRow, 'key'>;
  declare meta: EntityTable<MetaRow, 'key'>;
  declare reviewCards: EntityTable<ReviewCard, 'articleId'>;
  declare reviewLog: EntityTable<ReviewLogRow, 'id'>;

  /** True once an upgrade was abandoned because another tab would not let go of the old version. */
  upgradeBlocked = false;

  constructor(name: string = DB_NAME, options?: DexieOptions) {
    super(name, options);
    declareSchema(this);
    this.on('blocked', (event) => {
      // Only an upgrade can be blocked by another tab; deleting the database is ours to wait on.
      if (event.newVersion === null || event.newVersion < event.oldVersion) return;
      this.upgradeBlocked = true;
      // Left pending, every read and write would hang silently; closing fails them all now
      // so the reader is told to close the other tab.
      this.close();
    });
  }
}

/** Opens (lazily, on first use) a PyRecall database; tests pass a unique name and their own IndexedDB. */
export function createDatabase(name: string = DB_NAME, options?: DexieOptions): PyRecallDB {
  return new PyRecallDB(name, options);
}

/** The app's database. */
export const db = createDatabase();
