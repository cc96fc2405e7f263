/**
 * The search engine behind the message protocol (search-messages.ts): what the search worker
 * runs, and what the page runs itself where no worker can start. Pure: no DOM, no worker globals.
 */
import type { Catalogue } from '../domain/catalogue';
import { createSearch } from '../domain/search';
import type { PageToSearchWorker, SearchResultsMessage } from './search-messages';

export interface SearchService {
  /** The number of articles indexed. */
  readonly articles: number;
  /** Handles one message; a search request gets its answer, a filter update none. */
  handle(message: PageToSearchWorker): SearchResultsMessage | undefined;
}

/** Indexes the catalogue (the slow part: ~1 s at 10,000 articles) and returns the service. */
export function createSearchService(catalogue: Catalogue): SearchService {
  const engine = createSearch(catalogue);
  let idFilter: { version: number; ids: ReadonlySet<string> } | undefined;
  return {
    articles: catalogue.articles.length,
    handle(message) {
      if (message.type === 'id-filter') {
        idFilter = { version: message.version, ids: new Set(message.articleIds) };
        return undefined;
      }
      const { seq, query, sectionId, author } = message;
      // A request names a filter the page sent before; a missing one allows nothing, never everything.
      const articleIds = message.idFilter === undefined ? undefined : idFilter?.version === message.idFilter ? idFilter.ids : new Set<string>();
      const results = engine.search(query, { sectionId, author, articleIds });
      return {
        type: 'results',
        seq,
        hits: results.map(({ article, score, matches }) => ({ id: article.id, score, matches })),
      };
    },
  };
}
