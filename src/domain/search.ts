/**
 * Article search: typo-tolerant, any word order, across title, author, section and note, with
 * acronyms standing for their long forms. fuse.js ranks; a word/trigram prefilter
 * (search-prefilter.ts) first narrows the catalogue to the few articles that can match, so a
 * keystroke costs well under a millisecond on the real catalogue and stays within a frame at
 * 10,000 articles. Pure TypeScript: no DOM, no storage.
 */
import Fuse, { type FuseIndex, type FuseResult, type IFuseOptions } from 'fuse.js';
import type { Article, Catalogue } from './catalogue';
import { findAliases, type Alias } from './search-acronyms';
import { addWord, Prefilter, type ArticleWords, type Candidate } from './search-prefilter';
import { fold, tokenize, toSourceRange, type Folded } from './search-text';

/** Title matches matter most: the title is what a reader remembers and scans. */
export const TITLE_WEIGHT = 1;
/** An acronym or long form found in title, author or section is nearly as telling as the title. */
export const ALIAS_WEIGHT = 0.8;
/** People search by author ("hynek"), but an author has many articles, so less than the title. */
export const AUTHOR_WEIGHT = 0.6;
/** A section name matches every article of its section, so it only nudges the order. */
export const SECTION_WEIGHT = 0.35;
/** Notes are long and incidental: a match there is the weakest evidence. */
export const NOTE_WEIGHT = 0.3;
/** An acronym or long form spelled out in a note is no more telling than the note. */
export const NOTE_ALIAS_WEIGHT = 0.25;
/** Share of a word's letters that may be wrong: 1 in "corutines", 2 in "unravling", none in "gil". */
export const FUZZY_THRESHOLD = 0.3;
/** Further query words are ignored: each one multiplies fuse's work, and 8 makes a long query. */
export const MAX_QUERY_WORDS = 8;
/** Bitap, fuse's matcher, handles at most 32 letters at once; no real word is longer. */
export const MAX_WORD_LENGTH = 32;
/** Speed cap: fuse ranks only the prefilter's best 150 articles, enough for it to order the 50 shown. */
export const MAX_CANDIDATES = 150;
/** Results per query: a reader scans a screenful, and fewer results render faster. */
export const MAX_RESULTS = 50;
/** One- and two-letter queries match nearly everything, and fuse ranks them no better than the prefilter. */
export const SHORT_QUERY_CANDIDATES = MAX_RESULTS;
/** Query words up to this length make a short query (SHORT_QUERY_CANDIDATES). */
const SHORT_WORD_LENGTH = 2;
/** Highlight runs shorter than this must start a word: fuse also marks stray letters of fuzzy matches. */
const MIN_INNER_HIGHLIGHT = 3;
/** A typo leaves holes this wide in fuse's marks ("Unrav·lling"); within a word they are closed. */
const MAX_HIGHLIGHT_GAP = 2;

/** A half-open range `[start, end)` into a plain string. */
export type MatchRange = [number, number];

/** Where a result matched, per field, as half-open ranges into the plain strings. */
export interface SearchMatches {
  /** Into `Article.title`. */
  title: MatchRange[];
  /** Into `Article.author`. */
  author: MatchRange[];
  /** Into `Article.note`. */
  note: MatchRange[];
  /** Into the title of the article's section. */
  section: MatchRange[];
}

export interface SearchResult {
  article: Article;
  /** fuse.js score: 0 is a perfect match, 1 no match; 0 for the unranked results of an empty query. */
  score: number;
  matches: SearchMatches;
}

export interface SearchFilters {
  /** Only articles of this section. */
  sectionId?: string;
  /** Only articles by this author (compared without case or diacritics). */
  author?: string;
  /** Only articles this predicate accepts (e.g. a reading status); applied before the result cap. */
  include?: (article: Article) => boolean;
  /**
   * Only articles whose id is in this set; applied before the result cap. The form of `include`
   * that can cross to a worker (a function cannot), e.g. the ids with a given reading status.
   */
  articleIds?: ReadonlySet<string>;
}

export interface Search {
  /** Ranked matches of `query` within `filters`; an empty query lists the filtered articles in reading order. */
  search(query: string, filters?: SearchFilters): SearchResult[];
}

type Field = keyof SearchMatches;
const FIELDS: readonly Field[] = ['title', 'author', 'section', 'note'];
/** Pseudo-fields holding the acronyms and long forms found in the real ones. */
type AliasKey = 'alias' | 'noteAlias';
type Key = Field | AliasKey;
const KEYS: readonly Key[] = ['title', 'alias', 'author', 'section', 'note', 'noteAlias'];
const WEIGHTS: Readonly<Record<Key, number>> = {
  title: TITLE_WEIGHT,
  alias: ALIAS_WEIGHT,
  author: AUTHOR_WEIGHT,
  section: SECTION_WEIGHT,
  note: NOTE_WEIGHT,
  noteAlias: NOTE_ALIAS_WEIGHT,
};

/** What fuse.js sees of an article: the folded text of each field and alias field. */
type Doc = Record<Key, string>;
type IndexRecord = FuseIndex<Doc>['records'][number];

/** An alias occurrence: its range in its alias field and the range of the field it came from. */
interface AliasSpan {
  key: AliasKey;
  start: number;
  end: number;
  field: Field;
  range: MatchRange;
}

/** Everything kept per article to turn fuse's matches back into ranges of the plain strings. */
interface Entry {
  article: Article;
  texts: Record<Field, string>;
  folded: Record<Field, Folded>;
  aliases: AliasSpan[];
}

/** The folded, de-duplicated, length-capped words of a query. */
function queryWords(query: string): string[] {
  const words = tokenize(fold(query).text).map((w) => w.slice(0, MAX_WORD_LENGTH));
  return [...new Set(words)].slice(0, MAX_QUERY_WORDS);
}

/** Builds the alias fields of an article and remembers where each alias came from. */
function aliasesOf(
  texts: Record<Field, string>,
  find: (field: Field, text: string) => Alias[],
): { text: Record<AliasKey, string>; spans: AliasSpan[] } {
  const text: Record<AliasKey, string> = { alias: '', noteAlias: '' };
  const at = new Map<string, [number, number]>();
  const spans: AliasSpan[] = [];
  for (const field of FIELDS) {
    const key: AliasKey = field === 'note' ? 'noteAlias' : 'alias';
    for (const a of find(field, texts[field])) {
      let span = at.get(`${key}:${a.text}`);
      if (!span) {
        if (text[key]) text[key] += ' ';
        span = [text[key].length, text[key].length + a.text.length];
        text[key] += a.text;
        at.set(`${key}:${a.text}`, span);
      }
      spans.push({ key, start: span[0], end: span[1], field, range: [a.start, a.end] });
    }
  }
  return { text, spans };
}

/** fuse.js's field-length norm (1/√words): a match in a short field counts for more. */
function lengthNorm(words: number): number {
  return 1 / Math.sqrt(Math.max(1, words));
}

const WORD_CHAR = /[\p{L}\p{N}]/u;
const WORD_CHARS = /^[\p{L}\p{N}]*$/u;

/** True when `at` begins a word of `text`. */
function startsWord(text: string, at: number): boolean {
  return at === 0 || !WORD_CHAR.test(text[at - 1]);
}

/** Sorts ranges of `text` and merges those that overlap, touch, or sit a typo apart in one word. */
function mergeRanges(ranges: MatchRange[], text: string): MatchRange[] {
  ranges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const out: MatchRange[] = [];
  for (const r of ranges) {
    const last = out[out.length - 1];
    const gap = last ? r[0] - last[1] : Infinity;
    if (last && (gap <= 0 || (gap <= MAX_HIGHLIGHT_GAP && WORD_CHARS.test(text.slice(last[1], r[0]))))) {
      last[1] = Math.max(last[1], r[1]);
    } else {
      out.push([r[0], r[1]]);
    }
  }
  return out;
}

/** Converts fuse's inclusive match indices into plain-string ranges per field. */
function highlights(entry: Entry, result: FuseResult<Doc>): SearchMatches {
  const out: SearchMatches = { title: [], author: [], note: [], section: [] };
  for (const match of result.matches ?? []) {
    for (const [first, last] of match.indices) {
      const [start, end] = [first, last + 1];
      if (match.key === 'alias' || match.key === 'noteAlias') {
        for (const a of entry.aliases) {
          if (a.key === match.key && a.start < end && start < a.end) out[a.field].push([...a.range]);
        }
        continue;
      }
      const field = FIELDS.find((f) => f === match.key);
      if (!field) continue;
      const folded = entry.folded[field];
      if (end - start < MIN_INNER_HIGHLIGHT && !startsWord(folded.text, start)) continue;
      out[field].push(toSourceRange(folded, start, end));
    }
  }
  for (const field of FIELDS) out[field] = mergeRanges(out[field], entry.texts[field]);
  return out;
}

/** Indexes the catalogue once; the returned `search` is called on every keystroke. */
export function createSearch(catalogue: Catalogue): Search {
  const sectionTitle = new Map(catalogue.sections.map((s) => [s.id, s.title]));
  const entries: Entry[] = [];
  const docs: Doc[] = [];
  const words: ArticleWords[] = [];
  // Authors and section titles repeat across articles: find their aliases once.
  const repeated = new Map<string, Alias[]>();
  const find = (field: Field, text: string): Alias[] => {
    if (field === 'title' || field === 'note') return findAliases(text);
    const key = `${field}:${text}`;
    let found = repeated.get(key);
    if (!found) repeated.set(key, (found = findAliases(text)));
    return found;
  };
  for (const article of catalogue.articles) {
    const texts: Record<Field, string> = {
      title: article.title,
      author: article.author,
      section: sectionTitle.get(article.sectionId) ?? '',
      note: article.note,
    };
    const folded = {
      title: fold(texts.title),
      author: fold(texts.author),
      section: fold(texts.section),
      note: fold(texts.note),
    };
    const { text: alias, spans } = aliasesOf(texts, find);
    entries.push({ article, texts, folded, aliases: spans });
    const doc: Doc = {
      title: folded.title.text,
      author: folded.author.text,
      section: folded.section.text,
      note: folded.note.text,
      ...alias,
    };
    docs.push(doc);
    const mine: ArticleWords = new Map();
    KEYS.forEach((key, field) => {
      const list = tokenize(doc[key]);
      const weight = WEIGHTS[key] * lengthNorm(list.length);
      for (const w of list) addWord(mine, w, weight, field);
    });
    words.push(mine);
  }

  const prefilter = new Prefilter(words, FUZZY_THRESHOLD);
  const options: IFuseOptions<Doc> = {
    keys: KEYS.map((name) => ({ name, weight: WEIGHTS[name] })),
    // Token search matches each query word on its own, fuzzily, in any field: word order and
    // field boundaries stop mattering, and 'all' makes every word count, as users expect.
    useTokenSearch: true,
    tokenMatch: 'all',
    tokenize,
    threshold: FUZZY_THRESHOLD,
    ignoreLocation: true,
    includeMatches: true,
    includeScore: true,
  };
  const fuse = new Fuse(docs, options);
  // fuse searches whatever records its index holds; swapping in the candidates' records (then
  // back) reuses the per-field data and the word statistics built here, instead of indexing anew.
  const index = fuse.getIndex();
  const records = index.records;
  // fuse's record fields are keyed by the position of the key in KEYS, as are the prefilter's bits.
  const keyCount = KEYS.length;

  /** A candidate's record cut down to the fields where the query's words occur. */
  const slim = ({ doc, fields }: Candidate): IndexRecord => {
    const full = records[doc].$;
    if (!full) return records[doc];
    const $: NonNullable<IndexRecord['$']> = {};
    for (let k = 0; k < keyCount; k++) if (fields & (1 << k) && full[k] !== undefined) $[k] = full[k];
    return { i: doc, $ };
  };

  const byOrder = (a: Article, b: Article) => a.order - b.order;

  function search(query: string, filters: SearchFilters = {}): SearchResult[] {
    const author = filters.author ? fold(filters.author).text.trim() : '';
    const { sectionId, include, articleIds } = filters;
    const filtered = Boolean(sectionId || author || include || articleIds);
    const allowed = (doc: number) =>
      (!sectionId || entries[doc].article.sectionId === sectionId) &&
      (!author || docs[doc].author === author) &&
      (!articleIds || articleIds.has(entries[doc].article.id)) &&
      (!include || include(entries[doc].article));

    if (query.trim() === '') {
      if (!filtered) return [];
      return entries
        .filter((_, doc) => allowed(doc))
        .map((e) => e.article)
        .sort(byOrder)
        .map((article) => ({ article, score: 0, matches: { title: [], author: [], note: [], section: [] } }));
    }
    const terms = queryWords(query);
    if (terms.length === 0) return [];
    const short = terms.every((t) => t.length <= SHORT_WORD_LENGTH);
    const limit = short ? SHORT_QUERY_CANDIDATES : MAX_CANDIDATES;
    const candidates = prefilter.candidates(terms, limit, filtered ? allowed : undefined);
    if (candidates.length === 0) return [];
    let found: FuseResult<Doc>[];
    // Bitap on a field holding none of the query's words only finds weak typos, yet costs as
    // much as a real match: fuse ranks on the fields that hold them.
    index.setIndexRecords(candidates.map(slim));
    try {
      found = fuse.search(terms.join(' '), { limit: MAX_RESULTS });
    } finally {
      index.setIndexRecords(records);
    }
    return found.map((r) => ({
      article: entries[r.refIndex].article,
      score: r.score ?? 1,
      matches: highlights(entries[r.refIndex], r),
    }));
  }

  return { search };
}
