/** The commands that only read: 今日, 逾期, 隐患, 本周/本月, 设备, 我. */
import { HAZARD_LEVEL_LABELS } from '../../domain/answers/daily-answer.js';
import { HAZARD_STATE_LABELS, type HazardState } from '../../domain/answers/hazard-rules.js';
import { addDays, atLocal, localDateOf } from '../../domain/local-time.js';
import { periodOf } from '../../domain/periods.js';
import { CATEGORY_LABELS, roleTitle, type Category } from '../../domain/model.js';
import type { Store } from '../ports.js';
import { deviceLine, duration, paged, taskName, when } from './format.js';
import { isManager, type Asker } from './unit-scope.js';

export interface ReadDeps {
  store: Store;
  now: Date;
  tz: string;
}

export async function today(d: ReadDeps, a: Asker, page?: number): Promise<string> {
  const date = localDateOf(d.now, d.tz);
  const rows = await d.store.tasksOfPerson(a.personId, a.unitId, atLocal(date, '00:00', d.tz), atLocal(addDays(date, 1), '00:00', d.tz));
  if (rows.length === 0) return `${date.slice(5)} 今天没有需要您完成的任务。`;
  const lines = rows.map((t) => {
    const state = t.state === 'done' ? `已完成 ${t.doneAt ? when(t.doneAt, d.tz, d.now) : ''}${t.late ? '（逾期）' : ''}` : t.state === 'missed' ? '未完成（已记为缺失）' : t.dueAt < d.now ? `已逾期（截止 ${when(t.dueAt, d.tz, d.now)}）` : `待完成（${when(t.dueAt, d.tz, d.now)} 截止）`;
    return `· ${taskName(t)}：${state}`;
  });
  const open = rows.filter((t) => t.state === 'open').length;
  return [`今日任务（${date.slice(5)}）：${open ? `${open} 项待完成` : '全部完成 👍'}`, ...paged(lines, page, (p) => `今日 ${p}`)].join('\n');
}

export async function overdue(d: ReadDeps, a: Asker, page?: number): Promise<string> {
  const { rows, total } = await d.store.overdueTasks(a.unitId, d.now, isManager(a) ? null : a.personId, 400);
  if (total === 0) return isManager(a) ? '本单位目前没有逾期事项。' : '您目前没有逾期事项。';
  const byPerson = new Map<string, typeof rows>();
  for (const t of rows) byPerson.set(t.assignee, [...(byPerson.get(t.assignee) ?? []), t]);
  const lines: string[] = [];
  for (const [person, tasks] of byPerson) {
    if (isManager(a)) lines.push(`${person}（${tasks.length} 项）：`);
    for (const t of tasks) lines.push(`${isManager(a) ? '  ' : ''}· ${taskName(t)}，逾期 ${duration(d.now.getTime() - t.dueAt.getTime())}`);
  }
  const more = total > rows.length ? `（列出最早的 ${rows.length} 项）` : '';
  return [`逾期 ${total} 项（最早的在前）${more}：`, ...paged(lines, page, (p) => `逾期 ${p}`)].join('\n');
}

export async function hazards(d: ReadDeps, a: Asker, scope: 'open' | 'all', device?: string, page?: number): Promise<string> {
  let list = await d.store.listHazards(a.unitId, scope === 'open');
  const devices = new Map((await d.store.listDevices(a.unitId, null)).map((x) => [x.id, x]));
  if (!isManager(a)) list = list.filter((h) => h.assigneeId === a.personId || (h.equipmentId && devices.get(h.equipmentId)?.officerId === a.personId));
  if (device) list = list.filter((h) => h.equipmentId && (devices.get(h.equipmentId)?.name.includes(device) || devices.get(h.equipmentId)?.code === device));
  if (list.length === 0) return scope === 'open' ? '没有未关闭的隐患。' : '没有隐患记录。';
  const names = new Map((await d.store.findPeopleByIds(list.map((h) => h.assigneeId))).map((p) => [p.id, p.name]));
  const lines = list.map((h) => {
    const dev = h.equipmentId ? `${devices.get(h.equipmentId)?.name ?? ''} ` : '';
    const late = h.state !== 'verified' && h.deadline < d.now ? '（已逾期）' : '';
    return `· 【${HAZARD_LEVEL_LABELS[h.level]}】${dev}${h.description} · ${HAZARD_STATE_LABELS[h.state as HazardState] ?? h.state} · ${names.get(h.assigneeId) ?? ''} · 期限 ${when(h.deadline, d.tz, d.now)}${late}`;
  });
  return [`${scope === 'open' ? '未关闭' : '全部'}隐患 ${list.length} 条：`, ...paged(lines, page, (p) => `隐患 ${scope === 'open' ? '' : '全部 '}${device ? `${device} ` : ''}${p}`)].join('\n');
}

export async function periodNumbers(d: ReadDeps, a: Asker, kind: 'weekly' | 'monthly'): Promise<string> {
  const date = localDateOf(d.now, d.tz);
  const p = periodOf(kind, date);
  const to = date < p.end ? date : p.end;
  const categories = a.role === 'principal' ? [] : a.categories;
  const { stats: s } = await d.store.periodStats(a.unitId, { from: p.start, to, fromAt: atLocal(p.start, '00:00', d.tz), toAt: atLocal(addDays(to, 1), '00:00', d.tz) }, d.now, categories);
  const rate = s.daily.due ? Math.round((s.daily.done / s.daily.due) * 100) : 100;
  return [
    `${kind === 'weekly' ? '本周' : '本月'}（${p.key}，截至 ${to.slice(5)}）${categories.length ? categories.map((c) => CATEGORY_LABELS[c as Category]).join('、') : ''}：`,
    `设备：在用 ${s.devices.inUse} · 临时停用 ${s.devices.paused} · 停用 ${s.devices.stopped}`,
    `日管控：应检 ${s.daily.due} · 已检 ${s.daily.done}（${rate}%）· 零风险 ${s.daily.zeroRisk} · 逾期提交 ${s.daily.late} · 缺失 ${s.daily.missed}`,
    `隐患：发现 ${s.hazards.found} · 关闭 ${s.hazards.closed} · 未关闭 ${s.hazards.open} · 超期 ${s.hazards.overdue}`,
  ].join('\n');
}

export async function devicesList(d: ReadDeps, a: Asker, category?: Category, page?: number): Promise<string> {
  let list = await d.store.listDevices(a.unitId, category ?? null);
  if (!isManager(a)) list = list.filter((x) => x.officerId === a.personId);
  if (list.length === 0) return category ? `没有${CATEGORY_LABELS[category]}设备。` : '没有您负责的设备。';
  return [`设备 ${list.length} 台：`, ...paged(list.map(deviceLine), page, (p) => `设备 ${category ? `${CATEGORY_LABELS[category]} ` : ''}${p}`)].join('\n');
}

export function whoami(a: Asker, unitName: string, mobile: string): string {
  const masked = mobile.replace(/^(\d{3})\d{4}(\d{4})$/, '$1****$2');
  const cats = a.categories.length ? `（${a.categories.map((c) => CATEGORY_LABELS[c]).join('、')}）` : '';
  return `${a.name}（${masked}）\n${unitName}：${roleTitle(a.role, 'user')}${cats}`;
}
