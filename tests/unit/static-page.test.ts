/**
 * The static page `npm run bench:start` compares the app against: the same articles as the
 * catalogue, in reading order, under their sections, and no script of any kind.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCatalogue, type Catalogue } from '../../src/domain/catalogue';
import { STATIC_CSS, STATIC_CSS_FILE, staticPageHtml } from '../bench/static-page';

const shipped = parseCatalogue(readFileSync('src/catalogue/python-engineering-articles.md', 'utf8')).catalogue;

interface Tag {
  kind: 'open' | 'close';
  name: string;
  attrs: Record<string, string>;
}
type Token = Tag | { kind: 'text'; text: string };
const isOpenTag = (t: Token): t is Tag => t.kind === 'open';

const decode = (s: string) =>
  s.replace(/&(#\d+|#x[0-9a-f]+|amp|lt|gt|quot|apos);/gi, (_, e: string) => {
    const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
    if (e.startsWith('#x') || e.startsWith('#X')) return String.fromCodePoint(parseInt(e.slice(2), 16));
    if (e.startsWith('#')) return String.fromCodePoint(Number(e.slice(1)));
    return named[e.toLowerCase()];
  });

/** A small HTML tokenizer: enough to read back a page without trusting the generator's own code. */
function tokenize(html: string): Token[] {
  const tokens: Token[] = [];
  const tag = /<(\/?)([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[^\s=>]+(?:="[^"]*")?)*)\s*\/?>|<!doctype[^>]*>/gi;
  let at = 0;
  for (const m of html.matchAll(tag)) {
    if (m.index > at) tokens.push({ kind: 'text', text: decode(html.slice(at, m.index)) });
    at = m.index + m[0].length;
    if (!m[2]) continue; // the doctype
    const attrs: Record<string, string> = {};
    for (const a of (m[3] ?? '').matchAll(/([^\s=>]+)(?:="([^"]*)")?/g)) attrs[a[1].toLowerCase()] = decode(a[2] ?? '');
    tokens.push({ kind: m[1] ? 'close' : 'open', name: m[2].toLowerCase(), attrs });
  }
  if (at < html.length) tokens.push({ kind: 'text', text: decode(html.slice(at)) });
  return tokens;
}

interface Listed {
  section: string;
  title: string;
  href: string;
  author: string;
  codeParts: string[];
}

/** The articles the page lists: each `li[elementtiming]`'s link, its author line, under the last h2. */
function listed(html: string): { sections: string[]; articles: Listed[] } {
  const sections: string[] = [];
  const articles: Listed[] = [];
  const open: string[] = [];
  let current: Listed | undefined;
  for (const t of tokenize(html)) {
    if (t.kind === 'text') {
      if (open.at(-1) === 'h2') sections[sections.length - 1] += t.text;
      else if (current && open.includes('a')) {
        current.title += t.text;
        if (open.at(-1) === 'code') current.codeParts.push(t.text);
      } else if (current && open.at(-1) === 'p.author') current.author += t.text;
    } else if (t.kind === 'open') {
      open.push(t.name);
      if (t.name === 'h2') sections.push('');
      if (t.name === 'li' && t.attrs.elementtiming === 'article-title') {
        current = { section: sections.at(-1) ?? '', title: '', href: '', author: '', codeParts: [] };
        articles.push(current);
      }
      if (t.name === 'a' && current) current.href = t.attrs.href;
      if (t.name === 'p' && current && t.attrs.class === 'author') open[open.length - 1] = 'p.author';
    } else if (open.pop() === 'li') {
      current = undefined;
    }
  }
  return { sections, articles };
}

function expected(catalogue: Catalogue): Listed[] {
  const sectionOf = new Map(catalogue.sections.flatMap((s) => s.articleIds.map((id) => [id, s.title] as const)));
  return [...catalogue.articles]
    .sort((a, b) => a.order - b.order)
    .map((a) => ({
      section: sectionOf.get(a.id) ?? '',
      title: a.title,
      href: a.url,
      author: a.author,
      codeParts: a.code.map(([from, to]) => a.title.slice(from, to)),
    }));
}

describe('the static comparison page', () => {
  const html = staticPageHtml(shipped);

  it('lists exactly the catalogue’s articles, in reading order, each under its own section', () => {
    const page = listed(html);
    expect(page.articles).toHaveLength(shipped.articles.length);
    expect(page.articles).toEqual(expected(shipped));
    expect(page.sections).toEqual(shipped.sections.map((s) => s.title));
  });

  it('has no script, no event handler, no inline style: only its own stylesheet', () => {
    const tokens = tokenize(html);
    const tags = tokens.filter(isOpenTag);
    expect(tags.map((t) => t.name)).not.toContain('script');
    expect(tags.map((t) => t.name)).not.toContain('style');
    expect(html).not.toMatch(/<script/i);
    for (const t of tags) {
      expect(Object.keys(t.attrs).filter((name) => name.startsWith('on') || name === 'style')).toEqual([]);
      if (t.attrs.href) expect(t.attrs.href).toMatch(/^https?:\/\/|^floor\.css$/);
    }
    const sheets = tags.filter((t) => t.name === 'link');
    expect(sheets.map((t) => t.attrs)).toEqual([{ rel: 'stylesheet', href: STATIC_CSS_FILE }]);
    expect(STATIC_CSS).not.toMatch(/url\(|@import/); // nothing else to fetch, no other host
  });

  it('shows a title that looks like markup as text, and code spans as code', () => {
    const source = [
      'title: Tricky',
      '',
      '## A <b>bold</b> & "quoted" section',
      '',
      '| To Read | Author | Notes |',
      '| --- | --- | --- |',
      '| [Why `<script>alert(1)</script>` is text](https://example.org/a?x=1&y="2") | O\'Brien <i> | a & b |',
      '| [Plain](https://example.org/b) |  |  |',
    ].join('\n');
    const { catalogue, errors } = parseCatalogue(source);
    expect(errors).toEqual([]);
    const page = staticPageHtml(catalogue);
    expect(page).not.toMatch(/<script|<b>|<i>/i);
    expect(listed(page).articles).toEqual(expected(catalogue));
    expect(listed(page).articles[0].codeParts).toEqual(['<script>alert(1)</script>']);
    expect(listed(page).sections).toEqual(['A <b>bold</b> & "quoted" section']);
  });
});
