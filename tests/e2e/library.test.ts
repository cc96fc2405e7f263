import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { launchContext } from '../support/chromium';
import { guardOrigin, type OriginGuard } from '../support/guard';

describe('the library screen', () => {
  let context: BrowserContext;
  let page: Page;
  let guard: OriginGuard;

  beforeAll(async () => {
    context = await launchContext();
    guard = guardOrigin(context, inject('baseURL'));
    page = await context.newPage();
    await page.goto(inject('baseURL'));
  });
  afterAll(async () => {
    try {
      guard?.assertOwnOriginOnly(); // the app asks no other host for anything
    } finally {
      await context?.close();
    }
  });

  it('shows the 21 sections of the reading path and its 132 articles', async () => {
    await expect.poll(() => page.locator('main section h2').count()).toBe(21);
    // The path renders a few articles per task after the first screen: all of them within a moment.
    await expect.poll(() => page.locator('main li a[href^="http"]').count()).toBe(132);
  });

  it('opens every article in a new tab without opener or referrer', async () => {
    const links = page.locator('main li a[href^="http"]');
    const attrs = await links.evaluateAll((as) => as.map((a) => [a.getAttribute('target'), a.getAttribute('rel')]));
    expect(attrs.every(([target, rel]) => target === '_blank' && rel === 'noopener noreferrer')).toBe(true);
  });

  it('lists the sections in the order of the source, bytecode before the unravelling series', async () => {
    const names = await page.locator('main section h2 .name').allTextContents();
    expect(names.indexOf('Bytecode')).toBeLessThan(names.indexOf('Insider Bits'));
    expect(names[0]).toBe('Encoding');
    expect(names.at(-1)).toBe('History And Decisions');
  });

  it('has one main landmark and a level-one heading', async () => {
    expect(await page.locator('main').count()).toBe(1);
    expect(await page.locator('h1').count()).toBe(1);
  });
});
