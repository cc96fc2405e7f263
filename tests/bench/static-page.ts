/**
 * The "physical floor" for `npm run bench:start`: the reading path as one plain HTML page, no
 * JavaScript, generated from the same catalogue the app is built from (the real parser in
 * src/domain/catalogue.ts). It shows what the app's library shows for each article — the title as
 * a link (code spans as <code>), the author and the curator's note — grouped by section in reading
 * order, styled by one small external stylesheet (no inline styles, no web fonts: the app's own
 * system font stack). Each article's block carries `elementtiming="article-title"`, as the app's
 * rows do, so both pages report the paint of their first title the same way.
 *
 * Element Timing attributes text to its containing block, so the attribute sits on the <li>, not on
 * the inline <a> (an attribute on the <a> alone yields no entry in Chromium).
 */
import type { Catalogue } from '../../src/domain/catalogue';
import { segments } from '../../src/domain/segments';

/** The stylesheet's file name, next to the page. */
export const STATIC_CSS_FILE = 'floor.css';

/** Minimal styling: readable on a phone, light and dark, nothing the first paint must wait for but this file. */
export const STATIC_CSS = `:root { color-scheme: light dark; --bg: #f6f7f9; --text: #1b1f24; --muted: #59616b; --link: #1f4f8f; }
@media (prefers-color-scheme: dark) { :root { --bg: #0f1217; --text: #e6e9ee; --muted: #a4acb7; --link: #8cc2ff; } }
body { margin: 0; padding: 0 1rem 2rem; background: var(--bg); color: var(--text); font: 1rem/1.45 system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif; }
main { max-width: 48rem; margin: 0 auto; }
h1 { font-size: 1.4rem; margin: 1rem 0; }
h2 { font-size: 1.15rem; margin: 1.5rem 0 0.25rem; }
ol { list-style: none; margin: 0; padding: 0; }
li { padding: 0.75rem 0; border-top: 1px solid color-mix(in srgb, var(--text) 15%, transparent); }
a { color: var(--link); font-weight: 600; text-decoration: none; overflow-wrap: anywhere; }
code { font-family: ui-monospace, 'SFMono-Regular', 'Cascadia Mono', Menlo, Consolas, monospace; font-size: 0.92em; }
p { margin: 0.125rem 0 0; font-size: 0.9rem; }
.author { color: var(--muted); }
.note { margin-top: 0.375rem; }
`;

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text (or an attribute value) safe to put into HTML. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

function titleHtml(title: string, code: readonly (readonly [number, number])[]): string {
  return segments(title, code)
    .map((part) => (part.code ? `<code>${escapeHtml(part.text)}</code>` : escapeHtml(part.text)))
    .join('');
}

/** The whole page: every article of `catalogue`, section by section, in reading order. */
export function staticPageHtml(catalogue: Catalogue): string {
  const byId = new Map(catalogue.articles.map((a) => [a.id, a]));
  const out: string[] = [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="color-scheme" content="light dark">',
    `<title>${escapeHtml(catalogue.title)}</title>`,
    `<link rel="stylesheet" href="${STATIC_CSS_FILE}">`,
    '</head>',
    '<body>',
    '<main>',
    `<h1>${escapeHtml(catalogue.title)}</h1>`,
  ];
  for (const section of catalogue.sections) {
    out.push(`<section aria-labelledby="s-${escapeHtml(section.id)}">`, `<h2 id="s-${escapeHtml(section.id)}">${escapeHtml(section.title)}</h2>`, '<ol>');
    for (const id of section.articleIds) {
      const article = byId.get(id);
      if (!article) throw new Error(`section ${section.id} names an unknown article ${id}`);
      const author = article.author ? `<p class="author">${escapeHtml(article.author)}</p>` : '';
      const note = article.note ? `<p class="note">${escapeHtml(article.note)}</p>` : '';
      out.push(
        `<li elementtiming="article-title"><a href="${escapeHtml(article.url)}">${titleHtml(article.title, article.code)}</a>${author}${note}</li>`,
      );
    }
    out.push('</ol>', '</section>');
  }
  out.push('</main>', '</body>', '</html>', '');
  return out.join('\n');
}
