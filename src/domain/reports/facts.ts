/**
 * Questions the composers ask of the read model: the current version of a task's record and its
 * corrections, a device's status on a past day, who held a role then, the common header lines.
 */

import { addDays, atLocal, type LocalDate, localDateOf } from '../local-time.js';
import { CATEGORY_LABELS, type Category, type Role, roleTitle } from '../model.js';
import type { ReportDocument } from './document.js';
import type { ExportData, ExportEquipment, ExportRecord, ExportTask } from './export-data.js';
import { dateTime } from './format.js';

/** A task's records: the one in force (the last correction) and all versions, oldest first. */
export interface RecordVersions {
  current: ExportRecord;
  versions: ExportRecord[];
}

/** Records grouped by task; a correction (supersedesId) replaces the record it corrects. */
export function recordsByTask(records: readonly ExportRecord[]): Map<string, RecordVersions> {
  const out = new Map<string, RecordVersions>();
  const sorted = [...records].sort((a, b) => a.seq - b.seq);
  for (const r of sorted) {
    if (!r.taskId) continue;
    const v = out.get(r.taskId);
    if (!v) out.set(r.taskId, { current: r, versions: [r] });
    else {
      v.versions.push(r);
      // A later record of the same task that corrects one of its versions is the one in force.
      if (r.supersedesId && v.versions.some((x) => x.id === r.supersedesId)) v.current = r;
    }
  }
  return out;
}

export const devicesOf = (data: ExportData, category: Category | null): ExportEquipment[] =>
  data.equipment
    .filter((e) => category === null || e.category === category)
    .sort((a, b) => a.code.localeCompare(b.code));

/** The device's status at the end of a local day, from its change history. */
export function statusOn(e: ExportEquipment, day: LocalDate, tz: string): string {
  const changes = e.changes.filter((c) => c.field === 'status');
  const until = changes.filter((c) => localDateOf(c.at, tz) <= day);
  if (until.length) return until[until.length - 1]!.toValue;
  return changes[0]?.fromValue ?? changes[0]?.toValue ?? e.status;
}

/** Status changes of a device on one local day. */
export const statusChangesOn = (e: ExportEquipment, day: LocalDate, tz: string) =>
  e.changes.filter((c) => c.field === 'status' && localDateOf(c.at, tz) === day);

/** The people holding a role on a day (covering the category when given), in appointment order. */
export function holders(data: ExportData, role: Role, day: LocalDate, category: Category | null): string[] {
  const end = atLocal(addDays(day, 1), '00:00', data.unit.timeZone);
  const names = data.roles
    .filter((r) => r.role === role && r.startAt < end && (r.endAt === null || r.endAt >= end))
    .filter((r) => category === null || r.categories.length === 0 || r.categories.includes(category))
    .map((r) => r.person);
  return [...new Set(names)];
}

export const tasksOf = (data: ExportData, kind: string): ExportTask[] => data.tasks.filter((t) => t.kind === kind);

export const categoryText = (c: Category | null): string => (c ? CATEGORY_LABELS[c] : '全部类别');

/** Title meta lines every document starts with. */
export function unitMeta(
  data: ExportData,
  category: Category | null,
  period: string,
  generatedAt: Date,
): ReportDocument['meta'] {
  return [
    {
      label: data.unit.kind === 'producer' ? '生产单位' : data.unit.kind === 'filler' ? '充装单位' : '使用单位',
      value: data.unit.name,
    },
    { label: '统一社会信用代码', value: data.unit.creditCode },
    ...(category ? [{ label: '设备类别', value: CATEGORY_LABELS[category] }] : []),
    { label: '期间', value: period },
    { label: '导出时间', value: `${dateTime(generatedAt, data.unit.timeZone)}（${data.unit.timeZone}）` },
  ];
}

export const roleName = (data: ExportData, role: Role): string => roleTitle(role, data.unit.kind);

/** The note every document ends with: how a reader checks that the records were not altered. */
export const VERIFY_NOTE =
  '记录号为本单位记录链中的序号及哈希值前 8 位；每条记录与上一条以哈希相连，可用 safeduty verify 核验记录未被改动。';
