/**
 * 《每月X安全调度会议纪要》 (regulation.md §5.4): one section per month of the range. Meeting time,
 * place, host (the principal who recorded it), reporter (the director), attendees; the month's
 * numbers (日管控 and 周排查 for this category, hazards as recorded); the problems, rectification,
 * unresolved items; the resolutions with owner, deadline and how each was carried out; next month.
 */

import { addDays, atLocal, localDateOf } from '../local-time.js';
import type { Category } from '../model.js';
import { parsePeriodKey } from '../periods.js';
import { periodItemBlocks, unansweredWhy } from './compose-period-items.js';
import { OPEN_COLUMNS, openRows } from './compose-weekly.js';
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
  roleName,
  tasksOf,
  unitMeta,
  VERIFY_NOTE,
} from './facts.js';
import { dateTime, recordRef } from './format.js';
import { DAILY_COLUMNS, dailyNumbers, dailyRow, HAZARD_COLUMNS, hazardRows, hazardsFound } from './period-numbers.js';
import { type MonthlyPayload, readMonthly, readResolutionDone } from './record-payloads.js';
import { documentName } from './report-kind.js';

export function composeMonthly(data: ExportData, category: Category, generatedAt: Date): ReportDocument {
  const byTask = recordsByTask(data.records);
  const tasks = tasksOf(data, 'monthly').sort((a, b) => a.period.localeCompare(b.period));
  const { from, to } = data.request;
  const sections = tasks.map((t) => monthSection(data, category, t, byTask, generatedAt));
  return {
    title: documentName('monthly', category),
    meta: [
      ...unitMeta(data, category, `${from} 至 ${to}`, generatedAt),
      { label: '主要负责人', value: holders(data, 'principal', to, null).join('、') || '未设立' },
    ],
    orientation: 'portrait',
    sections: sections.length
      ? sections
      : [{ heading: '月调度', sheet: '月调度', blocks: [paragraph('期间内没有月调度任务记录。')] }],
    notes: [
      '日管控、周排查数字由本类别的记录逐条统计；隐患统计为纪要提交时系统汇总的数字（全部类别），随纪要一并保存。',
      '调度决议提交后即成为责任人的跟踪任务，“落实情况”为导出时的状态。',
      VERIFY_NOTE,
    ],
    signatures: ['主要负责人（签字）', '安全总监（签字）', '记录人（签字）'],
  };
}

function monthSection(
  data: ExportData,
  category: Category,
  task: ExportTask,
  byTask: Map<string, RecordVersions>,
  generatedAt: Date,
): ReportSection {
  const tz = data.unit.timeZone;
  const p = parsePeriodKey(task.period)!;
  const rec = byTask.get(task.id) ?? null;
  const m = rec ? readMonthly(rec.current.payload) : null;
  const ids = new Set(devicesOf(data, category).map((d) => d.id));
  const blocks: Block[] = [
    formTable([
      ['月份', `${task.period}（${p.start} 至 ${p.end}）`],
      ['会议时间', m?.meetingTime ?? ''],
      ['会议地点', m?.location ?? ''],
      ['主持人（主要负责人）', rec ? rec.current.person : task.assignee],
      ['汇报人（安全总监）', holders(data, 'director', p.end, category).join('、') || '未设立'],
      ['参会人员', m ? attendeesText(m) : ''],
      // 记录人: chosen on the minutes; minutes recorded before it was asked were recorded by the submitter.
      ['记录人', m ? m.recorderName || `${rec?.current.person ?? ''}（提交人）` : ''],
      [
        '纪要提交',
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
  ];
  if (!rec)
    blocks.push(
      paragraph(
        task.state === 'missed'
          ? `本月调度会议纪要未提交（缺失）：应由 ${task.assignee} 于 ${dateTime(task.dueAt, tz)} 前提交。`
          : `本月调度会议纪要尚未提交，截止 ${dateTime(task.dueAt, tz)}。`,
        true,
      ),
    );
  blocks.push(
    table({
      caption: '本月日管控执行情况',
      columns: DAILY_COLUMNS,
      rows: [
        dailyRow(`本类别（${categoryText(category)}）按记录统计`, dailyNumbers(data, byTask, ids, p.start, p.end)),
      ],
    }),
  );
  blocks.push(
    table({
      caption: '本月周排查执行情况',
      columns: WEEK_COLUMNS,
      rows: weekRows(data, category, p.start, p.end, byTask),
      empty: '本月无周排查任务',
    }),
  );
  if (m?.stats) {
    const h = m.stats.hazards;
    blocks.push(
      table({
        caption: '本月隐患统计（纪要提交时，全部类别）',
        columns: ['本月发现', '本月核实闭环', '超期未整改', '未闭环'].map((header) => ({ header, width: 12 })),
        rows: [[`${h.found}`, `${h.closed}`, h.overdue ? strong(`${h.overdue}`) : '0', `${h.open}`]],
      }),
    );
  }
  blocks.push(
    ...periodItemBlocks(
      data,
      category,
      'monthly',
      p.end,
      rec?.current.payload ?? null,
      unansweredWhy(task, '月调度会议纪要'),
    ),
  );
  const fromAt = atLocal(p.start, '00:00', tz);
  const toAt = atLocal(addDays(p.end, 1), '00:00', tz);
  blocks.push(
    table({
      caption: '本月发现的风险隐患（本类别）',
      columns: HAZARD_COLUMNS,
      rows: hazardRows(data, hazardsFound(data, category, fromAt, toAt)),
      empty: '本月本类别未发现风险隐患',
    }),
  );
  if (m) {
    blocks.push(
      formTable(
        [
          ['本月主要问题', m.mainProblems],
          ['整改方案落实情况', m.rectificationStatus],
          ['尚未解决的问题', m.unresolved],
          ['下月工作重点', m.nextMonthFocus],
        ],
        '会议内容',
      ),
    );
    blocks.push(...incidentsBlocks(data, category, p.start, p.end, m.incidents));
    blocks.push(...adjustmentBlocks(data, category, p.start, p.end, m.adjustments));
    blocks.push(
      table({
        caption: '调度决议（事项、责任人、完成时限）',
        columns: RESOLUTION_COLUMNS,
        rows: resolutionRows(data, task, byTask, generatedAt),
        empty: '本次会议未形成调度决议',
      }),
    );
    blocks.push(
      table({
        caption: '未闭环隐患（纪要提交时）',
        columns: OPEN_COLUMNS,
        rows: openRows(data, category, m.openHazards, tz),
        empty: '无未闭环隐患',
      }),
    );
  }
  return {
    heading: `${task.period} 月调度`,
    sheet: sheetName(task.period),
    blocks: numberCaptions(blocks),
    record: true,
  };
}

/** 参会人员 by name (“王建国、李明（2 人）”); minutes recorded before the names were kept print as typed. */
function attendeesText(m: MonthlyPayload): string {
  return m.attendeeNames.length ? `${m.attendeeNames.join('、')}（${m.attendeeNames.length} 人）` : m.attendees;
}

/**
 * 事故、故障、投诉、监管检查、定期检验 (regulation.md §5.4): what the minutes say, then the 定期检验
 * recorded in the month for the category's devices and the inspections falling due within a month
 * after it (from the devices' 下次检验日期).
 */
function incidentsBlocks(data: ExportData, category: Category, start: string, end: string, said: string): Block[] {
  const tz = data.unit.timeZone;
  const devices = new Map(devicesOf(data, category).map((d) => [d.id, d]));
  const rows: Cell[][] = data.records
    .filter((r) => r.kind === 'inspection' && devices.has(String(r.payload.equipmentId)))
    .filter((r) => localDateOf(r.at, tz) >= start && localDateOf(r.at, tz) <= end)
    .map((r) => {
      const d = devices.get(String(r.payload.equipmentId))!;
      const passed = r.payload.result === 'pass';
      return [
        dateTime(r.at, tz),
        d.name,
        d.code,
        passed ? '合格' : strong('不合格'),
        String(r.payload.reportNo ?? '') || '—',
        String(r.payload.nextInspectionDate ?? '') || '—',
        r.person,
      ];
    });
  const soon = addDays(end, 31);
  const due: Cell[][] = [...devices.values()]
    .filter((d) => d.nextInspection !== null && d.nextInspection <= soon && d.status !== 'scrapped')
    .map((d) => [
      d.name,
      d.code,
      d.nextInspection! < end ? strong(`${d.nextInspection}（已过期）`) : d.nextInspection!,
    ]);
  return [
    formTable([['事故、故障、投诉、监管检查情况', said]], '事故、故障、投诉、监管检查、定期检验情况'),
    table({ caption: '本月定期检验（按记录）', columns: INSPECTION_COLUMNS, rows, empty: '本月未登记定期检验' }),
    table({
      caption: `定期检验到期（${soon} 前）`,
      columns: [
        { header: '设备', width: 18 },
        { header: '设备代码', width: 18 },
        { header: '下次检验日期', width: 18 },
      ],
      rows: due,
      empty: `本类别设备 ${soon} 前无定期检验到期`,
    }),
  ];
}

const INSPECTION_COLUMNS = [
  { header: '登记时间', width: 15 },
  { header: '设备', width: 14 },
  { header: '设备代码', width: 16 },
  { header: '结论', width: 7 },
  { header: '报告编号', width: 12 },
  { header: '下次检验日期', width: 11 },
  { header: '登记人', width: 7 },
];

/**
 * 制度、人员、职责调整: what the minutes say, then the appointments begun
 * or ended and the 清单 versions taking effect in the month.
 */
function adjustmentBlocks(data: ExportData, category: Category, start: string, end: string, said: string): Block[] {
  const tz = data.unit.timeZone;
  const inMonth = (at: Date | null) => at !== null && localDateOf(at, tz) >= start && localDateOf(at, tz) <= end;
  const rows: Cell[][] = [];
  for (const r of data.roles.filter((x) => x.categories.length === 0 || x.categories.includes(category))) {
    if (inMonth(r.startAt))
      rows.push([localDateOf(r.startAt, tz), '人员设立', `${r.person} 任${roleName(data, r.role)}`, r.reason || '—']);
    if (inMonth(r.endAt))
      rows.push([
        localDateOf(r.endAt!, tz),
        '人员调整',
        `${r.person} 不再任${roleName(data, r.role)}`,
        r.reason || '—',
      ]);
  }
  for (const c of data.checklists.filter(
    (x) => x.category === category && x.effectiveDate >= start && x.effectiveDate <= end,
  )) {
    rows.push([c.effectiveDate, '制度调整', `《${c.title}》第 ${c.version} 版施行（${c.items.length} 项）`, '—']);
  }
  rows.sort((a, b) => String(a[0]).localeCompare(String(b[0])));
  return [
    formTable([['制度、人员、职责调整', said]], '制度、人员、职责调整'),
    table({
      caption: '本月调整（按记录）',
      columns: [
        { header: '日期', width: 11 },
        { header: '类别', width: 9 },
        { header: '内容', width: 32 },
        { header: '原因', width: 22 },
      ],
      rows,
      empty: '本月无人员设立调整或清单版本变更记录',
    }),
  ];
}

const WEEK_COLUMNS = [
  { header: '周次', width: 10 },
  { header: '安全总监', width: 9 },
  { header: '状态', width: 12 },
  { header: '提交时间', width: 16 },
  { header: '备注', width: 20 },
];

function weekRows(
  data: ExportData,
  category: Category,
  start: string,
  end: string,
  byTask: Map<string, RecordVersions>,
): Cell[][] {
  const tz = data.unit.timeZone;
  return tasksOf(data, 'weekly')
    .filter((t) => {
      const w = parsePeriodKey(t.period);
      const cats = t.detail?.categories;
      return (
        w !== null &&
        w.end >= start &&
        w.start <= end &&
        (!Array.isArray(cats) || cats.length === 0 || cats.includes(category))
      );
    })
    .sort((a, b) => a.period.localeCompare(b.period))
    .map((t) => {
      const r = byTask.get(t.id);
      const state: Cell =
        t.state === 'done'
          ? '已提交'
          : t.state === 'missed'
            ? strong('未提交（缺失）')
            : t.state === 'open'
              ? '待提交'
              : t.state;
      return [
        t.period,
        t.assignee,
        state,
        r ? dateTime(r.current.at, tz) : '—',
        r?.current.late ? strong('逾期提交') : '',
      ];
    });
}

const RESOLUTION_COLUMNS = [
  { header: '序号', width: 5 },
  { header: '决议事项', width: 26 },
  { header: '责任人', width: 8 },
  { header: '完成时限', width: 11 },
  { header: '落实情况', width: 26 },
];

/** Each resolution with the state of the task it became (completed by whom and when, or still open). */
function resolutionRows(
  data: ExportData,
  minutes: ExportTask,
  byTask: Map<string, RecordVersions>,
  generatedAt: Date,
): Cell[][] {
  const tz = data.unit.timeZone;
  const rec = byTask.get(minutes.id);
  const m = rec ? readMonthly(rec.current.payload) : null;
  const tasks = tasksOf(data, 'resolution');
  return (m?.resolutions ?? []).map((r, i) => {
    // submit-period-report: resolution i of the minutes is the task with subject `<minutes task id>:<i+1>`.
    const t = tasks.find((x) => x.subjectId === `${minutes.id}:${i + 1}`);
    let status: Cell = '—';
    if (t) {
      const done = byTask.get(t.id);
      if (t.state === 'done' && done) {
        const note = readResolutionDone(done.current.payload).note;
        status =
          `已完成 ${dateTime(done.current.at, tz)}` +
          `（${done.current.person}${note ? `：${note}` : ''}）${done.current.late ? '，逾期完成' : ''}`;
      } else if (t.state === 'open') status = t.dueAt < generatedAt ? strong('逾期未完成') : '落实中';
      else status = t.state === 'missed' ? strong('未完成') : t.state;
    }
    return [`${i + 1}`, r.content, r.ownerName || r.owner, r.deadline, status];
  });
}
