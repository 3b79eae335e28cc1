/**
 * The three rhythms of the routine — 日管控 (daily), 周排查 (weekly), 月调度 (monthly) — as periods
 * of local dates with stable keys ('2026-12-01', '2026-W49', '2026-12') that task and message keys
 * are built from. Weeks are ISO 8601 (Monday..Sunday, W01 holds the year's first Thursday), the
 * week Chinese workplaces use.
 */
import {
  addDays,
  atLocal,
  daysBetween,
  formatLocalDate,
  type LocalDate,
  lastDayOfMonth,
  parseLocalDate,
  weekdayOf,
} from './local-time.js';

export type PeriodKind = 'daily' | 'weekly' | 'monthly';

/** One period: its kind, its key and its first and last local dates (both inclusive). */
export interface Period {
  kind: PeriodKind;
  key: string;
  start: LocalDate;
  end: LocalDate;
}

/** Key of the daily period holding `date`: the date itself. */
export function dayKey(date: LocalDate): string {
  if (parseLocalDate(date) === null) throw new RangeError(`invalid local date: ${JSON.stringify(date)}`);
  return date;
}

/** Key of the calendar month holding `date` ('2026-12-01' → '2026-12'). */
export function monthKey(date: LocalDate): string {
  return dayKey(date).slice(0, 7);
}

// The Thursday of date's ISO week decides the week-numbering year.
function isoWeekParts(date: LocalDate): { year: number; week: number } {
  const thursday = addDays(date, 4 - weekdayOf(date));
  const year = Number(thursday.slice(0, 4));
  const week = Math.floor(daysBetween(formatLocalDate(year, 1, 1), thursday) / 7) + 1;
  return { year, week };
}

/** ISO 8601 week key ('2026-12-31' → '2026-W53', '2024-12-30' → '2025-W01'). */
export function isoWeekKey(date: LocalDate): string {
  const { year, week } = isoWeekParts(date);
  return `${String(year).padStart(4, '0')}-W${String(week).padStart(2, '0')}`;
}

/** Monday of ISO week `week` of ISO year `year`. */
function isoWeekMonday(year: number, week: number): LocalDate {
  // 4 January is always in W01.
  const jan4 = formatLocalDate(year, 1, 4);
  return addDays(jan4, 1 - weekdayOf(jan4) + (week - 1) * 7);
}

/** 52 or 53: the number of ISO weeks in ISO year `year` (28 December is always in the last one). */
export function isoWeeksInYear(year: number): number {
  return isoWeekParts(formatLocalDate(year, 12, 28)).week;
}

/** The period of `kind` that contains `date`. */
export function periodOf(kind: PeriodKind, date: LocalDate): Period {
  switch (kind) {
    case 'daily':
      return { kind, key: dayKey(date), start: date, end: date };
    case 'weekly': {
      const start = addDays(date, 1 - weekdayOf(date));
      return { kind, key: isoWeekKey(date), start, end: addDays(start, 6) };
    }
    case 'monthly': {
      const key = monthKey(date);
      return { kind, key, start: `${key}-01`, end: lastDayOfMonth(key) };
    }
  }
}

/**
 * Parses a period key back into its period, or null when the key is malformed or names no real
 * period ('2026-02-30', '2026-W54', '2025-W53', '2026-13', '2026-w01').
 */
export function parsePeriodKey(key: string): Period | null {
  if (parseLocalDate(key) !== null) return periodOf('daily', key);
  const week = /^(\d{4})-W(\d{2})$/.exec(key);
  if (week) {
    const [year, n] = [Number(week[1]), Number(week[2])];
    if (n < 1 || n > isoWeeksInYear(year)) return null;
    return periodOf('weekly', isoWeekMonday(year, n));
  }
  const month = /^(\d{4})-(\d{2})$/.exec(key);
  if (month && parseLocalDate(`${key}-01`) !== null) return periodOf('monthly', `${key}-01`);
  return null;
}

/** The period of the same kind right before `period`. */
export function previousPeriod(period: Period): Period {
  return periodOf(period.kind, addDays(period.start, -1));
}

/** The period of the same kind right after `period`. */
export function nextPeriod(period: Period): Period {
  return periodOf(period.kind, addDays(period.end, 1));
}

/**
 * The UTC instants bounding `period` in `tz`: local 00:00 of its first day (inclusive) and local
 * 00:00 of the day after its last day (exclusive). Where a DST change skips midnight, the day
 * starts at the first valid instant (see `atLocal`), so consecutive periods still tile time.
 */
export function periodBounds(period: Pick<Period, 'start' | 'end'>, tz: string): { startsAt: Date; endsAt: Date } {
  return { startsAt: atLocal(period.start, '00:00', tz), endsAt: atLocal(addDays(period.end, 1), '00:00', tz) };
}
