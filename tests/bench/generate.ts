/**
 * Synthetic catalogues for benchmarks: realistic titles, authors, notes and sections built from
 * word lists and the real catalogue's common vocabulary, with a seeded PRNG so every run (Node
 * or browser) produces the same catalogue. Pure TypeScript, no Node APIs: a browser long-task
 * test can import it. Also holds the search relevance table, shared by the unit test and the
 * bench (which re-checks it with the real articles embedded in 10,000 generated ones), and
 * synthetic backups of a year of heavy use (generateBackup).
 */
import { makeBackup, type Backup, type BackupLogEntry } from '../../src/domain/backup';
import { articleId, slugify, type Article, type Catalogue, type Section } from '../../src/domain/catalogue';
import { MS_PER_DAY, MS_PER_HOUR, MS_PER_MINUTE, addDays, reviewDay, startOfReviewDay } from '../../src/domain/day';
import type { ProgressRecord } from '../../src/domain/progress';
import type { ReviewCard } from '../../src/domain/scheduler';

/** mulberry32: a tiny, fast, well-distributed seeded PRNG returning floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NOUNS = [
  'caching', 'profiling', 'serialization', 'logging', 'packaging', 'testing', 'typing', 'iterators',
  'closures', 'descriptors', 'dataclasses', 'protocols', 'generics', 'sockets', 'threads', 'processes',
  'pipelines', 'schedulers', 'parsers', 'lexers', 'tokenizers', 'plugins', 'middleware', 'migrations',
  'schemas', 'validators', 'fixtures', 'mocks', 'benchmarks', 'allocators', 'buffers', 'streams',
  'channels', 'locks', 'semaphores', 'futures', 'callbacks', 'events', 'signals', 'handlers', 'hooks',
  'caches', 'indexes', 'graphs', 'trees', 'heaps', 'vectors', 'matrices', 'dataframes', 'notebooks',
  'wheels', 'virtualenvs', 'containers', 'deployments', 'releases', 'dependencies', 'resolvers',
  'lockfiles', 'namespaces', 'modules', 'packages', 'scopes', 'frames', 'tracebacks', 'warnings',
  'contexts', 'sessions', 'transactions', 'queries', 'cursors', 'connections', 'pools', 'workers',
  'brokers', 'retries', 'timeouts', 'deadlines', 'budgets', 'metrics', 'traces', 'dashboards', 'alerts',
  'configs', 'secrets', 'tokens', 'permissions', 'sandboxes', 'interfaces', 'adapters', 'facades',
  'registries', 'factories', 'builders', 'visitors', 'observers', 'strategies', 'mixins', 'slots',
  'properties', 'attributes', 'enums', 'literals', 'unions', 'overloads', 'stubs', 'checkers',
  'linters', 'formatters', 'editors', 'notebooks', 'kernels', 'wrappers', 'bindings', 'extensions',
  'vectorization', 'concurrency', 'parallelism', 'observability', 'reproducibility', 'portability',
];
const ADJECTIVES = [
  'fast', 'lazy', 'safe', 'robust', 'modern', 'practical', 'hidden', 'surprising', 'idiomatic',
  'concurrent', 'distributed', 'incremental', 'immutable', 'typed', 'dynamic', 'portable', 'minimal',
  'pragmatic', 'reliable', 'scalable', 'readable', 'testable', 'efficient', 'structured', 'declarative',
  'reactive', 'resilient', 'secure', 'composable', 'elegant', 'legacy', 'experimental',
];
const VERBS = [
  'Building', 'Debugging', 'Profiling', 'Scaling', 'Understanding', 'Optimizing', 'Refactoring',
  'Migrating', 'Shipping', 'Tuning', 'Measuring', 'Taming', 'Exploring', 'Demystifying', 'Rethinking',
  'Benchmarking', 'Documenting', 'Validating', 'Embedding', 'Streaming', 'Caching', 'Packaging',
];
const CONTEXTS = [
  'production', 'large codebases', 'the standard library', 'build pipelines', 'data teams', 'web services',
  'embedded devices', 'scientific computing', 'startups', 'open source', 'the cloud', 'legacy systems',
];
const FIRST_NAMES = [
  'Ada', 'Alan', 'Amara', 'Anja', 'Bram', 'Carla', 'Chen', 'Dario', 'Daria', 'Elif', 'Emeka', 'Fatima',
  'Felix', 'Greta', 'Hana', 'Hugo', 'Ines', 'Ivan', 'Jonas', 'Kaito', 'Kofi', 'Lars', 'Leila', 'Malik',
  'Marta', 'Mateo', 'Mei', 'Nadia', 'Nils', 'Noor', 'Olga', 'Omar', 'Paola', 'Priya', 'Quinn', 'Rafael',
  'Rania', 'Rohan', 'Sanna', 'Sofia', 'Tariq', 'Teodor', 'Uma', 'Vera', 'Wen', 'Xavier', 'Yara', 'Yusuf',
  'Zofia', 'Zoltán', 'Ségolène', 'Björn', 'Ørjan', 'Żaneta', 'Çağla', 'José',
];
const LAST_NAMES = [
  'Abara', 'Bergström', 'Castellanos', 'Dubois', 'Eriksen', 'Fonseca', 'Gallagher', 'Hoffmann',
  'Ishikawa', 'Jankowski', 'Kowalczyk', 'Lindqvist', 'Moreau', 'Nakamura', 'Okafor', 'Petrov',
  'Quintero', 'Rasmussen', 'Sato', 'Takahashi', 'Ueda', 'Varga', 'Wójcik', 'Xu', 'Yilmaz', 'Zimmermann',
  'Almeida', 'Brandt', 'Chowdhury', 'Dimitrov', 'Esposito', 'Fischer', 'Grünewald', 'Haddad', 'Iversen',
  'Jovanović', 'Kaur', 'Larsen', 'Mendoza', 'Novak', 'Oyelaran', 'Pereira', 'Richter', 'Szabó', 'Tanaka',
];
const HOSTS = ['blog', 'notes', 'engineering', 'dev', 'til', 'writing', 'journal', 'posts'];

/** Words used by at least this many real articles are "shared vocabulary" the generator may use. */
const SHARED_WORD_MIN_ARTICLES = 3;
/** Words that glue titles together and cannot fill a noun slot. */
const FUNCTION_WORDS = new Set(
  'and are but can for from has have how its not one our out the this too use was what when where which who why with you your'.split(' '),
);
/** Share of noun slots filled with a shared real word instead of a generic one. */
const REAL_WORD_RATE = 0.25;
/** Share of generated articles with a note, and with no author (as in the real catalogue). */
const NOTE_RATE = 0.4;
const NO_AUTHOR_RATE = 0.05;
/** Articles per generated section, min and max. */
const SECTION_SIZE: readonly [number, number] = [15, 80];

// Words distinctive of one or two real articles are left out on purpose: with them, the
// 10,000-article relevance check would measure how ambiguous the generated text is rather than
// whether the engine still finds the right article at scale. Gerunds ("unravelling") read wrong
// in the generator's noun slots, and so do function words.
/** The content words of the real catalogue's titles and notes shared by at least `min` articles. */
export function sharedVocabulary(catalogue: Catalogue, min = SHARED_WORD_MIN_ARTICLES): string[] {
  const count = new Map<string, number>();
  for (const a of catalogue.articles) {
    for (const w of new Set(`${a.title} ${a.note}`.toLowerCase().match(/[a-z][a-z0-9]{2,}/g) ?? [])) {
      count.set(w, (count.get(w) ?? 0) + 1);
    }
  }
  return [...count]
    .filter(([w, n]) => n >= min && !w.endsWith('ing') && !FUNCTION_WORDS.has(w))
    .map(([w]) => w)
    .sort();
}

export interface GenerateOptions {
  /** PRNG seed; the same seed and size give the same catalogue. */
  seed?: number;
  /** The real catalogue: its shared vocabulary feeds the generated text. */
  vocabularyFrom?: Catalogue;
  /** Sections and articles to embed, whole, at seeded places among the generated ones. */
  embed?: Catalogue;
}

/** A deterministic synthetic catalogue of exactly `size` articles (embedded ones included). */
export function generateCatalogue(size: number, options: GenerateOptions = {}): Catalogue {
  const rand = mulberry32(options.seed ?? 42);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)];
  const shared = options.vocabularyFrom ? sharedVocabulary(options.vocabularyFrom) : [];
  const noun = () => (shared.length > 0 && rand() < REAL_WORD_RATE ? pick(shared) : pick(NOUNS));
  const cap = (w: string) => w.charAt(0).toUpperCase() + w.slice(1);

  const templates: (() => string)[] = [
    () => `${pick(VERBS)} ${pick(ADJECTIVES)} ${noun()} in Python`,
    () => `${pick(VERBS)} ${noun()} with ${noun()}`,
    () => `${cap(pick(ADJECTIVES))} ${noun()}: ${pick(VERBS).toLowerCase()} ${noun()} in ${pick(CONTEXTS)}`,
    () => `Why ${noun()} and ${noun()} do not mix`,
    () => `How ${noun()} work under the hood`,
    () => `A ${pick(ADJECTIVES)} guide to ${noun()}`,
    () => `${cap(noun())} in ${pick(CONTEXTS)}: lessons learned`,
    () => `What I wish I knew about ${noun()}`,
    () => `${cap(noun())}, ${noun()} and ${pick(ADJECTIVES)} ${noun()}`,
    () => `${pick(VERBS)} ${noun()} for ${pick(CONTEXTS)}`,
  ];
  const notes: (() => string)[] = [
    () => `Covers ${noun()} and ${noun()}.`,
    () => `Shows how ${pick(ADJECTIVES)} ${noun()} behave in ${pick(CONTEXTS)}, with benchmarks.`,
    () => `Follow-up to the ${noun()} series; read the first part before.`,
    () => `A long read on ${noun()}, ${noun()} and ${noun()}. Worth it for the section on ${noun()}.`,
    () => `Written by a maintainer of a ${pick(ADJECTIVES)} ${noun()} library.`,
  ];

  // Authors follow a rough Zipf law: a few write a lot, most write once or twice.
  const authorPool = Array.from({ length: Math.max(8, Math.ceil(size / 6)) }, () => `${pick(FIRST_NAMES)} ${pick(LAST_NAMES)}`);
  const author = () => (rand() < NO_AUTHOR_RATE ? '' : authorPool[Math.floor(authorPool.length * rand() ** 2.5)]);

  const embedded = options.embed;
  const remaining = Math.max(0, size - (embedded?.articles.length ?? 0));
  const usedSections = new Set(embedded?.sections.map((s) => s.id) ?? []);
  const usedIds = new Set(embedded?.articles.map((a) => a.id) ?? []);

  type Block = { section: Section; articles: Article[] };
  const blocks: Block[] = [];
  let made = 0;
  while (made < remaining) {
    const n = Math.min(remaining - made, SECTION_SIZE[0] + Math.floor(rand() * (SECTION_SIZE[1] - SECTION_SIZE[0])));
    let title = `${cap(pick(ADJECTIVES))} ${cap(pick(NOUNS))}`;
    for (let k = 2; usedSections.has(slugify(title)); k++) title = `${title.replace(/ \d+$/, '')} ${k}`;
    const section: Section = { id: slugify(title), title, articleIds: [], readFirst: [] };
    usedSections.add(section.id);
    const articles: Article[] = [];
    for (let i = 0; i < n; i++) {
      const t = pick(templates)();
      const who = author();
      let url = `https://${pick(HOSTS)}.${slugify(who || 'anonymous')}.example/${2010 + Math.floor(rand() * 15)}/${slugify(t)}`;
      // 32-bit ids collide about once in 100,000 articles: re-link rather than break the catalogue.
      while (usedIds.has(articleId(url))) url += '-';
      const id = articleId(url);
      usedIds.add(id);
      articles.push({
        id,
        title: t,
        code: [],
        url,
        author: who,
        note: rand() < NOTE_RATE ? pick(notes)() : '',
        sectionId: section.id,
        position: 0,
        order: 0,
      });
    }
    blocks.push({ section, articles });
    made += n;
  }
  if (embedded) {
    // Real sections go at seeded places, so ties in ranking (broken by index) favour neither side.
    const byId = new Map(embedded.articles.map((a) => [a.id, a]));
    for (const s of embedded.sections) {
      const block = { section: s, articles: s.articleIds.map((id) => byId.get(id)).filter((a): a is Article => !!a) };
      blocks.splice(Math.floor(rand() * (blocks.length + 1)), 0, block);
    }
  }

  const sections: Section[] = [];
  const articles: Article[] = [];
  for (const { section, articles: list } of blocks) {
    const out: Section = { ...section, articleIds: list.map((a) => a.id) };
    sections.push(out);
    list.forEach((a, i) => articles.push({ ...a, position: i + 1, order: articles.length }));
  }
  return {
    title: embedded ? `${embedded.title} (+ ${remaining} generated)` : `Generated catalogue (${size})`,
    intro: 'Synthetic articles for benchmarks.',
    sections,
    articles,
  };
}

/** A query and the article (title or URL) that must be among its first three results. */
export interface RelevanceCase {
  query: string;
  expect: string;
  /** What the case exercises, for the test name. */
  kind: 'typo' | 'prefix' | 'author' | 'acronym' | 'multi-word' | 'section' | 'note' | 'diacritics' | 'exact';
}

/** The search relevance table: each query must rank its article in the top 3. */
export const RELEVANCE_CASES: readonly RelevanceCase[] = [
  { kind: 'typo', query: 'corutines', expect: 'Building Finite State Machines with Python Coroutines' },
  { kind: 'typo', query: 'unravling with', expect: 'Unravelling the `with` statement' },
  { kind: 'typo', query: 'pyprojct toml', expect: 'What the heck is pyproject.toml?' },
  { kind: 'typo', query: 'stiner gil', expect: 'GIL bugfixes for daemon threads in Python 3.9' },
  { kind: 'typo', query: 'stiner gil', expect: 'How I fixed a very old GIL race condition in Python 3.7' },
  { kind: 'typo', query: 'dissasembling bytecode', expect: 'Disassembling Python Bytecode' },
  { kind: 'typo', query: 'integer divison', expect: 'The Problem with Integer Division' },
  { kind: 'typo', query: 'asyncio cancelation', expect: 'Asyncio: Proactor Cancellation From Hell' },
  { kind: 'typo', query: 'subinterpeters', expect: 'Isolate Python Subinterpreters' },
  { kind: 'multi-word', query: 'cannon import', expect: 'Unravelling the import statement' },
  { kind: 'multi-word', query: 'cannon import', expect: "If I were designing Python's import from scratch" },
  { kind: 'multi-word', query: 'await async', expect: 'Unravelling `async` and `await`' },
  { kind: 'multi-word', query: 'instagram static analysis', expect: 'Static Analysis at Scale: An Instagram Story' },
  { kind: 'multi-word', query: 'pathlib str', expect: "Why pathlib.Path doesn't inherit from str in Python" },
  { kind: 'multi-word', query: 'sam gross gil', expect: "Summary of Sam Gross' NoGIL proposal" },
  { kind: 'prefix', query: 'unravelling imp', expect: 'Unravelling the import statement' },
  { kind: 'prefix', query: 'corout', expect: 'https://arpitbhayani.me/blogs/fsm' },
  { kind: 'prefix', query: 'metacla', expect: 'Origin of metaclasses in Python' },
  { kind: 'prefix', query: 'subinterp', expect: 'Isolate Python Subinterpreters' },
  { kind: 'prefix', query: 'decorat', expect: 'Unravelling decorators' },
  { kind: 'prefix', query: 'pyproj', expect: 'https://snarky.ca/what-the-heck-is-pyproject-toml/' },
  { kind: 'prefix', query: 'antigrav', expect: 'import antigravity' },
  { kind: 'author', query: 'schlawack tests', expect: 'Why You Should Document Your Tests' },
  { kind: 'author', query: 'guido metaclasses', expect: 'Origin of metaclasses in Python' },
  { kind: 'author', query: 'itamar profiler', expect: 'Not just CPU: writing custom profilers for Python' },
  { kind: 'author', query: 'sobolev typeclasses', expect: 'Typeclasses in Python' },
  { kind: 'author', query: 'van rossum mro', expect: 'Method Resolution Order' },
  { kind: 'diacritics', query: 'lukasz zen', expect: 'Zen of Python, Again' },
  { kind: 'diacritics', query: 'Łukasz nogil', expect: "Summary of Sam Gross' NoGIL proposal" },
  { kind: 'acronym', query: 'mro', expect: 'Method Resolution Order' },
  { kind: 'acronym', query: 'method resolution order', expect: 'Method Resolution Order' },
  { kind: 'acronym', query: 'fsm', expect: 'Building Finite State Machines with Python Coroutines' },
  { kind: 'acronym', query: 'finite state machine', expect: 'Building Finite State Machines with Python Coroutines' },
  { kind: 'acronym', query: 'global interpreter lock', expect: 'GIL bugfixes for daemon threads in Python 3.9' },
  { kind: 'acronym', query: 'continuous integration', expect: 'CI for performance: Reliable benchmarking in noisy environments' },
  { kind: 'acronym', query: 'python enhancement proposal', expect: 'The challenges in designing a library for PEP 425 (aka wheel tags)' },
  { kind: 'acronym', query: 'javascript object notation', expect: 'Writing a simple JSON parser' },
  { kind: 'acronym', query: 'application programming interface design', expect: 'Designing an async API, from sans-I/O on up' },
  { kind: 'acronym', query: 'c api changes', expect: 'C API changes between Python 3.5 to 3.10' },
  { kind: 'section', query: 'task queues', expect: 'Stepping Stone Article For Redis And Celery' },
  { kind: 'section', query: 'supply chain', expect: 'How do you verify that PyPI can be trusted?' },
  { kind: 'section', query: 'road to being a core dev', expect: 'My Road to the Python Commit Bit' },
  { kind: 'note', query: 'pyston', expect: 'Python performance: it’s not just the interpreter' },
  { kind: 'note', query: 'brigham young', expect: 'Foundations of Applied Mathematics' },
  { kind: 'exact', query: 'wsasend', expect: 'asyncio WSASend() memory leak' },
  { kind: 'exact', query: 'netflix', expect: 'Python At Netflix' },
];

/** True when `article` is the one a relevance case names (by plain title or by URL). */
export function isExpected(article: Article, expect: string): boolean {
  return article.url === expect || article.title === expect.replace(/`/g, '');
}

// ---------------------------------------------------------------------------------------------
// Synthetic backups: a year of heavy use, for the scale test (tests/e2e/scale.test.ts).
// ---------------------------------------------------------------------------------------------

export interface GenerateBackupOptions {
  /** When the backup is made; the history ends at the start of that review day. */
  now: number;
  /** The reader's zone, in which review days (and the missed day) are counted. */
  timeZone?: string;
  seed?: number;
  /** Articles finished, each with a review card (the first ones of a seeded shuffle of `articleIds`). */
  finished?: number;
  /** Review log entries, spread evenly over `days` review days before today. */
  reviews?: number;
  days?: number;
  /** Cards due now, ready for the Review screen; the others fall due over the next two months. */
  dueNow?: number;
  /**
   * A review day this many days before today with no review although a card was due: it breaks
   * the streak (the next day's first review was due that day). Undefined: no missed day.
   */
  missedDaysAgo?: number;
  /** Every this many finished articles, one carries a takeaway. */
  takeawayEvery?: number;
}

/**
 * A valid backup of heavy use (by default 3,000 finished articles with their cards and 100,000
 * reviews over the past year, about 30 MB of JSON): deterministic for a seed and `now`. No review
 * falls on the backup's own review day, so today's queue is full.
 */
export function generateBackup(articleIds: readonly string[], options: GenerateBackupOptions): Backup {
  const { now } = options;
  const timeZone = options.timeZone ?? 'UTC';
  const rand = mulberry32(options.seed ?? 7);
  const finishedCount = Math.min(options.finished ?? 3000, articleIds.length);
  const reviewCount = options.reviews ?? 100_000;
  const days = Math.max(1, options.days ?? 365);
  const dueNow = Math.min(options.dueNow ?? 60, finishedCount);
  const takeawayEvery = Math.max(1, options.takeawayEvery ?? 4);

  // A seeded shuffle, so the finished articles are spread over the whole path.
  const ids = [...articleIds];
  for (let i = ids.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [ids[i], ids[j]] = [ids[j], ids[i]];
  }
  const chosen = ids.slice(0, finishedCount);

  const today = reviewDay(now, timeZone);
  const historyStart = startOfReviewDay(addDays(today, -days), timeZone);
  const historyEnd = startOfReviewDay(today, timeZone);
  const missed =
    options.missedDaysAgo === undefined
      ? undefined
      : {
          from: startOfReviewDay(addDays(today, -options.missedDaysAgo), timeZone),
          to: startOfReviewDay(addDays(today, 1 - options.missedDaysAgo), timeZone),
        };
  const span = historyEnd - historyStart - (missed ? missed.to - missed.from : 0);
  const step = span / Math.max(1, reviewCount);

  const reviewLog: BackupLogEntry[] = [];
  const lastReviewOf = new Map<string, number>();
  const repsOf = new Map<string, number>();
  let afterMissed = false;
  for (let i = 0; i < reviewCount; i++) {
    // Strictly increasing instants (at least a millisecond apart), so every [article, instant] is unique.
    let reviewedAt = historyStart + Math.floor(i * step + rand() * Math.max(0, step - 1));
    if (missed && reviewedAt >= missed.from) reviewedAt += missed.to - missed.from;
    const articleId = chosen[Math.floor(rand() * chosen.length)];
    const r = rand();
    const grade = r < 0.08 ? 'again' : r < 0.13 ? 'hard' : r < 0.98 ? 'good' : 'easy';
    const last = lastReviewOf.get(articleId) ?? null;
    const stability = Math.round((2 + rand() * 60) * 100) / 100;
    const elapsed = last === null ? 0 : Math.max(0, Math.round((reviewedAt - last) / MS_PER_DAY));
    // Due when reviewed (nothing left waiting), except the first review after the missed day: due on it.
    let due = reviewedAt;
    if (missed && !afterMissed && reviewedAt >= missed.to) {
      due = missed.from + MS_PER_HOUR;
      afterMissed = true;
    }
    reviewLog.push({
      articleId,
      grade,
      reviewedAt,
      fsrs: {
        state: 'Review',
        stability,
        difficulty: Math.round((3 + rand() * 5) * 100) / 100,
        elapsedDays: elapsed,
        lastElapsedDays: Math.floor(rand() * 20),
        scheduledDays: Math.max(1, elapsed),
        learningSteps: 0,
      },
      before: { due, lastReview: last, updatedAt: last ?? reviewedAt - MS_PER_DAY },
    });
    lastReviewOf.set(articleId, reviewedAt);
    repsOf.set(articleId, (repsOf.get(articleId) ?? 0) + 1);
  }

  const progress: ProgressRecord[] = [];
  const reviewCards: ReviewCard[] = [];
  chosen.forEach((articleId, i) => {
    const finishedAt = historyStart - Math.floor((1 + rand() * 30) * MS_PER_DAY);
    progress.push({
      articleId,
      status: 'finished',
      takeaway: i % takeawayEvery === 0 ? `Takeaway ${i}: ${pick(rand, TAKEAWAYS)}` : '',
      startedAt: finishedAt - Math.floor(rand() * 3 * MS_PER_DAY),
      finishedAt,
      updatedAt: finishedAt,
    });
    const lastReview = lastReviewOf.get(articleId) ?? finishedAt;
    const due = i < dueNow ? now - MS_PER_MINUTE * (1 + i) : now + Math.floor((1 + rand() * 60) * MS_PER_DAY);
    const scheduledDays = Math.max(1, Math.round((due - lastReview) / MS_PER_DAY));
    reviewCards.push({
      articleId,
      due,
      stability: Math.round((scheduledDays * (0.8 + rand() * 0.4)) * 100) / 100,
      difficulty: Math.round((3 + rand() * 5) * 100) / 100,
      elapsedDays: Math.floor(rand() * 30),
      scheduledDays,
      learningSteps: 0,
      reps: 1 + (repsOf.get(articleId) ?? 0),
      lapses: Math.floor(rand() * 3),
      state: 'Review',
      lastReview,
      suspended: false,
      createdAt: finishedAt,
      updatedAt: lastReview,
    });
  });
  return makeBackup({ progress, reviewCards, reviewLog, settings: { dailyLimit: 20 } }, now, 'generated');
}

const TAKEAWAYS = [
  'measure before optimising; the profiler knows better than intuition.',
  'the GIL protects the interpreter, not your data.',
  'a generator is a paused frame you can resume.',
  'pin what you ship, range what you publish.',
  'tests document intent better than comments.',
];

function pick<T>(rand: () => number, list: readonly T[]): T {
  return list[Math.floor(rand() * list.length)];
}
