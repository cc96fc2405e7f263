import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { launchContext } from '../support/chromium';
import { guardOrigin, type OriginGuard } from '../support/guard';

describe('searching as you type', () => {
  let context: BrowserContext;
  let page: Page;
  let guard: OriginGuard;
  const base = inject('baseURL');
  const box = () => page.getByRole('searchbox', { name: 'Search articles' });
  const results = () => page.getByRole('list', { name: 'Search results' }).getByRole('link');

  beforeAll(async () => {
    context = await launchContext();
    guard = guardOrigin(context, inject('baseURL'));
    page = await context.newPage();
  });
  afterAll(async () => {
    try {
      guard?.assertOwnOriginOnly(); // the app asks no other host for anything
    } finally {
      await context?.close();
    }
  });

  it('finds what a person meant despite a typo, highlights it, and announces the count', async () => {
    await page.goto(base);
    await box().pressSequentially('corutines');
    await expect.poll(async () => (await results().first().textContent()) ?? '').toMatch(/Coroutines/);
    expect(await results().first().locator('mark').count()).toBeGreaterThan(0);
    const status = await page.locator('[role="status"][aria-live="polite"]').filter({ hasText: 'for “corutines”' }).textContent();
    expect(status).toMatch(/^\d+ articles? for “corutines”$/);
    expect(page.url()).toContain('q=corutines');
  });

  it('keeps the query in the URL: a bookmark reopens the results, Back leaves the search', async () => {
    await page.goto(`${base}/#/?q=mro`);
    await expect.poll(async () => (await results().first().textContent()) ?? '').toMatch(/Method Resolution Order/i);
    expect(await box().inputValue()).toBe('mro');
    await page.goto(base);
    await box().pressSequentially('gil');
    await expect.poll(() => results().count()).toBeGreaterThan(0);
    await page.goBack();
    await expect.poll(() => box().inputValue()).toBe('');
    await expect.poll(() => page.locator('main section h2:visible').count()).toBe(21);
  });

  it('focuses the box with /, clears it with Esc and with the clear button', async () => {
    await page.goto(base);
    await page.locator('body').click();
    await page.keyboard.press('/');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Search articles');
    await page.keyboard.type('asyncio');
    await expect.poll(() => results().count()).toBeGreaterThan(0);
    await page.keyboard.press('Escape');
    await expect.poll(() => box().inputValue()).toBe('');
    await box().pressSequentially('pep');
    await page.getByRole('button', { name: 'Clear search' }).click();
    expect(await box().inputValue()).toBe('');
  });

  it('moves through results with the arrow keys and opens the article view with Enter', async () => {
    await page.goto(base);
    await box().pressSequentially('unravelling');
    await expect.poll(() => results().count()).toBeGreaterThan(2);
    const second = (await results().nth(1).textContent()) ?? '';
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.url()).toMatch(/#\/article\//);
    await expect.poll(async () => second.includes((await page.locator('h1').textContent()) ?? '###')).toBe(true);
  });

  it('combines the query with the section and author filters', async () => {
    await page.goto(base);
    await page.getByRole('combobox', { name: 'Author' }).selectOption('Victor Stinner');
    await expect.poll(() => results().count()).toBeGreaterThan(10);
    const all = await results().count();
    await box().pressSequentially('asyncio');
    await expect.poll(() => results().count()).toBeLessThan(all);
    const texts = await results().allTextContents();
    expect(texts.every((t) => t.includes('Victor Stinner'))).toBe(true);
    await page.getByRole('combobox', { name: 'Section' }).selectOption({ label: 'Performance' });
    await expect.poll(() => results().count()).toBe(0);
    expect(await page.getByText('with these filters').count()).toBe(1);
    await page.getByRole('button', { name: 'Clear the filters' }).click();
    await expect.poll(() => results().count()).toBeGreaterThan(0);
  });

  it('opens a link with filters showing them chosen, and lists every author and section once idle', async () => {
    await page.goto(`${base}/#/?author=${encodeURIComponent('Victor Stinner')}`);
    const author = page.getByRole('combobox', { name: 'Author' });
    // The full lists arrive after start-up; the chosen author is there from the first paint.
    expect(await author.inputValue()).toBe('Victor Stinner');
    await expect.poll(() => author.locator('option').count()).toBeGreaterThan(20);
    expect(await author.inputValue()).toBe('Victor Stinner');
    expect(await page.getByRole('combobox', { name: 'Section' }).locator('option').count()).toBe(22); // 21 and "All sections"
  });

  it('suggests something useful when nothing matches', async () => {
    await page.goto(base);
    await box().pressSequentially('zzqxv');
    await expect.poll(() => page.getByText('No articles match “zzqxv”').count()).toBe(1);
    await page.getByRole('button', { name: 'GIL' }).click();
    await expect.poll(() => results().count()).toBeGreaterThan(0);
  });
});
