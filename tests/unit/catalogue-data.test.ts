/**
 * The project's own catalogue file: the defects of the imported source are fixed, and the
 * result is the reading path the app ships.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCatalogue } from '../../src/domain/catalogue';

const text = readFileSync('src/catalogue/python-engineering-articles.md', 'utf8');
const lines = text.split('\n');
const { catalogue, errors, warnings } = parseCatalogue(text);
const byTitle = (title: string) => catalogue.articles.find((a) => a.title === title);

describe('the shipped catalogue', () => {
  it('parses without errors into 132 articles in 21 sections', () => {
    expect(errors).toEqual([]);
    expect(catalogue.articles).toHaveLength(132);
    expect(catalogue.sections).toHaveLength(21);
  });

  it('warns about exactly the empty row and the two duplicate rows of the source, at their lines', () => {
    const lineOf = (needle: string, nth = 1) => lines.findIndex((l, i) => l.includes(needle) && lines.slice(0, i + 1).filter((x) => x.includes(needle)).length === nth) + 1;
    expect(warnings).toEqual([
      { line: lineOf('[Threading shutdown race condition]', 2), message: `duplicate of line ${lineOf('[Threading shutdown race condition]')} ("Threading shutdown race condition"): kept once` },
      { line: lineOf('[The Zen of Python is a joke', 2), message: `duplicate of line ${lineOf('[The Zen of Python is a joke')} ("The Zen of Python is a joke and here is why"): kept once` },
      { line: lineOf('|  | Guido Van Rossum |'), message: 'empty row skipped (no title or link) — author "Guido Van Rossum"' },
    ]);
  });

  it('keeps the sections in the order of the source, bytecode before insider bits', () => {
    const titles = catalogue.sections.map((s) => s.title);
    expect(titles.slice(0, 6)).toEqual(['Encoding', 'Maths', 'Compiler Theory', 'CPython Internals', 'Bytecode', 'Insider Bits']);
    expect(titles.at(-1)).toBe('History And Decisions');
  });

  it('has unique ids and http(s) links only', () => {
    expect(new Set(catalogue.articles.map((a) => a.id)).size).toBe(132);
    expect(catalogue.articles.every((a) => /^https?:\/\//.test(a.url))).toBe(true);
  });

  // Titles went through a naive title-case function in the source; the data holds the real ones.
  it.each([
    ['Why Pathlib.Path Doesn\'T Inherit From Str In Python', "Why pathlib.Path doesn't inherit from str in Python"],
    ['What The Heck Is Pyproject.Toml?', 'What the heck is pyproject.toml?'],
    ['Your Guide To The Cpython Source Code', 'Your Guide to the CPython Source Code'],
    ['Writing A Simple Json Parser', 'Writing a simple JSON parser'],
    ['Gil Bugfixes For Daemon Threads In Python 3.9', 'GIL bugfixes for daemon threads in Python 3.9'],
    ['Unravelling The `Async With` Statement', 'Unravelling the async with statement'],
    ['History Of The Python Private C Api \\_Pytime', 'History of the Python private C API _PyTime'],
  ])('has the real title instead of %j', (seed, real) => {
    expect(byTitle(real)).toBeDefined();
    expect(catalogue.articles.some((a) => a.title.toLowerCase() === seed.toLowerCase() && a.title !== real)).toBe(false);
  });

  it('has no title-case artefacts left ("Doesn\'T", "Python\'S", "Cpython")', () => {
    const artefacts = catalogue.articles.filter((a) => /['’][A-Z]\b|\bCpython\b|\bApi\b/.test(a.title)).map((a) => a.title);
    expect(artefacts).toEqual([]);
  });

  it.each([
    ['Why You Should Document Your Tests', 'https://hynek.me/articles/document-your-tests/'],
    ['What’s a pragmatic approach to subclassing in Python?', 'https://hynek.me/articles/python-subclassing-redux/'],
    ['Isolate Python Subinterpreters', 'https://vstinner.github.io/isolate-subinterpreters.html'],
    ['Hide implementation details from the Python C API', 'https://vstinner.github.io/hide-implementation-details-python-c-api.html'],
    ['Static Analysis at Scale: An Instagram Story', 'https://instagram-engineering.com/static-analysis-at-scale-an-instagram-story-8f498ab71a0c'],
  ])('links %j to its own page', (title, url) => {
    expect(byTitle(title)?.url).toBe(url);
  });

  it('keeps the curator\'s notes', () => {
    expect(byTitle('A Python Interpreter Written in Python')?.note ?? byTitle('A Python Interpreter Written In Python')?.note).toBe('Introduction to Python bytecode');
  });
});

describe('the reading order hints', () => {
  it('say the unravelling series (Insider Bits) builds on Bytecode', () => {
    const insider = catalogue.sections.find((s) => s.title === 'Insider Bits');
    expect(insider?.readFirst).toContain('bytecode');
  });
});
