import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { launchContext } from '../support/chromium';
import { guardOrigin, type OriginGuard } from '../support/guard';
import { buildApp, serveStatic, type SwitchableServed } from '../support/server';

/** The build id index.html carries (set by PYRECALL_BUILD_ID at build time). */
function buildId(page: Page): Promise<string | null> {
  return page.locator('meta[name=pyrecall-build]').getAttribute('content');
}

describe('updating to a new version', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pyrecall-update-'));
  const buildA = join(dir, 'a');
  const buildB = join(dir, 'b');
  let server: SwitchableServed;
  let context: BrowserContext;
  let page: Page;
  let guard: OriginGuard;

  beforeAll(async () => {
    await buildApp(buildA, 'production', { PYRECALL_BUILD_ID: 'A' });
    await buildApp(buildB, 'production', { PYRECALL_BUILD_ID: 'B' });
    server = await serveStatic(buildA);
    context = await launchContext();
    guard = guardOrigin(context, server.url);
    page = await context.newPage();
  });
  afterAll(async () => {
    await context?.close();
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
    guard?.assertOwnOriginOnly();
  });

  it('runs version A, controlled by its service worker, with data saved in the browser', async () => {
    await page.goto(server.url);
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 20_000 });
    expect(await buildId(page)).toBe('A');
    await page.evaluate(async () => {
      localStorage.setItem('pyrecall-update-test', 'kept');
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const open = indexedDB.open('pyrecall-update-test', 1);
        open.onupgradeneeded = () => open.result.createObjectStore('notes');
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      await new Promise<void>((resolve, reject) => {
        const tx = db.transaction('notes', 'readwrite');
        tx.objectStore('notes').put('written under A', 'takeaway');
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(tx.error);
      });
      db.close();
    });
  });

  it('finds version B when it becomes visible again, and offers Reload without applying it', async () => {
    server.switchTo(buildB);
    // The app checks for updates when it becomes visible again (and hourly).
    await page.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));
    const toast = page.getByRole('status').filter({ hasText: 'A new version of PyRecall is ready.' });
    await expect.poll(() => toast.isVisible(), { timeout: 20_000 }).toBe(true);
    expect(await buildId(page)).toBe('A');
    expect(await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.waiting?.state)).toBe('installed');
  });

  it('switches to B on Reload, keeping what was stored under A', async () => {
    const reloaded = page.waitForEvent('load');
    await page.getByRole('button', { name: 'Reload' }).click();
    await reloaded;
    await expect.poll(() => buildId(page)).toBe('B');
    expect(await page.getByText('A new version of PyRecall is ready.').count()).toBe(0);
    const stored = await page.evaluate(async () => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const open = indexedDB.open('pyrecall-update-test', 1);
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      const note = await new Promise<unknown>((resolve, reject) => {
        const get = db.transaction('notes').objectStore('notes').get('takeaway');
        get.onsuccess = () => resolve(get.result);
        get.onerror = () => reject(get.error);
      });
      db.close();
      return { local: localStorage.getItem('pyrecall-update-test'), note };
    });
    expect(stored).toEqual({ local: 'kept', note: 'written under A' });
  });

  it('serves B offline afterwards, from a precache that holds only B', async () => {
    await context.setOffline(true);
    try {
      await page.reload();
      expect(await buildId(page)).toBe('B');
    } finally {
      await context.setOffline(false);
    }
    const shell = await page.evaluate(async () => (await caches.match('/index.html', { ignoreSearch: true }))?.text());
    expect(shell).toContain('<meta name="pyrecall-build" content="B">');
  });
});
