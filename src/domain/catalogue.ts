/**
 * The catalogue: the curated reading list, parsed from its markdown source.
 *
 * Pure TypeScript (no Svelte, no DOM, no Node APIs): the Vite plugin runs it at build time,
 * the unit tests run it in Node, and nothing here is needed at run time but the types.
 */

/** One article of the reading list. */
export interface Article {
  /** Stable id derived from the URL: survives edits to the title, the note and the order. */
  id: string;
  /** Plain-text title (markdown code marks removed; see `code`). */
  title: string;
  /** Ranges `[start, end)` of `title` that the source marks as code (`async with`). */
  code: [number, number][];
  url: string;
  /** Empty when the source names no author. */
  author: string;
  /** The curator's note; empty when there is none. */
  note: string;
  sectionId: string;
  /** 1-based place within its section. */
  position: number;
  /** 0-based place in the whole reading path. */
  order: number;
}

/** A section of the reading list, in reading order. */
export interface Section {
  id: string;
  title: string;
  /** Article ids in reading order. */
  articleIds: string[];
  /** Ids of earlier sections this one builds on (`> Read first: Bytecode` in the source). */
  readFirst: string[];
}

export interface Catalogue {
  title: string;
  intro: string;
  sections: Section[];
  articles: Article[];
}

/** A problem found in the source, with the 1-based line it is on. */
export interface Diagnostic {
  line: number;
  message: string;
}

export interface ParseResult {
  catalogue: Catalogue;
  /** Rows the parser skipped or repaired; the build prints them. */
  warnings: Diagnostic[];
  /** Problems that make the source unusable; the build fails on any. */
  errors: Diagnostic[];
}

const EXPECTED_COLUMNS = 3;
const ALLOWED_PROTOCOLS = new Set(['http:', 'https:']);

/** True for a well-formed absolute http(s) URL: the only links the app ever renders. */
export function isHttpUrl(value: string): boolean {
  try {
    return ALLOWED_PROTOCOLS.has(new URL(value).protocol);
  } catch {
    return false;
  }
}

/**
 * The form of a URL that identity is computed on: lower-case scheme and host, no `www.`,
 * no fragment, no trailing slash, http and https alike.
 */
export function normalizeUrl(url: string): string {
  const u = new URL(url);
  const host = u.host.toLowerCase().replace(/^www\./, '');
  const path = u.pathname.replace(/\/+$/, '');
  return `${host}${path}${u.search}`;
}

/**
 * The article id: a short base-36 FNV-1a hash of the normalised URL. It depends on nothing
 * but the link, so retitling or reordering an article keeps the user's progress attached.
 */
export function articleId(url: string): string {
  const text = normalizeUrl(url);
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(36).padStart(7, '0');
}

/** A URL- and CSS-safe slug: "Concurrency And Parallelism" → "concurrency-and-parallelism". */
export function slugify(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

/** Splits a table row on unescaped pipes; returns the trimmed cells between the outer pipes. */
function splitRow(line: string): string[] {
  const body = line.trim().replace(/^\|/, '').replace(/(?<!\\)\|$/, '');
  const cells: string[] = [];
  let cell = '';
  for (let i = 0; i < body.length; i++) {
    const ch = body[i];
    if (ch === '\\' && body[i + 1] === '|') {
      cell += '|';
      i++;
    } else if (ch === '|') {
      cells.push(cell.trim());
      cell = '';
    } else {
      cell += ch;
    }
  }
  cells.push(cell.trim());
  return cells;
}

/** Removes markdown backslash escapes (`\_` → `_`). */
function unescapeMarkdown(text: string): string {
  return text.replace(/\\([\\`*_{}[\]()#+\-.!|<>~])/g, '$1');
}

/** Turns "Unravelling `async with`" into its plain text and the ranges that were code. */
export function stripCode(markdown: string): { text: string; code: [number, number][] } {
  const parts = markdown.split('`');
  // An odd number of backticks: not code, keep the text as written.
  if (parts.length % 2 === 0) return { text: markdown, code: [] };
  let text = '';
  const code: [number, number][] = [];
  parts.forEach((part, i) => {
    if (i % 2 === 1 && part.length > 0) code.push([text.length, text.length + part.length]);
    text += part;
  });
  return { text, code };
}

/**
 * Reads a cell that is exactly one markdown link `[title](url)`: the title runs to the last `](`
 * and the URL, which has no white space, to the closing `)`. Done by hand rather than with
 * `/^\[(.*)\]\((\S*)\)$/s`, which backtracks quadratically on a long cell full of `](`.
 */
function parseLink(cell: string): { title: string; url: string } | undefined {
  if (!cell.startsWith('[') || !cell.endsWith(')')) return undefined;
  const open = cell.lastIndexOf('](', cell.length - 3);
  if (open < 1) return undefined;
  const url = cell.slice(open + 2, -1);
  // The last `](` leaves the shortest URL: if that one has white space, every other does too.
  if (/\s/.test(url)) return undefined;
  return { title: cell.slice(1, open), url };
}

interface Row {
  line: number;
  title: string;
  code: [number, number][];
  url: string;
  author: string;
  note: string;
}

type RowOutcome = { row: Row } | { skip: string } | { error: string };

function parseRow(cells: string[], line: number): RowOutcome {
  if (cells.length !== EXPECTED_COLUMNS) {
    return { error: `expected ${EXPECTED_COLUMNS} columns (title, author, notes), found ${cells.length}` };
  }
  const [link, author, note] = cells;
  if (link === '') {
    return { skip: `empty row skipped (no title or link)${author ? ` — author "${author}"` : ''}` };
  }
  const match = parseLink(link);
  if (!match) return { error: `the first column must be a markdown link [title](url), found "${link}"` };
  const { text, code } = stripCode(unescapeMarkdown(match.title).trim());
  const url = match.url;
  if (text === '') return { error: `the link to ${url} has no title` };
  if (!isHttpUrl(url)) return { error: `"${text}" links to "${url}": only http(s) links are allowed` };
  return {
    row: {
      line,
      title: text,
      code,
      url,
      author: unescapeMarkdown(author),
      note: unescapeMarkdown(note),
    },
  };
}

const SETEXT_UNDERLINE = /^-{3,}\s*$/;
const ATX_OPEN = /^#{1,6}\s+/;
const TABLE_SEPARATOR = /^\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$/;
// `(.*)` takes the rest of the line, line separators included (`s`), and is trimmed afterwards:
// `\s*(.*)$` without `s` backtracks quadratically over white space before a lone `\r`.
const FRONT_MATTER = /^(title|slug|pub):(.*)$/s;
const READ_FIRST = /^>\s*read first:(.*)$/is;

/**
 * The name of an ATX heading (`## Name`, `## Name ##`), or undefined when `text` (trimmed) is not
 * one. A closing run of `#` counts only after white space, as in CommonMark: `## C#` is "C#".
 * By hand, because the regex form (`(.+?)\s*#*\s*$`) backtracks cubically over inner white space.
 */
function atxHeading(text: string): string | undefined {
  const open = ATX_OPEN.exec(text);
  if (!open) return undefined;
  const rest = text.slice(open[0].length);
  let end = rest.length;
  while (end > 0 && rest[end - 1] === '#') end--;
  if (end === rest.length || end === 0 || !/\s/.test(rest[end - 1])) return rest;
  return rest.slice(0, end).trimEnd();
}

export interface ParseOptions {
  /** How an article's id is derived from its URL (tests swap in a weaker one to force collisions). */
  idOf?: (url: string) => string;
}

/**
 * Parses the catalogue source. Never throws: every problem is reported as a diagnostic with
 * its line, so the build can name all of them at once.
 */
export function parseCatalogue(source: string, options: ParseOptions = {}): ParseResult {
  const idOf = options.idOf ?? articleId;
  const lines = source.replace(/^\uFEFF/, '').split(/\r?\n/);
  const warnings: Diagnostic[] = [];
  const errors: Diagnostic[] = [];
  const sections: Section[] = [];
  const articles: Article[] = [];
  const byUrl = new Map<string, Row>();
  const byId = new Map<string, Row>();
  let title = '';
  const intro: string[] = [];
  let current: Section | undefined;
  const headingLine = new Map<string, number>();
  /** The first section of each lower-cased title, for "Read first" look-ups. */
  const byTitle = new Map<string, Section>();
  let inTable = false;

  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i];
    const text = raw.trim();
    const line = i + 1;

    const next = lines[i + 1]?.trim() ?? '';
    const atx = atxHeading(text);
    if ((text !== '' && !text.startsWith('|') && SETEXT_UNDERLINE.test(next)) || atx !== undefined) {
      const name = atx ?? text;
      const id = slugify(name);
      if (headingLine.has(id)) {
        errors.push({ line, message: `section "${name}" appears twice` });
      }
      current = { id, title: name, articleIds: [], readFirst: [] };
      sections.push(current);
      headingLine.set(id, line);
      if (!byTitle.has(name.toLowerCase())) byTitle.set(name.toLowerCase(), current);
      inTable = false;
      if (atx === undefined) i++;
      continue;
    }

    const readFirst = READ_FIRST.exec(text);
    if (readFirst && readFirst[1].trim() !== '') {
      if (!current) {
        errors.push({ line, message: '"Read first" outside a section: put it under a section heading' });
        continue;
      }
      for (const name of readFirst[1].split(',').map((n) => n.trim()).filter(Boolean)) {
        const earlier = byTitle.get(name.toLowerCase());
        if (!earlier || earlier === current) errors.push({ line, message: `"Read first: ${name}" names no earlier section` });
        else current.readFirst.push(earlier.id);
      }
      continue;
    }

    if (!text.startsWith('|')) {
      inTable = false;
      if (!current && sections.length === 0) {
        const fm = FRONT_MATTER.exec(text);
        if (fm) {
          if (fm[1] === 'title') title = fm[2].trim();
        } else if (text !== '') {
          intro.push(text);
        }
      }
      continue;
    }

    if (!current) {
      errors.push({ line, message: 'table row outside a section: put a section heading above it' });
      continue;
    }
    if (!inTable) {
      // The header row and its separator open a table.
      inTable = true;
      if (TABLE_SEPARATOR.test(lines[i + 1]?.trim() ?? '')) i++;
      continue;
    }
    if (TABLE_SEPARATOR.test(text)) continue;

    const outcome = parseRow(splitRow(text), line);
    if ('error' in outcome) {
      errors.push({ line, message: outcome.error });
      continue;
    }
    if ('skip' in outcome) {
      warnings.push({ line, message: outcome.skip });
      continue;
    }
    const row = outcome.row;
    const key = normalizeUrl(row.url);
    const seen = byUrl.get(key);
    if (seen) {
      if (seen.title === row.title && seen.author === row.author && seen.note === row.note) {
        warnings.push({ line, message: `duplicate of line ${seen.line} ("${row.title}"): kept once` });
      } else {
        errors.push({
          line,
          message: `"${row.title}" uses the same link as "${seen.title}" (line ${seen.line}): ${row.url}`,
        });
      }
      continue;
    }
    byUrl.set(key, row);
    const id = idOf(row.url);
    const clash = byId.get(id);
    if (clash) {
      errors.push({ line, message: `id "${id}" of "${row.title}" collides with "${clash.title}" (line ${clash.line})` });
      continue;
    }
    byId.set(id, row);
    current.articleIds.push(id);
    articles.push({
      id,
      title: row.title,
      code: row.code,
      url: row.url,
      author: row.author,
      note: row.note,
      sectionId: current.id,
      position: current.articleIds.length,
      order: articles.length,
    });
  }

  for (const section of sections) {
    if (section.articleIds.length === 0) {
      warnings.push({ line: headingLine.get(section.id) ?? 0, message: `section "${section.title}" has no articles` });
    }
  }

  return { catalogue: { title, intro: intro.join(' '), sections, articles }, warnings, errors };
}

/** "file:line: message", the form editors and terminals turn into links. */
export function formatDiagnostic(file: string, d: Diagnostic): string {
  return d.line > 0 ? `${file}:${d.line}: ${d.message}` : `${file}: ${d.message}`;
}
