/**
 * Start-up work the first screen does not need (warming the search index, reminders, the review
 * badge) waits until the browser is idle, so it never delays the first paint or the first tap.
 */
import type { Component } from 'svelte';

/** Runs `task` when the browser is idle, or after `timeout` ms at the latest; returns how to cancel it. */
export function whenIdle(task: () => void, timeout = 3000): () => void {
  if ('requestIdleCallback' in window) {
    const handle = requestIdleCallback(task, { timeout });
    return () => cancelIdleCallback(handle);
  }
  const handle = setTimeout(task, Math.min(timeout, 1000));
  return () => clearTimeout(handle);
}

/**
 * A component (with the state modules it imports) loaded once the browser is idle, or sooner when
 * it is needed (`load()`): `const Badge = new IdleComponent(() => import('./Badge.svelte'))`, then
 * `{#if Badge.current}<Badge.current />{/if}`. Nothing renders until then, nor when prerendering.
 */
export class IdleComponent<Props extends Record<string, unknown> = Record<string, never>> {
  current: Component<Props> | undefined = $state();
  readonly #import: () => Promise<{ default: Component<Props> }>;
  #loading: Promise<void> | undefined;

  constructor(load: () => Promise<{ default: Component<Props> }>) {
    this.#import = load;
    if (typeof window === 'undefined') return;
    whenIdle(() => void this.load());
  }

  /** Loads the component now (once; again after a failure); resolves when `current` is set or the load failed. */
  load(): Promise<void> {
    this.#loading ??= this.#import().then(
      (module) => {
        this.current = module.default;
      },
      (error: unknown) => {
        this.#loading = undefined;
        console.warn('PyRecall: a part of the app could not load', error);
      },
    );
    return this.#loading;
  }
}
