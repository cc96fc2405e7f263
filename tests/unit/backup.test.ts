/**
 * The backup file: export → wipe → import round trips, the merge rule, and every malformed
 * file refused with its own message while the database stays byte-for-byte as it was.
 */
import 'fake-indexeddb/auto';
import { type DBCore, type DBCoreMutateRequest } from 'dexie';
import fc from 'fast-check';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  dumpDatabase,
  exportBackup,
  exportBackupText,
  importBackup,
  importBackupText,
  wipeDatabase,
  type DatabaseDump,
} from '../../src/db/backup';
import { createDatabase, type PyRecallDB } from '../../src/db/db';
import { StorageError } from '../../src/db/errors';
import { markFinished, saveTakeaway, setStatus } from '../../src/db/progress';
import { getSettings, setSetting } from '../../src/db/settings';
import {
  MAX_BACKUP_LENGTH,
  makeBackup,
  mergeBackup,
  parseBackup,
  serializeBackup,
  type Backup,
  type BackupData,
  type BackupLogEntry,
} from '../../src/domain/backup';
import type { ProgressRecord, ReadingStatus } from '../../src/domain/progress';
import { gradeCard, newCardOnFinish, type Grade, type ReviewCard } from '../../src/domain/scheduler';
import type { BackupWorkerToPage } from '../../src/workers/backup-messages';
import { createBackupService } from '../../src/workers/backup-service';
import { generateBackup } from '../bench/generate';

const opened: PyRecallDB[] = [];
function freshDb(): PyRecallDB {
  const database = createDatabase(`backup-${opened.length}-${crypto.randomUUID()}`);
  opened.push(database);
  return database;
}
afterEach(async () => {
  await Promise.all(opened.splice(0).map((d) => d.delete()));
});

const T = Date.UTC(2025, 2, 3, 9, 0);

const DAY = 86_400_000;
const NOW = T + 40 * DAY;
const ZONE = { timeZone: 'Europe/Berlin' };

function card(articleId: string, updatedAt: number, reps = 2): ReviewCard {
  return {
    articleId,
    due: updatedAt + 3 * DAY,
    stability: 3.17,
    difficulty: 5.28,
    elapsedDays: 1,
    scheduledDays: 3,
    learningSteps: 0,
    reps,
    lapses: 0,
    state: 'Review',
    lastReview: updatedAt,
    suspended: false,
    createdAt: updatedAt - DAY,
    updatedAt,
  };
}

function logEntry(articleId: string, reviewedAt: number, grade: Grade = 'good'): BackupLogEntry {
  return {
    articleId,
    grade,
    reviewedAt,
    fsrs: { state: 'Review', stability: 2.3, difficulty: 6.1, elapsedDays: 3, lastElapsedDays: 0, scheduledDays: 3, learningSteps: 0 },
    before: { due: reviewedAt, lastReview: reviewedAt - 3 * DAY, updatedAt: reviewedAt - 3 * DAY },
  };
}

function progress(articleId: string, status: ReadingStatus, updatedAt: number, takeaway = ''): ProgressRecord {
  return {
    articleId,
    status,
    takeaway,
    startedAt: status === 'to-read' ? null : updatedAt - 1000,
    finishedAt: status === 'finished' ? updatedAt : null,
    updatedAt,
  };
}

/** A month of real-looking use, through the same functions the app calls. */
async function populate(db: PyRecallDB): Promise<void> {
  await setStatus('2o5q1vd', 'reading', T, db);
  await markFinished('2o5q1vd', T + 3_600_000, db);
  await saveTakeaway('2o5q1vd', 'Bytecode is cached in __pycache__ 🐍\n"quotes" and \\ backslashes', T + 3_700_000, db);
  await setStatus('0k4xq1z', 'reading', T + DAY, db);
  await markFinished('1abcdef', T + 2 * DAY, db);
  await saveTakeaway('gone-from-catalogue', 'kept although unknown', T + 3 * DAY, db);
  // Cards and reviews made by the real scheduler, so the backup is checked against what it writes.
  const r1 = gradeCard(newCardOnFinish('2o5q1vd', T + 3_600_000, ZONE), 'good', T + 4 * DAY, ZONE);
  const r2 = gradeCard(r1.card, 'easy', T + 5 * DAY, ZONE);
  const second = gradeCard(newCardOnFinish('1abcdef', T + 2 * DAY, ZONE), 'again', T + 6 * DAY, ZONE);
  await db.reviewCards.bulkPut([r2.card, second.card]);
  await db.reviewLog.bulkAdd([r1.log, r2.log, second.log]);
  await setSetting('retention', 0.92, db);
  await setSetting('reminders', { enabled: true, time: '20:15', days: [1, 3, 5] }, db);
  await db.meta.put({ key: 'installedAt', value: T - 1000 });
}

/** A dump without the device-local review log ids, which an import is free to renumber. */
function portable(dump: DatabaseDump) {
  return { ...dump, reviewLog: dump.reviewLog.map(({ id: _local, ...entry }) => entry) };
}

describe('export → wipe → import', () => {
  it('exports everything the reader owns in the documented format', async () => {
    const db = freshDb();
    await populate(db);
    const backup = await exportBackup(NOW, { database: db, appVersion: '0.1.0' });
    expect(backup).toMatchObject({ format: 'pyrecall-backup', version: 1, exportedAt: NOW, appVersion: '0.1.0' });
    expect(backup.progress.map((p) => p.articleId)).toEqual(['0k4xq1z', '1abcdef', '2o5q1vd', 'gone-from-catalogue']);
    expect(backup.reviewCards).toHaveLength(2);
    expect(backup.reviewLog.map((e) => e.reviewedAt)).toEqual([T + 4 * DAY, T + 5 * DAY, T + 6 * DAY]);
    expect(backup.reviewLog[0]).not.toHaveProperty('id');
    expect(backup.settings).toEqual({ retention: 0.92, reminders: { enabled: true, time: '20:15', days: [1, 3, 5] } });
    expect(backup).not.toHaveProperty('meta');
  });

  for (const mode of ['replace', 'merge'] as const) {
    it(`round-trips to identical data (${mode})`, async () => {
      const db = freshDb();
      await populate(db);
      const text = await exportBackupText(NOW, { database: db });
      const before = await dumpDatabase(db);
      await wipeDatabase(db);
      expect(await dumpDatabase(db)).toEqual({ progress: [], reviewCards: [], reviewLog: [], settings: [], meta: [] });

      const outcome = await importBackupText(text, mode, { database: db });
      expect(outcome).toMatchObject({ ok: true, result: { mode, progress: 4, reviewCards: 2, reviewLogEntries: 3, settings: 2 } });
      expect(portable(await dumpDatabase(db))).toEqual(portable({ ...before, meta: [] }));
      expect(await exportBackupText(NOW, { database: db })).toBe(text);
    });
  }

  it('the summary counts what the file holds, and Articles unknown to the catalogue when told the catalogue', async () => {
    const db = freshDb();
    await populate(db);
    const parsed = parseBackup(await exportBackupText(NOW, { database: db }), { knownArticleIds: new Set(['2o5q1vd', '0k4xq1z', '1abcdef']) });
    expect(parsed).toMatchObject({
      ok: true,
      summary: { exportedAt: NOW, articles: 4, finished: 2, reading: 1, notes: 2, reviewCards: 2, reviewLogEntries: 3, settings: 2, unknownArticles: 1 },
    });
  });

  it('replace makes the device hold exactly the backup (meta untouched)', async () => {
    const source = freshDb();
    await populate(source);
    const backup = await exportBackup(NOW, { database: source });
    const target = freshDb();
    await markFinished('only-on-this-device', NOW, target);
    await target.reviewLog.add(logEntry('only-on-this-device', NOW));
    await setSetting('dailyLimit', 99, target);
    await target.meta.put({ key: 'deviceThing', value: 1 });
    await importBackup(backup, 'replace', { database: target });
    expect(await exportBackup(NOW, { database: target })).toEqual(backup);
    expect((await dumpDatabase(target)).meta).toEqual([{ key: 'deviceThing', value: 1 }]);
  });

  it('a backup with no data at all replaces everything with nothing', async () => {
    const db = freshDb();
    await populate(db);
    await importBackup(makeBackup({ progress: [], reviewCards: [], reviewLog: [], settings: {} }, NOW), 'replace', { database: db });
    const dump = await dumpDatabase(db);
    expect([dump.progress, dump.reviewCards, dump.reviewLog, dump.settings]).toEqual([[], [], [], []]);
    expect(await getSettings(db)).toMatchObject({ retention: 0.9 });
  });

  it('reports progress while importing a large backup, ending at the total', async () => {
    const db = freshDb();
    const big = makeBackup(
      {
        progress: Array.from({ length: 2500 }, (_, i) => progress(`a${i}`, 'finished', T + i, `note ${i}`)),
        reviewCards: Array.from({ length: 1500 }, (_, i) => card(`a${i}`, T + i)),
        reviewLog: Array.from({ length: 4000 }, (_, i) => logEntry(`a${i % 1500}`, T + i)),
        settings: { dailyLimit: 30 },
      },
      NOW,
    );
    const calls: [number, number][] = [];
    await importBackup(big, 'replace', { database: db, chunkSize: 1000, onProgress: (done, total) => calls.push([done, total]) });
    expect(calls[0]).toEqual([0, 8001]);
    expect(calls.at(-1)).toEqual([8001, 8001]);
    expect(calls.every(([done], i) => i === 0 || done > calls[i - 1][0])).toBe(true);
    expect(calls.length).toBeGreaterThan(8);
    expect(await db.reviewLog.count()).toBe(4000);
  });
});

describe('a big import, written in chunks, that fails near its end', () => {
  /** A fresh database whose writes to `table` fail with a full disk once `shouldFail()` says so. */
  function failingDb(shouldFail: (table: string, req: DBCoreMutateRequest) => boolean): PyRecallDB {
    const db = freshDb();
    db.use({
      stack: 'dbcore',
      name: 'fail-near-the-end',
      create: (down: DBCore) => ({
        ...down,
        table: (name: string) => {
          const table = down.table(name);
          return {
            ...table,
            mutate: (req: DBCoreMutateRequest) =>
              shouldFail(name, req) ? Promise.reject(new DOMException('The quota has been exceeded.', 'QuotaExceededError')) : table.mutate(req),
          };
        },
      }),
    });
    return db;
  }

  const big = generateBackup(
    Array.from({ length: 60 }, (_, i) => `article-${i}`),
    { now: NOW, finished: 60, reviews: 3000, days: 200, missedDaysAgo: 30 },
  );

  for (const mode of ['replace', 'merge'] as const) {
    it(`leaves the device exactly as it was when the disk fills at 90 % (${mode})`, async () => {
      let share = 0;
      const db = failingDb((table, req) => table === 'reviewLog' && req.type === 'add' && share >= 0.9);
      await populate(db);
      const before = await dumpDatabase(db);
      const error = await importBackup(big, mode, {
        database: db,
        chunkSize: 100,
        onProgress: (done, total) => (share = done / total),
      }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(StorageError);
      expect((error as StorageError).kind).toBe('quota');
      expect(share).toBeGreaterThanOrEqual(0.9); // it really failed late, with most records written
      expect(share).toBeLessThan(1);
      expect(await dumpDatabase(db)).toEqual(before);
    });
  }
});

describe('the backup service (what the backup worker runs)', () => {
  const ids = Array.from({ length: 30 }, (_, i) => `article-${i}`);
  const backup = generateBackup(ids, { now: NOW, finished: 30, reviews: 1500, days: 100 });
  const file = (text: string) => new Blob([text], { type: 'application/json' });

  function service(database: PyRecallDB, chunkSize = 200) {
    const posted: BackupWorkerToPage[] = [];
    return { posted, service: createBackupService((m) => posted.push(m), { database, chunkSize }) };
  }

  it('checks a file, then writes it on request, reporting progress to the end', async () => {
    const db = freshDb();
    const { posted, service: s } = service(db);
    await s.handle({ type: 'check', id: 1, file: file(serializeBackup(backup)), knownArticleIds: ids.slice(0, 20) });
    expect(posted).toEqual([
      { type: 'checked', id: 1, ok: true, summary: expect.objectContaining({ finished: 30, reviewLogEntries: 1500, unknownArticles: 10 }) },
    ]);
    expect(await db.reviewLog.count()).toBe(0); // nothing written before the reader chooses
    await s.handle({ type: 'import', id: 1, mode: 'merge' });
    const progress = posted.filter((m) => m.type === 'progress');
    const total = 30 + 30 + 1500 + 1;
    expect(progress.length).toBeGreaterThan(5);
    expect(progress.at(-1)).toEqual({ type: 'progress', id: 1, done: total, total });
    expect(progress.every((m, i) => i === 0 || m.done > progress[i - 1].done)).toBe(true);
    expect(posted.at(-1)).toEqual({ type: 'imported', id: 1, result: { mode: 'merge', progress: 30, reviewCards: 30, reviewLogEntries: 1500, settings: 1 } });
    const byId = <T extends { articleId: string }>(list: T[]) => [...list].sort((a, b) => (a.articleId < b.articleId ? -1 : 1));
    const stored = await exportBackup(NOW, { database: db });
    expect([byId(stored.progress), byId(stored.reviewCards), stored.reviewLog, stored.settings]).toEqual([
      byId(backup.progress),
      byId(backup.reviewCards),
      backup.reviewLog,
      backup.settings,
    ]);
  });

  it('answers a damaged file with its reason, and an import of it with nothing written', async () => {
    const db = freshDb();
    await populate(db);
    const before = await dumpDatabase(db);
    const { posted, service: s } = service(db);
    await s.handle({ type: 'check', id: 4, file: file(serializeBackup(backup).slice(0, 5000)), knownArticleIds: ids });
    expect(posted).toEqual([{ type: 'checked', id: 4, ok: false, error: expect.stringMatching(/incomplete/) }]);
    await s.handle({ type: 'import', id: 4, mode: 'replace' });
    expect(posted.at(-1)).toMatchObject({ type: 'failed', id: 4 });
    expect(await dumpDatabase(db)).toEqual(before);
  });

  it('reports a storage failure with its kind, having written nothing', async () => {
    const db = freshDb();
    await populate(db);
    const before = await dumpDatabase(db);
    db.close();
    const { posted, service: s } = service(db);
    await s.handle({ type: 'check', id: 2, file: file(serializeBackup(backup)), knownArticleIds: ids });
    await s.handle({ type: 'import', id: 2, mode: 'replace' });
    expect(posted.at(-1)).toEqual({ type: 'failed', id: 2, kind: 'closed', message: expect.stringMatching(/nothing was saved/) });
    await db.open();
    expect(await dumpDatabase(db)).toEqual(before);
  });

  it('forgets a dropped file, and answers a check overtaken by another', async () => {
    const db = freshDb();
    const { posted, service: s } = service(db);
    await s.handle({ type: 'check', id: 1, file: file(serializeBackup(backup)), knownArticleIds: ids });
    await s.handle({ type: 'drop', id: 1 });
    await s.handle({ type: 'import', id: 1, mode: 'replace' });
    expect(posted.at(-1)).toMatchObject({ type: 'failed', id: 1 });
    expect(await db.progress.count()).toBe(0);
    // Two checks at once: the first, overtaken while its file is read, is answered but not kept.
    const first = s.handle({ type: 'check', id: 2, file: file(serializeBackup(backup)), knownArticleIds: ids });
    const second = s.handle({ type: 'check', id: 3, file: file('{}'), knownArticleIds: ids });
    await Promise.all([first, second]);
    expect(posted.filter((m) => m.type === 'checked' && m.id === 2)).toEqual([{ type: 'checked', id: 2, ok: false, error: expect.any(String) }]);
    await s.handle({ type: 'import', id: 2, mode: 'replace' });
    expect(posted.at(-1)).toMatchObject({ type: 'failed', id: 2 });
    expect(await db.progress.count()).toBe(0);
  });
});

describe('mergeBackup (pure)', () => {
  const current: BackupData = {
    progress: [progress('a', 'finished', 500), progress('b', 'reading', 100), progress('c', 'reading', 300), progress('mine', 'reading', 1)],
    reviewCards: [card('a', 500), card('b', 100)],
    reviewLog: [logEntry('a', 10), logEntry('a', 20)],
    settings: { retention: 0.8 },
  };
  const incoming: BackupData = {
    progress: [progress('a', 'reading', 400), progress('b', 'finished', 200), progress('c', 'finished', 300), progress('theirs', 'finished', 7)],
    reviewCards: [card('a', 600, 9), card('b', 50, 9), card('new', 1)],
    reviewLog: [logEntry('a', 20, 'again'), logEntry('a', 15), logEntry('b', 20)],
    settings: { retention: 0.95, dailyLimit: 25, lastRemindedAt: 9_000 },
  };
  const merged = mergeBackup(current, incoming);

  it('keeps, per Article, the side that changed last; the device on a tie; records from either side alone', () => {
    expect(merged.progress.map((p) => [p.articleId, p.status, p.updatedAt])).toEqual([
      ['a', 'finished', 500],
      ['b', 'finished', 200],
      ['c', 'reading', 300],
      ['mine', 'reading', 1],
      ['theirs', 'finished', 7],
    ]);
  });

  it('keeps, per review card, the side that changed last', () => {
    expect(merged.reviewCards.map((c) => [c.articleId, c.updatedAt, c.reps])).toEqual([
      ['a', 600, 9],
      ['b', 100, 2],
      ['new', 1, 2],
    ]);
  });

  it('unions the review logs, each review (Article + instant) once, in time order', () => {
    expect(merged.reviewLog.map((e) => [e.articleId, e.reviewedAt, e.grade])).toEqual([
      ['a', 10, 'good'],
      ['a', 15, 'good'],
      ['a', 20, 'good'],
      ['b', 20, 'good'],
    ]);
  });

  it("keeps the device's own settings, takes the ones it never changed, and the later reminder time", () => {
    expect(merged.settings).toEqual({ retention: 0.8, dailyLimit: 25, lastRemindedAt: 9_000 });
    expect(mergeBackup({ ...current, settings: { lastRemindedAt: 10_000 } }, incoming).settings.lastRemindedAt).toBe(10_000);
  });

  it('returns winning records as the very objects it was given, and changes neither input', () => {
    const snapshot = structuredClone([current, incoming]);
    const again = mergeBackup(current, incoming);
    expect(again.progress[1]).toBe(incoming.progress[1]);
    expect(again.progress[0]).toBe(current.progress[0]);
    expect([current, incoming]).toEqual(snapshot);
  });

  it('merging a backup into itself changes nothing', () => {
    expect(mergeBackup(current, current)).toEqual({ ...current, progress: [...current.progress].sort((x, y) => (x.articleId < y.articleId ? -1 : 1)) });
  });
});

describe('importBackup merge', () => {
  it('applies the merge rule to the database and writes only what the backup wins', async () => {
    const db = freshDb();
    await db.progress.bulkPut([progress('a', 'finished', 500), progress('b', 'reading', 100)]);
    await db.reviewCards.bulkPut([card('a', 500)]);
    await db.reviewLog.bulkAdd([logEntry('a', 10)]);
    await setSetting('retention', 0.8, db);
    const backup = makeBackup(
      {
        progress: [progress('a', 'reading', 400), progress('b', 'finished', 200), progress('c', 'to-read', 5, 'a note')],
        reviewCards: [card('a', 400), card('c', 5)],
        reviewLog: [logEntry('a', 10), logEntry('c', 11)],
        settings: { retention: 0.95, dailyLimit: 4 },
      },
      NOW,
    );
    const result = await importBackup(backup, 'merge', { database: db });
    expect(result).toEqual({ mode: 'merge', progress: 2, reviewCards: 1, reviewLogEntries: 1, settings: 1 });
    const after = await exportBackup(NOW, { database: db });
    expect(after.progress.map((p) => [p.articleId, p.status])).toEqual([
      ['a', 'finished'],
      ['b', 'finished'],
      ['c', 'to-read'],
    ]);
    expect(after.reviewCards.map((c) => [c.articleId, c.updatedAt])).toEqual([
      ['a', 500],
      ['c', 5],
    ]);
    expect(after.reviewLog.map((e) => [e.articleId, e.reviewedAt])).toEqual([
      ['a', 10],
      ['c', 11],
    ]);
    expect(after.settings).toEqual({ retention: 0.8, dailyLimit: 4 });
  });

  it('merging the same backup twice changes nothing the second time', async () => {
    const source = freshDb();
    await populate(source);
    const backup = await exportBackup(NOW, { database: source });
    const db = freshDb();
    await markFinished('local', T, db);
    await importBackup(backup, 'merge', { database: db });
    const once = JSON.stringify(await dumpDatabase(db));
    expect(await importBackup(backup, 'merge', { database: db })).toEqual({ mode: 'merge', progress: 0, reviewCards: 0, reviewLogEntries: 0, settings: 0 });
    expect(JSON.stringify(await dumpDatabase(db))).toBe(once);
  });
});

describe('malformed backups', () => {
  let db: PyRecallDB;
  let goodText: string;
  let good: Backup;
  beforeAll(async () => {
    db = createDatabase(`backup-malformed-${crypto.randomUUID()}`);
    await populate(db);
    good = await exportBackup(NOW, { database: db });
    goodText = serializeBackup(good);
  });
  afterAll(async () => {
    await db.delete();
  });

  /** The good backup with one change, as text. */
  const edit = (change: (b: Record<string, unknown> & { progress: Record<string, unknown>[] }) => void): string => {
    const b = structuredClone(good) as unknown as Record<string, unknown> & { progress: Record<string, unknown>[] };
    change(b);
    return JSON.stringify(b);
  };
  const damaged = (s: string) => `The backup is damaged: ${s}.`;

  const cases: [string, () => string, string][] = [
    ['an empty file', () => '', 'The file is empty: there is nothing to import.'],
    ['a file of blank lines', () => '\n  \t\n', 'The file is empty: there is nothing to import.'],
    ['text that is not JSON', () => 'Python articles I liked:\n- the GIL', 'This file is not a PyRecall backup: it is not valid JSON.'],
    ['a JSON file with trailing garbage', () => `${goodText}}`, 'This file is not a PyRecall backup: it is not valid JSON.'],
    [
      'a truncated backup',
      () => goodText.slice(0, Math.floor(goodText.length / 2)),
      'The backup file is incomplete: it stops partway through, as if the download or copy was interrupted. Export it again from the device that made it.',
    ],
    [
      'a backup cut inside a string',
      () => goodText.slice(0, goodText.indexOf('Bytecode') + 4),
      'The backup file is incomplete: it stops partway through, as if the download or copy was interrupted. Export it again from the device that made it.',
    ],
    ['JSON that is a list', () => '[1, 2, 3]', 'This file is not a PyRecall backup: it holds JSON, but not a PyRecall backup.'],
    ['JSON that is a number', () => '42', 'This file is not a PyRecall backup: it holds JSON, but not a PyRecall backup.'],
    ['a foreign file without a format', () => '{"name": "my notes", "items": []}', 'This file is not a PyRecall backup: it has no "format": "pyrecall-backup" field.'],
    ['a foreign file with another format', () => '{"format": "anki-deck", "version": 1}', 'This file is not a PyRecall backup: its format is "anki-deck", not "pyrecall-backup".'],
    ['a backup from a newer PyRecall', () => edit((b) => (b.version = 2)), 'This backup was made by a newer PyRecall (v2); update the app first.'],
    ['a version that is text', () => edit((b) => (b.version = '1')), damaged('version must be a whole number from 1 up (found "1")')],
    ['a missing section', () => edit((b) => delete (b as Record<string, unknown>).progress), damaged('progress is missing')],
    ['a missing export time', () => edit((b) => delete b.exportedAt), damaged('exportedAt is missing')],
    ['an unknown top-level field', () => edit((b) => (b.notes = [])), damaged('the file has an unknown field "notes"')],
    ['progress that is not a list', () => edit((b) => (b.progress = {} as never)), damaged('progress must be a list (found an object)')],
    ['a takeaway that is a number', () => edit((b) => (b.progress[0].takeaway = 42)), damaged('progress[0].takeaway must be text (found 42)')],
    ['a bad status', () => edit((b) => (b.progress[1].status = 'done')), damaged('progress[1].status must be "to-read", "reading" or "finished" (found "done")')],
    ['a negative time', () => edit((b) => (b.progress[0].updatedAt = -5)), damaged('progress[0].updatedAt must be a time in milliseconds since 1970, a whole number 0 or more (found -5)')],
    ['a NaN time (as JSON can carry it)', () => edit((b) => (b.progress[0].startedAt = 'NaN')), damaged('progress[0].startedAt must be null or a time in milliseconds since 1970 (found "NaN")')],
    ['a NaN written raw', () => goodText.replace(`"exportedAt": ${NOW}`, '"exportedAt": NaN'), 'This file is not a PyRecall backup: it is not valid JSON.'],
    ['a fractional time', () => edit((b) => (b.exportedAt = 1.5)), damaged('exportedAt must be a time in milliseconds since 1970, a whole number 0 or more (found 1.5)')],
    ['a finished Article with no finish time', () => edit((b) => (b.progress[1].finishedAt = null)), damaged('progress[1] is marked finished but has no finishedAt time')],
    [
      'the same Article twice',
      () => edit((b) => (b.progress[3] = { ...b.progress[3], articleId: b.progress[0].articleId })),
      damaged('progress[3] repeats article "0k4xq1z" (already in progress[0])'),
    ],
    [
      'the same review twice',
      () => edit((b) => (b.reviewLog as unknown[]).push(structuredClone((b.reviewLog as unknown[])[0]))),
      damaged(`reviewLog[3] repeats the review of article "2o5q1vd" at ${new Date(T + 4 * DAY).toISOString()} (already in reviewLog[0])`),
    ],
    ['an over-long takeaway', () => edit((b) => (b.progress[0].takeaway = 'x'.repeat(20_001))), damaged('progress[0].takeaway is 20,001 characters long; the limit is 20,000')],
    ['an over-long Article id', () => edit((b) => (b.progress[0].articleId = 'i'.repeat(201))), damaged('progress[0].articleId is 201 characters long; the limit is 200')],
    ['an empty Article id', () => edit((b) => (b.progress[0].articleId = '')), damaged('progress[0].articleId must not be empty')],
    ['an unknown field in a record', () => edit((b) => (b.progress[2].rating = 5)), damaged('progress[2] has an unknown field "rating"')],
    [
      'a review card in an impossible state',
      () => edit((b) => ((b.reviewCards as Record<string, unknown>[])[0].state = 2)),
      damaged('reviewCards[0].state must be "New", "Learning", "Review" or "Relearning" (found 2)'),
    ],
    ['a suspended flag that is text', () => edit((b) => ((b.reviewCards as Record<string, unknown>[])[1].suspended = 'no')), damaged('reviewCards[1].suspended must be true or false (found "no")')],
    ['a review with an impossible grade', () => edit((b) => ((b.reviewLog as Record<string, unknown>[])[0].grade = 'perfect')), damaged('reviewLog[0].grade must be "again", "hard", "good" or "easy" (found "perfect")')],
    [
      'a review whose scheduler state is damaged',
      () => edit((b) => ((b.reviewLog as Record<string, Record<string, unknown>>[])[2].fsrs.stability = 'high')),
      damaged('reviewLog[2].fsrs.stability must be a number (found "high")'),
    ],
    ['a review missing what undo needs', () => edit((b) => delete (b.reviewLog as Record<string, unknown>[])[1].before), damaged('reviewLog[1].before is missing')],
    ['a setting out of range', () => edit((b) => ((b.settings as Record<string, unknown>).retention = 5)), damaged('settings.retention must be a number from 0.8 to 0.95 (found 5)')],
    ['an unknown setting', () => edit((b) => ((b.settings as Record<string, unknown>).theme = 'dark')), damaged('settings has an unknown setting "theme"')],
    [
      'a "__proto__" key at the top',
      () => goodText.replace('{', '{"__proto__": {"polluted": "yes"},'),
      'The backup contains a field named "__proto__", which PyRecall never writes: the file may have been tampered with, so nothing was imported.',
    ],
    [
      'a "constructor" key in a record',
      () => edit((b) => (b.progress[0].constructor = { prototype: { polluted: 'yes' } } as never)),
      'The backup contains a field named "constructor" (in progress[0]), which PyRecall never writes: the file may have been tampered with, so nothing was imported.',
    ],
    [
      'a "prototype" key deep in the settings',
      () => edit((b) => (((b.settings as Record<string, Record<string, unknown>>).reminders.prototype = { polluted: 'yes' }))),
      'The backup contains a field named "prototype" (in settings.reminders), which PyRecall never writes: the file may have been tampered with, so nothing was imported.',
    ],
    [
      'a file over the size limit',
      () => goodText + ' '.repeat(MAX_BACKUP_LENGTH + 1 - goodText.length),
      'This file is too large to be a PyRecall backup (60.1 MB; the limit is 60 MB). Choose the file PyRecall exported.',
    ],
  ];

  it.each(cases)('refuses %s with its own message and leaves the database as it was', async (_name, makeText, message) => {
    const before = JSON.stringify(await dumpDatabase(db));
    const text = makeText();
    expect(parseBackup(text)).toEqual({ ok: false, error: message });
    for (const mode of ['replace', 'merge'] as const) {
      expect(await importBackupText(text, mode, { database: db })).toEqual({ ok: false, error: message });
    }
    expect(JSON.stringify(await dumpDatabase(db))).toBe(before);
  });

  it('never lets "__proto__" reach Object.prototype', () => {
    const text = goodText.replace('{', '{"__proto__": {"polluted": "yes"},').replace('"progress": [', '"progress": [{"__proto__": {"polluted": "yes"}},');
    expect(parseBackup(text).ok).toBe(false);
    expect(Object.prototype).not.toHaveProperty('polluted');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('accepts a file saved with a byte-order mark, and an optional app version', () => {
    expect(parseBackup(`\uFEFF${goodText}`)).toMatchObject({ ok: true, backup: good });
    expect(parseBackup(serializeBackup({ ...good, appVersion: '2.3.4' }))).toMatchObject({ ok: true, summary: { appVersion: '2.3.4' } });
  });

  it('accepts a valid 50 MB backup (just under the size limit)', () => {
    const takeaway = 'A long takeaway line. '.repeat(880); // 19,360 characters
    const big = makeBackup(
      { progress: Array.from({ length: 2750 }, (_, i) => progress(`article-${i}`, 'finished', T + i, takeaway)), reviewCards: [], reviewLog: [], settings: {} },
      NOW,
    );
    const text = serializeBackup(big);
    expect(text.length).toBeGreaterThan(50 * 1024 * 1024);
    expect(text.length).toBeLessThan(MAX_BACKUP_LENGTH);
    const parsed = parseBackup(text);
    expect(parsed.ok && parsed.summary.articles).toBe(2750);
  });
});

describe('properties', () => {
  it('any rejected JSON is refused without throwing and leaves the database unchanged', async () => {
    const db = createDatabase(`backup-property-${crypto.randomUUID()}`);
    await populate(db);
    const good = await exportBackup(NOW, { database: db });
    const before = JSON.stringify(await dumpDatabase(db));
    const fields = ['format', 'version', 'exportedAt', 'progress', 'reviewCards', 'reviewLog', 'settings'] as const;
    const mutated = fc
      .tuple(fc.constantFrom(...fields), fc.nat(), fc.jsonValue())
      .map(([field, index, value]) => {
        const b = structuredClone(good) as unknown as Record<string, unknown>;
        const target = b[field];
        // Half of the time, damage one record of a list rather than the whole field.
        if (Array.isArray(target) && target.length > 0 && index % 2 === 0) {
          const record = target[index % target.length] as Record<string, unknown>;
          const keys = Object.keys(record);
          record[keys[index % keys.length]] = value;
        } else {
          b[field] = value;
        }
        return JSON.stringify(b);
      });
    const texts = fc.oneof(fc.json(), mutated, fc.nat().map((n) => serializeBackup(good).slice(0, n % serializeBackup(good).length)), fc.string());
    try {
      await fc.assert(
        fc.asyncProperty(texts, async (text) => {
          const parsed = parseBackup(text);
          if (parsed.ok) return;
          expect(parsed.error.length).toBeGreaterThan(20);
          expect(await importBackupText(text, 'replace', { database: db })).toEqual(parsed);
          expect(JSON.stringify(await dumpDatabase(db))).toBe(before);
        }),
        { numRuns: 300 },
      );
    } finally {
      await db.delete();
    }
  });

  it('every card and review the scheduler produces is carried by a backup', () => {
    const grades = fc.array(fc.record({ grade: fc.constantFrom<Grade>('again', 'hard', 'good', 'easy'), gapDays: fc.integer({ min: 0, max: 400 }) }), {
      maxLength: 30,
    });
    fc.assert(
      fc.property(grades, fc.constantFrom('Europe/Berlin', 'America/New_York', 'Asia/Tokyo', 'UTC'), (steps, timeZone) => {
        let now = T;
        let current = newCardOnFinish('2o5q1vd', now, { timeZone });
        const log: BackupLogEntry[] = [];
        for (const step of steps) {
          now += step.gapDays * DAY + 60_000;
          const graded = gradeCard(current, step.grade, now, { timeZone });
          current = graded.card;
          log.push(graded.log);
        }
        const text = serializeBackup(makeBackup({ progress: [], reviewCards: [current], reviewLog: log, settings: {} }, now));
        const parsed = parseBackup(text);
        expect(parsed.ok ? '' : parsed.error).toBe('');
        expect(parsed.ok && parsed.backup.reviewCards[0]).toEqual(current);
      }),
      { numRuns: 100 },
    );
  });

  it('whatever the reader does, the export is a valid backup that round-trips exactly', async () => {
    const id = fc.constantFrom('2o5q1vd', '0k4xq1z', '1abcdef', 'unknown-id', 'x');
    const op = fc.oneof(
      fc.record({ kind: fc.constant('status' as const), id, status: fc.constantFrom<ReadingStatus>('to-read', 'reading', 'finished') }),
      fc.record({ kind: fc.constant('takeaway' as const), id, text: fc.string({ maxLength: 200, unit: 'grapheme' }) }),
      fc.record({ kind: fc.constant('limit' as const), value: fc.integer({ min: 0, max: 1000 }) }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(op, { maxLength: 25 }), async (ops) => {
        const db = createDatabase(`backup-ops-${crypto.randomUUID()}`);
        try {
          let now = T;
          for (const o of ops) {
            now += 1000;
            if (o.kind === 'status') await setStatus(o.id, o.status, now, db);
            else if (o.kind === 'takeaway') await saveTakeaway(o.id, o.text, now, db);
            else await setSetting('dailyLimit', o.value, db);
          }
          const text = await exportBackupText(NOW, { database: db });
          expect(parseBackup(text).ok).toBe(true);
          const before = await dumpDatabase(db);
          await wipeDatabase(db);
          await importBackupText(text, 'replace', { database: db });
          expect(await dumpDatabase(db)).toEqual(before);
        } finally {
          await db.delete();
        }
      }),
      { numRuns: 40 },
    );
  });
});
