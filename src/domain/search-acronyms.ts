/**
 * Acronyms and their long forms. The index adds, to every article, the long form of each
 * acronym it uses and the acronym of each long form it spells out, so "mro" finds "Method
 * Resolution Order" and "global interpreter lock" finds "GIL bugfixes…", with no query rewriting.
 */
import { sourceWords, type SourceWord } from './search-text';

/** [acronym, long form], lower case; an acronym may have several long forms. */
export const ACRONYMS: ReadonlyArray<readonly [string, string]> = [
  ['gil', 'global interpreter lock'],
  ['mro', 'method resolution order'],
  ['api', 'application programming interface'],
  ['capi', 'c api'],
  ['abi', 'application binary interface'],
  ['ci', 'continuous integration'],
  ['cd', 'continuous delivery'],
  ['cd', 'continuous deployment'],
  ['pep', 'python enhancement proposal'],
  ['fsm', 'finite state machine'],
  ['json', 'javascript object notation'],
  ['gc', 'garbage collection'],
  ['gc', 'garbage collector'],
  ['ast', 'abstract syntax tree'],
  ['cfg', 'control flow graph'],
  ['peg', 'parsing expression grammar'],
  ['jit', 'just in time'],
  ['vm', 'virtual machine'],
  ['repl', 'read eval print loop'],
  ['io', 'input output'],
  ['cpu', 'central processing unit'],
  ['os', 'operating system'],
  ['ipc', 'inter process communication'],
  ['ffi', 'foreign function interface'],
  ['orm', 'object relational mapper'],
  ['orm', 'object relational mapping'],
  ['oop', 'object oriented programming'],
  ['dsl', 'domain specific language'],
  ['tdd', 'test driven development'],
  ['di', 'dependency injection'],
  ['pypi', 'python package index'],
  ['cli', 'command line interface'],
  ['gui', 'graphical user interface'],
  ['http', 'hypertext transfer protocol'],
  ['url', 'uniform resource locator'],
  ['sql', 'structured query language'],
  ['csv', 'comma separated values'],
  ['wsgi', 'web server gateway interface'],
  ['asgi', 'asynchronous server gateway interface'],
  ['tls', 'transport layer security'],
  ['ssl', 'secure sockets layer'],
  ['lru', 'least recently used'],
  ['dag', 'directed acyclic graph'],
  ['ml', 'machine learning'],
  ['ai', 'artificial intelligence'],
];

/** Text to index alongside an article, and the source range it stands for (for highlighting). */
export interface Alias {
  text: string;
  start: number;
  end: number;
}

const BY_SHORT = new Map<string, string[]>();
/** Long forms by their first word, so each text word costs a map look-up, not a table scan. */
const BY_FIRST_WORD = new Map<string, { short: string; words: string[] }[]>();
for (const [short, long] of ACRONYMS) {
  BY_SHORT.set(short, [...(BY_SHORT.get(short) ?? []), long]);
  const words = long.split(' ');
  BY_FIRST_WORD.set(words[0], [...(BY_FIRST_WORD.get(words[0]) ?? []), { short, words }]);
}

/**
 * Cheap test that a text may hold an alias: a table word starting a word, or a camel-case hump
 * ("NoGIL"). Most texts hold none, and splitting them into words is most of the indexing time.
 */
const HINT_WORD = new RegExp(`\\b(?:${[...new Set([...BY_SHORT.keys(), ...BY_FIRST_WORD.keys()])].join('|')})`, 'i');
// Separate, case-sensitive: under the `i` flag \p{Lu} also matches lower case.
const HINT_HUMP = /\p{Ll}\p{Lu}|\p{Lu}\p{Lu}\p{Ll}/u;

/** True when a text word spells a long-form word, allowing a plural ("machines" for "machine"). */
function spells(word: string, target: string): boolean {
  return word === target || word === `${target}s` || word === `${target}es`;
}

/** The singular candidates of a word: itself, and without a plural ending. */
function stems(word: string): string[] {
  if (word.endsWith('es')) return [word, word.slice(0, -1), word.slice(0, -2)];
  if (word.endsWith('s')) return [word, word.slice(0, -1)];
  return [word];
}

/** Matches a long form starting at word `i`, returning the index of its last word, or -1. */
function longFormAt(words: readonly SourceWord[], i: number, long: readonly string[]): number {
  if (i + long.length > words.length) return -1;
  for (let k = 0; k < long.length; k++) if (!spells(words[i + k].text, long[k])) return -1;
  return i + long.length - 1;
}

/** The aliases of a source text: long forms of its acronyms and acronyms of its long forms. */
export function findAliases(source: string): Alias[] {
  if (!HINT_WORD.test(source) && !HINT_HUMP.test(source)) return [];
  const words = sourceWords(source);
  const out: Alias[] = [];
  for (let i = 0; i < words.length; i++) {
    const word = words[i];
    for (const w of word.parts.length > 0 ? [word, ...word.parts] : [word]) {
      // "APIs" stands for "application programming interfaces" as much as "API" does.
      const longs = BY_SHORT.get(w.text) ?? (w.text.endsWith('s') ? BY_SHORT.get(w.text.slice(0, -1)) : undefined);
      if (longs) for (const long of longs) out.push({ text: long, start: w.start, end: w.end });
    }
    for (const stem of stems(word.text)) {
      for (const { short, words: long } of BY_FIRST_WORD.get(stem) ?? []) {
        const last = longFormAt(words, i, long);
        if (last >= 0) out.push({ text: short, start: word.start, end: words[last].end });
      }
    }
  }
  return out;
}
