/**
 * The pure reading-progress rules: how a status change or a takeaway rewrites an Article's
 * record, and the views built from records (next up, counts, weekly chart, recently finished).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCatalogue, type Article, type Catalogue } from '../../src/domain/catalogue';
import {
  countProgress,
  countsBySection,
  finishedPerWeek,
  nextUp,
  nextUpBySection,
  nextUpOverall,
  progressById,
  recentlyFinished,
  statusOf,
  withStatus,
  withTakeaway,
  type ProgressRecord,
  type ReadingStatus,
} from '../../src/domain/progress';

const shipped = parseCatalogue(readFileSync('src/catalogue/python-engineering-articles.md', 'utf8')).catalogue;

function article(id: string, sectionId: string, order: number, position = order + 1): Article {
  return { id, title: `Article ${id}`, code: [], url: `https://example.com/${id}`, author: '', note: '', sectionId, position, order };
}

/** Two sections: s1 = a, b, c; s2 = d, e. */
const small: Catalogue = {
  title: 'Small',
  intro: '',
  sections: [
    { id: 's1', title: 'One', articleIds: ['a', 'b', 'c'], readFirst: [] },
    { id: 's2', title: 'Two', articleIds: ['d', 'e'], readFirst: ['s1'] },
  ],
  articles: [article('a', 's1', 0), article('b', 's1', 1), article('c', 's1', 2), article('d', 's2', 3, 1), article('e', 's2', 4, 2)],
};

function rec(articleId: string, status: ReadingStatus, finishedAt: number | null = null, takeaway = ''): ProgressRecord {
  return { articleId, status, takeaway, startedAt: finishedAt ?? (status === 'reading' ? 1 : null), finishedAt, updatedAt: finishedAt ?? 1 };
}

const map = (...records: ProgressRecord[]) => progressById(records);

describe('withStatus', () => {
  it('starts an untouched Article: reading sets startedAt, no finishedAt', () => {
    expect(withStatus(undefined, 'a', 'reading', 100)).toEqual({
      articleId: 'a',
      status: 'reading',
      takeaway: '',
      startedAt: 100,
      finishedAt: null,
      updatedAt: 100,
    });
  });

  it('finishing keeps when reading started and records when it finished', () => {
    const reading = withStatus(undefined, 'a', 'reading', 100);
    expect(withStatus(reading, 'a', 'finished', 500)).toMatchObject({ status: 'finished', startedAt: 100, finishedAt: 500, updatedAt: 500 });
  });

  it('finishing an untouched Article counts it as started and finished at once', () => {
    expect(withStatus(undefined, 'a', 'finished', 700)).toMatchObject({ startedAt: 700, finishedAt: 700 });
  });

  it('going back to reading clears finishedAt but keeps startedAt and the takeaway', () => {
    const finished = { ...withStatus(undefined, 'a', 'finished', 700)!, takeaway: 'GIL' };
    expect(withStatus(finished, 'a', 'reading', 800)).toMatchObject({ status: 'reading', startedAt: 700, finishedAt: null, takeaway: 'GIL', updatedAt: 800 });
  });

  it('back to to-read clears both times, keeps the takeaway, and is a dated change (not a deletion)', () => {
    const finished = { ...withStatus(undefined, 'a', 'finished', 700)!, takeaway: 'GIL' };
    expect(withStatus(finished, 'a', 'to-read', 900)).toEqual({
      articleId: 'a',
      status: 'to-read',
      takeaway: 'GIL',
      startedAt: null,
      finishedAt: null,
      updatedAt: 900,
    });
  });

  it('returns the very same record when the status does not change, so nothing is written', () => {
    const reading = withStatus(undefined, 'a', 'reading', 100);
    expect(withStatus(reading, 'a', 'reading', 999)).toBe(reading);
    expect(withStatus(undefined, 'a', 'to-read', 999)).toBeUndefined();
  });
});

describe('withTakeaway', () => {
  it('creates a to-read record for an untouched Article', () => {
    expect(withTakeaway(undefined, 'a', 'remember this', 50)).toEqual({
      articleId: 'a',
      status: 'to-read',
      takeaway: 'remember this',
      startedAt: null,
      finishedAt: null,
      updatedAt: 50,
    });
  });

  it('leaves the status and times alone', () => {
    const finished = withStatus(undefined, 'a', 'finished', 10)!;
    expect(withTakeaway(finished, 'a', 'x', 20)).toEqual({ ...finished, takeaway: 'x', updatedAt: 20 });
  });

  it('returns the same record for the same text, and nothing for an empty note on an untouched Article', () => {
    const r = withTakeaway(undefined, 'a', 'x', 20);
    expect(withTakeaway(r, 'a', 'x', 30)).toBe(r);
    expect(withTakeaway(undefined, 'a', '', 30)).toBeUndefined();
  });
});

describe('next up', () => {
  it('is the first unfinished Article in reading order; a started one still counts as unfinished', () => {
    expect(nextUpOverall(small, map())?.id).toBe('a');
    expect(nextUpOverall(small, map(rec('a', 'finished', 5)))?.id).toBe('b');
    expect(nextUpOverall(small, map(rec('a', 'finished', 5), rec('b', 'reading')))?.id).toBe('b');
    expect(nextUpOverall(small, map(rec('a', 'finished', 5), rec('b', 'finished', 6), rec('c', 'finished', 7)))?.id).toBe('d');
  });

  it('follows the order field, not the order of the array', () => {
    const shuffled = { ...small, articles: [...small.articles].reverse() };
    expect(nextUpOverall(shuffled, map())?.id).toBe('a');
  });

  it('is undefined when everything is finished', () => {
    const all = small.articles.map((a, i) => rec(a.id, 'finished', i + 1));
    expect(nextUpOverall(small, progressById(all))).toBeUndefined();
    expect(nextUp([], map())).toBeUndefined();
  });

  it('per section: the first unfinished Article of each, finished sections absent', () => {
    const progress = map(rec('a', 'finished', 1), rec('b', 'finished', 2), rec('c', 'finished', 3), rec('d', 'finished', 4));
    const bySection = nextUpBySection(small, progress);
    expect([...bySection].map(([s, a]) => [s, a.id])).toEqual([['s2', 'e']]);
    expect([...nextUpBySection(small, map())].map(([s, a]) => [s, a.id])).toEqual([
      ['s1', 'a'],
      ['s2', 'd'],
    ]);
  });

  it('on the shipped catalogue starts with the first Article of the first section, then moves on', () => {
    const first = shipped.sections[0];
    expect(nextUpOverall(shipped, map())?.id).toBe(first.articleIds[0]);
    const doneFirst = progressById(first.articleIds.map((id, i) => rec(id, 'finished', i + 1)));
    expect(nextUpOverall(shipped, doneFirst)?.id).toBe(shipped.sections[1].articleIds[0]);
    expect(nextUpBySection(shipped, doneFirst).has(first.id)).toBe(false);
    expect(nextUpBySection(shipped, doneFirst).size).toBe(shipped.sections.length - 1);
  });
});

describe('counts', () => {
  it('counts by status, treating untouched Articles as to-read and ignoring records of unknown Articles', () => {
    const progress = map(rec('a', 'finished', 1), rec('b', 'reading'), rec('zzz-gone', 'finished', 3));
    expect(countProgress(small.articles, progress)).toEqual({ total: 5, finished: 1, reading: 1, toRead: 3 });
    expect(statusOf(progress, 'c')).toBe('to-read');
  });

  it('per section, in catalogue order', () => {
    const progress = map(rec('a', 'finished', 1), rec('c', 'finished', 2), rec('e', 'reading'));
    expect([...countsBySection(small, progress)]).toEqual([
      ['s1', { total: 3, finished: 2, reading: 0, toRead: 1 }],
      ['s2', { total: 2, finished: 0, reading: 1, toRead: 1 }],
    ]);
  });

  it('per section on the shipped catalogue adds up to 132 Articles', () => {
    const totals = [...countsBySection(shipped, map()).values()];
    expect(totals.reduce((n, c) => n + c.total, 0)).toBe(132);
    expect(totals.every((c) => c.toRead === c.total)).toBe(true);
  });
});

describe('finishedPerWeek', () => {
  // Local dates, so the test means the same in every time zone.
  const at = (y: number, m: number, d: number, h = 12) => new Date(y, m - 1, d, h).getTime();
  const wed = at(2024, 3, 27); // a Wednesday; the week of Monday 25 March 2024

  it('has one bucket per week, oldest first, ending with the week of now, starting on Monday midnight', () => {
    const buckets = finishedPerWeek([], wed, 4);
    expect(buckets.map((b) => b.weekStart)).toEqual([at(2024, 3, 4, 0), at(2024, 3, 11, 0), at(2024, 3, 18, 0), at(2024, 3, 25, 0)]);
    expect(buckets.every((b) => b.finished === 0)).toBe(true);
  });

  it('counts finished Articles into the week they were finished in', () => {
    const records = [
      rec('a', 'finished', at(2024, 3, 25, 0)), // Monday 00:00: first instant of this week
      rec('b', 'finished', at(2024, 3, 24, 23)), // Sunday 23:00: last week
      rec('c', 'finished', at(2024, 3, 18, 9)),
      rec('d', 'finished', at(2024, 3, 27)),
      rec('e', 'reading'),
      rec('f', 'finished', at(2024, 2, 1)), // before the chart
      rec('g', 'finished', at(2024, 4, 1, 0)), // next week: after the chart
    ];
    expect(finishedPerWeek(records, wed, 3).map((b) => b.finished)).toEqual([0, 2, 2]);
  });

  it('can start weeks on Sunday', () => {
    const buckets = finishedPerWeek([rec('a', 'finished', at(2024, 3, 24, 10))], wed, 1, 0);
    expect(buckets).toEqual([{ weekStart: at(2024, 3, 24, 0), finished: 1 }]);
  });

  it('lines weeks up with local midnight across a daylight-saving change', () => {
    // Spans late March and late October, when most zones that have DST change the clocks.
    for (const now of [at(2024, 4, 10), at(2024, 11, 6)]) {
      for (const b of finishedPerWeek([], now, 6)) {
        const d = new Date(b.weekStart);
        expect([d.getDay(), d.getHours(), d.getMinutes()]).toEqual([1, 0, 0]);
      }
    }
  });

  it('returns nothing for zero or nonsensical week counts', () => {
    expect(finishedPerWeek([], wed, 0)).toEqual([]);
    expect(finishedPerWeek([], wed, 1.5)).toEqual([]);
  });
});

describe('recentlyFinished', () => {
  it('lists the newest first, up to the limit, ties in reading order, skipping Articles no longer in the catalogue', () => {
    const progress = map(rec('a', 'finished', 10), rec('b', 'finished', 30), rec('c', 'finished', 30), rec('d', 'reading'), rec('gone', 'finished', 99));
    const list = recentlyFinished(small.articles, progress, 10);
    expect(list.map((f) => [f.article.id, f.finishedAt])).toEqual([
      ['b', 30],
      ['c', 30],
      ['a', 10],
    ]);
    expect(recentlyFinished(small.articles, progress, 2).map((f) => f.article.id)).toEqual(['b', 'c']);
    expect(recentlyFinished(small.articles, progress, 0)).toEqual([]);
  });
});
