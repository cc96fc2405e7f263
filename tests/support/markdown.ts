/** Writes a catalogue back as catalogue markdown, so generated catalogues can go through the real build. */
import type { Catalogue } from '../../src/domain/catalogue';

const cell = (text: string) => text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/[[\]]/g, '\\$&');

/** The catalogue as the markdown source the build's parser reads. */
export function catalogueToMarkdown(catalogue: Catalogue): string {
  const byId = new Map(catalogue.articles.map((a) => [a.id, a]));
  const out: string[] = [`title: ${catalogue.title}`, ''];
  for (const section of catalogue.sections) {
    out.push(`## ${section.title}`, '', '| To Read | Author | Notes |', '| --- | --- | --- |');
    for (const id of section.articleIds) {
      const a = byId.get(id);
      if (a) out.push(`| [${cell(a.title)}](${a.url}) | ${cell(a.author)} | ${cell(a.note)} |`);
    }
    out.push('');
  }
  return out.join('\n');
}
