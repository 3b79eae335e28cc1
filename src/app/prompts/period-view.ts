/**
 * The weekly review (周排查, for the director) and the monthly dispatch (月调度, for the principal):
 * the period's numbers, named by their period and the instant they were counted (never “本周” for
 * another week), its open hazards, 刷新数据, and the form of 《每周安全排查治理报告》 (regulation.md
 * §5.3; evaluation and next week's focus required, findings pre-filled from the numbers) or
 * 《每月安全调度会议纪要》 (§5.4; up to three resolutions, each with an owner and a deadline).
 */
import { HAZARD_LEVEL_LABELS } from '../../domain/answers/daily-answer.js';
import type { HazardView, Payload, PeriodStats } from '../../domain/engine/payloads.js';
import { formatWhen, isPast } from '../../domain/format-when.js';
import { CATEGORY_LABELS } from '../../domain/model.js';
import { MAX_RESOLUTIONS } from './form-values.js';
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

/** The period's numbers under their heading (“2026-W49 数据（截至 12月3日 09:00）”), or a line saying they are not counted yet. */
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
  return `${p.period}${asOf}日管控应检 ${s.daily.due} 台次，已检 ${s.daily.done}，缺检 ${s.daily.missed}；新发现隐患 ${h.found} 项，已闭环 ${h.closed} 项，未闭环 ${h.open} 项。`;
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
      text('meetingTime', '会议时间', '例：12月28日 15:00', 100),
      text('location', '会议地点', '必填', 200),
      text('attendees', '参会人员', '必填，姓名用顿号分隔', 500),
      multiline('mainProblems', '本月主要问题', '巡查、检查发现的主要问题'),
      multiline('rectificationStatus', '整改落实情况', '整改方案落实情况'),
      multiline('unresolved', '尚未解决的问题', '没有可不填'),
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
    if (!form.question || !submit) return { ...f, fields };
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
