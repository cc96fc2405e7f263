/**
 * Builds the app and serves the production build (with its service worker) on a free port,
 * for the end-to-end tests and the benchmarks.
 */
import { build, preview, type PreviewServer } from 'vite';

export interface Served {
  url: string;
  close(): Promise<void>;
}

/** Runs `vite build` into `outDir` (quietly) and returns its output directory. */
export async function buildApp(outDir = 'dist', mode = 'production'): Promise<string> {
  await build({ logLevel: 'error', mode, build: { outDir, emptyOutDir: true } });
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
