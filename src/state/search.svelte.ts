/**
 * Search over the catalogue. The query and filters live in the URL (see router); this module owns
 * the engine, built once on first use, and the facet lists for the filters.
 */
import { createSearch, type SearchResult } from '../domain/search';
import type { LibraryQuery } from '../domain/routes';
import { catalogue } from './catalogue';
import { progress } from './progress.svelte';

type Engine = ReturnType<typeof createSearch>;
let engine: Engine | undefined;

/** The authors of the catalogue, alphabetically, for the author filter. */
export const authors: string[] = [...new Set(catalogue.articles.map((a) => a.author).filter(Boolean))].sort((a, b) =>
  a.localeCompare(b),
);

/** True when the query or a filter asks for search results rather than the whole path. */
export function isSearching(query: LibraryQuery): boolean {
  return query.q.trim() !== '' || query.section !== '' || query.author !== '' || query.status !== '';
}

const NO_MATCHES = { title: [], author: [], note: [], section: [] };

/** The results for a query and its filters, best first (reading order when only filtered). */
export function runSearch(query: LibraryQuery): SearchResult[] {
  if (!isSearching(query)) return [];
  const byStatus = (r: SearchResult) => query.status === '' || progress.statusOf(r.article.id) === query.status;
  if (query.q.trim() === '' && query.section === '' && query.author === '') {
    // Only a status filter: the whole path in reading order, narrowed to that status.
    return catalogue.articles.map((article) => ({ article, score: 0, matches: NO_MATCHES })).filter(byStatus);
  }
  engine ??= createSearch(catalogue);
  return engine.search(query.q, { sectionId: query.section || undefined, author: query.author || undefined }).filter(byStatus);
}
