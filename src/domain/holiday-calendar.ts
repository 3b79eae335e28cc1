/**
 * Working days in China: statutory holidays, their make-up working days (调休) and otherwise the
 * ordinary Monday–Friday week. The daily check (日管控) follows it, so one wrong day here means a
 * prompt on a day off or a silent working day.
 */

import type { CalendarFile } from './calendar-file.js';
import { eachDay, type LocalDate, parseLocalDate, weekdayOf } from './local-time.js';

export type { CalendarFile, CalendarHoliday } from './calendar-file.js';
export { calendarFileSchema, calendarHolidaySchema, localDateSchema } from './calendar-file.js';

const label = (f: CalendarFile): string => `${f.region} ${f.year}`;

/**
 * Problems that make a set of calendar files unusable together, worded for an administrator:
 * a date that is both a day off and a make-up working day, the same region and year given twice,
 * or files for different regions mixed in one calendar. Empty when the files fit together.
 */
export function checkCalendars(files: readonly CalendarFile[]): string[] {
  const problems: string[] = [];
  const seen = new Map<string, number>();
  for (const f of files) seen.set(label(f), (seen.get(label(f)) ?? 0) + 1);
  for (const [key, n] of seen)
    if (n > 1) problems.push(`calendar ${key} is given ${n} times; keep one file per region and year`);

  const regions = [...new Set(files.map((f) => f.region))];
  if (regions.length > 1)
    problems.push(`calendars for different regions (${regions.join(', ')}) cannot be combined; use one region`);

  const offBy = new Map<LocalDate, string>();
  for (const f of files)
    for (const h of f.holidays) for (const d of eachDay(h.from, h.to)) offBy.set(d, `${label(f)} ${h.name}`);
  for (const f of files) {
    for (const h of f.holidays) {
      for (const w of h.workdays) {
        const off = offBy.get(w);
        if (off)
          problems.push(
            `${w} is a make-up workday of ${label(f)} ${h.name} but also a day off of ${off}; fix one of them`,
          );
      }
    }
  }
  return problems;
}

/** Answers "is this a working day?" from a consistent set of calendar files. */
export class HolidayCalendar {
  private readonly holidays = new Map<LocalDate, string[]>();
  private readonly workdays = new Set<LocalDate>();
  private readonly years: number[];

  /** Throws when `checkCalendars(files)` finds problems; call it first to report them nicely. */
  constructor(files: readonly CalendarFile[]) {
    const problems = checkCalendars(files);
    if (problems.length > 0) throw new Error(`invalid holiday calendars:\n- ${problems.join('\n- ')}`);
    for (const f of files) {
      for (const h of f.holidays) {
        for (const d of eachDay(h.from, h.to)) {
          const names = this.holidays.get(d) ?? [];
          if (!names.includes(h.name)) names.push(h.name);
          this.holidays.set(d, names);
        }
        for (const w of h.workdays) this.workdays.add(w);
      }
    }
    this.years = [...new Set(files.map((f) => f.year))].sort((a, b) => a - b);
  }

  /** Holiday → false; make-up workday → true; otherwise Monday–Friday (also outside covered years). */
  isWorkingDay(date: LocalDate): boolean {
    if (this.holidays.has(date)) return false;
    if (this.workdays.has(date)) return true;
    return weekdayOf(date) <= 5;
  }

  /**
   * Name of the holiday `date` falls in, or null. Overlapping
   * holidays (2025: 国庆节 holds 中秋) are joined with '、' in file order.
   */
  holidayName(date: LocalDate): string | null {
    return this.holidays.get(date)?.join('、') ?? null;
  }

  /** True for a weekend day that is worked in exchange for a holiday (调休上班). */
  isMakeUpWorkday(date: LocalDate): boolean {
    return this.workdays.has(date);
  }

  /** Years that have a calendar file, ascending. */
  coveredYears(): number[] {
    return [...this.years];
  }

  /**
   * Whether `date`'s year has a calendar file; when not, the
   * app should warn that it assumes a plain Monday–Friday week.
   */
  covers(date: LocalDate): boolean {
    // A typo must fail loudly rather than read as "not covered".
    if (parseLocalDate(date) === null) throw new RangeError(`invalid local date: ${JSON.stringify(date)}`);
    return this.years.includes(Number(date.slice(0, 4)));
  }
}
