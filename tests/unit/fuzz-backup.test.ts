/**
 * Property-based tests of the backup importer: the validator (src/domain/backup.ts) and the
 * import that applies it (src/db/backup.ts, on fake-indexeddb). Input: random JSON and text, and
 * valid backups damaged on purpose (a key deleted, a type changed, huge strings, NaN and
 * Infinity written into the text, duplicate ids, times out of range, `__proto__`,
 * `constructor` and `prototype` keys, 10,000 levels of nesting, text cut at any offset).
 *
 * A refused file gets one of the importer's own sentences and leaves the database exactly as it
 * was, in Replace and Merge mode alike; an accepted one leaves exactly what a plain model of the
 * documented rules says; Object.prototype is never touched; every case is answered quickly.
 */
import 'fake-indexeddb/auto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dumpDatabase, exportBackup, importBackupText, wipeDatabase, type ImportMode, type ImportResult } from '../../src/db/backup';
import { createDatabase, type PyRecallDB } from '../../src/db/db';
import {
  MAX_APP_VERSION_LENGTH,
  parseBackup,
  reviewLogKey,
  serializeBackup,
  type Backup,
  type BackupData,
  type BackupLogEntry,
  type Settings,
} from '../../src/domain/backup';
import { MAX_ARTICLE_ID_LENGTH, MAX_TAKEAWAY_LENGTH, MAX_TIMESTAMP, type ProgressRecord, type ReadingStatus } from '../../src/domain/progress';
import { GRADES, type CardState, type ReviewCard } from '../../src/domain/scheduler';
import { anyText, fuzzTimeout, hostileString, params, withinTime, withinTimeAsync } from '../support/fuzz';

/** Generous bounds: parsing a real backup takes a few milliseconds, importing one a few dozen. */
const PARSE_BOUND_MS = 2000;
const IMPORT_BOUND_MS = 5000;

const T = Date.UTC(2025, 2, 3, 9, 0);
const DAY = 86_400_000;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

// ---------------------------------------------------------------------------------------------
// Valid backups.
// ---------------------------------------------------------------------------------------------

/** Ids from a small pool (so that merges meet the same Article on both sides), or anything allowed. */
const articleIdArb = fc.oneof(
  { arbitrary: fc.constantFrom('2o5q1vd', '0k4xq1z', '1abcdef', 'x', 'gone-from-catalogue'), weight: 4 },
  { arbitrary: anyText(20).filter((s) => s.length >= 1 && s.length <= MAX_ARTICLE_ID_LENGTH), weight: 1 },
  { arbitrary: fc.constant('i'.repeat(MAX_ARTICLE_ID_LENGTH)), weight: 1 },
);

const time = fc.oneof(
  { arbitrary: fc.constantFrom(T, T + DAY, T + 2 * DAY), weight: 3 },
  { arbitrary: fc.integer({ min: 0, max: 2 ** 31 - 1 }).map((n) => T + n), weight: 2 },
  { arbitrary: fc.constantFrom(0, 1, MAX_TIMESTAMP), weight: 1 },
  { arbitrary: fc.bigInt({ min: 0n, max: BigInt(MAX_TIMESTAMP) }).map(Number), weight: 1 },
);
const timeOrNull = fc.option(time, { nil: null });
/** Any finite number JSON writes as itself (-0 is written "0"). */
const finiteNumber = fc.double({ noNaN: true, noDefaultInfinity: true }).map((x) => (Object.is(x, -0) ? 0 : x));
const countArb = fc.oneof(fc.nat({ max: 100 }), fc.maxSafeNat());
const cardState = fc.constantFrom<CardState>('New', 'Learning', 'Review', 'Relearning');

const progressArb: fc.Arbitrary<ProgressRecord> = fc
  .record({
    articleId: articleIdArb,
    status: fc.constantFrom<ReadingStatus>('to-read', 'reading', 'finished'),
    takeaway: fc.oneof({ arbitrary: anyText(80), weight: 9 }, { arbitrary: fc.constant('é'.repeat(MAX_TAKEAWAY_LENGTH)), weight: 1 }),
    startedAt: timeOrNull,
    finished: time,
    updatedAt: time,
  })
  .map(({ finished, ...r }) => ({ ...r, finishedAt: r.status === 'finished' ? finished : null }));

const cardArb: fc.Arbitrary<ReviewCard> = fc.record({
  articleId: articleIdArb,
  due: time,
  stability: finiteNumber,
  difficulty: finiteNumber,
  elapsedDays: finiteNumber,
  scheduledDays: finiteNumber,
  learningSteps: countArb,
  reps: countArb,
  lapses: countArb,
  state: cardState,
  lastReview: timeOrNull,
  suspended: fc.boolean(),
  createdAt: time,
  updatedAt: time,
});

const logArb: fc.Arbitrary<BackupLogEntry> = fc.record({
  articleId: articleIdArb,
  grade: fc.constantFrom(...GRADES),
  reviewedAt: time,
  fsrs: fc.record({
    state: cardState,
    stability: finiteNumber,
    difficulty: finiteNumber,
    elapsedDays: finiteNumber,
    lastElapsedDays: finiteNumber,
    scheduledDays: finiteNumber,
    learningSteps: countArb,
  }),
  before: fc.record({ due: time, lastReview: timeOrNull, updatedAt: time }),
});

const settingsArb: fc.Arbitrary<Partial<Settings>> = fc.record(
  {
    retention: fc.double({ min: 0.8, max: 0.95, noNaN: true }),
    dailyLimit: fc.integer({ min: 0, max: 1000 }),
    reminders: fc.record({
      enabled: fc.boolean(),
      time: fc.tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 })).map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`),
      days: fc.uniqueArray(fc.integer({ min: 0, max: 6 }), { maxLength: 7 }),
    }),
    lastRemindedAt: timeOrNull,
  },
  { requiredKeys: [] },
);

const backupArb: fc.Arbitrary<Backup> = fc
  .record({
    progress: fc.uniqueArray(progressArb, { maxLength: 8, selector: (r) => r.articleId }),
    reviewCards: fc.uniqueArray(cardArb, { maxLength: 6, selector: (r) => r.articleId }),
    reviewLog: fc.uniqueArray(logArb, { maxLength: 8, selector: reviewLogKey }),
    settings: settingsArb,
    exportedAt: time,
    appVersion: fc.option(anyText(20).filter((s) => s.length >= 1 && s.length <= MAX_APP_VERSION_LENGTH), { nil: undefined }),
  })
  .map(({ exportedAt, appVersion, ...data }) => {
    const backup: Backup = { format: 'pyrecall-backup', version: 1, exportedAt, ...data };
    if (appVersion !== undefined) backup.appVersion = appVersion;
    return backup;
  });

/** Keeps the first record of each key. */
function firstOfEach<T>(records: readonly T[], key: (r: T) => string): T[] {
  const seen = new Set<string>();
  return records.filter((r) => !seen.has(key(r)) && Boolean(seen.add(key(r))));
}

/**
 * A device state and a backup that share records: some Articles and cards changed a moment
 * earlier, at the same instant (a tie) or later than on the device, and reviews the device
 * already has, graded differently.
 */
const relatedBackups: fc.Arbitrary<[Backup, Backup]> = fc
  .tuple(backupArb, backupArb, fc.array(fc.integer({ min: -1, max: 1 }), { minLength: 16, maxLength: 16 }))
  .map(([base, other, shifts]) => {
    const shifted = <T extends { articleId: string; updatedAt: number }>(records: readonly T[]) =>
      records.map((r, i) => ({ ...structuredClone(r), updatedAt: Math.min(MAX_TIMESTAMP, Math.max(0, r.updatedAt + shifts[i % shifts.length])) }));
    const regraded = base.reviewLog.filter((_, i) => shifts[i % shifts.length] !== 0).map((e) => ({ ...structuredClone(e), grade: e.grade === 'again' ? ('easy' as const) : ('again' as const) }));
    const incoming: Backup = {
      ...other,
      progress: firstOfEach([...shifted(base.progress), ...other.progress], (r) => r.articleId),
      reviewCards: firstOfEach([...shifted(base.reviewCards), ...other.reviewCards], (r) => r.articleId),
      reviewLog: firstOfEach([...regraded, ...other.reviewLog], reviewLogKey),
    };
    return [base, incoming];
  });

/** A valid backup's text, as the app writes it or as any JSON writer might. */
const backupText = (backup: Backup) =>
  fc.constantFrom(serializeBackup(backup), JSON.stringify(backup), JSON.stringify(backup, null, '\t'), `\uFEFF${JSON.stringify(backup, null, 2)}\r\n`);

// ---------------------------------------------------------------------------------------------
// Damage.
// ---------------------------------------------------------------------------------------------

type Path = (string | number)[];

/** Every path to a value inside `root` (the root itself excluded). */
function pathsOf(root: Json): Path[] {
  const out: Path[] = [];
  const walk = (value: Json, path: Path) => {
    if (Array.isArray(value)) value.forEach((v, i) => (out.push([...path, i]), walk(v, [...path, i])));
    else if (value !== null && typeof value === 'object') for (const k of Object.keys(value)) (out.push([...path, k]), walk(value[k], [...path, k]));
  };
  walk(root, []);
  return out;
}

/** The object or array holding the value at `path`, and its key there. */
function parentOf(root: Json, path: Path): [Json[] | { [key: string]: Json }, string | number] {
  let node = root;
  for (const step of path.slice(0, -1)) node = (node as Record<string | number, Json>)[step];
  return [node as Json[] | { [key: string]: Json }, path[path.length - 1]];
}

/** Marks a spot in the JSON text where raw text (not expressible as a JSON value) goes. */
const RAW = '\u0000raw\u0000';

/** Ways to damage a valid backup, applied to its JSON value or to its text. */
type Damage =
  | { kind: 'delete'; pick: number }
  | { kind: 'set'; pick: number; value: Json }
  | { kind: 'raw'; pick: number; text: string }
  | { kind: 'forbidden'; pick: number; key: string; value: Json }
  | { kind: 'rename'; pick: number; key: string }
  | { kind: 'duplicate'; list: 'progress' | 'reviewCards' | 'reviewLog'; pick: number; sameIdOnly: boolean }
  | { kind: 'status'; pick: number; status: ReadingStatus }
  | { kind: 'number-token'; pick: number; text: string }
  | { kind: 'truncate'; at: number }
  | { kind: 'splice'; at: number; text: string }
  | { kind: 'wrap'; before: string; after: string };

/** Values that are the wrong type, out of range or absurd for any field of a backup. */
const badValue: fc.Arbitrary<Json> = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<Json>,
  fc.constantFrom<Json>(-1, 1.5, -0.5, MAX_TIMESTAMP + 1, 1e21, 2 ** 53, -(2 ** 53), 0.79, 0.951, 1001, 7, '2025-03-03', 'NaN', 'Infinity', '', true, null, [], {}, [[[]]], { '': null }),
  // Right type, just out of range or malformed.
  fc.constantFrom<Json>('x'.repeat(MAX_ARTICLE_ID_LENGTH + 1), 'x'.repeat(MAX_APP_VERSION_LENGTH + 1), '24:00', '9:00', '09:60', '09:00 ', [1, 1], [7], [-1], [0.5], 'done', 'Finished', 'review', 'GOOD'),
  fc.constantFrom<Json>({ enabled: true, time: '09:00', days: [1, 1] }, { enabled: 'yes', time: '09:00', days: [] }, { enabled: true, time: '09:00' }, { enabled: true, time: '09:00', days: [], sound: true }),
  anyText(30),
  fc.constantFrom(20_001, 200_001, 1_000_000).map((n) => 'x'.repeat(n)),
  fc.constantFrom(5000, 100_000).map((n) => Array.from({ length: n }, (_, i) => i)),
);

/** Raw JSON text for a value: NaN and Infinity as some writers produce them, and 10,000-deep nesting. */
const rawValue = fc.oneof(
  fc.constantFrom('NaN', 'Infinity', '-Infinity', 'undefined', '1e400', '-1e400', '1e-400', '-0', '9007199254740993', '0x10', '+1', '.5', '01', '1_000', "'text'", '"\\ud800"', '"\\u0000"'),
  fc.constantFrom(10_000, 100_000).map((depth) => `${'['.repeat(depth)}0${']'.repeat(depth)}`),
  fc.constant(`${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}`),
  fc.constant(`${'['.repeat(10_000)}{"__proto__":{"polluted":1}}${']'.repeat(10_000)}`),
);

const damageArb: fc.Arbitrary<Damage> = fc.oneof(
  // Damage to the JSON value is weighted up: damage to the text mostly stops at JSON.parse.
  { arbitrary: fc.record({ kind: fc.constant('delete' as const), pick: fc.nat() }), weight: 3 },
  { arbitrary: fc.record({ kind: fc.constant('set' as const), pick: fc.nat(), value: badValue }), weight: 4 },
  fc.record({ kind: fc.constant('raw' as const), pick: fc.nat(), text: rawValue }),
  fc.record({ kind: fc.constant('forbidden' as const), pick: fc.nat(), key: fc.constantFrom('__proto__', 'constructor', 'prototype'), value: fc.constantFrom<Json>({ polluted: 'yes' }, { prototype: { polluted: 'yes' } }, 1, null) }),
  fc.record({ kind: fc.constant('rename' as const), pick: fc.nat(), key: fc.oneof(fc.constantFrom('toString', 'hasOwnProperty', 'valueOf', 'Progress', 'progress ', ''), hostileString({ maxLength: 8 }), fc.constant('k'.repeat(100_000))) }),
  fc.record({ kind: fc.constant('duplicate' as const), list: fc.constantFrom('progress' as const, 'reviewCards' as const, 'reviewLog' as const), pick: fc.nat(), sameIdOnly: fc.boolean() }),
  fc.record({ kind: fc.constant('status' as const), pick: fc.nat(), status: fc.constantFrom<ReadingStatus>('to-read', 'reading', 'finished') }),
  fc.record({ kind: fc.constant('number-token' as const), pick: fc.nat(), text: fc.constantFrom('NaN', 'Infinity', '-Infinity', '1e400', '-1e400', '1e-400', '-0', '9007199254740993', '1.0000000000000002', '0x10', '+1', '01') }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('splice' as const), at: fc.nat(), text: fc.oneof(anyText(3), fc.constantFrom('"', ',', '}', ']', '{', '\\', '\u0000')) }),
  fc.record({ kind: fc.constant('wrap' as const), before: fc.constantFrom('', '[', '{"backup":', ' \n', '\uFEFF\uFEFF', 'x'), after: fc.constantFrom('', ']', '}', ',', '\n\n', 'x', '}}') }),
);

/** Applies the value-level damage to a copy of `backup` and the text-level damage to its text. */
function damage(backup: Backup, damages: readonly Damage[]): string {
  const root = structuredClone(backup) as unknown as Json;
  const raws: string[] = [];
  const textDamage: Damage[] = [];
  for (const d of damages) {
    const paths = pathsOf(root);
    const path = paths.length > 0 ? paths[('pick' in d ? d.pick : 0) % paths.length] : undefined;
    if (d.kind === 'delete' && path) {
      const [parent, key] = parentOf(root, path);
      if (Array.isArray(parent)) parent.splice(Number(key), 1);
      else delete parent[key];
    } else if ((d.kind === 'set' || d.kind === 'raw') && path) {
      const [parent, key] = parentOf(root, path);
      const value = d.kind === 'set' ? d.value : `${RAW}${raws.push(d.text) - 1}`;
      (parent as Record<string | number, Json>)[key] = value;
    } else if (d.kind === 'forbidden' || d.kind === 'rename') {
      // An object somewhere in the file (the file itself included) gets the key.
      const objects = [root, ...paths.map((p) => parentOf(root, [...p, 0])[0])].filter((v) => v !== null && typeof v === 'object' && !Array.isArray(v));
      const target = objects[d.pick % objects.length] as { [key: string]: Json };
      // Own properties, as JSON.parse makes them: assigning "__proto__" would set the prototype instead.
      const put = (key: string, value: Json) => Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
      if (d.kind === 'forbidden') {
        put(d.key, d.value);
      } else {
        const keys = Object.keys(target);
        if (keys.length > 0) {
          const old = keys[d.pick % keys.length];
          const value = target[old];
          delete target[old];
          put(d.key, value);
        }
      }
    } else if (d.kind === 'duplicate') {
      const list = (root as { [key: string]: Json })[d.list];
      if (Array.isArray(list) && list.length > 0) {
        const original = list[d.pick % list.length] as { [key: string]: Json };
        const copy = structuredClone(original);
        if (d.sameIdOnly && list.length > 1) {
          const other = structuredClone(list[(d.pick + 1) % list.length]) as { [key: string]: Json };
          other.articleId = original.articleId;
          if (d.list === 'reviewLog') other.reviewedAt = original.reviewedAt;
          list.push(other);
        } else {
          list.push(copy);
        }
      }
    } else if (d.kind === 'status') {
      // Another status, its finishedAt left as it was.
      const list = (root as { [key: string]: Json }).progress;
      if (Array.isArray(list) && list.length > 0) (list[d.pick % list.length] as { [key: string]: Json }).status = d.status;
    } else {
      textDamage.push(d);
    }
  }
  let text = JSON.stringify(root, null, 1).replace(/"\\u0000raw\\u0000(\d+)"/g, (_, i: string) => raws[Number(i)]);
  for (const d of textDamage) {
    if (d.kind === 'number-token') {
      const numbers = [...text.matchAll(/(?<=[:,[\s])-?\d+(\.\d+)?([eE][+-]?\d+)?(?=[,\]}\s])/g)];
      if (numbers.length > 0) {
        const m = numbers[d.pick % numbers.length];
        text = text.slice(0, m.index) + d.text + text.slice((m.index ?? 0) + m[0].length);
      }
    } else if (d.kind === 'truncate') {
      text = text.slice(0, d.at % (text.length + 1));
    } else if (d.kind === 'splice') {
      const at = d.at % (text.length + 1);
      text = text.slice(0, at) + d.text + text.slice(at + 1);
    } else if (d.kind === 'wrap') {
      text = `${d.before}${text}${d.after}`;
    }
  }
  return text;
}

/** Wrong values for each field of a backup (a time, a count, a finite number, text…), by field. */
const BAD_TIME: Json[] = [-1, 1.5, MAX_TIMESTAMP + 1, 1e21, '1741000000000', true, [], {}];
const BAD_FINITE: Json[] = ['1', null, true, [], {}];
const BAD_COUNT: Json[] = [-1, 1.5, 2 ** 53, '1', null];
const BAD_ID: Json[] = ['', 'x'.repeat(MAX_ARTICLE_ID_LENGTH + 1), 7, null];
const BAD_STATE: Json[] = ['review', 'NEW', 2, null];
const BAD_FIELDS: Record<'progress' | 'reviewCards' | 'reviewLog' | 'settings' | '', Record<string, Json[]>> = {
  '': { exportedAt: [...BAD_TIME, null], appVersion: ['', 'v'.repeat(MAX_APP_VERSION_LENGTH + 1), 1, null] },
  progress: {
    articleId: BAD_ID,
    status: ['done', 'Finished', 'to read', 1, null],
    takeaway: ['x'.repeat(MAX_TAKEAWAY_LENGTH + 1), 5, null],
    startedAt: BAD_TIME,
    updatedAt: [...BAD_TIME, null],
  },
  reviewCards: {
    articleId: BAD_ID,
    due: [...BAD_TIME, null],
    stability: BAD_FINITE,
    difficulty: BAD_FINITE,
    elapsedDays: BAD_FINITE,
    scheduledDays: BAD_FINITE,
    learningSteps: BAD_COUNT,
    reps: BAD_COUNT,
    lapses: BAD_COUNT,
    state: BAD_STATE,
    lastReview: BAD_TIME,
    suspended: ['no', 0, 1, null],
    createdAt: [...BAD_TIME, null],
    updatedAt: [...BAD_TIME, null],
  },
  reviewLog: {
    articleId: BAD_ID,
    grade: ['perfect', 'Good', 3, null],
    reviewedAt: [...BAD_TIME, null],
    'fsrs.state': BAD_STATE,
    'fsrs.stability': BAD_FINITE,
    'fsrs.difficulty': BAD_FINITE,
    'fsrs.elapsedDays': BAD_FINITE,
    'fsrs.lastElapsedDays': BAD_FINITE,
    'fsrs.scheduledDays': BAD_FINITE,
    'fsrs.learningSteps': BAD_COUNT,
    'before.due': [...BAD_TIME, null],
    'before.lastReview': BAD_TIME,
    'before.updatedAt': [...BAD_TIME, null],
  },
  settings: {
    retention: [0.79, 0.951, 1, '0.9', null],
    dailyLimit: [-1, 1001, 2.5, '10', null],
    reminders: [null, [], { enabled: true, time: '24:00', days: [] }, { enabled: true, time: '09:00', days: [1, 1] }, { enabled: 1, time: '09:00', days: [] }, { enabled: true, time: '09:00', days: [7] }],
    lastRemindedAt: BAD_TIME,
  },
};

/** One field of a valid backup set to a wrong value, and the start of the message that must name it. */
function damageField(backup: Backup, where: keyof typeof BAD_FIELDS, pick: number, fieldPick: number, valuePick: number): { text: string; expected: string } {
  const root = structuredClone(backup) as unknown as { [key: string]: Json };
  const fields = Object.keys(BAD_FIELDS[where]);
  const field = fields[fieldPick % fields.length];
  const values = BAD_FIELDS[where][field];
  const value = values[valuePick % values.length];
  let target = root;
  let path = field;
  if (where === 'settings') {
    target = root.settings as { [key: string]: Json };
    path = `settings.${field}`;
  } else if (where !== '') {
    const list = root[where] as { [key: string]: Json }[];
    const i = pick % list.length;
    target = list[i];
    path = `${where}[${i}].${field}`;
  }
  const steps = field.split('.');
  for (const step of steps.slice(0, -1)) target = target[step] as { [key: string]: Json };
  target[steps[steps.length - 1]] = value;
  return { text: JSON.stringify(root), expected: `The backup is damaged: ${path} ` };
}

// ---------------------------------------------------------------------------------------------
// What a refusal and an acceptance must look like.
// ---------------------------------------------------------------------------------------------

/** The importer's own sentences; anything else (its "could not be read (…)" fallback included) is a crash. */
const REFUSALS: readonly RegExp[] = [
  /^The file is empty: there is nothing to import\.$/,
  /^This file is not a PyRecall backup: /,
  /^The backup file is incomplete: it stops partway through/,
  /^The backup is damaged: .+\.$/s,
  /^This backup was made by a newer PyRecall \(v[^)]+\); update the app first\.$/,
  /^The backup contains a field named "(__proto__|constructor|prototype)".* so nothing was imported\.$/s,
  /^This file is too large to be a PyRecall backup /,
];

/** Long enough for a 200-character Article id twice; a message is a sentence, not a dump of the file. */
const MAX_MESSAGE_LENGTH = 600;

function checkRefusal(error: unknown): void {
  expect(typeof error).toBe('string');
  const message = String(error);
  expect(message.trim(), 'an empty message').not.toBe('');
  expect(message.length, `a message of ${message.length} characters: ${message.slice(0, 200)}…`).toBeLessThanOrEqual(MAX_MESSAGE_LENGTH);
  expect(REFUSALS.some((r) => r.test(message)), `not one of the importer's messages: ${message.slice(0, 300)}`).toBe(true);
  expect(message).not.toMatch(/\b(TypeError|RangeError|SyntaxError|ReferenceError|InternalError)\b|\n\s+at |Maximum call stack/);
}

/** Own property names of the built-in prototypes, to prove an import added nothing to them. */
function prototypeSnapshot(): string {
  const names = (o: object) => Reflect.ownKeys(o).map(String).sort().join(',');
  return [Object.prototype, Array.prototype, Function.prototype, String.prototype].map(names).join('|');
}
const PRISTINE = prototypeSnapshot();
function checkPrototypes(): void {
  expect(prototypeSnapshot()).toBe(PRISTINE);
  const probe: Record<string, unknown> = {};
  expect(probe.polluted).toBeUndefined();
  expect(Object.getPrototypeOf(probe)).toBe(Object.prototype);
}

const PROGRESS_KEYS = ['articleId', 'finishedAt', 'startedAt', 'status', 'takeaway', 'updatedAt'];
const CARD_KEYS = ['articleId', 'createdAt', 'difficulty', 'due', 'elapsedDays', 'lapses', 'lastReview', 'learningSteps', 'reps', 'scheduledDays', 'stability', 'state', 'suspended', 'updatedAt'];
const LOG_KEYS = ['articleId', 'before', 'fsrs', 'grade', 'reviewedAt'];

const isTime = (v: unknown) => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= MAX_TIMESTAMP;
const isTimeOrNull = (v: unknown) => v === null || isTime(v);
const isId = (v: unknown) => typeof v === 'string' && v.length > 0 && v.length <= MAX_ARTICLE_ID_LENGTH;
const keysAre = (o: object, keys: readonly string[]) => Object.keys(o).sort().join() === keys.join();

/**
 * What an accepted file may hold, written out independently of the validator: the fields of
 * each record and nothing else, with values the app can work with. A validator that let anything
 * else through would put data in the database the app cannot handle.
 */
function invalidRecords(data: BackupData): unknown[] {
  const progress = data.progress.filter(
    (r) =>
      !keysAre(r, PROGRESS_KEYS) ||
      !isId(r.articleId) ||
      !['to-read', 'reading', 'finished'].includes(r.status) ||
      typeof r.takeaway !== 'string' ||
      r.takeaway.length > MAX_TAKEAWAY_LENGTH ||
      !isTimeOrNull(r.startedAt) ||
      !isTime(r.updatedAt) ||
      (r.status === 'finished' ? !isTime(r.finishedAt) : r.finishedAt !== null),
  );
  const finite = (v: unknown) => typeof v === 'number' && Number.isFinite(v);
  const count = (v: unknown) => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
  const states = ['New', 'Learning', 'Review', 'Relearning'];
  const cards = data.reviewCards.filter(
    (c) =>
      !keysAre(c, CARD_KEYS) ||
      !isId(c.articleId) ||
      ![c.due, c.createdAt, c.updatedAt].every(isTime) ||
      !isTimeOrNull(c.lastReview) ||
      ![c.stability, c.difficulty, c.elapsedDays, c.scheduledDays].every(finite) ||
      ![c.learningSteps, c.reps, c.lapses].every(count) ||
      !states.includes(c.state) ||
      typeof c.suspended !== 'boolean',
  );
  const log = data.reviewLog.filter(
    (e) =>
      !keysAre(e, LOG_KEYS) ||
      !isId(e.articleId) ||
      !(GRADES as readonly unknown[]).includes(e.grade) ||
      !isTime(e.reviewedAt) ||
      !keysAre(e.fsrs, ['difficulty', 'elapsedDays', 'lastElapsedDays', 'learningSteps', 'scheduledDays', 'stability', 'state']) ||
      !states.includes(e.fsrs.state) ||
      ![e.fsrs.stability, e.fsrs.difficulty, e.fsrs.elapsedDays, e.fsrs.lastElapsedDays, e.fsrs.scheduledDays].every(finite) ||
      !count(e.fsrs.learningSteps) ||
      !keysAre(e.before, ['due', 'lastReview', 'updatedAt']) ||
      !isTime(e.before.due) ||
      !isTimeOrNull(e.before.lastReview) ||
      !isTime(e.before.updatedAt),
  );
  const s = data.settings as Record<string, unknown>;
  const reminders = s.reminders as Record<string, unknown> | undefined;
  const settings = [
    Object.keys(s).every((k) => ['retention', 'dailyLimit', 'reminders', 'lastRemindedAt'].includes(k)) ? [] : ['unknown setting'],
    !('retention' in s) || (typeof s.retention === 'number' && s.retention >= 0.8 && s.retention <= 0.95) ? [] : ['retention'],
    !('dailyLimit' in s) || (Number.isInteger(s.dailyLimit) && Number(s.dailyLimit) >= 0 && Number(s.dailyLimit) <= 1000) ? [] : ['dailyLimit'],
    !('lastRemindedAt' in s) || isTimeOrNull(s.lastRemindedAt) ? [] : ['lastRemindedAt'],
    reminders === undefined ||
    (keysAre(reminders, ['days', 'enabled', 'time']) &&
      typeof reminders.enabled === 'boolean' &&
      typeof reminders.time === 'string' &&
      /^([01]\d|2[0-3]):[0-5]\d$/.test(reminders.time) &&
      Array.isArray(reminders.days) &&
      reminders.days.every((d) => Number.isInteger(d) && d >= 0 && d <= 6) &&
      new Set(reminders.days).size === reminders.days.length)
      ? []
      : ['reminders'],
  ].flat();
  return [...progress, ...cards, ...log, ...settings];
}

const byArticle = <T extends { articleId: string }>(records: readonly T[]) => [...records].sort((a, b) => (a.articleId < b.articleId ? -1 : a.articleId > b.articleId ? 1 : 0));
const logOrder = (records: readonly BackupLogEntry[]) =>
  [...records].sort((a, b) => a.reviewedAt - b.reviewedAt || (a.articleId < b.articleId ? -1 : a.articleId > b.articleId ? 1 : 0));

/** What the device holds after a Replace: exactly the backup. */
function replaceModel(incoming: BackupData): BackupData {
  return { progress: byArticle(incoming.progress), reviewCards: byArticle(incoming.reviewCards), reviewLog: logOrder(incoming.reviewLog), settings: incoming.settings };
}

/**
 * What the device holds after a Merge, and what the import reports, by the documented rules:
 * per Article and per card the later `updatedAt` wins (the device on a tie), reviews are the
 * union (an Article at one instant once), settings the device has changed stay, the later
 * lastRemindedAt is kept.
 */
function mergeModel(current: BackupData, incoming: BackupData): { data: BackupData; result: Omit<ImportResult, 'mode'> } {
  const newer = <T extends { articleId: string; updatedAt: number }>(mine: readonly T[], theirs: readonly T[]) => {
    const out = new Map(mine.map((r) => [r.articleId, r]));
    let won = 0;
    for (const r of theirs) {
      const m = out.get(r.articleId);
      if (!m || r.updatedAt > m.updatedAt) (out.set(r.articleId, r), won++);
    }
    return { records: byArticle([...out.values()]), won };
  };
  const progress = newer(current.progress, incoming.progress);
  const cards = newer(current.reviewCards, incoming.reviewCards);
  const logKey = (e: BackupLogEntry) => JSON.stringify([e.articleId, e.reviewedAt]);
  const known = new Set(current.reviewLog.map(logKey));
  const added = incoming.reviewLog.filter((e) => !known.has(logKey(e)));

  const mine = current.settings as Record<string, unknown>;
  const theirs = incoming.settings as Record<string, unknown>;
  const settings: Record<string, unknown> = {};
  for (const key of ['retention', 'dailyLimit', 'reminders']) {
    if (key in mine) settings[key] = mine[key];
    else if (key in theirs) settings[key] = theirs[key];
  }
  if ('lastRemindedAt' in mine || 'lastRemindedAt' in theirs) {
    const times = [mine.lastRemindedAt, theirs.lastRemindedAt].filter((t): t is number => typeof t === 'number');
    settings.lastRemindedAt = times.length > 0 ? Math.max(...times) : null;
  }
  const changedSettings = Object.keys(settings).filter((k) => JSON.stringify(settings[k]) !== JSON.stringify(mine[k])).length;
  return {
    data: { progress: progress.records, reviewCards: cards.records, reviewLog: logOrder([...current.reviewLog, ...added]), settings: settings as Partial<Settings> },
    result: { progress: progress.won, reviewCards: cards.won, reviewLogEntries: added.length, settings: changedSettings },
  };
}

// ---------------------------------------------------------------------------------------------
// The database.
// ---------------------------------------------------------------------------------------------

let db: PyRecallDB;
beforeAll(() => {
  db = createDatabase(`fuzz-backup-${crypto.randomUUID()}`);
});
afterAll(async () => {
  await db.delete();
});

/** Puts the device in the state `backup` describes, plus app bookkeeping a backup never touches. */
async function setDevice(backup: Backup): Promise<void> {
  await wipeDatabase(db);
  const outcome = await importBackupText(serializeBackup(backup), 'replace', { database: db });
  expect(outcome.ok).toBe(true);
  await db.meta.put({ key: 'installedAt', value: T - DAY });
}

/** The device's data as a backup carries it. */
async function deviceData(): Promise<BackupData> {
  const { progress, reviewCards, reviewLog, settings } = await exportBackup(T, { database: db });
  return { progress, reviewCards, reviewLog, settings };
}

/**
 * Imports `text` in both modes onto the device state `base` and checks the outcome: a refusal
 * changes nothing; an acceptance leaves what the models say.
 */
async function importAndCheck(base: Backup, text: string): Promise<'refused' | 'accepted'> {
  const parsed = withinTime(PARSE_BOUND_MS, `parsing ${text.length} characters`, () => parseBackup(text));
  checkPrototypes();
  if (!parsed.ok) {
    checkRefusal(parsed.error);
    await setDevice(base);
    const before = await dumpDatabase(db);
    const bytes = JSON.stringify(before);
    for (const mode of ['replace', 'merge'] as const) {
      const outcome = await withinTimeAsync(IMPORT_BOUND_MS, `importing ${text.length} characters`, () => importBackupText(text, mode, { database: db }));
      expect(outcome).toEqual({ ok: false, error: parsed.error });
      const after = await dumpDatabase(db);
      expect(after).toStrictEqual(before);
      expect(JSON.stringify(after)).toBe(bytes);
    }
    checkPrototypes();
    return 'refused';
  }

  const incoming: BackupData = parsed.backup;
  // What was accepted is what the file says, and only what the app can hold.
  expect(parsed.backup).toEqual(JSON.parse(text.replace(/^\uFEFF/, '')));
  expect(invalidRecords(incoming)).toEqual([]);
  const current = replaceModel(base);
  for (const mode of ['replace', 'merge'] as const satisfies readonly ImportMode[]) {
    await setDevice(base);
    const meta = (await dumpDatabase(db)).meta;
    const outcome = await withinTimeAsync(IMPORT_BOUND_MS, `importing ${text.length} characters`, () => importBackupText(text, mode, { database: db }));
    expect(outcome.ok).toBe(true);
    const model =
      mode === 'replace'
        ? {
            data: replaceModel(incoming),
            result: { progress: incoming.progress.length, reviewCards: incoming.reviewCards.length, reviewLogEntries: incoming.reviewLog.length, settings: Object.keys(incoming.settings).length },
          }
        : mergeModel(current, incoming);
    expect(outcome.ok && outcome.result).toEqual({ mode, ...model.result });
    expect(await deviceData()).toEqual(model.data);
    expect((await dumpDatabase(db)).meta).toEqual(meta);
  }
  checkPrototypes();
  return 'accepted';
}

// ---------------------------------------------------------------------------------------------
// The properties.
// ---------------------------------------------------------------------------------------------

describe('the backup validator on any text', () => {
  it('answers random text and random JSON with one of its own messages, never an exception', () => {
    const text = fc.oneof(
      anyText(200),
      fc.string({ unit: 'binary', maxLength: 2000 }),
      fc.json({ maxDepth: 4 }),
      fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)),
      fc.record({ format: fc.oneof(fc.constant('pyrecall-backup'), anyText(10)), version: fc.jsonValue({ maxDepth: 1 }) }, { requiredKeys: [] }).chain((head) =>
        fc.dictionary(fc.oneof(fc.constantFrom('exportedAt', 'progress', 'reviewCards', 'reviewLog', 'settings', 'appVersion'), anyText(6)), fc.jsonValue({ maxDepth: 3 })).map((rest) => JSON.stringify({ ...head, ...rest })),
      ),
    );
    fc.assert(
      fc.property(text, (t) => {
        const parsed = withinTime(PARSE_BOUND_MS, `parsing ${t.length} characters`, () => parseBackup(t));
        if (parsed.ok) expect(invalidRecords(parsed.backup)).toEqual([]);
        else checkRefusal(parsed.error);
        checkPrototypes();
      }),
      params(1500),
    );
  }, fuzzTimeout());

  it('accepts every valid backup, however it is written, and reads back exactly what it holds', () => {
    fc.assert(
      fc.property(backupArb.chain((b) => fc.tuple(fc.constant(b), backupText(b))), ([backup, text]) => {
        const parsed = withinTime(PARSE_BOUND_MS, 'parsing', () => parseBackup(text));
        expect(parsed.ok ? '' : parsed.error).toBe('');
        if (!parsed.ok) return;
        expect(parsed.backup).toEqual(JSON.parse(JSON.stringify(backup)));
        expect(parsed.summary).toMatchObject({
          articles: backup.progress.length,
          finished: backup.progress.filter((p) => p.status === 'finished').length,
          reading: backup.progress.filter((p) => p.status === 'reading').length,
          notes: backup.progress.filter((p) => p.takeaway.trim() !== '').length,
          reviewCards: backup.reviewCards.length,
          reviewLogEntries: backup.reviewLog.length,
          settings: Object.keys(backup.settings).length,
        });
      }),
      params(300),
    );
  }, fuzzTimeout());
});

describe('the backup import on damaged files', () => {
  it('refuses a damaged file with one of its own messages and leaves the database exactly as it was; an accepted one lands as the model says', async () => {
    const counts = { refused: 0, accepted: 0 };
    await fc.assert(
      fc.asyncProperty(backupArb, backupArb, fc.array(damageArb, { minLength: 1, maxLength: 2 }), async (base, incoming, damages) => {
        counts[await importAndCheck(base, damage(incoming, damages))]++;
      }),
      params(150),
    );
    // Both branches were exercised (a few damages, such as deleting a list item, keep a file valid).
    expect(counts.refused).toBeGreaterThan(0);
    expect(counts.accepted).toBeGreaterThan(0);
  }, fuzzTimeout());

  it('imports any valid backup onto any device as Replace and Merge say', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.tuple(backupArb, backupArb), relatedBackups).chain(([base, incoming]) => fc.tuple(fc.constant(base), backupText(incoming))),
        async ([base, text]) => {
          expect(await importAndCheck(base, text)).toBe('accepted');
        },
      ),
      params(80),
    );
  }, fuzzTimeout());

  it('refuses every wrong value of every field, naming the field, and changes nothing', async () => {
    await fc.assert(
      fc.asyncProperty(
        backupArb,
        backupArb.filter((b) => b.progress.length > 0 && b.reviewCards.length > 0 && b.reviewLog.length > 0),
        fc.nat(),
        fc.nat(),
        async (base, incoming, pick, sample) => {
          // Every field with every wrong value (parsing only, it is quick)…
          const damaged = (Object.keys(BAD_FIELDS) as (keyof typeof BAD_FIELDS)[]).flatMap((where) =>
            Object.entries(BAD_FIELDS[where]).flatMap(([, values], f) => values.map((_, v) => damageField(incoming, where, pick, f, v))),
          );
          const wrong = damaged.flatMap(({ text, expected }) => {
            const parsed = parseBackup(text);
            return parsed.ok ? [`accepted: ${expected}`] : parsed.error.startsWith(expected) ? [] : [`${expected}… but: ${parsed.error}`];
          });
          expect(wrong).toEqual([]);
          // …and one of them through the importer, which must change nothing.
          expect(await importAndCheck(base, damaged[sample % damaged.length].text)).toBe('refused');
        },
      ),
      params(30),
    );
  }, fuzzTimeout());

  it('refuses an Article marked finished without a finish time, or unfinished with one', async () => {
    await fc.assert(
      fc.asyncProperty(backupArb, backupArb.filter((b) => b.progress.length > 0), fc.nat(), fc.constantFrom<ReadingStatus>('to-read', 'reading', 'finished'), time, async (base, incoming, pick, status, finishedAt) => {
        const damaged = structuredClone(incoming);
        const i = pick % damaged.progress.length;
        const record = damaged.progress[i];
        record.status = status;
        record.finishedAt = status === 'finished' ? null : finishedAt;
        const text = serializeBackup(damaged);
        const parsed = parseBackup(text);
        const expected = `The backup is damaged: progress[${i}] is marked `;
        expect(parsed.ok ? 'accepted' : parsed.error.slice(0, expected.length)).toBe(expected);
        expect(await importAndCheck(base, text)).toBe('refused');
      }),
      params(40),
    );
  }, fuzzTimeout());

  it('refuses every file with a forbidden key, anywhere, and Object.prototype stays clean', async () => {
    await fc.assert(
      fc.asyncProperty(
        backupArb,
        backupArb,
        fc.record({ kind: fc.constant('forbidden' as const), pick: fc.nat(), key: fc.constantFrom('__proto__', 'constructor', 'prototype'), value: fc.constantFrom<Json>({ polluted: 'yes' }, { prototype: { polluted: 'yes' } }) }),
        async (base, incoming, forbidden) => {
          const text = damage(incoming, [forbidden]);
          expect(await importAndCheck(base, text)).toBe('refused');
          expect(parseBackup(text)).toMatchObject({ ok: false, error: expect.stringMatching(/^The backup contains a field named "(__proto__|constructor|prototype)"/) });
        },
      ),
      params(60),
    );
  }, fuzzTimeout());

  it('refuses every file cut short, at any offset, as incomplete; and one with text after its end as not JSON', async () => {
    const incomplete = /^The backup file is incomplete: /;
    await fc.assert(
      fc.asyncProperty(
        backupArb,
        backupArb.chain((b) => fc.tuple(fc.constant(b), backupText(b))),
        fc.nat(),
        fc.constantFrom('}', ']', ',', 'x', '{}', '"', ' {', '\u0000'),
        async (base, [, text], at, garbage) => {
          const body = text.trimEnd();
          const cut = body.slice(0, at % body.length);
          const parsed = parseBackup(cut);
          expect(parsed.ok ? 'accepted' : parsed.error).toMatch(cut.replace(/^\uFEFF/, '').trim() === '' ? /^The file is empty/ : incomplete);
          expect(await importAndCheck(base, cut)).toBe('refused');
          expect(parseBackup(`${body}${garbage}`)).toEqual({ ok: false, error: 'This file is not a PyRecall backup: it is not valid JSON.' });
          expect(parseBackup(`${body} \n\t\r\n`).ok).toBe(true);
        },
      ),
      params(60),
    );
  }, fuzzTimeout());

  it('refuses every file with the same Article, card or review twice', async () => {
    await fc.assert(
      fc.asyncProperty(
        backupArb,
        backupArb.filter((b) => b.progress.length > 0 && b.reviewCards.length > 0 && b.reviewLog.length > 0),
        fc.record({ kind: fc.constant('duplicate' as const), list: fc.constantFrom('progress' as const, 'reviewCards' as const, 'reviewLog' as const), pick: fc.nat(), sameIdOnly: fc.boolean() }),
        async (base, incoming, duplicate) => {
          const text = damage(incoming, [duplicate]);
          expect(await importAndCheck(base, text)).toBe('refused');
          expect(parseBackup(text)).toMatchObject({ ok: false, error: expect.stringMatching(/^The backup is damaged: (progress|reviewCards|reviewLog)\[\d+\] repeats /) });
        },
      ),
      params(60),
    );
  }, fuzzTimeout());
});

describe('the backup import on pathological files', () => {
  const head = '{"format":"pyrecall-backup","version":1,"exportedAt":1,';
  const tail = '"reviewCards":[],"reviewLog":[],"settings":{}}';
  const deep = (depth: number, inner = '0') => `${'['.repeat(depth)}${inner}${']'.repeat(depth)}`;
  const cases: [string, string][] = [
    ['a file that is 10,000 nested lists', deep(10_000)],
    ['progress as 10,000 nested lists', `${head}"progress":${deep(10_000)},${tail}`],
    ['a progress record as 10,000 nested lists', `${head}"progress":[${deep(10_000)}],${tail}`],
    ['a version of 10,000 nested lists', `{"format":"pyrecall-backup","version":${deep(10_000)}}`],
    ['reminder days as 10,000 nested lists', `${head}"progress":[],"reviewCards":[],"reviewLog":[],"settings":{"reminders":{"enabled":true,"time":"09:00","days":${deep(10_000)}}}}`],
    ['"__proto__" under 10,000 nested lists', `${head}"progress":${deep(10_000, '{"__proto__":{"polluted":1}}')},${tail}`],
    ['"__proto__" under a 100,000-character key', `${head}"${'k'.repeat(100_000)}":{"__proto__":{"polluted":1}},"progress":[],${tail}`],
    ['10,000 nested objects', `${head}"progress":[],"x":${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)},${tail}`],
    ['1,000,000 unclosed lists', '['.repeat(1_000_000)],
    ['1,000,000 quotes', '"'.repeat(1_000_000)],
    ['a takeaway of 5,000,000 characters', `${head}"progress":[{"articleId":"a","status":"reading","takeaway":"${'x'.repeat(5_000_000)}","startedAt":1,"finishedAt":null,"updatedAt":1}],${tail}`],
    ['an Article id of 1,000,000 characters', `${head}"progress":[{"articleId":"${'i'.repeat(1_000_000)}","status":"reading","takeaway":"","startedAt":1,"finishedAt":null,"updatedAt":1}],${tail}`],
    ['20,000 progress records of one Article', `${head}"progress":[${Array(20_000).fill('{"articleId":"a","status":"to-read","takeaway":"","startedAt":null,"finishedAt":null,"updatedAt":1}').join(',')}],${tail}`],
  ];

  it.each(cases)('refuses %s with a short message of its own, quickly, changing nothing', async (_name, text) => {
    const base: Backup = { format: 'pyrecall-backup', version: 1, exportedAt: T, progress: [], reviewCards: [], reviewLog: [], settings: { dailyLimit: 5 } };
    expect(await importAndCheck(base, text)).toBe('refused');
  }, fuzzTimeout());
});
