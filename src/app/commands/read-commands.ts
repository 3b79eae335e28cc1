/** The commands that only read: 今日, 逾期, 隐患, 本周/本月, 设备, 我. */
import { HAZARD_LEVEL_LABELS } from '../../domain/answers/daily-answer.js';
import { HAZARD_STATE_LABELS, type HazardState } from '../../domain/answers/hazard-rules.js';
import { quoteWord } from '../../domain/commands/messages.js';
import { deadlineStage, inspectionLine } from '../../domain/deadlines.js';
import { DEFAULT_DEADLINES, type DeadlineDays } from '../../domain/engine/policy.js';
import { formatDay } from '../../domain/format-when.js';
import { addDays, atLocal, localDateOf } from '../../domain/local-time.js';
import { CATEGORY_LABELS, type Category, roleTitle } from '../../domain/model.js';
import { periodOf } from '../../domain/periods.js';
import type { AnswersStore, DeviceRow, QueriesStore, TaskRow } from '../ports.js';
import { inScope, lookUp, othersNote } from './device-lookup.js';
import { deviceLine, duration, paged, taskName, when } from './format.js';
import { type Asker, isManager } from './unit-scope.js';

export interface ReadDeps {
  store: QueriesStore & AnswersStore;
  now: Date;
  tz: string;
  /** 逾期 shows what was missed in this many past days */
  missedDays: number;
  /** when a 下次检验日期 is close enough to say so in 设备 (absent: 30 and 7 days) */
  inspection?: DeadlineDays;
}

export async function today(d: ReadDeps, a: Asker, page?: number): Promise<string> {
  const date = localDateOf(d.now, d.tz);
  const rows = await d.store.tasksOfPerson(
    a.personId,
    a.unitId,
    atLocal(date, '00:00', d.tz),
    atLocal(addDays(date, 1), '00:00', d.tz),
  );
  if (rows.length === 0) return `${formatDay(date)} 今天没有需要您完成的任务。`;
  const lines = rows.map((t) => {
    const state =
      t.state === 'done'
        ? `已完成 ${t.doneAt ? when(t.doneAt, d.tz, d.now) : ''}${t.late ? '（逾期）' : ''}`
        : t.state === 'missed'
          ? '未完成（已记为缺失）'
          : t.dueAt < d.now
            ? `已逾期（截止 ${when(t.dueAt, d.tz, d.now)}）`
            : `待完成（${when(t.dueAt, d.tz, d.now)} 截止）`;
    return `· ${taskName(t)}：${state}`;
  });
  const open = rows.filter((t) => t.state === 'open').length;
  return [
    `今日任务（${formatDay(date)}）：${open ? `${open} 项待完成` : '全部完成 👍'}`,
    ...paged(lines, page, (p) => `今日 ${p}`),
  ].join('\n');
}

/**
 * 逾期: open work past its due time, and, separately, what was closed as missed (缺失) in the last
 * `missedDays` days. A missed check never drops out of sight just because its day has closed.
 */
export async function overdue(d: ReadDeps, a: Asker, page?: number): Promise<string> {
  const who = isManager(a) ? null : a.personId;
  const since = atLocal(addDays(localDateOf(d.now, d.tz), -d.missedDays), '00:00', d.tz);
  const [open, missed] = await Promise.all([
    d.store.overdueTasks(a.unitId, d.now, who, 400),
    d.store.missedTasks(a.unitId, since, who, 400),
  ]);
  const scope = isManager(a) ? '本单位' : '您';
  if (open.total === 0 && missed.total === 0)
    return `${scope}目前没有逾期事项，近 ${d.missedDays} 天也没有缺失的检查或报告。`;
  const grouped = (rows: TaskRow[], line: (t: TaskRow) => string): string[] => {
    if (!isManager(a)) return rows.map((t) => `· ${line(t)}`);
    const byPerson = new Map<string, TaskRow[]>();
    for (const t of rows) byPerson.set(t.assignee, [...(byPerson.get(t.assignee) ?? []), t]);
    return [...byPerson].flatMap(([person, tasks]) => [
      `${person}（${tasks.length} 项）：`,
      ...tasks.map((t) => `  · ${line(t)}`),
    ]);
  };
  const more = (r: { rows: TaskRow[]; total: number }) =>
    r.total > r.rows.length ? `（列出最早的 ${r.rows.length} 项）` : '';
  const lines = [
    open.total ? `逾期未完成 ${open.total} 项（最早的在前）${more(open)}：` : `${scope}目前没有逾期未完成的事项。`,
    ...grouped(open.rows, (t) => `${taskName(t)}，逾期 ${duration(d.now.getTime() - t.dueAt.getTime())}`),
    missed.total ? `近 ${d.missedDays} 天缺失 ${missed.total} 项${more(missed)}：` : `近 ${d.missedDays} 天没有缺失。`,
    ...grouped(missed.rows, (t) => `【缺失】${taskName(t)}（截止 ${when(t.dueAt, d.tz, d.now)}）`),
  ];
  return [`逾期 ${open.total} 项 · 缺失 ${missed.total} 项：`, ...paged(lines, page, (p) => `逾期 ${p}`)].join('\n');
}

/**
 * 隐患 [全部] [设备]: an officer sees the hazards of his devices and those assigned to him; a
 * manager the unit's. A device is matched as people say it; an empty answer names what it looked
 * at, so it never reads as an all-clear for something it did not look at.
 */
export async function hazards(
  d: ReadDeps,
  a: Asker,
  scope: 'open' | 'all',
  device?: string,
  page?: number,
): Promise<string> {
  let list = await d.store.listHazards(a.unitId, scope === 'open');
  const all = await d.store.listDevices(a.unitId, null);
  const devices = new Map(all.map((x) => [x.id, x]));
  if (!isManager(a))
    list = list.filter(
      (h) => h.assigneeId === a.personId || (h.equipmentId && devices.get(h.equipmentId)?.officerId === a.personId),
    );
  const what = scope === 'open' ? '未关闭的隐患' : '隐患记录';
  let subject = '';
  let note = '';
  if (device) {
    const found = lookUp(all, a, device);
    if (!found.ok) return found.message;
    const seen = inScope(found.devices, a, `“${quoteWord(device)}”`);
    if (!seen.ok) return seen.message;
    const ids = new Set(seen.devices.map((x) => x.id));
    list = list.filter((h) => h.equipmentId && ids.has(h.equipmentId));
    subject =
      seen.devices.length <= 3
        ? seen.devices.map((x) => x.name).join('、')
        : `“${quoteWord(device)}”的 ${seen.devices.length} 台设备`;
    note = othersNote(seen);
    if (list.length === 0) return `${subject} 没有${what}。${note}`;
  } else if (list.length === 0)
    return isManager(a) ? `本单位没有${what}。` : `您负责的设备和您承办的事项中没有${what}。`;
  const names = new Map((await d.store.findPeopleByIds(list.map((h) => h.assigneeId))).map((p) => [p.id, p.name]));
  const lines = list.map((h) => {
    const dev = h.equipmentId ? `${devices.get(h.equipmentId)?.name ?? ''} ` : '';
    const late = h.state !== 'verified' && h.deadline < d.now ? '（已逾期）' : '';
    return (
      `· ${h.no !== null ? `#${h.no} ` : ''}【${HAZARD_LEVEL_LABELS[h.level]}】${dev}${h.description} ` +
      `· ${HAZARD_STATE_LABELS[h.state as HazardState] ?? h.state} · ${names.get(h.assigneeId) ?? ''} · ` +
      `期限 ${when(h.deadline, d.tz, d.now)}${late}`
    );
  });
  const title = `${subject ? `${subject} ` : ''}${scope === 'open' ? '未关闭' : '全部'}隐患 ${list.length} 条：`;
  return (
    [
      title,
      ...paged(lines, page, (p) => `隐患 ${scope === 'open' ? '' : '全部 '}${device ? `${device} ` : ''}第${p}页`),
    ].join('\n') + note
  );
}

export async function periodNumbers(d: ReadDeps, a: Asker, kind: 'weekly' | 'monthly'): Promise<string> {
  const date = localDateOf(d.now, d.tz);
  const p = periodOf(kind, date);
  // biome-ignore lint/complexity/useMathMinMax: ISO dates (YYYY-MM-DD) compare as text, not numbers
  const to = date < p.end ? date : p.end;
  const categories = a.role === 'principal' ? [] : a.categories;
  const { stats: s } = await d.store.periodStats(
    a.unitId,
    { from: p.start, to, fromAt: atLocal(p.start, '00:00', d.tz), toAt: atLocal(addDays(to, 1), '00:00', d.tz) },
    d.now,
    categories,
  );
  const rate = s.daily.due ? Math.round((s.daily.done / s.daily.due) * 100) : 100;
  return [
    `${kind === 'weekly' ? '本周' : '本月'}（${p.key}，截至 ${formatDay(to)}` +
      `）${categories.length ? categories.map((c) => CATEGORY_LABELS[c as Category]).join('、') : ''}：`,
    `设备：在用 ${s.devices.inUse} · 临时停用 ${s.devices.paused} · 停用 ${s.devices.stopped}`,
    `日管控：应检 ${s.daily.due} · 已检 ${s.daily.done}（${rate}%）· 零风险 ${s.daily.zeroRisk} · 逾期提交 ${s.daily.late} · ` +
      `缺失 ${s.daily.missed}`,
    `隐患：发现 ${s.hazards.found} · 关闭 ${s.hazards.closed} · 未关闭 ${s.hazards.open} · 超期 ${s.hazards.overdue}`,
  ].join('\n');
}

/** 设备 [类别|设备]: an officer's own devices, a manager's unit; a scoped answer says it is scoped. */
export async function devicesList(
  d: ReadDeps,
  a: Asker,
  cmd: { category?: Category; query?: string; page?: number },
): Promise<string> {
  const all = await d.store.listDevices(a.unitId, null);
  let found = all;
  let what = '';
  if (cmd.category) {
    found = all.filter((x) => x.category === cmd.category);
    what = CATEGORY_LABELS[cmd.category];
  } else if (cmd.query) {
    const r = lookUp(all, a, cmd.query);
    if (!r.ok) return r.message;
    found = r.devices;
    what = `“${quoteWord(cmd.query)}”`;
  }
  if (found.length === 0) return `本单位没有${what || '登记的'}设备。`;
  const seen = inScope(found, a, what || '设备');
  if (!seen.ok) return what ? seen.message : '您目前没有负责的设备。发送“设备 类别”查看本单位设备由谁负责。';
  const notes = [what, isManager(a) ? '' : '您负责的'].filter(Boolean).join(' · ');
  const next = (p: number) =>
    `设备 ${cmd.category ? `${CATEGORY_LABELS[cmd.category]} ` : cmd.query ? `${cmd.query} ` : ''}${p}`;
  // The 下次检验日期 under each device when it is near or past (特种设备安全法第四十条), or always for one device.
  const day = localDateOf(d.now, d.tz);
  const days = d.inspection ?? DEFAULT_DEADLINES.inspection;
  const line = (x: DeviceRow) => {
    const near = seen.devices.length === 1 || deadlineStage(x.nextInspection, day, days) !== null;
    return near && x.status !== 'scrapped'
      ? `${deviceLine(x)}\n　${inspectionLine(x.nextInspection, day, days)}`
      : deviceLine(x);
  };
  return (
    [
      `设备 ${seen.devices.length} 台${notes ? `（${notes}）` : ''}：`,
      ...paged(seen.devices.map(line), cmd.page, next),
    ].join('\n') + (cmd.query ? othersNote(seen) : '')
  );
}

export function whoami(a: Asker, unitName: string, mobile: string): string {
  const masked = mobile.replace(/^(\d{3})\d{4}(\d{4})$/, '$1****$2');
  const cats = a.categories.length ? `（${a.categories.map((c) => CATEGORY_LABELS[c]).join('、')}）` : '';
  return `${a.name}（${masked}）\n${unitName}：${roleTitle(a.role, 'user')}${cats}`;
}
