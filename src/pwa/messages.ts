/**
 * The messages the page and the service worker exchange, typed once for both sides. This module
 * is compiled with the DOM lib (the page) and the webworker lib (src/sw.ts), so it uses neither.
 */

/** Messages the page sends to a service worker. */
export type PageToWorker = { type: 'SKIP_WAITING' };

/** Messages a service worker sends to its pages. */
export type WorkerToPage = OpenRouteMessage;

const PAGE_TO_WORKER_TYPES: ReadonlySet<string> = new Set<PageToWorker['type']>(['SKIP_WAITING']);

/** Whether `data` (from a `message` event) is one of the page's messages. */
export function isPageToWorker(data: unknown): data is PageToWorker {
  return (
    typeof data === 'object' &&
    data !== null &&
    'type' in data &&
    typeof data.type === 'string' &&
    PAGE_TO_WORKER_TYPES.has(data.type)
  );
}

/** Anything with `postMessage`: a ServiceWorker seen from the page. */
interface MessageTarget {
  postMessage(message: unknown): void;
}

/** Sends a typed message from the page to a service worker (e.g. `registration.waiting`). */
export function postToWorker(worker: MessageTarget, message: PageToWorker): void {
  worker.postMessage(message);
}

/** Worker → page: show a route of the app (a click on the review reminder opens "#/review"). */
export type OpenRouteMessage = { type: 'OPEN_ROUTE'; hash: string };

/** Whether `data` (from a `message` event on navigator.serviceWorker) is one of the worker's messages. */
export function isWorkerToPage(data: unknown): data is WorkerToPage {
  return (
    typeof data === 'object' &&
    data !== null &&
    'type' in data &&
    data.type === 'OPEN_ROUTE' &&
    'hash' in data &&
    typeof data.hash === 'string' &&
    data.hash.startsWith('#/')
  );
}

/** Sends a typed message from the service worker to one of its pages (a WindowClient). */
export function postToPage(client: MessageTarget, message: WorkerToPage): void {
  client.postMessage(message);
}
