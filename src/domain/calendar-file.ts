/**
 * Schema of one holiday calendar data file (config/calendars/*.yaml): one region's statutory
 * holidays and make-up working days (调休) for one year, copied from the State Council notice.
 */
import { z } from 'zod';
import { eachDay, parseLocalDate, weekdayOf } from './local-time.js';

/** A strictly valid 'YYYY-MM-DD' string (rejects '2026-02-30' and '2026-2-1'). */
export const localDateSchema = z
  .string()
  .refine((s) => parseLocalDate(s) !== null, { message: 'expected a real date written YYYY-MM-DD' });

/** One holiday: its days off (`from`..`to`, inclusive) and the weekend days worked in exchange. */
export const calendarHolidaySchema = z.strictObject({
  name: z.string().trim().min(1),
  from: localDateSchema,
  to: localDateSchema,
  workdays: z.array(localDateSchema).default([]),
});

const yearOf = (date: string): number => Number(date.slice(0, 4));

type Issue = { path: (string | number)[]; message: string };

function holidayIssues(h: CalendarHoliday, i: number, year: number): Issue[] {
  const issues: Issue[] = [];
  if (h.to < h.from)
    issues.push({ path: ['holidays', i, 'to'], message: `${h.name}: to ${h.to} is before from ${h.from}` });
  for (const f of ['from', 'to'] as const) {
    if (yearOf(h[f]) !== year)
      issues.push({ path: ['holidays', i, f], message: `${h.name}: ${h[f]} is not in ${year}` });
  }
  h.workdays.forEach((w, j) => {
    const path = ['holidays', i, 'workdays', j];
    // A make-up day may fall in an adjacent year (e.g. a late-December Sunday for 元旦).
    if (Math.abs(yearOf(w) - year) > 1)
      issues.push({ path, message: `${h.name}: workday ${w} is too far from ${year}` });
    // Make-up working days are by definition weekend days; a weekday here is a typo.
    if (weekdayOf(w) <= 5) issues.push({ path, message: `${h.name}: workday ${w} is not a Saturday or Sunday` });
  });
  return issues;
}

// A date both off and worked cannot be right; checkCalendars repeats this across files.
function conflictIssues(file: CalendarFile): Issue[] {
  const off = new Set(file.holidays.flatMap((h) => eachDay(h.from, h.to)));
  return file.holidays.flatMap((h, i) =>
    h.workdays.flatMap((w, j) =>
      off.has(w)
        ? [{ path: ['holidays', i, 'workdays', j], message: `${h.name}: workday ${w} is also a day off` }]
        : [],
    ),
  );
}

/** One calendar file; see the module comment. */
export const calendarFileSchema = z
  .strictObject({
    region: z.string().trim().min(1),
    year: z.number().int().min(1970).max(9999),
    source: z.string().trim().min(1).optional(),
    holidays: z.array(calendarHolidaySchema),
  })
  .superRefine(
    (file, ctx) => {
      const issues = [...file.holidays.flatMap((h, i) => holidayIssues(h, i, file.year)), ...conflictIssues(file)];
      for (const issue of issues) ctx.addIssue({ code: 'custom', ...issue });
    },
    // zod would otherwise run this on a half-parsed file (a bad date is a non-aborting issue);
    // the cross-field rules only make sense once every field is well formed.
    { when: (payload) => payload.issues.length === 0 },
  );

export type CalendarFile = z.infer<typeof calendarFileSchema>;
export type CalendarHoliday = z.infer<typeof calendarHolidaySchema>;
