/**
 * Builds the app and serves the production build (with its service worker) on a free port,
 * for the end-to-end tests and the benchmarks.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { build, preview, type PreviewServer } from 'vite';

export interface Served {
  url: string;
  close(): Promise<void>;
}

/**
 * Runs `vite build` into `outDir` (quietly) and returns its output directory. `env` is set in
 * process.env for the duration of the build (e.g. `{ PYRECALL_BUILD_ID: 'B' }`, read by vite.config.ts).
 */
export async function buildApp(outDir = 'dist', mode = 'production', extraEnv: Record<string, string> = {}): Promise<string> {
  // Vitest sets NODE_ENV=test, which would make this a development build (import.meta.env.PROD
  // false, Svelte dev mode, Workbox logs): build what users get, as `npm run build` does.
  const env = mode === 'production' ? { NODE_ENV: 'production', ...extraEnv } : extraEnv;
  const saved = Object.fromEntries(Object.keys(env).map((key) => [key, process.env[key]]));
  Object.assign(process.env, env);
  try {
    await build({ logLevel: 'error', mode, build: { outDir, emptyOutDir: true } });
  } finally {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
  return outDir;
}

/** Serves a built directory with `vite preview` on a free loopback port. */
export async function serve(outDir = 'dist'): Promise<Served> {
  const server: PreviewServer = await preview({
    logLevel: 'error',
    build: { outDir },
    preview: { port: 0, strictPort: false, host: '127.0.0.1', open: false },
  });
  const address = server.httpServer.address();
  if (!address || typeof address === 'string') throw new Error('preview server has no TCP address');
  return {
    url: `http://127.0.0.1:${address.port}`,
    close: () => server.close(),
  };
}

export interface SwitchableServed extends Served {
  /** From now on, serve this directory instead (same origin: a "deploy" of another build). */
  switchTo(dir: string): void;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

export interface StaticServerOptions {
  /** Headers for the file at `path` besides its Content-Type (default: `Cache-Control: no-cache`). */
  headers?: (path: string) => Record<string, string>;
  /** Serve index.html for paths that name no file, as hosts do for single-page apps (default true). */
  fallback?: boolean;
  /** Paths never served (404), such as a host's own configuration file. */
  hidden?: (path: string) => boolean;
  /** Called with every request's URL, in order. */
  onRequest?: (url: string) => void;
}

/**
 * A minimal static server like a real host: files from `dir`, index.html for `/` (and, unless
 * `fallback` is false, for paths that name no file: the app routes in the hash), 404 for missing
 * files. Its directory can be switched while it runs, which `vite preview` cannot do.
 */
export async function serveStatic(dir: string, options: StaticServerOptions = {}): Promise<SwitchableServed> {
  const { headers = () => ({ 'Cache-Control': 'no-cache' }), fallback = true, hidden = () => false, onRequest } = options;
  let root = resolve(dir);
  const server = createServer((req, res) => {
    onRequest?.(req.url ?? '/');
    void (async () => {
      const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
      let file = normalize(join(root, path));
      if (file !== root && !file.startsWith(root + sep)) {
        res.writeHead(403).end();
        return;
      }
      const found = hidden(path) ? undefined : await stat(file).catch(() => undefined);
      if (found?.isDirectory() || (!found && fallback && extname(path) === '' && !hidden(path))) file = join(root, 'index.html');
      else if (!found?.isFile()) {
        res.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not found');
        return;
      }
      res.writeHead(200, { 'Content-Type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream', ...headers(path) });
      createReadStream(file).pipe(res);
    })();
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    switchTo: (next) => {
      root = resolve(next);
    },
    close: () =>
      new Promise<void>((done, fail) => {
        server.closeAllConnections();
        server.close((error) => (error ? fail(error) : done()));
      }),
  };
}
