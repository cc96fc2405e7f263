/**
 * How numbers, sizes and dates read on the Progress and Settings screens: byte sizes, "3 days
 * ago", backup file names and the one-line descriptions of a backup and of an import.
 */
import { describe, expect, it } from 'vitest';
import type { BackupSummary } from '../../src/domain/backup';
import {
  backupFileName,
  describeBackup,
  describeImport,
  formatBytes,
  formatDate,
  formatShortDate,
  joinList,
  plural,
  timeAgo,
} from '../../src/domain/format';

const at = (iso: string) => Date.parse(iso);
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

describe('formatBytes', () => {
  it.each([
    [0, '0 bytes'],
    [1, '1 byte'],
    [999, '999 bytes'],
    [1000, '1 kB'],
    [1234, '1.2 kB'],
    [12_345, '12 kB'],
    [999_499, '999 kB'],
    [999_960, '1 MB'],
    [1_200_000, '1.2 MB'],
    [10_000_000_000, '10 GB'],
    [10_737_418_240, '11 GB'],
    [3.5e12, '3.5 TB'],
  ])('writes %d bytes as "%s"', (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text);
  });

  it('says the amount is unknown rather than printing NaN or a negative size', () => {
    expect(formatBytes(Number.NaN)).toBe('an unknown amount');
    expect(formatBytes(-1)).toBe('an unknown amount');
  });
});

describe('timeAgo', () => {
  const zone = 'Europe/London';
  const now = at('2026-11-28T14:00:00Z');

  it.each([
    [now, 'just now'],
    [now - 30_000, 'just now'],
    [now + HOUR, 'just now'], // another device's clock running ahead
    [now - MINUTE, '1 minute ago'],
    [now - 5 * MINUTE, '5 minutes ago'],
    [now - 59 * MINUTE, '59 minutes ago'],
    [now - 2 * HOUR, '2 hours ago'],
    [at('2026-11-28T00:01:00Z'), '13 hours ago'],
    [at('2026-11-27T23:59:00Z'), 'yesterday'],
    [at('2026-11-26T12:00:00Z'), '2 days ago'],
    [at('2026-11-22T12:00:00Z'), '6 days ago'],
    [at('2026-11-21T12:00:00Z'), 'last week'],
    [at('2026-11-07T12:00:00Z'), '3 weeks ago'],
    [at('2026-10-20T12:00:00Z'), 'last month'],
    [at('2026-05-28T12:00:00Z'), '6 months ago'],
    [at('2025-11-01T12:00:00Z'), 'last year'],
    [at('2023-11-01T12:00:00Z'), '3 years ago'],
  ])('at 14:00 on 28 Nov 2026, %d was "%s"', (then, text) => {
    expect(timeAgo(then, now, zone)).toBe(text);
  });

  it('counts calendar days in the reader’s time zone, not 24-hour spans', () => {
    const morning = at('2026-11-28T08:00:00Z');
    const lateLastNight = at('2026-11-27T23:00:00Z'); // 9 hours earlier, but the day before in London
    expect(timeAgo(lateLastNight, morning, 'Europe/London')).toBe('yesterday');
    // In Tokyo both instants fall on 28 November.
    expect(timeAgo(lateLastNight, morning, 'Asia/Tokyo')).toBe('9 hours ago');
  });
});

describe('dates', () => {
  it('writes day, short month and year, in the reader’s zone', () => {
    const instant = at('2026-11-03T23:30:00Z');
    expect(formatDate(instant, 'Europe/London')).toBe('3 Nov 2026');
    expect(formatDate(instant, 'Asia/Tokyo')).toBe('4 Nov 2026');
    expect(formatShortDate(instant, 'Europe/London')).toBe('3 Nov');
  });

  it('names a backup after the local date it was made', () => {
    const instant = at('2026-11-03T23:30:00Z');
    expect(backupFileName(instant, 'Europe/London')).toBe('pyrecall-backup-2026-11-03.json');
    expect(backupFileName(instant, 'Asia/Tokyo')).toBe('pyrecall-backup-2026-11-04.json');
  });
});

describe('plural and joinList', () => {
  it.each([
    [0, '0 notes'],
    [1, '1 note'],
    [2, '2 notes'],
    [1500, '1,500 notes'],
  ])('counts %d as "%s"', (n, text) => {
    expect(plural(n, 'note')).toBe(text);
  });

  it('joins lists the way a sentence does', () => {
    expect(joinList([])).toBe('');
    expect(joinList(['a'])).toBe('a');
    expect(joinList(['a', 'b'])).toBe('a and b');
    expect(joinList(['a', 'b', 'c'])).toBe('a, b and c');
  });
});

const summary = (over: Partial<BackupSummary> = {}): BackupSummary => ({
  exportedAt: at('2026-11-03T12:00:00Z'),
  articles: 0,
  finished: 0,
  reading: 0,
  notes: 0,
  reviewCards: 0,
  reviewLogEntries: 0,
  settings: 0,
  ...over,
});

describe('describeBackup', () => {
  it('lists what the file holds, leaving out what it has none of', () => {
    expect(describeBackup(summary({ finished: 42, reading: 17, notes: 17, reviewCards: 12 }))).toBe(
      '42 finished, 17 reading, 17 notes, 12 review cards',
    );
    expect(describeBackup(summary({ finished: 1, notes: 1, reviewCards: 1, reviewLogEntries: 1, settings: 1 }))).toBe(
      '1 finished, 1 note, 1 review card, 1 past review, 1 changed setting',
    );
  });

  it('says so when the file holds nothing', () => {
    expect(describeBackup(summary())).toBe('no progress, notes or reviews');
  });
});

describe('describeImport', () => {
  const zone = 'Europe/London';
  const none = { progress: 0, reviewCards: 0, reviewLogEntries: 0, settings: 0 };

  it('says a replace made the device the backup', () => {
    expect(describeImport('replace', summary({ finished: 3 }), { ...none, progress: 3 }, zone)).toBe(
      'Backup restored: this device now holds exactly the backup of 3 Nov 2026 (3 finished).',
    );
  });

  it('says how much a merge took from the file', () => {
    expect(describeImport('merge', summary({ finished: 3 }), { ...none, progress: 2, reviewLogEntries: 5 }, zone)).toBe(
      'Backup merged: took 2 articles and 5 past reviews from the backup of 3 Nov 2026; anything changed more recently on this device was kept.',
    );
  });

  it('says when a merge found nothing new', () => {
    expect(describeImport('merge', summary({ finished: 3 }), none, zone)).toBe(
      'Backup merged: this device already had everything in the backup of 3 Nov 2026.',
    );
  });
});
