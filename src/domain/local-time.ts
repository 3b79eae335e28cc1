/**
 * Local wall-clock time ↔ UTC instants in a unit's time zone.
 *
 * Instants are stored in UTC; periods, deadlines and reminders are set in local wall-clock terms
 * ('2026-12-01', '08:30', 'Asia/Shanghai'). This module is the bridge, and the entry point for the
 * whole pure time toolkit: date arithmetic and duration parsing are re-exported from here.
 */
import { formatLocalDate, type LocalDate, parseLocalDate } from './local-date.js';
import { offsetMinutesAt, wallClockMs, wallClockOf } from './zone-clock.js';

export { parseDuration } from './duration.js';
export type { IsoWeekday, LocalDate, YearMonth } from './local-date.js';
export {
  addDays,
  compareLocalDate,
  daysBetween,
  daysInMonth,
  eachDay,
  formatLocalDate,
  isLeapYear,
  lastDayOfMonth,
  parseLocalDate,
  weekdayOf,
} from './local-date.js';
export { isValidTimeZone } from './zone-clock.js';

/** A wall-clock time of day, 'HH:mm' (24-hour, zero-padded). */
export type HHMM = string;

const HHMM_RE = /^([01]\d|2[0-3]):([0-5]\d)$/;
const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;

/** Strictly parses 'HH:mm' from '00:00' to '23:59'; null for '8:30', '24:00', '08:60', '08:30:00'. */
export function parseHHMM(s: string): HHMM | null {
  return HHMM_RE.test(s) ? s : null;
}

/** Minutes since local midnight of an 'HH:mm' time ('08:30' → 510). */
export function minutesOfDay(hhmm: HHMM): number {
  const m = HHMM_RE.exec(hhmm);
  if (!m) throw new RangeError(`invalid time of day: ${JSON.stringify(hhmm)} (expected HH:mm)`);
  return Number(m[1]) * 60 + Number(m[2]);
}

/** 'HH:mm' for minutes since midnight (510 → '08:30'); accepts 0–1439. */
export function formatHHMM(minutes: number): HHMM {
  if (!Number.isInteger(minutes) || minutes < 0 || minutes >= 1440) {
    throw new RangeError(`minutes of day out of range: ${minutes}`);
  }
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/** The calendar date shown in `tz` at `instant` (2026-11-30T16:30Z in Asia/Shanghai → '2026-12-01'). */
export function localDateOf(instant: Date, tz: string): LocalDate {
  const w = wallClockOf(instant, tz);
  return formatLocalDate(w.year, w.month, w.day);
}

/** The wall-clock time shown in `tz` at `instant`, to the minute (seconds are dropped). */
export function localTimeOf(instant: Date, tz: string): HHMM {
  const w = wallClockOf(instant, tz);
  return formatHHMM(w.hour * 60 + w.minute);
}

/**
 * The UTC instant at which the wall clock in `tz` reads `date` `hhmm`.
 *
 * DST decisions, so that a schedule never skips a day and never fires twice:
 * - gap (spring forward; 2026-03-08 02:30 in New York does not exist): the first valid instant
 *   after it, i.e. the moment of the transition (03:00 EDT = 07:00Z). A task set inside the gap
 *   fires as soon as the clock leaves it, and every time inside the gap maps to that same instant.
 * - overlap (fall back; 2026-11-01 01:30 in New York happens twice): the earlier instant
 *   (01:30 EDT = 05:30Z).
 * Note that `dayjs.tz` differs on both (gap → 03:30 EDT, overlap → the later instant).
 */
export function atLocal(date: LocalDate, hhmm: HHMM, tz: string): Date {
  // Pure in its three strings, and asked the same few questions for every unit of a tick: memoised.
  const key = `${date} ${hhmm} ${tz}`;
  let ms = atLocalMemo.get(key);
  if (ms === undefined) {
    ms = computeAtLocal(date, hhmm, tz).getTime();
    if (atLocalMemo.size >= AT_LOCAL_MEMO_SIZE) atLocalMemo.clear();
    atLocalMemo.set(key, ms);
  }
  return new Date(ms);
}

const AT_LOCAL_MEMO_SIZE = 10_000;
const atLocalMemo = new Map<string, number>();

function computeAtLocal(date: LocalDate, hhmm: HHMM, tz: string): Date {
  const d = parseLocalDate(date);
  if (d === null) throw new RangeError(`invalid local date: ${JSON.stringify(date)}`);
  const [year, month, day] = d.split('-').map(Number) as [number, number, number];
  const minutes = minutesOfDay(hhmm);
  const wall = wallClockMs({ year, month, day, hour: Math.floor(minutes / 60), minute: minutes % 60, second: 0 });

  // Offsets in force around this wall time; one day either side catches any transition nearby.
  const offsets = new Set([-DAY_MS, 0, DAY_MS].map((delta) => offsetMinutesAt(new Date(wall + delta), tz)));
  const candidates = [...offsets].map((o) => wall - o * MINUTE_MS).sort((a, b) => a - b);
  const exact = candidates.find((t) => readsAt(t, tz) === wall);
  if (exact !== undefined) return new Date(exact);
  return new Date(firstInstantReadingAfter(wall, candidates[0]!, candidates[candidates.length - 1]!, tz));
}

function readsAt(t: number, tz: string): number {
  return wallClockMs(wallClockOf(new Date(t), tz));
}

// Binary search, to the minute, for the transition that skips over `wall`: the clock reads before
// `wall` at `lo` and after it at `hi`.
function firstInstantReadingAfter(wall: number, lo: number, hi: number, tz: string): number {
  if (readsAt(lo, tz) > wall || readsAt(hi, tz) <= wall) return hi;
  while (hi - lo > MINUTE_MS) {
    const mid = lo + Math.floor((hi - lo) / MINUTE_MS / 2) * MINUTE_MS;
    if (readsAt(mid, tz) > wall) hi = mid;
    else lo = mid;
  }
  return hi;
}
