/**
 * Finds a Chromium for the end-to-end tests and benchmarks: $CHROME_PATH, then the usual
 * system paths. Playwright's own browser download is not used (it cannot run here).
 */
import { existsSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type LaunchOptions } from 'playwright-core';

const CANDIDATES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/snap/bin/chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
  'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
];

export const CHROMIUM_HINT =
  'No Chromium found: install one (Debian: apt-get install -y chromium) or set CHROME_PATH to its executable.';

/** The Chromium executable to drive, or an Error carrying a one-line hint. */
export function findChromium(): string {
  const fromEnv = process.env.CHROME_PATH;
  if (fromEnv) {
    if (existsSync(fromEnv)) return fromEnv;
    throw new Error(`CHROME_PATH=${fromEnv} does not exist. ${CHROMIUM_HINT}`);
  }
  const found = CANDIDATES.find((p) => existsSync(p));
  if (!found) throw new Error(CHROMIUM_HINT);
  return found;
}

/** Flags that keep Chromium quiet and offline-safe on a closed network. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  '--disable-dev-shm-usage',
];

/**
 * A fresh browser profile (its own user-data-dir, so service workers and IndexedDB start empty).
 * Close the returned context when done.
 */
export async function launchContext(options: Parameters<typeof chromium.launchPersistentContext>[1] = {}): Promise<BrowserContext> {
  const dir = mkdtempSync(join(tmpdir(), 'pyrecall-chromium-'));
  const launch: LaunchOptions = { executablePath: findChromium(), headless: true, args: CHROMIUM_ARGS };
  return chromium.launchPersistentContext(dir, { ...launch, viewport: { width: 390, height: 844 }, ...options });
}

/** Requests held back by `holdRequests` until `release()`. */
export interface HeldRequests {
  /** Whether the page has asked for a matching URL yet. */
  requested(): boolean;
  /** Lets the held requests (and any later ones) through. */
  release(): void;
}

/**
 * Holds back every request of `context` whose URL matches `pattern` until `release()`: for
 * checking what the app does while a part of it is still loading. Only network requests are
 * held, so use it on a first visit (before a service worker answers from its precache).
 */
export async function holdRequests(context: BrowserContext, pattern: RegExp): Promise<HeldRequests> {
  let release = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  let requested = false;
  await context.route(pattern, async (route) => {
    requested = true;
    await held;
    await route.continue();
  });
  return { requested: () => requested, release: () => release() };
}
