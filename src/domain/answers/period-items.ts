/**
 * The weekly (周排查) and monthly (月调度) items of the unit's 安全风险管控清单, answered on the
 * weekly report by the director and on the monthly minutes by the principal: each item 正常 /
 * 异常 (with its hazard level and what was found) / 不适用 (with why). An 异常 opens a hazard like a
 * daily one. Elevators add 维保监督 on the weekly report (regulation.md §5.3: 全过程 or 抽样, the
 * 维保单位 and the date).
 *
 * Fidelity as for the daily check (daily-answer.ts): every item needs an explicit choice (one by
 * one, or the explicit “其余各项均正常”); a note is required for 异常 and 不适用; text beyond its limit
 * is refused, never cut; details given for an item chosen 正常 are refused.
 */
import { z } from 'zod';
import { parseLocalDate } from '../local-time.js';
import { CATEGORY_LABELS, type Category, type CheckGroup } from '../model.js';
import {
  HAZARD_LEVEL_LABELS,
  HAZARD_LEVELS,
  type HazardLevel,
  ITEM_RESULT_LABELS,
  ITEM_RESULTS,
  type ItemResult,
} from './daily-answer.js';

/** One item as asked: its category, its number in the whole 清单 (“电梯 第 13 项”) and the 清单 version. */
export interface PeriodItemView {
  category: Category;
  /** 1-based position in the category's whole 清单 (daily items first, as the file lists them) */
  seq: number;
  version: number;
  group: CheckGroup;
  content: string;
  standard: string;
  required: boolean;
}

/** The 清单 versions the items come from. */
export interface ChecklistRef {
  category: Category;
  version: number;
  title: string;
}

export const PERIOD_NOTE_MAX = 500;
export const MAINTENANCE_COMPANY_MAX = 100;

/** The neutral form field of an item: `q_elevator_13`, its `_level` and `_note`. */
export const itemFieldId = (it: Pick<PeriodItemView, 'category' | 'seq'>): string => `q_${it.category}_${it.seq}`;

/** “电梯 第 13 项“维保记录与质量监督”” */
export const itemName = (it: Pick<PeriodItemView, 'category' | 'seq' | 'content'>): string =>
  `${CATEGORY_LABELS[it.category]} 第 ${it.seq} 项“${it.content}”`;

export const periodItemAnswerSchema = z.object({
  category: z.string(),
  seq: z.number().int().min(1),
  /** absent: details were given without a choice */
  result: z.enum(ITEM_RESULTS).optional(),
  level: z.enum(HAZARD_LEVELS).optional(),
  note: z.string().optional(),
});
export type PeriodItemAnswer = z.infer<typeof periodItemAnswerSchema>;

export const MAINTENANCE_MODES = ['full', 'sample', 'none'] as const;
export type MaintenanceMode = (typeof MAINTENANCE_MODES)[number];
export const MAINTENANCE_MODE_LABELS: Record<MaintenanceMode, string> = {
  full: '全过程监督',
  sample: '抽样监督',
  none: '本周无维保作业',
};

/** 维保监督 as entered (every part optional: the check says what is missing). */
export interface MaintenanceInput {
  mode?: string;
  company?: string;
  date?: string;
  note?: string;
}

export interface PeriodItemsInput {
  answers: PeriodItemAnswer[];
  /** “其余各项均正常”: items without their own choice are normal */
  othersNormal?: boolean;
  maintenance?: MaintenanceInput;
}

/** An item as recorded (the record payload's `items`). */
export interface CheckedPeriodItem {
  category: Category;
  seq: number;
  version: number;
  group: CheckGroup;
  content: string;
  result: ItemResult;
  level?: HazardLevel;
  note?: string;
  /** the hazard it opened (set when recorded) */
  hazardId?: string;
}

export interface MaintenanceRecord {
  mode: MaintenanceMode;
  company: string;
  date: string;
  note: string;
}

const filled = (s: string | undefined): s is string => typeof s === 'string' && s.trim() !== '';
const chars = (s: string): number => [...s].length;

/**
 * Checks the answers against the items asked; returns the items (and 维保监督 when asked) as
 * recorded, or the problems, one line each, worded for the person.
 */
export function checkPeriodItems(
  items: readonly PeriodItemView[],
  input: PeriodItemsInput,
  opts: { maintenance: boolean; today: string },
): { ok: true; items: CheckedPeriodItem[]; maintenance?: MaintenanceRecord } | { ok: false; problems: string[] } {
  const problems: string[] = [];
  const byKey = new Map<string, PeriodItemAnswer>();
  for (const a of input.answers) {
    const it = items.find((x) => x.category === a.category && x.seq === a.seq);
    if (!it) {
      problems.push(
        `没有${CATEGORY_LABELS[a.category as Category] ?? a.category} 第 ${a.seq} 项：清单可能已更新，请点“刷新数据”后在最新的表单上填写`,
      );
      continue;
    }
    byKey.set(itemFieldId(it), a);
  }
  const out: CheckedPeriodItem[] = [];
  const unanswered: PeriodItemView[] = [];
  for (const it of items) {
    const a =
      byKey.get(itemFieldId(it)) ??
      (input.othersNormal ? { category: it.category, seq: it.seq, result: 'normal' as const } : undefined);
    if (!a) {
      unanswered.push(it);
      continue;
    }
    if (!a.result) {
      problems.push(`${itemName(it)}填写了${a.level ? '隐患等级' : '说明'}，但没有选择正常/异常/不适用：请选择`);
      continue;
    }
    const base = { category: it.category, seq: it.seq, version: it.version, group: it.group, content: it.content };
    const name = itemName(it);
    if (a.result === 'normal') {
      if (a.level || filled(a.note))
        problems.push(
          `${name}选的是“正常”，却又填写了${a.level ? '隐患等级' : '说明'}：有问题请改选“异常”，没有问题请清空`,
        );
      else out.push({ ...base, result: 'normal' });
      continue;
    }
    if (filled(a.note) && chars(a.note) > PERIOD_NOTE_MAX) {
      problems.push(`${name}的说明有 ${chars(a.note)} 字，最多 ${PERIOD_NOTE_MAX} 字：请精简后再提交`);
      continue;
    }
    if (a.result === 'na') {
      if (a.level) problems.push(`${name}选的是“不适用”，却又选了隐患等级：有问题请改选“异常”，不适用请清空隐患等级`);
      else if (!filled(a.note)) problems.push(`${name}为“不适用”：请在说明中写明原因（例如：本单位无停用电梯）`);
      else out.push({ ...base, result: 'na', note: a.note });
      continue;
    }
    const missing = [!a.level && '隐患等级', !filled(a.note) && '问题说明'].filter(Boolean);
    if (missing.length) problems.push(`${name}为“异常”：请填写${missing.join('、')}`);
    else out.push({ ...base, result: 'abnormal', level: a.level, note: a.note });
  }
  if (unanswered.length) {
    const names =
      unanswered.length <= 3
        ? unanswered.map(itemName).join('、')
        : `${unanswered.slice(0, 3).map(itemName).join('、')} 等`;
    problems.push(
      `清单还有 ${unanswered.length} 项未选择（${names}）：请逐项选择正常/异常/不适用，或选择“其余各项均正常”`,
    );
  }
  let maintenance: MaintenanceRecord | undefined;
  if (opts.maintenance) {
    const m = input.maintenance ?? {};
    const mode = MAINTENANCE_MODES.find((x) => x === m.mode);
    if (!mode) problems.push('维保监督：请选择全过程监督、抽样监督或本周无维保作业');
    else if (mode === 'none') {
      if (filled(m.company) || filled(m.date))
        problems.push(
          '维保监督选的是“本周无维保作业”，却又填写了维保单位或日期：有维保请改选全过程或抽样监督，没有请清空',
        );
      else maintenance = { mode, company: '', date: '', note: (m.note ?? '').trim() };
    } else {
      const date = filled(m.date) ? parseLocalDate(m.date.trim().slice(0, 10)) : null;
      const missing = [!filled(m.company) && '维保单位', !filled(m.date) && '维保日期'].filter(Boolean);
      if (missing.length) problems.push(`维保监督（${MAINTENANCE_MODE_LABELS[mode]}）：请填写${missing.join('、')}`);
      else if (!date) problems.push(`维保日期“${m.date}”不是日期：请填写如 ${opts.today}`);
      else if (date > opts.today) problems.push(`维保日期 ${date} 还没到：请填写已进行维保的日期`);
      else if (chars(m.company!.trim()) > MAINTENANCE_COMPANY_MAX)
        problems.push(`维保单位最多 ${MAINTENANCE_COMPANY_MAX} 字`);
      else if (filled(m.note) && chars(m.note) > PERIOD_NOTE_MAX)
        problems.push(`维保监督情况最多 ${PERIOD_NOTE_MAX} 字：请精简后再提交`);
      else maintenance = { mode, company: m.company!.trim(), date, note: (m.note ?? '').trim() };
    }
  }
  if (problems.length) return { ok: false, problems };
  return { ok: true, items: out, ...(maintenance ? { maintenance } : {}) };
}

/** “正常” / “异常（严重）” / “不适用” */
export function resultLabel(it: Pick<CheckedPeriodItem, 'result' | 'level'>): string {
  return it.result === 'abnormal' && it.level
    ? `异常（${HAZARD_LEVEL_LABELS[it.level]}）`
    : ITEM_RESULT_LABELS[it.result];
}
