/**
 * The search API: filters, empty queries, highlight ranges, diacritics, acronyms, hostile input,
 * and the text helpers underneath (folding, aliases, edit distance).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCatalogue, type Article, type Catalogue } from '../../src/domain/catalogue';
import { createSearch, MAX_RESULTS, type MatchRange, type SearchResult } from '../../src/domain/search';
import { findAliases } from '../../src/domain/search-acronyms';
import fc from 'fast-check';
import { infixDistance } from '../../src/domain/search-prefilter';
import { fold, toSourceRange } from '../../src/domain/search-text';
import { segments } from '../../src/domain/segments';

const { catalogue } = parseCatalogue(readFileSync('src/catalogue/python-engineering-articles.md', 'utf8'));
const search = createSearch(catalogue);
const sectionOf = (a: Article) => catalogue.sections.find((s) => s.id === a.sectionId);

/** A small catalogue of one section; each row is [title, author, note]. */
function tiny(rows: [string, string, string][], sectionTitle = 'Misc'): Catalogue {
  const articles: Article[] = rows.map(([title, author, note], i) => ({
    id: `id${i}`,
    title,
    code: [],
    url: `https://example.org/${i}`,
    author,
    note,
    sectionId: 'misc',
    position: i + 1,
    order: i,
  }));
  return {
    title: 'Tiny',
    intro: '',
    sections: [{ id: 'misc', title: sectionTitle, articleIds: articles.map((a) => a.id), readFirst: [] }],
    articles,
  };
}

/** The texts a result's ranges point at, per field. */
function marked(r: SearchResult): Record<'title' | 'author' | 'note' | 'section', string[]> {
  const cut = (text: string, ranges: MatchRange[]) => ranges.map(([a, b]) => text.slice(a, b));
  return {
    title: cut(r.article.title, r.matches.title),
    author: cut(r.article.author, r.matches.author),
    note: cut(r.article.note, r.matches.note),
    section: cut(sectionOf(r.article)?.title ?? '', r.matches.section),
  };
}

describe('createSearch().search', () => {
  it('returns nothing for an empty query without filters', () => {
    expect(search.search('')).toEqual([]);
    expect(search.search('   ')).toEqual([]);
  });

  it('lists the filtered articles in reading order for an empty query', () => {
    const section = catalogue.sections.find((s) => s.title === 'Bytecode');
    expect(section).toBeDefined();
    const results = search.search('', { sectionId: section?.id });
    expect(results.map((r) => r.article.id)).toEqual(section?.articleIds);
    expect(results.every((r) => r.score === 0 && r.matches.title.length === 0)).toBe(true);

    const byAuthor = search.search('  ', { author: 'Brett Cannon' });
    const expected = catalogue.articles.filter((a) => a.author === 'Brett Cannon').map((a) => a.id);
    expect(byAuthor.map((r) => r.article.id)).toEqual(expected);
    const orders = byAuthor.map((r) => r.article.order);
    expect(orders).toEqual([...orders].sort((a, b) => a - b));
  });

  it('combines the query with the filters', () => {
    const all = search.search('asyncio');
    expect(all.some((r) => r.article.author === 'Hynek Schlawack')).toBe(true);
    const stinner = search.search('asyncio', { author: 'Victor Stinner' });
    expect(stinner.length).toBeGreaterThan(0);
    expect(stinner.every((r) => r.article.author === 'Victor Stinner')).toBe(true);

    const insider = catalogue.sections.find((s) => s.title === 'Insider Bits');
    const inSection = search.search('unravelling', { sectionId: insider?.id });
    expect(inSection.length).toBeGreaterThan(0);
    expect(inSection.every((r) => r.article.sectionId === insider?.id)).toBe(true);

    expect(search.search('unravelling', { author: 'Victor Stinner' })).toEqual([]);
    expect(search.search('gil', { author: 'Victor Stinner', sectionId: insider?.id }).every((r) => r.article.author === 'Victor Stinner')).toBe(true);
  });

  it('applies an include predicate (such as a reading status) before capping the results', () => {
    const everything = search.search('python');
    expect(everything).toHaveLength(MAX_RESULTS); // more matches than the cap
    const wanted = new Set(catalogue.articles.filter((a) => a.order % 2 === 1).map((a) => a.id));
    const odd = search.search('python', { include: (a) => wanted.has(a.id) });
    expect(odd.length).toBeGreaterThan(0);
    expect(odd.every((r) => wanted.has(r.article.id))).toBe(true);
    // Filtering first means matches beyond the unfiltered cap are still found.
    const unfilteredOdd = everything.filter((r) => wanted.has(r.article.id)).length;
    expect(odd.length).toBeGreaterThan(unfilteredOdd);
    expect(search.search('', { include: (a) => a.id === catalogue.articles[5].id }).map((r) => r.article.id)).toEqual([
      catalogue.articles[5].id,
    ]);
  });

  it('filters by a set of article ids exactly as by the equivalent include predicate', () => {
    const wanted = new Set(catalogue.articles.filter((a) => a.order % 2 === 1).map((a) => a.id));
    const ids = (results: SearchResult[]) => results.map((r) => r.article.id);
    for (const query of ['python', 'gil', '', 'unravelling']) {
      const bySet = search.search(query, { articleIds: wanted });
      expect(ids(bySet)).toEqual(ids(search.search(query, { include: (a) => wanted.has(a.id) })));
      expect(bySet.every((r) => wanted.has(r.article.id))).toBe(true);
    }
    expect(search.search('python', { articleIds: new Set() })).toEqual([]);
    expect(search.search('', { articleIds: new Set() })).toEqual([]);
    const one = catalogue.articles[5];
    expect(ids(search.search('', { articleIds: new Set([one.id]), include: (a) => a.id !== one.id }))).toEqual([]);
  });

  it('filters by author without regard to case or diacritics', () => {
    const results = search.search('', { author: 'lukasz LANGA' });
    expect(results.length).toBe(2);
    expect(results.every((r) => r.article.author === 'Łukasz Langa')).toBe(true);
  });

  it('ranks best first, caps the results and returns articles once', () => {
    const results = search.search('python');
    expect(results.length).toBe(MAX_RESULTS);
    const scores = results.map((r) => r.score);
    expect(scores).toEqual([...scores].sort((a, b) => a - b));
    expect(new Set(results.map((r) => r.article.id)).size).toBe(results.length);
  });

  it('matches words in any order and across fields', () => {
    const ids = (q: string) => search.search(q).map((r) => r.article.id).sort();
    expect(ids('import cannon')).toEqual(ids('cannon import'));
    const top = search.search('cannon import').slice(0, 3);
    expect(top.every((r) => r.article.author === 'Brett Cannon')).toBe(true);
    expect(marked(top[0]).author).toEqual(['Cannon']);
    expect(marked(top[0]).title.some((t) => t.toLowerCase() === 'import')).toBe(true);
  });

  it('points highlight ranges at the matched characters, as half-open ranges', () => {
    const closeTo = (text: string, word: string) => infixDistance(word)(fold(text).text) <= Math.ceil(word.length / 3);
    for (const [query, field] of [
      ['unrav', 'title'],
      ['corutines', 'title'],
      ['unravling', 'title'],
      ['stinner', 'author'],
      ['stiner', 'author'],
      ['pyproject', 'title'],
    ] as const) {
      const results = search.search(query);
      expect(results.length, query).toBeGreaterThan(0);
      for (const r of results.slice(0, 5)) {
        const ranges = r.matches[field];
        expect(ranges.length, `${query} in ${r.article.title}`).toBeGreaterThan(0);
        for (const [a, b] of ranges) {
          expect(a).toBeLessThan(b);
          expect(b).toBeLessThanOrEqual(r.article[field].length);
        }
        expect(marked(r)[field].some((t) => closeTo(t, query) || closeTo(query, t)), `${query}: ${marked(r)[field]}`).toBe(true);
      }
    }
    const [first] = search.search('unravelling');
    expect(marked(first).title).toEqual(['Unravelling']);
  });

  it('keeps ranges sorted and disjoint, so segments() can render them', () => {
    for (const q of ['c a', 'python c api', 'unravelling the with statement', 'a', 'in']) {
      for (const r of search.search(q)) {
        for (const ranges of Object.values(r.matches)) {
          for (let i = 1; i < ranges.length; i++) expect(ranges[i][0]).toBeGreaterThan(ranges[i - 1][1]);
        }
      }
    }
    const withStatement = search.search('unravelling with').find((r) => r.article.title === 'Unravelling the with statement');
    expect(withStatement).toBeDefined();
    if (!withStatement) return;
    const segs = segments(withStatement.article.title, withStatement.article.code, withStatement.matches.title);
    expect(segs.filter((s) => s.mark).map((s) => s.text)).toEqual(['Unravelling', 'with']);
    expect(segs.find((s) => s.text === 'with')).toMatchObject({ code: true, mark: true });
  });

  it('highlights the section title when the query names the section', () => {
    const [first] = search.search('task queues');
    expect(marked(first).section).toEqual(['Task', 'Queues']);
  });

  it('ignores case and diacritics, both ways', () => {
    const ids = (q: string) => search.search(q).map((r) => r.article.id);
    expect(ids('lukasz').length).toBe(2);
    expect(ids('LUKASZ')).toEqual(ids('lukasz'));
    expect(ids('Łukasz')).toEqual(ids('lukasz'));
    expect(marked(search.search('lukasz')[0]).author).toEqual(['Łukasz']);

    const accents = createSearch(tiny([['Café crème and the Straße of naïve code', 'José Müller', '']]));
    for (const q of ['cafe creme', 'CAFÉ', 'strasse', 'naive', 'jose muller', 'müller']) {
      expect(accents.search(q).length, q).toBe(1);
    }
    const [hit] = accents.search('strasse naive');
    expect(marked(hit).title).toEqual(['Straße', 'naïve']);
    expect(marked(accents.search('muller')[0]).author).toEqual(['Müller']);
  });

  it('treats acronyms and their long forms alike, and highlights what they stand for', () => {
    const [mro] = search.search('mro');
    expect(mro.article.title).toBe('Method Resolution Order');
    expect(marked(mro).title).toEqual(['Method Resolution Order']);
    const [gil] = search.search('global interpreter lock');
    expect(marked(gil).title.join(' ')).toMatch(/GIL/);

    const gc = createSearch(
      tiny([
        ['Understanding garbage collection in CPython', 'A', ''],
        ['GC tuning for web services', 'B', ''],
        ['Some other article', 'C', 'The gc module and its garbage collector'],
        ['Fast JSON encoders', 'D', ''],
        ['Finite state machines for parsers', 'E', ''],
      ]),
    );
    const titles = (q: string) => gc.search(q).map((r) => r.article.title);
    expect(titles('gc')).toEqual(expect.arrayContaining(['Understanding garbage collection in CPython', 'GC tuning for web services', 'Some other article']));
    expect(titles('garbage collection')).toEqual(expect.arrayContaining(['Understanding garbage collection in CPython', 'GC tuning for web services']));
    expect(titles('javascript object notation')).toEqual(['Fast JSON encoders']);
    expect(titles('fsm')).toEqual(['Finite state machines for parsers']);
  });

  it('survives hostile or odd input', () => {
    const odd = [
      '',
      '   ',
      '(((',
      '\\',
      'a'.repeat(500),
      'a '.repeat(200),
      '🐍',
      '🐍 python',
      'pyth🐍n',
      '.*+?^${}()|[]',
      '\u0000\u0301\u200b',
      'עברית',
      '中文 搜索',
      Array.from({ length: 60 }, (_, i) => `word${i}`).join(' '),
      'x'.repeat(40) + ' unravelling',
    ];
    for (const q of odd) {
      expect(() => search.search(q), JSON.stringify(q)).not.toThrow();
      expect(Array.isArray(search.search(q))).toBe(true);
      expect(() => search.search(q, { sectionId: 'no-such-section', author: '🐍' })).not.toThrow();
    }
    expect(search.search('(((')).toEqual([]);
    expect(search.search('🐍 python').length).toBeGreaterThan(0);
    expect(search.search('', { sectionId: 'no-such-section' })).toEqual([]);
  });

  it('handles an empty catalogue and articles with empty fields', () => {
    const empty = createSearch({ title: '', intro: '', sections: [], articles: [] });
    expect(empty.search('python')).toEqual([]);
    expect(empty.search('', { author: 'x' })).toEqual([]);
    const bare = createSearch(tiny([['Only a title', '', '']], ''));
    expect(bare.search('title').map((r) => r.article.title)).toEqual(['Only a title']);
  });
});

describe('search text helpers', () => {
  it('folds case and diacritics and maps folded ranges back to the source', () => {
    const f = fold('Łukasz Straße');
    expect(f.text).toBe('lukasz strasse');
    expect(toSourceRange(f, 7, 14)).toEqual([7, 13]);
    expect(toSourceRange(f, 0, 6)).toEqual([0, 6]);
    expect(fold('Plain ASCII').starts).toBeNull();
    const decomposed = fold('Cafe\u0301 noir');
    expect(decomposed.text).toBe('cafe noir');
    expect(toSourceRange(decomposed, 0, 4)).toEqual([0, 5]);
  });

  it('finds acronyms, long forms, plurals and camel-case humps', () => {
    const texts = (s: string) => findAliases(s).map((a) => [a.text, s.slice(a.start, a.end)]);
    expect(texts('Summary of the NoGIL proposal')).toEqual([['global interpreter lock', 'GIL']]);
    expect(texts('Building Finite State Machines')).toEqual([['fsm', 'Finite State Machines']]);
    expect(texts('Python C API')).toEqual(
      expect.arrayContaining([
        ['capi', 'C API'],
        ['application programming interface', 'API'],
      ]),
    );
    expect(texts('Nothing to see here')).toEqual([]);
  });

  it('measures the edit distance of a word to the closest substring', () => {
    expect(infixDistance('stiner')('victor stinner')).toBe(1);
    expect(infixDistance('unrav')('unravelling')).toBe(0);
    expect(infixDistance('corutines')('coroutines')).toBe(1);
    expect(infixDistance('xyz')('abc')).toBe(3);
    expect(infixDistance('łukasz')('lukasz')).toBe(1);
  });

  it('agrees with the textbook dynamic programme (Sellers) on random words', () => {
    const sellers = (pattern: string, text: string) => {
      let prev = Array.from({ length: text.length + 1 }, () => 0);
      for (let i = 1; i <= pattern.length; i++) {
        const cur = [i];
        for (let j = 1; j <= text.length; j++) {
          cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (pattern[i - 1] === text[j - 1] ? 0 : 1));
        }
        prev = cur;
      }
      return Math.min(...prev);
    };
    const word = (max: number) => fc.string({ unit: fc.constantFrom('a', 'b', 'c', 'é', 'ł'), maxLength: max });
    fc.assert(
      fc.property(word(32), word(40), (pattern, text) => {
        expect(infixDistance(pattern)(text)).toBe(sellers(pattern, text));
      }),
      { numRuns: 500 },
    );
  });
});
