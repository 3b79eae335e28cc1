/**
 * 《每日X安全检查记录》 (regulation.md §5.2): for each day, every device of the category with its
 * status that day, the conclusion (零风险报告, 异常, 未检查（缺失）), who submitted and when
 * (逾期提交 marked), the item-by-item marks, the abnormal findings with the measures taken, and
 * corrections. Non-operating days and 停产 are stated, never left as a silent gap.
 */

import { daysBetween, eachDay, localTimeOf } from '../local-time.js';
import type { Category } from '../model.js';
import { type DayContext, daySection } from './daily-day.js';
import { type Block, type Cell, type ReportDocument, type ReportSection, strong, table } from './document.js';
import type { ExportData, ExportEquipment, ExportTask } from './export-data.js';
import { devicesOf, holders, type RecordVersions, recordsByTask, tasksOf, unitMeta, VERIFY_NOTE } from './facts.js';
import { dayWithWeekday, RESULT_LEGEND, statusLabel } from './format.js';
import { readDaily } from './record-payloads.js';
import { documentName } from './report-kind.js';

export function composeDaily(data: ExportData, category: Category, generatedAt: Date): ReportDocument {
  const { from, to } = data.request;
  const tz = data.unit.timeZone;
  const ctx: DayContext = { data, tz, byTask: recordsByTask(data.records), generatedAt };
  const devices = devicesOf(data, category);
  const ids = new Set(devices.map((d) => d.id));
  const tasks = tasksOf(data, 'daily').filter((t) => ids.has(t.subjectId));
  const days = eachDay(from, to);
  const sections = days.map((d) =>
    daySection(
      ctx,
      d,
      devices,
      tasks.filter((t) => t.period === d),
    ),
  );
  const officers = [...new Set(devices.map((d) => d.officer))].join('、');
  const due = tasks[0] ? localTimeOf(tasks[0].dueAt, tz) : null;
  return {
    title: documentName('daily', category),
    meta: [
      ...unitMeta(
        data,
        category,
        from === to ? dayWithWeekday(from) : `${from} 至 ${to}（${daysBetween(from, to) + 1} 天）`,
        generatedAt,
      ),
      { label: '责任安全员', value: officers || '无' },
      { label: '安全总监', value: holders(data, 'director', to, category).join('、') || '未设立' },
    ],
    orientation: 'landscape',
    sections: days.length > 1 ? [summarySection(ctx, devices, tasks), ...sections] : sections,
    notes: [
      '检查结论：逐项检查未发现问题即为零风险报告（“全部正常”为检查人一键确认的零风险报告）；发现异常的，已按规定立即采取防范措施并上报安全总监。',
      '逐项结果：√ 正常　× 异常　○ 不适用　缺 未检查（缺失）　— 当日未检查该项。',
      `逾期提交：在规定时间${due ? `（每日 ${due}）` : ''}之后、当日结束前提交；当日结束仍未提交的记为“未检查（缺失）”。临时停用的设备检查停用措施；停用设备不安排检查。`,
      VERIFY_NOTE,
    ],
    signatures: ['安全员（签字）', '安全总监（审阅签字）'],
    legend: [
      ...RESULT_LEGEND,
      { mark: '缺', meaning: '未检查（缺失）' },
      { mark: '—', meaning: '当日未检查该项（其他栏：无）' },
    ],
  };
}

/** Per device over the range: how many checks were due, done, zero-risk, abnormal, late, missed. */
function summarySection(ctx: DayContext, devices: ExportEquipment[], tasks: ExportTask[]): ReportSection {
  const rows: Cell[][] = devices.map((d, i) => {
    const mine = tasks.filter((t) => t.subjectId === d.id);
    const payloads = mine
      .map((t) => ctx.byTask.get(t.id))
      .filter((r): r is RecordVersions => !!r)
      .map((r) => readDaily(r.current.payload));
    const abnormal = payloads.filter((p) => p.items.some((it) => it.result === 'abnormal')).length;
    const missed = mine.filter((t) => t.state === 'missed').length;
    const late = mine.filter((t) => t.state === 'done' && t.late).length;
    return [
      `${i + 1}`,
      d.name,
      d.code,
      d.officer,
      `${mine.length}`,
      `${mine.filter((t) => t.state === 'done').length}`,
      `${payloads.length - abnormal}`,
      abnormal ? strong(`${abnormal}`) : '0',
      late ? strong(`${late}`) : '0',
      missed ? strong(`${missed}`) : '0',
      statusLabel(d.status),
    ];
  });
  const notes = ctx.data.dayNotes.filter((n) => n.date >= ctx.data.request.from && n.date <= ctx.data.request.to);
  const blocks: Block[] = [
    table({
      caption: '期间汇总（按设备）',
      columns: [
        { header: '序号', width: 5 },
        { header: '设备名称', width: 16 },
        { header: '设备代码', width: 16 },
        { header: '责任安全员', width: 10 },
        { header: '应检（天）', width: 8 },
        { header: '已检', width: 6 },
        { header: '零风险', width: 7 },
        { header: '发现异常', width: 8 },
        { header: '逾期提交', width: 8 },
        { header: '缺失', width: 6 },
        { header: '当前状态', width: 9 },
      ],
      rows,
      empty: '本类别无设备',
    }),
  ];
  if (notes.length) {
    blocks.push(
      table({
        caption: '非运营日 / 停产',
        columns: [
          { header: '日期', width: 20 },
          { header: '说明', width: 40 },
        ],
        rows: notes.map((n) => [dayWithWeekday(n.date), n.reason]),
      }),
    );
  }
  return { heading: '期间汇总', sheet: '汇总', blocks };
}
