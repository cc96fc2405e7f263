/**
 * Relevance of the search on the real catalogue: each query of the table (typos, prefixes as
 * typed, authors, acronyms, several words, section names, notes) must rank its article in the
 * top 3. The bench re-checks the same table with the real articles among 10,000 generated ones.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCatalogue } from '../../src/domain/catalogue';
import { createSearch } from '../../src/domain/search';
import { isExpected, RELEVANCE_CASES } from '../bench/generate';

const { catalogue } = parseCatalogue(readFileSync('src/catalogue/python-engineering-articles.md', 'utf8'));
const search = createSearch(catalogue);

describe('search relevance on the real catalogue', () => {
  it('has a table of at least 30 queries, each naming an article of the catalogue', () => {
    expect(RELEVANCE_CASES.length).toBeGreaterThanOrEqual(30);
    for (const c of RELEVANCE_CASES) {
      expect(catalogue.articles.some((a) => isExpected(a, c.expect)), c.expect).toBe(true);
    }
  });

  it.each(RELEVANCE_CASES)('$kind: "$query" ranks "$expect" in the top 3', ({ query, expect: wanted }) => {
    const top = search.search(query).slice(0, 3);
    const titles = top.map((r) => r.article.title);
    expect(top.some((r) => isExpected(r.article, wanted)), `top 3: ${JSON.stringify(titles)}`).toBe(true);
  });
});
