/** Whether a unit works on a date: 停产 first, then (if it declared so) the holiday calendar. */
import type { HolidayCalendar } from '../holiday-calendar.js';
import type { LocalDate } from '../local-time.js';
import type { DayNote, UnitSnapshot } from './snapshot.js';

export function suspensionOn(u: Pick<UnitSnapshot, 'suspensions'>, date: LocalDate): { reason: string } | null {
  return u.suspensions.find((s) => s.from <= date && (!s.to || date <= s.to)) ?? null;
}

/** null when the unit operates on `date`; otherwise the note to record instead of tasks. */
export function nonOperatingNote(u: Pick<UnitSnapshot, 'suspensions' | 'policy'>, date: LocalDate, calendar: HolidayCalendar): DayNote | null {
  const s = suspensionOn(u, date);
  if (s) return { date, kind: 'suspended', reason: `停产：${s.reason}` };
  if (u.policy.schedule.daily.days === 'working_days' && !calendar.isWorkingDay(date)) {
    const holiday = calendar.holidayName(date);
    return { date, kind: 'non_operating', reason: holiday ? `非工作日（${holiday}）` : '非工作日（周末）' };
  }
  return null;
}
