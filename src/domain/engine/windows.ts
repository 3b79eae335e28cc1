/**
 * When a task opens, falls due and closes, in UTC instants computed from the unit's local calendar.
 * A late answer is accepted until the period closes; after that the task is missed.
 */
import { addDays, atLocal, type LocalDate, lastDayOfMonth } from '../local-time.js';
import { periodOf } from '../periods.js';
import type { Schedule } from './policy.js';

export interface TaskWindow {
  period: string;
  opensAt: Date;
  dueAt: Date;
  closesAt: Date;
}

// Every unit of a tick asks for the same few windows (units without overrides share the default
// schedule object), so windows are remembered per schedule, date and zone. They are never mutated.
const memo = new WeakMap<Schedule, Map<string, TaskWindow>>();
const MEMO_SIZE = 1_000;

function remembered(kind: string, date: LocalDate, s: Schedule, tz: string, compute: () => TaskWindow): TaskWindow {
  let m = memo.get(s);
  if (!m) {
    m = new Map();
    memo.set(s, m);
  }
  const key = `${kind}|${date}|${tz}`;
  let w = m.get(key);
  if (!w) {
    if (m.size >= MEMO_SIZE) m.clear();
    w = Object.freeze(compute());
    m.set(key, w);
  }
  return w;
}

export function dailyWindow(date: LocalDate, s: Schedule, tz: string): TaskWindow {
  return remembered('d', date, s, tz, () => ({
    period: date,
    opensAt: atLocal(date, s.daily.open, tz),
    dueAt: atLocal(date, s.daily.due, tz),
    closesAt: atLocal(addDays(date, 1), '00:00', tz),
  }));
}

/** The ISO week containing `date`: opens on `open_weekday`, due on `due_weekday`, closes next Monday 00:00. */
export function weeklyWindow(date: LocalDate, s: Schedule, tz: string): TaskWindow {
  return remembered('w', date, s, tz, () => {
    const p = periodOf('weekly', date);
    return {
      period: p.key,
      opensAt: atLocal(addDays(p.start, s.weekly.open_weekday - 1), s.weekly.open, tz),
      dueAt: atLocal(addDays(p.start, s.weekly.due_weekday - 1), s.weekly.due, tz),
      closesAt: atLocal(addDays(p.end, 1), '00:00', tz),
    };
  });
}

/** The month containing `date`: opens on `open_day`, due on the last day, closes on the 1st of the next month. */
export function monthlyWindow(date: LocalDate, s: Schedule, tz: string): TaskWindow {
  return remembered('m', date, s, tz, () => {
    const p = periodOf('monthly', date);
    return {
      period: p.key,
      opensAt: atLocal(`${p.key}-${String(s.monthly.open_day).padStart(2, '0')}`, s.monthly.open, tz),
      dueAt: atLocal(lastDayOfMonth(p.key), s.monthly.due, tz),
      closesAt: atLocal(addDays(p.end, 1), '00:00', tz),
    };
  });
}
