import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { parseCatalogue } from '../../src/domain/catalogue';

// The build global-setup made for the whole e2e suite.
const DIST = inject('distDir');

interface PrecacheEntry {
  url: string;
  revision: string | null;
}

/** The precache list Workbox injected into the built service worker. */
function precacheList(): PrecacheEntry[] {
  const sw = readFileSync(join(DIST, 'sw.js'), 'utf8');
  const match = /(\[\{"revision":[^\]]*\])/.exec(sw);
  if (!match) throw new Error('no precache manifest found in the built sw.js');
  return JSON.parse(match[1]) as PrecacheEntry[];
}

describe('the precache list of the built service worker', () => {
  const entries = precacheList();
  const urls = entries.map((e) => e.url);
  const html = readFileSync(join(DIST, 'index.html'), 'utf8');
  const manifest = JSON.parse(readFileSync(join(DIST, 'manifest.webmanifest'), 'utf8')) as { icons: { src: string }[] };

  it('lists every file once, and only files that exist in the build', () => {
    expect(new Set(urls).size).toBe(urls.length);
    for (const url of urls) expect(existsSync(join(DIST, url)), url).toBe(true);
  });

  it('holds the app shell (its stylesheet inline), the entry script, every lazy screen\'s styles, and the web manifest', () => {
    const assets = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.(?:js|css))"/g)].map((m) => m[1]);
    expect(assets.some((a) => a.endsWith('.js'))).toBe(true);
    expect(html).toMatch(/<style>[^<]*\.app-header/); // the first screen's styles come with the page
    const built = readdirSync(join(DIST, 'assets')).map((file) => `assets/${file}`);
    expect(built.filter((file) => file.endsWith('.css')).length).toBeGreaterThan(0);
    expect(urls).toEqual(expect.arrayContaining(['index.html', 'manifest.webmanifest', ...assets, ...built.filter((f) => f.endsWith('.css'))]));
  });

  it('holds every icon: the manifest icons, the apple-touch-icon, the favicons', () => {
    const linked = [...html.matchAll(/<link rel="(?:icon|apple-touch-icon)" href="\/([^"]+)"/g)].map((m) => m[1]);
    expect(linked).toHaveLength(3);
    expect(urls).toEqual(expect.arrayContaining([...manifest.icons.map((i) => i.src.replace(/^\//, '')), ...linked]));
  });

  it('carries the catalogue inside the entry script', () => {
    const { catalogue } = parseCatalogue(readFileSync('src/catalogue/python-engineering-articles.md', 'utf8'));
    const scripts = urls.filter((u) => u.endsWith('.js')).map((u) => readFileSync(join(DIST, u), 'utf8'));
    for (const article of [catalogue.articles[0], catalogue.articles.at(-1)!]) {
      expect(scripts.some((s) => s.includes(article.id)), article.title).toBe(true);
    }
  });

  it('leaves out what is not needed offline: the worker itself, screenshots, robots.txt', () => {
    expect(urls.filter((u) => u === 'sw.js' || u.startsWith('screenshots/') || u === 'robots.txt')).toEqual([]);
  });

  it('reports its total size', () => {
    const bytes = urls.reduce((sum, url) => sum + statSync(join(DIST, url)).size, 0);
    console.log(`precache: ${urls.length} files, ${(bytes / 1024).toFixed(1)} KiB\n  ${urls.join('\n  ')}`);
    expect(bytes).toBeGreaterThan(0);
  });
});
