/**
 * Settings that parse but make no sense, refused with `file: path: message` like any other mistake:
 * a reminder before the task even opens, a fixed day on a task that has none, an escalation months
 * after the deadline, a weekly window that ends before it starts, quiet hours of no length, a
 * certificate that expires before it was issued.
 */
import { parseDuration } from '../domain/local-time.js';
import type { ConfigIssue } from './config-error.js';
import type { EscalationConfig, QuietHours, ScheduleConfig } from './service-config.js';
import type { UnitFile } from './unit-file.js';

const DAY = 1440;
/** The latest an escalation may fire after the deadline. */
const MAX_AFTER = 31 * DAY;

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
/** `-9h` style, as a duration is written in the file. */
const written = (m: number) =>
  [
    m >= DAY ? `${Math.floor(m / DAY)}d` : '',
    m % DAY >= 60 ? `${Math.floor((m % DAY) / 60)}h` : '',
    m % 60 ? `${m % 60}m` : '',
  ].join('') || '0';
const span = (m: number) =>
  [
    m >= DAY ? `${Math.floor(m / DAY)} 天` : '',
    m % DAY >= 60 ? `${Math.floor((m % DAY) / 60)} 小时` : '',
    m % 60 ? `${m % 60} 分钟` : '',
  ].join('') || '0 分钟';

/**
 * How long before its deadline each kind of task opens, when the schedule fixes it: the shortest case for the
 * periods (a reminder must fit every period), the longest for hazards and advice (no deadline is further away).
 */
function windows(s: ScheduleConfig): Partial<Record<keyof EscalationConfig, number>> {
  const daily = minutesOf(s.daily.due) - minutesOf(s.daily.open);
  const weekly =
    (s.weekly.due_weekday - s.weekly.open_weekday) * DAY + minutesOf(s.weekly.due) - minutesOf(s.weekly.open);
  // due on the month's last day: February's 28th is the shortest month
  const monthly = (28 - s.monthly.open_day) * DAY + minutesOf(s.monthly.due) - minutesOf(s.monthly.open);
  // A hazard's rectification is due `rectify_days` later at the daily due time (domain/answers/hazard-rules.ts
  // rectifyDeadline), advice `advice_days` later: a reminder earlier than even the longest of them never fits.
  const longest = Math.max(s.rectify_days.general, s.rectify_days.serious, s.rectify_days.major);
  const hazard = longest * DAY + minutesOf(s.daily.due);
  const advice = s.advice_days * DAY + minutesOf(s.daily.due);
  return { daily, weekly, monthly, hazard, advice };
}

const KIND_WORDS: Record<keyof EscalationConfig, string> = {
  daily: '日管控',
  weekly: '周排查',
  monthly: '月调度',
  hazard: '隐患整改',
  advice: '意见建议答复',
  resolution: '调度决议',
};

/** The schedule's own windows. */
export function scheduleIssues(file: string, s: ScheduleConfig, at = 'schedule'): ConfigIssue[] {
  const w = windows(s);
  const issues: ConfigIssue[] = [];
  if (w.weekly! <= 0)
    issues.push({
      file,
      path: `${at}.weekly`,
      message: `周排查的截止（星期${s.weekly.due_weekday} ${s.weekly.due}）须晚于开始（星期${s.weekly.open_weekday} ${s.weekly.open}）`,
    });
  if (w.monthly! <= 0)
    issues.push({
      file,
      path: `${at}.monthly`,
      message: `月调度在 ${s.monthly.open_day} 日 ${s.monthly.open} 开始，须早于月末截止 ${s.monthly.due}（二月只有 28 天）`,
    });
  return issues;
}

/**
 * Each escalation level against the schedule: `after` no earlier than the task opens and at most
 * 31 days after its deadline; `day` only for weekly (1–7) and monthly tasks. `own` says which
 * policies the file itself wrote (the others come from safeduty.yaml and are named as such).
 */
export function escalationIssues(
  file: string,
  e: Partial<EscalationConfig>,
  s: ScheduleConfig,
  own: (kind: keyof EscalationConfig) => boolean = () => true,
): ConfigIssue[] {
  const w = windows(s);
  const issues: ConfigIssue[] = [];
  for (const [kind, levels] of Object.entries(e) as [keyof EscalationConfig, EscalationConfig['daily']][]) {
    (levels ?? []).forEach((l, i) => {
      const where = own(kind)
        ? { file, path: `escalation.${kind}[${i}]` }
        : { file, path: 'schedule', prefix: `safeduty.yaml 的 escalation.${kind}[${i}]：` };
      const add = (p: string, message: string) =>
        issues.push({
          file: where.file,
          path: own(kind) ? `${where.path}.${p}` : where.path,
          message: `${'prefix' in where ? where.prefix : ''}${message}`,
        });
      if (l.day !== undefined && kind !== 'weekly' && kind !== 'monthly')
        add('day', `${KIND_WORDS[kind]}没有固定日期，这一级永远不会发送：请改用 after，例如 after: "-2h"`);
      if (l.day !== undefined && kind === 'weekly' && l.day > 7)
        add('day', `周排查的 day 是星期几（1–7），不是 ${l.day}`);
      const after = l.after === undefined ? null : parseDuration(l.after);
      if (after === null) return;
      const window = w[kind];
      if (window !== undefined && window > 0 && after < -window)
        add(
          'after',
          `提前 ${span(-after)} 提醒早于${KIND_WORDS[kind]}开始（截止前最多 ${span(window)}）：请改为不早于 "-${written(window)}"`,
        );
      if (after > MAX_AFTER) add('after', `截止后 ${span(after)} 才升级，太晚了：最多 31 天（31d）`);
    });
  }
  return issues;
}

export function quietHoursIssues(file: string, q: QuietHours | undefined, at = 'quiet_hours'): ConfigIssue[] {
  return q && q.start === q.end
    ? [{ file, path: at, message: `免打扰的开始和结束都是 ${q.start}：不需要免打扰请写 quiet_hours: null` }]
    : [];
}

/** A unit file's certificate dates (停产 dates: resolve-unit.ts). */
export function unitDateIssues(file: string, u: UnitFile): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  u.people.forEach((p, i) => {
    p.certificates.forEach((c, j) => {
      if (c.issued && c.expires && c.expires < c.issued)
        issues.push({
          file,
          path: `people[${i}].certificates[${j}].expires`,
          message: `证书有效期 ${c.expires} 早于发证日期 ${c.issued}`,
        });
    });
  });
  return issues;
}
