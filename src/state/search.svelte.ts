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

/** Builds the search index while the browser is idle, so the first keystroke does not pay for it. */
export function prepareSearch(): void {
  const build = () => void (engine ??= createSearch(catalogue));
  if ('requestIdleCallback' in window) requestIdleCallback(build, { timeout: 3000 });
  else setTimeout(build, 500);
}

/** The results for a query and its filters, best first (reading order when only filtered). */
export function runSearch(query: LibraryQuery): SearchResult[] {
  if (!isSearching(query)) return [];
  engine ??= createSearch(catalogue);
  const status = query.status;
  return engine.search(query.q, {
    sectionId: query.section || undefined,
    author: query.author || undefined,
    include: status ? (article) => progress.statusOf(article.id) === status : undefined,
  });
}
