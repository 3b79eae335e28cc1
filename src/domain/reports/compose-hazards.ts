/**
 * 隐患排查治理台账: every hazard open at some time in the range (found in it, or found before and
 * not yet verified when it began), with level, device, description, measures, reporter, assignee,
 * deadline, rectification, and each step of its lifecycle with who and when.
 */

import { addDays, atLocal } from '../local-time.js';
import { CATEGORY_LABELS, type Category } from '../model.js';
import { hazardCategories, hazardNumbers } from './compose-period-items.js';
import { type Block, type Cell, paragraph, type ReportDocument, strong, table } from './document.js';
import type { ExportData, ExportHazard, ExportRecord } from './export-data.js';
import { unitMeta, VERIFY_NOTE } from './facts.js';
import { dateTime, hazardStateLabel, levelLabel, recordRef, yesNo } from './format.js';
import { provenanceOf } from './hazard-provenance.js';
import { readDaily, readHazardStep } from './record-payloads.js';
import { documentName } from './report-kind.js';

const STEP_LABELS: Record<string, string> = {
  daily_check: '日管控发现并上报',
  hazard_report: '上报隐患',
  hazard_confirmed: '安全总监确认研判',
  hazard_rectified: '提交整改',
  hazard_rework: '核实未通过，退回整改',
  hazard_verified: '核实通过，闭环',
  hazard_reassigned: '转交整改',
  hazard_extended: '延长整改期限',
  hazard_extension_requested: '整改人申请延期',
};

export function composeHazards(data: ExportData, category: Category | null, generatedAt: Date): ReportDocument {
  const tz = data.unit.timeZone;
  const { from, to } = data.request;
  const fromAt = atLocal(from, '00:00', tz);
  const toAt = atLocal(addDays(to, 1), '00:00', tz);
  // Numbered over all of the unit's hazards by the time they were found, so a number never changes.
  const byId = new Map(data.hazards.map((h) => [h.id, h]));
  const categories = hazardCategories(data);
  const numbered = [...hazardNumbers(data)].map(([id, no]) => ({ h: byId.get(id)!, no }));
  const devices = new Map(data.equipment.map((e) => [e.id, e]));
  const listed = numbered.filter(({ h }) => {
    if (category && categories.get(h.id) !== category) return false;
    return h.createdAt < toAt && (h.verifiedAt === null || h.verifiedAt >= fromAt);
  });
  const ledger: Cell[][] = listed.map(({ h, no }) => {
    const d = h.equipmentId ? devices.get(h.equipmentId) : undefined;
    const overdue =
      h.state !== 'verified' ? h.deadline < generatedAt : h.rectifiedAt !== null && h.rectifiedAt > h.deadline;
    const why = provenanceOf(data, h);
    return [
      no,
      dateTime(h.createdAt, tz),
      d
        ? `${CATEGORY_LABELS[d.category]}·${d.name}\n${d.code}`
        : `（${categories.get(h.id) ? `${CATEGORY_LABELS[categories.get(h.id)!]}，` : ''}未指定设备）`,
      why.source,
      h.description,
      why.basis,
      h.level === 'general' ? levelLabel(h.level) : strong(levelLabel(h.level)),
      why.judgement,
      h.measures || '—',
      yesNo(h.stoppedUse),
      h.reporter,
      h.assignee,
      overdue ? strong(`${dateTime(h.deadline, tz)}（超期）`) : dateTime(h.deadline, tz),
      h.rectification ? `${h.rectification}（${h.rectifiedAt ? dateTime(h.rectifiedAt, tz) : ''}）` : '—',
      why.funds,
      h.verifiedAt ? `${h.verifier ?? ''} ${dateTime(h.verifiedAt, tz)}` : '—',
      hazardStateLabel(h.state),
    ];
  });
  const steps = listed.flatMap(({ h, no }) => stepRows(data, h, no));
  const blocks: Block[] = [
    table({ caption: '隐患台账', columns: LEDGER_COLUMNS, rows: ledger, empty: '期间内无隐患记录' }),
  ];
  const byLevel = (['general', 'serious', 'major'] as const).map((l) => {
    const hs = listed.filter(({ h }) => h.level === l).map(({ h }) => h);
    const closed = hs.filter((h) => h.state === 'verified').length;
    return [
      levelLabel(l),
      `${hs.length}`,
      `${closed}`,
      `${hs.length - closed}`,
      `${hs.filter((h) => h.state !== 'verified' && h.deadline < generatedAt).length}`,
    ];
  });
  return {
    title: documentName('hazards', category),
    meta: unitMeta(data, category, `${from} 至 ${to}`, generatedAt),
    orientation: 'landscape',
    sections: [
      { heading: '隐患台账', sheet: '隐患台账', blocks },
      {
        heading: '处理过程',
        sheet: '处理过程',
        blocks: steps.length
          ? [table({ caption: '隐患处理过程（逐环节，谁、何时）', columns: STEP_COLUMNS, rows: steps })]
          : [paragraph('期间内无隐患处理记录。')],
      },
      {
        heading: '统计',
        sheet: '统计',
        blocks: [
          table({
            caption: '按等级统计',
            columns: ['隐患等级', '合计', '已闭环', '未闭环', '超期未闭环'].map((header) => ({ header, width: 12 })),
            rows: byLevel,
          }),
        ],
      },
    ],
    notes: [
      '台账包括期间内发现的隐患，以及期初尚未核实闭环的隐患。编号按本单位隐患发现先后排列，不随导出范围变化。',
      '严重、重大隐患发现即停止使用设备，经安全总监核实整改后方可恢复使用；整改期限以导出时判断是否超期。',
      VERIFY_NOTE,
    ],
    signatures: ['安全总监（签字）'],
  };
}

/** regulation.md §5 隐患台账, with 隐患来源, 判定依据, 研判意见 and 整改资金 (hazard-provenance.ts). */
export const LEDGER_COLUMNS = [
  { header: '编号', width: 11 },
  { header: '发现时间', width: 11 },
  { header: '设备', width: 16 },
  { header: '隐患来源', width: 6 },
  { header: '隐患描述', width: 18 },
  { header: '判定依据', width: 18 },
  { header: '等级', width: 5 },
  { header: '研判意见', width: 14 },
  { header: '采取的措施', width: 13 },
  { header: '停止使用', width: 5 },
  { header: '报告人', width: 6 },
  { header: '整改责任人', width: 7 },
  { header: '整改期限', width: 11 },
  { header: '整改情况', width: 16 },
  { header: '整改资金', width: 7 },
  { header: '核实人及时间', width: 11 },
  { header: '状态', width: 7 },
];

const STEP_COLUMNS = [
  { header: '隐患编号', width: 11 },
  { header: '时间', width: 15 },
  { header: '环节', width: 18 },
  { header: '人员', width: 8 },
  { header: '内容', width: 40 },
  { header: '记录号', width: 13 },
  { header: '备注', width: 10 },
];

/** The hazard's steps from the records that made them, oldest first. */
function stepRows(data: ExportData, h: ExportHazard, no: string): Cell[][] {
  const tz = data.unit.timeZone;
  const mine = data.records.filter((r) => isStepOf(r, h.id)).sort((a, b) => a.seq - b.seq);
  const rows: Cell[][] = mine.map((r) => {
    const s = readHazardStep(r.payload);
    const content =
      r.kind === 'daily_check' || r.kind === 'hazard_report'
        ? `${h.description}；措施：${h.measures || '—'}`
        : stepContent(r.kind, s, tz);
    return [
      no,
      dateTime(r.at, tz),
      STEP_LABELS[r.kind] ?? r.kind,
      r.person,
      content || '—',
      recordRef(r),
      r.late ? strong('逾期') : '',
    ];
  });
  // A hazard whose finding record is outside the loaded records still shows when and by whom it was found.
  if (!mine.some((r) => r.kind === 'daily_check' || r.kind === 'hazard_report'))
    rows.unshift([
      no,
      dateTime(h.createdAt, tz),
      '发现并上报',
      h.reporter,
      `${h.description}；措施：${h.measures || '—'}`,
      '—',
      '',
    ]);
  return rows;
}

function stepContent(kind: string, s: ReturnType<typeof readHazardStep>, tz: string): string {
  switch (kind) {
    case 'hazard_rectified':
      return s.rectification;
    case 'hazard_confirmed':
      return s.note;
    case 'hazard_reassigned':
      return `${s.from} → ${s.to}${s.reason ? `：${s.reason}` : ''}`;
    case 'hazard_extension_requested':
      return `申请延至 ${s.toDeadline ? dateTime(new Date(s.toDeadline), tz) : '—'}：${s.reason}`;
    case 'hazard_extended':
      return `期限延至 ${s.toDeadline ? dateTime(new Date(s.toDeadline), tz) : '—'}：${s.reason}`;
    default:
      return s.comment;
  }
}

function isStepOf(r: ExportRecord, hazardId: string): boolean {
  if (r.kind === 'daily_check') return readDaily(r.payload).hazardIds.includes(hazardId);
  return r.kind in STEP_LABELS && readHazardStep(r.payload).hazardId === hazardId;
}
