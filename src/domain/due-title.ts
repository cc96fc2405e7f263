/**
 * The document title with the number of due reviews in front, "(5) Settings · PyRecall", the way
 * mail apps show unread mail in a tab. Screens keep setting their own title; the prefix is added
 * to whatever they set (see src/components/ReminderHost.svelte).
 */

/** `title` with "(n) " in front when `dueCount` reviews are due, unchanged when none are. */
export function dueTitle(title: string, dueCount: number): string {
  const count = Math.floor(dueCount);
  return count > 0 ? `(${count}) ${title}` : title;
}
