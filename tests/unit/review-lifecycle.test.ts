/**
 * How a review card follows its Article's reading status (src/domain/review-lifecycle.ts): the
 * pure rules storage applies when a status changes, and when cards are brought in line with
 * progress written before spaced review existed.
 */
import { describe, expect, it } from 'vitest';
import { localTimeToEpoch, reviewDay } from '../../src/domain/day';
import type { ProgressRecord, ReadingStatus } from '../../src/domain/progress';
import { cardForStatus, reconcileCards } from '../../src/domain/review-lifecycle';
import { gradeCard, newCardOnFinish, suspend, type ReviewCard, type SchedulerOptions } from '../../src/domain/scheduler';

const TZ = 'America/New_York';
const OPTIONS: SchedulerOptions = { timeZone: TZ };
const at = (day: string, time = '19:00') => {
  const [h, m] = time.split(':').map(Number);
  return localTimeToEpoch(day, h * 60 + m, TZ);
};
const FINISHED = at('2025-01-10');
const fresh = newCardOnFinish('a', FINISHED, OPTIONS);
/** Reviewed well once: due about nine days after its first review. */
const mature = gradeCard(fresh, 'easy', at('2025-01-13'), OPTIONS).card;
const suspended = suspend(fresh, at('2025-01-11'));

describe('cardForStatus', () => {
  it.each<[string, ReviewCard | undefined, ReadingStatus, string, (c: ReviewCard | undefined) => unknown]>([
    ['finishing an Article without a card creates one, as a first Good', undefined, 'finished', '2025-01-10', (c) =>
      expect(c).toEqual(fresh)],
    ['moving an Article without a card to reading creates none', undefined, 'reading', '2025-01-10', (c) =>
      expect(c).toBeUndefined()],
    ['moving an Article without a card to to-read creates none', undefined, 'to-read', '2025-01-10', (c) =>
      expect(c).toBeUndefined()],
    ['un-finishing to reading suspends the card and keeps the rest', mature, 'reading', '2025-01-15', (c) =>
      expect(c).toEqual({ ...mature, suspended: true, updatedAt: at('2025-01-15') })],
    ['un-finishing to to-read suspends the card', mature, 'to-read', '2025-01-15', (c) => expect(c?.suspended).toBe(true)],
    ['un-finishing a suspended card changes nothing', suspended, 'reading', '2025-01-15', (c) => expect(c).toBe(suspended)],
    ['finishing with an active card changes nothing', mature, 'finished', '2025-01-15', (c) => expect(c).toBe(mature)],
    ['finishing again resumes the card, keeping its memory', suspended, 'finished', '2025-02-01', (c) =>
      expect(c).toMatchObject({ suspended: false, stability: fresh.stability, reps: fresh.reps, updatedAt: at('2025-02-01') })],
  ])('%s', (_, card, status, day, check) => {
    check(cardForStatus(card, 'a', status, at(day), OPTIONS));
  });

  it.each([
    // re-finished on, due date of the card before, expected review day of the next review
    ['long after it fell due: three days on, like a first finish', '2025-03-01', '2025-03-04'],
    ['the next day: three days on, not on its old due day', '2025-01-11', '2025-01-14'],
  ])('finishing again %s', (_, day, expected) => {
    const card = cardForStatus(suspended, 'a', 'finished', at(day), OPTIONS);
    expect(reviewDay(card!.due, TZ)).toBe(expected);
  });

  it('finishing again keeps a due date later than a first finish would give', () => {
    const paused = suspend(mature, at('2025-01-13', '19:05'));
    const card = cardForStatus(paused, 'a', 'finished', at('2025-01-13', '19:10'), OPTIONS);
    expect(card?.due).toBe(mature.due);
    expect(card?.suspended).toBe(false);
  });
});

describe('reconcileCards', () => {
  const record = (articleId: string, status: ReadingStatus, finishedAt: number | null = null): ProgressRecord => ({
    articleId,
    status,
    takeaway: '',
    startedAt: FINISHED,
    finishedAt,
    updatedAt: finishedAt ?? FINISHED,
  });
  const NOW = at('2025-04-01');

  it.each<[string, ProgressRecord[], ReviewCard[], (writes: ReviewCard[]) => unknown]>([
    ['writes nothing when every card already follows its Article', [record('a', 'finished', FINISHED)], [fresh], (w) =>
      expect(w).toEqual([])],
    ['creates a card, from the finish time, for a finished Article without one', [record('b', 'finished', FINISHED)], [], (w) =>
      expect(w).toEqual([newCardOnFinish('b', FINISHED, OPTIONS)])],
    ['creates it from now when the finish time is unknown or in the future', [record('b', 'finished', NOW + 1)], [], (w) =>
      expect(w).toEqual([newCardOnFinish('b', NOW, OPTIONS)])],
    ['suspends the active card of an Article being read', [record('a', 'reading')], [fresh], (w) =>
      expect(w).toEqual([{ ...fresh, suspended: true, updatedAt: NOW }])],
    ['leaves a suspended card of an unfinished Article alone', [record('a', 'to-read')], [suspended], (w) => expect(w).toEqual([])],
    ['leaves a card without any progress record alone', [], [fresh], (w) => expect(w).toEqual([])],
    ['creates no card for Articles not finished', [record('b', 'reading'), record('c', 'to-read')], [], (w) =>
      expect(w).toEqual([])],
  ])('%s', (_, records, cards, check) => {
    check(reconcileCards(records, cards, NOW, OPTIONS));
  });
});
