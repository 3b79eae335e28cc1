/** Shared wording for command replies: times, durations, task names. */

import { KIND_LABELS } from '../../domain/engine/labels.js';
import { formatDay } from '../../domain/format-when.js';
import { CATEGORY_LABELS, EQUIPMENT_STATUS_LABELS } from '../../domain/model.js';
import type { DeviceRow, TaskRow } from '../ports.js';

/** “17:30” today, else “12月1日 17:30” as on the cards. */
export { whenIn as when } from '../format.js';

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
  const k = (KIND_LABELS as Record<string, string>)[t.kind] ?? t.kind;
  if (t.kind === 'daily') return `${k} ${formatDay(t.period)} ${t.device ?? ''}`.trim();
  if (t.kind === 'weekly' || t.kind === 'monthly') return `${k} ${t.period}`;
  if (t.kind === 'hazard') return `${k}：${String(t.detail?.description ?? t.device ?? '')}`;
  return `${k}：${String(t.detail?.content ?? '')}`;
}

export const deviceLine = (d: DeviceRow): string =>
  `· ${d.name}（${d.code}）${CATEGORY_LABELS[d.category]} · ${EQUIPMENT_STATUS_LABELS[d.status]} · ` +
  `安全员 ${d.officer}${d.location ? ` · ${d.location}` : ''}`;

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
