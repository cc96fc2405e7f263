/**
 * The messages between the page and the search worker. Everything here survives structured
 * cloning: a filter predicate cannot cross, so a reading-status filter travels as the ids it
 * allows, sent once per change rather than with every keystroke.
 */
import type { SearchMatches } from '../domain/search';

/** Page → worker: from now on, `filter` number `version` allows exactly these article ids. */
export interface IdFilterMessage {
  type: 'id-filter';
  version: number;
  articleIds: string[];
}

/** Page → worker: search `query` within the filters. `seq` grows with every request. */
export interface SearchRequestMessage {
  type: 'search';
  seq: number;
  query: string;
  sectionId?: string;
  author?: string;
  /** The version of the id filter to apply, if any (sent before, in an `id-filter` message). */
  idFilter?: number;
}

export type PageToSearchWorker = IdFilterMessage | SearchRequestMessage;

/** One result, by article id: the page maps it back to its Article. */
export interface SearchHit {
  id: string;
  score: number;
  matches: SearchMatches;
}

/** Worker → page: the index is built (in `buildMs`); searches are answered at once from now on. */
export interface ReadyMessage {
  type: 'ready';
  articles: number;
  buildMs: number;
}

/** Worker → page: the answer to request `seq`, best first. */
export interface SearchResultsMessage {
  type: 'results';
  seq: number;
  hits: SearchHit[];
}

export type SearchWorkerToPage = ReadyMessage | SearchResultsMessage;
