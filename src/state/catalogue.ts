/**
 * The catalogue the build produced, with the look-ups every screen needs. It never changes at
 * run time, so it is plain data rather than rune state.
 */
import data from 'virtual:catalogue';
import type { Article, Catalogue, Section } from '../domain/catalogue';

export const catalogue: Catalogue = data;

const articlesById = new Map<string, Article>(catalogue.articles.map((a) => [a.id, a]));
const sectionsById = new Map<string, Section>(catalogue.sections.map((s) => [s.id, s]));

/** The article with this id, if the catalogue still has it. */
export function articleById(id: string): Article | undefined {
  return articlesById.get(id);
}

/** The section with this id. */
export function sectionById(id: string): Section | undefined {
  return sectionsById.get(id);
}

/** The articles of a section, in reading order. */
export function articlesOf(section: Section): Article[] {
  return section.articleIds.map((id) => articlesById.get(id)).filter((a): a is Article => a !== undefined);
}
