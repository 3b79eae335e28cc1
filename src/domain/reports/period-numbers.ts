/**
 * The numbers of a week or month for one category, counted from the records themselves (the
 * weekly and monthly records also keep the numbers as they were when submitted, for their scope).
 */
import type { LocalDate } from '../local-time.js';
import type { Category } from '../model.js';
import { hazardCategories } from './compose-period-items.js';
import { type Cell, strong } from './document.js';
import type { ExportData, ExportHazard } from './export-data.js';
import type { RecordVersions } from './facts.js';
import { dateTime, hazardStateLabel, levelLabel } from './format.js';
import type { RecordedStats } from './record-payloads.js';
import { readDaily } from './record-payloads.js';

export interface DailyNumbers {
  due: number;
  done: number;
  zeroRisk: number;
  late: number;
  missed: number;
}

export function dailyNumbers(
  data: ExportData,
  byTask: Map<string, RecordVersions>,
  deviceIds: Set<string>,
  from: LocalDate,
  to: LocalDate,
): DailyNumbers {
  // A check cancelled as no longer required (its device paused or
  // resumed during the day, another task issued instead) was never due.
  const tasks = data.tasks.filter(
    (t) =>
      t.kind === 'daily' && t.state !== 'cancelled' && deviceIds.has(t.subjectId) && t.period >= from && t.period <= to,
  );
  const zeroRisk = tasks.filter((t) => {
    const r = byTask.get(t.id);
    return r !== undefined && readDaily(r.current.payload).items.every((i) => i.result !== 'abnormal');
  }).length;
  return {
    due: tasks.length,
    done: tasks.filter((t) => t.state === 'done').length,
    zeroRisk,
    late: tasks.filter((t) => t.state === 'done' && t.late).length,
    missed: tasks.filter((t) => t.state === 'missed').length,
  };
}

/** One row of a 日管控执行情况 table. */
export function dailyRow(label: string, n: DailyNumbers): Cell[] {
  const rate = n.due ? `${Math.round((n.done / n.due) * 1000) / 10}%` : '—';
  return [
    label,
    `${n.due}`,
    `${n.done}`,
    rate,
    `${n.zeroRisk}`,
    n.late ? strong(`${n.late}`) : '0',
    n.missed ? strong(`${n.missed}`) : '0',
  ];
}

export const DAILY_COLUMNS = [
  { header: '统计口径', width: 24 },
  { header: '应检（台次）', width: 9 },
  { header: '已检', width: 7 },
  { header: '完成率', width: 7 },
  { header: '零风险', width: 7 },
  { header: '逾期提交', width: 8 },
  { header: '缺失', width: 6 },
];

export const recordedDaily = (s: RecordedStats): DailyNumbers => s.daily;

/** Hazards of the category (its devices', and those its 清单 items opened) found in [fromAt, toAt). */
export function hazardsFound(data: ExportData, category: Category, fromAt: Date, toAt: Date): ExportHazard[] {
  const categories = hazardCategories(data);
  return data.hazards.filter((h) => categories.get(h.id) === category && h.createdAt >= fromAt && h.createdAt < toAt);
}

export function hazardRows(data: ExportData, hazards: ExportHazard[]): Cell[][] {
  const tz = data.unit.timeZone;
  const devices = new Map(data.equipment.map((e) => [e.id, e]));
  return hazards.map((h) => {
    const d = h.equipmentId ? devices.get(h.equipmentId) : undefined;
    return [
      dateTime(h.createdAt, tz),
      d ? d.name : '（未指定设备）',
      h.description,
      h.level === 'general' ? levelLabel(h.level) : strong(levelLabel(h.level)),
      h.measures || '—',
      h.reporter,
      h.assignee,
      dateTime(h.deadline, tz),
      h.rectification ? `${h.rectification}${h.rectifiedAt ? `（${dateTime(h.rectifiedAt, tz)}）` : ''}` : '未提交整改',
      hazardStateLabel(h.state),
    ];
  });
}

export const HAZARD_COLUMNS = [
  { header: '发现时间', width: 15 },
  { header: '设备', width: 14 },
  { header: '隐患描述', width: 24 },
  { header: '等级', width: 6 },
  { header: '采取的措施', width: 18 },
  { header: '报告人', width: 8 },
  { header: '整改责任人', width: 9 },
  { header: '整改期限', width: 15 },
  { header: '整改情况', width: 20 },
  { header: '状态', width: 10 },
];
