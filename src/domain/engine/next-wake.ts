/**
 * When the planner must look again: at one task (its next level or its period's close), and at the
 * unit as a whole (also the next daily, weekly or monthly opening). Simulations and the sandbox
 * clock jump straight to the unit's next instant; the store loads only tasks whose instant has come.
 */
import { addDays, localDateOf } from '../local-time.js';
import { levelTime } from './level-time.js';
import type { UnitPolicy } from './policy.js';
import type { TaskState, UnitSnapshot } from './snapshot.js';
import { dailyWindow, monthlyWindow, weeklyWindow } from './windows.js';

const earliestAfter = (now: Date, dates: readonly (Date | null)[]): Date | null => {
  let min: number | null = null;
  for (const d of dates) if (d !== null && d > now && (min === null || d.getTime() < min)) min = d.getTime();
  return min === null ? null : new Date(min);
};

type Timed = Pick<TaskState, 'kind' | 'period' | 'dueAt' | 'closesAt'>;

// The tasks of one kind and period share their instants (a unit's 25 daily checks of a day), so
// they are computed once per policy (policies are resolved per unit and tick; the memo goes with them).
const memo = new WeakMap<UnitPolicy, Map<string, unknown>>();

function remembered<T>(policy: UnitPolicy, key: string, compute: () => T): T {
  let m = memo.get(policy);
  if (!m) {
    m = new Map();
    memo.set(policy, m);
  }
  if (m.has(key)) return m.get(key) as T;
  const v = compute();
  m.set(key, v);
  return v;
}

// Tasks opened together share their Date objects (windows.ts), so the last answer per policy is
// checked by identity first: no key to build for the 25 daily tasks of a unit's day.
interface Last<T> {
  kind: string;
  period: string;
  dueAt: Date;
  closesAt: Date | null;
  now: Date | null;
  value: T;
}
const lastLevels = new WeakMap<UnitPolicy, Last<readonly (Date | null)[]>>();
const lastNext = new WeakMap<UnitPolicy, Last<Date | null>>();

const sameAs = <T>(
  e: Last<T> | undefined,
  t: Pick<Timed, 'kind' | 'period' | 'dueAt'>,
  closesAt: Date | null,
  now: Date | null,
): e is Last<T> =>
  e !== undefined &&
  e.dueAt === t.dueAt &&
  e.kind === t.kind &&
  e.period === t.period &&
  e.closesAt === closesAt &&
  e.now === now;

/** The instant of each of the policy's levels for a task (null where a level does not apply). */
export function levelTimes(
  policy: UnitPolicy,
  t: Pick<TaskState, 'kind' | 'period' | 'dueAt'>,
): readonly (Date | null)[] {
  const last = lastLevels.get(policy);
  if (sameAs(last, t, null, null)) return last.value;
  const value = remembered(policy, `L|${t.kind}|${t.period}|${t.dueAt.getTime()}`, () =>
    (policy.escalation[t.kind] ?? []).map((l) => levelTime(t, l, policy.timeZone)),
  );
  lastLevels.set(policy, { kind: t.kind, period: t.period, dueAt: t.dueAt, closesAt: null, now: null, value });
  return value;
}

export function taskNextAction(u: Pick<UnitSnapshot, 'policy'>, t: Timed, now: Date): Date | null {
  const last = lastNext.get(u.policy);
  if (sameAs(last, t, t.closesAt, now)) return last.value;
  const value = remembered(
    u.policy,
    `N|${t.kind}|${t.period}|${t.dueAt.getTime()}|${t.closesAt?.getTime() ?? ''}|${now.getTime()}`,
    () => {
      const levels = levelTimes(u.policy, t);
      return earliestAfter(now, [...levels.filter((at) => at === null || !t.closesAt || at < t.closesAt), t.closesAt]);
    },
  );
  lastNext.set(u.policy, { kind: t.kind, period: t.period, dueAt: t.dueAt, closesAt: t.closesAt, now, value });
  return value;
}

export function nextWakeAt(u: UnitSnapshot, open: readonly Timed[], now: Date): Date | null {
  let next = nextOpeningAt(u.policy, now);
  for (const t of open) {
    const at = taskNextAction(u, t, now);
    if (at && at > now && (next === null || at < next)) next = at;
  }
  return next;
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
