/**
 * A daily check answer for one device: either an explicit 全部正常（零风险报告） or a result per item.
 * Each 异常 item carries its own description, hazard level, measures taken and whether use was
 * stopped. Validation is pure and worded for the person answering; nothing is stored when it fails.
 *
 * Fidelity rules (no answer is recorded as more favourable than what the person entered):
 * - every item needs a choice (正常/异常/不适用), made per item or by the explicit “其余未选的项均正常”
 *   (`othersNormal`); an unanswered item is named in the refusal, never recorded as 正常;
 * - 异常 details given for no item (`stray`), or for an item chosen 正常/不适用, are refused with a
 *   question naming what to choose;
 * - text is stored as typed (only checked for emptiness and length); text beyond its limit is
 *   refused with the limit, never cut.
 */
import { z } from 'zod';
import type { ItemView } from '../engine/payloads.js';

export const HAZARD_LEVELS = ['general', 'serious', 'major'] as const;
export type HazardLevel = (typeof HAZARD_LEVELS)[number];
export const HAZARD_LEVEL_LABELS: Record<HazardLevel, string> = { general: '一般', serious: '严重', major: '重大' };

export const ITEM_RESULTS = ['normal', 'abnormal', 'na'] as const;
export type ItemResult = (typeof ITEM_RESULTS)[number];
export const ITEM_RESULT_LABELS: Record<ItemResult, string> = { normal: '正常', abnormal: '异常', na: '不适用' };

/** Server-side limits of a daily answer's text fields, in characters (code points). */
export const DAILY_TEXT_LIMITS = { description: 500, measures: 500 } as const;
export const DAILY_TEXT_LABELS = { description: '问题描述', measures: '已采取的措施' } as const;

export const itemAnswerSchema = z.object({
  seq: z.number().int().min(1),
  result: z.enum(ITEM_RESULTS),
  description: z.string().optional(),
  level: z.enum(HAZARD_LEVELS).optional(),
  measures: z.string().optional(),
  stoppedUse: z.boolean().optional(),
});
export type ItemAnswer = z.infer<typeof itemAnswerSchema>;

/** The 异常 fields, by their label: what was filled in without belonging to any 异常 item. */
export const DETAIL_LABELS = {
  description: '问题描述',
  level: '隐患等级',
  measures: '已采取的措施',
  stoppedUse: '是否停止使用',
} as const;
export type DetailField = keyof typeof DETAIL_LABELS;

export const deviceAnswerSchema = z.object({
  taskKey: z.string().min(1),
  /** 全部正常（零风险报告）: the person confirms every item is normal */
  zeroRisk: z.boolean().default(false),
  items: z.array(itemAnswerSchema).default([]),
  /** the person chose “其余未选的项均正常”: items without their own choice are normal */
  othersNormal: z.boolean().optional(),
  /** 异常 fields filled in without naming the item they belong to */
  stray: z.array(z.enum(['description', 'level', 'measures', 'stoppedUse'])).optional(),
  /** items the person named in a 异常 block (“异常项”): they cannot be recorded as 正常/不适用 */
  namedAbnormal: z.array(z.number().int()).optional(),
});
export type DeviceAnswer = z.infer<typeof deviceAnswerSchema>;

export interface CheckedItem {
  seq: number;
  group: string;
  content: string;
  result: ItemResult;
  description?: string;
  level?: HazardLevel;
  measures?: string;
  stoppedUse?: boolean;
}

const filled = (s: string | undefined): s is string => typeof s === 'string' && s.trim() !== '';
const chars = (s: string): number => [...s].length;

/** The 异常 fields an item answer carries. */
export function detailsOf(a: Pick<ItemAnswer, 'description' | 'level' | 'measures' | 'stoppedUse'>): DetailField[] {
  return (['description', 'level', 'measures', 'stoppedUse'] as const).filter((f) =>
    f === 'level' ? a.level !== undefined : f === 'stoppedUse' ? a.stoppedUse !== undefined : filled(a[f]),
  );
}

/** “第 2、5 项” */
const seqList = (seqs: number[]): string => `第 ${seqs.join('、')} 项`;

/**
 * Checks one device's answer against the items it was asked; returns the items as recorded, or
 * the problems (Chinese, one per line) when the answer is incomplete or contradicts itself.
 */
export function checkDeviceAnswer(
  deviceName: string,
  items: readonly ItemView[],
  a: DeviceAnswer,
): { ok: true; items: CheckedItem[] } | { ok: false; problems: string[] } {
  const problems: string[] = [];
  const stray = a.stray ?? [];
  if (a.zeroRisk) {
    if (
      a.items.some((i) => i.result === 'abnormal' || detailsOf(i).length > 0) ||
      stray.length > 0 ||
      (a.namedAbnormal ?? []).length > 0
    ) {
      return {
        ok: false,
        problems: [
          `${deviceName}：已选“全部正常（零风险报告）”，但又填写了异常情况：请二选一（有异常请逐项检查并选择异常项）`,
        ],
      };
    }
    return {
      ok: true,
      items: items.map((it) => ({ seq: it.seq, group: it.group, content: it.content, result: 'normal' })),
    };
  }
  if (stray.length > 0) {
    problems.push(
      `${deviceName}：填写了${stray.map((f) => DETAIL_LABELS[f]).join('、')}，但没有选择是哪一项异常：请在“异常项”中选择对应的检查项（或清空这些内容）`,
    );
  }
  const bySeq = new Map<number, ItemAnswer>();
  for (const i of a.items) {
    if (bySeq.has(i.seq)) problems.push(`${deviceName}：第 ${i.seq} 项填写了两次，请只保留一次`);
    bySeq.set(i.seq, i);
  }
  for (const seq of bySeq.keys())
    if (!items.some((it) => it.seq === seq)) problems.push(`${deviceName}：没有第 ${seq} 项`);
  const named = new Set(a.namedAbnormal ?? []);
  const out: CheckedItem[] = [];
  const unanswered: number[] = [];
  for (const it of items) {
    const ans = bySeq.get(it.seq) ?? (a.othersNormal ? { seq: it.seq, result: 'normal' as const } : undefined);
    if (!ans) {
      unanswered.push(it.seq);
      continue;
    }
    const details = detailsOf(ans);
    if (ans.result !== 'abnormal' && (details.length > 0 || named.has(it.seq))) {
      problems.push(
        `${deviceName}第 ${it.seq} 项“${it.content}”选的是“${ITEM_RESULT_LABELS[ans.result]}”，却又作为异常项填写了异常情况：` +
          `该项有问题请改选“异常”，没有问题请清空该项的异常情况`,
      );
      continue;
    }
    if (ans.result === 'abnormal') {
      const missing = [
        !filled(ans.description) && '问题描述',
        !ans.level && '隐患等级',
        !filled(ans.measures) && '已采取的措施',
        ans.stoppedUse === undefined && '是否停止使用',
      ].filter(Boolean);
      if (missing.length)
        problems.push(`${deviceName}第 ${it.seq} 项“${it.content}”为异常：请填写${missing.join('、')}`);
      for (const f of ['description', 'measures'] as const) {
        const v = ans[f];
        if (v !== undefined && chars(v) > DAILY_TEXT_LIMITS[f]) {
          problems.push(
            `${deviceName}第 ${it.seq} 项的${DAILY_TEXT_LABELS[f]}有 ${chars(v)} 字，最多 ${DAILY_TEXT_LIMITS[f]} 字：` +
              `请精简后再提交（详细情况可在整改时补充）`,
          );
        }
      }
      out.push({
        seq: it.seq,
        group: it.group,
        content: it.content,
        result: 'abnormal',
        description: ans.description,
        level: ans.level,
        measures: ans.measures,
        stoppedUse: ans.stoppedUse,
      });
    } else {
      out.push({ seq: it.seq, group: it.group, content: it.content, result: ans.result });
    }
  }
  if (unanswered.length > 0) {
    const names =
      unanswered.length <= 3
        ? unanswered.map((s) => `“${items.find((it) => it.seq === s)?.content ?? s}”`).join('、')
        : seqList(unanswered);
    problems.push(
      `${deviceName}：还有 ${unanswered.length} 项未选择（${names}）：请逐项选择正常/异常/不适用，或在“其余未选的项”中选择“均正常”`,
    );
  }
  return problems.length ? { ok: false, problems } : { ok: true, items: out };
}
