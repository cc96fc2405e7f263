/**
 * Which forms hold input the user has not saved yet. An app update (a page reload) waits while
 * any does. Forms call `markUnsaved('takeaway:<id>')` on input and `markSaved(…)` once stored or
 * discarded (also when they unmount).
 */
import { SvelteSet } from 'svelte/reactivity';

const unsaved = new SvelteSet<string>();

/** Records that the form identified by `key` has unsaved input. */
export function markUnsaved(key: string): void {
  unsaved.add(key);
}

/** Records that the form identified by `key` has nothing left to save. */
export function markSaved(key: string): void {
  unsaved.delete(key);
}

/** Whether any form has unsaved input (reactive in components and effects). */
export function hasUnsaved(): boolean {
  return unsaved.size > 0;
}
