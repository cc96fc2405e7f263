/**
 * The reminder check the service worker and the open page share (src/db/reminders.ts), against
 * fake-indexeddb: it reminds once a day with the Review tab's count, records it before showing,
 * and gives the day back when the notification could not be shown.
 */
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createDatabase, type PyRecallDB } from '../../src/db/db';
import { markFinished } from '../../src/db/progress';
import { remindIfDue, updateReminderSettings } from '../../src/db/reminders';
import { getSetting, setSetting } from '../../src/db/settings';
import { localTimeToEpoch } from '../../src/domain/day';
import { reminderText } from '../../src/domain/reminders';
import { REMINDER_TAG, reminderNotification, reviewUrl } from '../../src/pwa/reminder-notification';
import { isWorkerToPage } from '../../src/pwa/messages';

const TZ = 'Europe/London';
const at = (day: string, time: string) => {
  const [h, m] = time.split(':').map(Number);
  return localTimeToEpoch(day, h * 60 + m, TZ);
};
/** Finished on Monday 10 March 2025: due on Thursday 13 March. */
const FINISHED = at('2025-03-10', '18:30');
const THURSDAY_NOON = at('2025-03-13', '12:00');

const opened: PyRecallDB[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((d) => d.delete()));
});

/** Three finished Articles (due on Thursday) and reminders on at 09:00 every day. */
async function reader(reminders = { enabled: true, time: '09:00', days: [0, 1, 2, 3, 4, 5, 6] }): Promise<PyRecallDB> {
  const db = createDatabase(`reminder-check-${crypto.randomUUID()}`);
  opened.push(db);
  for (const id of ['a1', 'a2', 'a3']) await markFinished(id, FINISHED, db, TZ);
  await setSetting('reminders', reminders, db);
  return db;
}

describe('the shared reminder check', () => {
  it('reminds once with the due count, records when, and not again that day', async () => {
    const database = await reader();
    const show = vi.fn(async () => undefined);
    const first = await remindIfDue({ show, canNotify: true, now: THURSDAY_NOON, timeZone: TZ, database });
    expect(first).toEqual({ reason: 'due', dueCount: 3, enabled: true, shown: true });
    expect(show).toHaveBeenCalledExactlyOnceWith(3);
    expect(await getSetting('lastRemindedAt', database)).toBe(THURSDAY_NOON);

    const again = await remindIfDue({ show, canNotify: true, now: THURSDAY_NOON + 3_600_000, timeZone: TZ, database });
    expect(again).toEqual({ reason: 'already-reminded-today', dueCount: 3, enabled: true, shown: false });
    expect(show).toHaveBeenCalledTimes(1);
    expect(await getSetting('lastRemindedAt', database)).toBe(THURSDAY_NOON);
  });

  it('counts as the Review tab does: within the daily limit, without Articles the catalogue dropped', async () => {
    const database = await reader();
    await setSetting('dailyLimit', 2, database);
    const show = vi.fn(async () => undefined);
    const check = await remindIfDue({ show, canNotify: true, now: THURSDAY_NOON, timeZone: TZ, database, inPath: (id) => id !== 'a1' });
    expect(check.dueCount).toBe(2);
    expect(show).toHaveBeenCalledWith(2);
  });

  it('claims nothing while notifications are not allowed, but still counts for the badge', async () => {
    const database = await reader();
    const show = vi.fn(async () => undefined);
    expect(await remindIfDue({ show, canNotify: false, now: THURSDAY_NOON, timeZone: TZ, database })).toEqual({
      reason: 'due',
      dueCount: 3,
      enabled: true,
      shown: false,
    });
    expect(show).not.toHaveBeenCalled();
    expect(await getSetting('lastRemindedAt', database)).toBeNull();
  });

  it.each([
    ['reminders are off', { enabled: false, time: '09:00', days: [4] }, THURSDAY_NOON, 'disabled'],
    ['it is before the chosen time', { enabled: true, time: '13:00', days: [4] }, THURSDAY_NOON, 'before-reminder-time'],
    ['the day is not chosen', { enabled: true, time: '09:00', days: [1, 2] }, THURSDAY_NOON, 'not-a-reminder-day'],
    ['nothing is due yet', { enabled: true, time: '09:00', days: [2] }, at('2025-03-11', '12:00'), 'nothing-due'],
  ] as const)('does not remind when %s', async (_name, settings, now, reason) => {
    const database = await reader({ ...settings, days: [...settings.days] });
    const show = vi.fn(async () => undefined);
    expect((await remindIfDue({ show, canNotify: true, now, timeZone: TZ, database })).reason).toBe(reason);
    expect(show).not.toHaveBeenCalled();
    expect(await getSetting('lastRemindedAt', database)).toBeNull();
  });

  it('gives the day back when the notification cannot be shown, so the next check tries again', async () => {
    const database = await reader();
    await setSetting('lastRemindedAt', FINISHED, database);
    const failing = vi.fn(() => Promise.reject(new TypeError('No notification permission')));
    await expect(remindIfDue({ show: failing, canNotify: true, now: THURSDAY_NOON, timeZone: TZ, database })).rejects.toThrow(
      'No notification permission',
    );
    expect(await getSetting('lastRemindedAt', database)).toBe(FINISHED);
    const show = vi.fn(async () => undefined);
    expect((await remindIfDue({ show, canNotify: true, now: THURSDAY_NOON + 60_000, timeZone: TZ, database })).shown).toBe(true);
  });

  it('reminds once between checks that run at the same moment (a worker and two tabs)', async () => {
    const database = await reader();
    const show = vi.fn(async () => undefined);
    const checks = await Promise.all(
      [0, 1, 2].map(() => remindIfDue({ show, canNotify: true, now: THURSDAY_NOON, timeZone: TZ, database })),
    );
    expect(checks.filter((c) => c.shown)).toHaveLength(1);
    expect(show).toHaveBeenCalledTimes(1);
  });
});

describe('the reminder notification', () => {
  it('replaces rather than stacks, says how many and how long, and opens the Review screen', () => {
    const { title, options } = reminderNotification(5, 'https://pyrecall.example/');
    expect(title).toBe('PyRecall');
    expect(options).toMatchObject({
      body: reminderText(5),
      tag: REMINDER_TAG,
      renotify: true,
      icon: 'https://pyrecall.example/pwa-192x192.png',
      badge: 'https://pyrecall.example/pwa-192x192.png',
      data: { url: 'https://pyrecall.example/#/review' },
    });
    expect(options.body).toBe('5 articles to review — about 4 minutes');
  });

  it('keeps the app’s path when it is served below the root', () => {
    expect(reviewUrl('https://example.org/pyrecall/')).toBe('https://example.org/pyrecall/#/review');
  });

  it('accepts only well-formed "open a route" messages from the worker', () => {
    expect(isWorkerToPage({ type: 'OPEN_ROUTE', hash: '#/review' })).toBe(true);
    expect(isWorkerToPage({ type: 'OPEN_ROUTE', hash: 'javascript:alert(1)' })).toBe(false);
    expect(isWorkerToPage({ type: 'OPEN_ROUTE' })).toBe(false);
    expect(isWorkerToPage({ type: 'SKIP_WAITING' })).toBe(false);
    expect(isWorkerToPage(null)).toBe(false);
  });
});

describe('changing the reminder settings', () => {
  it('applies quick successive changes to what is stored, so none is lost', async () => {
    const database = await reader();
    await Promise.all([
      updateReminderSettings((r) => ({ ...r, days: r.days.filter((d) => d !== 6) }), database),
      updateReminderSettings((r) => ({ ...r, days: r.days.filter((d) => d !== 0) }), database),
      updateReminderSettings((r) => ({ ...r, time: '07:45' }), database),
    ]);
    expect(await getSetting('reminders', database)).toEqual({ enabled: true, time: '07:45', days: [1, 2, 3, 4, 5] });
  });

  it('refuses an invalid change, storing nothing', async () => {
    const database = await reader();
    await expect(updateReminderSettings((r) => ({ ...r, time: '25:00' }), database)).rejects.toMatchObject({
      cause: expect.any(RangeError),
    });
    expect((await getSetting('reminders', database)).time).toBe('09:00');
  });
});
