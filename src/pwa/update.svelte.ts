/**
 * Registers the service worker (workbox-window) and exposes its lifecycle as rune state: the
 * first install ("ready to work offline") and a waiting update, applied only when the user asks
 * and no form has unsaved input.
 */
import { Workbox } from 'workbox-window';
import { isWorkerToPage, postToWorker } from './messages';
import { hasUnsaved } from './unsaved.svelte';

/** How often an open app asks the server for a new version (also whenever it becomes visible). */
export const UPDATE_CHECK_INTERVAL_MS = 60 * 60 * 1000;
/** How long to wait for the new worker to take control before reloading anyway. */
const TAKEOVER_TIMEOUT_MS = 5000;

class AppUpdate {
  #offlineReady = $state(false);
  #updateReady = $state(false);
  #applying = $state(false);
  #workbox: Workbox | undefined;
  #registration: ServiceWorkerRegistration | undefined;

  /** The app has just been cached for offline use (first visit only). */
  get offlineReady(): boolean {
    return this.#offlineReady;
  }

  /** A new version is installed and waiting for the user's go-ahead. */
  get updateReady(): boolean {
    return this.#updateReady;
  }

  /** The user asked for the update; the page is about to reload. */
  get applying(): boolean {
    return this.#applying;
  }

  /** Registers the service worker once, in production builds of browsers that support it. */
  start(): void {
    if (this.#workbox || !import.meta.env.PROD || !('serviceWorker' in navigator)) return;
    // The worker asks for a route (a reminder's notification was clicked): listen from the start,
    // so a click right after the app opens is not lost.
    navigator.serviceWorker.addEventListener('message', (event: MessageEvent) => {
      if (isWorkerToPage(event.data)) location.hash = event.data.hash;
    });
    const wb = new Workbox(`${import.meta.env.BASE_URL}sw.js`, { scope: import.meta.env.BASE_URL });
    this.#workbox = wb;
    wb.addEventListener('activated', (event) => {
      if (!event.isUpdate && !event.isExternal) this.#offlineReady = true;
    });
    // Also fires when a version was already waiting at load, or another tab found it.
    wb.addEventListener('waiting', () => (this.#updateReady = true));
    wb.addEventListener('controlling', () => {
      if (this.#applying) window.location.reload();
    });
    wb.register()
      .then((registration) => {
        this.#registration = registration;
        document.addEventListener('visibilitychange', () => {
          if (document.visibilityState === 'visible') this.check();
        });
        setInterval(() => this.check(), UPDATE_CHECK_INTERVAL_MS);
      })
      .catch((error: unknown) => console.warn('PyRecall: service worker registration failed', error));
  }

  /** Asks the server whether a new version exists (quietly; offline is not an error). */
  check(): void {
    if (!this.#workbox || !this.#registration || !navigator.onLine) return;
    this.#workbox.update().catch(() => undefined);
  }

  /** Applies the waiting update by reloading, unless a form has unsaved input. */
  apply(): void {
    if (this.#applying || hasUnsaved()) return;
    this.#applying = true;
    const waiting = this.#registration?.waiting;
    if (!waiting) {
      // Another tab already let the new version take over: a reload picks it up.
      window.location.reload();
      return;
    }
    postToWorker(waiting, { type: 'SKIP_WAITING' });
    setTimeout(() => window.location.reload(), TAKEOVER_TIMEOUT_MS);
  }

  /** Hides the update notice for now (the next load or check shows it again). */
  dismissUpdate(): void {
    this.#updateReady = false;
  }

  /** Hides the "ready to work offline" notice. */
  dismissOfflineReady(): void {
    this.#offlineReady = false;
  }
}

export const appUpdate = new AppUpdate();
