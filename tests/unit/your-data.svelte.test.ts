/**
 * The import flow of the Settings screen (src/state/data.svelte.ts) against fake-indexeddb: a
 * file is read and checked before anything is written, the reader's choice decides how it is
 * written, and a refused file or a cancel leaves storage as it was.
 */
import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it } from 'vitest';
import { dumpDatabase, wipeDatabase } from '../../src/db/backup';
import { db } from '../../src/db/db';
import { setStatus } from '../../src/db/progress';
import { makeBackup, serializeBackup } from '../../src/domain/backup';
import type { ProgressRecord } from '../../src/domain/progress';
import { catalogue } from '../../src/state/catalogue';
import { yourData, type ImportStep } from '../../src/state/data.svelte';
import { generateBackup } from '../bench/generate';

const [first, second] = catalogue.articles;
const T = Date.parse('2026-11-03T12:00:00Z');

function record(articleId: string, finishedAt: number): ProgressRecord {
  return { articleId, status: 'finished', takeaway: '', startedAt: finishedAt, finishedAt, updatedAt: finishedAt };
}

const backupText = serializeBackup(
  makeBackup({ progress: [record(first.id, T), record('retired1', T)], reviewCards: [], reviewLog: [], settings: {} }, T),
);
const file = (text: string, name = 'backup.json') => new File([text], name, { type: 'application/json' });

beforeEach(async () => {
  yourData.cancel();
  await wipeDatabase();
});

describe('importing a backup file', () => {
  it('reads and checks the file, then waits for the reader to choose', async () => {
    await yourData.choose(file(backupText));
    const step = yourData.step;
    expect(step.name).toBe('confirm');
    if (step.name !== 'confirm') return;
    expect(step.fileName).toBe('backup.json');
    expect(step.summary).toMatchObject({ finished: 2, unknownArticles: 1, exportedAt: T });
    expect(await db.progress.count()).toBe(0);
  });

  it('replaces what the device holds when the reader chooses Replace', async () => {
    await setStatus(second.id, 'reading', T + 1000);
    await yourData.choose(file(backupText));
    await yourData.confirm('replace');
    expect(yourData.step).toMatchObject({ name: 'imported', mode: 'replace', result: { progress: 2 } });
    expect((await db.progress.toArray()).map((r) => r.articleId).sort()).toEqual([first.id, 'retired1'].sort());
  });

  it('keeps the newer change per article when the reader chooses Merge', async () => {
    await setStatus(first.id, 'reading', T + 1000); // newer than the backup's record of it
    await setStatus(second.id, 'reading', T + 1000);
    await yourData.choose(file(backupText));
    await yourData.confirm('merge');
    expect(yourData.step).toMatchObject({ name: 'imported', mode: 'merge', result: { progress: 1 } });
    const byId = new Map((await db.progress.toArray()).map((r) => [r.articleId, r.status]));
    expect(Object.fromEntries(byId)).toEqual({ [first.id]: 'reading', [second.id]: 'reading', retired1: 'finished' });
  });

  it.each([
    ['a truncated file', backupText.slice(0, 80), /incomplete/],
    ['a foreign JSON file', '{"name":"my-package","version":"1.0.0"}', /not a PyRecall backup/],
    ['an empty file', '', /empty/],
  ])('refuses %s with its reason and writes nothing', async (_what, text, reason) => {
    await setStatus(second.id, 'reading', T);
    const before = await dumpDatabase();
    await yourData.choose(file(text, 'bad.json'));
    const step = yourData.step;
    expect(step.name).toBe('refused');
    if (step.name === 'refused') {
      expect(step.fileName).toBe('bad.json');
      expect(step.error).toMatch(reason);
    }
    await yourData.confirm('replace'); // no effect: nothing is waiting for a choice
    expect(await dumpDatabase()).toEqual(before);
  });

  it('writes nothing when the reader cancels', async () => {
    await yourData.choose(file(backupText));
    yourData.cancel();
    expect(yourData.step).toEqual({ name: 'idle' });
    await yourData.confirm('replace');
    expect(await db.progress.count()).toBe(0);
  });

  it('keeps only the last file when a second is chosen before the first is read', async () => {
    const slow = file(backupText, 'slow.json');
    const fast = file('not json', 'fast.json');
    const done = [yourData.choose(slow), yourData.choose(fast)];
    await Promise.all(done);
    expect(yourData.step).toMatchObject({ name: 'refused', fileName: 'fast.json' });
  });
});

describe('a large import', () => {
  const big = serializeBackup(
    generateBackup(
      catalogue.articles.map((a) => a.id),
      { now: T, finished: 100, reviews: 8000, days: 200 },
    ),
  );

  it('shows its progress in records written, on one scale, then what it imported', async () => {
    await yourData.choose(file(big, 'big.json'));
    expect(yourData.step).toMatchObject({ name: 'confirm', summary: { finished: 100, reviewLogEntries: 8000 } });
    // The step as the screen would see it, sampled at every turn of the event loop while it writes:
    // setImmediate, not setTimeout, so a sample falls between any two of fake-indexeddb's callbacks
    // (a timer's turn may let several pass, and with them the last progress step).
    const steps: ImportStep[] = [];
    let finished = false;
    const writing = yourData.confirm('replace').finally(() => (finished = true));
    while (!finished) {
      steps.push(yourData.step);
      await new Promise((turn) => setImmediate(turn));
    }
    await writing;
    steps.push(yourData.step);
    const importing = [...new Set(steps.flatMap((s) => (s.name === 'importing' && s.total > 0 ? [s.done] : [])))];
    expect(importing.length).toBeGreaterThanOrEqual(3);
    expect(importing.every((done, i) => i === 0 || done > importing[i - 1])).toBe(true);
    const totals = new Set(steps.flatMap((s) => (s.name === 'importing' && s.total > 0 ? [s.total] : [])));
    expect([...totals]).toEqual([100 + 100 + 8000 + 1]); // every record, on one scale
    expect(importing.at(-1)).toBeGreaterThan(0.9 * (100 + 100 + 8000 + 1));
    expect(steps.at(-1)).toMatchObject({ name: 'imported', result: { reviewLogEntries: 8000 } });
    expect(await db.reviewLog.count()).toBe(8000);
  });

  it('when storage fails, says so and changes nothing', async () => {
    await setStatus(second.id, 'reading', T);
    const before = await dumpDatabase();
    await yourData.choose(file(big, 'big.json'));
    db.close();
    try {
      await yourData.confirm('merge');
    } finally {
      await db.open();
    }
    expect(yourData.step).toMatchObject({ name: 'refused', fileName: 'big.json', error: expect.stringMatching(/nothing was saved/) });
    expect(await dumpDatabase()).toEqual(before);
  });
});

describe('exporting', () => {
  it('names the file after today and carries everything, with the build as appVersion', async () => {
    await setStatus(first.id, 'finished', T);
    const exported = await yourData.exportFile('1.2.3', T);
    expect(exported?.fileName).toMatch(/^pyrecall-backup-2026-11-0[34]\.json$/);
    expect(JSON.parse(exported!.text)).toMatchObject({ format: 'pyrecall-backup', exportedAt: T, appVersion: '1.2.3' });
    expect(JSON.parse(exported!.text).progress).toHaveLength(1);
  });

  it('clips an over-long build label so the file still passes its own check', async () => {
    const exported = await yourData.exportFile('x'.repeat(80), T);
    expect(JSON.parse(exported!.text).appVersion).toHaveLength(50);
  });
});
