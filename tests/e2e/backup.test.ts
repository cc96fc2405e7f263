/**
 * Reading progress that is never lost: a backup file imported (Replace and Merge), shown on the
 * Progress screen, exported, and restored onto a wiped device; damaged and foreign files refused
 * with nothing changed; the controls usable from the keyboard alone.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { BrowserContext, Download, Page } from 'playwright-core';
import { makeBackup, serializeBackup, type BackupLogEntry } from '../../src/domain/backup';
import { parseCatalogue } from '../../src/domain/catalogue';
import type { ProgressRecord } from '../../src/domain/progress';
import type { ReviewCard } from '../../src/domain/scheduler';
import { launchContext } from '../support/chromium';
import { guardOrigin, type OriginGuard } from '../support/guard';
import { accessibilityProblems as axeProblems } from '../support/axe';


const { articles } = parseCatalogue(readFileSync('src/catalogue/python-engineering-articles.md', 'utf8')).catalogue;
const byOrder = [...articles].sort((a, b) => a.order - b.order);
const now = Date.now();
const MINUTE = 60_000;
const DAY = 86_400_000;

/** The first 12 articles finished, newest first (5 minutes ago, then every 2 days); 3 more being read. */
const finished = byOrder.slice(0, 12);
const reading = byOrder.slice(20, 23);
const RETIRED = 'retired1'; // an article the catalogue no longer has

function finishedRecord(articleId: string, finishedAt: number, takeaway = ''): ProgressRecord {
  return { articleId, status: 'finished', takeaway, startedAt: finishedAt - DAY, finishedAt, updatedAt: finishedAt };
}

const progressRecords: ProgressRecord[] = [
  ...finished.map((a, i) => finishedRecord(a.id, now - 5 * MINUTE - i * 2 * DAY, i < 4 ? `Takeaway ${i}: the one idea` : '')),
  ...reading.map((a): ProgressRecord => ({
    articleId: a.id,
    status: 'reading',
    takeaway: '',
    startedAt: now - DAY,
    finishedAt: null,
    updatedAt: now - DAY,
  })),
  finishedRecord(RETIRED, now - 300 * DAY, 'From an article that was removed'),
];

const card = (articleId: string): ReviewCard => ({
  articleId,
  due: now + 3 * DAY,
  stability: 3.2,
  difficulty: 5.1,
  elapsedDays: 0,
  scheduledDays: 3,
  learningSteps: 0,
  reps: 1,
  lapses: 0,
  state: 'Review',
  lastReview: now - 60 * MINUTE,
  suspended: false,
  createdAt: now - 2 * DAY,
  updatedAt: now - 60 * MINUTE,
});

const review: BackupLogEntry = {
  articleId: finished[0].id,
  grade: 'good',
  reviewedAt: now - 60 * MINUTE,
  fsrs: { state: 'Review', stability: 3.2, difficulty: 5.1, elapsedDays: 0, lastElapsedDays: 0, scheduledDays: 3, learningSteps: 0 },
  before: { due: now - 2 * 60 * MINUTE, lastReview: null, updatedAt: now - 2 * DAY },
};

const backup = makeBackup(
  { progress: progressRecords, reviewCards: [card(finished[0].id), card(finished[1].id)], reviewLog: [review], settings: { dailyLimit: 30 } },
  now - DAY,
);
const backupText = serializeBackup(backup);

/** A parsed backup without the fields that differ from one export to the next, records in storage (id) order. */
function contentOf(text: string): unknown {
  const { exportedAt: _exportedAt, appVersion: _appVersion, ...rest } = JSON.parse(text) as Record<string, unknown>;
  const byId = (list: unknown) => [...(list as { articleId: string }[])].sort((a, b) => (a.articleId < b.articleId ? -1 : 1));
  return { ...rest, progress: byId(rest.progress), reviewCards: byId(rest.reviewCards) };
}

describe('reading progress that is never lost', () => {
  let context: BrowserContext;
  let guard: OriginGuard | undefined;
  let page: Page;
  const base = inject('baseURL');

  beforeAll(async () => {
    context = await launchContext({ acceptDownloads: true });
    guard = guardOrigin(context, base);
    page = await context.newPage();
  });
  afterAll(async () => {
    await context?.close();
    guard?.assertOwnOriginOnly(); // no other host, no CSP violation
  });

  async function openSettings() {
    await page.goto(`${base}/#/settings`);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Settings');
  }

  async function chooseFile(name: string, text: string) {
    await page.getByLabel('Import a backup').setInputFiles({ name, mimeType: 'application/json', buffer: Buffer.from(text) });
  }

  /** The Progress screen's overall line, e.g. "12 of 132 finished (9%)". */
  async function overall(): Promise<string> {
    await page.goto(`${base}/#/progress`);
    const headline = page.getByRole('region', { name: 'Overall' }).locator('.headline');
    await headline.waitFor();
    return ((await headline.textContent()) ?? '').replace(/\s+/g, ' ').trim();
  }

  /** The sentence shown once an import is done. */
  const importOutcome = () => page.locator('#import-outcome').textContent();

  async function importBackup(name: string, text: string, mode: 'Replace' | 'Merge') {
    await openSettings();
    await chooseFile(name, text);
    await page.getByRole('group', { name: `Import “${name}”?` }).getByRole('button', { name: mode, exact: true }).click();
    await expect.poll(() => importOutcome()).toMatch(mode === 'Replace' ? /^Backup restored/ : /^Backup merged/);
  }

  async function exportBackup(): Promise<{ download: Download; text: string }> {
    await openSettings();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export your data' }).click()]);
    const path = await download.path();
    return { download, text: readFileSync(path, 'utf8') };
  }

  /** Deletes everything the site stored, as "Clear site data" does, with no tab of the app open. */
  async function wipeDevice() {
    await page.goto('about:blank');
    const cdp = await context.newCDPSession(page);
    await cdp.send('Storage.clearDataForOrigin', { origin: base, storageTypes: 'all' });
    await cdp.detach();
  }

  const accessibilityProblems = () => axeProblems(page);

  it('greets a reader with nothing finished with an encouraging empty Progress screen', async () => {
    expect(await overall()).toBe('0 of 132 finished (0%)');
    expect(await page.getByRole('region', { name: 'Overall' }).textContent()).toContain('Nothing finished yet');
    expect(await page.getByRole('region', { name: 'Recently finished' }).textContent()).toContain('Articles you finish will be listed here');
    expect(await page.getByRole('region', { name: 'Finished per week' }).textContent()).toContain('Nothing finished in the last 12 weeks');
    expect(await accessibilityProblems()).toEqual([]);
  });

  it('shows what a backup holds before importing it, and Replace restores it', async () => {
    await openSettings();
    await chooseFile('my-backup.json', backupText);
    const question = page.getByRole('group', { name: 'Import “my-backup.json”?' });
    const text = (await question.textContent())!.replace(/\s+/g, ' ');
    expect(text).toContain('13 finished, 3 reading, 5 notes, 2 review cards, 1 past review, 1 changed setting');
    expect(text).toMatch(/exported \d{1,2} [A-Z][a-z]{2,4} \d{4}/);
    expect(text).toContain('1 article no longer in the reading path: it is kept');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Import “my-backup.json”?');
    expect(await accessibilityProblems()).toEqual([]);

    await question.getByRole('button', { name: 'Replace', exact: true }).click();
    await expect.poll(() => importOutcome()).toMatch(/^Backup restored: this device now holds exactly the backup/);
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Backup restored.' }).count()).toBe(1);

    // Only articles of the reading path count; the retired one is kept but not shown.
    expect(await overall()).toBe('12 of 132 finished (9%)');
    expect(await page.getByRole('region', { name: 'Overall' }).textContent()).toMatch(/3 reading/);
    const sections = page.getByRole('region', { name: 'By section' });
    expect(await sections.getByRole('link', { name: /^CPython Internals/ }).textContent()).toMatch(/5 \/ 23/);
    expect(await sections.getByRole('link', { name: /^Compiler Theory/ }).getAttribute('href')).toBe('#/?section=compiler-theory');

    const recent = page.getByRole('region', { name: 'Recently finished' }).getByRole('listitem');
    expect(await recent.count()).toBe(10);
    const first = recent.first().getByRole('link');
    expect(await first.textContent()).toBe(finished[0].title);
    expect(await first.getAttribute('href')).toBe(`#/article/${finished[0].id}`);
    expect(await recent.first().locator('time').textContent()).toMatch(/minutes ago|yesterday/);
    expect(await recent.nth(1).getByRole('link').textContent()).toBe(finished[1].title);
    expect(await recent.nth(1).locator('time').textContent()).toMatch(/days ago/);

    const weekly = await page
      .getByRole('table', { name: /Articles finished per week/ })
      .locator('tbody td')
      .allTextContents();
    expect(weekly).toHaveLength(12);
    expect(weekly.reduce((sum, n) => sum + Number(n), 0)).toBe(12);
    expect(await accessibilityProblems()).toEqual([]);
  });

  it('exports everything to one dated JSON file that restores a wiped device, by Merge and by Replace', async () => {
    const first = await exportBackup();
    expect(first.download.suggestedFilename()).toMatch(/^pyrecall-backup-\d{4}-\d{2}-\d{2}\.json$/);
    expect(await page.getByRole('status').filter({ hasText: 'Saved pyrecall-backup-' }).count()).toBe(1);
    expect(contentOf(first.text)).toEqual(contentOf(backupText));
    expect(JSON.parse(first.text)).toMatchObject({ format: 'pyrecall-backup', version: 1 });

    await wipeDevice();
    expect(await overall()).toBe('0 of 132 finished (0%)');

    await importBackup('restore.json', first.text, 'Merge');
    expect(await overall()).toBe('12 of 132 finished (9%)');
    const afterMerge = await exportBackup();
    expect(contentOf(afterMerge.text)).toEqual(contentOf(first.text));

    // Merging the same file again takes nothing: the device already has all of it.
    await importBackup('restore.json', first.text, 'Merge');
    expect(await importOutcome()).toMatch(/already had everything/);

    await wipeDevice();
    await importBackup('restore.json', first.text, 'Replace');
    expect(await overall()).toBe('12 of 132 finished (9%)');
    const afterReplace = await exportBackup();
    expect(contentOf(afterReplace.text)).toEqual(contentOf(first.text));
  });

  it('refuses a truncated file and a foreign JSON file with their reasons, changing nothing', async () => {
    const truncated = backupText.slice(0, Math.floor(backupText.length / 2));
    const foreign = JSON.stringify({ name: 'my-package', version: '1.0.0', dependencies: {} });
    for (const [name, text, reason] of [
      ['cut-short.json', truncated, 'The backup file is incomplete'],
      ['package.json', foreign, 'This file is not a PyRecall backup'],
    ] as const) {
      await openSettings();
      await chooseFile(name, text);
      const alert = page.getByRole('alert').filter({ hasText: 'was not imported' });
      await expect.poll(() => alert.textContent()).toContain(reason);
      expect(await alert.textContent()).toContain(`“${name}” was not imported.`);
      expect(await alert.textContent()).toContain('Nothing on this device was changed.');
      expect(await page.getByRole('group', { name: /^Import “/ }).count()).toBe(0);
      expect(await accessibilityProblems()).toEqual([]);
      expect(await overall()).toBe('12 of 132 finished (9%)');
    }
  });

  it('lets a keyboard user export and import with Tab, Enter and Space alone', async () => {
    await openSettings();
    const focused = () => page.evaluate(() => (document.activeElement as HTMLElement | null)?.outerHTML ?? '');
    async function tabTo(matches: (html: string) => boolean) {
      for (let i = 0; i < 40; i++) {
        await page.keyboard.press('Tab');
        if (matches(await focused())) return;
      }
      throw new Error(`never reached by Tab; last focus: ${await focused()}`);
    }

    // Tab from the page heading on, wherever focus was left by the previous test.
    await page.getByRole('heading', { level: 1 }).click();
    await tabTo((html) => html.startsWith('<button') && html.includes('Export your data'));
    const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
    expect(download.suggestedFilename()).toMatch(/^pyrecall-backup-/);

    await tabTo((html) => html.startsWith('<input') && html.includes('type="file"'));
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.keyboard.press('Space')]);
    await chooser.setFiles({ name: 'keyboard.json', mimeType: 'application/json', buffer: Buffer.from(backupText) });
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Import “keyboard.json”?');
    await tabTo((html) => html.startsWith('<button') && html.includes('>Merge<'));
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent ?? '')).toMatch(/^Backup merged/);
  });

  it('says whether storage is kept and how much is used, and asks the browser to keep it, with 44 px controls', async () => {
    await openSettings();
    const storage = page.locator('.part', { has: page.getByRole('heading', { name: 'Storage' }) });
    await expect.poll(() => storage.textContent()).toMatch(/used of about .+ available/);
    expect(await storage.textContent()).toContain('Safari may clear a site’s storage after 7 days without a visit');
    expect(await accessibilityProblems()).toEqual([]);
    for (const control of [
      page.getByRole('button', { name: 'Export your data' }),
      page.locator('label', { hasText: 'Import a backup' }),
      ...((await storage.getByRole('button').count()) > 0 ? [storage.getByRole('button')] : []),
    ]) {
      expect((await control.boundingBox())!.height).toBeGreaterThanOrEqual(44);
    }
    const keep = storage.getByRole('button', { name: 'Keep my data' });
    if ((await keep.count()) > 0) {
      await keep.click();
      await expect.poll(() => storage.getByRole('status').textContent()).toMatch(/^(Done: your browser will keep|Your browser declined for now)/);
    } else {
      expect(await storage.textContent()).toContain('Kept:');
    }
  });
});
