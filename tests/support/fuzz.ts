/**
 * Shared pieces of the property-based (fast-check) tests in tests/unit/fuzz-*.test.ts: text
 * built to break text handling, a run count that can be scaled up for a long hunt, and a bound
 * on how long one case may take.
 */
import fc from 'fast-check';
import { expect } from 'vitest';

/**
 * Runs per property: `n`, times $FUZZ_SCALE when set (`FUZZ_SCALE=20 npx vitest run --project
 * unit tests/unit/fuzz-search.test.ts` hunts twenty times longer). fast-check prints the seed and
 * the shrunk counterexample of a failure; `FUZZ_SEED=<seed>` replays it.
 */
export function runs(n: number): number {
  const scale = Number(process.env.FUZZ_SCALE ?? '1');
  return Math.max(1, Math.round(n * (Number.isFinite(scale) && scale > 0 ? scale : 1)));
}

/**
 * Vitest timeout for a property test: its runs are bounded one by one (`withinTime`), the whole
 * only needs to finish on a loaded machine, and scales with $FUZZ_SCALE.
 */
export function fuzzTimeout(): number {
  return runs(120_000);
}

/** fast-check parameters for a property: `runs(n)`, and the seed of $FUZZ_SEED when replaying. */
export function params(n: number): { numRuns: number; seed?: number } {
  const seed = process.env.FUZZ_SEED;
  return seed === undefined || seed === '' ? { numRuns: runs(n) } : { numRuns: runs(n), seed: Number(seed) };
}

/**
 * Code units and short sequences that break naive text handling: controls and NUL, every kind
 * of line break and white space, zero-width and bidirectional controls, combining marks,
 * letters that change length when folded, right-to-left and CJK text, emoji (surrogate pairs,
 * ZWJ sequences, flags), lone surrogate halves, regex and markdown metacharacters, and names
 * that mean something to JavaScript objects.
 */
export const HOSTILE_PIECES: readonly string[] = [
  // controls, line breaks and white space
  '\u0000', '\u0001', '\u0007', '\b', '\t', '\n', '\r', '\r\n', '\u000b', '\f', '\u001b', '\u001f', '\u007f', '\u0085',
  '\u00a0', '\u1680', '\u2000', '\u2007', '\u2028', '\u2029', '\u202f', '\u3000', '\ufeff', ' ', '  ',
  // zero-width and bidirectional controls
  '\u200b', '\u200c', '\u200d', '\u2060', '\u200e', '\u200f', '\u202a', '\u202b', '\u202d', '\u202e', '\u2066', '\u2067', '\u2069', '\u061c',
  // combining marks, alone and after a letter; letters that fold to other lengths
  '\u0301', '\u0308', '\u0327', '\u034f', '\u20dd', 'e\u0301', 'A\u030a', 'n\u0303\u0303\u0303', 'ß', 'ẞ', 'İ', 'ı', 'Ł', 'ø', 'æ', 'Ǆ', 'ﬁ', 'Å', 'Ω', '㎒',
  // other scripts
  'עברית', 'العربية', 'Ελληνικά', 'Кириллица', '中文', '日本語', '한국어', 'ไทย', 'हिन्दी',
  // astral characters: emoji, a ZWJ sequence, a flag, a keycap, an astral letter, a math letter
  '🐍', '👩🏽‍💻', '🇩🇪', '1️⃣', '\u{20000}', '𝐀', '𝔊',
  // lone surrogate halves
  '\ud800', '\udbff', '\udc00', '\udfff',
  // regex, markdown, HTML and URL metacharacters
  '\\', '/', '.', '*', '+', '?', '^', '$', '{', '}', '(', ')', '|', '[', ']', '-', '#', '>', '`', '"', "'", '<', '&', ':', ',', ';', '%', '~', '_', '!', '@', '=',
  '(?:', '.*', '(a+)+$', '\\d', '$&', "$'", '$1', '[^', '\\u0000', '%00', '%2F', '&amp;', '<script>', '-->', '](', '\\|', '```',
  // names that mean something to JavaScript objects
  '__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf', 'NaN', 'Infinity', 'undefined', 'null',
];

/** One hostile piece, one arbitrary UTF-16 unit, or an ordinary letter, digit or space. */
export const hostileUnit: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.constantFrom(...HOSTILE_PIECES), weight: 4 },
  { arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }), weight: 1 },
  { arbitrary: fc.constantFrom('a', 'e', 'o', 's', 't', 'Z', '0', '7', ' ', 'py', 'thon', 'gil'), weight: 3 },
);

/** A string of hostile units (`maxLength` counts units, not UTF-16 code units). */
export function hostileString(constraints: { minLength?: number; maxLength?: number } = {}): fc.Arbitrary<string> {
  return fc.string({ unit: hostileUnit, maxLength: 30, ...constraints });
}

/** Any text: hostile units, arbitrary UTF-16 (lone surrogates included) or printable graphemes. */
export function anyText(maxLength = 60): fc.Arbitrary<string> {
  return fc.oneof(
    hostileString({ maxLength }),
    fc.string({ unit: 'binary', maxLength }),
    fc.string({ unit: 'grapheme', maxLength }),
  );
}

/** True when `text` splits no surrogate pair at `offset` (a highlight must not cut an emoji in two). */
export function isCodePointBoundary(text: string, offset: number): boolean {
  if (offset <= 0 || offset >= text.length) return true;
  const before = text.charCodeAt(offset - 1);
  const after = text.charCodeAt(offset);
  return !(before >= 0xd800 && before <= 0xdbff && after >= 0xdc00 && after <= 0xdfff);
}

/**
 * Runs `run` and fails if it took longer than `limitMs`. Only for generous bounds that catch a
 * hang or catastrophic backtracking (seconds, not milliseconds): the machine is shared.
 */
export function withinTime<T>(limitMs: number, what: string, run: () => T): T {
  const start = performance.now();
  const value = run();
  const took = performance.now() - start;
  expect(took, `${what} took ${Math.round(took)} ms (bound ${limitMs} ms)`).toBeLessThan(limitMs);
  return value;
}

/** `withinTime` for async work. */
export async function withinTimeAsync<T>(limitMs: number, what: string, run: () => Promise<T>): Promise<T> {
  const start = performance.now();
  const value = await run();
  const took = performance.now() - start;
  expect(took, `${what} took ${Math.round(took)} ms (bound ${limitMs} ms)`).toBeLessThan(limitMs);
  return value;
}
