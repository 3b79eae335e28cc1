/**
 * When the planner must look again: at one task (its next level or its period's close), and at the
 * unit as a whole (also the next daily, weekly or monthly opening). Simulations and the sandbox
 * clock jump straight to the unit's next instant; the store loads only tasks whose instant has come.
 */
import { addDays, localDateOf } from '../local-time.js';
import { levelTime } from './level-time.js';
import type { TaskState, UnitSnapshot } from './snapshot.js';
import type { UnitPolicy } from './policy.js';
import { dailyWindow, monthlyWindow, weeklyWindow } from './windows.js';

const earliestAfter = (now: Date, dates: (Date | null)[]): Date | null => {
  const future = dates.filter((d): d is Date => d !== null && d > now);
  return future.length ? new Date(Math.min(...future.map((d) => d.getTime()))) : null;
};

export function taskNextAction(u: Pick<UnitSnapshot, 'policy'>, t: Pick<TaskState, 'kind' | 'period' | 'dueAt' | 'closesAt'>, now: Date): Date | null {
  const levels = (u.policy.escalation[t.kind] ?? []).map((l) => levelTime(t, l, u.policy.timeZone));
  return earliestAfter(now, [...levels.filter((at) => at === null || !t.closesAt || at < t.closesAt), t.closesAt]);
}

export function nextWakeAt(u: UnitSnapshot, open: TaskState[], now: Date): Date | null {
  return earliestAfter(now, [nextOpeningAt(u.policy, now), ...open.map((t) => taskNextAction(u, t, now))]);
}

/** The next daily, weekly or monthly opening after `now` under a policy. */
export function nextOpeningAt(policy: UnitPolicy, now: Date): Date | null {
  const tz = policy.timeZone;
  const s = policy.schedule;
  const today = localDateOf(now, tz);
  const month = monthlyWindow(today, s, tz);
  return earliestAfter(now, [
    dailyWindow(today, s, tz).opensAt,
    dailyWindow(addDays(today, 1), s, tz).opensAt,
    weeklyWindow(today, s, tz).opensAt,
    weeklyWindow(addDays(today, 7), s, tz).opensAt,
    month.opensAt,
    monthlyWindow(localDateOf(month.closesAt, tz), s, tz).opensAt,
  ]);
}
