/** Whether the browser believes it is online, as rune state kept current by its events. */
class OnlineState {
  #online = $state(typeof navigator === 'undefined' ? true : navigator.onLine);

  constructor() {
    if (typeof window === 'undefined') return;
    window.addEventListener('online', () => (this.#online = true));
    window.addEventListener('offline', () => (this.#online = false));
  }

  /** True unless the browser knows it has no network. */
  get online(): boolean {
    return this.#online;
  }
}

export const connection = new OnlineState();
