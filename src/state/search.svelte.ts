/**
 * Search over the catalogue. The query and filters live in the URL (see router); this module
 * asks the search worker (src/workers/search.worker.ts) for their results and holds the latest
 * answer, and it owns the facet lists for the filters. The engine never runs on the main thread,
 * unless the browser cannot start the worker.
 */
import type { SearchResult } from '../domain/search';
import type { LibraryQuery } from '../domain/routes';
import type { ProgressMap } from '../domain/progress';
import type { PageToSearchWorker, SearchHit, SearchWorkerToPage } from '../workers/search-messages';
import { articleById, catalogue } from './catalogue';
import { progress } from './progress.svelte';

/** The name of the performance mark set when the search index is ready (DevTools, benchmarks). */
export const SEARCH_READY_MARK = 'pyrecall:search-ready';

let sortedAuthors: string[] | undefined;

/**
 * The authors of the catalogue, alphabetically, for the author filter. Worked out on first use
 * (the filter lists them all only once the page is idle or the filter is reached): collating a
 * large catalogue's authors costs tens of milliseconds that the first screen does not need.
 */
export function authors(): string[] {
  sortedAuthors ??= [...new Set(catalogue.articles.map((a) => a.author).filter(Boolean))].sort(new Intl.Collator().compare);
  return sortedAuthors;
}

/** True when the query or a filter asks for search results rather than the whole path. */
export function isSearching(query: LibraryQuery): boolean {
  return query.q.trim() !== '' || query.section !== '' || query.author !== '' || query.status !== '';
}

/** True when two library queries ask the same thing. */
export function sameQuery(a: LibraryQuery, b: LibraryQuery): boolean {
  return a.q === b.q && a.section === b.section && a.author === b.author && a.status === b.status;
}

/** The results of one query, best first (reading order when only filtered). */
export interface SearchAnswer {
  query: LibraryQuery;
  results: SearchResult[];
}

/** Where requests go: the worker, or the engine loaded into the page. */
interface Backend {
  send(message: PageToSearchWorker): void;
}

class LibrarySearch {
  #answer = $state.raw<SearchAnswer | undefined>(undefined);
  #backend: Backend | undefined;
  /** The number of the latest request; answers to earlier ones are dropped. */
  #seq = 0;
  #asked: { seq: number; query: LibraryQuery } | undefined;
  /** The reading-status filter last sent, by the progress data it was computed from. */
  #idFilter: { version: number; status: string; byId: ProgressMap } | undefined;

  /**
   * The latest answer of this search, possibly to an earlier query than the current one while a
   * newer answer is on its way; undefined before the first answer (and when not searching).
   */
  get answer(): SearchAnswer | undefined {
    return this.#answer;
  }

  /** Starts the worker, which builds the index, so the first keystroke does not wait for it. */
  prepare(): void {
    this.#backend ??= this.#connect();
  }

  /**
   * Asks for the results of `query`; `answer` changes when they arrive, and a later call wins.
   * Called from an effect: with a status filter it reads the reader's progress, so a change to
   * it asks again.
   */
  run(query: LibraryQuery): void {
    const seq = ++this.#seq;
    if (!isSearching(query)) {
      this.#answer = undefined;
      this.#asked = undefined;
      return;
    }
    const status = query.status;
    // Until the progress is loaded every article would look unread: wait rather than show that.
    if (status && !progress.loaded) return;
    const backend = (this.#backend ??= this.#connect());
    this.#asked = { seq, query };
    backend.send({
      type: 'search',
      seq,
      query: query.q,
      sectionId: query.section || undefined,
      author: query.author || undefined,
      idFilter: status ? this.#sendIdFilter(backend, status, progress.byId) : undefined,
    });
  }

  /** Sends the ids with this status when they may have changed; returns the filter's version. */
  #sendIdFilter(backend: Backend, status: string, byId: ProgressMap): number {
    const last = this.#idFilter;
    if (last && last.status === status && last.byId === byId) return last.version;
    const version = (last?.version ?? 0) + 1;
    this.#idFilter = { version, status, byId };
    const articleIds = catalogue.articles.filter((a) => progress.statusOf(a.id) === status).map((a) => a.id);
    backend.send({ type: 'id-filter', version, articleIds });
    return version;
  }

  #receive(message: SearchWorkerToPage): void {
    if (message.type === 'ready') {
      performance.mark(SEARCH_READY_MARK, { detail: { articles: message.articles, buildMs: message.buildMs } });
      return;
    }
    const asked = this.#asked;
    if (!asked || message.seq !== asked.seq || message.seq !== this.#seq) return;
    this.#answer = { query: asked.query, results: message.hits.flatMap(toResult) };
  }

  #connect(): Backend {
    if (typeof Worker === 'undefined') return this.#inPage();
    const worker = new Worker(new URL('../workers/search.worker.ts', import.meta.url), { type: 'module', name: 'search' });
    worker.onmessage = (event: MessageEvent<SearchWorkerToPage>) => this.#receive(event.data);
    const backend: Backend = { send: (message) => worker.postMessage(message) };
    worker.onerror = (event) => {
      // The worker could not start (or crashed): search in the page instead, and ask again.
      console.error('PyRecall: search worker failed, searching on the main thread:', event.message || 'it could not load');
      worker.terminate();
      if (this.#backend === backend) this.#backend = this.#inPage();
      this.#idFilter = undefined;
      const asked = this.#asked;
      if (asked && asked.seq === this.#seq) this.run(asked.query);
    };
    return backend;
  }

  /** The fallback: the same service loaded into the page (a separate chunk, fetched only then). */
  #inPage(): Backend {
    const service = import('../workers/search-service').then(({ createSearchService }) => {
      const started = performance.now();
      const created = createSearchService(catalogue);
      this.#receive({ type: 'ready', articles: created.articles, buildMs: Math.round(performance.now() - started) });
      return created;
    });
    return {
      send: (message) =>
        void service.then((s) => {
          const reply = s.handle(message);
          if (reply) this.#receive(reply);
        }),
    };
  }
}

function toResult({ id, score, matches }: SearchHit): SearchResult[] {
  const article = articleById(id);
  return article ? [{ article, score, matches }] : [];
}

/** The library's search: the latest answer, and how to ask. */
export const librarySearch = new LibrarySearch();
