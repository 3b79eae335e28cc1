/**
 * One device on the daily card. Two views, so that a card of many devices stays small:
 * - in the device list (the card as sent): the device's name, a one-tap 零风险报告 button and a
 *   “有异常 / 逐项检查” button that opens the detailed form (6 elements per device);
 * - opened (the card redrawn for that device alone, see daily-card.ts): one select per item that
 *   starts empty, each item with its 管控标准, the explicit “其余未选的项均正常”, and 异常 fields of
 *   its own for each 异常 item — one block naming its item (`a1_item`) until the person has chosen
 *   which items are 异常, then one block per 异常 item (`x<seq>_…`).
 * Form fields are prefixed `d<n>_` (n = the device's place on the card) because Feishu wants every
 * name unique in the card; form-values.ts strips the prefix again.
 *
 * Feishu components used (card JSON 2.0): form — must sit at the card's root and cannot be nested
 * in a collapsible_panel, hence a redrawn view rather than a folded form
 * (https://open.feishu.cn/document/feishu-cards/card-json-v2-components/containers/form-container);
 * select_static with `placeholder` and no `initial_option` (an untouched select is absent from
 * `form_value`; https://open.feishu.cn/document/uAjLw4CM/ukzMukzMukzM/feishu-cards/card-json-v2-components/interactive-components/single-select-dropdown-menu);
 * input with `max_length`; button with a callback behavior.
 */
import { DAILY_TEXT_LIMITS, HAZARD_LEVEL_LABELS, HAZARD_LEVELS, ITEM_RESULT_LABELS, ITEM_RESULTS } from '../../../domain/answers/daily-answer.js';
import type { DailyDeviceView, ItemView } from '../../../domain/engine/payloads.js';
import { CATEGORY_LABELS } from '../../../domain/model.js';
import type { CardActionValue } from './action-value.js';
import { button, colored, form, hr, input, md, mdText, oneLine, select, type El } from './card-json.js';

/** What the handler knows about a device once it is answered. */
export interface DeviceStatus {
  /** e.g. “已提交 08:47 · 张三 · 1 项异常” */
  line: string;
  abnormal: boolean;
  late: boolean;
}

/** A detailed form drawn again with what the person entered (neutral field names), after a refusal. */
export type EnteredFields = Readonly<Record<string, string>>;

const RESULT_OPTIONS = ITEM_RESULTS.map((r): [string, string] => [r, ITEM_RESULT_LABELS[r]]);
const LEVEL_OPTIONS = HAZARD_LEVELS.map((l): [string, string] => [l, HAZARD_LEVEL_LABELS[l]]);
const STOP_OPTIONS: [string, string][] = [['yes', '已停止使用'], ['no', '未停止使用']];
const REST_OPTIONS: [string, string][] = [['normal', '其余未选的项均正常']];

export function deviceTitle(d: DailyDeviceView): string {
  const paused = d.paused ? ` · ${colored('orange', '临时停用')}` : '';
  return `**${mdText(d.name)}**　${CATEGORY_LABELS[d.category]} · ${mdText(d.location || d.code)}${paused}`;
}

/** Exactly what the one-tap button records, device named. */
export function zeroRiskText(d: DailyDeviceView): string {
  const what = d.paused ? '停用标志和防护措施到位' : `${d.items.length} 项检查全部正常`;
  return `确认 ${d.name} ${what}（零风险报告）`;
}

/** A device still to be answered, in the device list; `n` is its 1-based place on the card. */
export function deviceRow(d: DailyDeviceView, n: number): El[] {
  const zero: CardActionValue = { a: 'daily_zero', k: d.taskKey };
  const open: CardActionValue = { a: 'daily_open', k: d.taskKey };
  return [
    md(`${deviceTitle(d)} · ${d.items.length} 项`),
    button({ name: `d${n}_zero`, text: zeroRiskText(d), type: 'primary', value: zero }),
    button({ name: `d${n}_open`, text: '有异常 / 逐项检查（含管控标准）', value: open }),
  ];
}

const pick = (entered: EnteredFields, name: string, allowed: readonly string[]): string | undefined => {
  const v = entered[name];
  return v !== undefined && allowed.includes(v) ? v : undefined;
};
/** Text typed before is offered again unless it is beyond the field's limit (the refusal says so). */
const typed = (entered: EnteredFields, name: string, max: number): string | undefined => {
  const v = entered[name];
  return v && [...v].length <= max ? v : undefined;
};

/** The items the person has marked 异常 (their own select, or named in a 异常 block). */
export function abnormalSeqs(items: readonly ItemView[], entered: EnteredFields): number[] {
  const named = new Set(Object.entries(entered).flatMap(([k, v]) => (/^a\d+_item$/.test(k) ? [Number(v)] : /^x(\d+)_/.test(k) ? [Number(/^x(\d+)_/.exec(k)![1])] : [])));
  return items.filter((it) => entered[`i${it.seq}`] === 'abnormal' || named.has(it.seq)).map((it) => it.seq);
}

/** The 异常 fields of one block: `key` is `a1` (the item chosen in it) or `x<seq>` (the item fixed). */
function abnormalFields(p: string, key: string, entered: EnteredFields): El[] {
  const f = (name: string) => `${key}_${name}`;
  return [
    input(`${p}_${f('desc')}`, { placeholder: `问题描述（最多 ${DAILY_TEXT_LIMITS.description} 字）`, max: DAILY_TEXT_LIMITS.description, multiline: true, value: typed(entered, f('desc'), DAILY_TEXT_LIMITS.description) }),
    select(`${p}_${f('level')}`, '隐患等级', LEVEL_OPTIONS, pick(entered, f('level'), HAZARD_LEVELS)),
    input(`${p}_${f('measures')}`, { placeholder: `已采取的措施（最多 ${DAILY_TEXT_LIMITS.measures} 字）`, max: DAILY_TEXT_LIMITS.measures, multiline: true, value: typed(entered, f('measures'), DAILY_TEXT_LIMITS.measures) }),
    select(`${p}_${f('stop')}`, '是否已停止使用', STOP_OPTIONS, pick(entered, f('stop'), ['yes', 'no'])),
  ];
}

/**
 * The detailed form of one device (the card's only form while it is open). `entered` holds what
 * the person entered before a refusal, so nothing has to be chosen twice; `maxBlocks` bounds the
 * per-item 异常 blocks so the card stays within Feishu's element limit.
 */
export function deviceForm(d: DailyDeviceView, n: number, entered: EnteredFields = {}, maxBlocks = d.items.length): El[] {
  const p = `d${n}`;
  const submit: CardActionValue = { a: 'daily_submit', k: d.taskKey };
  const items = d.items.flatMap((it) => [
    md(`**${it.seq}. ${mdText(it.content)}**${it.standard ? `\n${colored('grey', `管控标准：${mdText(it.standard)}`)}` : ''}`),
    select(`${p}_i${it.seq}`, '请选择 正常 / 异常 / 不适用', RESULT_OPTIONS, pick(entered, `i${it.seq}`, ITEM_RESULTS)),
  ]);
  const all = abnormalSeqs(d.items, entered);
  const marked = all.slice(0, Math.max(1, maxBlocks));
  const left = all.slice(marked.length);
  // Known limit: one card holds 7–8 异常 blocks of a 12–14-item checklist; more cannot be detailed at once.
  const overflow = left.length > 0 ? [md(colored('orange', `异常项较多：卡片一次最多填写 ${marked.length} 项，第 ${left.join('、')} 项放不下。请先停用设备，并联系安全总监协助登记其余异常项。`))] : [];
  const blocks =
    marked.length === 0
      ? [
          md(`**异常情况**　${colored('grey', '有异常时：选择是哪一项，再填写该项的情况（没有异常不填）')}`),
          select(`${p}_a1_item`, '异常项：选择是哪一项', d.items.map((it): [string, string] => [String(it.seq), `${it.seq}. ${oneLine(it.content, 24)}`])),
          ...abnormalFields(p, 'a1', entered),
        ]
      : marked.flatMap((seq) => {
          const it = d.items.find((x) => x.seq === seq)!;
          const key = `x${seq}`;
          const from = Object.entries(entered).find(([k, v]) => /^a\d+_item$/.test(k) && v === String(seq))?.[0]?.replace(/_item$/, '');
          // Details entered in the generic block move to this item's own block.
          const carried: EnteredFields = from ? { ...entered, ...Object.fromEntries(['desc', 'level', 'measures', 'stop'].map((f) => [`${key}_${f}`, entered[`${key}_${f}`] ?? entered[`${from}_${f}`] ?? ''])) } : entered;
          return [md(`**第 ${seq} 项异常：${mdText(oneLine(it.content, 30))}**`), ...abnormalFields(p, key, carried)];
        });
  return [
    form(p, [
      ...items,
      select(`${p}_rest`, '其余未选的项（可一次选为正常）', REST_OPTIONS, pick(entered, 'rest', ['normal'])),
      ...blocks,
      ...overflow,
      button({ name: `${p}_submit`, text: '提交检查结果', type: 'primary_filled', value: submit, submit: true }),
    ]),
  ];
}

/** A device already answered: one line, green, or orange when something is 异常. */
export function deviceDone(d: DailyDeviceView, s: DeviceStatus): El {
  const line = s.late && !s.line.includes('逾期') ? `${s.line} · 逾期提交` : s.line;
  return md(`**${mdText(d.name)}**　${colored(s.abnormal ? 'orange' : 'green', mdText(line))}`);
}

/** Device rows in card order; a rule sets each open row apart, answered lines stack without one. */
export function deviceBlocks(devices: readonly DailyDeviceView[], status: Readonly<Record<string, DeviceStatus>>): El[] {
  return devices.flatMap((d, i) => {
    const s = status[d.taskKey];
    const prev = devices[i - 1];
    const ruled = i > 0 && (!s || (prev !== undefined && !status[prev.taskKey]));
    const block = s ? [deviceDone(d, s)] : deviceRow(d, i + 1);
    return ruled ? [hr(), ...block] : block;
  });
}
