import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { launchContext } from '../support/chromium';
import { guardOrigin, type OriginGuard } from '../support/guard';

interface ManifestImage {
  src: string;
  sizes: string;
  type?: string;
  purpose?: string;
  form_factor?: string;
}

interface Manifest {
  id: string;
  name: string;
  short_name: string;
  start_url: string;
  scope: string;
  display: string;
  theme_color: string;
  background_color: string;
  categories: string[];
  icons: ManifestImage[];
  screenshots: ManifestImage[];
  shortcuts: { name: string; url: string }[];
}

/** Width and height from a PNG's IHDR chunk. */
function pngSize(bytes: Buffer): string {
  expect(bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
  return `${bytes.readUInt32BE(16)}x${bytes.readUInt32BE(20)}`;
}

const IPHONE_SAFARI =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1';

describe('installing the app', () => {
  const base = inject('baseURL');
  let context: BrowserContext;
  let page: Page;
  let guard: OriginGuard;
  let manifest: Manifest;

  beforeAll(async () => {
    context = await launchContext();
    guard = guardOrigin(context, base);
    page = await context.newPage();
    await page.goto(base);
    const href = await page.locator('link[rel=manifest]').getAttribute('href');
    manifest = (await (await context.request.get(new URL(href!, base).href)).json()) as Manifest;
  });
  afterAll(async () => {
    await context?.close();
    guard?.assertOwnOriginOnly();
  });

  it('meets every installability check of Chromium', async () => {
    const cdp = await context.newCDPSession(page);
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 20_000 });
    const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
    expect(installabilityErrors).toEqual([]);
  });

  it('has a manifest with identity, colours, categories, shortcuts and screenshots', () => {
    expect(manifest).toMatchObject({
      id: '/',
      name: 'PyRecall',
      short_name: 'PyRecall',
      start_url: '/',
      scope: '/',
      display: 'standalone',
      theme_color: '#1f4f8f',
      background_color: '#f6f7f9',
      categories: ['education', 'productivity', 'books'],
    });
    expect(manifest.shortcuts.map((s) => s.url)).toEqual(['/#/search', '/#/review']);
    expect(manifest.screenshots.map((s) => s.form_factor).sort()).toEqual(['narrow', 'wide']);
    const purposes = manifest.icons.map((i) => i.purpose ?? 'any');
    expect(purposes).toContain('any');
    expect(purposes).toContain('maskable');
    expect(manifest.icons.map((i) => i.sizes)).toEqual(expect.arrayContaining(['192x192', '512x512']));
  });

  it('serves every manifest icon and screenshot as a PNG of its declared size', async () => {
    for (const image of [...manifest.icons, ...manifest.screenshots]) {
      const response = await context.request.get(new URL(image.src, new URL('/manifest.webmanifest', base)).href);
      expect(response.status(), image.src).toBe(200);
      expect(response.headers()['content-type'], image.src).toBe(image.type ?? 'image/png');
      expect(pngSize(await response.body()), image.src).toBe(image.sizes);
    }
  });

  it('links one favicon, one SVG icon and one apple-touch-icon, and one theme colour per scheme', async () => {
    const head = await page.evaluate(() =>
      Array.from(document.head.querySelectorAll('link[rel~=icon], link[rel=apple-touch-icon], meta[name=theme-color]'), (e) =>
        e.outerHTML.replace(/\s+/g, ' '),
      ),
    );
    expect(head.filter((h) => h.includes('rel="icon"'))).toHaveLength(2);
    expect(head.filter((h) => h.includes('apple-touch-icon'))).toHaveLength(1);
    expect(head.filter((h) => h.includes('theme-color'))).toHaveLength(2);
    const links = await page.evaluate(() =>
      Array.from(document.head.querySelectorAll<HTMLLinkElement>('link[rel~=icon], link[rel=apple-touch-icon]'), (l) => l.href),
    );
    for (const href of links) expect((await context.request.get(href)).status(), href).toBe(200);
  });

  it('serves a robots.txt that allows crawling', async () => {
    const response = await context.request.get(`${base}/robots.txt`);
    expect(response.status()).toBe(200);
    expect(response.headers()['content-type']).toMatch(/^text\/plain/);
    expect(await response.text()).toMatch(/User-agent: \*\s+Allow: \//);
  });

  it('offers an Install button when the browser allows it, without moving the page, and hides it once used', async () => {
    // A stand-in for Chromium's own beforeinstallprompt, so that clicking opens no browser dialog.
    const own = await context.newPage();
    await own.addInitScript(`window.addEventListener('beforeinstallprompt', (e) => e.isTrusted && e.stopImmediatePropagation(), true);`);
    await own.goto(base);
    const button = own.locator('header').getByRole('button', { name: /^Install/ });
    await expect.poll(() => own.locator('main h1').count()).toBeGreaterThan(0);
    expect(await button.count()).toBe(0);
    const headerBefore = await own.locator('header').boundingBox();
    await own.evaluate(() => {
      const event = new Event('beforeinstallprompt', { cancelable: true });
      Object.assign(event, {
        prompt: async () => void ((window as unknown as { prompted: boolean }).prompted = true),
        userChoice: Promise.resolve({ outcome: 'accepted', platform: 'web' }),
      });
      window.dispatchEvent(event);
    });
    await button.waitFor();
    expect(await own.locator('header').boundingBox()).toEqual(headerBefore);
    await button.click();
    expect(await own.evaluate(() => (window as unknown as { prompted?: boolean }).prompted)).toBe(true);
    await expect.poll(() => button.count()).toBe(0);
    await own.close();
  });
});

describe('installing on iOS', () => {
  const base = inject('baseURL');

  /** An iPhone: Safari's user agent, and no beforeinstallprompt (which iOS never fires). */
  async function iphone(extraInit = ''): Promise<BrowserContext> {
    const context = await launchContext({ userAgent: IPHONE_SAFARI, isMobile: true, hasTouch: true });
    await context.addInitScript(
      `window.addEventListener('beforeinstallprompt', (e) => e.isTrusted && e.stopImmediatePropagation(), true);${extraInit}`,
    );
    return context;
  }

  it('explains Share, then Add to Home Screen, behind an Install button', async () => {
    const context = await iphone();
    const guard = guardOrigin(context, base);
    try {
      const page = await context.newPage();
      await page.goto(base);
      const button = page.locator('header').getByRole('button', { name: /^Install/ });
      const hint = page.locator('#ios-install-hint');
      expect(await button.getAttribute('aria-expanded')).toBe('false');
      expect(await hint.isVisible()).toBe(false);
      await button.click();
      expect(await button.getAttribute('aria-expanded')).toBe('true');
      expect(await hint.textContent()).toMatch(/Share.*Add to Home Screen/);
      await page.keyboard.press('Escape');
      expect(await hint.isVisible()).toBe(false);
    } finally {
      await context.close();
    }
    guard.assertOwnOriginOnly();
  });

  it('shows nothing once installed (started from the home screen)', async () => {
    const context = await iphone(`Object.defineProperty(Navigator.prototype, 'standalone', { get: () => true });`);
    try {
      const page = await context.newPage();
      await page.goto(base);
      await expect.poll(() => page.locator('main h1').count()).toBeGreaterThan(0);
      expect(await page.locator('header').getByRole('button', { name: /^Install/ }).count()).toBe(0);
    } finally {
      await context.close();
    }
  });
});
