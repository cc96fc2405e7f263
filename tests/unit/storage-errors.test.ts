/**
 * Storage failures: each is injected for real (a Dexie middleware that makes a write fail
 * mid-transaction, a closed database, another tab blocking an upgrade), and each must come
 * out as a StorageError with its own message and nothing half-written.
 */
import { Dexie, type DBCore, type DBCoreMutateRequest } from 'dexie';
import { IDBFactory, IDBKeyRange, forceCloseDatabase } from 'fake-indexeddb';
import { afterEach, describe, expect, it } from 'vitest';
import { dumpDatabase, exportBackup, importBackup, wipeDatabase } from '../../src/db/backup';
import { createDatabase, type PyRecallDB } from '../../src/db/db';
import { StorageError, storageMessage, toStorageError, type StorageErrorKind } from '../../src/db/errors';
import { getProgress, markFinished, restoreProgress, saveTakeaway, setStatus } from '../../src/db/progress';
import { getSetting, setSetting } from '../../src/db/settings';
import { makeBackup, type Backup } from '../../src/domain/backup';
import { gradeCard, newCardOnFinish } from '../../src/domain/scheduler';

const QUOTA_MESSAGE = 'Your device is out of storage space: nothing was saved. Free some space or export your data.';

const opened: PyRecallDB[] = [];
afterEach(async () => {
  for (const d of opened.splice(0)) {
    if (!d.hasBeenClosed()) await d.delete();
  }
});

interface Injector {
  /** Makes every write matching `when` fail with `error()` from now on. */
  arm(when: (table: string, req: DBCoreMutateRequest) => boolean, error: () => unknown): void;
  disarm(): void;
}

/** A fresh database on its own in-memory IndexedDB, with a failure injector installed before it opens. */
function freshDb(indexedDB = new IDBFactory(), name = `errors-${crypto.randomUUID()}`): { db: PyRecallDB; inject: Injector } {
  const db = createDatabase(name, { indexedDB, IDBKeyRange });
  opened.push(db);
  let rule: { when: (table: string, req: DBCoreMutateRequest) => boolean; error: () => unknown } | undefined;
  db.use({
    stack: 'dbcore',
    name: 'inject-failure',
    create: (down: DBCore) => ({
      ...down,
      table: (tableName: string) => {
        const table = down.table(tableName);
        return {
          ...table,
          mutate: (req: DBCoreMutateRequest) => (rule?.when(tableName, req) ? Promise.reject(rule.error()) : table.mutate(req)),
        };
      },
    }),
  });
  return {
    db,
    inject: {
      arm: (when, error) => (rule = { when, error }),
      disarm: () => (rule = undefined),
    },
  };
}

const quota = () => new DOMException('The quota has been exceeded.', 'QuotaExceededError');
const T = Date.UTC(2025, 4, 1);
const DAY = 86_400_000;
const ZONE = { timeZone: 'Europe/Paris' };

async function populate(db: PyRecallDB): Promise<void> {
  await setStatus('a', 'reading', T, db);
  await markFinished('b', T + 1, db);
  await saveTakeaway('b', 'original note', T + 2, db);
  const graded = gradeCard(newCardOnFinish('b', T + 1, ZONE), 'good', T + 3 * DAY, ZONE);
  await db.reviewCards.put(graded.card);
  await db.reviewLog.add(graded.log);
  await setSetting('dailyLimit', 12, db);
}

/** A backup unlike the populated data in every table. */
function otherBackup(): Backup {
  const other = gradeCard(newCardOnFinish('c', T + 10, ZONE), 'hard', T + 30 * DAY, ZONE);
  return makeBackup(
    {
      progress: [
        { articleId: 'a', status: 'finished', takeaway: 'from backup', startedAt: T + 10, finishedAt: T + 20, updatedAt: T + 20 },
        { articleId: 'c', status: 'reading', takeaway: '', startedAt: T + 10, finishedAt: null, updatedAt: T + 10 },
      ],
      reviewCards: [other.card],
      reviewLog: [other.log],
      settings: { dailyLimit: 40, retention: 0.8 },
    },
    T + 100,
  );
}

async function caught(promise: Promise<unknown>): Promise<StorageError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(StorageError);
  return error as StorageError;
}

describe('out of storage space', () => {
  for (const mode of ['replace', 'merge'] as const) {
    it(`an import (${mode}) that runs out of space halfway leaves every table as it was`, async () => {
      const { db, inject } = freshDb();
      await populate(db);
      const before = JSON.stringify(await dumpDatabase(db));
      // Progress and cards are already written (and, for replace, the tables cleared) when the log write fails.
      let progressWrites = 0;
      inject.arm((table, req) => {
        if (table === 'progress' && req.type === 'put') progressWrites++;
        return table === 'reviewLog' && req.type === 'add';
      }, quota);
      const error = await caught(importBackup(otherBackup(), mode, { database: db }));
      expect(progressWrites).toBeGreaterThan(0);
      expect(error.kind).toBe('quota');
      expect(error.message).toBe(QUOTA_MESSAGE);
      inject.disarm();
      expect(JSON.stringify(await dumpDatabase(db))).toBe(before);
    });
  }

  it('an import that fails on its very last write (settings) leaves every table as it was', async () => {
    const { db, inject } = freshDb();
    await populate(db);
    const before = JSON.stringify(await dumpDatabase(db));
    inject.arm((table) => table === 'settings', quota);
    expect((await caught(importBackup(otherBackup(), 'replace', { database: db }))).message).toBe(QUOTA_MESSAGE);
    inject.disarm();
    expect(JSON.stringify(await dumpDatabase(db))).toBe(before);
  });

  it('saving a takeaway, a status, an undo or a setting says so and keeps the old value', async () => {
    const { db, inject } = freshDb();
    await populate(db);
    const undo = await setStatus('a', 'finished', T + 50, db);
    const before = JSON.stringify(await dumpDatabase(db));
    inject.arm(() => true, quota);
    for (const write of [
      () => saveTakeaway('b', 'new note', T + 60, db),
      () => setStatus('b', 'reading', T + 60, db),
      () => markFinished('z', T + 60, db),
      () => restoreProgress(undo, db),
      () => setSetting('retention', 0.8, db),
    ]) {
      const error = await caught(write());
      expect([error.kind, error.message]).toEqual(['quota', QUOTA_MESSAGE]);
    }
    inject.disarm();
    expect(JSON.stringify(await dumpDatabase(db))).toBe(before);
    expect((await getProgress('b', db))?.takeaway).toBe('original note');
  });

  it('wiping that fails halfway wipes nothing', async () => {
    const { db, inject } = freshDb();
    await populate(db);
    const before = JSON.stringify(await dumpDatabase(db));
    inject.arm((table, req) => table === 'settings' && req.type === 'deleteRange', quota);
    await caught(wipeDatabase(db));
    inject.disarm();
    expect(JSON.stringify(await dumpDatabase(db))).toBe(before);
  });

  it('finds the quota failure under an AbortError, as browsers report an aborted transaction', () => {
    const abort = new Dexie.AbortError('Transaction aborted', new DOMException('full', 'QuotaExceededError'));
    expect(toStorageError(abort, 'write').kind).toBe('quota');
    const bulk = new Dexie.BulkError('1 of 3 failed', { 1: new DOMException('full', 'QuotaExceededError') });
    expect(toStorageError(bulk, 'write').kind).toBe('quota');
  });
});

describe('other failures injected mid-write', () => {
  const cases: [string, StorageErrorKind, string][] = [
    ['AbortError', 'aborted', 'The change was interrupted and undone: nothing was saved. Try again.'],
    [
      'InvalidStateError',
      'invalid-state',
      'The browser is not letting PyRecall use its storage right now (private browsing, or site data being cleared): nothing was saved. Reload the page and try again.',
    ],
    ['UnknownError', 'connection-lost', "The browser lost its connection to PyRecall's storage: nothing was saved. Reload the page and try again."],
    ['DataCloneError', 'unknown', "Something went wrong with PyRecall's storage: nothing was saved. Try again; if it keeps happening, export your data and reload the page."],
  ];
  it.each(cases)('%s becomes "%s" with its message, nothing half-written', async (name, kind, message) => {
    const { db, inject } = freshDb();
    await populate(db);
    const before = JSON.stringify(await dumpDatabase(db));
    inject.arm((table) => table === 'reviewCards', () => new DOMException('injected', name));
    const error = await caught(importBackup(otherBackup(), 'replace', { database: db }));
    expect([error.kind, error.message]).toEqual([kind, message]);
    expect((error.cause as Error).name).toBe(name);
    inject.disarm();
    expect(JSON.stringify(await dumpDatabase(db))).toBe(before);
  });
});

describe('a closed database', () => {
  it('refuses writes and reads with the closed message', async () => {
    const { db } = freshDb();
    await populate(db);
    db.close();
    const write = await caught(setStatus('a', 'finished', T + 9, db));
    expect([write.kind, write.message]).toEqual([
      'closed',
      "PyRecall's storage was closed, perhaps because another tab is updating the app: nothing was saved. Reload the page and try again.",
    ]);
    const read = await caught(getProgress('a', db));
    expect(read.message).toBe(
      "PyRecall's storage was closed, perhaps because another tab is updating the app: your data could not be read. Reload the page and try again.",
    );
    expect((await caught(exportBackup(T, { database: db }))).kind).toBe('closed');
    expect((await caught(getSetting('dailyLimit', db))).kind).toBe('closed');
  });

  it('recovers by itself when the browser drops the connection (Dexie reopens it)', async () => {
    const { db } = freshDb();
    await populate(db);
    forceCloseDatabase(db.backendDB() as never);
    await markFinished('a', T + 9, db);
    expect((await getProgress('a', db))?.status).toBe('finished');
  });
});

describe('an upgrade blocked by another tab', () => {
  it('fails every operation with the blocked message instead of hanging, and loses nothing', async () => {
    const indexedDB = new IDBFactory();
    const name = `blocked-${crypto.randomUUID()}`;
    // An old tab: version 1 of the schema (native version 10), which ignores requests to close.
    const oldTab = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open(name, 10);
      req.onupgradeneeded = () => {
        req.result.createObjectStore('progress', { keyPath: 'articleId' });
        req.result.createObjectStore('settings', { keyPath: 'key' });
        req.result.createObjectStore('meta', { keyPath: 'key' });
      };
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    await new Promise<void>((resolve) => {
      const tx = oldTab.transaction('progress', 'readwrite');
      tx.objectStore('progress').put({ articleId: 'a', status: 'finished', takeaway: 'old tab', startedAt: T, finishedAt: T, updatedAt: T });
      tx.oncomplete = () => resolve();
    });

    const { db } = freshDb(indexedDB, name);
    const message =
      'PyRecall needs to update how it stores your data, but an older copy open in another tab is holding it: nothing was saved. Close the other PyRecall tabs, then reload this one.';
    const error = await caught(markFinished('b', T + 1, db));
    expect([error.kind, error.message]).toEqual(['blocked', message]);
    expect((await caught(getProgress('a', db))).kind).toBe('blocked');
    expect(db.upgradeBlocked).toBe(true);

    // The reader closes the old tab and reloads: the upgrade goes through with the data intact.
    oldTab.close();
    const { db: reloaded } = freshDb(indexedDB, name);
    expect(await getProgress('a', reloaded)).toMatchObject({ takeaway: 'old tab' });
    expect(reloaded.verno).toBe(2);
    await markFinished('b', T + 1, reloaded);
    expect(await getProgress('b', reloaded)).toMatchObject({ status: 'finished' });
  });
});

describe('toStorageError', () => {
  it.each([
    ['QuotaExceededError', 'quota'],
    ['VersionError', 'version'],
    ['InvalidStateError', 'invalid-state'],
    ['AbortError', 'aborted'],
    ['DatabaseClosedError', 'closed'],
    ['MissingAPIError', 'unavailable'],
    ['UnknownError', 'connection-lost'],
    ['ConstraintError', 'unknown'],
  ] as const)('maps %s to "%s"', (name, kind) => {
    const error = toStorageError(new DOMException('x', name), 'write');
    expect(error.kind).toBe(kind);
    expect(error.message).toBe(storageMessage(kind, 'write'));
  });

  it('finds a VersionError wrapped by Dexie when opening fails', () => {
    const wrapped = new Dexie.DatabaseClosedError(new Dexie.OpenFailedError(new DOMException('newer', 'VersionError')));
    expect(toStorageError(wrapped, 'read').message).toBe(
      'Your data was last opened by a newer version of PyRecall: your data could not be read. Reload the page to get the newest version.',
    );
  });

  it('passes a StorageError through, and turns anything else thrown into the unknown kind', () => {
    const original = new StorageError('quota', 'x');
    expect(toStorageError(original, 'write')).toBe(original);
    expect(toStorageError('a string', 'write').kind).toBe('unknown');
    expect(toStorageError(undefined, 'read').kind).toBe('unknown');
    const cyclic: { name: string; inner?: unknown } = { name: 'Weird' };
    cyclic.inner = cyclic;
    expect(toStorageError(cyclic, 'read').kind).toBe('unknown');
  });

  it('a browser without IndexedDB (private mode) gets the unavailable message', async () => {
    // No IndexedDB at all: this file never installs fake-indexeddb globally, and Node has none.
    const db = createDatabase(`no-idb-${crypto.randomUUID()}`);
    const error = await caught(setStatus('a', 'reading', T, db));
    expect(error.kind).toBe('unavailable');
    expect(error.message).toBe(
      'This browser does not let PyRecall store data (it may be in private mode): nothing was saved. Open PyRecall in a normal window to keep your progress.',
    );
  });
});
