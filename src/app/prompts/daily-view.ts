/**
 * The daily check (日管控) for one officer. The same builder draws the prompt and every later state:
 * answered devices shrink to a status line; once every device is answered the header turns green
 * (orange if anything is 异常) and shows the combined line.
 *
 * As sent, the prompt lists its devices compactly: 全部正常（零风险报告） for every open device at the
 * top (one tap for a clean day), per device 零风险 and “有异常 / 逐项检查”. The latter draws that
 * device's detailed form (`state.open`): one choice per item that starts empty, each item with its
 * 管控标准, the explicit “其余未选的项均正常”, and 异常 details of its own for each 异常 item — one
 * block naming its item (`a1_item`) until the person has chosen which items are 异常, then one block
 * per 异常 item (`x<seq>_…`). “返回设备列表” or any answer draws the list again.
 */
import {
  DAILY_TEXT_LIMITS,
  HAZARD_LEVEL_LABELS,
  HAZARD_LEVELS,
  ITEM_RESULT_LABELS,
  ITEM_RESULTS,
} from '../../domain/answers/daily-answer.js';
import { overdueInspectionLine } from '../../domain/deadlines.js';
import type { DailyDeviceView, ItemView, Payload } from '../../domain/engine/payloads.js';
import { formatDay, formatWhen, isPast } from '../../domain/format-when.js';
import { CATEGORY_LABELS } from '../../domain/model.js';
import type {
  ActionView,
  DeviceStatus,
  DeviceView,
  Fact,
  FieldOption,
  FieldView,
  FormView,
  Line,
  PromptContext,
  PromptState,
  PromptView,
  Tone,
} from './prompt-view.js';
import { lines, muted, oneLine, strong, toned } from './text.js';

export type DailyCheckPayload = Extract<Payload, { type: 'daily_check' }>;
type Entered = Readonly<Record<string, string>>;

const options = (pairs: readonly (readonly [string, string])[]): FieldOption[] =>
  pairs.map(([value, label]) => ({ value, label }));
const RESULT_OPTIONS = options(ITEM_RESULTS.map((r) => [r, ITEM_RESULT_LABELS[r]] as const));
const LEVEL_OPTIONS = options(HAZARD_LEVELS.map((l) => [l, HAZARD_LEVEL_LABELS[l]] as const));
const STOP_OPTIONS = options([
  ['yes', '已停止使用'],
  ['no', '未停止使用'],
]);
const REST_OPTIONS = options([['normal', '其余未选的项均正常']]);

const GUIDE: Line = [
  '每台设备二选一：都正常点 ',
  strong('确认…零风险报告'),
  '；有问题点 ',
  strong('有异常 / 逐项检查'),
  '，逐项选择并填写异常项。',
];
const FORM_GUIDE =
  '逐项选择 正常 / 异常 / 不适用（灰字为管控标准）。有异常的项，在“异常情况”里逐项填写；都正常请返回点零风险报告。';

export function dailyView(p: DailyCheckPayload, ctx: PromptContext, state: PromptState = {}): PromptView {
  const status = state.devices ?? {};
  const answered = p.devices.map((d) => status[d.taskKey]).filter((s): s is DeviceStatus => s !== undefined);
  const all = p.devices.length;
  const complete = all > 0 && answered.length === all;
  const day = formatDay(p.date);
  const due = formatWhen(p.dueAt, ctx);
  const progress = answered.length > 0 ? ` · 已提交 ${answered.length}/${all} 台` : '';
  const tone: Tone = complete
    ? answered.some((s) => s.abnormal)
      ? 'warning'
      : 'success'
    : isPast(p.dueAt, ctx)
      ? 'warning'
      : 'info';
  const combined = complete ? combinedLine(answered) : '';
  const head = {
    kind: p.type,
    title: `日管控 · ${day}${complete ? ' 已完成' : ' 设备检查'}`,
    subtitle: complete ? combined : `${p.unitName} · ${due} 前完成 · ${all} 台${progress}`,
    tone,
    summary: complete ? `日管控 ${day}：${combined}` : `日管控：请在${due}前完成 ${all} 台设备检查`,
  };
  const openAt = state.open ? p.devices.findIndex((d) => d.taskKey === state.open?.taskKey && !status[d.taskKey]) : -1;
  const opened = p.devices[openAt];
  if (opened && state.open) return { ...head, ...openDevice(opened, state.open.entered ?? {}, state.open.problems) };
  const open = p.devices.filter((d) => !status[d.taskKey]);
  return {
    ...head,
    facts: all === 0 ? [lines(['没有需要检查的设备。'])] : complete ? [] : [...noticeFacts(p, open), lines(GUIDE)],
    devices: p.devices.map((d) => deviceView(d, status[d.taskKey])),
    forms: [],
    actions: allClear(open),
  };
}

/**
 * Devices in use past their 下次检验日期 (特种设备安全法第四十条), said first in the danger tone, in the
 * domain's words (deadlines.ts). The planner also puts that line in the payload's notice: it is said
 * once, here.
 */
function overdueLines(devices: readonly DailyDeviceView[]): string[] {
  return devices
    .filter((d) => d.inspectionOverdue && !d.paused)
    .map((d) => overdueInspectionLine(d.name, d.inspectionOverdue!.nextInspectionDate));
}

function noticeFacts(p: DailyCheckPayload, open: readonly DailyDeviceView[]): Fact[] {
  const overdue = overdueLines(open);
  const all = new Set(overdueLines(p.devices));
  const notice = (p.notice ?? '').split('\n').filter((l) => l !== '' && !all.has(l));
  return [
    ...(overdue.length > 0 ? [lines(...overdue.map((l): Line => [toned('danger', l)]))] : []),
    ...(notice.length > 0 ? [lines(...notice.map((l): Line => [l]))] : []),
  ];
}

/** 全部正常（零风险报告） for every device still open, when there are two or more. */
function allClear(open: readonly DailyDeviceView[]): ActionView[] {
  if (open.length < 2) return [];
  return [
    {
      label: `全部正常（零风险报告）：确认本卡 ${open.length} 台设备今日各项检查均正常`,
      style: 'primary',
      prominent: true,
      value: { a: 'daily_zero_all', k: open.map((d) => d.taskKey) },
    },
  ];
}

/** “**1号客梯**　电梯 · 1号楼大厅 · 临时停用” */
function deviceTitle(d: DailyDeviceView): Line {
  return [
    strong(d.name),
    `　${CATEGORY_LABELS[d.category]} · ${d.location || d.code}`,
    ...(d.paused ? [' · ', toned('warning', '临时停用')] : []),
    ...(d.inspectionOverdue ? [' · ', toned('danger', '检验已过期，不得使用')] : []),
  ];
}

/** Exactly what the one-tap button records, device named. */
export function zeroRiskText(d: DailyDeviceView): string {
  const what = d.paused ? '停用标志和防护措施到位' : `${d.items.length} 项检查全部正常`;
  return `确认 ${d.name} ${what}（零风险报告）`;
}

function deviceView(d: DailyDeviceView, s: DeviceStatus | undefined): DeviceView {
  const base = {
    taskKey: d.taskKey,
    name: d.name,
    paused: d.paused,
    items: d.items.map(({ seq, content, standard }) => ({ seq, content, standard })),
  };
  if (s) {
    const line = s.late && !s.line.includes('逾期') ? `${s.line} · 逾期提交` : s.line;
    return {
      ...base,
      title: [strong(d.name)],
      status: { line, tone: s.abnormal ? 'warning' : 'success' },
      actions: [],
    };
  }
  return {
    ...base,
    title: [...deviceTitle(d), ` · ${d.items.length} 项`],
    actions: [
      { label: zeroRiskText(d), style: 'primary', value: { a: 'daily_zero', k: d.taskKey } },
      { label: '有异常 / 逐项检查（含管控标准）', style: 'default', value: { a: 'daily_open', k: d.taskKey } },
    ],
  };
}

/** A choice entered before, offered again when it is still a valid option. */
const pick = (entered: Entered, name: string, allowed: readonly string[]): string | undefined => {
  const v = entered[name];
  return v !== undefined && allowed.includes(v) ? v : undefined;
};
/** Text typed before is offered again unless it is beyond the field's limit (the refusal says so). */
const typed = (entered: Entered, name: string, max: number): string | undefined => {
  const v = entered[name];
  return v && [...v].length <= max ? v : undefined;
};
const initial = (v: string | undefined): { initial?: string } => (v === undefined ? {} : { initial: v });

/** The items the person has marked 异常 (their own choice, or named in a 异常 block). */
export function abnormalSeqs(items: readonly ItemView[], entered: Entered): number[] {
  const named = new Set(
    Object.entries(entered).flatMap(([k, v]) =>
      /^a\d+_item$/.test(k) ? [Number(v)] : /^x(\d+)_/.test(k) ? [Number(/^x(\d+)_/.exec(k)![1])] : [],
    ),
  );
  return items.filter((it) => entered[`i${it.seq}`] === 'abnormal' || named.has(it.seq)).map((it) => it.seq);
}

/** The 异常 fields of one block: `key` is `a1` (the item chosen in it) or `x<seq>` (the item fixed). */
function abnormalFields(key: string, entered: Entered, item?: number): FieldView[] {
  const f = (name: string) => `${key}_${name}`;
  const of = item === undefined ? {} : { item };
  return [
    {
      id: f('desc'),
      kind: 'multiline',
      placeholder: `问题描述（最多 ${DAILY_TEXT_LIMITS.description} 字）`,
      maxLength: DAILY_TEXT_LIMITS.description,
      ...initial(typed(entered, f('desc'), DAILY_TEXT_LIMITS.description)),
      ...of,
    },
    {
      id: f('level'),
      kind: 'choice',
      placeholder: '隐患等级',
      options: LEVEL_OPTIONS,
      ...initial(pick(entered, f('level'), HAZARD_LEVELS)),
      ...of,
    },
    {
      id: f('measures'),
      kind: 'multiline',
      placeholder: `已采取的措施（最多 ${DAILY_TEXT_LIMITS.measures} 字）`,
      maxLength: DAILY_TEXT_LIMITS.measures,
      ...initial(typed(entered, f('measures'), DAILY_TEXT_LIMITS.measures)),
      ...of,
    },
    {
      id: f('stop'),
      kind: 'choice',
      placeholder: '是否已停止使用',
      options: STOP_OPTIONS,
      ...initial(pick(entered, f('stop'), ['yes', 'no'])),
      ...of,
    },
  ];
}

/**
 * One device's detailed form; `entered` holds what the person
 * entered before a refusal, so nothing has to be chosen twice.
 */
function openDevice(
  d: DailyDeviceView,
  entered: Entered,
  problems: string | undefined,
): Pick<PromptView, 'facts' | 'forms' | 'actions'> {
  const itemFields = d.items.map(
    (it): FieldView => ({
      id: `i${it.seq}`,
      kind: 'choice',
      placeholder: '请选择 正常 / 异常 / 不适用',
      options: RESULT_OPTIONS,
      ...initial(pick(entered, `i${it.seq}`, ITEM_RESULTS)),
      before: [[strong(`${it.seq}. ${it.content}`)], ...(it.standard ? [[muted(`管控标准：${it.standard}`)]] : [])],
    }),
  );
  const rest: FieldView = {
    id: 'rest',
    kind: 'choice',
    placeholder: '其余未选的项（可一次选为正常）',
    options: REST_OPTIONS,
    ...initial(pick(entered, 'rest', ['normal'])),
  };
  const marked = abnormalSeqs(d.items, entered);
  const blocks: FieldView[] =
    marked.length === 0
      ? [
          {
            id: 'a1_item',
            kind: 'choice',
            placeholder: '异常项：选择是哪一项',
            options: d.items.map((it) => ({ value: String(it.seq), label: `${it.seq}. ${oneLine(it.content, 24)}` })),
            before: [[strong('异常情况'), '　', muted('有异常时：选择是哪一项，再填写该项的情况（没有异常不填）')]],
          },
          ...abnormalFields('a1', entered),
        ]
      : marked.flatMap((seq) => {
          const it = d.items.find((x) => x.seq === seq)!;
          const key = `x${seq}`;
          const from = Object.entries(entered)
            .find(([k, v]) => /^a\d+_item$/.test(k) && v === String(seq))?.[0]
            ?.replace(/_item$/, '');
          // Details entered in the generic block move to this item's own block.
          const carried: Entered = from
            ? {
                ...entered,
                ...Object.fromEntries(
                  ['desc', 'level', 'measures', 'stop'].map((f) => [
                    `${key}_${f}`,
                    entered[`${key}_${f}`] ?? entered[`${from}_${f}`] ?? '',
                  ]),
                ),
              }
            : entered;
          const [first, ...others] = abnormalFields(key, carried, seq);
          return [{ ...first!, before: [[strong(`第 ${seq} 项异常：${oneLine(it.content, 30)}`)]] }, ...others];
        });
  const form: FormView = {
    id: 'device',
    fields: [...itemFields, rest, ...blocks],
    submits: [
      {
        label: '提交检查结果',
        style: 'primary',
        prominent: true,
        value: { a: 'daily_submit', k: d.taskKey },
        submits: true,
      },
    ],
  };
  return {
    facts: [
      lines(deviceTitle(d), [FORM_GUIDE]),
      ...overdueLines([d]).map((l) => lines([toned('danger', l)])),
      ...(problems ? [lines(...problems.split('\n').map((l): Line => [toned('danger', l)]))] : []),
    ],
    forms: [form],
    actions: [{ label: '返回设备列表', style: 'default', value: { a: 'daily_list', k: d.taskKey } }],
  };
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
  const abnormalText =
    abnormal.length === 0 ? '' : counts.every((m) => m !== null) ? `${items} 项异常` : `${abnormal.length} 台有异常`;
  const late = statuses.filter((s) => s.late).length;
  return [
    submittedHead(statuses),
    zero > 0 ? `${zero} 台零风险` : '',
    abnormalText,
    late > 0 ? `${late} 台逾期提交` : '',
  ]
    .filter(Boolean)
    .join(' · ');
}

function submittedHead(statuses: readonly DeviceStatus[]): string {
  const heads = statuses.map((s) => /^(?:已|逾期)提交\s*(\d{1,2}:\d{2})\s*·\s*([^·]+?)\s*(?:·|$)/.exec(s.line.trim()));
  if (heads.length === 0 || heads.some((h) => h === null)) return '已全部提交';
  const times = heads.map((h) => (h?.[1] ?? '').padStart(5, '0')).sort();
  const names = [...new Set(heads.map((h) => h?.[2] ?? ''))];
  return `已提交 ${times[times.length - 1]} · ${names.length === 1 ? names[0] : `${names.length} 人`}`;
}
