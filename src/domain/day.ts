/**
 * Local days: the one place that turns epoch milliseconds into the user's days and back.
 *
 * Everything else stores instants as epoch ms (UTC) and asks this module which day they fall on.
 * A "review day" starts at 04:00 local time rather than midnight, so a late-night session still
 * counts towards the evening it began in (the same rule Anki uses). Every function takes an
 * explicit IANA time zone, so results never depend on the zone of the machine running them.
 *
 * Day keys are 'YYYY-MM-DD' strings; a day number is the count of days since 1970-01-01 for that
 * key, which makes day arithmetic plain integer arithmetic with no time zone involved.
 */

/** Local hour at which one review day ends and the next begins. */
export const REVIEW_DAY_ROLLOVER_HOUR = 4;

export const MS_PER_MINUTE = 60_000;
export const MS_PER_HOUR = 3_600_000;
export const MS_PER_DAY = 86_400_000;

/** Largest time a Date can hold (ECMA-262 §21.4.1.22). */
const MAX_EPOCH_MS = 8.64e15;
/** Span of UTC days whose offsets are memoised per zone (about 270 years, 800 kB). */
const MAX_OFFSET_TABLE_DAYS = 100_000;

/** A calendar date, 'YYYY-MM-DD'. */
export type DayKey = string;

/** Wall-clock reading of an instant in some time zone; `month` is 1–12, `weekday` 0 = Sunday. */
export interface LocalDateTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  weekday: number;
}

const ROLLOVER_MS = REVIEW_DAY_ROLLOVER_HOUR * MS_PER_HOUR;
const DAY_KEY = /^(\d{4})-(\d{2})-(\d{2})$/;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    // h23 because some engines print midnight as "24" under hour12: false.
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

function floorMod(n: number, m: number): number {
  return ((n % m) + m) % m;
}

/** Wall-clock time of `epochMs` in `timeZone`, expressed as if that wall clock were UTC. */
function wallClockMs(epochMs: number, timeZone: string): number {
  let year = 0;
  let month = 1;
  let day = 1;
  let hour = 0;
  let minute = 0;
  let second = 0;
  for (const part of formatter(timeZone).formatToParts(epochMs)) {
    switch (part.type) {
      case 'year':
        year = Number(part.value);
        break;
      case 'month':
        month = Number(part.value);
        break;
      case 'day':
        day = Number(part.value);
        break;
      case 'hour':
        hour = Number(part.value);
        break;
      case 'minute':
        minute = Number(part.value);
        break;
      case 'second':
        second = Number(part.value);
        break;
    }
  }
  return utcMs(year, month, day) + hour * MS_PER_HOUR + minute * MS_PER_MINUTE + second * 1000;
}

function utcMs(year: number, month: number, day: number): number {
  // Date.UTC maps years 0–99 to 1900–1999; setUTCFullYear does not.
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  return d.getTime();
}

/**
 * The zone of the device the app runs on: the one the reader's days are counted in. Pure code takes
 * a zone as an argument; only the layers that talk to the reader (state, storage defaults) call this.
 */
export function localTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/** True when `timeZone` is an IANA zone name this runtime knows. */
export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** Offset of `timeZone` from UTC at `epochMs`, in ms (New York in winter: −5 h). */
export function utcOffsetMs(epochMs: number, timeZone: string): number {
  // Intl works to the second; drop the milliseconds so the difference is exact.
  const whole = epochMs - floorMod(epochMs, 1000);
  return wallClockMs(whole, timeZone) - whole;
}

/** The wall-clock date and time of `epochMs` in `timeZone`. */
export function localDateTime(epochMs: number, timeZone: string): LocalDateTime {
  const wall = wallClockMs(epochMs, timeZone);
  const dayNo = Math.floor(wall / MS_PER_DAY);
  const key = dayKeyFromNumber(dayNo);
  const inDay = wall - dayNo * MS_PER_DAY;
  return {
    year: Number(key.slice(0, 4)),
    month: Number(key.slice(5, 7)),
    day: Number(key.slice(8, 10)),
    hour: Math.floor(inDay / MS_PER_HOUR),
    minute: Math.floor(inDay / MS_PER_MINUTE) % 60,
    second: Math.floor(inDay / 1000) % 60,
    weekday: weekdayOfDayNumber(dayNo),
  };
}

/** The local calendar date of `epochMs` (midnight rollover), for things that follow the wall calendar. */
export function calendarDay(epochMs: number, timeZone: string): DayKey {
  return dayKeyFromNumber(Math.floor(wallClockMs(epochMs, timeZone) / MS_PER_DAY));
}

/** The review day `epochMs` belongs to: the local date, where the day turns over at 04:00. */
export function reviewDay(epochMs: number, timeZone: string): DayKey {
  return dayKeyFromNumber(reviewDayNumber(epochMs, timeZone));
}

/** `reviewDay` as a day number. */
export function reviewDayNumber(epochMs: number, timeZone: string): number {
  return Math.floor((wallClockMs(epochMs, timeZone) - ROLLOVER_MS) / MS_PER_DAY);
}

/**
 * The instant the local wall clock in `timeZone` reads `minuteOfDay` on `dayKey`. A time skipped by
 * a spring-forward gap maps to the same wall time after the gap (02:30 → 03:30); a time repeated by
 * a fall-back maps to its first occurrence — the "compatible" rule of Temporal and RFC 5545.
 */
export function localTimeToEpoch(dayKey: DayKey, minuteOfDay: number, timeZone: string): number {
  const wall = dayNumber(dayKey) * MS_PER_DAY + minuteOfDay * MS_PER_MINUTE;
  // Offsets a day either side bracket any single transition near this wall time.
  const before = utcOffsetMs(wall - MS_PER_DAY, timeZone);
  const after = utcOffsetMs(wall + MS_PER_DAY, timeZone);
  let best: number | null = null;
  for (const offset of before === after ? [before] : [before, after]) {
    const candidate = wall - offset;
    if (utcOffsetMs(candidate, timeZone) === offset && (best === null || candidate < best)) best = candidate;
  }
  return best ?? wall - before;
}

/** Epoch ms of 04:00 local time on `dayKey`, the moment that review day begins. */
export function startOfReviewDay(dayKey: DayKey, timeZone: string): number {
  return localTimeToEpoch(dayKey, REVIEW_DAY_ROLLOVER_HOUR * 60, timeZone);
}

/** Epoch ms at which the review day `dayKey` ends (exclusive): the start of the next one. */
export function endOfReviewDay(dayKey: DayKey, timeZone: string): number {
  return startOfReviewDay(addDays(dayKey, 1), timeZone);
}

/** True for a real calendar date written 'YYYY-MM-DD'. */
export function isDayKey(value: string): boolean {
  const m = DAY_KEY.exec(value);
  if (!m) return false;
  const n = Math.floor(utcMs(Number(m[1]), Number(m[2]), Number(m[3])) / MS_PER_DAY);
  return dayKeyFromNumber(n) === value;
}

/** Days since 1970-01-01 of the date `dayKey`; throws on anything but a real 'YYYY-MM-DD' date. */
export function dayNumber(dayKey: DayKey): number {
  const m = DAY_KEY.exec(dayKey);
  if (!m) throw new RangeError(`Not a day key (YYYY-MM-DD): ${JSON.stringify(dayKey)}`);
  const n = Math.floor(utcMs(Number(m[1]), Number(m[2]), Number(m[3])) / MS_PER_DAY);
  // Date silently normalises 02-30 to 03-02; a key that does not round-trip is a typo upstream.
  if (dayKeyFromNumber(n) !== dayKey) throw new RangeError(`Not a calendar date: ${dayKey}`);
  return n;
}

/** The day key of a day number. */
export function dayKeyFromNumber(n: number): DayKey {
  return new Date(n * MS_PER_DAY).toISOString().slice(0, 10);
}

/** `dayKey` moved by `days` (negative goes back). */
export function addDays(dayKey: DayKey, days: number): DayKey {
  return dayKeyFromNumber(dayNumber(dayKey) + days);
}

/** Whole days from `from` to `to` (positive when `to` is later). */
export function daysBetween(from: DayKey, to: DayKey): number {
  return dayNumber(to) - dayNumber(from);
}

/** Day of the week of `dayKey`, 0 = Sunday … 6 = Saturday. */
export function dayOfWeek(dayKey: DayKey): number {
  return weekdayOfDayNumber(dayNumber(dayKey));
}

/** Day of the week of a day number, 0 = Sunday … 6 = Saturday. */
export function weekdayOfDayNumber(n: number): number {
  return floorMod(n + 4, 7); // 1970-01-01 was a Thursday.
}

/**
 * A fast `reviewDayNumber` for bulk work (statistics over 100,000 reviews): a few Intl calls per
 * stretch of days touched instead of one per instant, memoised per zone. It samples the offset at
 * both ends of a stretch; when they agree the offset held throughout (offset changes are months
 * apart), and on the rare day they differ it finds the instant of the change once, by bisection.
 * Returns NaN for a time that is not a valid Date.
 */
export function createReviewDayIndexer(timeZone: string): (epochMs: number) => number {
  formatter(timeZone); // Fail fast on a bad zone rather than on the first call.
  let table = dayOffsets.get(timeZone);
  if (!table) {
    table = { first: 0, offsets: new Float64Array(0), transitions: new Map() };
    dayOffsets.set(timeZone, table);
  }
  const t = table;
  return (epochMs: number): number => {
    // Bulk data may hold a corrupt time; NaN lets the caller skip it instead of the whole batch failing.
    if (!(Math.abs(epochMs) <= MAX_EPOCH_MS - MS_PER_DAY)) return NaN;
    const utcDay = Math.floor(epochMs / MS_PER_DAY);
    let i = utcDay - t.first;
    if (i < 0 || i >= t.offsets.length) {
      if (!grow(t, utcDay)) return reviewDayNumber(epochMs, timeZone);
      i = utcDay - t.first;
    }
    let offset = t.offsets[i];
    if (offset === UNKNOWN) {
      sampleBlock(t, utcDay, timeZone);
      offset = t.offsets[utcDay - t.first];
    }
    if (offset === TRANSITION) {
      const change = t.transitions.get(utcDay)!;
      offset = epochMs >= change.at ? change.after : change.before;
    }
    return Math.floor((epochMs + offset - ROLLOVER_MS) / MS_PER_DAY);
  };
}

/** An offset change within one UTC day. */
interface Transition {
  /** First instant (whole second) on the new offset. */
  at: number;
  before: number;
  after: number;
}

/** Per zone, the UTC offset that holds all through each UTC day from `first` on. */
interface DayOffsetTable {
  first: number;
  offsets: Float64Array;
  transitions: Map<number, Transition>;
}

/** Days sampled together; far shorter than the gap between two offset changes in any zone. */
const SAMPLE_BLOCK_DAYS = 8;

/** Marks a day not sampled yet, and a day on which the offset changes (offsets are finite). */
const UNKNOWN = Number.POSITIVE_INFINITY;
const TRANSITION = Number.NEGATIVE_INFINITY;

const dayOffsets = new Map<string, DayOffsetTable>();

/**
 * Fills in the block of SAMPLE_BLOCK_DAYS days around `utcDay` with two Intl calls when the offset
 * is the same at both ends (offset changes are months apart), else day by day.
 */
function sampleBlock(table: DayOffsetTable, utcDay: number, timeZone: string): void {
  const start = Math.max(table.first, utcDay - floorMod(utcDay, SAMPLE_BLOCK_DAYS));
  const end = Math.min(table.first + table.offsets.length, start + SAMPLE_BLOCK_DAYS);
  const offset = utcOffsetMs(start * MS_PER_DAY, timeZone);
  if (offset === utcOffsetMs(end * MS_PER_DAY, timeZone)) {
    table.offsets.fill(offset, start - table.first, end - table.first);
    return;
  }
  for (let day = start; day < end; day++) table.offsets[day - table.first] = sampleDay(table, day, timeZone);
}

/** The offset holding all through `utcDay`, or TRANSITION after recording when it changes. */
function sampleDay(table: DayOffsetTable, utcDay: number, timeZone: string): number {
  let lo = utcDay * MS_PER_DAY;
  let hi = lo + MS_PER_DAY;
  const before = utcOffsetMs(lo, timeZone);
  const after = utcOffsetMs(hi, timeZone);
  if (before === after) return before;
  // Invariant: offset at lo is `before`, at hi is `after`; close in on the change to the second.
  while (hi - lo > 1000) {
    const mid = lo + Math.floor((hi - lo) / 2000) * 1000;
    if (utcOffsetMs(mid, timeZone) === before) lo = mid;
    else hi = mid;
  }
  table.transitions.set(utcDay, { at: hi, before, after });
  return TRANSITION;
}

/**
 * Widens `table` to cover `utcDay`, at least doubling so a spread of days costs few copies.
 * False when that would exceed MAX_OFFSET_TABLE_DAYS (a corrupt time centuries away): the caller
 * then answers that one time exactly rather than give up the days already memoised.
 */
function grow(table: DayOffsetTable, utcDay: number): boolean {
  const { first, offsets } = table;
  const lo = offsets.length === 0 ? utcDay : Math.min(first, utcDay);
  const hi = offsets.length === 0 ? utcDay : Math.max(first + offsets.length - 1, utcDay);
  const needed = hi - lo + 1;
  if (needed > MAX_OFFSET_TABLE_DAYS) return false;
  const length = Math.min(MAX_OFFSET_TABLE_DAYS, Math.max(needed, offsets.length * 2, 64));
  // Spare room goes on the side that was missed, where the next misses are likely to be.
  const newFirst = utcDay < first || offsets.length === 0 ? hi - length + 1 : lo;
  const next = new Float64Array(length).fill(UNKNOWN);
  if (offsets.length > 0) next.set(offsets, first - newFirst);
  table.first = newFirst;
  table.offsets = next;
  return true;
}
