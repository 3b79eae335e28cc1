/**
 * The daily check card (日管控) for one officer, or one part of it when the devices need several
 * cards. The same function renders the prompt and every later state: answered devices shrink to
 * a line; once all devices on the card are answered the header turns green (orange if anything
 * is 异常) and shows the combined line.
 */
import type { Payload } from '../../../domain/engine/payloads.js';
import { assembleCard, md, type CardJson, type CardParts, type Template } from './card-json.js';
import { deviceBlocks, type DeviceStatus } from './daily-device.js';
import { formatDay, formatWhen, isPast } from './format-when.js';
import { partSuffix, type CardPart, type RenderContext } from './render-context.js';

export type DailyCheckPayload = Extract<Payload, { type: 'daily_check' }>;

const GUIDE = '每台设备二选一：全部正常点蓝色按钮；有问题把该项改为 **异常**，填写后点 **提交检查结果**。';

export function dailyParts(p: DailyCheckPayload, ctx: RenderContext, status: Readonly<Record<string, DeviceStatus>>, part?: CardPart): CardParts {
  const answered = p.devices.map((d) => status[d.taskKey]).filter((s): s is DeviceStatus => s !== undefined);
  const all = p.devices.length;
  const done = all > 0 && answered.length === all;
  const day = formatDay(p.date);
  const due = formatWhen(p.dueAt, ctx);
  const progress = answered.length > 0 ? ` · 已提交 ${answered.length}/${all} 台` : '';
  const template: Template = done ? (answered.some((s) => s.abnormal) ? 'orange' : 'green') : isPast(p.dueAt, ctx) ? 'orange' : 'blue';
  const combined = done ? combinedLine(answered) : '';
  return {
    title: `日管控 · ${day}${done ? ' 已完成' : ' 设备检查'}${partSuffix(part)}`,
    subtitle: done ? combined : `${p.unitName} · ${due} 前完成 · ${all} 台${progress}`,
    template,
    summary: done ? `日管控 ${day}：${combined}` : `日管控：请在${due}前完成 ${all} 台设备检查`,
    info: done || all === 0 ? [] : [md(GUIDE)],
    actions: all === 0 ? [md('没有需要检查的设备。')] : deviceBlocks(p.devices, status),
  };
}

/** The card after an action: answered devices read-only. */
export function renderDailyCard(p: DailyCheckPayload, ctx: RenderContext, status: Readonly<Record<string, DeviceStatus>>, part?: CardPart): CardJson {
  return assembleCard(dailyParts(p, ctx, status, part));
}

/**
 * “已提交 08:47 · 张三 · 3 台零风险 · 1 项异常 · 1 台逾期提交”. Rules: zero-risk devices are the
 * answered ones without 异常; items are summed from “N 项异常” in the abnormal lines (when one
 * line lacks it, abnormal devices are counted instead: “1 台有异常”); the time and name come
 * from lines that start “已提交 (or 逾期提交) HH:MM · 姓名” (latest time; “2 人” when several people), else
 * the line starts “已全部提交”.
 */
export function combinedLine(statuses: readonly DeviceStatus[]): string {
  const abnormal = statuses.filter((s) => s.abnormal);
  const zero = statuses.length - abnormal.length;
  const counts = abnormal.map((s) => /(\d+)\s*项异常/.exec(s.line));
  const items = counts.reduce((n, m) => n + Number(m?.[1] ?? 0), 0);
  const abnormalText = abnormal.length === 0 ? '' : counts.every((m) => m !== null) ? `${items} 项异常` : `${abnormal.length} 台有异常`;
  const late = statuses.filter((s) => s.late).length;
  return [submittedHead(statuses), zero > 0 ? `${zero} 台零风险` : '', abnormalText, late > 0 ? `${late} 台逾期提交` : ''].filter(Boolean).join(' · ');
}

function submittedHead(statuses: readonly DeviceStatus[]): string {
  const heads = statuses.map((s) => /^(?:已|逾期)提交\s*(\d{1,2}:\d{2})\s*·\s*([^·]+?)\s*(?:·|$)/.exec(s.line.trim()));
  if (heads.length === 0 || heads.some((h) => h === null)) return '已全部提交';
  const times = heads.map((h) => (h?.[1] ?? '').padStart(5, '0')).sort();
  const names = [...new Set(heads.map((h) => h?.[2] ?? ''))];
  return `已提交 ${times[times.length - 1]} · ${names.length === 1 ? names[0] : `${names.length} 人`}`;
}
