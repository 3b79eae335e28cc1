/**
 * Free text of a weekly report or monthly minutes that contradicts the data recorded beside it,
 * caught before it is signed: “本周主要问题：无” while a 严重 hazard is still open. Pure: the
 * submit use case gives the period's numbers and the unit's open hazards as counted at submission;
 * each contradiction is one question the person confirms (确定) or goes back to edit (返回修改).
 *
 * What is asked (a demanding inspector's reading of the record, not a style check):
 * - weekly 本周主要风险隐患及整改情况 says “无” while serious/major hazards are open, or hazards
 *   were found this week;
 * - weekly 上周隐患整改核实情况 says everything was rectified while hazards past their deadline are open;
 * - monthly 本月主要问题 says “无” while hazards were found this month or serious/major ones are open;
 * - monthly 尚未解决的问题 says “无” while hazards are still open.
 * Not asked: an empty optional field (it states nothing), and the daily 全部正常 — a device with an
 * open serious hazard is paused and asked only its 停用措施, and a general hazard being rectified
 * is already on record; asking every day would teach people to tap 确定 without reading.
 */
import type { HazardView, PeriodStats } from '../engine/payloads.js';

export interface PeriodFacts {
  stats: PeriodStats;
  /** the unit's hazards open when the report is submitted */
  openHazards: readonly Pick<HazardView, 'level' | 'deadline'>[];
  /** the instant of submission: what is past its deadline */
  now: Date;
}

/** Punctuation, spaces and a leading label (“本周”, “主要问题：”) do not change what a text says. */
function normalised(text: string): string {
  return text
    .replace(/[\s，。；：:、,.;!！?？“”"'（）()\-—…]/g, '')
    .replace(/^(本周|本月|上周|当周|当月)/, '')
    .replace(/^(主要)?(风险)?(问题|隐患|风险隐患|安全隐患)(及整改情况)?/, '');
}

const NOTHING =
  /^(无|没有|暂无|均无|全无|未发现|没发现|未见|无任何)(任何)?(明显)?(问题|隐患|风险隐患|安全隐患|风险|异常|情况)?(发现)?$|^(一切|全部|均|运行)?正常$|^(none|no|n\/?a|nil)$/i;

/** True when the text, as typed, says there is nothing (“无”, “没有问题。”, “本周无隐患”, “一切正常”). */
export function saysNothing(text: string): boolean {
  const t = normalised(text.trim());
  return t !== '' && NOTHING.test(t);
}

const ALL_DONE = /^(均|全部|都|已全部|全部已|均已)(已)?(整改|完成整改|整改完毕|整改到位|闭环|完成)(到位|完毕|闭环)?$/;

/** “已全部整改”, “均已整改到位”: every hazard rectified. */
export function saysAllRectified(text: string): boolean {
  const t = normalised(text.trim()).replace(/^(上周)?(问题|隐患)?/, '');
  return t !== '' && ALL_DONE.test(t);
}

const serious = (f: PeriodFacts) => f.openHazards.filter((h) => h.level !== 'general').length;
const overdue = (f: PeriodFacts) => f.openHazards.filter((h) => new Date(h.deadline) < f.now).length;

/** The most serious fact against “nothing”: an open serious hazard found this period is both, and said once. */
function againstNothing(period: '本周' | '本月', f: PeriodFacts): string {
  const s = serious(f);
  const found = f.stats.hazards.found;
  return s ? `${period}有 ${s} 条严重隐患仍未闭环` : found ? `${period}新发现 ${found} 条隐患` : '';
}

/** The weekly report's contradictions, as questions (empty: none). */
export function weeklyContradictions(r: { findings: string; lastWeekVerification: string }, f: PeriodFacts): string[] {
  const out: string[] = [];
  if (saysNothing(r.findings)) {
    const fact = againstNothing('本周', f);
    if (fact) out.push(`${fact}，确定填写“${r.findings.trim()}”吗？`);
  }
  if (saysAllRectified(r.lastWeekVerification)) {
    const o = overdue(f);
    if (o) out.push(`仍有 ${o} 条隐患超过整改期限未闭环，确定填写“${r.lastWeekVerification.trim()}”吗？`);
  }
  return out;
}

/** The monthly minutes' contradictions, as questions (empty: none). */
export function monthlyContradictions(m: { mainProblems: string; unresolved: string }, f: PeriodFacts): string[] {
  const out: string[] = [];
  if (saysNothing(m.mainProblems)) {
    const fact = againstNothing('本月', f);
    if (fact) out.push(`${fact}，确定“本月主要问题”填写“${m.mainProblems.trim()}”吗？`);
  }
  if (saysNothing(m.unresolved) && f.openHazards.length) {
    out.push(`仍有 ${f.openHazards.length} 条隐患未闭环，确定“尚未解决的问题”填写“${m.unresolved.trim()}”吗？`);
  }
  return out;
}
