/**
 * The backup file: everything the user owns (reading progress, review cards, the review log,
 * settings) as one JSON document, its strict validator, and the rule for merging two of them.
 *
 * Pure TypeScript (no Dexie, no DOM). The validator is hand-written rather than a schema
 * library: the format is small, the messages have to speak to readers rather than to
 * developers, and every field check is shared with the storage layer so anything the app can
 * store is something a backup can carry back.
 */
import {
  MAX_ARTICLE_ID_LENGTH,
  MAX_TAKEAWAY_LENGTH,
  READING_STATUSES,
  isTimestamp,
  type ProgressRecord,
} from './progress';
import type { ReminderSettings } from './reminders';
import { DEFAULT_DAILY_LIMIT } from './review-queue';
import {
  DEFAULT_DESIRED_RETENTION,
  GRADES,
  MAX_DESIRED_RETENTION,
  MIN_DESIRED_RETENTION,
  type CardState,
  type ReviewCard,
  type ReviewLogEntry,
} from './scheduler';

// ---------------------------------------------------------------------------------------------
// What the backup carries besides progress. Review cards and log entries are the scheduler's
// (scheduler.ts), reminder settings are reminders.ts's: the backup carries them as defined there.
// ---------------------------------------------------------------------------------------------

/** A review log entry as a backup carries it: without the device-local auto-increment id. */
export type BackupLogEntry = Omit<ReviewLogEntry, 'id'>;

/** The reader's settings. */
export interface Settings {
  /** Desired recall probability the review scheduler aims for. */
  retention: number;
  /** Most reviews offered per day. */
  dailyLimit: number;
  reminders: ReminderSettings;
  /** When the last reminder was shown; null before the first. */
  lastRemindedAt: number | null;
}

/** The name of one setting. */
export type SettingKey = keyof Settings;

/** What a reader who never opened the settings gets. */
export const DEFAULT_SETTINGS: Readonly<Settings> = Object.freeze({
  retention: DEFAULT_DESIRED_RETENTION,
  dailyLimit: DEFAULT_DAILY_LIMIT,
  // Frozen all the way down: readers get copies (see copySetting), never this object.
  reminders: Object.freeze({ enabled: false, time: '09:00', days: Object.freeze([0, 1, 2, 3, 4, 5, 6]) as number[] }),
  lastRemindedAt: null,
});

/** Every setting, in the order the backup writes them. */
export const SETTING_KEYS: readonly SettingKey[] = ['retention', 'dailyLimit', 'reminders', 'lastRemindedAt'];

/** The scheduler clamps retention to this range; storing only values inside it keeps the settings screen honest. */
export const MIN_RETENTION = MIN_DESIRED_RETENTION;
export const MAX_RETENTION = MAX_DESIRED_RETENTION;
/** More reviews a day than anyone does; the bound only keeps typos out. */
export const MAX_DAILY_LIMIT = 1000;

/** Why `value` cannot be the setting `key`, or undefined when it can. */
export function settingProblem(key: SettingKey, value: unknown): string | undefined {
  return SETTING_CHECKS[key](value);
}

/** True when `key` names a setting (and is not something inherited from Object.prototype). */
export function isSettingKey(key: unknown): key is SettingKey {
  return typeof key === 'string' && (SETTING_KEYS as readonly string[]).includes(key);
}

// ---------------------------------------------------------------------------------------------
// The file format.
// ---------------------------------------------------------------------------------------------

export const BACKUP_FORMAT = 'pyrecall-backup';
/** Bumped whenever an older app could misread a newer file. */
export const BACKUP_VERSION = 1;
/** Files longer than this (in characters) are refused before parsing; a real backup is far smaller. */
export const MAX_BACKUP_LENGTH = 60 * 1024 * 1024;
/** The app version is only ever a short label. */
export const MAX_APP_VERSION_LENGTH = 50;

/** The user's data, without the file's envelope: what gets exported, imported and merged. */
export interface BackupData {
  progress: ProgressRecord[];
  reviewCards: ReviewCard[];
  reviewLog: BackupLogEntry[];
  /** Only the settings the reader changed; a missing key means "the default". */
  settings: Partial<Settings>;
}

/** A backup file, version 1. */
export interface Backup extends BackupData {
  format: typeof BACKUP_FORMAT;
  version: typeof BACKUP_VERSION;
  exportedAt: number;
  /** The app version that wrote the file, for support; never interpreted. */
  appVersion?: string;
}

/** What a file holds, for the "import this backup?" confirmation. */
export interface BackupSummary {
  exportedAt: number;
  appVersion?: string;
  /** Articles with a record (any status). */
  articles: number;
  finished: number;
  reading: number;
  /** Articles with a non-empty takeaway. */
  notes: number;
  reviewCards: number;
  reviewLogEntries: number;
  /** Settings the file changes from their defaults. */
  settings: number;
  /** Records for Articles the catalogue no longer has (kept anyway); only when known ids were given. */
  unknownArticles?: number;
}

/** A parsed file, or why it was refused (a sentence to show as is). */
export type ParseBackupResult =
  | { ok: true; backup: Backup; summary: BackupSummary }
  | { ok: false; error: string };

/** Wraps the user's data in the file envelope. */
export function makeBackup(data: BackupData, exportedAt: number, appVersion?: string): Backup {
  const backup: Backup = { format: BACKUP_FORMAT, version: BACKUP_VERSION, exportedAt, ...data };
  if (appVersion !== undefined) backup.appVersion = appVersion;
  return backup;
}

/**
 * The file's text: one record per line, so a reader can open it in an editor and a diff of
 * two backups stays readable, without the size of fully indented JSON.
 */
export function serializeBackup(backup: Backup): string {
  const list = (items: readonly unknown[]) =>
    items.length === 0 ? '[]' : `[\n    ${items.map((i) => JSON.stringify(i)).join(',\n    ')}\n  ]`;
  const head: [string, unknown][] = [
    ['format', backup.format],
    ['version', backup.version],
    ['exportedAt', backup.exportedAt],
  ];
  if (backup.appVersion !== undefined) head.push(['appVersion', backup.appVersion]);
  const lines = head.map(([k, v]) => `  ${JSON.stringify(k)}: ${JSON.stringify(v)}`);
  lines.push(`  "progress": ${list(backup.progress)}`);
  lines.push(`  "reviewCards": ${list(backup.reviewCards)}`);
  lines.push(`  "reviewLog": ${list(backup.reviewLog)}`);
  lines.push(`  "settings": ${JSON.stringify(backup.settings)}`);
  return `{\n${lines.join(',\n')}\n}\n`;
}

/** Reads and validates a backup file's text. Never throws; every refusal says why in the reader's words. */
export function parseBackup(text: string, options: { knownArticleIds?: ReadonlySet<string> } = {}): ParseBackupResult {
  try {
    const backup = readBackup(text);
    return { ok: true, backup, summary: summarizeBackup(backup, options.knownArticleIds) };
  } catch (error) {
    if (error instanceof BackupProblem) return { ok: false, error: error.message };
    // Only a bug of ours gets here (or an engine limit such as running out of memory).
    return { ok: false, error: `This file could not be read as a PyRecall backup (${String(error)}).` };
  }
}

/** Counts what a backup holds. */
export function summarizeBackup(backup: Backup, knownArticleIds?: ReadonlySet<string>): BackupSummary {
  const summary: BackupSummary = {
    exportedAt: backup.exportedAt,
    articles: backup.progress.length,
    finished: backup.progress.filter((p) => p.status === 'finished').length,
    reading: backup.progress.filter((p) => p.status === 'reading').length,
    notes: backup.progress.filter((p) => p.takeaway.trim() !== '').length,
    reviewCards: backup.reviewCards.length,
    reviewLogEntries: backup.reviewLog.length,
    settings: Object.keys(backup.settings).length,
  };
  if (backup.appVersion !== undefined) summary.appVersion = backup.appVersion;
  if (knownArticleIds) {
    const ids = new Set([...backup.progress, ...backup.reviewCards, ...backup.reviewLog].map((r) => r.articleId));
    summary.unknownArticles = [...ids].filter((id) => !knownArticleIds.has(id)).length;
  }
  return summary;
}

/** The key that identifies a review log entry across devices: the same Article reviewed at the same instant. */
export function reviewLogKey(entry: Pick<BackupLogEntry, 'articleId' | 'reviewedAt'>): string {
  return `${entry.reviewedAt}\u0000${entry.articleId}`;
}

/**
 * Merges a backup into the current data. Per Article (progress) and per review card, the side
 * with the later `updatedAt` wins, the current one on a tie; review log entries are the union
 * of both, each review once. Settings the device has changed stay as they are, the others are
 * taken from the backup, and the later lastRemindedAt is kept. Records that win are returned as
 * the same objects, so callers can tell which came from `incoming`.
 */
export function mergeBackup(current: BackupData, incoming: BackupData): BackupData {
  return {
    progress: newerWins(current.progress, incoming.progress),
    reviewCards: newerWins(current.reviewCards, incoming.reviewCards),
    reviewLog: unionLog(current.reviewLog, incoming.reviewLog),
    settings: mergeSettings(current.settings, incoming.settings),
  };
}

function newerWins<T extends { articleId: string; updatedAt: number }>(current: readonly T[], incoming: readonly T[]): T[] {
  const byId = new Map(current.map((r) => [r.articleId, r]));
  for (const r of incoming) {
    const mine = byId.get(r.articleId);
    if (!mine || r.updatedAt > mine.updatedAt) byId.set(r.articleId, r);
  }
  return [...byId.values()].sort((a, b) => compareText(a.articleId, b.articleId));
}

function unionLog(current: readonly BackupLogEntry[], incoming: readonly BackupLogEntry[]): BackupLogEntry[] {
  const byKey = new Map(current.map((e) => [reviewLogKey(e), e]));
  for (const e of incoming) if (!byKey.has(reviewLogKey(e))) byKey.set(reviewLogKey(e), e);
  return [...byKey.values()].sort(compareLogEntries);
}

/** Review log order: by time, then Article. */
export function compareLogEntries(a: BackupLogEntry, b: BackupLogEntry): number {
  return a.reviewedAt - b.reviewedAt || compareText(a.articleId, b.articleId);
}

function mergeSettings(current: Partial<Settings>, incoming: Partial<Settings>): Partial<Settings> {
  const merged: Partial<Settings> = {};
  for (const key of SETTING_KEYS) {
    const value = Object.hasOwn(current, key) ? current[key] : incoming[key];
    if (value !== undefined) assignSetting(merged, key, value);
  }
  const reminded = [current.lastRemindedAt, incoming.lastRemindedAt].filter(isTimestamp);
  if (reminded.length > 0) merged.lastRemindedAt = Math.max(...reminded);
  return merged;
}

/** Sets one setting on a partial settings object, keeping the key and value types together. */
export function assignSetting<K extends SettingKey>(target: Partial<Settings>, key: K, value: Settings[K]): void {
  target[key] = value;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

// ---------------------------------------------------------------------------------------------
// The validator. Each check returns what is wrong ("must be …"), or undefined; the reader
// wraps that with where it is ("progress[3].status").
// ---------------------------------------------------------------------------------------------

class BackupProblem extends Error {}

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

type Check = (value: unknown) => string | undefined;

function readBackup(text: string): Backup {
  if (typeof text !== 'string') throw new BackupProblem('This is not a PyRecall backup: no text was given.');
  // Measured before JSON.parse, which would otherwise spend the memory first.
  if (text.length > MAX_BACKUP_LENGTH) {
    throw new BackupProblem(
      `This file is too large to be a PyRecall backup (${megabytes(text.length)}; the limit is ${MAX_BACKUP_LENGTH / MEGABYTE} MB). Choose the file PyRecall exported.`,
    );
  }
  const body = text.replace(/^\uFEFF/, '');
  if (body.trim() === '') throw new BackupProblem('The file is empty: there is nothing to import.');
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw new BackupProblem(
      looksTruncated(body)
        ? 'The backup file is incomplete: it stops partway through, as if the download or copy was interrupted. Export it again from the device that made it.'
        : 'This file is not a PyRecall backup: it is not valid JSON.',
    );
  }
  if (!isPlainObject(parsed)) {
    throw new BackupProblem('This file is not a PyRecall backup: it holds JSON, but not a PyRecall backup.');
  }
  const format = own(parsed, 'format');
  if (format === undefined) {
    throw new BackupProblem('This file is not a PyRecall backup: it has no "format": "pyrecall-backup" field.');
  }
  if (format !== BACKUP_FORMAT) {
    throw new BackupProblem(`This file is not a PyRecall backup: its format is ${found(format)}, not "${BACKUP_FORMAT}".`);
  }
  const version = own(parsed, 'version');
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    throw damaged('version', `must be a whole number from 1 up (found ${found(version)})`);
  }
  if (version > BACKUP_VERSION) {
    throw new BackupProblem(`This backup was made by a newer PyRecall (v${version}); update the app first.`);
  }
  rejectForbiddenKeys(parsed);

  const data = readRecord(parsed, '', TOP_LEVEL) as unknown as Omit<Backup, 'progress' | 'reviewCards' | 'reviewLog' | 'settings'>;
  const progress = readList<ProgressRecord>(parsed.progress, 'progress', PROGRESS_FIELDS, (r, path) => checkFinished(r, path));
  const reviewCards = readList<ReviewCard>(parsed.reviewCards, 'reviewCards', CARD_FIELDS);
  const reviewLog = readList<BackupLogEntry>(parsed.reviewLog, 'reviewLog', LOG_FIELDS);
  rejectDuplicates(progress, 'progress', (r) => r.articleId, (r) => `article "${r.articleId}"`);
  rejectDuplicates(reviewCards, 'reviewCards', (r) => r.articleId, (r) => `the card of article "${r.articleId}"`);
  rejectDuplicates(reviewLog, 'reviewLog', reviewLogKey, (e) => `the review of article "${e.articleId}" at ${new Date(e.reviewedAt).toISOString()}`);
  const settings = readSettings(parsed.settings);

  const backup = makeBackup({ progress, reviewCards, reviewLog, settings }, data.exportedAt, data.appVersion);
  return backup;
}

function damaged(path: string, problem: string): BackupProblem {
  return new BackupProblem(`The backup is damaged: ${path === '' ? 'the file' : path} ${problem}.`);
}

/** True when the text opens a JSON object or array and ends with one still open (or inside a string). */
function looksTruncated(text: string): boolean {
  const start = text.trimStart()[0];
  if (start !== '{' && start !== '[') return false;
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
    } else if (ch === '"') inString = true;
    else if (ch === '{' || ch === '[') depth++;
    else if (ch === '}' || ch === ']') {
      depth--;
      if (depth < 0) return false;
      // A complete value followed by more text is malformed, not cut short.
      if (depth === 0 && text.slice(i + 1).trim() !== '') return false;
    }
  }
  return inString || depth > 0;
}

/**
 * JSON.parse keeps "__proto__" as an ordinary key, but any later spread or merge of such an
 * object could reach Object.prototype. PyRecall never writes these names, so a file with them
 * is refused outright rather than cleaned.
 */
function rejectForbiddenKeys(root: object): void {
  const stack: [unknown, string][] = [[root, '']];
  while (stack.length > 0) {
    const [value, path] = stack.pop() as [unknown, string];
    if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) {
        if (typeof value[i] === 'object' && value[i] !== null) stack.push([value[i], `${path}[${i}]`]);
      }
    } else if (typeof value === 'object' && value !== null) {
      for (const key of Object.keys(value)) {
        if (FORBIDDEN_KEYS.has(key)) {
          throw new BackupProblem(
            `The backup contains a field named "${key}"${path ? ` (in ${clip(path)})` : ''}, which PyRecall never writes: the file may have been tampered with, so nothing was imported.`,
          );
        }
        const child: unknown = (value as Record<string, unknown>)[key];
        if (typeof child === 'object' && child !== null) stack.push([child, path ? `${path}.${key}` : key]);
      }
    }
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function own(obj: Record<string, unknown>, key: string): unknown {
  return Object.hasOwn(obj, key) ? obj[key] : undefined;
}

/** Reads an object whose fields are exactly `fields` (those marked optional may be absent). */
function readRecord(value: unknown, path: string, fields: Fields): Record<string, unknown> {
  if (!isPlainObject(value)) throw damaged(path, `must be an object (found ${found(value)})`);
  for (const key of Object.keys(value)) {
    if (!Object.hasOwn(fields, key)) throw damaged(path, `has an unknown field "${clip(key)}"`);
  }
  // A fresh object with only the known keys: nothing from the file survives unchecked.
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(fields)) {
    const where = path ? `${path}.${key}` : key;
    if (!Object.hasOwn(value, key)) {
      if ('optional' in field && field.optional) continue;
      throw damaged(where, 'is missing');
    }
    if ('fields' in field) {
      out[key] = readRecord(value[key], where, field.fields);
      continue;
    }
    const problem = field.check(value[key]);
    if (problem !== undefined) throw damaged(where, problem);
    out[key] = value[key];
  }
  return out;
}

function readList<T>(value: unknown, path: string, fields: Fields, extra?: (record: T, path: string) => void): T[] {
  if (!Array.isArray(value)) throw damaged(path, `must be a list (found ${found(value)})`);
  return value.map((item, i) => {
    // Every key of `fields` was checked against T's shape where the field table is declared.
    const record = readRecord(item, `${path}[${i}]`, fields) as unknown as T;
    extra?.(record, `${path}[${i}]`);
    return record;
  });
}

function rejectDuplicates<T>(records: readonly T[], path: string, key: (r: T) => string, name: (r: T) => string): void {
  const seen = new Map<string, number>();
  records.forEach((r, i) => {
    const k = key(r);
    const first = seen.get(k);
    if (first !== undefined) throw damaged(`${path}[${i}]`, `repeats ${name(r)} (already in ${path}[${first}])`);
    seen.set(k, i);
  });
}

function checkFinished(record: ProgressRecord, path: string): void {
  if (record.status === 'finished' && record.finishedAt === null) {
    throw damaged(path, 'is marked finished but has no finishedAt time');
  }
  if (record.status !== 'finished' && record.finishedAt !== null) {
    throw damaged(path, `is marked "${record.status}" but has a finishedAt time`);
  }
}

function readSettings(value: unknown): Partial<Settings> {
  if (!isPlainObject(value)) throw damaged('settings', `must be an object (found ${found(value)})`);
  const settings: Partial<Settings> = {};
  for (const key of Object.keys(value)) {
    if (!isSettingKey(key)) throw damaged('settings', `has an unknown setting "${clip(key)}"`);
  }
  for (const key of SETTING_KEYS) {
    if (!Object.hasOwn(value, key)) continue;
    const problem = settingProblem(key, value[key]);
    if (problem !== undefined) throw damaged(`settings.${key}`, problem);
    assignSetting(settings, key, copySetting(key, value[key]));
  }
  return settings;
}

/** A fresh copy of a setting value that passed its check, sharing nothing with its source. */
export function copySetting<K extends SettingKey>(_key: K, checked: unknown): Settings[K] {
  // The caller has run settingProblem(key, checked), so the value has Settings[K]'s shape.
  return structuredClone(checked) as Settings[K];
}

/** How one field is checked: a value check, or (for a nested object) its own field table. */
type Field = { check: Check; optional?: boolean } | { fields: Fields };
type Fields = Record<string, Field>;

/** A field table for T: one entry per property, so adding a property to T without a check fails to compile. */
type FieldsOf<T> = { [K in keyof T]-?: Field };

/** Already checked elsewhere (the envelope and the lists are read on their own). */
const checkedElsewhere: Field = { check: () => undefined };

const TOP_LEVEL: FieldsOf<Backup> = {
  format: checkedElsewhere,
  version: checkedElsewhere,
  exportedAt: { check: time },
  appVersion: { check: text(MAX_APP_VERSION_LENGTH), optional: true },
  progress: checkedElsewhere,
  reviewCards: checkedElsewhere,
  reviewLog: checkedElsewhere,
  settings: checkedElsewhere,
};

const PROGRESS_FIELDS: FieldsOf<ProgressRecord> = {
  articleId: { check: articleIdCheck },
  status: { check: oneOf(READING_STATUSES) },
  takeaway: { check: text(MAX_TAKEAWAY_LENGTH, true) },
  startedAt: { check: timeOrNull },
  finishedAt: { check: timeOrNull },
  updatedAt: { check: time },
};

/** Every card state, as a record so a new state in ts-fsrs's type fails to compile here. */
const CARD_STATES = Object.keys({ New: true, Learning: true, Review: true, Relearning: true } satisfies Record<CardState, true>);

// FSRS memory values (stability, difficulty, day counts) are whatever the scheduler computed:
// any finite number is accepted, so everything the app stores can be exported and read back.
const CARD_FIELDS: FieldsOf<ReviewCard> = {
  articleId: { check: articleIdCheck },
  due: { check: time },
  stability: { check: finite },
  difficulty: { check: finite },
  elapsedDays: { check: finite },
  scheduledDays: { check: finite },
  learningSteps: { check: count },
  reps: { check: count },
  lapses: { check: count },
  state: { check: oneOf(CARD_STATES) },
  lastReview: { check: timeOrNull },
  suspended: { check: boolean },
  createdAt: { check: time },
  updatedAt: { check: time },
};

const LOG_FIELDS: FieldsOf<BackupLogEntry> = {
  articleId: { check: articleIdCheck },
  grade: { check: oneOf(GRADES) },
  reviewedAt: { check: time },
  fsrs: {
    fields: {
      state: { check: oneOf(CARD_STATES) },
      stability: { check: finite },
      difficulty: { check: finite },
      elapsedDays: { check: finite },
      lastElapsedDays: { check: finite },
      scheduledDays: { check: finite },
      learningSteps: { check: count },
    } satisfies FieldsOf<BackupLogEntry['fsrs']>,
  },
  before: {
    fields: {
      due: { check: time },
      lastReview: { check: timeOrNull },
      updatedAt: { check: time },
    } satisfies FieldsOf<BackupLogEntry['before']>,
  },
};

const SETTING_CHECKS: { [K in SettingKey]: Check } = {
  retention: (v) =>
    typeof v !== 'number' || !Number.isFinite(v) || v < MIN_RETENTION || v > MAX_RETENTION
      ? `must be a number from ${MIN_RETENTION} to ${MAX_RETENTION} (found ${found(v)})`
      : undefined,
  dailyLimit: (v) =>
    typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > MAX_DAILY_LIMIT
      ? `must be a whole number from 0 to ${MAX_DAILY_LIMIT} (found ${found(v)})`
      : undefined,
  reminders: (v) => {
    if (!isPlainObject(v)) return `must be an object (found ${found(v)})`;
    const unknown = Object.keys(v).find((k) => !['enabled', 'time', 'days'].includes(k));
    if (unknown !== undefined) return `has an unknown field "${clip(unknown)}"`;
    if (typeof v.enabled !== 'boolean') return `needs true or false in "enabled" (found ${found(v.enabled)})`;
    if (typeof v.time !== 'string' || !/^([01]\d|2[0-3]):[0-5]\d$/.test(v.time)) {
      return `needs a time of day such as "09:00" in "time" (found ${found(v.time)})`;
    }
    const days = v.days;
    if (
      !Array.isArray(days) ||
      !days.every((d) => Number.isInteger(d) && d >= 0 && d <= 6) ||
      new Set(days).size !== days.length
    ) {
      return `needs a list of different weekdays, 0 (Sunday) to 6 (Saturday), in "days" (found ${found(days)})`;
    }
    return undefined;
  },
  lastRemindedAt: timeOrNull,
};

function time(v: unknown): string | undefined {
  return isTimestamp(v) ? undefined : `must be a time in milliseconds since 1970, a whole number 0 or more (found ${found(v)})`;
}

function timeOrNull(v: unknown): string | undefined {
  return v === null ? undefined : isTimestamp(v) ? undefined : `must be null or a time in milliseconds since 1970 (found ${found(v)})`;
}

function finite(v: unknown): string | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? undefined : `must be a number (found ${found(v)})`;
}

function boolean(v: unknown): string | undefined {
  return typeof v === 'boolean' ? undefined : `must be true or false (found ${found(v)})`;
}

function count(v: unknown): string | undefined {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 ? undefined : `must be a whole number 0 or more (found ${found(v)})`;
}

function articleIdCheck(v: unknown): string | undefined {
  if (typeof v !== 'string') return `must be text (found ${found(v)})`;
  if (v.length > 0 && v.length <= MAX_ARTICLE_ID_LENGTH) return undefined;
  return v.length === 0 ? 'must not be empty' : `is ${v.length.toLocaleString('en')} characters long; the limit is ${MAX_ARTICLE_ID_LENGTH}`;
}

function text(max: number, allowEmpty = false): Check {
  return (v) => {
    if (typeof v !== 'string') return `must be text (found ${found(v)})`;
    if (!allowEmpty && v.length === 0) return 'must not be empty';
    if (v.length > max) return `is ${v.length.toLocaleString('en')} characters long; the limit is ${max.toLocaleString('en')}`;
    return undefined;
  };
}

function oneOf(values: readonly (string | number)[]): Check {
  const list = values.map((v) => JSON.stringify(v));
  const phrase = list.length > 1 ? `${list.slice(0, -1).join(', ')} or ${list[list.length - 1]}` : list[0];
  return (v) => ((values as readonly unknown[]).includes(v) ? undefined : `must be ${phrase} (found ${found(v)})`);
}

/** A short, safe description of a value found in the file, for messages. */
function found(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (typeof v === 'string') return JSON.stringify(clip(v));
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) {
    // Short lists (weekdays) are shown; a long one is never serialized just to be described.
    // Only flat lists are quoted: a deeply nested one would overflow the stack in JSON.stringify.
    const json = v.length <= 10 && v.every((x) => x === null || typeof x !== 'object') ? JSON.stringify(v) : '';
    return json !== '' && json.length <= 40 ? json : 'a list';
  }
  return 'an object';
}

function clip(s: string): string {
  return s.length > 40 ? `${s.slice(0, 40)}…` : s;
}

const MEGABYTE = 1024 * 1024;

/** Rounded up, so a file just over the limit never reads as exactly the limit. */
function megabytes(chars: number): string {
  return `${(Math.ceil((chars / MEGABYTE) * 10) / 10).toFixed(1)} MB`;
}
