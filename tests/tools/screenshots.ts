/**
 * Takes screenshots of the built app at phone and desktop widths, light and dark, for a person
 * to look at: `npm run screenshots -- [path-or-hash ...]` (default: the library), into ./screenshots.
 */
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchContext } from '../support/chromium';
import { buildApp, serve } from '../support/server';

const routes = process.argv.slice(2).length > 0 ? process.argv.slice(2) : ['/'];
const out = 'screenshots';
mkdirSync(out, { recursive: true });
const dir = await buildApp(join(tmpdir(), `pyrecall-screens-${process.pid}`));
const served = await serve(dir);
try {
  for (const [width, height] of [
    [390, 844],
    [1280, 800],
  ]) {
    for (const scheme of ['light', 'dark'] as const) {
      const context = await launchContext({ viewport: { width, height }, colorScheme: scheme });
      const page = await context.newPage();
      for (const route of routes) {
        await page.goto(served.url + route);
        await page.waitForTimeout(400);
        const name = `${out}/${route.replace(/[^a-z0-9]+/gi, '_') || 'home'}-${width}-${scheme}.png`;
        await page.screenshot({ path: name, fullPage: process.env.FULL === '1' });
        console.log(name);
      }
      await context.close();
    }
  }
} finally {
  await served.close();
}
