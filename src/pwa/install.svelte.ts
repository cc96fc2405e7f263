/**
 * Whether and how the app can be installed: Chromium's `beforeinstallprompt` (kept for our own
 * button), iOS (a hint: Share → Add to Home Screen), or nothing once installed.
 */

/** Chromium's install prompt event (not in the DOM lib). */
interface BeforeInstallPromptEvent extends Event {
  prompt(): Promise<void>;
  readonly userChoice: Promise<{ outcome: 'accepted' | 'dismissed'; platform: string }>;
}

function runningStandalone(): boolean {
  const iosStandalone = (navigator as Navigator & { standalone?: boolean }).standalone === true;
  return iosStandalone || window.matchMedia('(display-mode: standalone)').matches;
}

function onIos(): boolean {
  const ua = navigator.userAgent;
  // iPadOS reports itself as a Mac; touch gives it away.
  return /iPhone|iPad|iPod/.test(ua) || (/Macintosh/.test(ua) && navigator.maxTouchPoints > 1);
}

class InstallState {
  #prompt = $state.raw<BeforeInstallPromptEvent | null>(null);
  #installed = $state(false);
  #ios = false;

  constructor() {
    if (typeof window === 'undefined') return;
    this.#installed = runningStandalone();
    this.#ios = onIos();
    window.addEventListener('beforeinstallprompt', (event) => {
      event.preventDefault(); // no mini-infobar: the header button offers it instead
      this.#prompt = event as BeforeInstallPromptEvent;
    });
    window.addEventListener('appinstalled', () => {
      this.#installed = true;
      this.#prompt = null;
    });
  }

  /** The browser offered installation and the app is not installed. */
  get canPrompt(): boolean {
    return !this.#installed && this.#prompt !== null;
  }

  /** On iOS, where installing is a manual step, and not installed yet. */
  get needsIosHint(): boolean {
    return !this.#installed && this.#ios && this.#prompt === null;
  }

  /** Shows the browser's install dialog (once per offer). */
  async prompt(): Promise<void> {
    const event = this.#prompt;
    if (!event) return;
    this.#prompt = null;
    await event.prompt();
    const choice = await event.userChoice;
    if (choice.outcome === 'accepted') this.#installed = true;
  }
}

export const install = new InstallState();
