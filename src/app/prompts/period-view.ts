/**
 * The weekly review (周排查, for the director) and the monthly dispatch (月调度, for the principal):
 * the period's numbers, named by their period and the instant they were counted (never “本周” for
 * another week), its open hazards, 刷新数据, and the form of 《每周安全排查治理报告》 (regulation.md
 * §5.3; evaluation and next week's focus required, findings pre-filled from the numbers) or
 * 《每月安全调度会议纪要》 (§5.4; up to three resolutions, each with an owner and a deadline).
 */

import {
  HAZARD_LEVEL_LABELS,
  HAZARD_LEVELS,
  ITEM_RESULT_LABELS,
  ITEM_RESULTS,
} from '../../domain/answers/daily-answer.js';
import {
  itemFieldId,
  MAINTENANCE_COMPANY_MAX,
  MAINTENANCE_MODE_LABELS,
  MAINTENANCE_MODES,
  PERIOD_NOTE_MAX,
} from '../../domain/answers/period-items.js';
import type { HazardView, Payload, PeriodStats } from '../../domain/engine/payloads.js';
import { formatWhen, isPast } from '../../domain/format-when.js';
import { localDateOf } from '../../domain/local-time.js';
import { CATEGORY_LABELS } from '../../domain/model.js';
import { ITEMS_REST, MAX_RESOLUTIONS } from './form-values.js';
import type {
  ActionView,
  Fact,
  FieldView,
  FormView,
  Line,
  PromptContext,
  PromptState,
  PromptView,
} from './prompt-view.js';
import { lines, muted, oneLine, strong, toned } from './text.js';

export type WeeklyReviewPayload = Extract<Payload, { type: 'weekly_review' }>;
export type MonthlyDispatchPayload = Extract<Payload, { type: 'monthly_dispatch' }>;

/** Open hazards listed by name; the rest are counted. */
const MAX_HAZARD_LINES = 6;

const rate = (done: number, due: number): string => (due > 0 ? `（${Math.round((done / due) * 100)}%）` : '');

/**
 * The period's numbers under their heading (“2026-W49 数据（截至 12月3日 09:00）”), or a line saying they are not counted yet.
 */
export function statsFacts(p: { period: string; stats?: PeriodStats; statsAsOf?: string }, ctx: PromptContext): Fact[] {
  const heading: Line = [
    strong(`${p.period} 数据`),
    ...(p.statsAsOf ? [muted(`（截至 ${formatWhen(p.statsAsOf, ctx)}）`)] : []),
  ];
  const s = p.stats;
  if (!s) return [lines(heading), lines([muted(`${p.period} 数据暂未汇总。`)])];
  const d = s.daily;
  return [
    {
      type: 'table',
      heading,
      columns: ['项目', p.period],
      rows: [
        ['设备', `在用 ${s.devices.inUse} · 临时停用 ${s.devices.paused} · 停用 ${s.devices.stopped}`],
        [
          '日管控',
          `应检 ${d.due} · 已检 ${d.done}${rate(d.done, d.due)} · 零风险 ${d.zeroRisk} · 逾期 ${d.late} · 缺检 ${d.missed}`,
        ],
        [
          '隐患',
          `新发现 ${s.hazards.found} · 已闭环 ${s.hazards.closed} · 未闭环 ${s.hazards.open} · 超期 ${s.hazards.overdue}`,
        ],
      ],
      stats: s,
    },
  ];
}

/** “· #3 严重 1号客梯：门机异响 · 李四 · 期限 12月8日”, the level in its tone. */
export function hazardLine(h: HazardView, ctx: PromptContext): Line {
  const where = h.device ? `${oneLine(h.device, 16)}：` : '';
  return [
    `· ${h.no !== undefined ? `#${h.no} ` : ''}`,
    toned(h.level === 'general' ? 'warning' : 'danger', HAZARD_LEVEL_LABELS[h.level]),
    ` ${where}${oneLine(h.description, 30)} · ${oneLine(h.assignee, 20)} · 期限 ${formatWhen(h.deadline, ctx)}`,
  ];
}

/** The open hazards, most serious and most urgent first. */
export function openHazardsFact(list: readonly HazardView[] | undefined, ctx: PromptContext): Fact {
  const hazards = list ?? [];
  if (hazards.length === 0) return lines([strong('未闭环隐患'), '：无']);
  const rank = { major: 0, serious: 1, general: 2 } as const;
  const sorted = [...hazards].sort((a, b) => rank[a.level] - rank[b.level] || a.deadline.localeCompare(b.deadline));
  const more: Line[] =
    hazards.length > MAX_HAZARD_LINES ? [[muted(`另有 ${hazards.length - MAX_HAZARD_LINES} 项，见隐患台账`)]] : [];
  return lines(
    [strong(`未闭环隐患（${hazards.length}）`)],
    ...sorted.slice(0, MAX_HAZARD_LINES).map((h) => hazardLine(h, ctx)),
    ...more,
  );
}

/** 刷新数据: the prompt is drawn once, when delivered; this counts its period again up to now and redraws it. */
const refresh = (k: string): ActionView => ({
  label: '刷新数据（重新统计到此刻）',
  style: 'default',
  value: { a: 'period_refresh', k },
});

/** The task key a weekly or monthly prompt submits; a prompt without one could never be answered. */
export function taskKeyOf(p: { type: string; taskKey?: string }, ctx: PromptContext): string {
  const key = p.taskKey ?? ctx.taskKey;
  if (!key) throw new Error(`${p.type} prompt: no task key — pass the message's task key as ctx.taskKey`);
  return key;
}

/** A starting sentence for 本周发现的风险隐患及整改情况, from the week's numbers, saying which week and as of when. */
function findingsDraft(p: WeeklyReviewPayload, ctx: PromptContext): string {
  const s = p.stats;
  if (!s) return '';
  const h = s.hazards;
  const asOf = p.statsAsOf ? `（截至 ${formatWhen(p.statsAsOf, ctx)}）` : '';
  return (
    `${p.period}${asOf}日管控应检 ${s.daily.due} 台次，已检 ${s.daily.done}，缺检 ${s.daily.missed}；新发现隐患 ${h.found} ` +
    `项，已闭环 ${h.closed} 项，未闭环 ${h.open} 项。`
  );
}

const multiline = (id: string, label: string, placeholder: string, more: Partial<FieldView> = {}): FieldView => ({
  id,
  kind: 'multiline',
  label,
  placeholder,
  ...more,
});

export function weeklyView(p: WeeklyReviewPayload, ctx: PromptContext): PromptView {
  const due = formatWhen(p.dueAt, ctx);
  const scope = p.categories.map((c) => CATEGORY_LABELS[c]).join('、');
  const draft = findingsDraft(p, ctx);
  const head = {
    title: `周排查 · ${p.period} 排查治理报告`,
    subtitle: `${p.unitName}${scope ? ` · ${scope}` : ''} · ${due} 前提交`,
    summary: `周排查：请在${due}前提交每周安全排查治理报告`,
  };
  return periodView(p, ctx, head, (k) => ({
    id: 'weekly',
    fields: [
      ...checklistFields(p, '周排查'),
      ...(p.maintenance ? maintenanceFields(ctx) : []),
      // 参加人 (regulation.md §5.3): who took part in the review besides the director
      {
        id: 'participants',
        kind: 'text',
        label: '参加人',
        placeholder: '姓名用顿号分隔（没有可不填）',
        maxLength: 500,
      },
      multiline('lastWeekVerification', '上周隐患整改核实情况', '逐项核实是否整改到位'),
      multiline('findings', '本周主要风险隐患及整改情况', '发现了什么，怎么处理的', draft ? { initial: draft } : {}),
      multiline('evaluation', '本周安全管理情况评价', '必填', { required: true }),
      multiline('nextWeekFocus', '下周工作重点', '必填', { required: true }),
      multiline('decisionsNeeded', '需提请主要负责人决策的事项', '没有可不填'),
    ],
    submits: [{ label: '提交周报告', style: 'primary', value: { a: 'weekly_submit', k }, submits: true }],
  }));
}

/** The numbers, the open hazards, 刷新数据 and the period's form (built with the task key it submits). */
function periodView(
  p: WeeklyReviewPayload | MonthlyDispatchPayload,
  ctx: PromptContext,
  head: Pick<PromptView, 'title' | 'subtitle' | 'summary'>,
  form: (k: string) => FormView,
): PromptView {
  const k = taskKeyOf(p, ctx);
  return {
    kind: p.type,
    ...head,
    tone: isPast(p.dueAt, ctx) ? 'warning' : 'info',
    facts: [...statsFacts(p, ctx), openHazardsFact(p.openHazards, ctx)],
    actions: [refresh(k)],
    forms: [form(k)],
  };
}

/** 记录人: one of the unit's people (or a typed name); empty: the person who submits the minutes recorded them. */
function recorderField(people: PromptContext['people']): FieldView {
  const options = (people ?? []).map((x) => ({ value: x.id, label: x.name }));
  return {
    id: 'recorder',
    kind: 'person',
    label: '记录人',
    placeholder: '记录人（不选为提交人）',
    maxLength: 50,
    options,
  };
}

/** One resolution row: what, who (the unit's people, or a typed name), by when. */
function resolutionRow(i: number, people: PromptContext['people']): FieldView[] {
  return [
    {
      id: `r${i}_content`,
      kind: 'text',
      placeholder: '决议事项',
      maxLength: 500,
      before: [[strong(`决议 ${i}`), ...(i > 1 ? [muted('（没有可不填）')] : [])]],
    },
    {
      id: `r${i}_owner`,
      kind: 'person',
      placeholder: '责任人',
      maxLength: 50,
      options: (people ?? []).map((x) => ({ value: x.id, label: x.name })),
    },
    { id: `r${i}_deadline`, kind: 'date', placeholder: '完成时限' },
  ];
}

export function monthlyView(p: MonthlyDispatchPayload, ctx: PromptContext): PromptView {
  const due = formatWhen(p.dueAt, ctx);
  const text = (id: string, label: string, placeholder: string, max: number): FieldView => ({
    id,
    kind: 'text',
    label,
    placeholder,
    required: true,
    maxLength: max,
  });
  const head = {
    title: `月调度 · ${p.period} 安全调度会议纪要`,
    subtitle: `${p.unitName} · ${due} 前提交`,
    summary: `月调度：请在${due}前召开调度会并提交会议纪要`,
  };
  return periodView(p, ctx, head, (k) => ({
    id: 'monthly',
    fields: [
      ...checklistFields(p, '月调度'),
      text('meetingTime', '会议时间', '日期和时间，例：12月28日 15:00', 100),
      text('location', '会议地点', '必填', 200),
      text('attendees', '参会人员', '必填，姓名用顿号分隔', 500),
      // 记录人 and the two sections of regulation.md §5.4 the minutes hold besides the problems
      recorderField(ctx.people),
      multiline('mainProblems', '本月主要问题', '巡查、检查发现的主要问题'),
      multiline('rectificationStatus', '整改落实情况', '整改方案落实情况'),
      multiline('unresolved', '尚未解决的问题', '没有可不填'),
      multiline('incidents', '事故、故障、投诉、监管检查、定期检验情况', '没有可不填'),
      multiline('adjustments', '制度、人员、职责调整', '没有可不填'),
      multiline('nextMonthFocus', '下月工作重点', '必填', { required: true }),
      ...Array.from({ length: MAX_RESOLUTIONS }, (_, i) => resolutionRow(i + 1, ctx.people)).flat(),
    ],
    submits: [{ label: '提交会议纪要', style: 'primary', value: { a: 'monthly_submit', k }, submits: true }],
  }));
}

/**
 * The weekly or monthly form drawn again (PromptState.form): each field with what was entered; with
 * a contradiction question (the submit use case's `confirm`), the question in the warning tone and
 * 确定提交 (the same submit, confirmed) beside 返回修改 (drawn again without the question).
 */
export function withEntered(view: PromptView, form: PromptState['form']): PromptView {
  if (!form) return view;
  const forms = view.forms.map((f): FormView => {
    const fields = f.fields.map((x) => (form.entered[x.id] !== undefined ? { ...x, initial: form.entered[x.id]! } : x));
    const submit = f.submits[0];
    const saved: Line[] = form.saved ? [[toned('success', form.saved)]] : [];
    if (!form.question || !submit) return { ...f, fields, notes: [...(f.notes ?? []), ...saved] };
    const v = submit.value as { a: 'weekly_submit' | 'monthly_submit'; k: string };
    return {
      ...f,
      fields,
      notes: [...(f.notes ?? []), ...form.question.split('\n').map((q): Line => [toned('warning', q)])],
      submits: [
        { label: '确定提交', style: 'primary', value: { a: v.a, k: v.k, cf: true }, submits: true },
        { label: '返回修改', style: 'default', value: { a: 'period_edit', k: v.k }, submits: true },
      ],
    };
  });
  return { ...view, forms, ...(form.question ? { tone: 'warning' as const } : {}) };
}

/** The series of a form's 清单 items: “其余各项均正常” answers the items not yet chosen. */
const ITEMS_SERIES = { id: 'items', rest: { value: 'normal', label: '其余各项均正常' } } as const;

/**
 * The 清单's weekly (周排查) or monthly (月调度) items of the prompt, each: 正常 / 异常 / 不适用, the
 * 隐患等级 when 异常, a note when 异常 (what was found) or 不适用 (why); then “其余未选的项均正常”.
 * The first item of each category is led by its 清单 and version.
 */
function checklistFields(p: WeeklyReviewPayload | MonthlyDispatchPayload, what: string): FieldView[] {
  const items = p.checkItems ?? [];
  if (items.length === 0) return [];
  const refs = new Map((p.checklists ?? []).map((c) => [c.category, c]));
  const fields: FieldView[] = items.flatMap((it, i): FieldView[] => {
    const id = itemFieldId(it);
    const first = i === 0 || items[i - 1]!.category !== it.category;
    const ref = refs.get(it.category);
    const heading: Line[] = first
      ? [
          [
            strong(
              `${ref?.title ?? `${CATEGORY_LABELS[it.category]}安全风险管控清单`}（第 ${it.version} 版）· ${what}项目`,
            ),
          ],
        ]
      : [];
    return [
      {
        id,
        kind: 'choice',
        placeholder: '请选择：正常 / 异常 / 不适用',
        options: ITEM_RESULTS.map((r) => ({ value: r, label: ITEM_RESULT_LABELS[r] })),
        before: [...heading, [strong(`${it.seq}. ${it.content}`)], [muted(oneLine(it.standard, 80))]],
        series: ITEMS_SERIES,
      },
      {
        id: `${id}_level`,
        kind: 'choice',
        label: `${CATEGORY_LABELS[it.category]}第 ${it.seq} 项隐患等级`,
        placeholder: '异常时选择隐患等级',
        options: HAZARD_LEVELS.map((l) => ({ value: l, label: `${HAZARD_LEVEL_LABELS[l]}隐患` })),
        showWhen: { field: id, values: ['abnormal'], required: true },
      },
      {
        id: `${id}_note`,
        kind: 'text',
        label: `${CATEGORY_LABELS[it.category]}第 ${it.seq} 项说明`,
        placeholder: '异常：发现的问题；不适用：原因',
        maxLength: PERIOD_NOTE_MAX,
        showWhen: { field: id, values: ['abnormal', 'na'], required: true },
      },
    ];
  });
  fields.push({
    id: ITEMS_REST,
    kind: 'choice',
    placeholder: '其余未选的项',
    options: [{ value: 'normal', label: '其余未选的项均正常' }],
    restOf: ITEMS_SERIES.id,
    before: [[muted('逐项选择；没有问题的项可一并选“其余未选的项均正常”。选“异常”将登记为隐患并进入整改。')]],
  });
  return fields;
}

/** 维保监督 (elevators, on the weekly report): 全过程 or 抽样, the 维保单位 and the date, what was seen. */
function maintenanceFields(ctx: PromptContext): FieldView[] {
  const used = { field: 'mt_mode', values: ['full', 'sample'], required: true };
  return [
    {
      id: 'mt_mode',
      kind: 'choice',
      label: '维保监督',
      placeholder: '全过程 / 抽样 / 本周无维保',
      required: true,
      options: MAINTENANCE_MODES.map((m) => ({ value: m, label: MAINTENANCE_MODE_LABELS[m] })),
      before: [[strong('电梯维保监督')], [muted('本周对维保单位作业的监督方式（每台电梯每15日至少维保一次）')]],
    },
    {
      id: 'mt_company',
      kind: 'text',
      label: '维保单位',
      placeholder: '维保单位名称',
      maxLength: MAINTENANCE_COMPANY_MAX,
      showWhen: used,
    },
    {
      id: 'mt_date',
      kind: 'date',
      label: '维保日期',
      placeholder: `维保日期（如 ${localDateOf(ctx.now, ctx.timeZone)}）`,
      showWhen: used,
    },
    {
      id: 'mt_note',
      kind: 'text',
      label: '监督情况',
      placeholder: '监督结论、发现的问题（可不填）',
      maxLength: PERIOD_NOTE_MAX,
      showWhen: { ...used, required: false },
    },
  ];
}
