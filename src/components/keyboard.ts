/** True when a key event comes from a place where the user is typing text. */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  if (target instanceof HTMLInputElement) return !['checkbox', 'radio', 'button', 'submit', 'reset'].includes(target.type);
  return false;
}

/** Where a shortcut works, in the order the shortcuts dialog lists them. */
export const SHORTCUT_GROUPS = [
  { id: 'anywhere', title: 'Anywhere' },
  { id: 'search', title: 'Search' },
  { id: 'review', title: 'Review' },
] as const;

export type ShortcutGroup = (typeof SHORTCUT_GROUPS)[number]['id'];

/** One keyboard shortcut of the app. */
export interface Shortcut {
  /** `KeyboardEvent.key` values that trigger it, each one alone (' ' is Space; letters match either case). */
  readonly keys: readonly string[];
  /** What it does, as the shortcuts dialog says it. */
  readonly action: string;
  readonly group: ShortcutGroup;
}

/**
 * Every keyboard shortcut the app has, in one place: the shortcuts dialog (`?`) lists this table,
 * and a key handler can ask `matchesShortcut(event, SHORTCUTS.reveal)`. A new shortcut goes here first.
 */
export const SHORTCUTS = {
  search: { keys: ['/'], action: 'Go to the search box', group: 'anywhere' },
  help: { keys: ['?'], action: 'Show or hide these shortcuts', group: 'anywhere' },
  close: { keys: ['Escape'], action: 'Close a dialog or a notice, or cancel a backup import', group: 'anywhere' },
  clearSearch: { keys: ['Escape'], action: 'Clear the search box', group: 'search' },
  toResults: { keys: ['ArrowDown'], action: 'Move from the search box to the results', group: 'search' },
  betweenResults: { keys: ['ArrowUp', 'ArrowDown'], action: 'Move between results; Up from the first goes back to the box', group: 'search' },
  openResult: { keys: ['Enter'], action: 'Open the article view of the focused result', group: 'search' },
  reveal: { keys: [' '], action: 'Reveal your takeaway', group: 'review' },
  again: { keys: ['1'], action: 'Grade: Again', group: 'review' },
  hard: { keys: ['2'], action: 'Grade: Hard', group: 'review' },
  good: { keys: ['3'], action: 'Grade: Good', group: 'review' },
  easy: { keys: ['4'], action: 'Grade: Easy', group: 'review' },
  undo: { keys: ['U'], action: 'Undo the last grade', group: 'review' },
} as const satisfies Record<string, Shortcut>;

/** The keys the review grades Again, Hard, Good and Easy, in the order of the scheduler's GRADES. */
export const GRADE_KEYS = [SHORTCUTS.again, SHORTCUTS.hard, SHORTCUTS.good, SHORTCUTS.easy].map((s) => s.keys[0]);

/** The shortcuts of one group, in table order. */
export function shortcutsIn(group: ShortcutGroup): Shortcut[] {
  return Object.values(SHORTCUTS).filter((s: Shortcut) => s.group === group);
}

/** True when `event` is one of `shortcut`'s keys, pressed without Ctrl, Alt or Meta (Shift is part of `?`). */
export function matchesShortcut(event: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'altKey' | 'metaKey'>, shortcut: Shortcut): boolean {
  if (event.ctrlKey || event.altKey || event.metaKey) return false;
  return shortcut.keys.some((key) => key === event.key || (/^[a-z]$/i.test(key) && key.toLowerCase() === event.key.toLowerCase()));
}

/** How a key is printed on its key cap, and how it is read out where the printed form is a symbol. */
export function keyName(key: string): { label: string; spoken?: string } {
  switch (key) {
    case ' ':
      return { label: 'Space' };
    case 'Escape':
      return { label: 'Esc', spoken: 'Escape' };
    case 'ArrowUp':
      return { label: '↑', spoken: 'Up arrow' };
    case 'ArrowDown':
      return { label: '↓', spoken: 'Down arrow' };
    case '/':
      return { label: '/', spoken: 'Slash' };
    case '?':
      return { label: '?', spoken: 'Question mark' };
    default:
      return { label: key.length === 1 ? key.toUpperCase() : key };
  }
}
