/**
 * Does typing in the search box ever block the page? Builds the app with the real catalogue and
 * with a generated 10,000-article one, types queries key by key in headless Chromium, and prints
 * the long tasks (> 50 ms) the browser saw at start-up and while typing. Prints; asserts nothing.
 *
 *   npm run bench:typing
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseCatalogue } from '../../src/domain/catalogue';
import { launchContext } from '../support/chromium';
import { catalogueToMarkdown } from '../support/markdown';
import { buildApp, serve } from '../support/server';
import { generateCatalogue } from './generate';

const QUERIES = ['corutines', 'unravling with', 'pyprojct toml', 'stiner gil', 'cannon import', 'mro', 'asyncio'];
const KEY_DELAY_MS = 60; // a fast typist

const real = parseCatalogue(readFileSync('src/catalogue/python-engineering-articles.md', 'utf8')).catalogue;
const work = mkdtempSync(join(tmpdir(), 'pyrecall-typing-'));
const big = join(work, 'catalogue-10k.md');
writeFileSync(big, catalogueToMarkdown(generateCatalogue(10_000, { vocabularyFrom: real, embed: real })));

interface Row {
  catalogue: string;
  startupLongTasks: number;
  startupMaxMs: number;
  typingKeys: number;
  typingLongTasks: number;
  typingMaxMs: number;
}

async function measure(label: string, source: string | undefined): Promise<Row> {
  const dir = await buildApp(join(work, `dist-${label}`), 'production', source ? { PYRECALL_CATALOGUE: source } : {});
  const served = await serve(dir);
  const context = await launchContext({ viewport: { width: 390, height: 844 } });
  try {
    const page = await context.newPage();
    await page.addInitScript(() => {
      const w = window as unknown as { longTasks: number[] };
      w.longTasks = [];
      new PerformanceObserver((list) => list.getEntries().forEach((e) => w.longTasks.push(e.duration))).observe({
        type: 'longtask',
        buffered: true,
      });
    });
    await page.goto(served.url);
    await page.getByRole('searchbox', { name: 'Search articles' }).waitFor();
    await page.waitForTimeout(3500); // let the idle-time index build run
    const startup = await page.evaluate(() => (window as unknown as { longTasks: number[] }).longTasks.splice(0));
    const box = page.getByRole('searchbox', { name: 'Search articles' });
    let keys = 0;
    for (const query of QUERIES) {
      await box.fill('');
      await box.pressSequentially(query, { delay: KEY_DELAY_MS });
      keys += query.length;
      await page.waitForTimeout(200);
    }
    const typing = await page.evaluate(() => (window as unknown as { longTasks: number[] }).longTasks.splice(0));
    return {
      catalogue: label,
      startupLongTasks: startup.length,
      startupMaxMs: Math.round(Math.max(0, ...startup)),
      typingKeys: keys,
      typingLongTasks: typing.length,
      typingMaxMs: Math.round(Math.max(0, ...typing)),
    };
  } finally {
    await context.close();
    await served.close();
  }
}

const rows = [await measure('real-132', undefined), await measure('generated-10k', big)];
console.table(rows);
for (const r of rows) {
  const verdict = r.typingMaxMs <= 50 ? 'PASS' : 'FAIL';
  console.log(`${r.catalogue}: longest task while typing ${r.typingMaxMs} ms over ${r.typingKeys} keystrokes (target ≤ 50 ms): ${verdict}`);
}
