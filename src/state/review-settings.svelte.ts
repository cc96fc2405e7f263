/**
 * The two review settings, live from storage: desired retention and the daily review limit. Saving
 * goes through db/settings.ts; a failure is shown as a notice and the stored value stays.
 */
import { DEFAULT_SETTINGS, setSetting, settingsQuery, type Settings } from '../db/settings';
import { MAX_RETENTION, MIN_RETENTION } from '../domain/backup';
import { Live } from './live.svelte';
import { notices } from './notices.svelte';

/** The daily limit a reader can choose on the settings screen; storage accepts more, for imports. */
export const MIN_DAILY_LIMIT_CHOICE = 1;
export const MAX_DAILY_LIMIT_CHOICE = 100;
export { MAX_RETENTION, MIN_RETENTION };

class ReviewSettings {
  #settings = new Live<Settings>(settingsQuery(), DEFAULT_SETTINGS);

  /** Target probability of recalling an article when it comes up for review, 0.80–0.95. */
  get retention(): number {
    return this.#settings.current.retention;
  }

  /** Most reviews offered per review day. */
  get dailyLimit(): number {
    return this.#settings.current.dailyLimit;
  }

  get loaded(): boolean {
    return this.#settings.loaded;
  }

  /** Saves the desired retention; false (with a notice) when it is out of range or not saved. */
  async setRetention(value: number): Promise<boolean> {
    if (!(value >= MIN_RETENTION && value <= MAX_RETENTION)) return false;
    // Two decimals: a slider's float arithmetic must not store 0.8500000000000001.
    return this.#save('retention', Math.round(value * 100) / 100);
  }

  /** Saves the daily limit; false when it is not a whole number from 1 to 100, or not saved. */
  async setDailyLimit(value: number): Promise<boolean> {
    if (!Number.isInteger(value) || value < MIN_DAILY_LIMIT_CHOICE || value > MAX_DAILY_LIMIT_CHOICE) return false;
    return this.#save('dailyLimit', value);
  }

  async #save<K extends 'retention' | 'dailyLimit'>(key: K, value: Settings[K]): Promise<boolean> {
    if (this.#settings.current[key] === value) return true;
    try {
      await setSetting(key, value);
      return true;
    } catch (error) {
      notices.error(error);
      return false;
    }
  }
}

export const reviewSettings = new ReviewSettings();
