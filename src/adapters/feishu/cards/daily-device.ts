/**
 * One device on the daily card: before it is answered, a one-tap 零风险报告 button and a form with
 * one 正常/异常/不适用 select per item plus the 异常 fields; after, one read-only line. The form's
 * fields are prefixed `d<n>_` (n = the device's place on the card) because Feishu wants every
 * name unique in the card; form-values.ts strips the prefix again.
 */
import { HAZARD_LEVEL_LABELS, HAZARD_LEVELS, ITEM_RESULT_LABELS, ITEM_RESULTS } from '../../../domain/answers/daily-answer.js';
import type { DailyDeviceView } from '../../../domain/engine/payloads.js';
import { CATEGORY_LABELS } from '../../../domain/model.js';
import type { CardActionValue } from './action-value.js';
import { button, colored, form, hr, input, md, mdText, select, type El } from './card-json.js';

/** What the handler knows about a device once it is answered. */
export interface DeviceStatus {
  /** e.g. “已提交 08:47 · 张三 · 1 项异常” */
  line: string;
  abnormal: boolean;
  late: boolean;
}

const RESULT_OPTIONS = ITEM_RESULTS.map((r): [string, string] => [r, ITEM_RESULT_LABELS[r]]);
const LEVEL_OPTIONS = HAZARD_LEVELS.map((l): [string, string] => [l, HAZARD_LEVEL_LABELS[l]]);
const STOP_OPTIONS: [string, string][] = [['yes', '已停止使用'], ['no', '未停止使用']];

export function deviceTitle(d: DailyDeviceView): string {
  const paused = d.paused ? ` · ${colored('orange', '临时停用')}` : '';
  return `**${mdText(d.name)}**　${CATEGORY_LABELS[d.category]} · ${mdText(d.location || d.code)}${paused}`;
}

/** Exactly what the one-tap button records, device named. */
export function zeroRiskText(d: DailyDeviceView): string {
  const what = d.paused ? '停用标志和防护措施到位' : `${d.items.length} 项检查全部正常`;
  return `确认 ${d.name} ${what}（零风险报告）`;
}

/** The blocks of a device still to be answered; `n` is its 1-based place on the card. */
export function deviceForm(d: DailyDeviceView, n: number): El[] {
  const p = `d${n}`;
  const zero: CardActionValue = { a: 'daily_zero', k: d.taskKey };
  const submit: CardActionValue = { a: 'daily_submit', k: d.taskKey };
  const items = d.items.flatMap((it) => [md(`${it.seq}. ${mdText(it.content)}`), select(`${p}_i${it.seq}`, null, RESULT_OPTIONS, 'normal')]);
  return [
    md(deviceTitle(d)),
    button({ name: `${p}_zero`, text: zeroRiskText(d), type: 'primary_filled', value: zero }),
    form(p, [
      ...items,
      md(colored('grey', '有异常时填写：')),
      input(`${p}_desc`, { placeholder: '异常情况描述', max: 500 }),
      select(`${p}_level`, '隐患等级', LEVEL_OPTIONS),
      input(`${p}_measures`, { placeholder: '已采取的措施', max: 500 }),
      select(`${p}_stop`, '是否已停止使用', STOP_OPTIONS),
      button({ name: `${p}_submit`, text: '提交检查结果', type: 'primary', value: submit, submit: true }),
    ]),
  ];
}

/** A device already answered: one line, green, or orange when something is 异常. */
export function deviceDone(d: DailyDeviceView, s: DeviceStatus): El {
  const line = s.late && !s.line.includes('逾期') ? `${s.line} · 逾期提交` : s.line;
  return md(`**${mdText(d.name)}**　${colored(s.abnormal ? 'orange' : 'green', mdText(line))}`);
}

/** Device blocks in card order; a rule sets each form apart, answered lines stack without one. */
export function deviceBlocks(devices: readonly DailyDeviceView[], status: Readonly<Record<string, DeviceStatus>>): El[] {
  return devices.flatMap((d, i) => {
    const s = status[d.taskKey];
    const prev = devices[i - 1];
    const ruled = i > 0 && (!s || (prev !== undefined && !status[prev.taskKey]));
    const block = s ? [deviceDone(d, s)] : deviceForm(d, i + 1);
    return ruled ? [hr(), ...block] : block;
  });
}
