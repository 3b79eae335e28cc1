/**
 * Where the sandbox's clock starts and what “下一天” means: a few minutes before the daily check
 * opens, so that the first click on 下一个事件 sends the morning cards.
 */

import type { HolidayCalendar } from '../domain/holiday-calendar.js';
import {
  addDays,
  atLocal,
  formatHHMM,
  type HHMM,
  type LocalDate,
  localDateOf,
  minutesOfDay,
} from '../domain/local-time.js';

/** Minutes before the daily opening that a sandbox day starts. */
const LEAD_MINUTES = 5;

export function dayStartTime(dailyOpen: HHMM): HHMM {
  return formatHHMM(Math.max(0, minutesOfDay(dailyOpen) - LEAD_MINUTES));
}

/** The first working day whose start (e.g. 08:25) is after `now`. */
export function nextWorkdayStart(
  now: Date,
  tz: string,
  dailyOpen: HHMM,
  calendar: Pick<HolidayCalendar, 'isWorkingDay'>,
): Date {
  const time = dayStartTime(dailyOpen);
  let day: LocalDate = localDateOf(now, tz);
  for (let i = 0; i < 60; i++, day = addDays(day, 1)) {
    const at = atLocal(day, time, tz);
    if (at > now && calendar.isWorkingDay(day)) return at;
  }
  return atLocal(addDays(localDateOf(now, tz), 1), time, tz);
}

/** The start of the next calendar day (下一天). */
export function nextDayStart(now: Date, tz: string, dailyOpen: HHMM): Date {
  return atLocal(addDays(localDateOf(now, tz), 1), dayStartTime(dailyOpen), tz);
}
