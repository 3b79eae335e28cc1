/**
 * Which tasks open now: the daily checks of every day since the watermark (catching up after
 * downtime; a day already closed opens as missed, without a prompt), the current week's review per
 * director and the current month's dispatch. Non-operating days get a note instead of tasks, and
 * so does a week without any operating day (no weekly review).
 */

import type { HolidayCalendar } from '../holiday-calendar.js';
import { addDays, type LocalDate, localDateOf } from '../local-time.js';
import { periodOf } from '../periods.js';
import { taskKey } from './keys.js';
import { nonOperatingNote, nonOperatingWeekNote, suspensionOn } from './operating-day.js';
import type { DayNote, NewTask, UnitSnapshot } from './snapshot.js';
import { dailyWindow, monthlyWindow, type TaskWindow, weeklyWindow } from './windows.js';

export type OpenedTask = Omit<NewTask, 'nextActionAt'>;

export interface Openings {
  tasks: OpenedTask[];
  notes: DayNote[];
  plannedDate: LocalDate | null;
  plannedWeek: string | null;
  plannedMonth: string | null;
}

/** The longest catch-up after downtime; older days stay unrecorded rather than flooding the store. */
export const MAX_CATCH_UP_DAYS = 31;

export function planOpenings(u: UnitSnapshot, now: Date, calendar: HolidayCalendar): Openings {
  const tz = u.policy.timeZone;
  const s = u.policy.schedule;
  const today = localDateOf(now, tz);
  const lastDue = now >= dailyWindow(today, s, tz).opensAt ? today : addDays(today, -1);
  // A unit seen for the first time starts today: nothing is recorded for days before it existed.
  let from = u.plannedDate ? addDays(u.plannedDate, 1) : today;
  if (from < addDays(lastDue, -MAX_CATCH_UP_DAYS)) from = addDays(lastDue, -MAX_CATCH_UP_DAYS);

  const out: Openings = {
    tasks: [],
    notes: [],
    plannedDate: u.plannedDate ? null : lastDue,
    plannedWeek: null,
    plannedMonth: null,
  };
  for (let d = from; d <= lastDue; d = addDays(d, 1)) {
    const note = nonOperatingNote(u, d, calendar);
    if (note) out.notes.push(note);
    else out.tasks.push(...dailyTasks(u, d, now));
    out.plannedDate = d;
  }
  if (!suspensionOn(u, today)) {
    const week = weeklyWindow(today, s, tz);
    if (u.plannedWeek !== week.period && now >= week.opensAt) {
      const note = nonOperatingWeekNote(u, week.period, periodOf('weekly', today).start, calendar);
      if (note) out.notes.push(note);
      else out.tasks.push(...periodTasks(u, week, 'weekly', now));
      out.plannedWeek = week.period;
    }
    const month = monthlyWindow(today, s, tz);
    if (u.plannedMonth !== month.period && now >= month.opensAt) {
      out.tasks.push(...periodTasks(u, month, 'monthly', now));
      out.plannedMonth = month.period;
    }
  }
  return out;
}

function dailyTasks(u: UnitSnapshot, date: LocalDate, now: Date): OpenedTask[] {
  const w = dailyWindow(date, u.policy.schedule, u.policy.timeZone);
  return u.devices
    .filter((d) => d.status === 'in_use' || d.status === 'paused')
    .map((d) => ({ d, key: taskKey(u.key, 'daily', date, d.id) }))
    .filter(({ key }) => !u.existingTaskKeys.has(key))
    .map(({ d, key }) => ({
      key,
      kind: 'daily' as const,
      period: date,
      subjectId: d.id,
      assigneeId: d.officerId,
      ...windowOf(w),
      state: w.closesAt <= now ? ('missed' as const) : ('open' as const),
      detail: { category: d.category, paused: d.status === 'paused' },
    }));
}

function periodTasks(u: UnitSnapshot, w: TaskWindow, kind: 'weekly' | 'monthly', now: Date): OpenedTask[] {
  if (now < w.opensAt || now >= w.closesAt) return [];
  const subjects =
    kind === 'weekly'
      ? directorScopes(u).map((s) => ({
          subjectId: s.personId,
          assigneeId: s.personId,
          detail: { categories: s.categories },
        }))
      : principalOf(u).map((p) => ({ subjectId: u.id, assigneeId: p, detail: null }));
  return subjects
    .map((x) => ({ ...x, key: taskKey(u.key, kind, w.period, x.subjectId) }))
    .filter((x) => !u.existingTaskKeys.has(x.key))
    .map((x) => ({
      key: x.key,
      kind,
      period: w.period,
      subjectId: x.subjectId,
      assigneeId: x.assigneeId,
      ...windowOf(w),
      state: 'open' as const,
      detail: x.detail,
    }));
}

const windowOf = (w: TaskWindow) => ({ opensAt: w.opensAt, dueAt: w.dueAt, closesAt: w.closesAt });

/** One weekly review per director (one for all categories, or one per category scope). */
export function directorScopes(u: Pick<UnitSnapshot, 'roles'>): { personId: string; categories: string[] }[] {
  const byPerson = new Map<string, Set<string>>();
  for (const r of u.roles.filter((x) => x.role === 'director')) {
    const set = byPerson.get(r.personId) ?? new Set<string>();
    if (r.categories.length === 0) set.add('*');
    for (const c of r.categories) set.add(c);
    byPerson.set(r.personId, set);
  }
  return [...byPerson].map(([personId, set]) => ({ personId, categories: set.has('*') ? [] : [...set].sort() }));
}

/** The monthly dispatch goes to one principal (the first appointed). */
function principalOf(u: Pick<UnitSnapshot, 'roles'>): string[] {
  const p = u.roles.find((r) => r.role === 'principal');
  return p ? [p.personId] : [];
}

/** Cheap pre-check on a unit's watermarks: does it have anything to open now? Idle ticks skip it. */
export function openingsDue(
  u: Pick<UnitSnapshot, 'policy' | 'plannedDate' | 'plannedWeek' | 'plannedMonth' | 'suspensions'>,
  now: Date,
): boolean {
  const tz = u.policy.timeZone;
  const s = u.policy.schedule;
  const today = localDateOf(now, tz);
  const lastDue = now >= dailyWindow(today, s, tz).opensAt ? today : addDays(today, -1);
  if (!u.plannedDate || u.plannedDate < lastDue) return true;
  // While suspended nothing weekly or monthly opens, so an idle tick need not look at the unit.
  if (suspensionOn(u, today)) return false;
  const week = weeklyWindow(today, s, tz);
  if (u.plannedWeek !== week.period && now >= week.opensAt) return true;
  const month = monthlyWindow(today, s, tz);
  return u.plannedMonth !== month.period && now >= month.opensAt;
}

/** The periods whose existing task keys the planner needs, to open nothing twice. */
export function periodsToOpen(u: Pick<UnitSnapshot, 'policy' | 'plannedDate'>, now: Date): string[] {
  const tz = u.policy.timeZone;
  const today = localDateOf(now, tz);
  let from = u.plannedDate ? addDays(u.plannedDate, 1) : addDays(today, -1);
  if (from < addDays(today, -MAX_CATCH_UP_DAYS - 1)) from = addDays(today, -MAX_CATCH_UP_DAYS - 1);
  const days: string[] = [];
  for (let d = from; d <= today; d = addDays(d, 1)) days.push(d);
  const s = u.policy.schedule;
  return [...days, weeklyWindow(today, s, tz).period, monthlyWindow(today, s, tz).period];
}
