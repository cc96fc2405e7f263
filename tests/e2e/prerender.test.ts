/**
 * The first screen is prerendered into index.html at build time (src/build/prerender-plugin.ts)
 * and the app adopts that markup (hydration) instead of building it again: the reading path shows
 * before any JavaScript runs, and nothing of it is thrown away or shifted when it does.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { parseCatalogue } from '../../src/domain/catalogue';
import { launchContext } from '../support/chromium';
import { guardOrigin, type OriginGuard } from '../support/guard';

const base = inject('baseURL');
const { catalogue } = parseCatalogue(readFileSync('src/catalogue/python-engineering-articles.md', 'utf8'));
const firstArticle = catalogue.articles[0];
const html = readFileSync(join(inject('distDir'), 'index.html'), 'utf8');

/** Marks nodes of the prerendered page before the app's module runs (deferred scripts run after "interactive"). */
function markPrerendered(): void {
  document.addEventListener('readystatechange', () => {
    if (document.readyState !== 'interactive') return;
    const w = window as unknown as { prerendered: Element[] };
    w.prerendered = [...document.querySelectorAll('h1, main section, main li, header nav, input[type="search"]')];
  });
}

describe('the prerendered first screen', () => {
  it('is in index.html: the heading, the search box, the navigation and the first articles, in order', () => {
    const app = html.slice(html.indexOf('<div id="app">'));
    expect(app).toContain('The reading path');
    expect(app).toMatch(/<input[^>]+type="search"/);
    expect(app).toContain('aria-label="Main"');
    // About a screenful of articles (the rest mount once the app runs): the path's first ones, in order, each with its link.
    const rows = [...app.matchAll(/data-article="([^"]+)"/g)].map((m) => m[1]);
    expect(rows.length).toBeGreaterThanOrEqual(5);
    expect(rows).toEqual(catalogue.articles.slice(0, rows.length).map((a) => a.id));
    const positions = catalogue.articles.slice(0, rows.length).map((a) => app.indexOf(`href="${a.url.replaceAll('&', '&amp;')}"`));
    expect(positions.every((at) => at > 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  });

  it('carries no inline script, no style attribute and no event handler attribute (the CSP allows none)', () => {
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(html).not.toMatch(/\sstyle="/);
    expect(html).not.toMatch(/\son[a-z]+="/);
  });

  it('shows the reading path with JavaScript off, with working links to the articles', async () => {
    const context = await launchContext({ javaScriptEnabled: false });
    try {
      const page = await context.newPage();
      await page.goto(base);
      const title = page.getByRole('link', { name: firstArticle.title }).first();
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('The reading path');
      expect(await page.locator('main section').count()).toBeGreaterThan(0);
      expect(await title.isVisible()).toBe(true);
      const open = page.locator(`main a[href="${firstArticle.url}"]`).first();
      expect(await open.getAttribute('target')).toBe('_blank');
      expect(await open.getAttribute('rel')).toBe('noopener noreferrer');
    } finally {
      await context.close();
    }
  });
});

describe('the app starting on the prerendered page', () => {
  let context: BrowserContext;
  let page: Page;
  let guard: OriginGuard;
  const messages: string[] = [];

  beforeAll(async () => {
    context = await launchContext();
    guard = guardOrigin(context, base);
    await context.addInitScript(markPrerendered);
    page = await context.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') messages.push(m.text());
    });
    page.on('pageerror', (e) => messages.push(e.message));
  });
  afterAll(async () => {
    await context?.close();
    guard?.assertOwnOriginOnly();
  });

  it('adopts the prerendered nodes instead of replacing them, then renders the rest of the path', async () => {
    await page.goto(base);
    await expect.poll(() => page.locator('main li a[href^="http"]').count()).toBe(catalogue.articles.length);
    const kept = await page.evaluate(() => {
      const { prerendered } = window as unknown as { prerendered: Element[] };
      return { total: prerendered.length, connected: prerendered.filter((node) => node.isConnected).length };
    });
    expect(kept.total).toBeGreaterThan(10);
    expect(kept.connected).toBe(kept.total);
    expect(messages).toEqual([]);
  });

  it('is interactive once adopted: a section collapses, and the choice survives a reload', async () => {
    const toggle = page.locator('main section h2 button').first();
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    await toggle.click();
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    await page.reload();
    await expect.poll(() => page.locator('main section h2 button').first().getAttribute('aria-expanded')).toBe('false');
    await page.locator('main section h2 button').first().click();
    expect(await page.locator('main section h2 button').first().getAttribute('aria-expanded')).toBe('true');
  });

  it('opens a deep link on its own screen, not on the prerendered library', async () => {
    await page.goto(`${base}/#/article/${firstArticle.id}`);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe(firstArticle.title);
    expect(await page.locator('header.app-header').count()).toBe(1);
    expect(await page.locator('main [data-section]').count()).toBe(0); // no section of the library
    expect(messages).toEqual([]);
  });

  it('renders the screen a link leads to when it is followed between the first paint and the hydration', async () => {
    const second = await context.newPage();
    const problems: string[] = [];
    second.on('pageerror', (e) => problems.push(e.message));
    second.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(m.text());
    });
    try {
      // The app's module has run (deferred scripts come before DOMContentLoaded) and waits for the
      // first paint to hydrate: a tap on the prerendered Review tab lands just then.
      await second.addInitScript(() => {
        document.addEventListener('DOMContentLoaded', () => document.querySelector<HTMLAnchorElement>('header a[href="#/review"]')?.click());
      });
      await second.goto(`${base}/`);
      await expect.poll(() => second.getByRole('heading', { level: 1 }).textContent()).toBe('Review');
      expect(await second.locator('main [data-section]').count()).toBe(0);
      expect(await second.locator('header.app-header').count()).toBe(1);
      expect(problems).toEqual([]);
    } finally {
      await second.close();
    }
  });
});
