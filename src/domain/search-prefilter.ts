/**
 * The candidate prefilter in front of fuse.js: an inverted index from words to articles, and a
 * character-trigram index from trigrams to words. A query word is looked up among the distinct
 * words of the catalogue (a few thousand even at 100,000 articles) instead of in every field of
 * every article, and fuse.js then ranks only the few hundred articles that can match.
 */

/** Trigram share a catalogue word needs to be checked as a typo: half keeps the check list short. */
const MIN_TRIGRAM_SHARE = 0.5;
/** Typos of words this long may break most trigrams, so all catalogue words are checked if none are found. */
const EDIT_SCAN_MIN_LENGTH = 4;
/** Words this short are matched as word prefixes only: a trigram needs three letters. */
const PREFIX_ONLY_MAX_LENGTH = 2;
/** Longest query word checked for typos: Myers' algorithm keeps one bit per letter in 32 bits. */
const MAX_TYPO_WORD = 32;
/** Cheap-score credit per kind of word match, so exact words outrank extensions, infixes and typos. */
const QUALITY_EXACT = 1;
const QUALITY_PREFIX = 0.9;
const QUALITY_INFIX = 0.75;
const QUALITY_TYPO = 0.6;

/** A catalogue word matching a query word, with its quality in (0, 1]. */
interface WordMatch {
  id: number;
  quality: number;
}

/** Distinct trigrams of a word; a two-letter word has none. */
function trigrams(word: string): string[] {
  const out = new Set<string>();
  for (let i = 0; i + 3 <= word.length; i++) out.add(word.slice(i, i + 3));
  return [...out];
}

// Bitap, which fuse.js runs, counts errors as this edit distance does (insertions, deletions,
// substitutions, the match starting anywhere), so the prefilter lets through what fuse accepts.
// Myers' bit-parallel algorithm computes it in a few operations per letter, cheap enough to scan
// every distinct word of a large catalogue.
/** Fewest edits turning `pattern` (≤ 32 letters, else no match) into a substring of a text. */
export function infixDistance(pattern: string): (text: string) => number {
  const m = pattern.length;
  if (m === 0) return () => 0;
  if (m > MAX_TYPO_WORD) return () => m;
  const ascii = new Int32Array(128);
  const other = new Map<number, number>();
  for (let i = 0; i < m; i++) {
    const c = pattern.charCodeAt(i);
    if (c < 128) ascii[c] |= 1 << i;
    else other.set(c, (other.get(c) ?? 0) | (1 << i));
  }
  const high = 1 << (m - 1);
  const all = m === 32 ? -1 : (1 << m) - 1;
  return (text) => {
    let pv = all;
    let mv = 0;
    let score = m;
    let best = m;
    for (let j = 0; j < text.length; j++) {
      const c = text.charCodeAt(j);
      const eq = c < 128 ? ascii[c] : (other.get(c) ?? 0);
      const xv = eq | mv;
      const xh = ((((eq & pv) + pv) | 0) ^ pv) | eq;
      let ph = mv | ~(xh | pv);
      let mh = pv & xh;
      if (ph & high) score++;
      else if (mh & high) score--;
      // No carry into the first row: a match may start anywhere in the text.
      ph <<= 1;
      mh <<= 1;
      pv = mh | ~(xv | ph);
      mv = ph & xv;
      if (score < best) best = score;
    }
    return best;
  };
}

/**
 * The words of one article, filled by `addWord`. Each value packs the weight of the word's best
 * field (field weight × length norm, as fuse.js weighs it, so the cheap score ranks roughly as
 * fuse will) with the bit set of its fields: a number, not an object, because 100,000 articles
 * hold millions of them while the index is built.
 */
export type ArticleWords = Map<string, number>;

/** Field bits sit in the low byte of a packed word (at most 8 fields), the weight above. */
const FIELD_SPAN = 256;
const WEIGHT_SCALE = 10_000;

/** Records that `word` occurs in field number `field` (0–7), whose weight is `weight` (0–1). */
export function addWord(words: ArticleWords, word: string, weight: number, field: number): void {
  const prev = words.get(word) ?? 0;
  const best = Math.max(Math.floor(prev / FIELD_SPAN), Math.round(weight * WEIGHT_SCALE));
  words.set(word, best * FIELD_SPAN + ((prev % FIELD_SPAN) | (1 << field)));
}

/** An article that may match, and the bit set of the fields where the query's words occur. */
export interface Candidate {
  doc: number;
  fields: number;
}

/** Builds the word and trigram indexes once; answers "which articles may match this query". */
export class Prefilter {
  /** Distinct words, by id. */
  private readonly words: string[];
  /** Word ids sorted by word, for prefix ranges by binary search. */
  private readonly sorted: Int32Array;
  /** Postings of word `id`: `docs`/`weights`/`fields` from `start[id]` to `start[id + 1]`. */
  private readonly start: Int32Array;
  private readonly docs: Int32Array;
  private readonly weights: Float32Array;
  private readonly fields: Uint8Array;
  private readonly byTrigram: Map<string, Int32Array>;
  private readonly docCount: number;
  // Scratch buffers reused by every query so a keystroke allocates almost nothing.
  private readonly termBest: Float64Array;
  private readonly total: Float64Array;
  private readonly seenTerms: Uint32Array;
  private readonly docFields: Uint8Array;
  private readonly trigramHits: Int32Array;

  /** Errors allowed per query letter, as in fuse.js's threshold. */
  private readonly typoRatio: number;

  /** `typoRatio` is the share of a query word's letters that may be wrong, as fuse's threshold. */
  constructor(articles: readonly ArticleWords[], typoRatio: number) {
    this.typoRatio = typoRatio;
    const ids = new Map<string, number>();
    const words: string[] = [];
    const counts: number[] = [];
    for (const article of articles) {
      for (const word of article.keys()) {
        let id = ids.get(word);
        if (id === undefined) {
          id = words.length;
          ids.set(word, id);
          words.push(word);
          counts.push(0);
        }
        counts[id]++;
      }
    }
    this.words = words;
    this.start = new Int32Array(words.length + 1);
    for (let i = 0; i < words.length; i++) this.start[i + 1] = this.start[i] + counts[i];
    const fill = this.start.slice(0, words.length);
    this.docs = new Int32Array(this.start[words.length]);
    this.weights = new Float32Array(this.start[words.length]);
    this.fields = new Uint8Array(this.start[words.length]);
    articles.forEach((article, doc) => {
      for (const [word, packed] of article) {
        const id = ids.get(word) as number;
        this.docs[fill[id]] = doc;
        this.weights[fill[id]] = Math.floor(packed / FIELD_SPAN) / WEIGHT_SCALE;
        this.fields[fill[id]++] = packed % FIELD_SPAN;
      }
    });
    this.sorted = Int32Array.from(words.keys()).sort((a, b) => (words[a] < words[b] ? -1 : words[a] > words[b] ? 1 : 0));

    const grams = new Map<string, number[]>();
    words.forEach((word, id) => {
      for (const g of trigrams(word)) {
        const list = grams.get(g);
        if (list) list.push(id);
        else grams.set(g, [id]);
      }
    });
    this.byTrigram = new Map([...grams].map(([g, list]) => [g, Int32Array.from(list)]));

    this.docCount = articles.length;
    this.termBest = new Float64Array(articles.length);
    this.total = new Float64Array(articles.length);
    this.seenTerms = new Uint32Array(articles.length);
    this.docFields = new Uint8Array(articles.length);
    this.trigramHits = new Int32Array(words.length);
  }

  /** First position in `sorted` whose word is ≥ `prefix`. */
  private lowerBound(prefix: string): number {
    let lo = 0;
    let hi = this.sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.words[this.sorted[mid]] < prefix) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Catalogue words that a query word may stand for: itself, its extensions, its typos. */
  private matchWord(term: string): WordMatch[] {
    const found = new Map<number, number>();
    for (let i = this.lowerBound(term); i < this.sorted.length; i++) {
      const id = this.sorted[i];
      if (!this.words[id].startsWith(term)) break;
      found.set(id, this.words[id] === term ? QUALITY_EXACT : QUALITY_PREFIX);
    }
    const max = Math.floor(term.length * this.typoRatio);
    const distance = infixDistance(term);
    const typo = (id: number) => {
      const d = distance(this.words[id]);
      if (d <= max) found.set(id, QUALITY_TYPO * (1 - d / term.length));
    };
    if (term.length > PREFIX_ONLY_MAX_LENGTH) {
      const grams = trigrams(term);
      const need = Math.max(1, Math.ceil(grams.length * MIN_TRIGRAM_SHARE));
      const touched: number[] = [];
      for (const g of grams) {
        const list = this.byTrigram.get(g);
        if (!list) continue;
        for (let k = 0; k < list.length; k++) {
          const id = list[k];
          if (this.trigramHits[id]++ === 0) touched.push(id);
        }
      }
      const near: number[] = [];
      for (const id of touched) {
        const hits = this.trigramHits[id];
        this.trigramHits[id] = 0;
        if (hits < need || found.has(id)) continue;
        if (this.words[id].includes(term)) found.set(id, QUALITY_INFIX);
        else near.push(id);
      }
      // Typos only stand in for a word the catalogue lacks: "guido" must not also find "guide",
      // but "stiner", which is nobody's name, finds "stinner".
      if (found.size === 0 && max > 0) near.forEach(typo);
    }
    if (found.size === 0 && term.length >= EDIT_SCAN_MIN_LENGTH && max > 0) {
      // Typos can break most trigrams of a short word; the distinct words are few enough to scan.
      for (let id = 0; id < this.words.length; id++) {
        if (this.words[id].length >= term.length - max) typo(id);
      }
    }
    return [...found].map(([id, quality]) => ({ id, quality }));
  }

  /**
   * Articles that match every query word in some field, best first by a cheap score (word match
   * quality × field weight, summed over query words), at most `limit`, returned in index order.
   */
  candidates(terms: readonly string[], limit: number, allowed?: (doc: number) => boolean): Candidate[] {
    // One bit per query word in a 32-bit mask.
    if (terms.length === 0 || terms.length > 31) return [];
    const full = 2 ** terms.length - 1;
    let touchedAll: number[] = [];
    for (let t = 0; t < terms.length; t++) {
      const bit = 1 << t;
      const touched: number[] = [];
      for (const { id, quality } of this.matchWord(terms[t])) {
        for (let p = this.start[id], end = this.start[id + 1]; p < end; p++) {
          const doc = this.docs[p];
          // After the first word, only articles that matched every earlier word can still qualify.
          if (t > 0 && this.seenTerms[doc] !== bit - 1) continue;
          const s = quality * this.weights[p];
          if (this.termBest[doc] === 0) touched.push(doc);
          if (s > this.termBest[doc]) this.termBest[doc] = s;
          this.docFields[doc] |= this.fields[p];
        }
      }
      for (const doc of touched) {
        this.total[doc] += this.termBest[doc];
        this.termBest[doc] = 0;
        this.seenTerms[doc] |= bit;
      }
      if (t === 0) touchedAll = touched;
    }
    const picked: number[] = [];
    for (const doc of touchedAll) {
      if (this.seenTerms[doc] === full && (!allowed || allowed(doc))) picked.push(doc);
    }
    let result = picked;
    if (picked.length > limit) {
      // Pack score and index into one number so a typed-array sort (fast, numeric) ranks them.
      const keys = new Float64Array(picked.length);
      const scale = this.docCount + 1;
      picked.forEach((doc, i) => {
        keys[i] = Math.round(this.total[doc] * 1e6) * scale + (scale - 1 - doc);
      });
      keys.sort();
      result = [];
      for (let i = keys.length - 1; i >= keys.length - limit; i--) result.push(scale - 1 - (keys[i] % scale));
    }
    const out = result.sort((a, b) => a - b).map((doc) => ({ doc, fields: this.docFields[doc] }));
    for (const doc of touchedAll) {
      this.total[doc] = 0;
      this.seenTerms[doc] = 0;
      this.docFields[doc] = 0;
    }
    return out;
  }
}
