/** Formatting shared by the report composers: local dates and times, labels, masks. */

import { HAZARD_LEVEL_LABELS, type HazardLevel, ITEM_RESULT_LABELS, type ItemResult } from '../answers/daily-answer.js';
import { type LocalDate, localDateOf, localTimeOf, weekdayOf } from '../local-time.js';
import { EQUIPMENT_STATUS_LABELS, type EquipmentStatus } from '../model.js';
import type { LegendEntry } from './layout.js';

const WEEKDAYS = ['一', '二', '三', '四', '五', '六', '日'];

/** “2026-12-03（星期四）” */
export const dayWithWeekday = (d: LocalDate): string => `${d}（星期${WEEKDAYS[weekdayOf(d) - 1]}）`;

/** “2026-12-03 09:05” in the unit's time zone */
export const dateTime = (at: Date, tz: string): string => `${localDateOf(at, tz)} ${localTimeOf(at, tz)}`;

/** “09:05” when on `day`, else “12-04 00:10”: a submission time next to the day it is about */
export function timeOnDay(at: Date, day: LocalDate, tz: string): string {
  const d = localDateOf(at, tz);
  return d === day ? localTimeOf(at, tz) : `${d.slice(5)} ${localTimeOf(at, tz)}`;
}

export const statusLabel = (s: string): string => EQUIPMENT_STATUS_LABELS[s as EquipmentStatus] ?? s;
export const levelLabel = (l: string | undefined): string => (l ? (HAZARD_LEVEL_LABELS[l as HazardLevel] ?? l) : '');
export const resultLabel = (r: string): string => ITEM_RESULT_LABELS[r as ItemResult] ?? r;

/** The mark paper checklists use: 正常打√、异常打×、不适用打○ */
export const RESULT_MARKS: Record<string, string> = { normal: '√', abnormal: '×', na: '○' };

/** What the marks of an item-by-item table mean (the Word page header prints those a page's tables use). */
export const RESULT_LEGEND: LegendEntry[] = [
  { mark: '√', meaning: '正常' },
  { mark: '×', meaning: '异常' },
  { mark: '○', meaning: '不适用' },
];

export const HAZARD_STATE_LABELS: Record<string, string> = {
  open: '待研判',
  rectifying: '整改中',
  rectified: '已整改待核实',
  verified: '已核实闭环',
};
export const hazardStateLabel = (s: string): string => HAZARD_STATE_LABELS[s] ?? s;

export const TASK_STATE_LABELS: Record<string, string> = {
  open: '待完成',
  done: '已完成',
  missed: '缺失（未完成）',
  cancelled: '已取消',
};

export const FREQUENCY_LABELS: Record<string, string> = { daily: '每日', weekly: '每周', monthly: '每月' };

/** 138****0001: enough to tell people apart in a printed record without publishing the number */
export const maskMobile = (m: string): string => m.replace(/^(\d{3})\d{4}(\d{4})$/, '$1****$2');

export const yesNo = (b: boolean): string => (b ? '是' : '否');

/** “#123”: the record's place in the unit's hash chain, which `safeduty verify` checks */
export const recordRef = (r: { seq: number; hash: string }): string => `#${r.seq}·${r.hash.slice(0, 8)}`;
