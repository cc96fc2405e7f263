/**
 * Text folding and tokenising shared by the search index and its queries, so that both sides
 * see exactly the same words: lower case, no diacritics, letters and digits only.
 */

/** A folded text and, for each of its UTF-16 units, the range of the source it came from. */
export interface Folded {
  text: string;
  /** Source start of each folded unit; `null` when folding kept every offset (ASCII text). */
  starts: Int32Array | null;
  /** Source end (exclusive) of each folded unit; `null` with `starts`. */
  ends: Int32Array | null;
}

/** Letters that Unicode decomposition leaves alone but that readers treat as plain Latin. */
const LATIN_FOLDS: Readonly<Record<string, string>> = {
  ł: 'l',
  đ: 'd',
  ø: 'o',
  ħ: 'h',
  ŧ: 't',
  ı: 'i',
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  þ: 'th',
  ð: 'd',
};

const COMBINING_MARKS = /\p{M}/gu;
const ASCII = /^[\x00-\x7f]*$/;

/** Folds one code point: lower case, decomposed, marks dropped, special Latin letters mapped. */
function foldCodePoint(ch: string): string {
  const lower = ch.toLowerCase();
  const mapped = LATIN_FOLDS[lower];
  if (mapped !== undefined) return mapped;
  return lower.normalize('NFKD').replace(COMBINING_MARKS, '');
}

/** Lower-cases and strips diacritics ("Łukasz" → "lukasz"), remembering where each unit came from. */
export function fold(source: string): Folded {
  // Most catalogue text is ASCII: offsets survive lower-casing, so no map is needed.
  if (ASCII.test(source)) return { text: source.toLowerCase(), starts: null, ends: null };
  let text = '';
  const starts: number[] = [];
  const ends: number[] = [];
  let at = 0;
  for (const ch of source) {
    const out = foldCodePoint(ch);
    // A combining mark of decomposed text ("e" + U+0301) folds to nothing but belongs to the
    // letter before it, so a highlight of that letter covers the mark too.
    if (out === '' && ends.length > 0) ends[ends.length - 1] = at + ch.length;
    for (let k = 0; k < out.length; k++) {
      starts.push(at);
      ends.push(at + ch.length);
    }
    text += out;
    at += ch.length;
  }
  return { text, starts: Int32Array.from(starts), ends: Int32Array.from(ends) };
}

/** Maps a half-open range of the folded text back to the source text. */
export function toSourceRange(folded: Folded, start: number, end: number): [number, number] {
  if (!folded.starts || !folded.ends) return [start, end];
  const last = folded.text.length - 1;
  if (last < 0 || end <= start) return [0, 0];
  const s = Math.min(Math.max(start, 0), last);
  const e = Math.min(Math.max(end - 1, s), last);
  return [folded.starts[s], folded.ends[e]];
}

const WORD = /[\p{L}\p{N}]+/gu;

/** The words of a folded text: runs of letters and digits, so "pyproject.toml" is two words. */
export function tokenize(folded: string): string[] {
  return folded.match(WORD) ?? [];
}

/** A word with its half-open range in the text it was cut from. */
export interface Word {
  text: string;
  start: number;
  end: number;
}

const CAMEL_PART = /\p{Lu}+(?=\p{Lu}\p{Ll})|\p{Lu}?\p{Ll}+|\p{Lu}+|\p{N}+|\p{L}+/gu;
const INNER_CAPITAL = /.\p{Lu}/u;

/** A source word and, when it has camel-case humps ("NoGIL"), its parts ("No", "GIL"). */
export interface SourceWord extends Word {
  parts: Word[];
}

/** The folded words of a source (unfolded) text with their source offsets. */
export function sourceWords(source: string): SourceWord[] {
  const words: SourceWord[] = [];
  const re = new RegExp(WORD.source, WORD.flags);
  for (let m = re.exec(source); m; m = re.exec(source)) {
    const base = m.index;
    const word = m[0];
    const parts: Word[] = [];
    // Only words with a capital after the first letter have humps; most words skip the regex.
    if (INNER_CAPITAL.test(word)) {
      for (const p of word.matchAll(CAMEL_PART)) {
        const start = base + (p.index ?? 0);
        parts.push({ text: fold(p[0]).text, start, end: start + p[0].length });
      }
      if (parts.length === 1) parts.length = 0;
    }
    words.push({ text: fold(word).text, start: base, end: base + word.length, parts });
  }
  return words;
}
