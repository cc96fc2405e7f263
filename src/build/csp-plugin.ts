/**
 * The app's security policy, in one place: a Vite plugin (build only) that puts the
 * Content-Security-Policy in a `<meta>` tag at the top of the built index.html, which any static
 * host keeps, and writes a `_headers` file (Netlify / Cloudflare Pages format) carrying the same
 * policy as HTTP headers, plus what a meta tag cannot say. No CSP in `vite dev`: the dev server
 * injects inline styles and scripts for hot reload.
 */
import { createHash } from 'node:crypto';
import type { Plugin } from 'vite';

/**
 * Every directive the app runs under, and why it allows what it allows. The app loads nothing
 * from another host, runs no inline script or style, uses no eval, frames nothing and submits no
 * form, so almost everything is `'self'` or `'none'`.
 */
export const CSP_DIRECTIVES: ReadonlyArray<readonly [directive: string, sources: string]> = [
  ['default-src', "'self'"],
  // Only the bundled modules (entry, lazy screens, the modulepreload helper): no inline script,
  // no eval, no other host.
  ['script-src', "'self'"],
  // Bundled stylesheets, and the first screen's stylesheet inlined in index.html by its hash (added
  // at build time, see inlineStyleHashes): no 'unsafe-inline'. Components set dynamic styles through
  // the CSSOM (src/components/attachments.ts), which CSP does not restrict; a `style="…"` attribute
  // in HTML would be blocked.
  ['style-src', "'self'"],
  // The favicon and icons; the app draws its own pictures as inline SVG elements (not data: URLs).
  ['img-src', "'self'"],
  // fetch / XHR: the service worker's precache and update checks, all on this origin.
  ['connect-src', "'self'"],
  // The service worker (/sw.js) and the module search worker (/assets/search.worker-*.js).
  // The backup and .ics downloads use blob: URLs on an <a download>, which is a download, not a
  // worker or a fetch, so no directive needs blob:.
  ['worker-src', "'self'"],
  ['manifest-src', "'self'"],
  ['object-src', "'none'"],
  ['base-uri', "'self'"],
  // The only <form> is the takeaway prompt's `method="dialog"`, which closes the dialog and is
  // not a submission CSP checks; nothing is ever submitted anywhere.
  ['form-action', "'none'"],
];

/**
 * The CSP hash sources (`'sha256-…'`) of the inline `<style>` elements in `html`, in order: the
 * only inline code the policy allows, exactly as built.
 */
export function inlineStyleHashes(html: string): string[] {
  return [...html.matchAll(/<style>([\s\S]*?)<\/style>/g)].map(
    ([, css]) => `'sha256-${createHash('sha256').update(css, 'utf8').digest('base64')}'`,
  );
}

/** The policy as delivered in the `<meta>` tag, allowing the inline stylesheets with these hashes. */
export function contentSecurityPolicy(styleHashes: readonly string[] = []): string {
  return CSP_DIRECTIVES.map(([directive, sources]) =>
    directive === 'style-src' && styleHashes.length > 0 ? `${directive} ${sources} ${styleHashes.join(' ')}` : `${directive} ${sources}`,
  ).join('; ');
}

/**
 * Directives a `<meta>` tag cannot carry (browsers ignore them there, with a console error), so
 * only the header has them: the app may not be framed by any page (clickjacking).
 */
export const HEADER_ONLY_DIRECTIVES = "frame-ancestors 'none'";

/** The policy as an HTTP header: the meta policy plus the header-only directives. */
export function contentSecurityPolicyHeader(styleHashes: readonly string[] = []): string {
  return `${contentSecurityPolicy(styleHashes)}; ${HEADER_ONLY_DIRECTIVES}`;
}

/**
 * Browser features turned off for the app and anything it could ever embed. Not listed, so left at
 * their default (this origin only): `web-share` (the Share button) and `clipboard-write` (its
 * copy-the-link fallback). Notifications, badging and periodic sync are not governed by
 * Permissions-Policy. Only features Chromium recognises on every platform: an unknown name is a
 * console error (Chromium on Linux does not know `web-share` or `bluetooth`).
 */
export const PERMISSIONS_POLICY = [
  'accelerometer=()',
  'autoplay=()',
  'camera=()',
  'display-capture=()',
  'encrypted-media=()',
  'fullscreen=()',
  'geolocation=()',
  'gyroscope=()',
  'hid=()',
  'idle-detection=()',
  'magnetometer=()',
  'microphone=()',
  'midi=()',
  'payment=()',
  'picture-in-picture=()',
  'publickey-credentials-get=()',
  'screen-wake-lock=()',
  'serial=()',
  'usb=()',
  'xr-spatial-tracking=()',
].join(', ');

/**
 * The referrer policy, as a header and a `<meta>`: the app requests nothing from another host and
 * its article links already carry rel="noreferrer", so no request needs to say where it came from.
 */
export const REFERRER_POLICY = 'no-referrer';

/** Security headers sent with every file (`/*`). */
export const securityHeaders = (styleHashes: readonly string[] = []): ReadonlyArray<readonly [name: string, value: string]> => [
  ['Content-Security-Policy', contentSecurityPolicyHeader(styleHashes)],
  ['X-Content-Type-Options', 'nosniff'],
  ['Referrer-Policy', REFERRER_POLICY],
  ['Permissions-Policy', PERMISSIONS_POLICY],
  // Article links open with rel="noopener" already; this also isolates the app's window from any
  // page that opens it.
  ['Cross-Origin-Opener-Policy', 'same-origin'],
];

/**
 * Caching per path. No rule overlaps another for the same header (hosts join the values of
 * overlapping rules with a comma). The HTML, the service worker and the manifest must be
 * revalidated on every load, or an update would not be seen; the hashed files under /assets/
 * never change. Other files (icons) get the host's default.
 */
export const CACHE_RULES: ReadonlyArray<readonly [path: string, cacheControl: string]> = [
  ['/', 'no-cache'],
  ['/index.html', 'no-cache'],
  ['/sw.js', 'no-cache'],
  ['/manifest.webmanifest', 'no-cache'],
  ['/assets/*', 'public, max-age=31536000, immutable'],
];

/** The `_headers` file (Netlify and Cloudflare Pages format; `#` lines are comments). */
export function headersFile(styleHashes: readonly string[] = []): string {
  const block = (path: string, headers: ReadonlyArray<readonly [string, string]>) =>
    [path, ...headers.map(([name, value]) => `  ${name}: ${value}`)].join('\n');
  return [
    '# Generated by src/build/csp-plugin.ts at build time: change the policy there, not here.',
    block('/*', securityHeaders(styleHashes)),
    ...CACHE_RULES.map(([path, value]) => block(path, [['Cache-Control', value]])),
  ].join('\n\n') + '\n';
}

/**
 * Adds the CSP and referrer `<meta>` tags first in <head> of the built index.html, and emits
 * `_headers`. Runs after every other `post` transform of index.html (list it last), so the policy
 * hashes the inline stylesheet exactly as shipped.
 */
export function cspPlugin(): Plugin {
  let styleHashes: string[] = [];
  return {
    name: 'pyrecall:csp',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(html) {
        styleHashes = inlineStyleHashes(html);
        return [
          // First in <head>: a meta policy only governs what comes after it.
          { tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: contentSecurityPolicy(styleHashes) }, injectTo: 'head-prepend' },
          { tag: 'meta', attrs: { name: 'referrer', content: REFERRER_POLICY }, injectTo: 'head-prepend' },
        ];
      },
    },
    generateBundle: {
      order: 'post', // after Vite has written index.html (and so after the handler above)
      handler() {
        // The file name has no extension, so the service worker's precache globs never pick it up.
        this.emitFile({ type: 'asset', fileName: '_headers', source: headersFile(styleHashes) });
      },
    },
  };
}
