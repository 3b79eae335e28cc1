/**
 * The planner: given one unit's snapshot and `now`, what must happen? Pure: returns decisions as
 * data (open these tasks, send these messages, record these non-operating days, mark these missed,
 * look at these tasks again then) and the next instant at which anything will be due.
 */
import type { HolidayCalendar } from '../holiday-calendar.js';
import { localDateOf } from '../local-time.js';
import { nextWakeAt, taskNextAction } from './next-wake.js';
import { planDeadlines } from './plan-deadlines.js';
import { planEscalations, planPrompts } from './plan-messages.js';
import { planOpenings } from './plan-openings.js';
import type { NewTask, TaskState, UnitDecisions, UnitSnapshot } from './snapshot.js';

export function planTick(u: UnitSnapshot, now: Date, calendar: HolidayCalendar): UnitDecisions {
  const openings = planOpenings(u, now, calendar);
  const tasks: NewTask[] = openings.tasks.map((t) => ({
    ...t,
    nextActionAt: t.state === 'open' ? taskNextAction(u, t, now) : null,
  }));
  const created: TaskState[] = tasks.filter((t) => t.state === 'open').map((t) => ({ ...t, id: t.key }));
  const open = [...u.openTasks, ...created];
  const newKeys = new Set(created.map((t) => t.key));
  // Escalations come before closing so that a catch-up tick still tells the director about a day
  // that closed while the service was down.
  const messages = [...planPrompts(u, open, now), ...planEscalations(u, open, newKeys, now)];
  // Once a day, when today is opened: deadline notices (operating days only) and the chain anchor.
  const today = localDateOf(now, u.policy.timeZone);
  if (openings.plannedDate === today)
    messages.push(
      ...planDeadlines(u, today, !openings.notes.some((n) => n.date === today && n.kind !== 'non_operating_week'), now),
    );
  const closed = (t: TaskState) => t.closesAt !== null && t.closesAt <= now;
  return {
    unitId: u.id,
    unitKey: u.key,
    tasks,
    messages,
    notes: openings.notes,
    missed: u.openTasks.filter(closed),
    plannedDate: openings.plannedDate,
    plannedWeek: openings.plannedWeek,
    plannedMonth: openings.plannedMonth,
    taskUpdates: u.openTasks
      .filter((t) => !closed(t))
      .map((t) => ({ id: t.id, nextActionAt: taskNextAction(u, t, now) })),
    nextWakeAt: nextWakeAt(
      u,
      open.filter((t) => !closed(t)),
      now,
    ),
  };
}
