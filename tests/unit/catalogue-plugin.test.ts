import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build, type Rolldown } from 'vite';
import { describe, expect, it } from 'vitest';
import { cataloguePlugin } from '../../src/build/catalogue-plugin';

/** Builds a one-file app that imports the catalogue made from `markdown`. */
async function buildWith(markdown: string) {
  const root = mkdtempSync(join(tmpdir(), 'pyrecall-plugin-'));
  writeFileSync(join(root, 'list.md'), markdown);
  writeFileSync(join(root, 'entry.js'), "import c from 'virtual:catalogue'; console.log(c.articles.length);");
  const warnings: string[] = [];
  const output = await build({
    configFile: false,
    root,
    logLevel: 'silent',
    plugins: [cataloguePlugin({ file: 'list.md' })],
    build: {
      write: false,
      rollupOptions: {
        input: join(root, 'entry.js'),
        onwarn: (w: Rolldown.RollupLog) => void warnings.push(w.message),
      },
    },
  });
  return { output, warnings };
}

const header = ['Section', '-------', '| To Read | Author | Notes |', '| --- | --- | --- |'];

describe('the catalogue build step', () => {
  it('turns the markdown into a module the app imports', async () => {
    const { output } = await buildWith([...header, '| [A](https://a.example/) | Ann |  |'].join('\n'));
    const chunks = (Array.isArray(output) ? output : [output]).flatMap((o) => ('output' in o ? o.output : []));
    const code = chunks.map((c) => ('code' in c ? c.code : '')).join('\n');
    expect(code).toContain('https://a.example/');
  });

  it('fails the build naming file:line and the reason for a bad row', async () => {
    await expect(buildWith([...header, '| [A](https://a.example/) | Ann |  |', '| [B](javascript:alert(1)) | Bob |  |'].join('\n'))).rejects.toThrow(
      /list\.md:6: "B" links to "javascript:alert\(1\)": only http\(s\) links are allowed/,
    );
  });

  it('warns about a skipped empty row with its line, and still builds', async () => {
    const { warnings } = await buildWith([...header, '| [A](https://a.example/) | Ann |  |', '|  | Guido |  |'].join('\n'));
    expect(warnings.some((w) => /list\.md:6: empty row skipped/.test(w))).toBe(true);
  });
});
