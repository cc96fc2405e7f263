/**
 * Short messages for the reader: confirmations with an Undo, and storage failures. One at a time
 * is shown; errors stay until dismissed, confirmations fade after a few seconds.
 */
import { StorageError } from '../db/errors';

export interface Notice {
  id: number;
  kind: 'info' | 'error';
  message: string;
  action?: { label: string; run: () => void | Promise<void> };
}

const INFO_MS = 6000;
let nextId = 1;

class Notices {
  #current = $state.raw<Notice | undefined>();
  #timer: ReturnType<typeof setTimeout> | undefined;

  get current(): Notice | undefined {
    return this.#current;
  }

  /** Shows a confirmation, optionally with one action such as Undo. */
  info(message: string, action?: Notice['action']): void {
    this.#show({ id: nextId++, kind: 'info', message, action });
  }

  /** Shows a failure; storage errors carry a message written for the reader. */
  error(error: unknown): void {
    const message =
      error instanceof StorageError ? error.message : `Something went wrong: ${error instanceof Error ? error.message : String(error)}`;
    this.#show({ id: nextId++, kind: 'error', message });
  }

  /** Runs the current notice's action (e.g. Undo) and closes the notice. */
  act(): void {
    const action = this.#current?.action;
    this.dismiss();
    void action?.run();
  }

  dismiss(): void {
    clearTimeout(this.#timer);
    this.#current = undefined;
  }

  #show(notice: Notice) {
    clearTimeout(this.#timer);
    this.#current = notice;
    if (notice.kind === 'info') this.#timer = setTimeout(() => this.dismiss(), INFO_MS);
  }
}

export const notices = new Notices();
