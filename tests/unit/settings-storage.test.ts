/** The typed settings store: defaults, round trips, refusals, damaged rows. */
import 'fake-indexeddb/auto';
import { liveQuery } from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { createDatabase, type PyRecallDB } from '../../src/db/db';
import {
  DEFAULT_SETTINGS,
  getSetting,
  getSettings,
  resetSetting,
  setSetting,
  settingsQuery,
  type Settings,
} from '../../src/db/settings';

const opened: PyRecallDB[] = [];
function freshDb(): PyRecallDB {
  const database = createDatabase(`settings-storage-${opened.length}-${crypto.randomUUID()}`);
  opened.push(database);
  return database;
}
afterEach(async () => {
  await Promise.all(opened.splice(0).map((d) => d.delete()));
});

describe('defaults', () => {
  it('a new reader gets retention 0.9, 10 reviews a day, reminders off at 09:00 every day, never reminded', async () => {
    const db = freshDb();
    expect(await getSettings(db)).toEqual({
      retention: 0.9,
      dailyLimit: 10,
      reminders: { enabled: false, time: '09:00', days: [0, 1, 2, 3, 4, 5, 6] },
      lastRemindedAt: null,
    });
    expect(await getSetting('retention', db)).toBe(0.9);
    expect(await getSetting('dailyLimit', db)).toBe(10);
    expect(await getSetting('lastRemindedAt', db)).toBeNull();
  });

  it('hands out copies: changing a returned default does not change the default', async () => {
    const db = freshDb();
    const reminders = await getSetting('reminders', db);
    reminders.days.push(9);
    reminders.enabled = true;
    expect(await getSetting('reminders', db)).toEqual({ enabled: false, time: '09:00', days: [0, 1, 2, 3, 4, 5, 6] });
    expect(DEFAULT_SETTINGS.reminders.days).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });

  it('stores nothing until a setting is changed', async () => {
    const db = freshDb();
    await getSettings(db);
    expect(await db.settings.count()).toBe(0);
  });
});

describe('setSetting / getSetting', () => {
  it('round-trips every setting with its type', async () => {
    const db = freshDb();
    const changed: Settings = {
      retention: 0.85,
      dailyLimit: 25,
      reminders: { enabled: true, time: '18:30', days: [1, 3, 5] },
      lastRemindedAt: 1_700_000_000_000,
    };
    await setSetting('retention', changed.retention, db);
    await setSetting('dailyLimit', changed.dailyLimit, db);
    await setSetting('reminders', changed.reminders, db);
    await setSetting('lastRemindedAt', changed.lastRemindedAt, db);
    expect(await getSettings(db)).toEqual(changed);
    expect(await getSetting('reminders', db)).toEqual(changed.reminders);
  });

  it('fills unchanged settings with their defaults', async () => {
    const db = freshDb();
    await setSetting('dailyLimit', 3, db);
    expect(await getSettings(db)).toEqual({ ...DEFAULT_SETTINGS, dailyLimit: 3 });
  });

  it('stores a copy: changing the object afterwards does not change the stored setting', async () => {
    const db = freshDb();
    const reminders = { enabled: true, time: '07:15', days: [1] };
    await setSetting('reminders', reminders, db);
    reminders.days.push(2);
    expect(await getSetting('reminders', db)).toEqual({ enabled: true, time: '07:15', days: [1] });
  });

  it('accepts the edges of each range', async () => {
    const db = freshDb();
    await setSetting('retention', 0.8, db);
    await setSetting('retention', 0.95, db);
    await setSetting('dailyLimit', 0, db);
    await setSetting('dailyLimit', 1000, db);
    await setSetting('reminders', { enabled: false, time: '23:59', days: [] }, db);
    await setSetting('lastRemindedAt', 0, db);
    await setSetting('lastRemindedAt', null, db);
    expect(await getSettings(db)).toEqual({ retention: 0.95, dailyLimit: 1000, reminders: { enabled: false, time: '23:59', days: [] }, lastRemindedAt: null });
  });

  it.each([
    ['retention', 0.99, 'Setting "retention" must be a number from 0.8 to 0.95 (found 0.99).'],
    ['retention', Number.NaN, 'Setting "retention" must be a number from 0.8 to 0.95 (found NaN).'],
    ['dailyLimit', -1, 'Setting "dailyLimit" must be a whole number from 0 to 1000 (found -1).'],
    ['dailyLimit', 2.5, 'Setting "dailyLimit" must be a whole number from 0 to 1000 (found 2.5).'],
    ['reminders', { enabled: true, time: '9:00', days: [1] }, 'Setting "reminders" needs a time of day such as "09:00" in "time" (found "9:00").'],
    ['reminders', { enabled: true, time: '24:00', days: [1] }, 'Setting "reminders" needs a time of day such as "09:00" in "time" (found "24:00").'],
    ['reminders', { enabled: true, time: '09:00', days: [7] }, 'Setting "reminders" needs a list of different weekdays, 0 (Sunday) to 6 (Saturday), in "days" (found [7]).'],
    ['reminders', { enabled: true, time: '09:00', days: [1, 1] }, 'Setting "reminders" needs a list of different weekdays, 0 (Sunday) to 6 (Saturday), in "days" (found [1,1]).'],
    ['reminders', { enabled: 'yes', time: '09:00', days: [] }, 'Setting "reminders" needs true or false in "enabled" (found "yes").'],
    ['reminders', { enabled: true, time: '09:00', days: [], sound: 'bell' }, 'Setting "reminders" has an unknown field "sound".'],
    ['lastRemindedAt', -5, 'Setting "lastRemindedAt" must be null or a time in milliseconds since 1970 (found -5).'],
  ] as const)('refuses %s = %j with a RangeError and stores nothing', async (key, value, message) => {
    const db = freshDb();
    // The values are deliberately of the wrong type: this is what a buggy caller could pass.
    await expect(setSetting(key, value as never, db)).rejects.toThrow(new RangeError(message));
    expect(await db.settings.count()).toBe(0);
  });

  it('resetSetting brings back the default', async () => {
    const db = freshDb();
    await setSetting('dailyLimit', 50, db);
    await resetSetting('dailyLimit', db);
    expect(await getSetting('dailyLimit', db)).toBe(10);
    expect(await db.settings.count()).toBe(0);
  });

  it('a stored value that is no longer valid (damaged, or from another build) reads as the default', async () => {
    const db = freshDb();
    await db.settings.bulkPut([
      { key: 'retention', value: 'high' },
      { key: 'reminders', value: { enabled: true } },
      { key: 'dailyLimit', value: 12 },
    ]);
    expect(await getSettings(db)).toEqual({ ...DEFAULT_SETTINGS, dailyLimit: 12 });
    expect(await getSetting('retention', db)).toBe(0.9);
  });

  it('settingsQuery works with liveQuery', async () => {
    const db = freshDb();
    const seen: Settings[] = [];
    const subscription = liveQuery(settingsQuery(db)).subscribe({ next: (s) => seen.push(s) });
    try {
      await expect.poll(() => seen.at(-1)?.dailyLimit).toBe(10);
      await setSetting('dailyLimit', 42, db);
      await expect.poll(() => seen.at(-1)?.dailyLimit).toBe(42);
    } finally {
      subscription.unsubscribe();
    }
  });
});
