import { describe, expect, it } from 'vitest';
import { articleId, isHttpUrl, parseCatalogue, stripCode, type ParseResult } from '../../src/domain/catalogue';

/** A source with one section and the given rows under a standard header. */
function source(rows: string[], heading = 'Tests'): string {
  return [heading, '-'.repeat(heading.length), '', '| To Read | Author | Notes |', '| --- | --- | --- |', ...rows].join('\n');
}
const ROW_LINE = 6; // the first row's line number in `source()`

function messages(result: ParseResult, kind: 'errors' | 'warnings'): string[] {
  return result[kind].map((d) => `${d.line}: ${d.message}`);
}

describe('parsing a catalogue source', () => {
  it('reads sections in order, articles in order, with authors, notes and positions', () => {
    const text = [
      'First',
      '-----',
      '| To Read | Author | Notes |',
      '| --- | --- | --- |',
      '| [A one](https://a.example/1) | Ann | Start here |',
      '| [A two](https://a.example/2) |  |  |',
      '',
      '## Second',
      '| To Read | Author | Notes |',
      '| --- | --- | --- |',
      '| [B one](http://b.example/1) | Bob |  |',
    ].join('\n');
    const { catalogue, errors, warnings } = parseCatalogue(text);
    expect(errors).toEqual([]);
    expect(warnings).toEqual([]);
    expect(catalogue.sections.map((s) => s.title)).toEqual(['First', 'Second']);
    expect(catalogue.articles.map((a) => [a.title, a.author, a.note, a.sectionId, a.position, a.order])).toEqual([
      ['A one', 'Ann', 'Start here', 'first', 1, 0],
      ['A two', '', '', 'first', 2, 1],
      ['B one', 'Bob', '', 'second', 1, 2],
    ]);
    expect(catalogue.sections[0].articleIds).toEqual([articleId('https://a.example/1'), articleId('https://a.example/2')]);
  });

  it('keeps code spans as plain text with their ranges, and removes markdown escapes', () => {
    const { catalogue } = parseCatalogue(
      source(['| [Unravelling the `async with` statement](https://x.example/a) | B |  |', '| [The pythoncapi\\_compat project](https://x.example/b) | V |  |']),
    );
    const [withCode, escaped] = catalogue.articles;
    expect(withCode.title).toBe('Unravelling the async with statement');
    expect(withCode.code).toEqual([[16, 26]]);
    expect(withCode.title.slice(16, 26)).toBe('async with');
    expect(escaped.title).toBe('The pythoncapi_compat project');
  });

  it('reads escaped pipes inside a cell as text, not as a column break', () => {
    const { catalogue, errors } = parseCatalogue(source(['| [Pipes](https://x.example/p) | A | uses a \\| b |']));
    expect(errors).toEqual([]);
    expect(catalogue.articles[0].note).toBe('uses a | b');
  });

  it('ignores the front matter and the closing line, and keeps the intro', () => {
    const text = ['title: Python Engineering Articles', 'slug: x', '', 'Read these in order.', '', source(['| [A](https://a.example/) | A |  |']), '', '1 article on page'].join('\n');
    const { catalogue, errors } = parseCatalogue(text);
    expect(errors).toEqual([]);
    expect(catalogue.title).toBe('Python Engineering Articles');
    expect(catalogue.intro).toBe('Read these in order.');
    expect(catalogue.articles).toHaveLength(1);
  });
});

describe('defects the source is known to have', () => {
  it('skips an empty row with a warning that names its line', () => {
    const result = parseCatalogue(source(['| [A](https://a.example/) | A |  |', '|  | Guido van Rossum |  |']));
    expect(result.catalogue.articles).toHaveLength(1);
    expect(result.errors).toEqual([]);
    expect(messages(result, 'warnings')).toEqual([`${ROW_LINE + 1}: empty row skipped (no title or link) — author "Guido van Rossum"`]);
  });

  it('keeps an exact duplicate row once, with a warning', () => {
    const row = '| [Threading shutdown race condition](https://v.example/race.html) | Victor Stinner |  |';
    const result = parseCatalogue(source([row, row]));
    expect(result.catalogue.articles).toHaveLength(1);
    expect(result.errors).toEqual([]);
    expect(messages(result, 'warnings')).toEqual([`${ROW_LINE + 1}: duplicate of line ${ROW_LINE} ("Threading shutdown race condition"): kept once`]);
  });

  it.each([
    ['the same URL', 'https://a.example/x', 'https://a.example/x'],
    ['the URL with a trailing slash', 'https://a.example/x', 'https://a.example/x/'],
    ['the URL with www. and another case', 'https://a.example/x', 'https://WWW.A.example/x'],
  ])('fails when two different titles use %s', (_label, first, second) => {
    const result = parseCatalogue(source([`| [Why you should document your tests](${first}) | Hynek |  |`, `| [Another title](${second}) | Brett |  |`]));
    expect(messages(result, 'errors')).toEqual([
      `${ROW_LINE + 1}: "Another title" uses the same link as "Why you should document your tests" (line ${ROW_LINE}): ${second}`,
    ]);
  });
});

describe('rows that fail the build', () => {
  it.each([
    ['a javascript: link', '| [Evil](javascript:alert(1)) | A |  |', '"Evil" links to "javascript:alert(1)": only http(s) links are allowed'],
    ['a data: link', '| [Evil](data:text/html,hi) | A |  |', '"Evil" links to "data:text/html,hi": only http(s) links are allowed'],
    ['a relative link', '| [Relative](/articles/1) | A |  |', '"Relative" links to "/articles/1": only http(s) links are allowed'],
    ['too few columns', '| [A](https://a.example/) | A |', 'expected 3 columns (title, author, notes), found 2'],
    ['too many columns', '| [A](https://a.example/) | A | n | extra |', 'expected 3 columns (title, author, notes), found 4'],
    ['a title that is not a link', '| Just text | A |  |', 'the first column must be a markdown link [title](url), found "Just text"'],
    ['a link without a title', '| [](https://a.example/) | A |  |', 'the link to https://a.example/ has no title'],
  ])('fails on %s, naming the line and the reason', (_label, row, reason) => {
    const result = parseCatalogue(source([row]));
    expect(messages(result, 'errors')).toEqual([`${ROW_LINE}: ${reason}`]);
    expect(result.catalogue.articles).toEqual([]);
  });

  it('fails on a row outside any section', () => {
    const result = parseCatalogue(['| To Read | Author | Notes |', '| --- | --- | --- |', '| [A](https://a.example/) | A |  |'].join('\n'));
    expect(messages(result, 'errors')[0]).toBe('1: table row outside a section: put a section heading above it');
  });

  it('fails on a section that appears twice', () => {
    const text = source(['| [A](https://a.example/) | A |  |']) + '\n\n' + source(['| [B](https://b.example/) | B |  |']);
    expect(messages(parseCatalogue(text), 'errors')).toEqual(['8: section "Tests" appears twice']);
  });

  it('reports every error in one pass, not only the first', () => {
    const result = parseCatalogue(source(['| [A](javascript:x) | A |  |', '| [B](https://b.example/) |', '| [C](ftp://c.example/) | C |  |']));
    expect(result.errors.map((e) => e.line)).toEqual([ROW_LINE, ROW_LINE + 1, ROW_LINE + 2]);
  });

  it('fails on an id collision between different URLs', () => {
    const byHost = (url: string) => new URL(url).host; // a deliberately weak id, to force a collision
    const result = parseCatalogue(source(['| [First](https://c.example/1) | A |  |', '| [Second](https://c.example/2) | B |  |']), { idOf: byHost });
    expect(messages(result, 'errors')).toEqual([`${ROW_LINE + 1}: id "c.example" of "Second" collides with "First" (line ${ROW_LINE})`]);
  });
});

describe('article ids', () => {
  const row = (title: string, url: string, note = '') => `| [${title}](${url}) | Brett Cannon | ${note} |`;

  it('stay the same when the title, note or position changes', () => {
    const before = parseCatalogue(source([row('Unravelling Decorators', 'https://snarky.ca/unravelling-decorators/'), row('Other', 'https://o.example/')]));
    const after = parseCatalogue(
      source([row('Other', 'https://o.example/'), row('Unravelling decorators', 'https://snarky.ca/unravelling-decorators/', 'A new note')], 'Renamed section'),
    );
    const id = (r: ParseResult, t: string) => r.catalogue.articles.find((a) => a.title.toLowerCase() === t.toLowerCase())?.id;
    expect(id(after, 'unravelling decorators')).toBe(id(before, 'unravelling decorators'));
    expect(id(after, 'other')).toBe(id(before, 'other'));
  });

  it('ignore URL details that do not change the page (scheme, www, trailing slash, fragment)', () => {
    const id = articleId('https://snarky.ca/unravelling-decorators/');
    expect(articleId('http://www.snarky.ca/unravelling-decorators#top')).toBe(id);
  });

  it('differ for different pages', () => {
    expect(articleId('https://snarky.ca/a/')).not.toBe(articleId('https://snarky.ca/b/'));
  });
});

describe('helpers', () => {
  it.each([
    ['https://a.example/', true],
    ['http://a.example/x?y#z', true],
    ['javascript:alert(1)', false],
    ['JAVASCRIPT:alert(1)', false],
    ['data:text/html,x', false],
    ['ftp://a.example/', false],
    ['//a.example/', false],
    ['not a url', false],
    ['', false],
  ])('isHttpUrl(%j) is %s', (url, expected) => {
    expect(isHttpUrl(url)).toBe(expected);
  });

  it('leaves an unbalanced backtick as text', () => {
    expect(stripCode("it's `odd")).toEqual({ text: "it's `odd", code: [] });
  });
});

describe('"read first" hints between sections', () => {
  const table = ['| To Read | Author | Notes |', '| --- | --- | --- |'];
  it('link a section to the earlier sections it builds on', () => {
    const text = ['## Bytecode', ...table, '| [A](https://a.example/) | A |  |', '## Insider Bits', '> Read first: bytecode', ...table, '| [B](https://b.example/) | B |  |'].join('\n');
    const { catalogue, errors } = parseCatalogue(text);
    expect(errors).toEqual([]);
    expect(catalogue.sections.map((s) => s.readFirst)).toEqual([[], ['bytecode']]);
  });

  it.each([
    ['a later section', ['## Insider Bits', '> Read first: Bytecode', ...table, '| [B](https://b.example/) | B |  |', '## Bytecode', ...table, '| [A](https://a.example/) | A |  |'], '2: "Read first: Bytecode" names no earlier section'],
    ['an unknown section', ['## Insider Bits', '> Read first: Bytecodes', ...table, '| [B](https://b.example/) | B |  |'], '2: "Read first: Bytecodes" names no earlier section'],
    ['no section at all', ['> Read first: Bytecode'], '1: "Read first" outside a section: put it under a section heading'],
  ])('fail the build when they name %s', (_label, lines, message) => {
    expect(messages(parseCatalogue(lines.join('\n')), 'errors')).toEqual([message]);
  });
});

describe('writing a catalogue back as markdown', () => {
  it('round-trips through the parser with the same sections and articles', async () => {
    const { catalogueToMarkdown } = await import('../support/markdown');
    const { readFileSync } = await import('node:fs');
    const original = parseCatalogue(readFileSync('src/catalogue/python-engineering-articles.md', 'utf8')).catalogue;
    const again = parseCatalogue(catalogueToMarkdown(original));
    expect(again.errors).toEqual([]);
    const strip = (c: typeof original) => c.articles.map((a) => [a.id, a.url, a.author, a.note, a.sectionId, a.position]);
    expect(strip(again.catalogue)).toEqual(strip(original));
    expect(again.catalogue.sections.map((s) => s.title)).toEqual(original.sections.map((s) => s.title));
  });
});
