/** Accessibility checks shared by the end-to-end tests: axe-core in the page, light and dark. */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/** axe-core's WCAG 2.x A and AA violations inside the main content, light and dark, as "scheme rule: target" lines. */
export async function accessibilityProblems(page: Page): Promise<string[]> {
  // Not addScriptTag: an inline <script> is refused by the app's CSP. Evaluation through DevTools is not governed by it.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
  const problems: string[] = [];
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    const found = await page.evaluate(async (tags) => {
      const axe = (window as unknown as { axe: typeof import('axe-core') }).axe;
      const result = await axe.run({ include: [['main']] }, { runOnly: { type: 'tag', values: tags } });
      return result.violations.flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(' ')}`));
    }, WCAG_TAGS);
    problems.push(...found.map((p) => `${colorScheme} ${p}`));
  }
  await page.emulateMedia({ colorScheme: null });
  return problems;
}
