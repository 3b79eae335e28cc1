/**
 * One day of 《每日X安全检查记录》: every device of the category with its status that day, the
 * conclusion, who submitted and when (逾期提交 marked), the item marks, the abnormal findings with
 * the measures taken, and corrections; a non-operating or 停产 day says so.
 */
import { type LocalDate, localTimeOf } from '../local-time.js';
import { type Block, type Cell, paragraph, type ReportSection, sheetName, strong, table } from './document.js';
import type { ExportData, ExportEquipment, ExportTask } from './export-data.js';
import { type RecordVersions, statusChangesOn, statusOn } from './facts.js';
import {
  dayWithWeekday,
  hazardStateLabel,
  levelLabel,
  RESULT_MARKS,
  recordRef,
  statusLabel,
  timeOnDay,
  yesNo,
} from './format.js';
import { checklistOn } from './hazard-provenance.js';
import { type DailyPayload, readDaily } from './record-payloads.js';

export interface DayContext {
  data: ExportData;
  tz: string;
  byTask: Map<string, RecordVersions>;
  generatedAt: Date;
}

interface DeviceDay {
  device: ExportEquipment;
  task: ExportTask | null;
  rec: RecordVersions | null;
  payload: DailyPayload | null;
}

type Ctx = DayContext;

export function daySection(ctx: Ctx, day: LocalDate, devices: ExportEquipment[], tasks: ExportTask[]): ReportSection {
  const blocks: Block[] = [];
  for (const n of ctx.data.dayNotes.filter((x) => x.date === day))
    blocks.push(
      paragraph(
        `本日${n.kind === 'suspended' ? '停产' : '为非运营日'}：${n.reason.replace(/^停产：/, '')}。不安排日管控检查，特此记录。`,
        true,
      ),
    );
  const noted = blocks.length > 0;
  blocks.push(checklistLine(ctx, day, devices));
  const rows = deviceDays(ctx, day, devices, tasks);
  if (rows.length === 0 || tasks.length === 0) {
    if (!noted) blocks.push(paragraph('本日无日管控检查任务记录。'));
    const idle = rows.filter((r) => r.task === null);
    if (idle.length) blocks.push(summaryTable(ctx, day, idle));
    return { heading: dayWithWeekday(day), sheet: sheetName(day), blocks, record: true };
  }
  blocks.push(summaryTable(ctx, day, rows));
  const grids = itemGrids(rows);
  blocks.push(...grids);
  const abnormal = abnormalTable(ctx, rows);
  if (abnormal) blocks.push(abnormal);
  const corrections = correctionTable(ctx, day, rows);
  if (corrections) blocks.push(corrections);
  return { heading: dayWithWeekday(day), sheet: sheetName(day), blocks, record: true };
}

/** 清单版本 (regulation.md §5.2): the version of the category's checklist the day's checks were asked from. */
function checklistLine(ctx: Ctx, day: LocalDate, devices: ExportEquipment[]): Block {
  const category = devices[0]?.category;
  const list = category ? checklistOn(ctx.data.checklists, category, day) : null;
  if (!list) return paragraph('检查依据：本日无生效的风险管控清单。', true);
  return paragraph(`检查依据：《${list.title}》第 ${list.version} 版（${list.effectiveDate} 起施行）`);
}

/** The devices with a task that day, and those not checked because they were stopped (shown, not dropped). */
function deviceDays(ctx: Ctx, day: LocalDate, devices: ExportEquipment[], tasks: ExportTask[]): DeviceDay[] {
  const out: DeviceDay[] = [];
  for (const device of devices) {
    // A device paused or resumed during the day has a cancelled task and the one issued instead: show the latter.
    const own = tasks.filter((t) => t.subjectId === device.id);
    const task = own.filter((t) => t.state !== 'cancelled').at(-1) ?? own[0] ?? null;
    const status = statusOn(device, day, ctx.tz);
    if (!task && (status === 'in_use' || (status === 'scrapped' && statusChangesOn(device, day, ctx.tz).length === 0)))
      continue;
    const rec = task ? (ctx.byTask.get(task.id) ?? null) : null;
    out.push({ device, task, rec, payload: rec ? readDaily(rec.current.payload) : null });
  }
  return out;
}

function conclusion(ctx: Ctx, r: DeviceDay): Cell {
  if (!r.task) return '不安排检查';
  if (r.task.state === 'missed') return strong('未检查（缺失）');
  if (r.task.state === 'cancelled') return '已取消';
  if (!r.payload)
    return r.task.state === 'open' ? `待检查（截止 ${localTimeOf(r.task.dueAt, ctx.tz)}）` : '已完成（无记录）';
  const abnormal = r.payload.items.filter((i) => i.result === 'abnormal').length;
  if (r.payload.paused) return abnormal ? strong('临时停用：停用措施异常') : '临时停用：停用措施检查正常';
  if (abnormal) return strong(`发现异常 ${abnormal} 项`);
  return r.payload.zeroRisk ? '全部正常（零风险报告）' : '逐项检查无异常（零风险）';
}

function remarks(ctx: Ctx, day: LocalDate, r: DeviceDay): Cell {
  const parts: string[] = [];
  let isStrong = false;
  // Lateness belongs to the first submission; a correction does not make it on time.
  if (r.rec?.versions[0]?.late) {
    parts.push(`逾期提交（规定 ${localTimeOf(r.task!.dueAt, ctx.tz)} 前）`);
    isStrong = true;
  }
  if (r.rec && r.rec.versions.length > 1) {
    const c = r.rec.current;
    parts.push(`已更正（${c.person} ${timeOnDay(c.at, day, ctx.tz)}${c.reason ? `：${c.reason}` : ''}），见更正记录`);
    isStrong = true;
  }
  if (r.payload?.hazardIds.length) parts.push(`登记隐患 ${r.payload.hazardIds.length} 条`);
  // A change from nothing is the device's registration, not an event of the day.
  for (const c of statusChangesOn(r.device, day, ctx.tz).filter((x) => x.fromValue !== null)) {
    parts.push(
      `${localTimeOf(c.at, ctx.tz)} ${statusLabel(c.fromValue ?? '')}→${statusLabel(c.toValue)}` +
        `（${c.actor}${c.reason ? `：${c.reason}` : ''}）`,
    );
  }
  const text = parts.join('；');
  return isStrong ? strong(text) : text;
}

function summaryTable(ctx: Ctx, day: LocalDate, rows: DeviceDay[]): Block {
  return table({
    caption: '设备检查情况',
    columns: [
      { header: '序号', width: 5 },
      { header: '设备名称', width: 14 },
      { header: '设备代码', width: 16 },
      { header: '使用登记证号', width: 15 },
      { header: '使用地点', width: 10 },
      { header: '当日状态', width: 9 },
      { header: '检查结论', width: 22 },
      { header: '检查人', width: 8 },
      { header: '提交时间', width: 9 },
      { header: '记录号', width: 15 },
      { header: '备注', width: 26 },
    ],
    rows: rows.map((r, i) => {
      // The status the check was asked under (a device paused later that day was checked in use).
      const status = r.task?.detail?.paused === true ? 'paused' : r.task ? 'in_use' : statusOn(r.device, day, ctx.tz);
      // Who checked and when is the first submission; the conclusion and record are the version in force.
      const first = r.rec?.versions[0];
      const by = first ? first.person : r.task ? `${r.task.assignee}（责任人）` : r.device.officer;
      return [
        `${i + 1}`,
        r.device.name,
        r.device.code,
        r.device.registrationNo || '—',
        r.device.location,
        statusLabel(status),
        r.task ? conclusion(ctx, r) : `${statusLabel(status)}，不安排检查`,
        by,
        first ? timeOnDay(first.at, day, ctx.tz) : '—',
        r.rec ? recordRef(r.rec.current) : '—',
        remarks(ctx, day, r),
      ];
    }),
  });
}

/** Items as rows and devices as columns (at most 6 per table, so that it fits the page), marked √ × ○. */
function itemGrids(rows: DeviceDay[]): Block[] {
  const checked = rows.filter((r) => r.task);
  // The checklist's items first, then the one item a paused device is asked.
  const items: { group: string; content: string; paused: boolean }[] = [];
  for (const paused of [false, true]) {
    for (const r of checked.filter((x) => (x.payload?.paused ?? false) === paused)) {
      for (const it of r.payload?.items ?? [])
        if (!items.some((x) => x.content === it.content)) items.push({ group: it.group, content: it.content, paused });
    }
  }
  if (items.length === 0) return [];
  const out: Block[] = [];
  for (let i = 0; i < checked.length; i += 6) {
    const chunk = checked.slice(i, i + 6);
    out.push(
      table({
        caption: checked.length > 6 ? `逐项检查结果（${i + 1}–${i + chunk.length}）` : '逐项检查结果',
        columns: [
          { header: '序号', width: 5 },
          { header: '类别', width: 18 },
          { header: '检查项目', width: 32 },
          ...chunk.map((r) => ({ header: r.device.name, width: 11 })),
        ],
        rows: items.map((it, n) => [`${n + 1}`, it.group, it.content, ...chunk.map((r) => mark(r, it))]),
      }),
    );
  }
  return out;
}

function mark(r: DeviceDay, item: { content: string; paused: boolean }): Cell {
  // A missed device was asked the paused item or the checklist, as its status was that day.
  if (r.task?.state === 'missed') return (r.task.detail?.paused === true) === item.paused ? strong('缺') : '—';
  const it = r.payload?.items.find((x) => x.content === item.content);
  if (!it) return '—';
  const m = RESULT_MARKS[it.result] ?? it.result;
  return it.result === 'abnormal' ? strong(m) : m;
}

function abnormalTable(ctx: Ctx, rows: DeviceDay[]): Block | null {
  const hazards = new Map(ctx.data.hazards.map((h) => [h.id, h]));
  const out: Cell[][] = [];
  for (const r of rows) {
    const abnormal = (r.payload?.items ?? []).filter((i) => i.result === 'abnormal');
    abnormal.forEach((it, n) => {
      const h = hazards.get(r.payload!.hazardIds[n] ?? '');
      out.push([
        r.device.name,
        it.content,
        strong(it.description ?? ''),
        levelLabel(it.level),
        it.measures ?? '',
        yesNo(it.stoppedUse === true),
        r.rec!.current.person,
        h ? hazardStateLabel(h.state) : '',
      ]);
    });
  }
  if (out.length === 0) return null;
  return table({
    caption: '发现的问题及采取的防范措施',
    columns: [
      { header: '设备', width: 14 },
      { header: '检查项目', width: 20 },
      { header: '问题描述', width: 20 },
      { header: '隐患等级', width: 8 },
      { header: '采取的防范措施', width: 20 },
      { header: '停止使用', width: 8 },
      { header: '上报人', width: 8 },
      { header: '隐患当前状态', width: 12 },
    ],
    rows: out,
  });
}

function correctionTable(ctx: Ctx, day: LocalDate, rows: DeviceDay[]): Block | null {
  const out: Cell[][] = [];
  for (const r of rows) {
    if (!r.rec || r.rec.versions.length < 2) continue;
    r.rec.versions.forEach((v, n) => {
      const p = readDaily(v.payload);
      const abnormal = p.items.filter((i) => i.result === 'abnormal').length;
      out.push([
        r.device.name,
        n === 0 ? '原记录' : `更正 ${n}`,
        recordRef(v),
        v.person,
        timeOnDay(v.at, day, ctx.tz),
        abnormal ? `异常 ${abnormal} 项` : '无异常',
        v === r.rec!.current ? '现行' : '已被更正',
        v.reason,
      ]);
    });
  }
  if (out.length === 0) return null;
  return table({
    caption: '更正记录（原记录保留，不删除）',
    columns: [
      { header: '设备', width: 14 },
      { header: '版本', width: 7 },
      { header: '记录号', width: 13 },
      { header: '提交人', width: 8 },
      { header: '提交时间', width: 9 },
      { header: '结论', width: 10 },
      { header: '效力', width: 8 },
      { header: '更正原因', width: 24 },
    ],
    rows: out,
  });
}
