/**
 * Property-based tests of the catalogue parser (src/domain/catalogue.ts) against input built to
 * break it: arbitrary text, and markdown assembled from realistic pieces (headings, tables, rows
 * with the wrong number of cells, escaped and unescaped pipes, links with nested brackets and
 * parentheses, every kind of non-http(s) link, huge rows, unicode, CRLF, a BOM, "Read first"
 * lines naming anything). The parser must answer with its own diagnostics, each naming a line of
 * the input, accept only http(s) links, and finish quickly, whatever it is given.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  articleId,
  formatDiagnostic,
  normalizeUrl,
  parseCatalogue,
  slugify,
  type Article,
  type Catalogue,
  type Diagnostic,
  type ParseResult,
  type Section,
} from '../../src/domain/catalogue';
import { anyText, fuzzTimeout, hostileString, params, withinTime } from '../support/fuzz';
import { catalogueToMarkdown } from '../support/markdown';

/** Generous: the real catalogue (26 KB) parses in about a millisecond. */
const PARSE_BOUND_MS = 2000;
const MAX_INPUT = 200 * 1024;

/** The lines of `source` as an editor shows them (every \n ends one; a BOM is not text), trimmed. */
function editorLines(source: string): string[] {
  return source
    .replace(/^\uFEFF/, '')
    .split('\n')
    .map((l) => l.trim());
}

/** What each diagnostic the parser may give is about, and so which kind of line it must name. */
const DIAGNOSTICS: readonly [RegExp, 'row' | 'read-first' | 'heading'][] = [
  [/^expected 3 columns \(title, author, notes\), found \d+$/, 'row'],
  [/^the first column must be a markdown link \[title\]\(url\), found "/s, 'row'],
  [/^the link to .* has no title$/s, 'row'],
  [/^".*" links to ".*": only http\(s\) links are allowed$/s, 'row'],
  [/^".*" uses the same link as ".*" \(line \d+\): /s, 'row'],
  [/^id ".*" of ".*" collides with ".*" \(line \d+\)$/s, 'row'],
  [/^table row outside a section: put a section heading above it$/, 'row'],
  [/^empty row skipped \(no title or link\)/, 'row'],
  [/^duplicate of line \d+ \(".*"\): kept once$/s, 'row'],
  [/^"Read first" outside a section: put it under a section heading$/, 'read-first'],
  [/^"Read first: .*" names no earlier section$/s, 'read-first'],
  [/^section ".*" appears twice$/s, 'heading'],
  [/^section ".*" has no articles$/s, 'heading'],
];

/**
 * What is wrong with one diagnostic, or undefined: it must be a known message, on a line of the
 * input, of the kind of line it talks about. Plain checks (one `expect` per input, not per
 * diagnostic): a pathological input has tens of thousands of diagnostics.
 */
function diagnosticProblem(lines: readonly string[], d: Diagnostic): string | undefined {
  if (!Number.isInteger(d.line) || d.line < 1 || d.line > lines.length) return `line ${d.line} is not a line of the input`;
  if (!formatDiagnostic('catalogue.md', d).startsWith(`catalogue.md:${d.line}: `)) return 'not formatted as file:line';
  const kind = DIAGNOSTICS.find(([pattern]) => pattern.test(d.message))?.[1];
  if (kind === undefined) return 'unknown diagnostic';
  const text = lines[d.line - 1];
  if (kind === 'row' && !text.startsWith('|')) return 'names a line that is not a table row';
  if (kind === 'read-first' && !/^>\s*read first:/i.test(text)) return 'names a line that is not a "Read first" line';
  if (kind === 'heading' && !text.startsWith('#') && !/^-{3,}\s*$/.test(lines[d.line] ?? '')) return 'names a line that is not a heading';
  return undefined;
}

/** Every promise the parser makes about what it returns, checked on one input. */
function checkResult(source: string, result: ParseResult): void {
  const { catalogue, errors, warnings } = result;
  const lines = editorLines(source);
  const wrong = [...errors, ...warnings].flatMap((d) => {
    const problem = diagnosticProblem(lines, d);
    return problem ? [`${problem}: ${d.line}: ${d.message.slice(0, 120)} (line text ${JSON.stringify(lines[d.line - 1]?.slice(0, 80))})`] : [];
  });
  expect(wrong.slice(0, 3)).toEqual([]);

  // Only http(s) links, as the browser itself will read them; ids, order and positions agree.
  const badLinks = catalogue.articles.filter((a) => !['http:', 'https:'].includes(new URL(a.url).protocol)).map((a) => a.url);
  expect(badLinks).toEqual([]);
  const ids = catalogue.articles.map((a) => a.id);
  const byId = new Map(catalogue.articles.map((a) => [a.id, a]));
  const inconsistent = catalogue.articles.filter(
    (a, i) =>
      a.id !== articleId(a.url) ||
      a.order !== i ||
      a.title.trim() === '' ||
      a.code.some(([start, end]) => !(0 <= start && start < end && end <= a.title.length)),
  );
  expect(inconsistent).toEqual([]);
  expect(byId.size).toBe(ids.length);
  expect(new Set(catalogue.articles.map((a) => normalizeUrl(a.url))).size).toBe(ids.length);
  expect(catalogue.sections.flatMap((s) => s.articleIds).sort()).toEqual([...ids].sort());
  const badSections = catalogue.sections.filter(
    (section) =>
      section.articleIds.some((id, i) => byId.get(id)?.sectionId !== section.id || byId.get(id)?.position !== i + 1) ||
      // "Read first" names only sections that come before this one.
      section.readFirst.some((earlier) => !catalogue.sections.slice(0, catalogue.sections.indexOf(section)).some((s) => s.id === earlier)),
  );
  expect(badSections).toEqual([]);
  // A clean parse has no repeated section.
  if (errors.length === 0) expect(new Set(catalogue.sections.map((s) => s.id)).size).toBe(catalogue.sections.length);
}

/** Parses within the time bound and checks everything; never lets an exception through. */
function parseAndCheck(source: string): ParseResult {
  const result = withinTime(PARSE_BOUND_MS, `parsing ${source.length} characters`, () => parseCatalogue(source));
  checkResult(source, result);
  return result;
}

// ---------------------------------------------------------------------------------------------
// Realistic pieces of catalogue markdown, and hostile variants of each.
// ---------------------------------------------------------------------------------------------

const SECTION_NAMES = ['Bytecode', 'CPython Internals', 'Insider Bits', 'Testing', 'Łukasz’s picks', 'C#', 'C', 'Tests'];

const sectionName = fc.oneof(fc.constantFrom(...SECTION_NAMES), hostileString({ minLength: 1, maxLength: 12 }));

/** Schemes a link must not get through with, in odd casings and behind white space or controls. */
const BAD_SCHEMES = ['javascript:', 'JavaScript:', 'JAVASCRIPT:', 'data:', 'DaTa:', 'vbscript:', 'file:', 'ftp:', 'mailto:', 'blob:', 'about:', 'ws:', 'chrome:'];

const goodUrl = fc.oneof(
  fc.webUrl({ validSchemes: ['http', 'https'], withQueryParameters: true, withFragments: true }),
  fc.constantFrom('https://snarky.ca/unravelling-decorators/', 'HTTP://EXAMPLE.ORG/A', 'https://www.example.org/x#frag', 'https:example.org', 'https://例え.jp/パス'),
);

const badUrl = fc.oneof(
  fc.tuple(fc.constantFrom('', ' ', '\t', '\u0000', '\u0001', '\u001f', '\u00a0', '\ufeff', '%20', '\u200b'), fc.constantFrom(...BAD_SCHEMES), fc.constantFrom('alert(1)', '//x.example/', 'text/html,<script>x</script>', '')).map(
    ([pad, scheme, rest]) => `${pad}${scheme}${rest}`,
  ),
  fc.constantFrom('java\tscript:alert(1)', 'java\u0000script:alert(1)', '//x.example/a', '/relative', 'relative', '', 'http://', 'https://', 'https:// x', 'http://[::1', 'https://a b', '#top'),
);

/** Link titles with nested brackets, escapes and parentheses. */
const linkTitle = fc.oneof(
  fc.constantFrom('Unravelling `async with`', 'The [bracketed] title', 'a [b [c]] d', 'f(x) and (g)', 'x\\]', 'pipe \\| in title', 'odd `tick', '](', '[', ''),
  hostileString({ maxLength: 12 }),
);

const link = fc.oneof(
  fc.tuple(linkTitle, fc.oneof(goodUrl, goodUrl, badUrl)).map(([title, url]) => `[${title}](${url})`),
  // Links that are not quite links.
  fc.tuple(linkTitle, goodUrl).map(([t, u]) => `[${t}] (${u})`),
  fc.tuple(linkTitle, goodUrl).map(([t, u]) => `[${t}](${u}`),
  fc.tuple(linkTitle, goodUrl).map(([t, u]) => `[${t}](${u})trailing`),
  fc.tuple(linkTitle, goodUrl).map(([t, u]) => `[${t}](<${u}>)`),
  fc.tuple(linkTitle, goodUrl).map(([t, u]) => `[${t}](${u} "title")`),
  fc.nat({ max: 200 }).map((n) => `[${'('.repeat(n)}](${'('.repeat(n)}${')'.repeat(n)})`),
  fc.nat({ max: 200 }).map((n) => `${'['.repeat(n)}x${']'.repeat(n)}(https://a.example/)`),
);

const cell = fc.oneof(fc.constantFrom('', 'Brett Cannon', 'Łukasz Langa', 'uses a \\| b', 'a | b', 'trailing \\', '`code`', '---'), hostileString({ maxLength: 10 }));

const row = fc.oneof(
  { arbitrary: fc.tuple(link, cell, cell).map(([l, a, n]) => `| ${l} | ${a} | ${n} |`), weight: 6 },
  { arbitrary: fc.tuple(link, fc.array(cell, { maxLength: 6 })).map(([l, cells]) => `| ${[l, ...cells].join(' | ')} |`), weight: 2 },
  { arbitrary: fc.tuple(link, cell, cell).map(([l, a, n]) => `${l} | ${a} | ${n}`), weight: 1 },
  { arbitrary: fc.tuple(link, cell).map(([l, a]) => `|${l}|${a}|\\|`), weight: 1 },
  { arbitrary: fc.constantFrom('|  |  |  |', '| | |', '|', '||||', '| --- | --- | --- |', '|:---|---:|:-:|'), weight: 1 },
);

const heading = fc.oneof(
  sectionName.map((n) => `## ${n}`),
  sectionName.map((n) => `# ${n} ##`),
  sectionName.map((n) => `${n}\n${'-'.repeat(3 + (n.length % 5))}`),
  sectionName.map((n) => `${n}\r\n---`),
  fc.constantFrom('#######  too deep', '#no-space', '## ', '##', '---', 'Title\n===', '## ###', '## a   #   b  ##'),
);

const readFirst = fc.oneof(
  fc.array(sectionName, { maxLength: 4 }).map((names) => `> Read first: ${names.join(', ')}`),
  fc.array(sectionName, { maxLength: 3 }).map((names) => `>read FIRST:${names.join(',,')}`),
  fc.constantFrom('> Read first:', '> Read first: ,', '> read first:   ', '> Read first: Bytecode\r', '> Read first: \u2028Bytecode'),
);

const tableHeader = fc.constantFrom(
  '| To Read | Author | Notes |\n| --- | --- | --- |',
  '| To Read | Author | Notes |\n|:---|:---:|---:|',
  '| To Read | Author | Notes |',
  '| --- | --- | --- |',
  '| To Read | Author |\n| -- | -- |',
);

/** Big pieces, so that inputs reach the size a pathological case needs. */
const hugePiece = fc.oneof(
  fc.tuple(fc.constantFrom('x', ' ', '|', '\\|', '[', '](', '(', '`', '#', '-', 'é', '🐍', '\u0301'), fc.integer({ min: 1000, max: 20000 })).map(([unit, n]) => unit.repeat(n)),
  fc.integer({ min: 1000, max: 20000 }).map((n) => `| [${'a'.repeat(n)}](https://a.example/${'b'.repeat(n)}) | ${'c '.repeat(n)} |  |`),
  fc.integer({ min: 500, max: 5000 }).map((n) => `# a${' '.repeat(n)}b`),
  fc.integer({ min: 500, max: 5000 }).map((n) => `| [x](${'](x'.repeat(n)} | a | b |`),
);

const line = fc.oneof(
  { arbitrary: row, weight: 8 },
  { arbitrary: heading, weight: 3 },
  { arbitrary: tableHeader, weight: 3 },
  { arbitrary: readFirst, weight: 2 },
  { arbitrary: fc.constantFrom('', '', 'title: Python Engineering Articles', 'slug: x', 'Intro text.', '1 article on page'), weight: 2 },
  { arbitrary: anyText(30), weight: 2 },
  { arbitrary: hugePiece, weight: 1 },
);

/** A catalogue-like document: lines joined by LF or CRLF, perhaps with a BOM. */
const catalogueSource = fc
  .tuple(fc.array(line, { maxLength: 40 }), fc.constantFrom('\n', '\r\n'), fc.boolean())
  .map(([lines, eol, bom]) => `${bom ? '\uFEFF' : ''}${lines.join(eol)}`)
  .filter((s) => s.length <= MAX_INPUT);

describe('the catalogue parser on hostile input', () => {
  it('answers any text with diagnostics on real lines, never an exception', () => {
    fc.assert(
      fc.property(fc.oneof(anyText(300), fc.string({ unit: 'binary', maxLength: 3000 })), (source) => {
        parseAndCheck(source);
      }),
      params(400),
    );
  }, fuzzTimeout());

  it('answers catalogue-like markdown with known diagnostics naming the right lines, accepting only http(s) links', () => {
    fc.assert(
      fc.property(catalogueSource, (source) => {
        parseAndCheck(source);
      }),
      params(400),
    );
  }, fuzzTimeout());

  it('reads LF and CRLF line ends, and a byte-order mark, alike', () => {
    fc.assert(
      fc.property(catalogueSource, (source) => {
        const lf = source.replace(/^\uFEFF/, '').replace(/\r\n/g, '\n');
        const expected = parseCatalogue(lf);
        expect(parseCatalogue(lf.replace(/\n/g, '\r\n'))).toEqual(expected);
        expect(parseCatalogue(`\uFEFF${lf}`)).toEqual(expected);
      }),
      params(150),
    );
  }, fuzzTimeout());

  it('rejects every link that is not http(s), whatever its casing or padding', () => {
    fc.assert(
      fc.property(linkTitle.filter((t) => /[\p{L}\p{N}]/u.test(t) && !t.includes('`') && !/[\n|\\]/.test(t)), badUrl, (title, url) => {
        const source = ['## Links', '| To Read | Author | Notes |', '| --- | --- | --- |', `| [${title}](${url}) | A |  |`].join('\n');
        const result = parseAndCheck(source);
        expect(result.catalogue.articles).toEqual([]);
        expect(result.errors.map((e) => e.line)).toEqual([4]);
      }),
      params(300),
    );
  }, fuzzTimeout());
});

describe('the catalogue parser on pathological input', () => {
  const table = '## S\n| To Read | Author | Notes |\n| --- | --- | --- |\n';
  const cases: [string, string][] = [
    ['50,000 "["', `${table}| ${'['.repeat(50_000)} | a | b |`],
    ['50,000 "[" as the whole file', '['.repeat(50_000)],
    ['a link title of 50,000 "]("', `${table}| [${'](x'.repeat(50_000)} | a | b |`],
    ['a link nested 50,000 parentheses deep', `${table}| [a](${'('.repeat(50_000)}${')'.repeat(50_000)}) | a | b |`],
    ['a link title nested 50,000 brackets deep', `${table}| ${'['.repeat(50_000)}${']'.repeat(50_000)}(https://a.example/) | a | b |`],
    ['a heading with 100,000 inner spaces', `# a${' '.repeat(100_000)}b`],
    ['a heading of 100,000 "#" and spaces', `# ${'# '.repeat(100_000)}x`],
    ['front matter with 100,000 spaces before a lone CR', `title:${' '.repeat(100_000)}a\rb`],
    ['"Read first" with 100,000 spaces before a lone CR', `## S\n> read first:${' '.repeat(100_000)}a\rb`],
    ['"Read first" naming 50,000 sections after 5,000 headings', `${Array.from({ length: 5000 }, (_, i) => `# s${i}`).join('\n')}\n> Read first: ${'s1,'.repeat(50_000)}`],
    ['20,000 headings', Array.from({ length: 20_000 }, (_, i) => `# s${i}`).join('\n')],
    ['25,000 copies of one heading', '# same\n'.repeat(25_000)],
    ['a table separator of 30,000 columns', `## S\n| a |\n${'| --- '.repeat(30_000)}x`],
    ['a row of 100,000 pipes', `${table}${'|'.repeat(100_000)}`],
    ['a row of 100,000 escaped pipes', `${table}| ${'\\|'.repeat(50_000)} |`],
    ['a title of 100,000 backticks', `${table}| [${'`'.repeat(100_000)}](https://a.example/) | a | b |`],
    ['a title of 100,000 backslashes', `${table}| [${'\\'.repeat(100_000)}](https://a.example/) | a | b |`],
    ['a setext underline of 100,000 dashes and spaces', `Title\n${'-'.repeat(100_000)}${' '.repeat(50_000)}x`],
    ['5,000 rows of one article', `${table}${'| [A](https://a.example/) | A |  |\n'.repeat(5000)}`],
    ['5,000 rows with the same link and different titles', `${table}${Array.from({ length: 5000 }, (_, i) => `| [A${i}](https://a.example/) | A |  |`).join('\n')}`],
    ['100,000 empty lines', '\n'.repeat(100_000)],
    ['100,000 CRs without a line feed', '\r'.repeat(100_000)],
  ];

  it.each(cases)('parses %s in bounded time', (_name, source) => {
    expect(source.length).toBeLessThanOrEqual(MAX_INPUT + 100);
    parseAndCheck(source);
  }, fuzzTimeout());

  it('reads a heading whose name ends in "#" as written (regression: "## C#" was "C")', () => {
    const result = parseAndCheck('## C#\n## Notes ##\n## F# and  ##');
    expect(result.catalogue.sections.map((s) => s.title)).toEqual(['C#', 'Notes', 'F# and']);
  });

  it('still reads a link whose title holds "](" (regression for the hand-written link reader)', () => {
    const result = parseAndCheck(`${table}| [a](b) and [c](https://c.example/) | A |  |\n| [x](https://x.example/a)b) | A |  |`);
    expect(result.errors).toEqual([]);
    expect(result.catalogue.articles.map((a) => [a.title, a.url])).toEqual([
      ['a](b) and [c', 'https://c.example/'],
      ['x', 'https://x.example/a)b'],
    ]);
  });
});

// ---------------------------------------------------------------------------------------------
// Round trip: any valid catalogue, written as markdown, reads back the same.
// ---------------------------------------------------------------------------------------------

/** Text a table cell can carry: one line, no surrounding white space. */
const cellText = (minLength: number) =>
  hostileString({ minLength, maxLength: 16 })
    .map((s) => s.replace(/[\r\n`]/g, ''))
    .filter((s) => s.trim() === s && s.length >= minLength);

/** A section name an ATX heading carries as is: no closing "#" run. */
const headingText = cellText(1).filter((s) => !/\s#+$/.test(s));

const articleUrl = fc
  .webUrl({ validSchemes: ['http', 'https'], withQueryParameters: true, withFragments: true })
  .filter((u) => !u.includes('](') && !u.includes('|'));

/** A valid catalogue: unique section slugs, unique article URLs, every article in a section. */
const validCatalogue: fc.Arbitrary<Catalogue> = fc
  .tuple(
    fc.uniqueArray(headingText, { minLength: 1, maxLength: 5, selector: (name) => slugify(name) }),
    fc.uniqueArray(fc.record({ title: cellText(1), url: articleUrl, author: cellText(0), note: cellText(0) }), {
      maxLength: 25,
      selector: (a) => normalizeUrl(a.url),
    }),
    fc.array(fc.nat(), { maxLength: 25 }),
  )
  .filter(([, rows]) => new Set(rows.map((r) => articleId(r.url))).size === rows.length)
  .map(([names, rows, picks]) => {
    const sections: Section[] = names.map((title) => ({ id: slugify(title), title, articleIds: [], readFirst: [] }));
    const articles: Article[] = [];
    // Articles go to sections in reading order: sorted by the section each one picked.
    const placed = rows.map((r, i) => ({ ...r, section: (picks[i] ?? 0) % sections.length })).sort((a, b) => a.section - b.section);
    for (const r of placed) {
      const section = sections[r.section];
      const id = articleId(r.url);
      section.articleIds.push(id);
      articles.push({ id, title: r.title, code: [], url: r.url, author: r.author, note: r.note, sectionId: section.id, position: section.articleIds.length, order: articles.length });
    }
    return { title: 'Fuzzed reading list', intro: '', sections, articles };
  });

describe('writing a catalogue as markdown and reading it back', () => {
  it('gives back the same sections, titles, links, authors, notes and order', () => {
    fc.assert(
      fc.property(validCatalogue, (catalogue) => {
        const markdown = catalogueToMarkdown(catalogue);
        const result = parseAndCheck(markdown);
        expect(result.errors).toEqual([]);
        expect(result.warnings.every((w) => /has no articles$/.test(w.message))).toBe(true);
        expect(result.catalogue.title).toBe(catalogue.title);
        expect(result.catalogue.sections).toEqual(catalogue.sections);
        expect(result.catalogue.articles).toEqual(catalogue.articles);
      }),
      params(300),
    );
  }, fuzzTimeout());
});
