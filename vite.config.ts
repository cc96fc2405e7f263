import { readFileSync } from 'node:fs';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import type { LogLevel, Plugin } from 'vite';
import { VitePWA, type VitePWAOptions } from 'vite-plugin-pwa';
import { defineConfig } from 'vitest/config';
import { cataloguePlugin } from './src/build/catalogue-plugin.ts';
import { inlineCssPlugin } from './src/build/inline-css-plugin.ts';
import { prerenderPlugin } from './src/build/prerender-plugin.ts';
import { cspPlugin } from './src/build/csp-plugin.ts';

export const CATALOGUE_SOURCE = 'src/catalogue/python-engineering-articles.md';

/** Brand colours, shared by the web manifest, the icons and index.html (see src/app.css). */
const BRAND_BLUE = '#1f4f8f';
const LIGHT_BG = '#f6f7f9';

/**
 * Which build this is, in `<meta name="pyrecall-build">`: $PYRECALL_BUILD_ID (CI, the update
 * test), else the package version. Any change to it changes index.html and so the service worker.
 */
function buildIdPlugin(): Plugin {
  const id =
    process.env.PYRECALL_BUILD_ID || (JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version;
  return {
    name: 'pyrecall:build-id',
    transformIndexHtml: () => [{ tag: 'meta', attrs: { name: 'pyrecall-build', content: id }, injectTo: 'head' }],
  };
}

/**
 * The worker is built by a second, inner Vite build: give it the outer build's log level (quiet in
 * tests) and Rolldown's `codeSplitting: false` instead of the deprecated `inlineDynamicImports`
 * that vite-plugin-pwa 2.0 still sets.
 */
function workerBuildTweaks(): NonNullable<VitePWAOptions['integration']> {
  let logLevel: LogLevel = 'info';
  return {
    configureOptions: (config) => {
      logLevel = config.logLevel ?? logLevel;
    },
    configureCustomSWViteBuild: (inline) => {
      inline.logLevel = logLevel;
      const output = inline.build?.rollupOptions?.output;
      if (output && !Array.isArray(output) && 'inlineDynamicImports' in output) {
        delete output.inlineDynamicImports;
        Object.assign(output, { codeSplitting: false });
      }
    },
  };
}

export default defineConfig({
  plugins: [
    svelte(),
    // $PYRECALL_CATALOGUE swaps in another source (the benchmarks' generated 10,000-article path).
    cataloguePlugin({ file: process.env.PYRECALL_CATALOGUE || CATALOGUE_SOURCE }),
    buildIdPlugin(),
    // The first screen is in index.html itself; src/main.ts hydrates it.
    prerenderPlugin({ catalogueFile: process.env.PYRECALL_CATALOGUE || CATALOGUE_SOURCE }),
    // Its stylesheet comes inline, so the first paint needs no second request.
    inlineCssPlugin(),
    // Last of the index.html transforms: the policy hashes the inline stylesheet as shipped.
    cspPlugin(),
    VitePWA({
      strategies: 'injectManifest',
      srcDir: 'src',
      filename: 'sw.ts',
      registerType: 'prompt',
      integration: workerBuildTweaks(),
      injectRegister: false, // src/pwa/update.svelte.ts registers it, to control when updates apply
      injectManifest: {
        // The catalogue is bundled into the entry JS; icons come from pwaAssets below.
        // No webmanifest here: the plugin adds it once itself (a second entry breaks install).
        globPatterns: ['**/*.{js,css,html,svg,png,ico,woff2}'],
        globIgnores: ['screenshots/**'], // only the install dialog shows them
        // A generated benchmark catalogue (10,000 articles) makes the entry a few MB: still precache it.
        maximumFileSizeToCacheInBytes: process.env.PYRECALL_CATALOGUE ? 64 * 1024 * 1024 : 2 * 1024 * 1024,
      },
      pwaAssets: {
        image: 'public/icon.svg',
        htmlPreset: '2023',
        injectThemeColor: false, // index.html has one theme-color per colour scheme
        preset: {
          transparent: { sizes: [192, 512], favicons: [[48, 'favicon.ico']] },
          maskable: { sizes: [512], padding: 0.2, resizeOptions: { background: BRAND_BLUE } },
          apple: { sizes: [180], padding: 0.15, resizeOptions: { background: BRAND_BLUE } },
        },
      },
      manifest: {
        id: '/',
        name: 'PyRecall',
        short_name: 'PyRecall',
        description:
          'Read the best Python engineering articles in a deliberate order, offline, and remember them with spaced review.',
        lang: 'en',
        dir: 'ltr',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        theme_color: BRAND_BLUE,
        background_color: LIGHT_BG,
        categories: ['education', 'productivity', 'books'],
        shortcuts: [
          {
            name: 'Search the library',
            short_name: 'Search',
            url: '/#/search',
            icons: [{ src: '/pwa-192x192.png', sizes: '192x192', type: 'image/png' }],
          },
          {
            name: 'Review what you read',
            short_name: 'Review',
            url: '/#/review',
            icons: [{ src: '/pwa-192x192.png', sizes: '192x192', type: 'image/png' }],
          },
        ],
        screenshots: [
          {
            src: '/screenshots/narrow.png',
            sizes: '390x844',
            type: 'image/png',
            form_factor: 'narrow',
            label: 'The reading path on a phone',
          },
          {
            src: '/screenshots/wide.png',
            sizes: '1280x800',
            type: 'image/png',
            form_factor: 'wide',
            label: 'The reading path on a desktop',
          },
        ],
      },
    }),
  ],
  // Web workers are bundled separately and need the catalogue plugin too (virtual:catalogue).
  worker: {
    format: 'es', // the search worker is created with { type: 'module' }
    plugins: () => [cataloguePlugin({ file: process.env.PYRECALL_CATALOGUE || CATALOGUE_SOURCE })],
  },
  build: {
    target: 'es2022',
  },
  preview: {
    port: 4173,
    strictPort: true,
  },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          globalSetup: ['tests/e2e/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
