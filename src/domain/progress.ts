/**
 * Reading progress: the record kept for each Article, how a status change or a takeaway
 * rewrites it, and the read-only views the screens show (what to read next, counts, the
 * weekly chart, recently finished).
 *
 * Pure TypeScript (no Dexie, no DOM): the storage layer and the backup validator share these
 * rules, so what the app stores is always something a backup file can carry.
 */
import type { Article, Catalogue, Section } from './catalogue';

/** Where the reader is with an Article. An Article without a record is 'to-read'. */
export type ReadingStatus = 'to-read' | 'reading' | 'finished';

/** Every status, in the order a reader moves through them. */
export const READING_STATUSES: readonly ReadingStatus[] = ['to-read', 'reading', 'finished'];

/** What the app remembers about one Article. Times are epoch milliseconds. */
export interface ProgressRecord {
  /** The catalogue's stable Article id; ids the catalogue no longer has are kept. */
  articleId: string;
  status: ReadingStatus;
  /** The reader's own note on what to remember; empty when there is none. */
  takeaway: string;
  /** When the reader first started (or finished, if they never marked it as reading). */
  startedAt: number | null;
  /** Set exactly when the status is 'finished'. */
  finishedAt: number | null;
  /** The last change: a backup merge keeps whichever side changed the Article last. */
  updatedAt: number;
}

/** Longest takeaway the app stores (and a backup may carry): about eight printed pages. */
export const MAX_TAKEAWAY_LENGTH = 20_000;

/** Longest Article id accepted; catalogue ids are 7 characters, the slack is for future ids. */
export const MAX_ARTICLE_ID_LENGTH = 200;

/** Largest epoch-ms value a JavaScript Date can hold (year 275760). */
export const MAX_TIMESTAMP = 8_640_000_000_000_000;

/** True for a whole, non-negative epoch-ms time a Date can represent. */
export function isTimestamp(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= MAX_TIMESTAMP;
}

/** True for a non-empty Article id of acceptable length. */
export function isArticleId(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= MAX_ARTICLE_ID_LENGTH;
}

/** The record after the reader moves an Article to `status` at `now`; `previous` itself when nothing changes. */
export function withStatus(
  previous: ProgressRecord | undefined,
  articleId: string,
  status: ReadingStatus,
  now: number,
): ProgressRecord | undefined {
  if ((previous?.status ?? 'to-read') === status) return previous;
  const base = previous ?? blank(articleId, now);
  switch (status) {
    case 'to-read':
      // Kept rather than deleted so a later merge sees this reset as the newest change.
      return { ...base, status, startedAt: null, finishedAt: null, updatedAt: now };
    case 'reading':
      return { ...base, status, startedAt: base.startedAt ?? now, finishedAt: null, updatedAt: now };
    case 'finished':
      return { ...base, status, startedAt: base.startedAt ?? now, finishedAt: now, updatedAt: now };
  }
}

/** The record after the reader saves `takeaway` at `now` (status untouched); `previous` itself when nothing changes. */
export function withTakeaway(
  previous: ProgressRecord | undefined,
  articleId: string,
  takeaway: string,
  now: number,
): ProgressRecord | undefined {
  if ((previous?.takeaway ?? '') === takeaway) return previous;
  return { ...(previous ?? blank(articleId, now)), takeaway, updatedAt: now };
}

function blank(articleId: string, now: number): ProgressRecord {
  return { articleId, status: 'to-read', takeaway: '', startedAt: null, finishedAt: null, updatedAt: now };
}

/** Records keyed by Article id, the shape every view below reads. */
export type ProgressMap = ReadonlyMap<string, ProgressRecord>;

/** Indexes records by Article id. */
export function progressById(records: Iterable<ProgressRecord>): Map<string, ProgressRecord> {
  const map = new Map<string, ProgressRecord>();
  for (const r of records) map.set(r.articleId, r);
  return map;
}

/** The Article's status; 'to-read' when the reader has never touched it. */
export function statusOf(progress: ProgressMap, articleId: string): ReadingStatus {
  return progress.get(articleId)?.status ?? 'to-read';
}

/** The first Article of `articles` (in the order given) that is not finished, if any. */
export function nextUp(articles: readonly Article[], progress: ProgressMap): Article | undefined {
  return articles.find((a) => statusOf(progress, a.id) !== 'finished');
}

/** The first unfinished Article of the whole reading path, in reading order. */
export function nextUpOverall(catalogue: Pick<Catalogue, 'articles'>, progress: ProgressMap): Article | undefined {
  return nextUp(inReadingOrder(catalogue.articles), progress);
}

/** The first unfinished Article of each section; sections with all Articles finished are absent. */
export function nextUpBySection(catalogue: Pick<Catalogue, 'sections' | 'articles'>, progress: ProgressMap): Map<string, Article> {
  const byId = new Map(catalogue.articles.map((a) => [a.id, a]));
  const result = new Map<string, Article>();
  for (const section of catalogue.sections) {
    const next = nextUp(articlesIn(section, byId), progress);
    if (next) result.set(section.id, next);
  }
  return result;
}

/** How far the reader is through a set of Articles. */
export interface ProgressCounts {
  total: number;
  finished: number;
  reading: number;
  toRead: number;
}

/** Counts by status over `articles`; records for Articles outside the list are ignored. */
export function countProgress(articles: readonly Article[], progress: ProgressMap): ProgressCounts {
  const counts: ProgressCounts = { total: articles.length, finished: 0, reading: 0, toRead: 0 };
  for (const a of articles) {
    const status = statusOf(progress, a.id);
    if (status === 'finished') counts.finished++;
    else if (status === 'reading') counts.reading++;
    else counts.toRead++;
  }
  return counts;
}

/** Counts for every section, keyed by section id, in the catalogue's order. */
export function countsBySection(catalogue: Pick<Catalogue, 'sections' | 'articles'>, progress: ProgressMap): Map<string, ProgressCounts> {
  const byId = new Map(catalogue.articles.map((a) => [a.id, a]));
  return new Map(catalogue.sections.map((s) => [s.id, countProgress(articlesIn(s, byId), progress)]));
}

/** One bar of the weekly chart: `weekStart` is local midnight on the week's first day. */
export interface WeekBucket {
  weekStart: number;
  finished: number;
}

/**
 * Finished Articles per local calendar week, oldest first, for the `weeks` weeks up to and
 * including the one containing `now`. `weekStartsOn` is 0 for Sunday, 1 for Monday.
 */
export function finishedPerWeek(
  records: Iterable<ProgressRecord>,
  now: number,
  weeks: number,
  weekStartsOn: 0 | 1 = 1,
): WeekBucket[] {
  if (!Number.isInteger(weeks) || weeks <= 0) return [];
  // Weeks are stepped with calendar dates, not 7 × 24 h, so daylight-saving weeks line up.
  const starts: number[] = [];
  const first = startOfWeek(now, weekStartsOn);
  first.setDate(first.getDate() - 7 * (weeks - 1));
  for (let i = 0; i <= weeks; i++) {
    const d = new Date(first);
    d.setDate(first.getDate() + 7 * i);
    starts.push(d.getTime());
  }
  const buckets = starts.slice(0, weeks).map((weekStart) => ({ weekStart, finished: 0 }));
  for (const r of records) {
    if (r.status !== 'finished' || r.finishedAt === null) continue;
    if (r.finishedAt < starts[0] || r.finishedAt >= starts[weeks]) continue;
    // Few buckets: a linear scan is simpler than arithmetic that has to know about DST.
    for (let i = weeks - 1; i >= 0; i--) {
      if (r.finishedAt >= starts[i]) {
        buckets[i].finished++;
        break;
      }
    }
  }
  return buckets;
}

function startOfWeek(time: number, weekStartsOn: 0 | 1): Date {
  const d = new Date(time);
  d.setHours(0, 0, 0, 0);
  d.setDate(d.getDate() - ((d.getDay() - weekStartsOn + 7) % 7));
  return d;
}

/** A finished Article with the time it was finished. */
export interface FinishedArticle {
  article: Article;
  finishedAt: number;
}

/** The `limit` most recently finished catalogue Articles, newest first. */
export function recentlyFinished(articles: readonly Article[], progress: ProgressMap, limit: number): FinishedArticle[] {
  const finished: FinishedArticle[] = [];
  for (const article of articles) {
    const r = progress.get(article.id);
    if (r?.status === 'finished' && r.finishedAt !== null) finished.push({ article, finishedAt: r.finishedAt });
  }
  // Ties (a batch marked at once) fall back to reading order so the list is stable.
  finished.sort((a, b) => b.finishedAt - a.finishedAt || a.article.order - b.article.order);
  return finished.slice(0, Math.max(0, limit));
}

function inReadingOrder(articles: readonly Article[]): Article[] {
  return [...articles].sort((a, b) => a.order - b.order);
}

function articlesIn(section: Section, byId: ReadonlyMap<string, Article>): Article[] {
  return section.articleIds.map((id) => byId.get(id)).filter((a): a is Article => a !== undefined);
}
