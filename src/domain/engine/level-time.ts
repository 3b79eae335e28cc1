/** When a policy level fires for a task: an offset from its due time, or a fixed day of its period. */
import { addDays, atLocal, lastDayOfMonth, parseDuration } from '../local-time.js';
import { parsePeriodKey } from '../periods.js';
import type { EscalationLevel } from './policy.js';
import type { TaskState } from './snapshot.js';

const MINUTE = 60_000;

export function levelTime(
  t: Pick<TaskState, 'kind' | 'period' | 'dueAt'>,
  level: EscalationLevel,
  tz: string,
): Date | null {
  if (level.after !== undefined) {
    const m = parseDuration(level.after);
    return m === null ? null : new Date(t.dueAt.getTime() + m * MINUTE);
  }
  if (level.day === undefined || level.time === undefined) return null;
  const p = parsePeriodKey(t.period);
  if (!p) return null;
  if (t.kind === 'weekly' && p.kind === 'weekly')
    return atLocal(addDays(p.start, Math.min(level.day, 7) - 1), level.time, tz);
  if (t.kind === 'monthly' && p.kind === 'monthly') {
    const last = lastDayOfMonth(p.key);
    const day = `${p.key}-${String(level.day).padStart(2, '0')}`;
    return atLocal(day > last ? last : day, level.time, tz);
  }
  return null;
}
