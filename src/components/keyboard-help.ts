/**
 * The keyboard shortcuts dialog's door: `?` anywhere (App passes its key presses here) or
 * Settings → Keyboard opens it. The dialog itself (KeyboardHelp.svelte) is not part of the first
 * screen: it loads when the browser is idle, or at once when asked for before that.
 */
import { IdleComponent } from './idle.svelte';
import { isTypingTarget, matchesShortcut, SHORTCUTS } from './keyboard';

/** The dialog component, for App to render once loaded. */
export const KeyboardHelpDialog = new IdleComponent(() => import('./KeyboardHelp.svelte'));

type Show = (returnFocusTo: Element | null) => void;
let show: Show | undefined;
/** Where focus returns after an opening asked for before the dialog had loaded. */
let pending: { from: Element | null } | undefined;

/** Opens the shortcuts dialog; focus goes back to `from` (by default what has it now) when it closes. */
export function openKeyboardHelp(from: Element | null = document.activeElement): void {
  if (show) {
    show(from);
    return;
  }
  pending = { from };
  void KeyboardHelpDialog.load();
}

/** The mounted dialog registers how to show itself (and shows at once if it was asked for while loading); returns how to unregister. */
export function registerKeyboardHelp(open: Show): () => void {
  show = open;
  if (pending) {
    const { from } = pending;
    pending = undefined;
    open(from);
  }
  return () => {
    if (show === open) show = undefined;
  };
}

/** A key pressed anywhere in the window: `?` opens the dialog, unless the reader is typing or a dialog is already open. */
export function onHelpKey(event: KeyboardEvent): void {
  if (event.defaultPrevented || !matchesShortcut(event, SHORTCUTS.help) || isTypingTarget(event.target)) return;
  if (document.querySelector('dialog[open]')) return; // that dialog owns the keyboard (a `?` inside this one closes it)
  event.preventDefault();
  openKeyboardHelp();
}
