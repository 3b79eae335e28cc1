/** Shared wording for command replies: times, durations, task names. */
import { localDateOf, localTimeOf } from '../../domain/local-time.js';
import { CATEGORY_LABELS, EQUIPMENT_STATUS_LABELS } from '../../domain/model.js';
import type { TaskRow, DeviceRow } from '../ports.js';

export const KIND_LABELS: Record<string, string> = { daily: '日管控', weekly: '周排查', monthly: '月调度', hazard: '隐患整改', advice: '意见建议答复', resolution: '调度决议' };

/** “12-01 17:30” (or “17:30” today). */
export function when(at: Date, tz: string, now: Date): string {
  const d = localDateOf(at, tz);
  return d === localDateOf(now, tz) ? localTimeOf(at, tz) : `${d.slice(5)} ${localTimeOf(at, tz)}`;
}

/** “2 天 3 小时”, “45 分钟” */
export function duration(ms: number): string {
  const m = Math.max(0, Math.floor(ms / 60_000));
  const d = Math.floor(m / 1440);
  const h = Math.floor((m % 1440) / 60);
  if (d) return h ? `${d} 天 ${h} 小时` : `${d} 天`;
  if (h) return m % 60 ? `${h} 小时 ${m % 60} 分钟` : `${h} 小时`;
  return `${m} 分钟`;
}

export function taskName(t: TaskRow): string {
  const k = KIND_LABELS[t.kind] ?? t.kind;
  if (t.kind === 'daily') return `${k} ${t.period.slice(5)} ${t.device ?? ''}`.trim();
  if (t.kind === 'weekly' || t.kind === 'monthly') return `${k} ${t.period}`;
  if (t.kind === 'hazard') return `${k}：${String(t.detail?.description ?? t.device ?? '')}`;
  return `${k}：${String(t.detail?.content ?? '')}`;
}

export const deviceLine = (d: DeviceRow): string =>
  `· ${d.name}（${d.code}）${CATEGORY_LABELS[d.category]} · ${EQUIPMENT_STATUS_LABELS[d.status]} · 安全员 ${d.officer}${d.location ? ` · ${d.location}` : ''}`;

/** Lines per page of a long answer. */
export const PAGE_SIZE = 20;

/** One page of a long list, with “第 1/3 页，发送“逾期 2”查看下一页”. */
export function paged(lines: string[], page: number | undefined, nextCommand: (page: number) => string): string[] {
  const pages = Math.max(1, Math.ceil(lines.length / PAGE_SIZE));
  const p = Math.min(Math.max(1, page ?? 1), pages);
  const slice = lines.slice((p - 1) * PAGE_SIZE, p * PAGE_SIZE);
  if (pages === 1) return slice;
  return [...slice, `第 ${p}/${pages} 页${p < pages ? `，发送“${nextCommand(p + 1)}”查看下一页` : ''}`];
}
