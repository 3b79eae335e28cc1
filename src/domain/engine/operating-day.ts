/** Whether a unit works on a date: 停产 first, then (if it declared so) the holiday calendar. */
import type { HolidayCalendar } from '../holiday-calendar.js';
import { addDays, type LocalDate } from '../local-time.js';
import type { DayNote, UnitSnapshot } from './snapshot.js';

export function suspensionOn(u: Pick<UnitSnapshot, 'suspensions'>, date: LocalDate): { reason: string } | null {
  return u.suspensions.find((s) => s.from <= date && (!s.to || date <= s.to)) ?? null;
}

/** null when the unit operates on `date`; otherwise the note to record instead of tasks. */
export function nonOperatingNote(
  u: Pick<UnitSnapshot, 'suspensions' | 'policy'>,
  date: LocalDate,
  calendar: HolidayCalendar,
): DayNote | null {
  const s = suspensionOn(u, date);
  if (s) return { date, kind: 'suspended', reason: `停产：${s.reason}` };
  if (u.policy.schedule.daily.days === 'working_days' && !calendar.isWorkingDay(date)) {
    const holiday = calendar.holidayName(date);
    return { date, kind: 'non_operating', reason: holiday ? `非工作日（${holiday}）` : '非工作日（周末）' };
  }
  return null;
}

/**
 * null when the unit operates on at least one day of the ISO week starting `monday`; otherwise the
 * note to record instead of the weekly review (a working-days unit's Spring Festival week): with no
 * working day there is nothing to review, remind of, escalate or miss.
 */
export function nonOperatingWeekNote(
  u: Pick<UnitSnapshot, 'suspensions' | 'policy'>,
  week: string,
  monday: LocalDate,
  calendar: HolidayCalendar,
): DayNote | null {
  const reasons = new Set<string>();
  for (let i = 0; i < 7; i++) {
    const n = nonOperatingNote(u, addDays(monday, i), calendar);
    if (!n) return null;
    reasons.add(n.reason.replace(/^非工作日（(.*)）$/, '$1'));
  }
  return {
    date: monday,
    kind: 'non_operating_week',
    reason: `${week} 全周无工作日（${[...reasons].join('、')}），不安排周排查`,
  };
}
