/**
 * The app must never reach out to another host (no CDN, fonts, analytics): attach this to a
 * browser context and assert at the end of the test that every request stayed on the app's origin.
 */
import type { BrowserContext } from 'playwright-core';

export interface OriginGuard {
  /** URLs requested so far that left the app's origin. */
  readonly foreign: readonly string[];
  /** Throws, listing them, if any request left the app's origin. */
  assertOwnOriginOnly(): void;
}

export interface OriginGuardOptions {
  /** URLs a test deliberately opens elsewhere (e.g. it clicks an article link). */
  allow?: (url: string) => boolean;
}

const LOCAL_SCHEMES = new Set(['data:', 'blob:', 'about:', 'chrome:', 'chrome-extension:', 'devtools:']);

/** Watches every request of `context` (pages and service worker) against `baseURL`'s origin. */
export function guardOrigin(context: BrowserContext, baseURL: string, options: OriginGuardOptions = {}): OriginGuard {
  const origin = new URL(baseURL).origin;
  const foreign: string[] = [];
  context.on('request', (request) => {
    const url = new URL(request.url());
    if (url.origin === origin || LOCAL_SCHEMES.has(url.protocol)) return;
    if (options.allow?.(request.url())) return;
    foreign.push(request.url());
  });
  return {
    foreign,
    assertOwnOriginOnly() {
      if (foreign.length > 0) {
        throw new Error(`The app requested ${foreign.length} URL(s) outside ${origin}:\n  ${foreign.join('\n  ')}`);
      }
    },
  };
}
