/**
 * What the 隐患台账 says of a hazard beyond its own row (regulation.md §5: 隐患来源, 判定依据, 研判意见,
 * 整改资金), each read from the records, never made up: the record it was found in (written in the
 * same bundle as the hazard: a daily check, an ad-hoc report, a weekly or monthly 清单 item), the
 * checklist version in force that day for the item's 管控标准, the director's 研判 record and the
 * rectification record. A fact the records do not hold prints as “—”.
 */
import { localDateOf } from '../local-time.js';
import type { ExportChecklist, ExportData, ExportHazard, ExportRecord } from './export-data.js';
import { readDaily, readHazardStep } from './record-payloads.js';

export interface HazardProvenance {
  /** 日管控 / 周排查 / 月调度 / 上报, or “—” */
  source: string;
  /** the checklist item (with its version and 管控标准) the finding was judged against */
  basis: string;
  /** the director's 研判意见 (the last one), or “—” */
  judgement: string;
  /** 整改资金 as entered with the rectification, or “—” */
  funds: string;
}

const SOURCE_LABELS: [RegExp, string][] = [
  [/^daily_check$/, '日管控'],
  [/^hazard_report$/, '上报'],
  [/^weekly/, '周排查'],
  [/^monthly/, '月调度'],
];

/** Whether a record names the hazard as found by it (hazardIds of a check, hazardId of a report or an item). */
function foundBy(r: ExportRecord, hazardId: string): boolean {
  const p = r.payload as { hazardIds?: unknown; hazardId?: unknown; items?: unknown };
  if (Array.isArray(p.hazardIds) && p.hazardIds.includes(hazardId)) return true;
  if (r.kind === 'hazard_report' && p.hazardId === hazardId) return true;
  return Array.isArray(p.items) && p.items.some((i) => (i as { hazardId?: unknown })?.hazardId === hazardId);
}

/** The version of the category's checklist in force on a day (the highest version effective by then). */
export function checklistOn(lists: readonly ExportChecklist[], category: string, day: string): ExportChecklist | null {
  const inForce = lists.filter((c) => c.category === category && c.effectiveDate <= day);
  return inForce.sort((a, b) => b.version - a.version)[0] ?? null;
}

function basisOf(data: ExportData, h: ExportHazard, r: ExportRecord | undefined): string {
  if (!r) return '—';
  if (r.kind === 'hazard_report') return '现场发现上报（非清单检查项）';
  const device = data.equipment.find((e) => e.id === h.equipmentId);
  // a 周排查 / 月调度 item's hazard has no device: the item names its category
  let category: string | undefined = device?.category;
  let content = '';
  if (r.kind === 'daily_check') {
    // The n-th hazard of a check is its n-th 异常 item (submit-daily-check.ts).
    const p = readDaily(r.payload);
    const n = p.hazardIds.indexOf(h.id);
    content = p.items.filter((i) => i.result === 'abnormal')[n]?.content ?? '';
  } else {
    const items = (r.payload as { items?: { hazardId?: unknown; content?: unknown; category?: unknown }[] }).items;
    const it = Array.isArray(items) ? items.find((i) => i?.hazardId === h.id) : undefined;
    content = typeof it?.content === 'string' ? it.content : '';
    if (!category && typeof it?.category === 'string') category = it.category;
  }
  if (!content) return '—';
  const day = typeof r.payload.date === 'string' ? r.payload.date : localDateOf(r.at, data.unit.timeZone);
  const list = category ? checklistOn(data.checklists, category, day) : null;
  const item = list?.items.find((i) => i.content === content);
  const version = list ? `《${list.title}》第 ${list.version} 版` : '风险管控清单';
  return `${version}：${content}${item?.standard ? `（管控标准：${item.standard}）` : ''}`;
}

export function provenanceOf(data: ExportData, h: ExportHazard): HazardProvenance {
  const mine = data.records.filter((r) => r.payload && foundBy(r, h.id)).sort((a, b) => a.seq - b.seq);
  const found = mine[0];
  const source = found ? (SOURCE_LABELS.find(([re]) => re.test(found.kind))?.[1] ?? '—') : '—';
  const steps = data.records
    .filter(
      (r) =>
        (r.kind === 'hazard_confirmed' || r.kind === 'hazard_rectified') && readHazardStep(r.payload).hazardId === h.id,
    )
    .sort((a, b) => a.seq - b.seq);
  const judged = steps.filter((r) => r.kind === 'hazard_confirmed').at(-1);
  const rectified = steps.filter((r) => r.kind === 'hazard_rectified').at(-1);
  const funds = rectified ? readHazardStep(rectified.payload).funds : '';
  return {
    source,
    basis: basisOf(data, h, found),
    judgement: judged ? readHazardStep(judged.payload).note || '—' : '—',
    funds: funds || '—',
  };
}
