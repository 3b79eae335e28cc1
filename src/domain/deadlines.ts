/**
 * Deadlines of equipment and people: a device's 下次检验日期 (定期检验) and a certificate's expiry.
 * Pure: which stage a date is in on a given day, and how it is said. The planner sends the stages
 * (engine/plan-deadlines.ts); the 设备, 我 and 单位 answers and the 履职记录 say the same words.
 *
 * 特种设备安全法 第四十条: 未经定期检验或者检验不合格的特种设备，不得继续使用。
 */

import type { DeadlineDays } from './engine/policy.js';
import { formatDayWithYear } from './format-when.js';
import { daysBetween, type LocalDate, parseLocalDate } from './local-time.js';

export type DeadlineStage = 'remind' | 'escalate' | 'due' | 'overdue';

/** The order stages come in: its index + 1 is the stage's level in message keys. */
export const DEADLINE_STAGES: readonly DeadlineStage[] = ['remind', 'escalate', 'due', 'overdue'];

export interface DeadlineState {
  stage: DeadlineStage;
  /** days from today to the date: negative once it has passed */
  daysLeft: number;
}

/** The stage of `date` on `today`, or null when it is further away than the reminder (or no date). */
export function deadlineStage(
  date: string | null | undefined,
  today: LocalDate,
  days: DeadlineDays,
): DeadlineState | null {
  if (!date || !parseLocalDate(date)) return null;
  const daysLeft = daysBetween(today, date);
  if (daysLeft < 0) return { stage: 'overdue', daysLeft };
  if (daysLeft === 0) return { stage: 'due', daysLeft };
  if (daysLeft <= days.escalate) return { stage: 'escalate', daysLeft };
  if (daysLeft <= days.remind) return { stage: 'remind', daysLeft };
  return null;
}

/** “2027年3月31日” */
export const dateWords = (date: string): string => formatDayWithYear(date);

/** “还有 7 天” / “今天到期” / “已过期 3 天” */
export function daysLeftWords(daysLeft: number): string {
  if (daysLeft > 0) return `还有 ${daysLeft} 天`;
  if (daysLeft === 0) return '今天到期';
  return `已过期 ${-daysLeft} 天`;
}

export const LAW_40 = '特种设备安全法第四十条：未经定期检验或者检验不合格的特种设备，不得继续使用';

/** Past its 下次检验日期 (the day itself still counts as in date): the device must not be used until inspected. */
export const inspectionOverdue = (nextInspectionDate: string | null | undefined, today: LocalDate): boolean =>
  !!nextInspectionDate && parseLocalDate(nextInspectionDate) !== null && nextInspectionDate < today;

/** The line the daily card, 设备 and the notices say about an overdue inspection. */
export const overdueInspectionLine = (name: string, date: string): string =>
  `${name} 已超过下次检验日期（${dateWords(date)}），未经定期检验不得继续使用，请停用并申报检验（${LAW_40}）`;

/** One line about a device's inspection date for 设备 (null when it is not worth saying). */
export function inspectionLine(date: string | null | undefined, today: LocalDate, days: DeadlineDays): string {
  if (!date) return '下次检验日期：未登记';
  const s = deadlineStage(date, today, days);
  if (!s) return `下次检验日期：${dateWords(date)}`;
  if (s.stage === 'overdue')
    return `下次检验日期：${dateWords(date)}（${daysLeftWords(s.daysLeft)}）⚠️ 未经定期检验不得继续使用（${LAW_40}）`;
  return `下次检验日期：${dateWords(date)}（${daysLeftWords(s.daysLeft)}，请及时申报定期检验）`;
}

/** One line about a certificate for 我 / 单位 / 履职记录, flagged when expired or close. */
export function certificateLine(
  c: { kind: string; number: string; expiresOn: string | null },
  today: LocalDate,
  days: DeadlineDays,
): string {
  const what = `${c.kind}（${c.number}）`;
  if (!c.expiresOn) return `${what}：未登记有效期`;
  const s = deadlineStage(c.expiresOn, today, days);
  if (s?.stage === 'overdue') return `⚠️ ${what}：已于 ${dateWords(c.expiresOn)} 过期，请尽快复审换证`;
  if (s) return `${what}：${dateWords(c.expiresOn)} 到期（${daysLeftWords(s.daysLeft)}，请及时复审）`;
  return `${what}：有效期至 ${dateWords(c.expiresOn)}`;
}

export const NO_TRAINING_LINE = '⚠️ 无培训考核记录：请在单位文件的 trainings 中登记培训与考核';
