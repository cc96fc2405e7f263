/**
 * Lighthouse audit of the production build, the way a phone sees it (Lighthouse's default mobile
 * emulation and throttling): `npm run audit`. Prints the four category scores and every audit that
 * is not passed, then exits 1 if a score is under its target. Offline-safe: local Chromium, local
 * server. AUDIT_RUNS=n runs it n times and reports the run with the median performance score
 * (performance varies with machine load); AUDIT_JSON=path also saves that report.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { CHROMIUM_ARGS, findChromium } from '../support/chromium';
import { buildApp, serve } from '../support/server';

/** Minimum scores (0–100) per category. */
const TARGETS: Record<string, number> = {
  performance: 98,
  accessibility: 100,
  'best-practices': 100,
  seo: 100,
};
const RUNS = Math.max(1, Number(process.env.AUDIT_RUNS ?? 1));
const METRICS = ['first-contentful-paint', 'largest-contentful-paint', 'total-blocking-time', 'cumulative-layout-shift', 'speed-index'];

type Report = NonNullable<Awaited<ReturnType<typeof lighthouse>>>['lhr'];

function score(lhr: Report, category: string): number {
  return Math.round((lhr.categories[category]?.score ?? 0) * 100);
}

/** Prints the scores and the audits that are not passed; returns whether every target is met. */
function print(lhr: Report): boolean {
  console.log(`\nLighthouse ${lhr.lighthouseVersion} on ${lhr.finalDisplayedUrl} (${lhr.configSettings.formFactor})\n`);
  let ok = true;
  for (const [id, target] of Object.entries(TARGETS)) {
    const category = lhr.categories[id];
    const value = score(lhr, id);
    ok &&= value >= target;
    console.log(`${value >= target ? '✓' : '✗'} ${category?.title ?? id}: ${value} (target ${target})`);
    for (const ref of category?.auditRefs ?? []) {
      const audit = lhr.audits[ref.id];
      if (!audit || audit.score === null || audit.score >= 1 || audit.scoreDisplayMode === 'informative') continue;
      const shown = audit.displayValue ? ` — ${audit.displayValue}` : '';
      // • counts towards the score, ◦ is advice (weight 0)
      console.log(`    ${ref.weight > 0 ? '•' : '◦'} ${audit.id}: ${audit.title} (score ${audit.score})${shown}`);
    }
  }
  console.log(`\n  ${METRICS.map((m) => `${m}: ${lhr.audits[m]?.displayValue ?? '?'}`).join(' · ')}`);
  return ok;
}

// Its own build directory: a `vite build` into dist/ elsewhere must not swap files mid-audit.
// AUDIT_DIR=dir audits a build made beforehand (to compare variants of the same app).
const outDir = process.env.AUDIT_DIR || mkdtempSync(join(tmpdir(), 'pyrecall-audit-'));
if (!process.env.AUDIT_DIR) await buildApp(outDir);
const served = await serve(outDir);
const chrome = await chromeLauncher.launch({
  chromePath: findChromium(),
  chromeFlags: ['--headless=new', ...CHROMIUM_ARGS],
  logLevel: 'silent',
});
let ok = false;
try {
  const reports: Report[] = [];
  for (let run = 0; run < RUNS; run++) {
    const result = await lighthouse(`${served.url}/`, {
      port: chrome.port,
      output: 'json',
      logLevel: 'error',
      onlyCategories: Object.keys(TARGETS),
    });
    if (!result) throw new Error('Lighthouse returned no result');
    if (result.lhr.runtimeError) throw new Error(`Lighthouse: ${result.lhr.runtimeError.code} ${result.lhr.runtimeError.message}`);
    reports.push(result.lhr);
  }
  reports.sort((a, b) => score(a, 'performance') - score(b, 'performance'));
  const median = reports[Math.floor(reports.length / 2)];
  if (RUNS > 1) console.log(`performance over ${RUNS} runs: ${reports.map((r) => score(r, 'performance')).join(', ')}`);
  if (process.env.AUDIT_JSON) writeFileSync(process.env.AUDIT_JSON, JSON.stringify(median, null, 2));
  ok = print(median);
} finally {
  chrome.kill();
  await served.close();
  if (!process.env.AUDIT_DIR) rmSync(outDir, { recursive: true, force: true });
}
process.exit(ok ? 0 : 1);
