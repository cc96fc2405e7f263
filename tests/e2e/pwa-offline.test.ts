import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { parseCatalogue } from '../../src/domain/catalogue';
import { launchContext } from '../support/chromium';
import { guardOrigin, type OriginGuard } from '../support/guard';

const catalogue = parseCatalogue(readFileSync('src/catalogue/python-engineering-articles.md', 'utf8')).catalogue;
const ICONS = [
  '/icon.svg',
  '/favicon.ico',
  '/pwa-192x192.png',
  '/pwa-512x512.png',
  '/maskable-icon-512x512.png',
  '/apple-touch-icon-180x180.png',
];

/** Every URL path in the page's CacheStorage (query strings such as __WB_REVISION__ dropped). */
function cachedPaths(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    const paths: string[] = [];
    for (const name of await caches.keys()) {
      const cache = await caches.open(name);
      for (const request of await cache.keys()) paths.push(new URL(request.url).pathname);
    }
    return paths;
  });
}

/** The shell and the library with every section of the catalogue are on screen. */
async function expectLibrary(page: Page): Promise<void> {
  await expect.poll(() => page.locator('main section[data-section]').count()).toBe(catalogue.sections.length);
  expect(await page.getByRole('link', { name: 'PyRecall, home' }).isVisible()).toBe(true);
}

describe('the app offline', () => {
  const base = inject('baseURL');
  let context: BrowserContext;
  let page: Page;
  let guard: OriginGuard;

  beforeAll(async () => {
    context = await launchContext();
    guard = guardOrigin(context, base);
    page = await context.newPage();
    await page.goto(base);
    // clientsClaim() in the worker: the first visit becomes controlled without a reload.
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 20_000 });
  });
  afterAll(async () => {
    await context?.close();
    guard?.assertOwnOriginOnly();
  });

  it('says quietly, once installed, that it is ready to work offline', async () => {
    const notice = page.getByRole('status').filter({ hasText: 'Ready to work offline' });
    await expect.poll(() => notice.isVisible()).toBe(true);
    await notice.getByRole('button', { name: 'Dismiss offline notice' }).click();
    await expect.poll(() => notice.count()).toBe(0);
  });

  it('precaches the app shell, its script and styles, the manifest and every icon', async () => {
    const assets = await page.evaluate(() => [
      ...Array.from(document.querySelectorAll<HTMLScriptElement>('script[src]'), (s) => new URL(s.src).pathname),
      ...Array.from(document.querySelectorAll<HTMLLinkElement>('link[rel=stylesheet]'), (l) => new URL(l.href).pathname),
    ]);
    expect(assets.some((a) => a.endsWith('.js'))).toBe(true);
    expect(assets.some((a) => a.endsWith('.css'))).toBe(true);
    const cached = await cachedPaths(page);
    expect(cached).toEqual(expect.arrayContaining(['/index.html', '/manifest.webmanifest', ...assets, ...ICONS]));
  });

  it('reloads, opens an article by its deep link and opens any path with no network', async () => {
    await context.setOffline(true);
    try {
      await page.reload();
      await expectLibrary(page);

      const article = catalogue.articles.find((a) => !a.title.includes('`'))!;
      await page.goto(`${base}/#/article/${article.id}`);
      await expect.poll(() => page.title()).toBe(`${article.title} · PyRecall`);

      await page.goto(`${base}/some/unknown/path`);
      await expectLibrary(page);
    } finally {
      await context.setOffline(false);
    }
  });

  it('shows a small Offline pill in the header only while offline, and announces the change', async () => {
    await page.goto(base);
    const pill = page.locator('header').getByText('Offline', { exact: true });
    expect(await pill.count()).toBe(0);
    await context.setOffline(true);
    try {
      await expect.poll(() => pill.isVisible()).toBe(true);
      expect(await page.locator('header [role=status]').textContent()).toMatch(/^Offline/);
    } finally {
      await context.setOffline(false);
    }
    await expect.poll(() => pill.count()).toBe(0);
    expect(await page.locator('header [role=status]').textContent()).toBe('Back online.');
  });
});
