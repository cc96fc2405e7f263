/**
 * The search worker: indexes the catalogue and answers searches off the main thread, so neither
 * building the index (about a second at 10,000 articles) nor a query ever blocks typing. It
 * imports the build's catalogue itself: nothing large crosses from the page. Started by
 * src/state/search.svelte.ts.
 */
import catalogue from 'virtual:catalogue';
import type { PageToSearchWorker, SearchRequestMessage, SearchWorkerToPage } from './search-messages';
import { createSearchService } from './search-service';

/** The part of a dedicated worker's global scope used here (the app's DOM typings lack it). */
interface WorkerScope {
  postMessage(message: SearchWorkerToPage): void;
  onmessage: ((event: MessageEvent<PageToSearchWorker>) => void) | null;
}
const scope = self as unknown as WorkerScope;

const started = performance.now();
const service = createSearchService(catalogue);
scope.postMessage({ type: 'ready', articles: service.articles, buildMs: Math.round(performance.now() - started) });

// Requests queue up while the index builds and while a search runs; only the latest search
// still matters (the page drops older answers), so the others are skipped.
let next: SearchRequestMessage | undefined;

function answer(): void {
  const request = next;
  next = undefined;
  const reply = request && service.handle(request);
  if (reply) scope.postMessage(reply);
}

scope.onmessage = ({ data }) => {
  if (data.type === 'id-filter') {
    service.handle(data);
    return;
  }
  if (!next) setTimeout(answer, 0);
  next = data;
};
