/**
 * Property-based tests of the search (src/domain/search*.ts and the worker's service,
 * src/workers/search-service.ts) against queries built to break it: random unicode with regex
 * metacharacters, 10,000-character queries, white space only, combining marks, surrogate halves,
 * emoji and NUL, over the real catalogue and over generated catalogues of equally hostile text.
 * Whatever the query, the search answers in bounded time with articles of the catalogue, each
 * once, within the filters, with highlights that cut the text only between characters.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCatalogue, type Article, type Catalogue, type Section } from '../../src/domain/catalogue';
import { createSearch, MAX_RESULTS, type MatchRange, type SearchFilters, type SearchResult } from '../../src/domain/search';
import { fold, tokenize } from '../../src/domain/search-text';
import { segments } from '../../src/domain/segments';
import { createSearchService } from '../../src/workers/search-service';
import { anyText, fuzzTimeout, hostileString, hostileUnit, isCodePointBoundary, params, withinTime } from '../support/fuzz';

/** Generous: a keystroke's search takes well under a millisecond on the real catalogue. */
const QUERY_BOUND_MS = 2000;

const real = parseCatalogue(readFileSync('src/catalogue/python-engineering-articles.md', 'utf8')).catalogue;
const realSearch = createSearch(real);

// ---------------------------------------------------------------------------------------------
// Queries.
// ---------------------------------------------------------------------------------------------

const WHITE_SPACE = [' ', '\t', '\n', '\r', '\u000b', '\f', '\u00a0', '\u1680', '\u2003', '\u2028', '\u2029', '\u202f', '\u3000', '\ufeff'];

/** Words of the real catalogue, to aim queries at text that exists. */
const REAL_WORDS = [...new Set(real.articles.flatMap((a) => tokenize(fold(`${a.title} ${a.author}`).text)))];

/** A real word with one typo: a letter dropped, doubled, swapped or replaced by a hostile unit. */
const typoWord = fc.tuple(fc.constantFrom(...REAL_WORDS), fc.nat(), fc.constantFrom('drop', 'double', 'swap', 'replace'), hostileUnit).map(([word, at, kind, unit]) => {
  const i = at % word.length;
  if (kind === 'drop') return word.slice(0, i) + word.slice(i + 1);
  if (kind === 'double') return word.slice(0, i + 1) + word.slice(i);
  if (kind === 'swap') return word.slice(0, i) + word.slice(i + 1, i + 2) + word.slice(i, i + 1) + word.slice(i + 2);
  return word.slice(0, i) + unit + word.slice(i + 1);
});

/** Text repeated to a length from 1,000 to 10,000 UTF-16 units (a surrogate pair may be cut at the end). */
const longText = fc
  .tuple(fc.oneof(hostileString({ minLength: 1, maxLength: 8 }), fc.constantFrom('a', 'python ', '🐍', 'e\u0301', '(', '\u0000')), fc.integer({ min: 1000, max: 10_000 }))
  .filter(([unit]) => unit.length > 0)
  .map(([unit, n]) => unit.repeat(Math.ceil(n / unit.length)).slice(0, n));

const query = fc.oneof(
  { arbitrary: anyText(40), weight: 4 },
  { arbitrary: fc.array(fc.oneof(typoWord, fc.constantFrom(...REAL_WORDS), hostileString({ maxLength: 4 })), { maxLength: 10 }).map((w) => w.join(' ')), weight: 4 },
  { arbitrary: fc.string({ unit: fc.constantFrom(...WHITE_SPACE), maxLength: 20 }), weight: 1 },
  { arbitrary: fc.string({ unit: fc.constantFrom('\u0301', '\u0308', '\u20dd', '\ud800', '\udfff', '\u0000', '🐍', '👩🏽‍💻', '.*', '\\', '(', '['), maxLength: 20 }), weight: 1 },
  { arbitrary: longText, weight: 1 },
);

// ---------------------------------------------------------------------------------------------
// Generated catalogues of hostile text.
// ---------------------------------------------------------------------------------------------

const hostileCatalogue: fc.Arbitrary<Catalogue> = fc
  .tuple(
    fc.array(anyText(12), { minLength: 1, maxLength: 3 }),
    fc.array(
      fc.record({
        title: fc.oneof(anyText(30), fc.constantFrom('Unravelling `async with`', 'NoGIL and the C API', 'Łukasz Langa on PEP 563', 'Café\u0301 ☕ naïve')),
        author: fc.oneof(anyText(12), fc.constantFrom('', 'Brett Cannon', 'Łukasz Langa', 'Victor Stinner')),
        note: anyText(60),
        section: fc.nat(),
        code: fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 2 }),
      }),
      { maxLength: 20 },
    ),
  )
  .map(([sectionTitles, rows]) => {
    const sections: Section[] = sectionTitles.map((title, i) => ({ id: `s${i}`, title, articleIds: [], readFirst: [] }));
    const placed = rows.map((r) => ({ ...r, section: r.section % sections.length })).sort((a, b) => a.section - b.section);
    const articles: Article[] = placed.map((r, order) => {
      const section = sections[r.section];
      const id = `a${order}`;
      section.articleIds.push(id);
      const code = r.code
        .map(([x, y]): [number, number] => [Math.min(x, y) % (r.title.length + 1), Math.max(x, y) % (r.title.length + 1)])
        .filter(([s, e]) => s < e);
      return { id, title: r.title, code, url: `https://example.org/${order}`, author: r.author, note: r.note, sectionId: section.id, position: section.articleIds.length, order };
    });
    return { title: 'Hostile', intro: '', sections, articles };
  });

/** Filters that name sections, authors and id sets of `catalogue`, or ones it does not have. */
function filtersFor(catalogue: Catalogue): fc.Arbitrary<SearchFilters> {
  const sectionIds = [...catalogue.sections.map((s) => s.id), 'no-such-section'];
  const authors = [...catalogue.articles.map((a) => a.author), 'BRETT CANNON', 'lukasz langa', '🐍', ''];
  return fc.record(
    {
      sectionId: fc.constantFrom(...sectionIds),
      author: fc.constantFrom(...authors),
      articleIds: fc.subarray(catalogue.articles.map((a) => a.id)).map((ids) => new Set(ids)),
    },
    { requiredKeys: [] },
  );
}

// ---------------------------------------------------------------------------------------------
// What every answer must satisfy.
// ---------------------------------------------------------------------------------------------

const FIELDS = ['title', 'author', 'note', 'section'] as const;

/** What is wrong with a field's highlight ranges, or undefined. */
function rangeProblem(text: string, code: readonly [number, number][], ranges: readonly MatchRange[]): string | undefined {
  let previousEnd = -1;
  for (const [start, end] of ranges) {
    if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end > text.length || start >= end) return `range [${start}, ${end}) outside the text`;
    if (start <= previousEnd) return 'ranges overlap, touch or are out of order';
    if (!isCodePointBoundary(text, start) || !isCodePointBoundary(text, end)) return `range [${start}, ${end}) cuts a surrogate pair`;
    previousEnd = end;
  }
  // The segments the UI renders give back the text exactly, with exactly the ranges marked.
  const parts = segments(text, code, ranges);
  if (parts.map((p) => p.text).join('') !== text) return 'segments do not reassemble the text';
  const marked: number[] = [];
  let at = 0;
  for (const p of parts) {
    if (p.mark) for (let k = 0; k < p.text.length; k++) marked.push(at + k);
    at += p.text.length;
  }
  const expected = ranges.flatMap(([s, e]) => Array.from({ length: e - s }, (_, k) => s + k));
  if (marked.join() !== expected.join()) return 'segments mark other characters than the ranges';
  return undefined;
}

/** Checks one answer of `search(query, filters)` over `catalogue`. */
function checkAnswer(catalogue: Catalogue, query: string, filters: SearchFilters, results: SearchResult[]): void {
  expect(Array.isArray(results)).toBe(true);
  // A query is capped; an empty one lists everything the filters allow (a whole section).
  if (query.trim() !== '') expect(results.length).toBeLessThanOrEqual(MAX_RESULTS);
  const known = new Set<Article>(catalogue.articles);
  expect(results.every((r) => known.has(r.article)), 'every result is an article of the catalogue').toBe(true);
  const ids = results.map((r) => r.article.id);
  expect(new Set(ids).size, 'no article twice').toBe(ids.length);

  // Within the filters.
  if (filters.sectionId !== undefined && filters.sectionId !== '') expect(results.every((r) => r.article.sectionId === filters.sectionId)).toBe(true);
  const author = filters.author ? fold(filters.author).text.trim() : '';
  if (author !== '') expect(results.every((r) => fold(r.article.author).text === author)).toBe(true);
  if (filters.articleIds) expect(ids.every((id) => filters.articleIds?.has(id))).toBe(true);

  // Scores in [0, 1], best first.
  expect(results.every((r) => Number.isFinite(r.score) && r.score >= 0 && r.score <= 1)).toBe(true);
  expect(results.every((r, i) => i === 0 || results[i - 1].score <= r.score), 'best first').toBe(true);

  // A query of nothing but white space lists the filtered articles in reading order, or nothing.
  if (query.trim() === '') {
    const filtered = Boolean(filters.sectionId || author || filters.articleIds);
    if (!filtered) expect(results).toEqual([]);
    const orders = results.map((r) => r.article.order);
    expect(orders).toEqual([...orders].sort((a, b) => a - b));
    expect(results.every((r) => r.score === 0 && FIELDS.every((f) => r.matches[f].length === 0))).toBe(true);
  } else if (tokenize(fold(query).text).length === 0) {
    // No letter or digit: nothing to look for.
    expect(results).toEqual([]);
  }

  const sectionTitle = new Map(catalogue.sections.map((s) => [s.id, s.title]));
  const problems = results.flatMap((r) =>
    FIELDS.flatMap((field) => {
      const text = field === 'section' ? (sectionTitle.get(r.article.sectionId) ?? '') : r.article[field];
      const problem = rangeProblem(text, field === 'title' ? r.article.code : [], r.matches[field]);
      return problem ? [`${r.article.id}.${field}: ${problem} (${JSON.stringify(r.matches[field])} in ${JSON.stringify(text)})`] : [];
    }),
  );
  expect(problems).toEqual([]);
}

/** Searches within the time bound and checks the answer. */
function searchAndCheck(catalogue: Catalogue, engine: ReturnType<typeof createSearch>, q: string, filters: SearchFilters = {}): SearchResult[] {
  const results = withinTime(QUERY_BOUND_MS, `searching ${q.length} characters`, () => engine.search(q, filters));
  checkAnswer(catalogue, q, filters, results);
  return results;
}

describe('the search on hostile queries', () => {
  it('answers any query over the real catalogue with its own articles, once each, in bounded time', () => {
    fc.assert(
      fc.property(query, filtersFor(real), fc.boolean(), (q, filters, useFilters) => {
        searchAndCheck(real, realSearch, q, useFilters ? filters : {});
      }),
      params(500),
    );
  }, fuzzTimeout());

  it('answers any query over a catalogue of hostile text, with highlights that reassemble the text', () => {
    fc.assert(
      fc.property(
        hostileCatalogue.chain((c) => fc.tuple(fc.constant(c), fc.array(query, { minLength: 1, maxLength: 4 }), filtersFor(c))),
        ([catalogue, queries, filters]) => {
          const engine = withinTime(QUERY_BOUND_MS, 'indexing', () => createSearch(catalogue));
          for (const q of queries) {
            searchAndCheck(catalogue, engine, q);
            searchAndCheck(catalogue, engine, q, filters);
          }
          // Each article's own words find it.
          for (const article of catalogue.articles) {
            const words = tokenize(fold(article.title).text);
            if (words.length === 0) continue;
            const found = searchAndCheck(catalogue, engine, article.title);
            expect(found.map((r) => r.article.id), JSON.stringify(article.title)).toContain(article.id);
          }
        },
      ),
      params(150),
    );
  }, fuzzTimeout());

  it('gives the same answer to a query whatever was searched before (no state leaks between queries)', () => {
    fc.assert(
      fc.property(query, fc.array(query, { minLength: 1, maxLength: 5 }), filtersFor(real), (q, others, filters) => {
        const first = realSearch.search(q, filters);
        for (const other of others) {
          realSearch.search(other);
          realSearch.search(other, filters);
        }
        expect(realSearch.search(q, filters)).toEqual(first);
      }),
      params(150),
    );
  }, fuzzTimeout());

  it('handles the documented hostile cases in bounded time', () => {
    const cases = [
      'a'.repeat(10_000),
      'python '.repeat(1430),
      '🐍'.repeat(5000),
      '\ud800'.repeat(10_000),
      '\udfff\ud800'.repeat(5000),
      '\u0000'.repeat(10_000),
      'e\u0301'.repeat(5000),
      '\u0301'.repeat(10_000),
      '.*+?^${}()|[]\\'.repeat(700),
      '(a+)+$'.repeat(1600),
      WHITE_SPACE.join('').repeat(700),
      Array.from({ length: 2000 }, (_, i) => `word${i}`).join(' '),
      REAL_WORDS.join(' ').slice(0, 10_000),
    ].map((q) => q.slice(0, 10_000));
    for (const q of cases) {
      searchAndCheck(real, realSearch, q);
      searchAndCheck(real, realSearch, q, { sectionId: real.sections[0].id });
    }
  }, fuzzTimeout());

  it('treats a query of white space only as empty: nothing without filters, the filtered articles in reading order with them', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...WHITE_SPACE), maxLength: 30 }), fc.constantFrom(...real.sections), (blank, section) => {
        expect(realSearch.search(blank)).toEqual([]);
        expect(realSearch.search(blank, { sectionId: section.id }).map((r) => r.article.id)).toEqual(section.articleIds);
      }),
      params(100),
    );
  }, fuzzTimeout());
});

describe('the search service behind the worker, on hostile requests', () => {
  const service = createSearchService(real);

  it('answers with the engine’s results as plain data, and allows nothing for a filter it was never sent', () => {
    let seq = 0;
    fc.assert(
      fc.property(query, filtersFor(real), fc.subarray(real.articles.map((a) => a.id)), (q, filters, allowed) => {
        seq++;
        const { sectionId, author } = filters;
        const plain = service.handle({ type: 'search', seq, query: q, sectionId, author });
        const expected = realSearch.search(q, { sectionId, author });
        expect(plain?.seq).toBe(seq);
        expect(plain?.hits).toEqual(expected.map((r) => ({ id: r.article.id, score: r.score, matches: r.matches })));
        expect(structuredClone(plain)).toEqual(plain);

        expect(service.handle({ type: 'id-filter', version: seq, articleIds: allowed })).toBeUndefined();
        const filtered = service.handle({ type: 'search', seq, query: q, sectionId, author, idFilter: seq });
        expect(filtered?.hits.every((h) => allowed.includes(h.id))).toBe(true);
        expect(service.handle({ type: 'search', seq, query: q, sectionId, author, idFilter: seq + 1 })?.hits).toEqual([]);
      }),
      params(200),
    );
  }, fuzzTimeout());
});
