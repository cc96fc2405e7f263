import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { findChromium } from '../support/chromium';
import { buildApp, serve } from '../support/server';

declare module 'vitest' {
  export interface ProvidedContext {
    baseURL: string;
    /** The directory of the build under test (its own temp folder, so `npm run build` cannot disturb it). */
    distDir: string;
  }
}

/** Builds the app once, serves it, and hands its URL to every e2e test file. */
export default async function setup(project: TestProject) {
  findChromium(); // fail fast with the one-line hint, before a slow build
  const dir = await buildApp(mkdtempSync(join(tmpdir(), 'pyrecall-e2e-')));
  const served = await serve(dir);
  project.provide('baseURL', served.url);
  project.provide('distDir', dir);
  return () => served.close();
}
