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
  /** 调度决议: each becomes a tracked task of its owner */
  resolutions: z.array(resolutionSchema).max(30).default([]),
  /** 下月工作重点 */
  nextMonthFocus: required('请填写下月工作重点'),
});
export type MonthlyMinutes = z.infer<typeof monthlyMinutesSchema>;

/** zod issues → one Chinese line each */
export const issuesText = (e: z.ZodError): string => e.issues.map((i) => i.message).join('\n');
