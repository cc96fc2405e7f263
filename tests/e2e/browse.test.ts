import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { launchContext } from '../support/chromium';
import { accessibilityProblems } from '../support/axe';
import { guardOrigin, type OriginGuard } from '../support/guard';

describe('browsing the reading path', () => {
  let context: BrowserContext;
  let page: Page;
  let guard: OriginGuard;
  const base = inject('baseURL');

  beforeAll(async () => {
    context = await launchContext();
    guard = guardOrigin(context, inject('baseURL'));
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base });
    page = await context.newPage();
  });
  afterAll(async () => {
    try {
      guard?.assertOwnOriginOnly(); // the app asks no other host for anything
    } finally {
      await context?.close();
    }
  });

  it('shows each section with its article count, and collapses a section on click', async () => {
    await page.goto(base);
    const bytecode = page.getByRole('button', { name: /Bytecode\s+4 articles/ });
    await expect.poll(() => bytecode.getAttribute('aria-expanded')).toBe('true');
    const list = page.locator('section[data-section="bytecode"] ol');
    expect(await list.isVisible()).toBe(true);
    await bytecode.click();
    expect(await bytecode.getAttribute('aria-expanded')).toBe('false');
    expect(await list.isVisible()).toBe(false);
    await bytecode.press('Enter');
    expect(await list.isVisible()).toBe(true);
  });

  it('jumps to a section from the section index, expanding it and moving focus there', async () => {
    await page.goto(base);
    await page.getByRole('button', { name: /Bytecode\s+4 articles/ }).click(); // collapse it first
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: /^Packaging/ }).click();
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('section-packaging');
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: /^Bytecode/ }).click();
    expect(await page.locator('section[data-section="bytecode"] ol').isVisible()).toBe(true);
  });

  it('says the unravelling series builds on Bytecode, and links to it', async () => {
    await page.goto(base);
    const hint = page.locator('section[data-section="insider-bits"] .read-first');
    expect(await hint.textContent()).toMatch(/Read first:\s*CPython Internals,\s*Bytecode/);
    await hint.getByRole('button', { name: 'Bytecode' }).click();
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('section-bytecode');
  });

  it('opens an article view by deep link, with its place, note and previous / next', async () => {
    await page.goto(base);
    const href = await page.locator('section[data-section="bytecode"] li').first().locator('a.details').getAttribute('href');
    expect(href).toMatch(/^#\/article\/[a-z0-9]+$/);
    await page.goto(`${base}/${href}`);
    await expect.poll(() => page.locator('h1').textContent()).toBe('A Python Interpreter Written in Python');
    expect(await page.locator('.place').textContent()).toBe('1 of 4 in Bytecode');
    expect(await page.locator('.note p').textContent()).toBe('Introduction to Python bytecode');
    const open = page.getByRole('link', { name: /Open article/ });
    expect(await open.getAttribute('href')).toBe('http://aosabook.org/en/500L/a-python-interpreter-written-in-python.html');
    expect(await open.getAttribute('rel')).toBe('noopener noreferrer');
    expect(await open.getAttribute('target')).toBe('_blank');
    await page.getByRole('link', { name: /^Next/ }).click();
    await expect.poll(() => page.locator('.place').textContent()).toBe('2 of 4 in Bytecode');
    await page.getByRole('link', { name: /^Previous/ }).click();
    await page.getByRole('link', { name: /^Previous/ }).click();
    await expect.poll(() => page.locator('.place').textContent()).toBe('23 of 23 in CPython Internals');
    expect(await page.title()).toMatch(/· PyRecall$/);
  });

  it('copies the article link when the system has no share sheet', async () => {
    await page.goto(base);
    await page.locator('section[data-section="bytecode"] a.details').first().click();
    await page.evaluate(() => Object.defineProperty(navigator, 'share', { value: undefined, configurable: true }));
    await page.getByRole('button', { name: 'Share' }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Link copied' }).count()).toBe(1);
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe('http://aosabook.org/en/500L/a-python-interpreter-written-in-python.html');
  });

  it('says so when a deep link names an article that is gone', async () => {
    await page.goto(`${base}/#/article/nope123`);
    await expect.poll(() => page.locator('h1').textContent()).toBe('Article not found');
  });
});

describe('accessibility of the library and the article view', () => {
  it('has no WCAG A/AA violations at 390 px and 1280 px, light and dark', async () => {
    const base = inject('baseURL');
    const context = await launchContext();
    try {
      const page = await context.newPage();
      for (const width of [390, 1280]) {
        await page.setViewportSize({ width, height: 900 });
        await page.goto(base);
        await page.locator('main section h2').first().waitFor();
        expect(await accessibilityProblems(page), `library at ${width}px`).toEqual([]);
        await page.goto(`${base}/#/?q=unravling`);
        await page.getByRole('list', { name: 'Search results' }).waitFor();
        expect(await accessibilityProblems(page), `search results at ${width}px`).toEqual([]);
        await page.goto(base);
        await page.locator('section[data-section="bytecode"] a.details').first().click();
        await page.locator('h1', { hasText: 'A Python Interpreter' }).waitFor();
        expect(await accessibilityProblems(page), `article at ${width}px`).toEqual([]);
      }
    } finally {
      await context.close();
    }
  });
});
