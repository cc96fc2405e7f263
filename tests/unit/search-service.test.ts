/**
 * The search worker's service: the answers it sends the page carry the same results as the
 * engine, as plain data that survives the trip between threads, and a reading-status filter
 * travels as a versioned set of ids.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCatalogue } from '../../src/domain/catalogue';
import { createSearch } from '../../src/domain/search';
import type { SearchRequestMessage } from '../../src/workers/search-messages';
import { createSearchService } from '../../src/workers/search-service';

const { catalogue } = parseCatalogue(readFileSync('src/catalogue/python-engineering-articles.md', 'utf8'));
const engine = createSearch(catalogue);
const request = (seq: number, query: string, more: Partial<SearchRequestMessage> = {}): SearchRequestMessage => ({
  type: 'search',
  seq,
  query,
  ...more,
});

describe('the search service behind the worker', () => {
  const service = createSearchService(catalogue);

  it('answers each request with its number and the engine’s results, by article id', () => {
    expect(service.articles).toBe(catalogue.articles.length);
    for (const [seq, query, filters] of [
      [1, 'corutines', {}],
      [2, 'asyncio', { author: 'Victor Stinner' }],
      [3, '', { sectionId: 'bytecode' }],
      [4, 'zzqxv', {}],
    ] as const) {
      const reply = service.handle(request(seq, query, filters));
      const expected = engine.search(query, filters);
      expect(reply?.seq).toBe(seq);
      expect(reply?.hits).toEqual(expected.map((r) => ({ id: r.article.id, score: r.score, matches: r.matches })));
    }
  });

  it('sends plain data that survives structured cloning unchanged', () => {
    const reply = service.handle(request(5, 'unravelling'));
    expect(reply?.hits.length).toBeGreaterThan(2);
    expect(structuredClone(reply)).toEqual(reply);
  });

  it('applies the id filter of the version a request names, and nothing else', () => {
    const odd = catalogue.articles.filter((a) => a.order % 2 === 1).map((a) => a.id);
    const even = catalogue.articles.filter((a) => a.order % 2 === 0).map((a) => a.id);
    expect(service.handle({ type: 'id-filter', version: 1, articleIds: odd })).toBeUndefined();
    const ids = (seq: number, idFilter?: number) => service.handle(request(seq, 'python', { idFilter }))?.hits.map((h) => h.id) ?? [];
    expect(ids(6, 1).length).toBeGreaterThan(0);
    expect(ids(6, 1).every((id) => odd.includes(id))).toBe(true);

    service.handle({ type: 'id-filter', version: 2, articleIds: even });
    expect(ids(7, 2).every((id) => even.includes(id))).toBe(true);
    // A request for a filter the service no longer holds gets nothing rather than everything.
    expect(ids(8, 1)).toEqual([]);
    expect(ids(9)).toEqual(engine.search('python').map((r) => r.article.id));
  });
});
