/**
 * The app at scale (issue #8): a build with a generated 10,000-article catalogue and a backup of a
 * year of heavy use (3,000 finished articles with their cards, 100,000 review-log entries, about
 * 30 MB). In headless Chromium, with the browser's long tasks collected from the very start of each
 * page, phase by phase: opening the app (cold, then warm with the service worker), importing the
 * backup through the real file input, searching key by key, reviewing, and the Progress screen's
 * stats over the whole log. The issue's bound is that no phase blocks the page for more than 200 ms:
 * the longest task of each phase is printed against it, but not asserted, since a test with a
 * timed assertion flakes on a shared machine (`npm run bench:scale` runs this file for the figures).
 * What is asserted is behaviour: the import reports progress and completes, and everything works.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serializeBackup, type Backup } from '../../src/domain/backup';
import { parseCatalogue, type Catalogue } from '../../src/domain/catalogue';
import { reviewStats } from '../../src/domain/review-stats';
import { generateBackup, generateCatalogue } from '../bench/generate';
import { accessibilityProblems } from '../support/axe';
import { launchContext } from '../support/chromium';
import { guardOrigin, type OriginGuard } from '../support/guard';
import { catalogueToMarkdown } from '../support/markdown';
import { buildApp, serve, type Served } from '../support/server';

/** The issue's bound: no task may block the page longer than this, in any phase. */
const LONG_TASK_LIMIT_MS = 200;
const TIME_ZONE = 'Europe/Berlin';
/** The streak the generated history has: a missed review day this many days ago. */
const MISSED_DAYS_AGO = 150;
/** The mark src/state/search.svelte.ts sets when the search worker's index is ready. */
const READY_MARK = 'pyrecall:search-ready';
/**
 * Plain CSS selectors only while measuring: Playwright's role queries compute styles across the
 * whole page, in the page's main thread, and would show up as the app's own long tasks.
 */
const SEARCH_BOX = 'input[type="search"]';

const real = parseCatalogue(readFileSync('src/catalogue/python-engineering-articles.md', 'utf8')).catalogue;
const catalogue: Catalogue = generateCatalogue(10_000, { vocabularyFrom: real, embed: real });
const now = Date.now();
const backup: Backup = generateBackup(
  catalogue.articles.map((a) => a.id),
  { now, timeZone: TIME_ZONE, missedDaysAgo: MISSED_DAYS_AGO },
);

/** The longest task of each phase, printed at the end. */
const longest: Record<string, number> = {};

/** What the import panel showed while it worked, as recorded in the page. */
interface ImportTrace {
  /** Each distinct value/max the <progress> element showed. */
  values: { value: number; max: number }[];
  /** The progress element's accessible label (its <label>'s text), when it showed. */
  labels: string[];
  /** Each distinct text of the polite live region that announces the import's steps. */
  announcements: string[];
}

describe('the app at scale: 10,000 articles and 100,000 reviews', () => {
  let work: string;
  let served: Served;
  let context: BrowserContext;
  let page: Page;
  let guard: OriginGuard;
  let base: string;
  let backupFile: string;

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'pyrecall-scale-'));
    const source = join(work, 'catalogue-10k.md');
    writeFileSync(source, catalogueToMarkdown(catalogue));
    backupFile = join(work, 'pyrecall-backup-big.json');
    writeFileSync(backupFile, serializeBackup(backup));
    const dir = await buildApp(join(work, 'dist'), 'production', { PYRECALL_CATALOGUE: source });
    served = await serve(dir);
    base = served.url;
    context = await launchContext({ timezoneId: TIME_ZONE, viewport: { width: 1280, height: 900 } });
    guard = guardOrigin(context, base);
    // Every document records its long tasks from the start (buffered: those before this script too).
    await context.addInitScript(() => {
      const w = window as unknown as { longTasks: number[] };
      w.longTasks = [];
      new PerformanceObserver((list) => list.getEntries().forEach((e) => w.longTasks.push(e.duration))).observe({
        type: 'longtask',
        buffered: true,
      });
    });
    page = await context.newPage();
  }, 600_000);

  afterAll(async () => {
    console.log(
      `Longest task per phase (limit ${LONG_TASK_LIMIT_MS} ms): ${Object.entries(longest)
        .map(([phase, ms]) => `${phase} ${ms} ms`)
        .join(', ')}`,
    );
    try {
      guard?.assertOwnOriginOnly();
    } finally {
      await context?.close();
      await served?.close();
      if (work) rmSync(work, { recursive: true, force: true });
    }
  });

  /** The long tasks since the last call, in ms. */
  function takeLongTasks(): Promise<number[]> {
    return page.evaluate(() => (window as unknown as { longTasks: number[] }).longTasks.splice(0));
  }

  /**
   * Waits until the page has had no long task for a second (at most 30 s), then forgets those it
   * had: a phase is measured from a quiet page, not from the tail of the previous one.
   */
  async function settle(): Promise<void> {
    await page.waitForFunction(
      () => {
        const w = window as unknown as { longTasks: number[]; quiet?: { count: number; since: number } };
        const now = performance.now();
        if (!w.quiet || w.quiet.count !== w.longTasks.length) w.quiet = { count: w.longTasks.length, since: now };
        return now - w.quiet.since > 1000;
      },
      null,
      { timeout: 30_000, polling: 100 },
    );
    await takeLongTasks();
  }

  /** Records and prints a phase's longest task (a figure, not an assertion: see the header). */
  async function endPhase(phase: string): Promise<void> {
    // Let the last task of the phase end and be reported.
    await page.evaluate(() => new Promise((done) => setTimeout(done, 300)));
    const tasks = await takeLongTasks();
    longest[phase] = Math.round(Math.max(0, ...tasks));
    const verdict = longest[phase] <= LONG_TASK_LIMIT_MS ? 'within' : 'OVER';
    console.log(`${phase}: ${tasks.length} long task(s), longest ${longest[phase]} ms (${verdict} the ${LONG_TASK_LIMIT_MS} ms bound)`);
  }

  /** Opens the app and waits until the search index is built and the start-up has settled. */
  async function open(): Promise<void> {
    await page.goto(base);
    await page.locator(SEARCH_BOX).waitFor({ timeout: 120_000 });
    await page.waitForFunction((name) => performance.getEntriesByName(name).length > 0, READY_MARK, { timeout: 120_000, polling: 100 });
    await page.waitForTimeout(1500);
  }

  it('opens cold, and warm from the service worker (longest task printed)', async () => {
    await open();
    await endPhase('opening (cold)');
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 60_000 });
    await page.goto('about:blank');
    await open();
    expect(await page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
    await endPhase('opening (warm)');
  });

  it('imports the 30 MB backup through the file input, showing its progress, and the data is there', async () => {
    await page.goto(`${base}/#/settings`);
    await page.locator('#your-data-heading').waitFor();
    await settle(); // the screen's own loading is not the import
    await page.evaluate(() => {
      const w = window as unknown as { importTrace: ImportTrace };
      const trace: ImportTrace = { values: [], labels: [], announcements: [] };
      w.importTrace = trace;
      const record = () => {
        const bar = document.querySelector<HTMLProgressElement>('progress#import-progress');
        if (bar && bar.hasAttribute('value')) {
          const last = trace.values.at(-1);
          if (!last || last.value !== bar.value || last.max !== bar.max) trace.values.push({ value: bar.value, max: bar.max });
          const label = [...(bar.labels ?? [])].map((l) => l.textContent?.trim() ?? '').join(' ');
          if (!trace.labels.includes(label)) trace.labels.push(label);
        }
        const live = document.querySelector('#import-announcer');
        const said = live?.textContent?.trim() ?? '';
        if (said !== '' && trace.announcements.at(-1) !== said) trace.announcements.push(said);
      };
      new MutationObserver(record).observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
    });

    const chosen = Date.now();
    await page.locator('input[type="file"]').setInputFiles(backupFile);
    const question = page.locator('[aria-labelledby="backup-choice-heading"]');
    await question.waitFor({ timeout: 120_000 });
    const checked = Date.now();
    const holds = ((await question.locator('.holds').textContent()) ?? '').replace(/\s+/g, ' ');
    expect(holds).toContain('3,000 finished');
    expect(holds).toContain('100,000 past reviews');
    await question.locator('button', { hasText: /^Merge$/ }).click();
    const confirmed = Date.now();
    const outcome = page.locator('#import-outcome');
    await outcome.waitFor({ timeout: 300_000 });
    console.log(
      `import: file read and checked in ${((checked - chosen) / 1000).toFixed(1)} s, ${(backup.progress.length + backup.reviewCards.length + backup.reviewLog.length).toLocaleString('en')} records written in ${((Date.now() - confirmed) / 1000).toFixed(1)} s`,
    );
    expect(await outcome.textContent()).toMatch(/^Backup merged/);
    await endPhase('importing');

    const trace = await page.evaluate(() => (window as unknown as { importTrace: ImportTrace }).importTrace);
    console.log(
      `import progress: ${trace.values.length} steps shown; announced: ${trace.announcements.map((a) => `“${a}”`).join(', ')}`,
    );
    // A bar that moved forward several times, on one scale, to its end.
    expect(trace.values.length).toBeGreaterThanOrEqual(4);
    expect(new Set(trace.values.map((v) => v.max)).size).toBe(1);
    expect(trace.values.every((v, i) => i === 0 || v.value > trace.values[i - 1].value)).toBe(true);
    expect(trace.values.at(-1)!.value).toBe(trace.values.at(-1)!.max);
    expect(trace.labels.every((l) => l.includes('pyrecall-backup-big.json'))).toBe(true);
    // Announced at coarse steps, each a percentage further on, not at every move of the bar.
    const percents = trace.announcements.flatMap((a) => /(\d+)\s*%/.exec(a)?.[1] ?? []).map(Number);
    expect(percents.length).toBeGreaterThanOrEqual(2);
    expect(percents.length).toBeLessThan(trace.values.length / 4);
    expect(percents.every((p, i) => i === 0 || p > percents[i - 1])).toBe(true);

    // Everything landed: counted straight from IndexedDB, and shown by the Progress screen.
    const counts = await page.evaluate(
      () =>
        new Promise<Record<string, number>>((resolve, reject) => {
          const open = indexedDB.open('pyrecall');
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const names = ['progress', 'reviewCards', 'reviewLog'];
            const tx = open.result.transaction(names, 'readonly');
            const out: Record<string, number> = {};
            for (const name of names) {
              const request = tx.objectStore(name).count();
              request.onsuccess = () => (out[name] = request.result);
            }
            tx.oncomplete = () => {
              open.result.close();
              resolve(out);
            };
          };
        }),
    );
    expect(counts).toEqual({ progress: backup.progress.length, reviewCards: backup.reviewCards.length, reviewLog: backup.reviewLog.length });
    expect(await accessibilityProblems(page)).toEqual([]);
  }, 600_000);

  it('searches key by key, announcing the results of each query (longest task printed)', async () => {
    await page.goto(`${base}/#/`);
    await page.locator(SEARCH_BOX).waitFor();
    await settle(); // the library's own rendering is not the search
    for (const query of ['corutines', 'stiner gil', 'profiling']) {
      const box = page.locator(SEARCH_BOX);
      await box.fill('');
      await box.pressSequentially(query, { delay: 60 });
      await page.locator('[role="status"][aria-live="polite"]', { hasText: `for “${query}”` }).waitFor({ timeout: 60_000 });
    }
    await endPhase('searching');
  });

  it('opens Review and grades several cards (longest task printed)', async () => {
    await settle();
    await page.goto(`${base}/#/review`);
    const count = page.locator('.review-screen .count');
    await count.waitFor({ timeout: 60_000 });
    const first = ((await count.textContent()) ?? '').trim();
    const [, total] = /^1 of (\d+)$/.exec(first) ?? [];
    expect(Number(total)).toBe(20); // the backup's daily limit: more than that is due
    for (let n = 1; n <= 5; n++) {
      await page.locator('body').click({ position: { x: 5, y: 5 } });
      await page.keyboard.press('Space');
      await page.keyboard.press('3'); // Good
      await expect.poll(async () => ((await count.textContent()) ?? '').trim()).toBe(`${n + 1} of ${total}`);
    }
    await endPhase('reviewing');
  });

  it('shows the stats over the whole history, with the exact streak (longest task printed)', async () => {
    await settle();
    await page.goto(`${base}/#/progress`);
    const stats = page.locator('section[aria-labelledby="review-stats-title"]');
    await stats.locator('.tiles').waitFor({ timeout: 120_000 });
    await page.waitForTimeout(1000);
    await endPhase('showing stats');
    // The streak from the whole log (the 5 reviews just made included): however the screen reads
    // it, it must say the same.
    type Log = Parameters<typeof reviewStats>[0];
    type Stored = { made: Log; cards: Parameters<typeof reviewStats>[1]; at: number };
    const stored = await page.evaluate(
      (since) =>
        new Promise<Stored>((resolve, reject) => {
          const open = indexedDB.open('pyrecall');
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const tx = open.result.transaction(['reviewLog', 'reviewCards']);
            const made = tx.objectStore('reviewLog').index('reviewedAt').getAll(IDBKeyRange.lowerBound(since));
            const cards = tx.objectStore('reviewCards').getAll();
            tx.oncomplete = () => {
              open.result.close();
              resolve({ made: made.result, cards: cards.result, at: Date.now() });
            };
          };
        }),
      now,
    );
    expect(stored.made).toHaveLength(5);
    const expected = reviewStats([...backup.reviewLog, ...stored.made], stored.cards, stored.at, TIME_ZONE, 20);
    const tiles = ((await stats.locator('.tiles').textContent()) ?? '').replace(/\s+/g, ' ');
    expect(tiles).toContain(`Streak ${expected.streak.toLocaleString('en')} days`);
    expect(expected.streak).toBeGreaterThan(100);
    expect(tiles).toContain(`Recalled ${Math.round(expected.retention.rate! * 100)} %`);
    // And the imported progress, as the page's own live queries see it since the worker wrote it.
    const headline = ((await page.locator('.headline').first().textContent()) ?? '').replace(/\s+/g, ' ').trim();
    expect(headline).toMatch(new RegExp(`^${backup.progress.length} of ${catalogue.articles.length} finished`));
  }, 180_000);
});
