/**
 * The daily check card (日管控) for one officer, or one part of it when the devices need several
 * cards. The same function renders the prompt and every later state: answered devices shrink to
 * a line; once all devices on the card are answered the header turns green (orange if anything
 * is 异常) and shows the combined line.
 *
 * As sent, the card lists its devices compactly (see daily-device.ts): 全部正常（零风险报告） for
 * every open device of the card at the top (one tap for a clean day), per device 零风险 and
 * “有异常 / 逐项检查”. The latter redraws the card as that device's detailed form (`view.open`);
 * “返回设备列表” or any answer redraws the list.
 */
import type { Payload } from '../../../domain/engine/payloads.js';
import { assembleCard, button, colored, md, mdText, type CardJson, type CardParts, type El, type Template } from './card-json.js';
import type { CardActionValue } from './action-value.js';
import { deviceBlocks, deviceForm, deviceTitle, type DeviceStatus, type EnteredFields } from './daily-device.js';
import { fitsOneCard } from './card-budget.js';
import { formatDay, formatWhen, isPast } from '../../../domain/format-when.js';
import { partSuffix, type CardPart, type RenderContext } from './render-context.js';

export type DailyCheckPayload = Extract<Payload, { type: 'daily_check' }>;

/** Which view of the card to draw: the device list (default) or one device's detailed form. */
export interface DailyView {
  /** task key of the device whose detailed form is shown */
  open?: string;
  /** what the person entered before a refusal (neutral field names), drawn again */
  entered?: EnteredFields;
  /** why the last submission was refused, shown above the form */
  problems?: string;
}

const GUIDE = '每台设备二选一：都正常点 **确认…零风险报告**；有问题点 **有异常 / 逐项检查**，逐项选择并填写异常项。';

export function dailyParts(p: DailyCheckPayload, ctx: RenderContext, status: Readonly<Record<string, DeviceStatus>>, part?: CardPart, view: DailyView = {}): CardParts {
  const answered = p.devices.map((d) => status[d.taskKey]).filter((s): s is DeviceStatus => s !== undefined);
  const all = p.devices.length;
  const done = all > 0 && answered.length === all;
  const day = formatDay(p.date);
  const due = formatWhen(p.dueAt, ctx);
  const progress = answered.length > 0 ? ` · 已提交 ${answered.length}/${all} 台` : '';
  const template: Template = done ? (answered.some((s) => s.abnormal) ? 'orange' : 'green') : isPast(p.dueAt, ctx) ? 'orange' : 'blue';
  const combined = done ? combinedLine(answered) : '';
  const head = {
    title: `日管控 · ${day}${done ? ' 已完成' : ' 设备检查'}${partSuffix(part)}`,
    subtitle: done ? combined : `${p.unitName} · ${due} 前完成 · ${all} 台${progress}`,
    template,
    summary: done ? `日管控 ${day}：${combined}` : `日管控：请在${due}前完成 ${all} 台设备检查`,
  };
  const openAt = view.open ? p.devices.findIndex((d) => d.taskKey === view.open && !status[d.taskKey]) : -1;
  if (openAt >= 0) return { ...head, ...openDevice(p, openAt, view, (parts) => fitsOneCard(assembleCard({ ...head, ...parts }))) };
  const open = p.devices.filter((d) => !status[d.taskKey]);
  return {
    ...head,
    info: done || all === 0 ? [] : [...(p.notice ? [md(mdText(p.notice))] : []), md(GUIDE)],
    actions: all === 0 ? [md('没有需要检查的设备。')] : [...allClear(open), ...deviceBlocks(p.devices, status)],
  };
}

/** 全部正常（零风险报告） for every device still open on this card, when there are two or more. */
function allClear(open: DailyCheckPayload['devices']): El[] {
  if (open.length < 2) return [];
  const value: CardActionValue = { a: 'daily_zero_all', k: open.map((d) => d.taskKey) };
  return [button({ name: 'all_zero', text: `全部正常（零风险报告）：确认本卡 ${open.length} 台设备今日各项检查均正常`, type: 'primary_filled', value })];
}

/** One device's detailed form, as many per-item 异常 blocks as the card can hold. */
function openDevice(p: DailyCheckPayload, at: number, view: DailyView, fits: (parts: Pick<CardParts, 'info' | 'actions'>) => boolean): Pick<CardParts, 'info' | 'actions'> {
  const d = p.devices[at]!;
  const back: CardActionValue = { a: 'daily_list', k: d.taskKey };
  const info = [
    md(`${deviceTitle(d)}\n逐项选择 正常 / 异常 / 不适用（灰字为管控标准）。有异常的项，在“异常情况”里逐项填写；都正常请返回点零风险报告。`),
    ...(view.problems ? [md(view.problems.split('\n').map((l) => colored('red', mdText(l))).join('\n'))] : []),
  ];
  const backButton = button({ name: `d${at + 1}_list`, text: '返回设备列表', value: back });
  for (let blocks = d.items.length; ; blocks--) {
    const parts = { info, actions: [...deviceForm(d, at + 1, view.entered ?? {}, blocks), backButton] };
    if (blocks <= 1 || fits(parts)) return parts;
  }
}

/** The card after an action: answered devices read-only; `view` opens one device's form. */
export function renderDailyCard(p: DailyCheckPayload, ctx: RenderContext, status: Readonly<Record<string, DeviceStatus>>, part?: CardPart, view?: DailyView): CardJson {
  return assembleCard(dailyParts(p, ctx, status, part, view));
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
