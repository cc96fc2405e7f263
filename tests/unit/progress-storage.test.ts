/**
 * Reading progress in IndexedDB (fake-indexeddb): every storage function components call,
 * and undo.
 */
import 'fake-indexeddb/auto';
import { liveQuery } from 'dexie';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createDatabase, type PyRecallDB } from '../../src/db/db';
import { StorageError } from '../../src/db/errors';
import { allProgress, getProgress, markFinished, progressQuery, restoreProgress, saveTakeaway, setStatus } from '../../src/db/progress';
import { MAX_TAKEAWAY_LENGTH, type ProgressRecord } from '../../src/domain/progress';
import { newCardOnFinish } from '../../src/domain/scheduler';

const opened: PyRecallDB[] = [];
function freshDb(): PyRecallDB {
  const database = createDatabase(`progress-storage-${opened.length}-${crypto.randomUUID()}`);
  opened.push(database);
  return database;
}
afterEach(async () => {
  await Promise.all(opened.splice(0).map((d) => d.delete()));
});

describe('setStatus and markFinished', () => {
  it('starts reading an untouched Article and returns an undo that holds no previous record', async () => {
    const db = freshDb();
    const undo = await setStatus('a1', 'reading', 1_000, db);
    expect(undo).toEqual({ articleId: 'a1', previous: undefined });
    expect(await getProgress('a1', db)).toEqual({ articleId: 'a1', status: 'reading', takeaway: '', startedAt: 1_000, finishedAt: null, updatedAt: 1_000 });
  });

  it('markFinished keeps when reading started and records when it finished', async () => {
    const db = freshDb();
    await setStatus('a1', 'reading', 1_000, db);
    const undo = await markFinished('a1', 5_000, db);
    expect(undo.previous?.status).toBe('reading');
    expect(await getProgress('a1', db)).toMatchObject({ status: 'finished', startedAt: 1_000, finishedAt: 5_000, updatedAt: 5_000 });
  });

  it('setting the same status again writes nothing (the finish time stays the first one)', async () => {
    const db = freshDb();
    await markFinished('a1', 5_000, db);
    const undo = await markFinished('a1', 9_000, db);
    expect(undo.previous).toEqual(await getProgress('a1', db));
    expect(await getProgress('a1', db)).toMatchObject({ finishedAt: 5_000, updatedAt: 5_000 });
  });

  it('to-read on an untouched Article stores nothing', async () => {
    const db = freshDb();
    await setStatus('a1', 'to-read', 1_000, db);
    expect(await allProgress(db)).toEqual([]);
  });

  it('back to to-read keeps a dated record with the takeaway', async () => {
    const db = freshDb();
    await markFinished('a1', 1_000, db);
    await saveTakeaway('a1', 'the GIL is per interpreter', 2_000, db);
    await setStatus('a1', 'to-read', 3_000, db);
    expect(await getProgress('a1', db)).toEqual({
      articleId: 'a1',
      status: 'to-read',
      takeaway: 'the GIL is per interpreter',
      startedAt: null,
      finishedAt: null,
      updatedAt: 3_000,
    });
  });

  it('defaults now to the current time', async () => {
    const db = freshDb();
    const before = Date.now();
    await setStatus('a1', 'reading', undefined, db);
    const r = await getProgress('a1', db);
    expect(r!.updatedAt).toBeGreaterThanOrEqual(before);
    expect(r!.updatedAt).toBeLessThanOrEqual(Date.now());
  });

  it('keeps Articles the catalogue does not know', async () => {
    const db = freshDb();
    await markFinished('not-in-catalogue-anymore', 1_000, db);
    expect((await allProgress(db)).map((r) => r.articleId)).toEqual(['not-in-catalogue-anymore']);
  });

  it('refuses an empty id or a time that is not epoch ms, writing nothing', async () => {
    const db = freshDb();
    await expect(setStatus('', 'reading', 1_000, db)).rejects.toThrow(TypeError);
    await expect(setStatus('a1', 'reading', Number.NaN, db)).rejects.toThrow(TypeError);
    await expect(setStatus('a1', 'reading', -1, db)).rejects.toThrow(TypeError);
    await expect(markFinished('a1', 1.5, db)).rejects.toThrow(TypeError);
    expect(await allProgress(db)).toEqual([]);
  });
});

describe('undo', () => {
  it('restoreProgress removes the record a first change created', async () => {
    const db = freshDb();
    const undo = await markFinished('a1', 1_000, db);
    await restoreProgress(undo, db);
    expect(await getProgress('a1', db)).toBeUndefined();
  });

  it('restoreProgress puts back the exact previous record, times included', async () => {
    const db = freshDb();
    await setStatus('a1', 'reading', 1_000, db);
    await saveTakeaway('a1', 'notes', 2_000, db);
    const before = await getProgress('a1', db);
    const undo = await markFinished('a1', 3_000, db);
    expect(undo.previous).toEqual(before);
    await restoreProgress(undo, db);
    expect(await getProgress('a1', db)).toEqual(before);
  });

  it('undoes a takeaway edit', async () => {
    const db = freshDb();
    await saveTakeaway('a1', 'first', 1_000, db);
    const undo = await saveTakeaway('a1', 'second', 2_000, db);
    await restoreProgress(undo, db);
    expect((await getProgress('a1', db))?.takeaway).toBe('first');
  });

  it('the undo record is a snapshot: changing it later does not change what is restored', async () => {
    const db = freshDb();
    await setStatus('a1', 'reading', 1_000, db);
    const undo = await markFinished('a1', 2_000, db);
    const snapshot = structuredClone(undo.previous);
    await restoreProgress(undo, db);
    (undo.previous as ProgressRecord).takeaway = 'mutated afterwards';
    expect(await getProgress('a1', db)).toEqual(snapshot);
  });
});

describe('the review card that goes with the status', () => {
  const TZ = 'Asia/Tokyo';

  it('finishing creates the card in the same transaction, and the undo restores both tables', async () => {
    const db = freshDb();
    await setStatus('a1', 'reading', 1_000, db, TZ);
    const undo = await setStatus('a1', 'finished', 5_000, db, TZ);
    expect(await db.reviewCards.get('a1')).toEqual(newCardOnFinish('a1', 5_000, { timeZone: TZ }));
    expect(undo.card).toEqual({ previous: undefined });
    await restoreProgress(undo, db);
    expect(await getProgress('a1', db)).toMatchObject({ status: 'reading' });
    expect(await db.reviewCards.count()).toBe(0);
  });

  it('a status change that fails on the card leaves the record untouched', async () => {
    const db = freshDb();
    await setStatus('a1', 'reading', 1_000, db, TZ);
    const before = await getProgress('a1', db);
    const put = vi.spyOn(db.reviewCards, 'put').mockImplementation(() => {
      throw new DOMException('aborted', 'AbortError');
    });
    try {
      await expect(markFinished('a1', 5_000, db, TZ)).rejects.toBeInstanceOf(StorageError);
    } finally {
      put.mockRestore();
    }
    expect(await getProgress('a1', db)).toEqual(before);
  });

  it('un-finishing suspends the card; undoing that makes it active again', async () => {
    const db = freshDb();
    await markFinished('a1', 1_000, db, TZ);
    const undo = await setStatus('a1', 'to-read', 2_000, db, TZ);
    expect(await db.reviewCards.get('a1')).toMatchObject({ suspended: true, updatedAt: 2_000 });
    await restoreProgress(undo, db);
    expect(await db.reviewCards.get('a1')).toMatchObject({ suspended: false, updatedAt: 1_000 });
  });
});

describe('saveTakeaway', () => {
  it('saves a takeaway on an untouched Article without changing its status', async () => {
    const db = freshDb();
    const undo = await saveTakeaway('a1', 'Descriptors power properties ✨', 1_000, db);
    expect(undo.previous).toBeUndefined();
    expect(await getProgress('a1', db)).toEqual({
      articleId: 'a1',
      status: 'to-read',
      takeaway: 'Descriptors power properties ✨',
      startedAt: null,
      finishedAt: null,
      updatedAt: 1_000,
    });
  });

  it('keeps the text exactly as typed, whitespace and line breaks included', async () => {
    const db = freshDb();
    const text = '  line one\n\n\tline two  ';
    await saveTakeaway('a1', text, 1_000, db);
    expect((await getProgress('a1', db))?.takeaway).toBe(text);
  });

  it('accepts a takeaway of exactly the limit and refuses a longer one with a StorageError, saving nothing', async () => {
    const db = freshDb();
    await saveTakeaway('a1', 'x'.repeat(MAX_TAKEAWAY_LENGTH), 1_000, db);
    const error = await saveTakeaway('a1', 'y'.repeat(MAX_TAKEAWAY_LENGTH + 1), 2_000, db).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StorageError);
    expect(error).toMatchObject({ kind: 'too-long' });
    expect((error as StorageError).message).toBe(
      'This takeaway is 20,001 characters long; the limit is 20,000. Nothing was saved: shorten it and try again.',
    );
    expect((await getProgress('a1', db))?.takeaway).toBe('x'.repeat(MAX_TAKEAWAY_LENGTH));
  });

  it('saving the same text again writes nothing', async () => {
    const db = freshDb();
    await saveTakeaway('a1', 'same', 1_000, db);
    await saveTakeaway('a1', 'same', 2_000, db);
    expect((await getProgress('a1', db))?.updatedAt).toBe(1_000);
  });
});

describe('reading', () => {
  it('allProgress lists every record by Article id; getProgress is undefined for an untouched Article', async () => {
    const db = freshDb();
    await markFinished('b', 2_000, db);
    await setStatus('a', 'reading', 1_000, db);
    await saveTakeaway('c', 'note', 3_000, db);
    expect((await allProgress(db)).map((r) => [r.articleId, r.status])).toEqual([
      ['a', 'reading'],
      ['b', 'finished'],
      ['c', 'to-read'],
    ]);
    expect(await getProgress('zzz', db)).toBeUndefined();
  });

  it('quick changes to one Article do not overwrite each other', async () => {
    const db = freshDb();
    await Promise.all([setStatus('a', 'reading', 1_000, db), saveTakeaway('a', 'note', 1_001, db)]);
    expect(await getProgress('a', db)).toMatchObject({ status: 'reading', takeaway: 'note' });
  });

  it('progressQuery works with liveQuery: every change is pushed to the subscriber', async () => {
    const db = freshDb();
    const seen: ProgressRecord[][] = [];
    const subscription = liveQuery(progressQuery(db)).subscribe({ next: (records) => seen.push(records) });
    try {
      await expect.poll(() => seen.length).toBe(1);
      expect(seen[0]).toEqual([]);
      await setStatus('a', 'reading', 1_000, db);
      await expect.poll(() => seen.at(-1)?.[0]?.status).toBe('reading');
      await markFinished('a', 2_000, db);
      await expect.poll(() => seen.at(-1)?.[0]?.status).toBe('finished');
    } finally {
      subscription.unsubscribe();
    }
  });
});
