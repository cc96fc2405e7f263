/**
 * Spaced review in the built app, on a controlled clock: an article finished today comes back three
 * days later; Space reveals, 1–4 grade, U undoes; the daily limit caps a backlog.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { launchContext } from '../support/chromium';
import { guardOrigin, type OriginGuard } from '../support/guard';
import { accessibilityProblems as axeProblems } from '../support/axe';


const DAY = 86_400_000;
/** Monday 10 March 2025, 10:00 in London (GMT): the day the reader finishes their first article. */
const T0 = Date.parse('2025-03-10T10:00:00Z');

describe('spaced review', () => {
  let context: BrowserContext;
  let guard: OriginGuard | undefined;
  let page: Page;
  const base = inject('baseURL');
  const row = (title: string) => page.locator('li.article', { hasText: title });
  const prompt = () => page.getByRole('heading', { level: 2, name: /Unicode Book/ });
  const count = async () => (await page.locator('.count').allTextContents()).join('');
  const doneText = async () => ((await page.locator('.done').textContent()) ?? '').replace(/\s+/g, ' ');
  /** The interval the first Good gave "Unicode Book", in days. */
  let goodDays = 0;

  /** Finishes an article from the list and closes the takeaway prompt (after typing `takeaway`, if given). */
  async function finish(title: string, takeaway?: string) {
    await row(title).getByRole('button', { name: new RegExp(`^Finished: ${title}`) }).click();
    const dialog = page.getByRole('dialog', { name: new RegExp(`Finished: ${title}`) });
    await expect.poll(() => dialog.isVisible()).toBe(true);
    if (takeaway) await dialog.getByRole('textbox').fill(takeaway);
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.isVisible()).toBe(false);
    await expect.poll(() => row(title).getAttribute('data-status')).toBe('finished');
  }

  /** Opens the Review screen at `time` (a fixed clock), as after coming back to the app. */
  async function reviewAt(time: number) {
    await page.clock.setFixedTime(time);
    await page.goto(`${base}/#/review`);
    await page.reload();
    await expect.poll(() => page.getByRole('heading', { level: 1, name: 'Review' }).isVisible()).toBe(true);
  }

  /** Writes one setting straight into IndexedDB, as another tab would; a reload picks it up. */
  function storeSetting(key: string, value: unknown) {
    return page.evaluate(
      ([key, value]) =>
        new Promise<void>((resolve, reject) => {
          const open = indexedDB.open('pyrecall');
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const tx = open.result.transaction('settings', 'readwrite');
            tx.objectStore('settings').put({ key, value });
            tx.oncomplete = () => {
              open.result.close();
              resolve();
            };
            tx.onerror = () => reject(tx.error);
          };
        }),
      [key, value] as const,
    );
  }

  const accessibilityProblems = () => axeProblems(page);

  /** Heights of the buttons in the main content that are under 44 px, by name. */
  const smallButtons = () =>
    page.evaluate(() =>
      [...document.querySelectorAll('main button')]
        .filter((b) => b.getBoundingClientRect().height < 44)
        .map((b) => (b.textContent ?? '').trim()),
    );

  beforeAll(async () => {
    context = await launchContext({ timezoneId: 'Europe/London' });
    guard = guardOrigin(context, base);
    page = await context.newPage();
    await page.clock.install({ time: T0 });
    await page.goto(base);
  });
  afterAll(async () => {
    await context?.close();
    guard?.assertOwnOriginOnly(); // no other host, no CSP violation
  });

  it('shows an encouraging empty state, linking to the library, before anything is finished', async () => {
    await page.goto(`${base}/#/review`);
    await expect.poll(() => page.getByRole('heading', { level: 2, name: 'Nothing to review yet' }).isVisible()).toBe(true);
    expect(await page.getByRole('link', { name: 'Find your first article' }).getAttribute('href')).toBe('#/');
  });

  it('brings a finished article back three days later; Space reveals, 3 grades Good, U undoes', async () => {
    await page.goto(base);
    await finish('Unicode Book', 'Python 3 strings are code points; bytes are not text.');

    await page.goto(`${base}/#/review`);
    await expect.poll(() => page.getByRole('heading', { level: 2, name: 'All caught up' }).isVisible()).toBe(true);
    expect(await doneText()).toMatch(/next review in 3 days \(1 article\)/i);

    await reviewAt(T0 + 3 * DAY);
    await expect.poll(() => prompt().isVisible()).toBe(true);
    await expect.poll(count).toBe('1 of 1');
    expect(await page.getByText('code points; bytes are not text').count()).toBe(0);

    await page.keyboard.press('Space');
    await expect.poll(() => page.getByText('Python 3 strings are code points; bytes are not text.').isVisible()).toBe(true);
    const link = page.getByRole('link', { name: /Re-read the article/ });
    expect(await link.getAttribute('target')).toBe('_blank');
    expect(await link.getAttribute('rel')).toBe('noopener noreferrer');
    const good = page.getByRole('button', { name: /^Good · \d+ days$/ });
    expect(await good.count()).toBe(1);
    goodDays = Number((await good.textContent())!.match(/(\d+) days/)![1]);
    expect(await accessibilityProblems()).toEqual([]);
    expect(await smallButtons()).toEqual([]);

    await page.keyboard.press('3');
    await expect.poll(() => prompt().isVisible()).toBe(false);
    await expect.poll(() => page.getByRole('heading', { level: 2, name: 'All caught up' }).isVisible()).toBe(true);
    expect(((await page.locator('.last').textContent()) ?? '').replace(/\s+/g, ' ')).toMatch(new RegExp(`Good · “Unicode Book.*” comes back in ${goodDays} days`));
    expect(await doneText()).toMatch(new RegExp(`next review in ${goodDays} days`, 'i'));
    expect(await accessibilityProblems()).toEqual([]);
    expect(await smallButtons()).toEqual([]);

    await page.keyboard.press('u');
    await expect.poll(() => prompt().isVisible()).toBe(true);
    expect(await page.getByText('Python 3 strings are code points; bytes are not text.').isVisible()).toBe(true);
    await expect.poll(count).toBe('1 of 1');

    // Graded again, so the next test starts with nothing due.
    await page.getByRole('button', { name: /^Good · / }).click();
    await expect.poll(() => page.getByRole('heading', { level: 2, name: 'All caught up' }).isVisible()).toBe(true);
  });

  it('ignores the shortcuts while the reader types in the "what I remember" box', async () => {
    await reviewAt(T0 + 3 * DAY);
    await page.goto(base);
    await finish('Math Symbols');
    await reviewAt(T0 + 6 * DAY);
    const box = page.getByRole('textbox', { name: /What I remember/ });
    await box.fill('symbols ');
    await box.press('Space');
    await box.press('3');
    await box.press('u');
    expect(await box.inputValue()).toBe('symbols  3u');
    expect(await page.getByRole('heading', { name: 'Your takeaway' }).count()).toBe(0);
    await page.getByRole('button', { name: /^Reveal/ }).click();
    await page.getByRole('button', { name: /^Easy · / }).click();
    await expect.poll(() => page.getByRole('heading', { level: 2, name: 'All caught up' }).isVisible()).toBe(true);
  });

  it('caps the queue at the daily limit, so a backlog comes a few at a time', async () => {
    await page.goto(base);
    for (const title of ['Writing a simple JSON parser', 'Foundations of Applied', 'Building Finite State Machines']) await finish(title);
    await storeSetting('dailyLimit', 2);
    await reviewAt(T0 + 9 * DAY);
    // The three just finished are due; "Unicode Book" too if its Good interval was six days or less.
    const due = 3 + (3 + goodDays <= 9 ? 1 : 0);
    for (const n of [1, 2]) {
      await expect.poll(count).toBe(`${n} of 2`);
      await page.keyboard.press('Space');
      await expect.poll(() => page.getByRole('heading', { name: 'Your takeaway' }).isVisible()).toBe(true);
      await page.keyboard.press('3');
      await expect.poll(count).not.toBe(`${n} of 2`);
    }
    await expect.poll(() => page.getByRole('heading', { level: 2, name: 'All caught up' }).isVisible()).toBe(true);
    const more = due - 2 === 1 ? '1 more article waits' : `${due - 2} more articles wait`;
    expect(await doneText()).toMatch(new RegExp(`today's limit of 2 reviews; ${more} for tomorrow`));
  });
});
