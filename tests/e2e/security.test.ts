/**
 * The app's security policy (src/build/csp-plugin.ts) in the built app: a strict
 * Content-Security-Policy in index.html and in the `_headers` file for hosts; every screen running
 * under it without a violation; the guard every e2e test uses catching one; and hostile text in the
 * catalogue, a backup and its file name only ever shown as text, with links only ever http(s).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import {
  contentSecurityPolicy,
  contentSecurityPolicyHeader,
  headersFile,
  inlineStyleHashes,
  PERMISSIONS_POLICY,
  REFERRER_POLICY,
} from '../../src/build/csp-plugin';
import { makeBackup, serializeBackup } from '../../src/domain/backup';
import { isHttpUrl, parseCatalogue, type Article } from '../../src/domain/catalogue';
import type { ProgressRecord } from '../../src/domain/progress';
import { newCardOnFinish } from '../../src/domain/scheduler';
import { launchContext } from '../support/chromium';
import { guardOrigin, VIOLATION_EVENT_PREFIX, type OriginGuard } from '../support/guard';
import { buildApp, serve, serveStatic, type Served } from '../support/server';

const DAY = 86_400_000;
const now = Date.now();

/** A policy's directives by name, e.g. { 'script-src': ["'self'"] }. */
function directives(policy: string): Map<string, string[]> {
  const entries = policy
    .split(';')
    .map((part) => part.trim().split(/\s+/))
    .filter((words) => words[0] !== '');
  return new Map(entries.map(([name, ...sources]) => [name.toLowerCase(), sources]));
}

/** One rule of a `_headers` file: a path pattern and its headers. */
interface HeaderRule {
  path: string;
  headers: [name: string, value: string][];
}

/** Reads a `_headers` file as Netlify and Cloudflare Pages do: `#` comments, a path, then indented `Name: value` lines. */
function parseHeaders(text: string): HeaderRule[] {
  const rules: HeaderRule[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '' || line.trim().startsWith('#')) continue;
    if (!/^\s/.test(line)) {
      rules.push({ path: line.trim(), headers: [] });
      continue;
    }
    const colon = line.indexOf(':');
    const rule = rules.at(-1);
    if (!rule || colon < 0) throw new Error(`_headers: a header line outside a rule or without a colon: ${line}`);
    rule.headers.push([line.slice(0, colon).trim(), line.slice(colon + 1).trim()]);
  }
  return rules;
}

/** The headers a host sends for `path`: every matching rule's, the values of a repeated name joined with ", " (Cloudflare Pages). */
function headersFor(rules: HeaderRule[], path: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const rule of rules) {
    const match = rule.path.endsWith('*') ? path.startsWith(rule.path.slice(0, -1)) : path === rule.path;
    if (!match) continue;
    for (const [name, value] of rule.headers) out.set(name.toLowerCase(), [...(out.get(name.toLowerCase()) ?? []), value]);
  }
  return out;
}

/** Every file of a directory, as a URL path ("/assets/index-….js"). */
function urlPaths(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((file) => statSync(join(dir, file)).isFile())
    .map((file) => '/' + file.split(sep).join('/'));
}

/** A static host that applies the build's `_headers` file to every response, as Netlify or Cloudflare Pages would. */
function serveWithHeaders(dir: string): Promise<Served> {
  const rules = parseHeaders(readFileSync(join(dir, '_headers'), 'utf8'));
  return serveStatic(dir, {
    fallback: false,
    hidden: (path) => path === '/_headers',
    headers: (path) => Object.fromEntries([...headersFor(rules, path)].map(([name, values]) => [name, values.join(', ')])),
  });
}

/**
 * What on the current screen could run script or leave the app: event-handler attributes, embedded
 * or injected elements, any URL attribute that is neither same-origin nor http(s), and off-origin
 * links that do not open in a new tab without opener and referrer. Empty when all is well.
 */
function linkProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    const describe = (el: Element) => `<${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${el.className && typeof el.className === 'string' ? `.${el.className.trim().split(/\s+/).join('.')}` : ''}>`;
    for (const el of document.querySelectorAll('*')) {
      for (const attr of el.attributes) {
        if (/^on/i.test(attr.name)) problems.push(`${describe(el)} has the event-handler attribute ${attr.name}="${attr.value}"`);
        if (!['href', 'src', 'action', 'formaction', 'xlink:href', 'data', 'poster', 'srcset'].includes(attr.name.toLowerCase())) continue;
        let url: URL;
        try {
          url = new URL(attr.value, document.baseURI);
        } catch {
          problems.push(`${describe(el)} has ${attr.name}="${attr.value}", which is not a URL`);
          continue;
        }
        if (url.protocol !== 'http:' && url.protocol !== 'https:') {
          problems.push(`${describe(el)} has ${attr.name}="${attr.value}" (${url.protocol} is neither http nor https)`);
        } else if (url.origin !== location.origin && (el.tagName === 'A' || el.tagName === 'AREA')) {
          const rel = (el.getAttribute('rel') ?? '').split(/\s+/);
          if (el.getAttribute('target') !== '_blank' || !rel.includes('noopener') || !rel.includes('noreferrer')) {
            problems.push(`${describe(el)} links off-origin to ${attr.value} without target=_blank rel="noopener noreferrer"`);
          }
        } else if (url.origin !== location.origin) {
          problems.push(`${describe(el)} loads ${attr.value} from another origin`);
        }
      }
    }
    for (const el of document.querySelectorAll('body script, body style, img, iframe, frame, object, embed, base, form[action], meta[http-equiv="refresh"]')) {
      problems.push(`${describe(el)} should not be in the page`);
    }
    return problems;
  });
}

/** Records every JavaScript dialog (alert, confirm, prompt) a page opens, dismissing it. */
function watchDialogs(context: BrowserContext): string[] {
  const dialogs: string[] = [];
  const watch = (page: Page) =>
    page.on('dialog', (dialog) => {
      dialogs.push(`${dialog.type()}: ${dialog.message()}`);
      void dialog.dismiss().catch(() => undefined);
    });
  context.pages().forEach(watch);
  context.on('page', watch);
  return dialogs;
}

const finished = (articleId: string, finishedAt: number, takeaway: string): ProgressRecord => ({
  articleId,
  status: 'finished',
  takeaway,
  startedAt: finishedAt - DAY,
  finishedAt,
  updatedAt: finishedAt,
});

/** A backup in which each article is finished with its takeaway, and due for review since yesterday. */
function dueBackup(items: { article: Article; takeaway: string }[]): string {
  return serializeBackup(
    makeBackup(
      {
        progress: items.map(({ article, takeaway }, i) => finished(article.id, now - (4 + i) * DAY, takeaway)),
        // The card finishing creates (src/domain/scheduler.ts), made due since yesterday.
        reviewCards: items.map(({ article }, i) => ({ ...newCardOnFinish(article.id, now - (4 + i) * DAY, { timeZone: 'UTC' }), due: now - DAY })),
        reviewLog: [],
        settings: {},
      },
      now - DAY,
    ),
  );
}

async function importBackup(page: Page, base: string, name: string, text: string) {
  await page.goto(`${base}/#/settings`);
  await page.getByLabel('Import a backup').setInputFiles({ name, mimeType: 'application/json', buffer: Buffer.from(text) });
  await page.getByRole('group', { name: `Import “${name}”?` }).getByRole('button', { name: 'Replace', exact: true }).click();
  await expect.poll(() => page.locator('#import-outcome').textContent()).toMatch(/^Backup restored/);
}

describe('the built app carries a strict Content-Security-Policy', () => {
  const distDir = inject('distDir');
  const html = readFileSync(join(distDir, 'index.html'), 'utf8');
  const decode = (text: string) => text.replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&');
  // The one inline code the policy allows: the first screen's stylesheet, by its hash.
  const styleHashes = inlineStyleHashes(html);
  const CONTENT_SECURITY_POLICY = contentSecurityPolicy(styleHashes);
  const CONTENT_SECURITY_POLICY_HEADER = contentSecurityPolicyHeader(styleHashes);

  it('in a <meta> tag, first in <head>, before any script or stylesheet', () => {
    const first = /<head>\s*(<[^>]+>)/.exec(html)?.[1] ?? '';
    expect(first).toMatch(/^<meta http-equiv="Content-Security-Policy" content="[^"]+">$/);
    expect(decode(/content="([^"]+)"/.exec(first)![1])).toBe(CONTENT_SECURITY_POLICY);
    expect(html.indexOf(first)).toBeLessThan(html.search(/<script|<link/));
    expect(html).toContain(`<meta name="referrer" content="${REFERRER_POLICY}">`);
  });

  it('with every directive the issue asks for, and nothing that lets inline code, eval or other hosts in', () => {
    const policy = directives(CONTENT_SECURITY_POLICY);
    expect(policy.get('default-src')).toEqual(["'self'"]);
    expect(policy.get('script-src')).toEqual(["'self'"]);
    expect(styleHashes).toHaveLength(1);
    expect(policy.get('style-src')).toEqual(["'self'", ...styleHashes]);
    expect(policy.get('connect-src')).toEqual(["'self'"]);
    expect(policy.get('object-src')).toEqual(["'none'"]);
    expect(policy.get('base-uri')).toEqual(["'self'"]);
    const loose = [...policy].filter(([, sources]) =>
      sources.some((s) => /unsafe-|^\*$|^https?:$|^data:$|^blob:$|^http/i.test(s)),
    );
    expect(loose).toEqual([]);
    // A meta tag cannot carry these (browsers ignore them there, with an error): they belong in the header.
    expect([...policy.keys()].filter((d) => ['frame-ancestors', 'report-uri', 'sandbox'].includes(d))).toEqual([]);
  });

  it('with no inline script, style attribute or event-handler attribute, and one inline stylesheet it allows by hash', () => {
    expect(html.match(/<script(?![^>]*\ssrc=)[^>]*>/g) ?? []).toEqual([]);
    expect(html.match(/\sstyle=|\son[a-z]+=/gi) ?? []).toEqual([]);
    expect(html.match(/<style[^>]*>/gi)).toEqual(['<style>']);
    expect(html.match(/<link rel="stylesheet"/g) ?? []).toEqual([]); // inlined, not fetched
  });

  it('and a _headers file for hosts, with the same policy plus frame-ancestors, and caching that lets updates through', () => {
    const text = readFileSync(join(distDir, '_headers'), 'utf8');
    expect(text).toBe(headersFile(styleHashes));
    const rules = parseHeaders(text);
    const all = headersFor(rules, '/');
    expect(all.get('content-security-policy')).toEqual([CONTENT_SECURITY_POLICY_HEADER]);
    const header = directives(CONTENT_SECURITY_POLICY_HEADER);
    expect(header.get('frame-ancestors')).toEqual(["'none'"]);
    for (const [name, sources] of directives(CONTENT_SECURITY_POLICY)) expect(header.get(name)).toEqual(sources);
    expect(all.get('x-content-type-options')).toEqual(['nosniff']);
    expect(all.get('referrer-policy')).toEqual([REFERRER_POLICY]);
    expect(all.get('permissions-policy')).toEqual([PERMISSIONS_POLICY]);

    const files = urlPaths(distDir);
    const asset = files.find((f) => f.startsWith('/assets/') && f.endsWith('.js'))!;
    const cacheOf = (path: string) => headersFor(rules, path).get('cache-control') ?? [];
    for (const path of ['/', '/index.html', '/sw.js', '/manifest.webmanifest']) expect(cacheOf(path)).toEqual(['no-cache']);
    expect(cacheOf(asset)).toEqual(['public, max-age=31536000, immutable']);
    // A host joins overlapping rules' values with a comma ("no-cache, immutable"): no file may match two.
    expect(files.filter((f) => cacheOf(f).length > 1)).toEqual([]);
  });

  it('keeps _headers out of the service worker precache', () => {
    expect(urlPaths(distDir)).toContain('/_headers');
    const sw = readFileSync(join(distDir, 'sw.js'), 'utf8');
    expect(sw).toContain('"url":"index.html"'); // the precache list is where we look
    expect(sw).not.toContain('_headers');
  });
});

describe('the guard of every e2e test fails on a CSP violation', () => {
  const base = inject('baseURL');
  let context: BrowserContext;

  beforeAll(async () => {
    context = await launchContext();
    // Same origin, no policy: the control for what the app's policy blocks.
    await context.route(`${base}/no-policy.html`, (route) =>
      route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>No policy</title><p id="target">text</p>' }),
    );
  });
  afterAll(() => context?.close());

  /** Injects an inline script and an inline style attribute, as an HTML injection would; says whether each took effect. */
  const injectInline = (page: Page) =>
    page.evaluate(() => {
      const script = document.createElement('script');
      script.textContent = 'window.__inlineScriptRan = true;';
      document.body.append(script);
      const target = document.createElement('p');
      target.textContent = 'styled?';
      target.setAttribute('style', 'color: rgb(255, 0, 0)');
      document.body.append(target);
      return {
        scriptRan: (window as unknown as { __inlineScriptRan?: boolean }).__inlineScriptRan === true,
        styled: getComputedStyle(target).color === 'rgb(255, 0, 0)',
      };
    });

  it('catches an inline script and an inline style on the app, in a page opened after the guard', async () => {
    const guard = guardOrigin(context, base);
    const page = await context.newPage();
    await page.goto(base);
    await page.locator('main h1').waitFor();
    expect(guard.violations).toEqual([]);

    try {
      expect(await injectInline(page)).toEqual({ scriptRan: false, styled: false });
      const seen = (browser: RegExp, event: string) =>
        expect.poll(() => [
          guard.violations.some((v) => !v.includes(VIOLATION_EVENT_PREFIX) && browser.test(v)),
          guard.violations.some((v) => v.includes(`${VIOLATION_EVENT_PREFIX} ${event} `)),
        ]);
      // Both Chromium's own console report and the securitypolicyviolation event are seen.
      await seen(/inline script.*Content Security Policy directive 'script-src/, 'script-src-elem').toEqual([true, true]);
      await seen(/inline style.*Content Security Policy directive 'style-src/, 'style-src-attr').toEqual([true, true]);
      expect(() => guard.assertOwnOriginOnly()).toThrow(/broke its security policy/);
    } finally {
      await page.close();
    }
  });

  it('sees nothing on a page of the same origin without the policy, where the same code runs', async () => {
    const guard = guardOrigin(context, base);
    const page = await context.newPage();
    await page.goto(`${base}/no-policy.html`);
    try {
      expect(await injectInline(page)).toEqual({ scriptRan: true, styled: true });
      await page.evaluate(() => new Promise((done) => setTimeout(done, 500))); // let any report arrive
      expect(guard.violations).toEqual([]);
      expect(() => guard.assertOwnOriginOnly()).not.toThrow();
    } finally {
      await page.close();
    }
  });

  it('and the link check used below finds each kind of unsafe link or injected markup', async () => {
    const page = await context.newPage();
    try {
      await page.goto(`${base}/no-policy.html`);
      expect(await linkProblems(page)).toEqual([]);
      await page.evaluate(() => {
        const template = document.createElement('template');
        template.innerHTML = [
          '<a href="javascript:void 0">a</a>',
          '<a href=" JAVASCRIPT:void 0">b</a>',
          '<a href="data:text/html,hi">c</a>',
          '<a href="https://elsewhere.example/" target="_blank" rel="noopener">d</a>',
          '<a href="https://elsewhere.example/">e</a>',
          '<a href="#/review">same origin</a>',
          '<a href="https://elsewhere.example/" target="_blank" rel="noopener noreferrer">fine</a>',
          '<b onmouseover="void 0">f</b>',
        ].join('');
        document.body.append(template.content);
      });
      const problems = await linkProblems(page);
      expect(problems).toHaveLength(6);
      expect(problems.join('\n')).toMatch(/"javascript:void 0" \(javascript: is neither/);
      expect(problems.join('\n')).toMatch(/" JAVASCRIPT:void 0" \(javascript: is neither/);
      expect(problems.join('\n')).toMatch(/data: is neither/);
      expect(problems.filter((p) => p.includes('without target=_blank'))).toHaveLength(2);
      expect(problems.join('\n')).toMatch(/event-handler attribute onmouseover/);
    } finally {
      await page.close();
    }
  });
});

describe('every screen runs under the policy without a violation', () => {
  const base = inject('baseURL');
  const { articles } = parseCatalogue(readFileSync('src/catalogue/python-engineering-articles.md', 'utf8')).catalogue;
  const byOrder = [...articles].sort((a, b) => a.order - b.order);
  const reviewed = byOrder[5];
  let context: BrowserContext;
  let page: Page;
  let guard: OriginGuard;
  let dialogs: string[];

  beforeAll(async () => {
    context = await launchContext({ acceptDownloads: true });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base });
    guard = guardOrigin(context, base);
    dialogs = watchDialogs(context);
    page = await context.newPage();
  });
  afterAll(async () => {
    try {
      guard?.assertOwnOriginOnly();
    } finally {
      await context?.close();
    }
  });

  it('library: the service worker, the manifest and the search worker all load', async () => {
    await page.goto(base);
    await expect.poll(() => page.locator('main section h2').count()).toBe(21);
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 20_000 });
    const cdp = await context.newCDPSession(page);
    const manifest = await cdp.send('Page.getAppManifest', {});
    await cdp.detach();
    expect(manifest.errors).toEqual([]);
    expect(manifest.data).toContain('"shortcuts"');
    expect(await linkProblems(page)).toEqual([]);
  });

  it('search: answered by the module worker, with highlights', async () => {
    await page.getByRole('searchbox', { name: 'Search articles' }).pressSequentially('gil');
    const results = page.getByRole('list', { name: 'Search results' }).getByRole('link');
    await expect.poll(() => results.count()).toBeGreaterThan(0);
    expect(page.workers().map((w) => w.url())).toEqual([expect.stringMatching(/\/assets\/search\.worker-[\w-]+\.js$/)]);
    expect(await results.first().locator('mark').count()).toBeGreaterThan(0);
    expect(await linkProblems(page)).toEqual([]);
  });

  it('article: Share copies the article’s https link', async () => {
    await page.getByRole('list', { name: 'Search results' }).getByRole('link').first().click();
    await expect.poll(() => page.url()).toMatch(/#\/article\//);
    await page.getByRole('button', { name: 'Share' }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Link copied' }).count()).toBe(1);
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(isHttpUrl(copied)).toBe(true);
    expect(copied).toBe(await page.getByRole('link', { name: /Open article/ }).getAttribute('href'));
    expect(await linkProblems(page)).toEqual([]);
  });

  it('library: finishing from the list asks for a takeaway in a dialog form that closes with Done', async () => {
    await page.goto(base);
    const row = page.locator('li.article', { hasText: byOrder[0].title });
    await row.getByRole('button', { name: new RegExp(`^Finished: `) }).click();
    const dialog = page.getByRole('dialog', { name: /^Finished: / });
    await expect.poll(() => dialog.isVisible()).toBe(true);
    await dialog.getByRole('textbox').fill('Kept under the policy.');
    await dialog.getByRole('button', { name: 'Done' }).click();
    await expect.poll(() => dialog.isVisible()).toBe(false);
    await expect.poll(() => row.getAttribute('data-status')).toBe('finished');
  });

  it('settings: a backup imports', async () => {
    await importBackup(page, base, 'due.json', dueBackup([{ article: reviewed, takeaway: 'A takeaway to recall.' }]));
    expect(await linkProblems(page)).toEqual([]);
  });

  it('review: the prompt, the reveal and a grade', async () => {
    await page.goto(`${base}/#/review`);
    await expect.poll(() => page.getByRole('heading', { level: 2, name: reviewed.title }).isVisible()).toBe(true);
    await page.getByRole('button', { name: /^Reveal/ }).click();
    await expect.poll(() => page.getByText('A takeaway to recall.').isVisible()).toBe(true);
    expect(await linkProblems(page)).toEqual([]);
    await page.getByRole('button', { name: /^Good · / }).click();
    await expect.poll(() => page.getByRole('heading', { level: 2, name: 'All caught up' }).isVisible()).toBe(true);
  });

  it('progress: charts, heatmap and the recently finished', async () => {
    await page.goto(`${base}/#/progress`);
    await expect.poll(() => page.getByRole('region', { name: 'Recently finished' }).textContent()).toContain(reviewed.title);
    expect(await linkProblems(page)).toEqual([]);
  });

  it('settings: the backup and the calendar file download (blob: URLs), the calendar linking only to the app', async () => {
    await page.goto(`${base}/#/settings`);
    const [backup] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export your data' }).click()]);
    expect(JSON.parse(readFileSync(await backup.path(), 'utf8')).format).toBe('pyrecall-backup');
    const [ics] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Add a daily reminder to my calendar' }).click(),
    ]);
    // Unfold the iCalendar lines, then every URL in the file must be this app's.
    const text = readFileSync(await ics.path(), 'utf8').replace(/\r?\n[ \t]/g, '');
    const urls = text.match(/[a-z][a-z0-9+.-]*:\/\/[^\s\\,;]+/gi) ?? [];
    expect(urls.length).toBeGreaterThan(0);
    expect(urls.filter((u) => new URL(u).origin !== base)).toEqual([]);
    expect(await linkProblems(page)).toEqual([]);
  });

  it('the web manifest: every URL in it (start, scope, shortcuts, icons) stays in the app', async () => {
    const href = await page.locator('link[rel=manifest]').getAttribute('href');
    const manifestUrl = new URL(href!, base).href;
    const manifest = (await (await context.request.get(manifestUrl)).json()) as Record<string, unknown>;
    const urls: string[] = [];
    const collect = (value: unknown, key = ''): void => {
      if (typeof value === 'string' && ['start_url', 'scope', 'id', 'url', 'src'].includes(key)) urls.push(new URL(value, manifestUrl).href);
      else if (Array.isArray(value)) value.forEach((v) => collect(v));
      else if (value && typeof value === 'object') Object.entries(value).forEach(([k, v]) => collect(v, k));
    };
    collect(manifest);
    expect(urls.length).toBeGreaterThan(5);
    expect(urls.filter((u) => new URL(u).origin !== base)).toEqual([]);
  });

  it('saw no CSP violation and no dialog anywhere', () => {
    expect(guard.violations).toEqual([]);
    expect(dialogs).toEqual([]);
  });
});

describe('on a host that applies _headers', () => {
  const distDir = inject('distDir');
  let served: Served;
  let context: BrowserContext;

  beforeAll(async () => {
    served = await serveWithHeaders(distDir);
    context = await launchContext();
  });
  afterAll(async () => {
    await context?.close();
    await served?.close();
  });

  it('sends the headers, and the app and its workers run under them without a violation', async () => {
    const guard = guardOrigin(context, served.url);
    const page = await context.newPage();
    const response = await page.goto(served.url);
    const headers = response!.headers();
    const html = readFileSync(join(inject('distDir'), 'index.html'), 'utf8');
    expect(headers['content-security-policy']).toBe(contentSecurityPolicyHeader(inlineStyleHashes(html)));
    expect(headers['permissions-policy']).toBe(PERMISSIONS_POLICY);
    expect(headers['cache-control']).toBe('no-cache');
    await expect.poll(() => page.locator('main section h2').count()).toBe(21);
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 20_000 });
    await page.getByRole('searchbox', { name: 'Search articles' }).pressSequentially('stiner gil');
    await expect.poll(() => page.getByRole('list', { name: 'Search results' }).getByRole('link').count()).toBeGreaterThan(0);
    expect(page.workers()).toHaveLength(1);
    await page.goto(`${served.url}/#/settings`);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Settings');
    await page.close();
    expect(guard.violations).toEqual([]);
    guard.assertOwnOriginOnly();
  });

  it('refuses to be framed by another page (frame-ancestors), which only the header can say', async () => {
    const guard = guardOrigin(context, served.url);
    await context.route(`${served.url}/framer.html`, (route) =>
      route.fulfill({ contentType: 'text/html', body: `<!doctype html><title>Framer</title><iframe src="${served.url}/"></iframe>` }),
    );
    const page = await context.newPage();
    await page.goto(`${served.url}/framer.html`);
    await expect.poll(() => guard.violations.join('\n')).toMatch(/frame-ancestors/);
    const frame = page.frames().find((f) => f !== page.mainFrame());
    expect(await frame?.locator('#app').count().catch(() => 0)).toBe(0);
    await page.close();
  });
});

describe('links are only ever http(s): the catalogue refuses every other kind', () => {
  // The build failing on such a row, naming file:line, is tested in tests/unit/catalogue-plugin.test.ts;
  // javascript:, data: and relative links in tests/unit/catalogue-parser.test.ts. These are the disguises.
  const source = (row: string) => ['Tests', '-----', '| To Read | Author | Notes |', '| --- | --- | --- |', row].join('\n');
  it.each([
    'JavaScript:alert(1)',
    'JAVASCRIPT:alert(1)',
    ' javascript:alert(1)',
    '\tjavascript:alert(1)',
    'java\tscript:alert(1)',
    '\u0000javascript:alert(1)',
    'jav&#x61;script:alert(1)',
    'javascript://example.com/%0aalert(1)',
    'vbscript:msgbox(1)',
    'data:text/html,<script>alert(1)</script>',
    'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==',
    '//evil.example/',
    '/\\evil.example/',
    'file:///etc/passwd',
    'blob:https://evil.example/0b1c',
  ])('refuses %j at build time, and the app would not render it as a link', (url) => {
    expect(isHttpUrl(url)).toBe(false); // the check ExternalLink makes before rendering any href
    const row = `| [Evil](${url}) | A |  |`;
    const result = parseCatalogue(source(row));
    expect(result.catalogue.articles).toEqual([]);
    expect(result.errors.map((e) => e.line)).toEqual([5]);
  });
});

describe('hostile text is shown as text, everywhere', () => {
  /** Strings that would run script or make a link if they ever reached the DOM as HTML. */
  const IMG = '<img src=x onerror=alert(1)>';
  const ANCHOR = '<a href="javascript:alert(2)">click me</a>';
  const SCRIPT = '<script>alert(3)</script>';
  const DATA_URL = 'data:text/html,<script>alert(4)</script>';
  const JS_URL = 'javascript:alert(5)';
  const MD_LINK = '[a markdown link](javascript:alert(6))';
  const TAKEAWAY = `${JS_URL} ${DATA_URL} ${IMG} ${ANCHOR}`;
  const OTHER_TAKEAWAY = `<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a> ${SCRIPT}`;
  const markdown = [
    `title: Hostile ${IMG}`,
    '',
    `Hostile ${IMG} section`,
    '-----------------------',
    '| To Read | Author | Notes |',
    '| --- | --- | --- |',
    `| [${IMG} Escaping \`${SCRIPT}\`](https://hostile.example/one) | <b onmouseover=alert(7)>Mallory</b> | ${ANCHOR} and ${MD_LINK} and ${DATA_URL} |`,
    `| [A ${JS_URL} neighbour](https://hostile.example/two) | Eve | ${JS_URL} &lt;b&gt;entities stay text&lt;/b&gt; |`,
    '',
    'Second section',
    '--------------',
    '| To Read | Author | Notes |',
    '| --- | --- | --- |',
    '| [Plain](https://hostile.example/three) | Trent | |',
  ].join('\n');
  const parsed = parseCatalogue(markdown);
  const [first, second] = [...parsed.catalogue.articles].sort((a, b) => a.order - b.order);
  const dir = mkdtempSync(join(tmpdir(), 'pyrecall-hostile-'));
  let served: Served;
  let context: BrowserContext;
  let page: Page;
  let guard: OriginGuard;
  let dialogs: string[];

  beforeAll(async () => {
    expect(parsed.errors).toEqual([]);
    const file = join(dir, 'hostile.md');
    writeFileSync(file, markdown);
    await buildApp(join(dir, 'dist'), 'production', { PYRECALL_CATALOGUE: file });
    served = await serve(join(dir, 'dist'));
    context = await launchContext();
    guard = guardOrigin(context, served.url);
    dialogs = watchDialogs(context);
    page = await context.newPage();
  });
  afterAll(async () => {
    try {
      guard?.assertOwnOriginOnly();
    } finally {
      await context?.close();
      await served?.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the catalogue really carries the hostile text (the build does not clean it)', () => {
    expect(first.title).toContain(IMG);
    expect(first.title).toContain(SCRIPT);
    expect(first.author).toContain('onmouseover');
    expect(first.note).toContain(ANCHOR);
    expect(first.note).toContain(MD_LINK);
    expect(second.title).toContain(JS_URL);
  });

  it('library: titles, authors and notes as text; the only links are the http(s) ones', async () => {
    await page.goto(served.url);
    const row = page.locator('li.article').first();
    await row.waitFor();
    expect(await row.locator('a.title').getAttribute('href')).toBe(first.url);
    expect(((await row.locator('a.title').textContent()) ?? '').replace('(opens in a new tab)', '').trim()).toBe(first.title);
    expect(await row.locator('.author').textContent()).toBe(first.author);
    expect(await row.locator('.note').textContent()).toBe(first.note);
    expect(await page.locator('li.article').nth(1).locator('.note').textContent()).toBe(second.note);
    expect(await linkProblems(page)).toEqual([]);
  });

  it('search: highlights inside hostile text stay text, and the author filter lists the author as text', async () => {
    await page.getByRole('searchbox', { name: 'Search articles' }).pressSequentially('onerror');
    const result = page.getByRole('list', { name: 'Search results' }).getByRole('link').first();
    await expect.poll(() => result.locator('mark').count()).toBeGreaterThan(0);
    expect(await result.locator('.title').textContent()).toBe(first.title);
    expect(await result.locator('.note').textContent()).toBe(first.note);
    expect(await page.getByRole('combobox', { name: 'Author' }).locator('option').allTextContents()).toContain(first.author);
    expect(await linkProblems(page)).toEqual([]);
  });

  it('settings: a backup whose file name and takeaways are hostile imports, the name shown as text', async () => {
    const name = `${IMG}.json`;
    await importBackup(
      page,
      served.url,
      name,
      dueBackup([
        { article: first, takeaway: TAKEAWAY },
        { article: second, takeaway: OTHER_TAKEAWAY },
      ]),
    );
    expect(await linkProblems(page)).toEqual([]);
  });

  it('settings: a refused backup quotes the hostile field name as text', async () => {
    const backup = JSON.parse(dueBackup([{ article: first, takeaway: 'x' }])) as Record<string, unknown>;
    await page.getByLabel('Import a backup').setInputFiles({
      name: 'tampered.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify({ ...backup, [IMG]: 1 })),
    });
    await expect.poll(() => page.getByRole('alert').filter({ hasText: IMG }).count()).toBeGreaterThan(0);
    expect(await linkProblems(page)).toEqual([]);
  });

  it('article view: title, author, note and the takeaway as text; the page title too', async () => {
    await page.goto(`${served.url}/#/article/${first.id}`);
    await expect.poll(() => page.locator('h1').textContent()).toBe(first.title);
    expect(await page.locator('.author').textContent()).toBe(`by ${first.author}`);
    expect(await page.locator('blockquote.note p').textContent()).toBe(first.note);
    await expect.poll(() => page.getByRole('textbox', { name: "What's the one idea you want to keep?" }).inputValue()).toBe(TAKEAWAY);
    expect((await page.title()).replace(/^\(\d+\) /, '')).toBe(`${first.title} · PyRecall`); // "(2) " counts the reviews due
    expect(await page.getByRole('link', { name: /Open article/ }).getAttribute('href')).toBe(first.url);
    expect(await linkProblems(page)).toEqual([]);
  });

  it('review: the prompt and the revealed takeaway and note as text', async () => {
    await page.goto(`${served.url}/#/review`);
    const heading = page.locator('#review-title');
    await expect.poll(() => heading.textContent()).toMatch(/\S/);
    const seen = new Map<string, string>();
    for (let i = 0; i < 2; i++) {
      const title = (await heading.textContent()) ?? '';
      const article = [first, second].find((a) => a.title === title);
      expect(article, `the prompt shows "${title}"`).toBeDefined();
      await page.getByRole('button', { name: /^Reveal/ }).click();
      const takeaway = page.locator('.answer .takeaway');
      await takeaway.waitFor();
      seen.set(article!.id, (await takeaway.textContent()) ?? '');
      expect(await page.locator('.answer blockquote.note p').textContent()).toBe(article!.note);
      expect(await page.getByRole('link', { name: /Re-read the article/ }).getAttribute('href')).toBe(article!.url);
      expect(await linkProblems(page)).toEqual([]);
      await page.getByRole('button', { name: /^Good · / }).click();
      if (i === 0) await expect.poll(() => heading.textContent()).not.toBe(title);
    }
    expect(seen).toEqual(new Map([[first.id, TAKEAWAY], [second.id, OTHER_TAKEAWAY]]));
  });

  it('progress: the recently finished titles as text', async () => {
    await page.goto(`${served.url}/#/progress`);
    const recent = page.getByRole('region', { name: 'Recently finished' }).getByRole('link');
    await expect.poll(() => recent.allTextContents()).toEqual(expect.arrayContaining([first.title, second.title]));
    expect(await linkProblems(page)).toEqual([]);
  });

  it('ran no script from the text: no dialog, no CSP violation', () => {
    expect(dialogs).toEqual([]);
    expect(guard.violations).toEqual([]);
  });
});
