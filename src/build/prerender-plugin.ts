/**
 * Prerenders the app's first screen (the library, before any user data has loaded) into the built
 * index.html, with Svelte's server renderer and the very components the browser runs. The reading
 * path is on screen as soon as the HTML arrives, without waiting for JavaScript; src/main.ts then
 * hydrates that markup instead of building it again.
 *
 * The render happens in a throw-away Vite server in SSR mode (no browser globals): state modules
 * that touch the browser (IndexedDB, location, timers) leave that to the client.
 */
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { createServer, type Plugin } from 'vite';
import { cataloguePlugin } from './catalogue-plugin.ts';

/** The mount point in index.html; the prerendered markup goes inside it. */
export const APP_ROOT = '<div id="app"></div>';

export interface PrerenderPluginOptions {
  /** The catalogue source, as for cataloguePlugin. */
  catalogueFile: string;
}

interface ServerRender {
  render(component: unknown): { body: string; head: string };
}

/** Renders src/App.svelte on the server and returns its body markup. */
export async function renderApp(root: string, catalogueFile: string): Promise<string> {
  const server = await createServer({
    configFile: false,
    root,
    logLevel: 'silent', // the client build already reported the catalogue's warnings
    appType: 'custom',
    server: { middlewareMode: true, hmr: false, ws: false, watch: null },
    optimizeDeps: { noDiscovery: true, include: [] },
    // workbox-window's Node entry is CommonJS without named exports: take its ES module instead.
    ssr: { noExternal: ['workbox-window'] },
    plugins: [svelte({ compilerOptions: { dev: false } }), cataloguePlugin({ file: catalogueFile })],
  });
  try {
    const { render } = (await server.ssrLoadModule('svelte/server')) as ServerRender;
    const { default: App } = (await server.ssrLoadModule('/src/App.svelte')) as { default: unknown };
    return render(App).body;
  } finally {
    await server.close();
  }
}

/** Build only: fills index.html's `<div id="app">` with the prerendered first screen. */
export function prerenderPlugin(options: PrerenderPluginOptions): Plugin {
  let root = process.cwd();
  return {
    name: 'pyrecall:prerender',
    apply: 'build',
    configResolved(config) {
      root = config.root;
    },
    transformIndexHtml: {
      order: 'post',
      async handler(html) {
        if (!html.includes(APP_ROOT)) throw new Error(`index.html must contain ${APP_ROOT} for the prerender`);
        const body = await renderApp(root, options.catalogueFile);
        return html.replace(APP_ROOT, `<div id="app">${body}</div>`);
      },
    },
  };
}
