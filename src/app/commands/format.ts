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

/** Long lists stop here, saying how many were left out. */
export const MAX_LINES = 30;

export function capped(lines: string[], total = lines.length): string[] {
  if (total <= MAX_LINES && lines.length <= MAX_LINES) return lines;
  return [...lines.slice(0, MAX_LINES), `……另有 ${total - Math.min(lines.length, MAX_LINES)} 条未列出`];
}
