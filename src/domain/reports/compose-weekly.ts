/**
 * 《每周X安全排查治理报告》 (regulation.md §5.3): one section per ISO week of the range. The
 * director's report as submitted (who, when, 逾期), the week's 日管控 numbers for this category
 * counted from the records and as recorded with the report, the hazards found, those still open,
 * and the text fields. A week without a report says so (缺失 or 待提交).
 */

import { addDays, atLocal } from '../local-time.js';
import { CATEGORY_LABELS, type Category } from '../model.js';
import { parsePeriodKey } from '../periods.js';
import { hazardCategories, periodItemBlocks, unansweredWhy } from './compose-period-items.js';
import {
  type Block,
  type Cell,
  formTable,
  numberCaptions,
  paragraph,
  type ReportDocument,
  type ReportSection,
  sheetName,
  strong,
  table,
} from './document.js';
import type { ExportData, ExportTask } from './export-data.js';
import {
  categoryText,
  devicesOf,
  holders,
  type RecordVersions,
  recordsByTask,
  statusOn,
  tasksOf,
  unitMeta,
  VERIFY_NOTE,
} from './facts.js';
import { dateTime, hazardStateLabel, levelLabel, recordRef, statusLabel } from './format.js';
import { DAILY_COLUMNS, dailyNumbers, dailyRow, HAZARD_COLUMNS, hazardRows, hazardsFound } from './period-numbers.js';
import { type RecordedOpenHazard, readWeekly } from './record-payloads.js';
import { documentName } from './report-kind.js';

export function composeWeekly(data: ExportData, category: Category, generatedAt: Date): ReportDocument {
  const byTask = recordsByTask(data.records);
  const tasks = tasksOf(data, 'weekly')
    .filter((t) => covers(t, category))
    .sort((a, b) => a.period.localeCompare(b.period) || a.assignee.localeCompare(b.assignee));
  const sections = tasks.map((t) => weekSection(data, category, t, byTask.get(t.id) ?? null, byTask));
  const { from, to } = data.request;
  return {
    title: documentName('weekly', category),
    meta: [
      ...unitMeta(data, category, `${from} 至 ${to}`, generatedAt),
      { label: '安全总监', value: holders(data, 'director', to, category).join('、') || '未设立' },
    ],
    orientation: 'portrait',
    sections: sections.length
      ? sections
      : [{ heading: '周排查', sheet: '周排查', blocks: [paragraph('期间内没有周排查任务记录。')] }],
    notes: [
      '“本类别按记录统计”由当周每日检查记录逐条统计；“报告提交时统计”为安全总监提交报告时系统汇总的数字，随报告一并保存，范围为报告覆盖的全部类别。',
      '未闭环隐患以报告提交时为准；隐患后续处理见隐患排查治理台账。',
      VERIFY_NOTE,
    ],
    signatures: ['安全总监（签字）', '主要负责人（审阅签字）'],
  };
}

/** A weekly task covers the categories in its scope; an empty scope is every category. */
function covers(t: ExportTask, category: Category): boolean {
  const cats = t.detail?.categories;
  return !Array.isArray(cats) || cats.length === 0 || cats.includes(category);
}

function weekSection(
  data: ExportData,
  category: Category,
  task: ExportTask,
  rec: RecordVersions | null,
  byTask: Map<string, RecordVersions>,
): ReportSection {
  const tz = data.unit.timeZone;
  const p = parsePeriodKey(task.period)!;
  const devices = devicesOf(data, category);
  const ids = new Set(devices.map((d) => d.id));
  const fromAt = atLocal(p.start, '00:00', tz);
  const toAt = atLocal(addDays(p.end, 1), '00:00', tz);
  const scope =
    Array.isArray(task.detail?.categories) && (task.detail.categories as Category[]).length
      ? (task.detail.categories as Category[]).map((c) => CATEGORY_LABELS[c] ?? c).join('、')
      : '全部类别';
  const byStatus = new Map<string, number>();
  for (const d of devices) byStatus.set(statusOn(d, p.end, tz), (byStatus.get(statusOn(d, p.end, tz)) ?? 0) + 1);
  const range = [...byStatus].map(([s, n]) => `${statusLabel(s)} ${n}`).join('、');
  const blocks: Block[] = [];
  const w = rec ? readWeekly(rec.current.payload) : null;
  blocks.push(
    formTable([
      ['周次', `${task.period}（${p.start} 至 ${p.end}）`],
      ['组织人（安全总监）', task.assignee],
      ['参加人', w ? w.participants || '（未填写）' : '—'],
      [
        '排查范围',
        `${categoryText(category)}设备 ${devices.length} 台（${range || '无'}，截至 ${p.end}）；报告覆盖：${scope}`,
      ],
      [
        '提交',
        rec
          ? `${rec.current.person}　${dateTime(rec.current.at, tz)}${rec.current.late ? '　逾期提交' : ''}`
          : task.state === 'missed'
            ? '未提交（缺失）'
            : `待提交（截止 ${dateTime(task.dueAt, tz)}）`,
      ],
      [
        '记录号',
        rec ? recordRef(rec.current) + (rec.versions.length > 1 ? `（已更正：${rec.current.reason}）` : '') : '—',
      ],
    ]),
  );
  if (!rec) {
    blocks.push(
      paragraph(
        task.state === 'missed'
          ? `本周排查治理报告未提交（缺失）：应由 ${task.assignee} 于 ${dateTime(task.dueAt, tz)} 前提交。`
          : `本周排查治理报告尚未提交，截止 ${dateTime(task.dueAt, tz)}。`,
        true,
      ),
    );
  }
  const rows: Cell[][] = [
    dailyRow(`本类别（${categoryText(category)}）按记录统计`, dailyNumbers(data, byTask, ids, p.start, p.end)),
  ];
  if (w?.stats) rows.push(dailyRow(`报告提交时统计（${scope}）`, w.stats.daily));
  blocks.push(table({ caption: '本周日管控执行情况', columns: DAILY_COLUMNS, rows }));
  if (w) {
    blocks.push(
      formTable(
        [
          ['上周问题整改核实情况', w.lastWeekVerification],
          ['本周发现的主要风险隐患及整改情况', w.findings],
          ['本周安全管理情况评价', w.evaluation],
          ['下周工作重点', w.nextWeekFocus],
          ['需提请主要负责人决策事项', w.decisionsNeeded],
        ],
        '排查治理情况',
      ),
    );
  }
  blocks.push(
    ...periodItemBlocks(
      data,
      category,
      'weekly',
      p.end,
      rec?.current.payload ?? null,
      unansweredWhy(task, '周排查报告'),
    ),
  );
  blocks.push(
    table({
      caption: '本周发现的风险隐患（本类别）',
      columns: HAZARD_COLUMNS,
      rows: hazardRows(data, hazardsFound(data, category, fromAt, toAt)),
      empty: '本周本类别未发现风险隐患',
    }),
  );
  if (w) {
    if (w.stats) {
      const h = w.stats.hazards;
      blocks.push(
        table({
          caption: `本周隐患统计（报告提交时，${scope}）`,
          columns: ['本周发现', '本周核实闭环', '超期未整改', '未闭环'].map((header) => ({ header, width: 12 })),
          rows: [[`${h.found}`, `${h.closed}`, h.overdue ? strong(`${h.overdue}`) : '0', `${h.open}`]],
        }),
      );
    }
    blocks.push(
      table({
        caption: '未闭环隐患（报告提交时）',
        columns: OPEN_COLUMNS,
        rows: openRows(data, category, w.openHazards, tz),
        empty: '无未闭环隐患',
      }),
    );
  }
  return {
    heading: `${task.period}（${p.start} 至 ${p.end}）${task.assignee}`,
    sheet: sheetName(`${task.period} ${task.assignee}`),
    blocks: numberCaptions(blocks),
    record: true,
  };
}

export const OPEN_COLUMNS = [
  { header: '等级', width: 6 },
  { header: '设备', width: 18 },
  { header: '隐患描述', width: 26 },
  { header: '状态', width: 12 },
  { header: '整改责任人', width: 9 },
  { header: '整改期限', width: 15 },
];

/** The open hazards a report recorded, limited to the category (hazardCategories: by device, or the 清单 item). */
export function openRows(data: ExportData, category: Category, open: RecordedOpenHazard[], tz: string): Cell[][] {
  const categories = hazardCategories(data);
  return open
    .filter((o) => {
      const c = categories.get(o.hazardId) ?? null;
      return c === null || c === category;
    })
    .map((o) => [
      o.level === 'general' ? levelLabel(o.level) : strong(levelLabel(o.level)),
      o.device ?? '（未指定设备）',
      o.description,
      hazardStateLabel(o.state),
      o.assignee,
      o.deadline ? dateTime(new Date(o.deadline), tz) : '',
    ]);
}
