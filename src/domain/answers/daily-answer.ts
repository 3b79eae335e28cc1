/**
 * A daily check answer for one device: either an explicit 全部正常（零风险报告） or a result per item.
 * 异常 needs a description, a hazard level, the measures taken and whether use was stopped.
 * Validation is pure and worded for the person answering; nothing is stored when it fails.
 */
import { z } from 'zod';
import type { ItemView } from '../engine/payloads.js';

export const HAZARD_LEVELS = ['general', 'serious', 'major'] as const;
export type HazardLevel = (typeof HAZARD_LEVELS)[number];
export const HAZARD_LEVEL_LABELS: Record<HazardLevel, string> = { general: '一般', serious: '严重', major: '重大' };

export const ITEM_RESULTS = ['normal', 'abnormal', 'na'] as const;
export type ItemResult = (typeof ITEM_RESULTS)[number];
export const ITEM_RESULT_LABELS: Record<ItemResult, string> = { normal: '正常', abnormal: '异常', na: '不适用' };

export const itemAnswerSchema = z.object({
  seq: z.number().int().min(1),
  result: z.enum(ITEM_RESULTS),
  description: z.string().trim().max(500).optional(),
  level: z.enum(HAZARD_LEVELS).optional(),
  measures: z.string().trim().max(500).optional(),
  stoppedUse: z.boolean().optional(),
});
export type ItemAnswer = z.infer<typeof itemAnswerSchema>;

export const deviceAnswerSchema = z.object({
  taskKey: z.string().min(1),
  /** 全部正常（零风险报告）: the person confirms every item is normal */
  zeroRisk: z.boolean().default(false),
  items: z.array(itemAnswerSchema).default([]),
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

/**
 * Checks one device's answer against the items it was asked; returns the items as recorded, or
 * the problems (Chinese, one per line) when the answer is incomplete.
 */
export function checkDeviceAnswer(deviceName: string, items: readonly ItemView[], a: DeviceAnswer): { ok: true; items: CheckedItem[] } | { ok: false; problems: string[] } {
  if (a.zeroRisk) {
    if (a.items.some((i) => i.result === 'abnormal')) return { ok: false, problems: [`${deviceName}：已选“全部正常（零风险报告）”，但有异常项，请二选一`] };
    return { ok: true, items: items.map((it) => ({ seq: it.seq, group: it.group, content: it.content, result: 'normal' })) };
  }
  const problems: string[] = [];
  const bySeq = new Map(a.items.map((i) => [i.seq, i]));
  for (const seq of bySeq.keys()) if (!items.some((it) => it.seq === seq)) problems.push(`${deviceName}：没有第 ${seq} 项`);
  const out: CheckedItem[] = [];
  for (const it of items) {
    const ans = bySeq.get(it.seq);
    if (!ans) {
      if (it.required) problems.push(`${deviceName}：请填写“${it.content}”`);
      continue;
    }
    if (ans.result === 'abnormal') {
      const missing = [!ans.description && '问题描述', !ans.level && '隐患等级', !ans.measures && '已采取的措施', ans.stoppedUse === undefined && '是否停止使用'].filter(Boolean);
      if (missing.length) problems.push(`${deviceName}“${it.content}”为异常：请填写${missing.join('、')}`);
    }
    out.push({ seq: it.seq, group: it.group, content: it.content, result: ans.result, description: ans.description, level: ans.level, measures: ans.measures, stoppedUse: ans.stoppedUse });
  }
  return problems.length ? { ok: false, problems } : { ok: true, items: out };
}
