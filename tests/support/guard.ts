/**
 * Two promises the built app makes, checked in every end-to-end test: it never reaches out to
 * another host (no CDN, fonts, analytics), and it runs under its Content-Security-Policy without
 * a single violation. Attach this to a browser context and assert at the end of the test.
 */
import type { BrowserContext, ConsoleMessage, Page, Worker } from 'playwright-core';

export interface OriginGuard {
  /** URLs requested so far that left the app's origin. */
  readonly foreign: readonly string[];
  /** Content-Security-Policy violations (and Permissions-Policy errors) seen so far, one line each. */
  readonly violations: readonly string[];
  /**
   * Throws, listing them, if any request left the app's origin or any page or worker of the
   * context reported a security-policy violation.
   */
  assertOwnOriginOnly(): void;
}

export interface OriginGuardOptions {
  /** URLs a test deliberately opens elsewhere (e.g. it clicks an article link). */
  allow?: (url: string) => boolean;
}

const LOCAL_SCHEMES = new Set(['data:', 'blob:', 'about:', 'chrome:', 'chrome-extension:', 'devtools:']);

/**
 * Console text that means a security policy was broken or misread. Chromium reports a CSP
 * violation in the page's console ("Executing inline script violates the following Content
 * Security Policy directive…", older versions "Refused to load… because it violates…"), and a bad
 * policy too ("Unrecognized Content-Security-Policy directive", "The Content Security Policy
 * directive 'frame-ancestors' is ignored when delivered via a <meta> element", "Error with
 * Permissions-Policy header: Unrecognized feature").
 */
const POLICY_MESSAGE = /Content[- ]Security[- ]Policy|Permissions[- ]Policy/i;

/** Prefix of the lines the init script below logs for each `securitypolicyviolation` event. */
export const VIOLATION_EVENT_PREFIX = '[csp-violation]';

/**
 * Runs in every page before its own scripts: logs each `securitypolicyviolation` event, so a
 * violation is caught even if Chromium's wording of its own console message changes.
 */
function reportViolations(prefix: string): void {
  document.addEventListener(
    'securitypolicyviolation',
    (event) => {
      const where = event.sourceFile ? ` at ${event.sourceFile}:${event.lineNumber}` : '';
      console.error(`${prefix} ${event.effectiveDirective} blocked ${event.blockedURI || '(inline)'}${where}`);
    },
    true,
  );
}

/** Watches every request of `context` (pages and service worker) against `baseURL`'s origin, and every console for policy violations. */
export function guardOrigin(context: BrowserContext, baseURL: string, options: OriginGuardOptions = {}): OriginGuard {
  const origin = new URL(baseURL).origin;
  const foreign: string[] = [];
  const violations: string[] = [];

  context.on('request', (request) => {
    const url = new URL(request.url());
    if (url.origin === origin || LOCAL_SCHEMES.has(url.protocol)) return;
    if (options.allow?.(request.url())) return;
    foreign.push(request.url());
  });

  const watch = (where: string) => (message: ConsoleMessage) => {
    const text = message.text();
    if (POLICY_MESSAGE.test(text) || text.startsWith(VIOLATION_EVENT_PREFIX)) {
      const url = message.location().url;
      violations.push(`${where}${url ? ` ${url}` : ''}: ${text}`);
    }
  };
  const watchWorker = (kind: string) => (worker: Worker) => void worker.on('console', watch(`${kind} ${worker.url()}`));
  const watchPageWorkers = (page: Page) => {
    page.on('worker', watchWorker('worker'));
    page.workers().forEach(watchWorker('worker'));
  };

  // Every page of the context, including pages opened later (Chromium's CSP reports arrive here).
  context.on('console', watch('page'));
  // Dedicated workers (the search worker) and the service worker log to their own consoles.
  context.on('page', watchPageWorkers);
  context.pages().forEach(watchPageWorkers);
  context.on('serviceworker', watchWorker('service worker'));
  context.serviceWorkers().forEach(watchWorker('service worker'));
  // Fails only if the context closes first; Chromium's own console messages are caught regardless.
  context.addInitScript(reportViolations, VIOLATION_EVENT_PREFIX).catch(() => undefined);

  return {
    foreign,
    violations,
    assertOwnOriginOnly() {
      const problems: string[] = [];
      if (foreign.length > 0) problems.push(`The app requested ${foreign.length} URL(s) outside ${origin}:\n  ${foreign.join('\n  ')}`);
      if (violations.length > 0) problems.push(`The app broke its security policy ${violations.length} time(s):\n  ${violations.join('\n  ')}`);
      if (problems.length > 0) throw new Error(problems.join('\n'));
    },
  };
}
