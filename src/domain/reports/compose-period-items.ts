/**
 * The 清单's weekly (周排查) and monthly (月调度) items in the 周报 and 月报, item by item for one
 * category (regulation.md §5.3/§5.4, issue #14): each item of the 清单 version asked with its result
 * (正常 / 异常（等级） / 不适用), the note, and the number of the hazard an 异常 opened (the number the
 * 隐患排查治理台账 gives it). An item not answered (the report missing or not yet submitted, or
 * submitted before the item was asked) prints as 未检查, never left out; a category whose 清单 has no
 * item of that frequency says so. The 周报 of elevators prints the 维保监督 record.
 */
import { z } from 'zod';
import { HAZARD_LEVEL_LABELS, type HazardLevel, ITEM_RESULT_LABELS, type ItemResult } from '../answers/daily-answer.js';
import { MAINTENANCE_MODE_LABELS, type MaintenanceMode } from '../answers/period-items.js';
import { localDateOf } from '../local-time.js';
import { CATEGORY_LABELS, type Category } from '../model.js';
import { checklistInForceOn } from './compose-checklist.js';
import { type Block, type Cell, formTable, paragraph, strong, table } from './document.js';
import type { ExportData } from './export-data.js';
import { hazardStateLabel } from './format.js';

const text = z.string().catch('');

const recordedItemSchema = z.object({
  category: text,
  seq: z.number().catch(0),
  version: z.number().catch(0),
  group: text,
  content: text,
  result: text,
  level: z.string().optional().catch(undefined),
  note: z.string().optional().catch(undefined),
  hazardId: z.string().optional().catch(undefined),
});
type RecordedPeriodItem = z.infer<typeof recordedItemSchema>;

const periodItemsSchema = z.object({
  /** absent on reports recorded before the items were asked */
  items: z.array(recordedItemSchema).nullable().catch(null),
  checklists: z.array(z.object({ category: text, version: z.number().catch(0), title: text })).catch([]),
  maintenance: z.object({ mode: text, company: text, date: text, note: text }).nullable().catch(null),
});

/**
 * The 清单 part of a weekly report's or monthly minutes' payload (app/period-checklist.ts); tolerant of older records.
 */
export function readPeriodItems(payload: unknown): z.infer<typeof periodItemsSchema> {
  return periodItemsSchema.parse(
    payload !== null && typeof payload === 'object' && !Array.isArray(payload) ? payload : {},
  );
}

/**
 * Every hazard's number as the 隐患排查治理台账 prints it: `YH-<year found>-<nnn>`, numbered over all
 * the unit's hazards by when they were found, so a number never changes with the export's range.
 * In that order (a Map keeps it).
 */
export function hazardNumbers(data: Pick<ExportData, 'hazards' | 'unit'>): Map<string, string> {
  const tz = data.unit.timeZone;
  return new Map(
    [...data.hazards]
      .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.id.localeCompare(b.id))
      .map((h, i) => [h.id, `YH-${localDateOf(h.createdAt, tz).slice(0, 4)}-${String(i + 1).padStart(3, '0')}`]),
  );
}

/**
 * The category of each hazard: its device's, else (a 周排查 / 月调度 item's hazard has no device) the
 * category of the 清单 item that opened it, from the records read; null when neither is known (an
 * ad-hoc report without a device), which every category's document shows.
 */
export function hazardCategories(
  data: Pick<ExportData, 'hazards' | 'equipment' | 'records'>,
): Map<string, Category | null> {
  const devices = new Map(data.equipment.map((e) => [e.id, e.category]));
  const byItem = new Map<string, Category>();
  for (const r of data.records) {
    if (r.kind !== 'weekly_report' && r.kind !== 'monthly_minutes') continue;
    for (const it of readPeriodItems(r.payload).items ?? [])
      if (it.hazardId && it.category in CATEGORY_LABELS) byItem.set(it.hazardId, it.category as Category);
  }
  return new Map(
    data.hazards.map((h) => [
      h.id,
      (h.equipmentId ? devices.get(h.equipmentId) : undefined) ?? byItem.get(h.id) ?? null,
    ]),
  );
}

export const PERIOD_ITEM_COLUMNS = [
  { header: '序号', width: 6 },
  { header: '风险类别', width: 10 },
  { header: '检查项目', width: 22 },
  { header: '结果', width: 11 },
  { header: '说明', width: 26 },
  { header: '隐患编号', width: 16 },
];

const NOT_CHECKED = '未检查';
const PERIOD_WORDS = {
  weekly: { name: '周排查', period: '本周', report: '周排查报告' },
  monthly: { name: '月调度', period: '本月', report: '月调度会议纪要' },
} as const;

/**
 * The items of `category` for one weekly or monthly task: as recorded when `payload` is the
 * submitted record's, else (no record) the items of the 清单 in force on the period's last day,
 * each 未检查, with why (`missing`: the reason printed above the table).
 */
export function periodItemBlocks(
  data: ExportData,
  category: Category,
  kind: 'weekly' | 'monthly',
  periodEnd: string,
  payload: unknown | null,
  missing: string,
): Block[] {
  const w = PERIOD_WORDS[kind];
  const x = CATEGORY_LABELS[category];
  const recorded = payload === null ? null : readPeriodItems(payload);
  const mine = (recorded?.items ?? []).filter((it) => it.category === category);
  const numbers = hazardNumbers(data);
  const hazards = new Map(data.hazards.map((h) => [h.id, h]));
  const blocks: Block[] = [];
  if (mine.length) {
    const version = recorded?.checklists.find((c) => c.category === category)?.version ?? mine[0]!.version;
    blocks.push(
      table({
        caption: `清单${w.name}项目（${x}，第 ${version} 版）`,
        columns: PERIOD_ITEM_COLUMNS,
        rows: mine.map((it) => answeredRow(it, numbers, hazards)),
      }),
    );
  } else {
    // Not answered for this category: the items the 清单 in force asks, each 未检查.
    const list = checklistInForceOn(data.checklists, category, periodEnd);
    const asked = (list?.items ?? []).flatMap((it, i) => (it.frequency === kind ? [{ ...it, seq: i + 1 }] : []));
    if (asked.length === 0)
      return [
        paragraph(
          `${w.period}${x}无${w.name}项目：${x}安全风险管控清单中没有每${kind === 'weekly' ? '周' : '月'}检查的项目。`,
        ),
      ];
    const why =
      recorded === null
        ? missing
        : recorded.items === null
          ? `${w.report}提交时尚未逐项记录清单项目，以下各项未检查。`
          : `${w.report}未包含${x}的清单项目，以下各项未检查。`;
    blocks.push(paragraph(why, true));
    blocks.push(
      table({
        caption: `清单${w.name}项目（${x}，第 ${list!.version} 版）`,
        columns: PERIOD_ITEM_COLUMNS,
        rows: asked.map((it) => [`${it.seq}`, it.group, it.content, strong(NOT_CHECKED), '', '—']),
      }),
    );
  }
  if (kind === 'weekly' && category === 'elevator') blocks.push(maintenanceBlock(recorded?.maintenance ?? null));
  return blocks;
}

function answeredRow(
  it: RecordedPeriodItem,
  numbers: Map<string, string>,
  hazards: Map<string, ExportData['hazards'][number]>,
): Cell[] {
  const label = ITEM_RESULT_LABELS[it.result as ItemResult] ?? it.result;
  const result: Cell =
    it.result === 'abnormal'
      ? strong(it.level ? `${label}（${HAZARD_LEVEL_LABELS[it.level as HazardLevel] ?? it.level}）` : label)
      : label || strong(NOT_CHECKED);
  const h = it.hazardId ? hazards.get(it.hazardId) : undefined;
  const no = it.hazardId ? (numbers.get(it.hazardId) ?? '（隐患记录不存在）') : '—';
  return [`${it.seq}`, it.group, it.content, result, it.note ?? '', h ? `${no}（${hazardStateLabel(h.state)}）` : no];
}

/** 维保监督 (regulation.md §5.3): 方式, 维保单位, 日期, 结论. */
function maintenanceBlock(m: { mode: string; company: string; date: string; note: string } | null): Block {
  const mode = m ? (MAINTENANCE_MODE_LABELS[m.mode as MaintenanceMode] ?? m.mode) : '';
  const none = m?.mode === 'none';
  return formTable(
    [
      ['监督方式', m ? mode : NOT_CHECKED],
      ['维保单位', m ? (none ? '—' : m.company) : '—'],
      ['维保日期', m ? (none ? '—' : m.date) : '—'],
      ['监督情况（结论）', m ? m.note || (none ? '本周无维保作业' : '（未填写）') : '未记录维保监督'],
    ],
    '电梯维保监督',
  );
}

/** Why a task's items print 未检查 when it has no record: missed, or not yet submitted. */
export const unansweredWhy = (task: Pick<ExportData['tasks'][number], 'state'>, report: string): string =>
  task.state === 'missed'
    ? `${report}未提交（缺失），清单各项均未检查。`
    : task.state === 'open'
      ? `${report}尚未提交，清单各项暂未检查。`
      : `${report}无记录，清单各项未检查。`;
