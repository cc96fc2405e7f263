import type { TestProject } from 'vitest/node';
import { findChromium } from '../support/chromium';
import { buildApp, serve } from '../support/server';

declare module 'vitest' {
  export interface ProvidedContext {
    baseURL: string;
  }
}

/** Builds the app once, serves it, and hands its URL to every e2e test file. */
export default async function setup(project: TestProject) {
  findChromium(); // fail fast with the one-line hint, before a slow build
  await buildApp('dist');
  const served = await serve('dist');
  project.provide('baseURL', served.url);
  return () => served.close();
}
