/** Attachments (`{@attach …}`) shared by components: they run in the browser only, never when prerendering. */
import type { Attachment } from 'svelte/attachments';

/**
 * Inline style properties set through the CSSOM: `{@attach styleProps({ width: '40%' })}`.
 *
 * Svelte's `style:` directive would also write a `style` attribute into the prerendered HTML,
 * which the Content-Security-Policy (`style-src 'self'`, no 'unsafe-inline') refuses. The CSSOM is
 * allowed, so the app uses this instead.
 */
export function styleProps(props: Record<string, string | number>): Attachment<HTMLElement> {
  return (element) => {
    for (const [name, value] of Object.entries(props)) element.style.setProperty(name, String(value));
    return () => {
      for (const name of Object.keys(props)) element.style.removeProperty(name);
    };
  };
}

/**
 * Calls `onheight` with the element's border-box height whenever it changes. Unlike
 * `bind:clientHeight`, it never reads layout synchronously (the ResizeObserver reports it after
 * the browser has laid out anyway), so it costs the start-up nothing.
 */
export function observeHeight(onheight: (height: number) => void): Attachment<HTMLElement> {
  return (element: HTMLElement) => {
    const observer = new ResizeObserver(([entry]) => onheight(entry.borderBoxSize[0]?.blockSize ?? entry.contentRect.height));
    observer.observe(element);
    return () => observer.disconnect();
  };
}
