/**
 * The reader's settings as a small typed key/value store. Only changed settings are stored;
 * a setting without a row (or with a row an older or damaged build left unreadable) reads
 * as its default, so the app always gets a valid value.
 */
import {
  DEFAULT_SETTINGS,
  copySetting,
  settingProblem,
  type SettingKey,
  type Settings,
} from '../domain/backup';
import { db, type PyRecallDB } from './db';
import { guard } from './errors';

export { DEFAULT_SETTINGS, SETTING_KEYS, type SettingKey, type Settings } from '../domain/backup';
export type { ReminderSettings } from '../domain/reminders';

/** The value of one setting, or its default. */
export function getSetting<K extends SettingKey>(key: K, database: PyRecallDB = db): Promise<Settings[K]> {
  return guard(database, 'read', async () => valueOf(key, (await database.settings.get(key))?.value));
}

/** Every setting, defaults filled in. */
export function getSettings(database: PyRecallDB = db): Promise<Settings> {
  return guard(database, 'read', async () => {
    const rows = await database.settings.toArray();
    const stored = new Map<string, unknown>(rows.map((r) => [r.key, r.value]));
    const read = <K extends SettingKey>(key: K) => valueOf(key, stored.get(key));
    return {
      retention: read('retention'),
      dailyLimit: read('dailyLimit'),
      reminders: read('reminders'),
      lastRemindedAt: read('lastRemindedAt'),
    };
  });
}

/** Changes one setting. An invalid value is a bug in the caller and throws a RangeError; nothing is stored. */
export async function setSetting<K extends SettingKey>(key: K, value: Settings[K], database: PyRecallDB = db): Promise<void> {
  const problem = settingProblem(key, value);
  if (problem !== undefined) throw new RangeError(`Setting "${key}" ${problem}.`);
  // Stored as a copy so later changes to the caller's object cannot reach the database.
  const row = { key, value: copySetting(key, value) };
  await guard(database, 'write', () => database.transaction('rw', database.settings, () => database.settings.put(row)));
}

/** Puts a setting back to its default (by forgetting the stored value). */
export async function resetSetting(key: SettingKey, database: PyRecallDB = db): Promise<void> {
  await guard(database, 'write', () => database.transaction('rw', database.settings, () => database.settings.delete(key)));
}

/** A reader for Dexie's liveQuery: `liveQuery(settingsQuery())` emits all settings after each change. */
export function settingsQuery(database: PyRecallDB = db): () => Promise<Settings> {
  return () => getSettings(database);
}

/** The stored value if it is still valid, else a fresh copy of the default. */
function valueOf<K extends SettingKey>(key: K, stored: unknown): Settings[K] {
  if (stored !== undefined && settingProblem(key, stored) === undefined) return copySetting(key, stored);
  return copySetting(key, DEFAULT_SETTINGS[key]);
}
