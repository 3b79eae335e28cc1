/**
 * 《每月X安全调度会议纪要》 (regulation.md §5.4): one section per month of the range. Meeting time,
 * place, host (the principal who recorded it), reporter (the director), attendees; the month's
 * numbers (日管控 and 周排查 for this category, hazards as recorded); the problems, rectification,
 * unresolved items; the resolutions with owner, deadline and how each was carried out; next month.
 */

import { addDays, atLocal } from '../local-time.js';
import type { Category } from '../model.js';
import { parsePeriodKey } from '../periods.js';
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
  tasksOf,
  unitMeta,
  VERIFY_NOTE,
} from './facts.js';
import { dateTime, recordRef } from './format.js';
import { DAILY_COLUMNS, dailyNumbers, dailyRow, HAZARD_COLUMNS, hazardRows, hazardsFound } from './period-numbers.js';
import { readMonthly, readResolutionDone } from './record-payloads.js';
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
      ['参会人员', m?.attendees ?? ''],
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
  const fromAt = atLocal(p.start, '00:00', tz);
  const toAt = atLocal(addDays(p.end, 1), '00:00', tz);
  blocks.push(
    table({
      caption: '本月发现的风险隐患（本类别）',
      columns: HAZARD_COLUMNS,
      rows: hazardRows(data, hazardsFound(data, ids, fromAt, toAt)),
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
      if (t.state === 'done' && done)
        status = `已完成 ${dateTime(done.current.at, tz)}（${done.current.person}${readResolutionDone(done.current.payload).note ? `：${readResolutionDone(done.current.payload).note}` : ''}）${done.current.late ? '，逾期完成' : ''}`;
      else if (t.state === 'open') status = t.dueAt < generatedAt ? strong('逾期未完成') : '落实中';
      else status = t.state === 'missed' ? strong('未完成') : t.state;
    }
    return [`${i + 1}`, r.content, r.ownerName || r.owner, r.deadline, status];
  });
}
