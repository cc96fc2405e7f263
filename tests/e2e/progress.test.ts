import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { holdRequests, launchContext } from '../support/chromium';
import { guardOrigin, type OriginGuard } from '../support/guard';

describe('reading progress', () => {
  let context: BrowserContext;
  let page: Page;
  let guard: OriginGuard;
  const base = inject('baseURL');
  const row = (p: Page, title: string) => p.locator('li.article', { hasText: title });

  beforeAll(async () => {
    context = await launchContext();
    guard = guardOrigin(context, inject('baseURL'));
    page = await context.newPage();
    await page.goto(base);
    // The service worker takes control on the first visit; offline reloads below depend on it.
    await page.waitForFunction(() => navigator.serviceWorker?.controller !== null, undefined, { timeout: 30_000 });
  });
  afterAll(async () => {
    try {
      guard?.assertOwnOriginOnly(); // the app asks no other host for anything
    } finally {
      await context?.close();
    }
  });

  it('finishes an article from the list in one tap, asks for a takeaway, and can undo', async () => {
    const unicode = row(page, 'Unicode Book');
    await unicode.getByRole('button', { name: 'Finished: Unicode Book' }).click();
    const dialog = page.getByRole('dialog', { name: /Finished: Unicode Book/ });
    await expect.poll(() => dialog.isVisible()).toBe(true);
    await dialog.getByRole('textbox').fill('Python 3 strings are code points; bytes are not text.');
    await dialog.getByRole('button', { name: 'Done' }).click();
    await expect.poll(() => unicode.getAttribute('data-status')).toBe('finished');
    expect(await unicode.getByRole('button', { name: 'Finished: Unicode Book' }).getAttribute('aria-pressed')).toBe('true');
    await expect.poll(() => page.locator('section[data-section="encoding"] .count').textContent()).toMatch(/1 \/ 1/);

    await row(page, 'Math Symbols').getByRole('button', { name: /Finished: Math Symbols/ }).click();
    const prompt = page.getByRole('dialog', { name: /Finished: Math Symbols/ });
    await expect.poll(() => prompt.isVisible()).toBe(true);
    await page.keyboard.press('Escape'); // skip the takeaway
    await expect.poll(() => prompt.isVisible()).toBe(false);
    await expect.poll(() => row(page, 'Math Symbols').getAttribute('data-status')).toBe('finished');
    await page.getByRole('status').getByRole('button', { name: 'Undo' }).click();
    await expect.poll(() => row(page, 'Math Symbols').getAttribute('data-status')).toBe('to-read');
  });

  it('asks for the takeaway of an article finished before the prompt has loaded (it is not part of the first screen)', async () => {
    const fresh = await launchContext();
    const freshGuard = guardOrigin(fresh, base);
    // A first visit (no service worker yet), with the prompt's code held back until the article is finished.
    const promptCode = await holdRequests(fresh, /\/assets\/TakeawayPrompt-[^/]+\.js$/);
    try {
      const first = await fresh.newPage();
      await first.goto(base);
      const unicode = row(first, 'Unicode Book');
      await unicode.getByRole('button', { name: 'Finished: Unicode Book' }).click();
      await expect.poll(() => unicode.getAttribute('data-status')).toBe('finished');
      await expect.poll(() => promptCode.requested()).toBe(true);
      const dialog = first.getByRole('dialog', { name: /Finished: Unicode Book/ });
      expect(await dialog.count()).toBe(0);
      promptCode.release();
      await expect.poll(() => dialog.isVisible()).toBe(true);
      await dialog.getByRole('textbox').fill('Code points, not bytes.');
      await dialog.getByRole('button', { name: 'Done' }).click();
      await expect.poll(() => dialog.isVisible()).toBe(false);
      await unicode.locator('a.details').click();
      await expect.poll(() => first.getByRole('textbox').inputValue()).toBe('Code points, not bytes.');
    } finally {
      promptCode.release();
      await fresh.close();
      freshGuard.assertOwnOriginOnly();
    }
  });

  it('shows the next article to read, overall and in each section', async () => {
    await expect.poll(() => page.locator('#next-up-title').textContent()).toBe('Next up');
    expect(await page.locator('.next-up .title').textContent()).toBe('Math Symbols Explained with Python');
    expect(await row(page, 'Foundations of Applied').locator('.next-up').count()).toBe(0);
    expect(await row(page, 'Math Symbols').locator('.next-up').count()).toBe(0); // no section progress yet
  });

  it('keeps the status and the takeaway across an offline reload', async () => {
    await context.setOffline(true);
    try {
      await page.reload();
      await expect.poll(() => row(page, 'Unicode Book').getAttribute('data-status')).toBe('finished');
      await row(page, 'Unicode Book').locator('a.details').click();
      await expect.poll(() => page.getByRole('textbox', { name: "What's the one idea you want to keep?" }).inputValue()).toBe(
        'Python 3 strings are code points; bytes are not text.',
      );
      expect(await page.getByRole('radio', { name: 'Finished' }).isChecked()).toBe(true);
    } finally {
      await context.setOffline(false);
    }
  });

  it('autosaves a takeaway typed in the article view, even when the page is left right away', async () => {
    await page.goto(`${base}/#/`);
    await row(page, 'Foundations of Applied').locator('a.details').click();
    await page.getByRole('radio', { name: 'Reading' }).check();
    const box = page.getByRole('textbox', { name: "What's the one idea you want to keep?" });
    await box.fill('Four textbooks; use them as a reference.');
    await page.goto(`${base}/#/progress`); // leave before the autosave delay
    await page.goto(`${base}/#/`);
    await row(page, 'Foundations of Applied').locator('a.details').click();
    await expect.poll(() => box.inputValue()).toBe('Four textbooks; use them as a reference.');
  });

  it('filters the list by status, combined with the search', async () => {
    await page.goto(`${base}/#/?status=finished`);
    const results = page.getByRole('list', { name: 'Search results' }).getByRole('link');
    await expect.poll(() => results.allTextContents()).toEqual([expect.stringContaining('Unicode Book')]);
    await page.goto(`${base}/#/?status=reading&q=foundations`);
    await expect.poll(() => results.count()).toBe(1);
    await page.goto(`${base}/#/?status=finished&q=foundations`);
    await expect.poll(() => page.getByText('with these filters').count()).toBe(1);
  });

  it('shows a change made in one tab in another tab within a second', async () => {
    const other = await context.newPage();
    await other.goto(base);
    await page.goto(base);
    await row(other, 'Writing a simple JSON parser').getByRole('button', { name: /Finished: Writing a simple JSON parser/ }).click();
    await expect.poll(() => row(page, 'Writing a simple JSON parser').getAttribute('data-status'), { timeout: 1000 }).toBe('finished');
    await other.close();
  });
});
