/**
 * Calendar arithmetic on local dates written as 'YYYY-MM-DD' strings.
 *
 * A local date names a day on a wall calendar, not an instant, so the arithmetic here is pure
 * integer math on a proleptic Gregorian day number: no `Date`, no time zone, no DST to trip on.
 */

/** A calendar day in some time zone, 'YYYY-MM-DD'. */
export type LocalDate = string;

/** A calendar month, 'YYYY-MM'. */
export type YearMonth = string;

/** ISO weekday: Monday = 1 … Sunday = 7. */
export type IsoWeekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

interface Civil {
  year: number;
  month: number;
  day: number;
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MONTH_RE = /^(\d{4})-(\d{2})$/;

/** True for Gregorian leap years (2028 yes, 2100 no, 2000 yes). */
export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function monthLength(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/**
 * Strictly parses 'YYYY-MM-DD' (zero-padded, real day of a real month); null otherwise, so
 * '2026-02-30' and '2026-2-1' are rejected rather than rolled over.
 */
export function parseLocalDate(s: string): LocalDate | null {
  const m = DATE_RE.exec(s);
  if (!m) return null;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (month < 1 || month > 12 || day < 1 || day > monthLength(year, month)) return null;
  return s;
}

function civilOf(date: LocalDate): Civil {
  if (parseLocalDate(date) === null) throw new RangeError(`invalid local date: ${JSON.stringify(date)}`);
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return { year, month, day };
}

// The engine asks about the same few dates for every unit of a tick: day numbers are remembered.
const dayNumbers = new Map<string, number>();

function dayNumberOf(date: LocalDate): number {
  let n = dayNumbers.get(date);
  if (n === undefined) {
    n = computeDayNumber(date);
    if (dayNumbers.size >= 4_096) dayNumbers.clear();
    dayNumbers.set(date, n);
  }
  return n;
}

// Days since 1970-01-01 (Howard Hinnant's days_from_civil), exact for any Gregorian date.
function computeDayNumber(date: LocalDate): number {
  const { year, month, day } = civilOf(date);
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function dateOfDayNumber(n: number): LocalDate {
  const z = n + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  return formatLocalDate(year, month, day);
}

/** Formats numeric parts as 'YYYY-MM-DD' (no validation; see `parseLocalDate`). */
export function formatLocalDate(year: number, month: number, day: number): LocalDate {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** The date `n` days after `date` (negative `n` goes back); crosses month and year ends. */
export function addDays(date: LocalDate, n: number): LocalDate {
  if (!Number.isInteger(n)) throw new RangeError(`addDays: n must be an integer, got ${n}`);
  return dateOfDayNumber(dayNumberOf(date) + n);
}

/** Whole days from `from` to `to` (positive when `to` is later). */
export function daysBetween(from: LocalDate, to: LocalDate): number {
  return dayNumberOf(to) - dayNumberOf(from);
}

/** ISO weekday of `date`: Monday = 1 … Sunday = 7. */
export function weekdayOf(date: LocalDate): IsoWeekday {
  // Day 0 (1970-01-01) was a Thursday (ISO 4).
  return (((((dayNumberOf(date) + 3) % 7) + 7) % 7) + 1) as IsoWeekday;
}

function parseYearMonth(month: YearMonth): { year: number; month: number } {
  const m = MONTH_RE.exec(month);
  const parts = m ? { year: Number(m[1]), month: Number(m[2]) } : null;
  if (!parts || parts.month < 1 || parts.month > 12) {
    throw new RangeError(`invalid month: ${JSON.stringify(month)} (expected YYYY-MM)`);
  }
  return parts;
}

/** Number of days in a 'YYYY-MM' month (2028-02 → 29). */
export function daysInMonth(month: YearMonth): number {
  const p = parseYearMonth(month);
  return monthLength(p.year, p.month);
}

/** Last day of a 'YYYY-MM' month (2028-02 → '2028-02-29'). */
export function lastDayOfMonth(month: YearMonth): LocalDate {
  const p = parseYearMonth(month);
  return formatLocalDate(p.year, p.month, monthLength(p.year, p.month));
}

/** Sort comparator: negative, zero or positive as `a` is before, equal to or after `b`. */
export function compareLocalDate(a: LocalDate, b: LocalDate): number {
  return Math.sign(dayNumberOf(a) - dayNumberOf(b));
}

/** Every date from `from` to `to`, both inclusive; empty when `from` is after `to`. */
export function eachDay(from: LocalDate, to: LocalDate): LocalDate[] {
  const start = dayNumberOf(from);
  const end = dayNumberOf(to);
  const days: LocalDate[] = [];
  for (let n = start; n <= end; n++) days.push(dateOfDayNumber(n));
  return days;
}
