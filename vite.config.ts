import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vitest/config';
import { cataloguePlugin } from './src/build/catalogue-plugin.ts';

export const CATALOGUE_SOURCE = 'src/catalogue/python-engineering-articles.md';

export default defineConfig({
  plugins: [svelte(), cataloguePlugin({ file: CATALOGUE_SOURCE })],
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
