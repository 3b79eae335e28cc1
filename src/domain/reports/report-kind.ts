/**
 * The exported documents, their names (regulation.md §3.1: one set per equipment category,
 * X = the category's label) and the words people type for them. 职责 and 守则 are the standing
 * 《X安全总监职责》《X安全员守则》 (role-duties.ts).
 */
import { CATEGORY_LABELS, type Category } from '../model.js';

export const REPORT_KINDS = [
  'checklist',
  'daily',
  'weekly',
  'monthly',
  'hazards',
  'duties',
  'director_duties',
  'officer_rules',
] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

const ALIASES: Record<ReportKind, string[]> = {
  checklist: ['清单', '风险管控清单', '管控清单'],
  daily: ['日检', '日管控', '每日', '日检查', '检查记录'],
  weekly: ['周报', '周排查', '每周', '排查报告'],
  monthly: ['月报', '月调度', '每月', '纪要', '会议纪要'],
  hazards: ['隐患', '隐患台账', 'hazard', 'ledger'],
  duties: ['履职', '履职记录', 'duty'],
  director_duties: ['职责', '安全总监职责', '总监职责'],
  officer_rules: ['守则', '安全员守则'],
};

/** A kind from its English name or a Chinese alias (“日检”, “周报”); null when unknown. */
export function parseReportKind(text: string): ReportKind | null {
  const t = text.trim().toLowerCase();
  if ((REPORT_KINDS as readonly string[]).includes(t)) return t as ReportKind;
  return REPORT_KINDS.find((k) => ALIASES[k].includes(t)) ?? null;
}

export const REPORT_KIND_HELP = REPORT_KINDS.map((k) => `${k}（${ALIASES[k][0]}）`).join('、');

/** Kinds laid out per equipment category (one document per category). */
export const PER_CATEGORY: ReadonlySet<ReportKind> = new Set([
  'checklist',
  'daily',
  'weekly',
  'monthly',
  'director_duties',
  'officer_rules',
]);

/** Standing documents: in force on a date, not records of a period (the file carries one date). */
export const STANDING: ReadonlySet<ReportKind> = new Set(['checklist', 'director_duties', 'officer_rules']);

/** The document's name without 《》: “每日电梯安全检查记录”; unit-wide ledgers say 特种设备. */
export function documentName(kind: ReportKind, category: Category | null): string {
  const x = category ? CATEGORY_LABELS[category] : '特种设备';
  switch (kind) {
    case 'checklist':
      return `${x}安全风险管控清单`;
    case 'daily':
      return `每日${x}安全检查记录`;
    case 'weekly':
      return `每周${x}安全排查治理报告`;
    case 'monthly':
      return `每月${x}安全调度会议纪要`;
    case 'hazards':
      return `${x}隐患排查治理台账`;
    case 'duties':
      return `${x}安全管理人员履职记录`;
    case 'director_duties':
      return `${x}安全总监职责`;
    case 'officer_rules':
      return `${x}安全员守则`;
  }
}
