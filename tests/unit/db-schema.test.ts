/**
 * Schema upgrades never lose data. For every released version there is a fixture: a database
 * written with that version's schema and real-looking data, opened with the current code,
 * and checked record by record.
 *
 * To add schema version N: add its stores to RELEASED, add a fixture for version N - 1 to
 * FIXTURES (data shaped as version N - 1 stored it), and describe what the upgrade must do.
 */
import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { Dexie } from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { createDatabase, DB_NAME, SCHEMA, SCHEMA_VERSION, type PyRecallDB } from '../../src/db/db';
import { dumpDatabase } from '../../src/db/backup';
import { getSettings } from '../../src/db/settings';
import { parseCatalogue } from '../../src/domain/catalogue';
import { gradeCard, newCardOnFinish } from '../../src/domain/scheduler';

/** The store specs of every released version, exactly as released. Append only. */
const RELEASED: Record<number, Record<string, string | null>> = {
  1: { progress: 'articleId', settings: 'key', meta: 'key' },
  2: { reviewCards: 'articleId, due', reviewLog: '++id, articleId, reviewedAt, &[articleId+reviewedAt]' },
};

const ids = parseCatalogue(readFileSync('src/catalogue/python-engineering-articles.md', 'utf8')).catalogue.articles.map((a) => a.id);
const day = 86_400_000;
const t0 = Date.UTC(2025, 0, 6, 8, 30);

/** Version 1 data as a reader who used the app for a month would have it. */
const V1_DATA = {
  progress: [
    ...ids.slice(0, 12).map((articleId, i) => ({
      articleId,
      status: 'finished',
      takeaway: i % 3 === 0 ? `Takeaway ${i}: bytecode is cached in __pycache__ ✓\nSecond line "quoted"` : '',
      startedAt: t0 + i * day,
      finishedAt: t0 + i * day + 3_600_000,
      updatedAt: t0 + i * day + 3_600_000,
    })),
    { articleId: ids[12], status: 'reading', takeaway: 'half way', startedAt: t0 + 20 * day, finishedAt: null, updatedAt: t0 + 21 * day },
    { articleId: ids[13], status: 'to-read', takeaway: 'came back to it later', startedAt: null, finishedAt: null, updatedAt: t0 + 22 * day },
    // An Article since removed from the catalogue: its record must survive too.
    { articleId: 'zz9retir', status: 'finished', takeaway: 'removed article', startedAt: t0, finishedAt: t0 + day, updatedAt: t0 + day },
  ],
  settings: [
    { key: 'retention', value: 0.85 },
    { key: 'reminders', value: { enabled: true, time: '07:45', days: [1, 2, 3, 4, 5] } },
  ],
  meta: [{ key: 'installedAt', value: t0 - day }],
};

interface Fixture {
  /** Writes data the way version `from` stored it. */
  write(old: Dexie): Promise<void>;
  /** Checks the upgraded database. */
  check(upgraded: PyRecallDB): Promise<void>;
}

/** Keyed by the version the data was written with. */
const FIXTURES: Record<number, Fixture> = {
  1: {
    async write(old) {
      await old.table('progress').bulkAdd(V1_DATA.progress);
      await old.table('settings').bulkAdd(V1_DATA.settings);
      await old.table('meta').bulkAdd(V1_DATA.meta);
    },
    async check(db) {
      const dump = await dumpDatabase(db);
      expect(dump.progress).toEqual([...V1_DATA.progress].sort((a, b) => (a.articleId < b.articleId ? -1 : 1)));
      expect(dump.settings).toEqual([...V1_DATA.settings].sort((a, b) => (a.key < b.key ? -1 : 1)));
      expect(dump.meta).toEqual(V1_DATA.meta);
      // Version 2's tables exist, start empty, and take writes.
      expect(dump.reviewCards).toEqual([]);
      expect(dump.reviewLog).toEqual([]);
      const { log: entry } = gradeCard(newCardOnFinish(ids[0], t0 + 3_600_000, { timeZone: 'Europe/London' }), 'good', t0 + 30 * day, {
        timeZone: 'Europe/London',
      });
      await db.reviewLog.add(entry);
      // One review of an Article per instant: the backup format identifies reviews that way.
      await expect(db.reviewLog.add({ ...entry })).rejects.toMatchObject({ name: 'ConstraintError' });
      expect(await getSettings(db)).toMatchObject({ retention: 0.85, reminders: { enabled: true, time: '07:45', days: [1, 2, 3, 4, 5] } });
    },
  },
};

const opened: Dexie[] = [];
const uniqueName = () => `db-schema-${crypto.randomUUID()}`;
afterEach(async () => {
  await Promise.all(opened.splice(0).map((d) => d.delete()));
});

/** A database declared with the released schema up to `version`, independent of SCHEMA. */
function releasedDatabase(name: string, version: number): Dexie {
  const old = new Dexie(name);
  for (let v = 1; v <= version; v++) old.version(v).stores(RELEASED[v]);
  opened.push(old);
  return old;
}

describe('the schema history', () => {
  it('numbers versions 1, 2, … without gaps, and names the newest SCHEMA_VERSION', () => {
    expect(SCHEMA.map((s) => s.version)).toEqual(SCHEMA.map((_, i) => i + 1));
    expect(SCHEMA_VERSION).toBe(SCHEMA.length);
  });

  it('never changes a released version', () => {
    for (const step of SCHEMA) expect({ version: step.version, stores: step.stores }).toEqual({ version: step.version, stores: RELEASED[step.version] });
  });

  it('gives every version after the first an upgrade function and a reason', () => {
    for (const step of SCHEMA.slice(1)) expect(typeof step.upgrade).toBe('function');
    for (const step of SCHEMA) expect(step.reason.length).toBeGreaterThan(10);
  });

  it('has an upgrade fixture for every version but the newest', () => {
    expect(Object.keys(FIXTURES).map(Number)).toEqual(SCHEMA.slice(0, -1).map((s) => s.version));
  });

  it('is the database the app opens by default', () => {
    expect(DB_NAME).toBe('pyrecall');
  });
});

describe('upgrades keep every record', () => {
  for (const from of SCHEMA.slice(0, -1).map((s) => s.version)) {
    it(`from version ${from} to ${SCHEMA_VERSION}`, async () => {
      const name = uniqueName();
      const old = releasedDatabase(name, from);
      await old.open();
      await FIXTURES[from].write(old);
      old.close();

      const db = createDatabase(name);
      opened.push(db);
      await db.open();
      expect(db.verno).toBe(SCHEMA_VERSION);
      expect(db.tables.map((t) => t.name).sort()).toEqual(['meta', 'progress', 'reviewCards', 'reviewLog', 'settings']);
      await FIXTURES[from].check(db);
    });
  }
});

describe('opening', () => {
  it('a new install gets every table at the newest version', async () => {
    const db = createDatabase(uniqueName());
    opened.push(db);
    await db.open();
    expect(db.verno).toBe(SCHEMA_VERSION);
    expect(db.reviewLog.schema.primKey.auto).toBe(true);
    expect(db.reviewCards.schema.indexes.map((i) => i.name)).toEqual(['due']);
  });

  it('a database a newer build upgraded (one more table) still opens, with the data intact', async () => {
    // A reader who goes back to an older build (e.g. a stale service worker) must not lose anything.
    const name = uniqueName();
    const newer = releasedDatabase(name, SCHEMA_VERSION);
    newer.version(SCHEMA_VERSION + 1).stores({ futureTable: 'id' });
    await newer.open();
    await newer.table('progress').add(V1_DATA.progress[0]);
    await newer.table('futureTable').add({ id: 1 });
    newer.close();

    const db = createDatabase(name);
    opened.push(db);
    expect(await db.progress.toArray()).toEqual([V1_DATA.progress[0]]);
  });
});
