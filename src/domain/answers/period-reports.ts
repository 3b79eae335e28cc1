/**
 * The fields of 《每周安全排查治理报告》 and 《每月安全调度会议纪要》 (regulation.md §5.3–5.4), as
 * the director and the principal fill them in on their cards.
 */
import { z } from 'zod';
import { parseLocalDate } from '../local-time.js';

const field = (max = 2000) => z.string().trim().max(max);
/** A required text: the same message whether the form sent an empty string or left the field out. */
const required = (message: string, max = 2000) =>
  z.string({ error: message }).trim().max(max).min(1, { error: message });

export const weeklyReportSchema = z.object({
  /** 参加人 (besides the director who organises it) */
  participants: field(500).default(''),
  /** 上周问题整改核实情况 */
  lastWeekVerification: field().default(''),
  /** 本周发现的风险隐患及整改情况 */
  findings: field().default(''),
  /** 安全管理情况评价 */
  evaluation: required('请填写本周安全管理情况评价'),
  /** 下周工作重点 */
  nextWeekFocus: required('请填写下周工作重点'),
  /** 需提请主要负责人决策事项 */
  decisionsNeeded: field().default(''),
});
export type WeeklyReport = z.infer<typeof weeklyReportSchema>;

export const resolutionSchema = z.object({
  content: field(500).min(1, { error: '决议内容不能为空' }),
  /** the owner: a person id, or a name / mobile of someone in the unit */
  owner: z.string().trim().min(1, { error: '请为每条决议指定责任人' }),
  deadline: z.string().refine((s) => parseLocalDate(s) !== null, { error: '完成时限应为日期，例如 2026-12-31' }),
});
export type ResolutionInput = z.infer<typeof resolutionSchema>;

export const monthlyMinutesSchema = z.object({
  /** 会议时间 (free text or ISO), 地点, 参会人员 */
  meetingTime: required('请填写会议时间', 100),
  location: required('请填写会议地点', 200),
  attendees: required('请填写参会人员', 500),
  /** 本月主要问题 */
  mainProblems: field().default(''),
  /** 整改落实情况 */
  rectificationStatus: field().default(''),
  /** 未解决问题 */
  unresolved: field().default(''),
  /** 记录人: a person id or a name of someone in the unit; empty: the submitter */
  recorder: field(50).default(''),
  /** 事故、故障、投诉、监管检查、定期检验情况 */
  incidents: field().default(''),
  /** 制度、人员、职责调整 */
  adjustments: field().default(''),
  /** 调度决议: each becomes a tracked task of its owner */
  resolutions: z.array(resolutionSchema).max(30).default([]),
  /** 下月工作重点 */
  nextMonthFocus: required('请填写下月工作重点'),
});
export type MonthlyMinutes = z.infer<typeof monthlyMinutesSchema>;

/** zod issues → one Chinese line each */
export const issuesText = (e: z.ZodError): string => e.issues.map((i) => i.message).join('\n');

/** [year] month day [weekday] [上午/下午…] hour [minute | 点半] */
const MEETING_TIME = new RegExp(
  String.raw`^(?:(\d{4})\s*[-/.年]\s*)?(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*[日号]?\s*` +
    String.raw`(?:[(（]?(?:周|星期)[一二三四五六日天][)）]?)?\s*(上午|下午|晚上|中午)?\s*` +
    String.raw`(\d{1,2})\s*(?:[:：点时]\s*(\d{1,2})?\s*分?|点半)?$`,
);

/**
 * 会议时间 as a date and a time (regulation.md §5.4): “2026-12-28 15:00”, “12月28日 15:00”,
 * “12-28 下午3点”, “2026年12月28日15时30分” → “2026-12-28 15:00” (the year of the minutes' month when
 * none is written); null when the text does not name both a real date and a time.
 */
export function readMeetingTime(text: string, period: string): string | null {
  const t = text.trim().replace(/\s+/g, ' ');
  const m = MEETING_TIME.exec(t);
  if (!m) return null;
  const year = m[1] ?? period.slice(0, 4);
  let hour = Number(m[5]);
  const minute = t.endsWith('点半') ? 30 : Number(m[6] ?? 0);
  if ((m[4] === '下午' || m[4] === '晚上') && hour < 12) hour += 12;
  if (m[4] === '中午' && hour < 11) hour += 12;
  const date = `${year}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`;
  if (!parseLocalDate(date) || hour > 23 || minute > 59) return null;
  return `${date} ${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;
}

/** 参会人员 by name: “王建国、李明，张三” → [王建国, 李明, 张三] (duplicates and empty parts dropped). */
export const attendeeNames = (text: string): string[] => [
  ...new Set(
    text
      .split(/[、,，;；/\s]+/)
      .map((s) => s.trim())
      .filter(Boolean),
  ),
];
