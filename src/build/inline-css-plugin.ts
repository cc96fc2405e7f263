/**
 * Inlines the entry stylesheet into the built index.html. With the first screen prerendered, the
 * stylesheet is all the first paint waits for; inline, it arrives with the page instead of in a
 * second request through the service worker. The Content-Security-Policy allows it by its hash
 * (src/build/csp-plugin.ts), not by 'unsafe-inline'. Lazy screens keep their own CSS files.
 */
import type { Plugin } from 'vite';

const STYLESHEET_LINK = /<link rel="stylesheet"(?: crossorigin)? href="\/([^"]+\.css)">/g;

export function inlineCssPlugin(): Plugin {
  return {
    name: 'pyrecall:inline-css',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(html, context) {
        const bundle = context.bundle;
        if (!bundle) return html;
        return html.replace(STYLESHEET_LINK, (link, fileName: string) => {
          const asset = bundle[fileName];
          if (asset?.type !== 'asset') return link;
          const css = typeof asset.source === 'string' ? asset.source : new TextDecoder().decode(asset.source);
          // "</style" inside the CSS would end the element early (it cannot occur in Vite's output).
          if (/<\/style/i.test(css)) return link;
          delete bundle[fileName]; // nothing else loads the entry stylesheet: do not ship it twice
          return `<style>${css}</style>`;
        });
      },
    },
  };
}
