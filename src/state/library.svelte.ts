/**
 * Library view preferences: which sections are collapsed. A display preference rather than user
 * data, so it lives in localStorage and is not part of backups.
 */
const STORAGE_KEY = 'pyrecall:collapsed-sections';

function load(): Set<string> {
  try {
    const raw = localStorage.getItem(STORAGE_KEY);
    const ids: unknown = raw ? JSON.parse(raw) : [];
    return new Set(Array.isArray(ids) ? ids.filter((x): x is string => typeof x === 'string') : []);
  } catch {
    return new Set();
  }
}

class LibraryView {
  #collapsed = $state.raw<Set<string>>(load());

  /** True when the section's articles are hidden. */
  isCollapsed(sectionId: string): boolean {
    return this.#collapsed.has(sectionId);
  }

  /** Shows or hides a section's articles and remembers the choice. */
  setCollapsed(sectionId: string, collapsed: boolean): void {
    const next = new Set(this.#collapsed);
    if (collapsed) next.add(sectionId);
    else next.delete(sectionId);
    this.#collapsed = next;
    try {
      localStorage.setItem(STORAGE_KEY, JSON.stringify([...next]));
    } catch {
      // Private mode or a full disk: the preference simply lasts for this visit.
    }
  }
}

export const libraryView = new LibraryView();
