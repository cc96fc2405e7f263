/**
 * Accessibility of the whole app (issue #8): axe-core on every screen in light and dark at 390 and
 * 1280 px; everything reachable by keyboard with a visible, unobscured focus ring; the review done
 * with keys only; the `?` shortcuts dialog; and no motion when the system asks for less.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { GRADE_KEYS, SHORTCUTS, SHORTCUT_GROUPS, shortcutsIn } from '../../src/components/keyboard';
import { GRADES, GRADE_LABELS } from '../../src/domain/scheduler';
import { holdRequests, launchContext } from '../support/chromium';
import { guardOrigin, type OriginGuard } from '../support/guard';

const DAY = 86_400_000;
/** Monday 10 March 2025, 10:00 in London: the reader finishes two articles; four days later both are due. */
const T0 = Date.parse('2025-03-10T10:00:00Z');
const WIDTHS = [
  { width: 390, height: 844 },
  { width: 1280, height: 800 },
] as const;
const SCHEMES = ['light', 'dark'] as const;

// Evaluated through the DevTools Protocol rather than added as a <script>: the app's CSP allows no inline script.
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
/** WCAG 2.0–2.2 A and AA, and axe's best practices (landmarks, heading order…). */
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];

/** axe-core's violations on the whole page (header, tab bar, dialogs and toasts included), as "rule: target" lines. */
async function axeViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
  return page.evaluate(async (tags) => {
    const axe = (window as unknown as { axe: typeof import('axe-core') }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: tags } });
    return result.violations.flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(' ')}`));
  }, AXE_TAGS);
}

/** Waits until no CSS or script animation is running (a fading dialog would skew colour contrast). */
async function settle(page: Page): Promise<void> {
  await page.evaluate(() => Promise.all(document.getAnimations().map((a) => a.finished.catch(() => undefined))));
}

const row = (page: Page, title: string) => page.locator('li.article', { hasText: title });

/** The library with every section rendered (the path renders a few sections per task after the first screenful). */
async function openLibrary(page: Page, base: string): Promise<void> {
  await page.goto(`${base}/#/`);
  await page.waitForFunction(() => {
    const sections = document.querySelectorAll('main section[data-section]').length;
    return sections > 0 && sections === document.querySelectorAll('nav[aria-label="Sections"] li').length;
  });
}

/** Waits for the transient notices ("… is now finished. Undo", "Ready to work offline") to time out. */
async function quiet(page: Page): Promise<void> {
  await page.waitForFunction(() => document.querySelectorAll('.notices .notice, .toasts .toast').length === 0, undefined, { timeout: 30_000 });
}

/** Finishes an article with the keyboard only: Enter on its round marker, the takeaway typed into the prompt, Enter on Done. */
async function finishByKeyboard(page: Page, title: string, takeaway: string): Promise<void> {
  const toggle = row(page, title).getByRole('button', { name: new RegExp(`^Finished: ${title}`) });
  await toggle.focus();
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: new RegExp(`Finished: ${title}`) });
  await dialog.waitFor();
  await page.waitForFunction(() => document.activeElement?.tagName === 'TEXTAREA');
  await page.keyboard.type(takeaway);
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await dialog.waitFor({ state: 'hidden' });
  await row(page, title).and(page.locator('[data-status="finished"]')).waitFor();
}

/**
 * Reading progress to show on every screen: two articles finished today with the keyboard, each with
 * a takeaway, and one being read; then the clock moves four days on, so both finished ones are due for review.
 */
async function seed(page: Page, base: string): Promise<void> {
  await page.clock.install({ time: T0 });
  await openLibrary(page, base);
  await finishByKeyboard(page, 'Unicode Book', 'Python 3 strings are code points; bytes are not text.');
  await finishByKeyboard(page, 'Math Symbols', 'Sigma is a for loop.');
  await row(page, 'Foundations of Applied').locator('a.details').click();
  await page.getByRole('radio', { name: 'Reading' }).check();
  await page.clock.setFixedTime(T0 + 4 * DAY);
  await page.reload();
}

/** What the focused element shows: its name and anything wrong with its focus indicator. */
interface FocusStop {
  name: string;
  /** A button that expands a section, inside the section's heading. */
  sectionToggle: boolean;
  /** An http(s) link that opens in a new tab. */
  external: boolean;
  problems: string[];
}

/** Records every element's outline and box-shadow while nothing has focus: the "before" of each focus ring. */
async function rememberUnfocused(page: Page): Promise<void> {
  await page.evaluate(() => {
    (document.activeElement as HTMLElement | null)?.blur();
    const styles = new WeakMap<Element, string>();
    for (const el of document.querySelectorAll('*')) {
      const s = getComputedStyle(el);
      styles.set(el, [s.outlineStyle, s.outlineWidth, s.outlineColor, s.outlineOffset, s.boxShadow].join('|'));
    }
    (window as unknown as { unfocusedStyles: WeakMap<Element, string> }).unfocusedStyles = styles;
  });
}

/**
 * Inspects the focused element (null for none): it must draw a ring (outline of 2 px or more, or a
 * box-shadow) that it did not draw unfocused, on itself or on its <label> (for inputs drawn by their
 * label), in a colour with 3:1 contrast against what is behind the ring (WCAG 1.4.11), and the
 * centre of one of its boxes must not be off screen or under the sticky header, the tab bar or a
 * toast (WCAG 2.4.11).
 */
function inspectFocus(): FocusStop | null {
  const el = document.activeElement;
  if (!(el instanceof HTMLElement) || el === document.body) return null;
  const problems: string[] = [];
  const label = el.closest('label');
  const unfocused = (window as unknown as { unfocusedStyles?: WeakMap<Element, string> }).unfocusedStyles;

  function rgba(color: string): [number, number, number, number] {
    const m = color.match(/[\d.]+/g)?.map(Number) ?? [0, 0, 0, 0];
    return [m[0], m[1], m[2], m.length > 3 ? m[3] : 1];
  }
  function luminance([r, g, b]: number[]): number {
    const lin = [r, g, b].map((c) => {
      const v = c / 255;
      return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2];
  }
  /** The opaque colour painted behind `from`, compositing translucent backgrounds of its ancestors. */
  function backdrop(from: Element | null): number[] {
    const layers: number[][] = [];
    for (let node = from; node; node = node.parentElement) {
      const bg = rgba(getComputedStyle(node).backgroundColor);
      if (bg[3] > 0) layers.push(bg);
      if (bg[3] >= 1) break;
    }
    let color = [255, 255, 255];
    for (const [r, g, b, a] of layers.reverse()) color = [r * a + color[0] * (1 - a), g * a + color[1] * (1 - a), b * a + color[2] * (1 - a)];
    return color;
  }

  /** False for what paints nothing: transparent (a radio under its label) or clipped to a pixel (a file input). */
  function painted(target: Element): boolean {
    const box = target.getBoundingClientRect();
    if (box.width <= 1 || box.height <= 1) return false;
    for (let node: Element | null = target; node; node = node.parentElement) {
      const s = getComputedStyle(node);
      if (s.opacity === '0' || s.visibility === 'hidden') return false;
    }
    return true;
  }

  let ring = false;
  for (const target of [el, label].filter((t): t is HTMLElement | HTMLLabelElement => t !== null && painted(t))) {
    const s = getComputedStyle(target);
    const now = [s.outlineStyle, s.outlineWidth, s.outlineColor, s.outlineOffset, s.boxShadow].join('|');
    if (unfocused?.get(target) === now) continue;
    if (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2) {
      ring = true;
      const behind = backdrop(parseFloat(s.outlineOffset) >= 0 ? target.parentElement : target);
      const [l1, l2] = [luminance(rgba(s.outlineColor)), luminance(behind)].sort((a, b) => b - a);
      const contrast = (l1 + 0.05) / (l2 + 0.05);
      if (contrast < 3) problems.push(`focus ring contrast ${contrast.toFixed(2)}:1 against rgb(${behind.map(Math.round).join(', ')})`);
    } else if (s.boxShadow !== 'none') {
      ring = true;
    }
  }
  if (!ring) problems.push('no visible focus indicator (outline or box-shadow unchanged by focus)');

  // A link wrapping onto two lines has two boxes: the centre of either may show.
  const seen: string[] = [];
  const visible = [...(label && !painted(el) ? label : el).getClientRects()].some((box) => {
    const x = (box.left + box.right) / 2;
    const y = (Math.max(0, box.top) + Math.min(innerHeight, box.bottom)) / 2;
    const hit = x >= 0 && x < innerWidth && y >= 0 && y < innerHeight ? document.elementFromPoint(x, y) : null;
    seen.push(hit ? `${hit.tagName.toLowerCase()}.${hit.className}` : 'nothing (off screen)');
    return hit !== null && (el.contains(hit) || label?.contains(hit) === true);
  });
  if (!visible) problems.push(`obscured: its centre shows ${seen.join(', ')}`);

  const text = el.getAttribute('aria-label') ?? (el instanceof HTMLInputElement && el.labels?.[0] ? el.labels[0].textContent : el.textContent);
  return {
    name: (text ?? '').replace(/\s+/g, ' ').trim(),
    sectionToggle: el.matches('h2 > button[aria-expanded]'),
    external: el instanceof HTMLAnchorElement && /^https?:/.test(el.getAttribute('href') ?? '') && el.target === '_blank',
    problems,
  };
}

/**
 * Presses `key` up to `max` times, inspecting each element that takes focus; stops early when focus
 * leaves the page (Tab past the last control) or `until` says so.
 */
async function walk(page: Page, key: 'Tab' | 'Shift+Tab', max: number, until?: (stop: FocusStop) => boolean): Promise<FocusStop[]> {
  const stops: FocusStop[] = [];
  for (let i = 0; i < max; i++) {
    await page.keyboard.press(key);
    const stop = await page.evaluate(inspectFocus);
    if (!stop) break;
    stops.push(stop);
    if (until?.(stop)) break;
  }
  return stops;
}

/** Tabs once round the whole page from wherever focus starts, back to that element, inspecting every stop. */
async function walkRound(page: Page, max = 200): Promise<FocusStop[]> {
  await page.evaluate(() => document.querySelector('[data-walk-start]')?.removeAttribute('data-walk-start'));
  const stops: FocusStop[] = [];
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const back = await page.evaluate(() => {
      const el = document.activeElement;
      if (!el || el === document.body) return false;
      if (el.hasAttribute('data-walk-start')) return true;
      if (!document.querySelector('[data-walk-start]')) el.setAttribute('data-walk-start', '');
      return false;
    });
    if (back) return stops;
    const stop = await page.evaluate(inspectFocus);
    if (stop) stops.push(stop);
  }
  throw new Error(`Tab did not come round in ${max} presses: ${stops.map((s) => s.name).join(' → ')}`);
}

const problemsOf = (stops: FocusStop[]) => stops.flatMap((s) => s.problems.map((p) => `“${s.name}”: ${p}`));

/** Every element's transitions and animations longer than 0.01 ms, every smooth scroller, and the running Web Animations. */
function motion(): { moving: string[]; smooth: string[]; animations: number[] } {
  const moving: string[] = [];
  const smooth: string[] = [];
  for (const el of document.querySelectorAll('*')) {
    for (const pseudo of [null, '::before', '::after', '::backdrop']) {
      const s = getComputedStyle(el, pseudo);
      const longest = (list: string) => Math.max(...list.split(',').map((v) => (v.trim().endsWith('ms') ? parseFloat(v) : parseFloat(v) * 1000)));
      const transition = s.transitionProperty === 'none' ? 0 : longest(s.transitionDuration);
      const animation = s.animationName === 'none' ? 0 : longest(s.animationDuration);
      const name = `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}.${[...el.classList].join('.')}${pseudo ?? ''}`;
      if (transition > 0.011) moving.push(`${name} transition ${transition} ms`);
      if (animation > 0.011) moving.push(`${name} animation ${animation} ms`);
      if (pseudo === null && s.scrollBehavior === 'smooth') smooth.push(name);
    }
  }
  const animations = document.getAnimations().map((a) => Number(a.effect?.getComputedTiming().duration ?? 0));
  return { moving, smooth, animations };
}

describe('axe-core on every screen, light and dark, at 390 and 1280 px', () => {
  let context: BrowserContext;
  let page: Page;
  let guard: OriginGuard;
  const base = inject('baseURL');

  beforeAll(async () => {
    context = await launchContext({ timezoneId: 'Europe/London' });
    guard = guardOrigin(context, base);
    page = await context.newPage();
    await seed(page, base);
  });
  afterAll(async () => {
    try {
      guard?.assertOwnOriginOnly();
    } finally {
      await context?.close();
    }
  });

  const reviewPrompt = async () => {
    await page.goto(`${base}/#/review`);
    await page.reload(); // a revealed card stays revealed while the app is open
    await page.getByRole('button', { name: /^Reveal/ }).waitFor();
  };
  const SCREENS: { screen: string; open: () => Promise<void> }[] = [
    { screen: 'library (finished and reading articles)', open: () => openLibrary(page, base) },
    {
      screen: 'search results',
      open: async () => {
        await page.goto(`${base}/#/?q=gil`);
        await expect.poll(() => page.getByRole('list', { name: 'Search results' }).getByRole('link').count()).toBeGreaterThan(0);
      },
    },
    {
      screen: 'search without results',
      open: async () => {
        await page.goto(`${base}/#/?q=zzzzqqq`);
        await page.getByText(/^No articles match/).waitFor();
      },
    },
    {
      screen: 'article with a takeaway',
      open: async () => {
        await openLibrary(page, base);
        await row(page, 'Unicode Book').locator('a.details').click();
        await expect.poll(() => page.getByRole('textbox', { name: /one idea/ }).inputValue()).toMatch(/code points/);
      },
    },
    { screen: 'review before reveal', open: reviewPrompt },
    {
      screen: 'review after reveal',
      open: async () => {
        await reviewPrompt();
        await page.getByRole('button', { name: /^Reveal/ }).click();
        await page.getByRole('button', { name: /^Good · / }).waitFor();
      },
    },
    {
      screen: 'progress',
      open: async () => {
        await page.goto(`${base}/#/progress`);
        await page.getByRole('heading', { level: 1, name: 'Progress' }).waitFor();
        await expect.poll(() => page.getByText('Loading your progress').count()).toBe(0);
      },
    },
    {
      screen: 'settings',
      open: async () => {
        await page.goto(`${base}/#/settings`);
        await page.getByRole('heading', { level: 1, name: 'Settings' }).waitFor();
      },
    },
    {
      screen: 'keyboard shortcuts dialog',
      open: async () => {
        await openLibrary(page, base);
        await page.keyboard.press('?');
        await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor();
      },
    },
  ];

  it.each(SCREENS)('$screen has no violations', async ({ screen, open }) => {
    const problems: string[] = [];
    for (const size of WIDTHS) {
      await page.setViewportSize(size);
      for (const colorScheme of SCHEMES) {
        await page.emulateMedia({ colorScheme });
        await open();
        await settle(page);
        problems.push(...(await axeViolations(page)).map((p) => `${screen} · ${colorScheme} · ${size.width}px · ${p}`));
        await page.keyboard.press('Escape'); // closes the shortcuts dialog
      }
    }
    expect(problems).toEqual([]);
  }, 180_000);
});

describe('keyboard', () => {
  let context: BrowserContext;
  let page: Page;
  let guard: OriginGuard;
  const base = inject('baseURL');
  const helpDialog = () => page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  const focusedName = () => page.evaluate(() => document.activeElement?.textContent?.replace(/\s+/g, ' ').trim() ?? '');
  const focusInHelp = () => page.evaluate(() => document.querySelector('dialog.keyboard-help')?.contains(document.activeElement) ?? false);

  beforeAll(async () => {
    context = await launchContext({ timezoneId: 'Europe/London' });
    guard = guardOrigin(context, base);
    page = await context.newPage();
    await seed(page, base);
    await quiet(page);
  });
  afterAll(async () => {
    try {
      guard?.assertOwnOriginOnly();
    } finally {
      await context?.close();
    }
  });

  const COMBOS = WIDTHS.flatMap((size) => SCHEMES.map((colorScheme) => ({ ...size, colorScheme })));

  it.each(COMBOS)(
    'Tab from a fresh load reaches the skip link, nav, search, a section toggle, a status control and its Open link, each with a visible ring ($width px, $colorScheme)',
    async ({ width, height, colorScheme }) => {
      await page.setViewportSize({ width, height });
      await page.emulateMedia({ colorScheme });
      await openLibrary(page, base);
      await page.reload(); // a fresh load: Tab starts from the top of the page
      await openLibrary(page, base);
      await rememberUnfocused(page);
      const forward = await walk(page, 'Tab', 120, (stop) => stop.external && stop.name.startsWith('Unicode Book'));
      const names = forward.map((s) => s.name);
      const at = (test: (stop: FocusStop) => boolean, what: string) => {
        const index = forward.findIndex(test);
        expect(index, `Tab never reached ${what}; it went through: ${names.join(' → ')}`).toBeGreaterThanOrEqual(0);
        return index;
      };
      const order = [
        at((s) => s.name === 'Skip to content', 'the skip link'),
        ...['Library', 'Review', 'Progress', 'Settings'].map((tab) => at((s) => s.name.startsWith(tab), `the ${tab} tab`)),
        at((s) => s.name === 'Search articles', 'the search box'),
        at((s) => s.sectionToggle && /Encoding/.test(s.name), 'the Encoding section toggle'),
        at((s) => s.name.startsWith('Finished: Unicode Book'), 'the status control of Unicode Book'),
        at((s) => s.external && s.name.startsWith('Unicode Book'), 'the Open link of Unicode Book'),
      ];
      expect(order[0], 'the skip link comes first').toBe(0);
      expect([...order].sort((a, b) => a - b)).toEqual(order);
      // On through the list (rows scroll up from under the phone tab bar), then back (under the sticky header).
      const further = await walk(page, 'Tab', 40);
      const back = await walk(page, 'Shift+Tab', 50);
      expect(problemsOf([...forward, ...further, ...back]), `${width} px, ${colorScheme}`).toEqual([]);
    },
    120_000,
  );

  it('shows a visible, unobscured ring on every control of the article, search, progress and settings screens and the shortcuts dialog, light and dark', async () => {
    await page.setViewportSize(WIDTHS[0]);
    const screens = [
      { name: 'article', open: () => openLibrary(page, base).then(() => row(page, 'Unicode Book').locator('a.details').click()) },
      { name: 'search', open: () => page.goto(`${base}/#/?q=gil`).then(() => page.getByRole('list', { name: 'Search results' }).waitFor()) },
      { name: 'progress', open: () => page.goto(`${base}/#/progress`).then(() => page.getByRole('heading', { level: 1, name: 'Progress' }).waitFor()) },
      { name: 'settings', open: () => page.goto(`${base}/#/settings`).then(() => page.getByRole('heading', { level: 1, name: 'Settings' }).waitFor()) },
      { name: 'shortcuts dialog', open: () => openLibrary(page, base).then(() => page.keyboard.press('?')).then(() => helpDialog().waitFor()) },
    ];
    const problems: string[] = [];
    for (const colorScheme of SCHEMES) {
      await page.emulateMedia({ colorScheme });
      for (const screen of screens) {
        await screen.open();
        await settle(page);
        await rememberUnfocused(page);
        const stops = await walkRound(page);
        expect(stops.length, `${screen.name}: Tab reaches its controls`).toBeGreaterThan(0);
        problems.push(...problemsOf(stops).map((p) => `${screen.name} · ${colorScheme} · ${p}`));
        await page.keyboard.press('Escape');
      }
    }
    expect(problems).toEqual([]);
  }, 180_000);

  it('opens the shortcuts dialog with ?, moves focus into it, closes it with Esc and gives focus back', async () => {
    await page.setViewportSize(WIDTHS[1]);
    await page.emulateMedia({ colorScheme: 'light' });
    await openLibrary(page, base);
    const toggle = page.getByRole('heading', { level: 2, name: /Compiler Theory/ }).getByRole('button');
    await toggle.focus();
    await page.keyboard.press('?');
    await expect.poll(() => helpDialog().isVisible()).toBe(true);
    expect(await focusInHelp()).toBe(true);
    // Keys stay in the dialog: `/` does not reach the search box behind it.
    await page.keyboard.press('/');
    expect(await focusInHelp()).toBe(true);
    await page.keyboard.press('Escape');
    await expect.poll(() => helpDialog().isVisible()).toBe(false);
    expect(await focusedName()).toMatch(/^3\s*Compiler Theory/);

    // `?` toggles it; a click beside it closes it too.
    await page.keyboard.press('?');
    await expect.poll(() => helpDialog().isVisible()).toBe(true);
    await page.keyboard.press('?');
    await expect.poll(() => helpDialog().isVisible()).toBe(false);
    await page.keyboard.press('?');
    await expect.poll(() => helpDialog().isVisible()).toBe(true);
    await page.mouse.click(5, 5);
    await expect.poll(() => helpDialog().isVisible()).toBe(false);
    expect(await focusedName()).toMatch(/^3\s*Compiler Theory/);
  });

  it('opens the shortcuts dialog for a ? pressed before the dialog has loaded (it is not part of the first screen)', async () => {
    const fresh = await launchContext();
    const freshGuard = guardOrigin(fresh, base);
    // A first visit (no service worker yet), with the dialog's code held back until the key is pressed.
    const dialogCode = await holdRequests(fresh, /\/assets\/KeyboardHelp-[^/]+\.js$/);
    try {
      const first = await fresh.newPage();
      await openLibrary(first, base);
      const toggle = first.getByRole('heading', { level: 2, name: /Compiler Theory/ }).getByRole('button');
      await toggle.focus();
      await first.keyboard.press('?');
      await expect.poll(() => dialogCode.requested()).toBe(true);
      const dialog = first.getByRole('dialog', { name: 'Keyboard shortcuts' });
      expect(await dialog.count()).toBe(0);
      dialogCode.release();
      await expect.poll(() => dialog.isVisible()).toBe(true);
      expect(await first.evaluate(() => document.querySelector('dialog.keyboard-help')?.contains(document.activeElement))).toBe(true);
      await first.keyboard.press('Escape');
      await expect.poll(() => dialog.isVisible()).toBe(false);
      expect(await first.evaluate(() => document.activeElement?.textContent?.replace(/\s+/g, ' ').trim())).toMatch(/^3\s*Compiler Theory/);
    } finally {
      dialogCode.release();
      await fresh.close();
      freshGuard.assertOwnOriginOnly();
    }
  });

  it('lists every shortcut of the SHORTCUTS table, grouped, with its keys', async () => {
    await openLibrary(page, base);
    await page.keyboard.press('?');
    await expect.poll(() => helpDialog().isVisible()).toBe(true);
    const groups = helpDialog().getByRole('heading', { level: 3 });
    expect(await groups.allTextContents()).toEqual(SHORTCUT_GROUPS.map((g) => g.title));
    for (const group of SHORTCUT_GROUPS) {
      const section = helpDialog().getByRole('region', { name: group.title });
      expect(await section.locator('dd').allTextContents()).toEqual(shortcutsIn(group.id).map((s) => s.action));
      expect(await section.locator('kbd').count()).toBe(shortcutsIn(group.id).reduce((n, s) => n + s.keys.length, 0));
    }
    expect(await helpDialog().locator('dd').count()).toBe(Object.keys(SHORTCUTS).length);
    // The grade keys say the scheduler's grades, in the order of the grade buttons.
    const review = helpDialog().getByRole('region', { name: 'Review' });
    for (const [i, grade] of GRADES.entries()) {
      const line = review.locator('.row').filter({ hasText: `Grade: ${GRADE_LABELS[grade]}` });
      expect(await line.locator('kbd').textContent()).toBe(GRADE_KEYS[i]);
      expect(GRADE_KEYS[i]).toBe(String(i + 1));
    }
    // Symbols have a spoken name: "Down arrow", not "↓".
    expect(await helpDialog().getByText('Down arrow').count()).toBeGreaterThan(0);
    await page.keyboard.press('Escape');
  });

  it('types a question mark in a text field instead of opening the dialog', async () => {
    await openLibrary(page, base);
    const box = page.getByRole('searchbox', { name: 'Search articles' });
    await box.focus();
    await page.keyboard.type('why?');
    expect(await box.inputValue()).toBe('why?');
    expect(await helpDialog().isVisible()).toBe(false);

    await openLibrary(page, base);
    await row(page, 'Unicode Book').locator('a.details').click();
    const takeaway = page.getByRole('textbox', { name: /one idea/ });
    await takeaway.focus();
    await page.keyboard.press('End');
    await page.keyboard.type(' Why?');
    await expect.poll(() => takeaway.inputValue()).toMatch(/ Why\?$/);
    expect(await helpDialog().isVisible()).toBe(false);
  });

  it('opens the dialog from Settings → Keyboard, and its Close button gives focus back to that button', async () => {
    await page.goto(`${base}/#/settings`);
    const open = page.getByRole('button', { name: /^Keyboard shortcuts/ });
    await open.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => helpDialog().isVisible()).toBe(true);
    await helpDialog().getByRole('button', { name: 'Close keyboard shortcuts' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => helpDialog().isVisible()).toBe(false);
    expect(await focusedName()).toMatch(/^Keyboard shortcuts/);
  });

  it('fits a 320 px screen, light and dark, without sideways scrolling or axe violations', async () => {
    await page.setViewportSize({ width: 320, height: 640 });
    await openLibrary(page, base);
    for (const colorScheme of SCHEMES) {
      await page.emulateMedia({ colorScheme });
      await page.keyboard.press('?');
      await expect.poll(() => helpDialog().isVisible()).toBe(true);
      await settle(page);
      const fit = await helpDialog().evaluate((d) => {
        const box = d.getBoundingClientRect();
        return { left: box.left, right: box.right, sideways: d.scrollWidth - d.clientWidth };
      });
      expect(fit.left).toBeGreaterThanOrEqual(0);
      expect(fit.right).toBeLessThanOrEqual(320);
      expect(fit.sideways).toBe(0);
      expect(await axeViolations(page), `320 px, ${colorScheme}`).toEqual([]);
      await page.keyboard.press('Escape');
    }
  });

  it('reaches a notice with Shift+Tab from the top, shows a ring on its buttons in both themes; Enter on Undo undoes, Esc dismisses', async () => {
    await page.setViewportSize(WIDTHS[0]);
    for (const colorScheme of SCHEMES) {
      await page.emulateMedia({ colorScheme });
      await openLibrary(page, base);
      await quiet(page);
      const toggle = row(page, 'Writing a simple JSON parser').getByRole('button', { name: /^Finished: / });
      await toggle.focus();
      await page.keyboard.press('Space');
      const prompt = page.getByRole('dialog', { name: /Finished: Writing a simple JSON parser/ });
      await expect.poll(() => prompt.isVisible()).toBe(true);
      await page.keyboard.press('Escape');
      await expect.poll(() => row(page, 'Writing a simple JSON parser').getAttribute('data-status')).toBe('finished');
      expect(await focusedName()).toMatch(/^Finished: Writing a simple JSON parser/);

      await rememberUnfocused(page);
      await page.locator('.skip-link').focus();
      const stops: FocusStop[] = [];
      for (let i = 0; i < 4 && stops.length < 2; i++) {
        await page.keyboard.press('Shift+Tab');
        const stop = await page.evaluate(inspectFocus);
        if (stop) stops.push(stop);
      }
      expect(stops.map((s) => s.name)).toEqual(['Dismiss', 'Undo']);
      expect(problemsOf(stops), colorScheme).toEqual([]);
      if (colorScheme === 'light') {
        await page.keyboard.press('Enter');
        await expect.poll(() => row(page, 'Writing a simple JSON parser').getAttribute('data-status')).toBe('to-read');
      } else {
        await page.keyboard.press('Escape'); // dismisses the notice, keeps the change
        await expect.poll(() => page.locator('.notices .notice').count()).toBe(0);
        expect(await row(page, 'Writing a simple JSON parser').getAttribute('data-status')).toBe('finished');
      }
    }
  });

  it('does the review with keys only: Space reveals, 1–4 grade, U undoes; the dialog keeps keys from the card behind it', async () => {
    await page.setViewportSize(WIDTHS[0]);
    await page.emulateMedia({ colorScheme: 'dark' });
    const count = () => page.locator('.review-screen .count').textContent();
    const revealed = () => page.getByRole('heading', { name: 'Your takeaway' }).isVisible();
    await page.goto(`${base}/#/review`);
    await page.reload();
    await expect.poll(count).toBe('1 of 2');

    // Every control shows its ring, before and after the reveal.
    await rememberUnfocused(page);
    const before = await walkRound(page);
    expect(before.map((s) => s.name)).toContain('Reveal Space');
    await page.reload();
    await expect.poll(count).toBe('1 of 2');
    await page.keyboard.press('Space');
    await expect.poll(revealed).toBe(true);
    await rememberUnfocused(page);
    const after = await walkRound(page);
    expect(after.filter((s) => /^(Again|Hard|Good|Easy) · /.test(s.name))).toHaveLength(4);
    expect(problemsOf([...before, ...after])).toEqual([]);

    await page.reload();
    await expect.poll(count).toBe('1 of 2');
    expect(await revealed()).toBe(false);
    await page.keyboard.press('Space');
    await expect.poll(revealed).toBe(true);

    // With the shortcuts dialog open, `3` grades nothing; Esc gives focus back to the card.
    await page.keyboard.press('?');
    await expect.poll(() => helpDialog().isVisible()).toBe(true);
    await page.keyboard.press('3');
    await page.keyboard.press('Escape');
    await expect.poll(() => helpDialog().isVisible()).toBe(false);
    expect(await count()).toBe('1 of 2');
    expect(await page.locator('.last').count()).toBe(0);
    expect(await focusedName()).toBe('Your takeaway');

    await page.keyboard.press('3');
    await expect.poll(count).toBe('2 of 2');
    expect(await page.locator('.last').textContent()).toMatch(/^\s*Good · /);
    expect(await revealed()).toBe(false);
    await page.keyboard.press('Space');
    await expect.poll(revealed).toBe(true);
    await page.keyboard.press('1');
    await expect.poll(() => page.getByRole('heading', { level: 2, name: 'All caught up' }).isVisible()).toBe(true);
    expect(await page.locator('.last').textContent()).toMatch(/^\s*Again · /);
    await page.keyboard.press('u');
    await expect.poll(count).toBe('2 of 2');
    expect(await revealed()).toBe(true);
    await page.keyboard.press('4');
    await expect.poll(() => page.getByRole('heading', { level: 2, name: 'All caught up' }).isVisible()).toBe(true);
    expect(await page.locator('.last').textContent()).toMatch(/^\s*Easy · /);
  }, 120_000);
});

describe('reduced motion', () => {
  let context: BrowserContext;
  let page: Page;
  let guard: OriginGuard;
  const base = inject('baseURL');

  beforeAll(async () => {
    context = await launchContext({ timezoneId: 'Europe/London' });
    guard = guardOrigin(context, base);
    // Records the behaviour of every scroll the app asks for.
    await context.addInitScript(() => {
      const scrolls: string[] = [];
      (window as unknown as { scrolls: string[] }).scrolls = scrolls;
      const original = Element.prototype.scrollIntoView;
      Element.prototype.scrollIntoView = function (options?: boolean | ScrollIntoViewOptions) {
        scrolls.push(typeof options === 'object' ? (options.behavior ?? 'auto') : 'auto');
        original.call(this, options);
      };
      for (const target of [window, Element.prototype] as const) {
        for (const method of ['scroll', 'scrollTo', 'scrollBy'] as const) {
          const own = target[method] as unknown as (this: unknown, ...args: unknown[]) => void;
          Object.defineProperty(target, method, {
            configurable: true,
            value(this: unknown, ...args: unknown[]) {
              const options = args[0];
              scrolls.push(typeof options === 'object' && options !== null ? ((options as ScrollToOptions).behavior ?? 'auto') : 'auto');
              own.apply(this, args);
            },
          });
        }
      }
    });
    page = await context.newPage();
    await seed(page, base);
  });
  afterAll(async () => {
    try {
      guard?.assertOwnOriginOnly();
    } finally {
      await context?.close();
    }
  });

  const scrolls = () => page.evaluate(() => (window as unknown as { scrolls: string[] }).scrolls.splice(0));

  /** Opens the library with a collapsed section, an Undo notice and the shortcuts dialog: everything that moves. */
  async function everythingThatMoves() {
    await openLibrary(page, base);
    await page.getByRole('heading', { level: 2, name: /Maths/ }).getByRole('button').click(); // the chevron turns
    await row(page, 'Writing a simple JSON parser').getByRole('button', { name: /^Finished: / }).click();
    const prompt = page.getByRole('dialog', { name: /Finished: Writing a simple JSON parser/ });
    await expect.poll(() => prompt.isVisible()).toBe(true);
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByRole('status').getByRole('button', { name: 'Undo' }).count()).toBe(1);
    await page.getByRole('status').getByRole('button', { name: 'Undo' }).click();
    await page.keyboard.press('?');
    await expect.poll(() => page.getByRole('dialog', { name: 'Keyboard shortcuts' }).isVisible()).toBe(true);
    return page.evaluate(motion);
  }

  it('without a preference, the section chevron and the dialog do move (what the check below looks for)', async () => {
    await page.emulateMedia({ reducedMotion: 'no-preference' });
    const { moving } = await everythingThatMoves();
    expect(moving.some((m) => /^svg\.chevron.* transition 150 ms$/.test(m)), moving.join('\n')).toBe(true);
    expect(moving.some((m) => /^dialog\..*keyboard-help.* animation 160 ms$/.test(m)), moving.join('\n')).toBe(true);
    await page.keyboard.press('Escape');
  });

  it('with prefers-reduced-motion, nothing on any screen transitions, animates or scrolls smoothly for longer than 0.01 ms', async () => {
    await page.emulateMedia({ reducedMotion: 'reduce' });
    const found: string[] = [];
    const check = (screen: string, { moving, smooth, animations }: ReturnType<typeof motion>) => {
      found.push(...moving.map((m) => `${screen}: ${m}`), ...smooth.map((s) => `${screen}: smooth scrolling on ${s}`));
      found.push(...animations.filter((d) => d > 0.011).map((d) => `${screen}: a Web Animation of ${d} ms`));
    };
    check('library, notice and dialog', await everythingThatMoves());
    await page.keyboard.press('Escape');
    for (const route of ['#/review', '#/progress', '#/settings']) {
      await page.goto(`${base}/${route}`);
      await page.getByRole('heading', { level: 1 }).waitFor();
      check(route, await page.evaluate(motion));
    }
    expect(found).toEqual([]);
  });

  it('jumps to a section without a smooth scroll under reduced motion, and with one otherwise', async () => {
    const index = () => page.getByRole('navigation', { name: 'Sections' });
    for (const [reducedMotion, expected] of [
      ['reduce', 'auto'],
      ['no-preference', 'smooth'],
    ] as const) {
      await page.emulateMedia({ reducedMotion });
      await openLibrary(page, base);
      await scrolls();
      await index().getByRole('button', { name: /^\s*(\d+\s*)?Packaging/ }).click();
      await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('section-packaging');
      const asked = await scrolls();
      expect(asked, reducedMotion).toContain(expected);
      if (reducedMotion === 'reduce') {
        expect(asked, reducedMotion).not.toContain('smooth');
        // Already there, with no scroll still running: the heading sits just below the sticky header.
        const top = await page.locator('#section-packaging').evaluate((h) => h.getBoundingClientRect().top);
        expect(top).toBeGreaterThan(0);
        expect(top).toBeLessThan(250);
      }
    }
  });
});
