/**
 * Loads planner snapshots in bulk: a handful of queries per chunk of units, whatever the number of
 * devices, so that the 08:30 opening tick of a city's worth of units stays fast. Rows are grouped
 * by unit in maps (never filtered per unit), and every `IN` list is cut to the bind-parameter
 * limit Prisma enforces on SQLite (999).
 */
import { localDateOf } from '../../domain/local-time.js';
import type { Category, EquipmentStatus, Role } from '../../domain/model.js';
import type { ChecklistItem } from '../../domain/unit-spec.js';
import type { UnitPolicy, TaskKind } from '../../domain/engine/policy.js';
import type { TaskState, UnitSnapshot } from '../../domain/engine/snapshot.js';
import { periodsToOpen } from '../../domain/engine/plan-openings.js';
import { messageGroup } from '../../domain/engine/plan-messages.js';
import type { UnitHeader } from '../../app/ports.js';
import type { Db } from './db.js';

const CHUNK = 400;
/** Ids per `IN (...)` list: under Prisma's SQLite limit of 999 bind values per query. */
const IN_LIST = 900;

const TASK_STATE_SELECT = { id: true, key: true, unitId: true, kind: true, period: true, subjectId: true, assigneeId: true, opensAt: true, dueAt: true, closesAt: true, detail: true } as const;

export async function loadSnapshots(db: Db, units: { header: UnitHeader; policy: UnitPolicy }[], now: Date): Promise<UnitSnapshot[]> {
  const out: UnitSnapshot[] = [];
  for (let i = 0; i < units.length; i += CHUNK) out.push(...(await loadChunk(db, units.slice(i, i + CHUNK), now)));
  return out;
}

async function loadChunk(db: Db, units: { header: UnitHeader; policy: UnitPolicy }[], now: Date): Promise<UnitSnapshot[]> {
  const ids = units.map((u) => u.header.id);
  const periods = [...new Set(units.flatMap((u) => periodsToOpen({ policy: u.policy, plannedDate: u.header.plannedDate }, now)))];
  const [roles, devices, suspensions, checklists, dueTasks, existing] = await Promise.all([
    db.roleAssignment.findMany({ where: { unitId: { in: ids }, endAt: null }, select: { unitId: true, personId: true, role: true, categories: true, person: { select: { name: true } } } }),
    db.equipment.findMany({ where: { unitId: { in: ids }, status: { in: ['in_use', 'paused', 'stopped'] } }, select: { id: true, unitId: true, code: true, name: true, location: true, category: true, status: true, officerId: true, officer: { select: { name: true } } } }),
    db.unitSuspension.findMany({ where: { unitId: { in: ids } } }),
    db.riskChecklist.findMany({ where: { unitId: { in: ids }, status: { not: 'draft' } }, orderBy: { version: 'desc' }, select: { id: true, unitId: true, category: true, effectiveDate: true, contentHash: true } }),
    db.task.findMany({ where: { unitId: { in: ids }, state: 'open', nextActionAt: { lte: now } }, select: TASK_STATE_SELECT }),
    db.task.findMany({ where: { unitId: { in: ids }, period: { in: periods } }, select: { key: true, unitId: true } }),
  ]);
  const keyOf = new Map(units.map((u) => [u.header.id, u.header.key]));
  const groupKeys = [...new Set(dueTasks.map((t) => `${keyOf.get(t.unitId)}:${messageGroup(toTaskState(t))}`))];

  // The checklist in force today for each unit and category (local date per unit).
  const inForce = new Map<string, { id: string; contentHash: string }>();
  const todayOf = new Map(units.map((u) => [u.header.id, localDateOf(now, u.policy.timeZone)]));
  for (const c of checklists) {
    const k = `${c.unitId}:${c.category}`;
    if (!inForce.has(k) && c.effectiveDate <= todayOf.get(c.unitId)!) inForce.set(k, c);
  }
  const [messages, acks, itemsByHash] = await Promise.all([
    inLists(groupKeys, (part) => db.message.findMany({ where: { groupKey: { in: part } }, select: { key: true, unitId: true } })),
    inLists(dueTasks.map((t) => t.id), (part) => db.ack.findMany({ where: { taskId: { in: part } }, select: { taskId: true, personId: true } })),
    loadDailyItems(db, [...inForce.values()]),
  ]);

  const dailyItemsOf = new Map<string, Partial<Record<Category, ChecklistItem[]>>>();
  for (const [k, c] of inForce) {
    const [unitId, category] = k.split(':') as [string, Category];
    const byCategory = dailyItemsOf.get(unitId) ?? {};
    byCategory[category] = itemsByHash.get(c.contentHash) ?? [];
    dailyItemsOf.set(unitId, byCategory);
  }
  const rolesOf = groupBy(roles, (r) => r.unitId);
  const devicesOf = groupBy(devices, (d) => d.unitId);
  const suspensionsOf = groupBy(suspensions, (s) => s.unitId);
  const existingOf = groupBy(existing, (t) => t.unitId);
  const dueOf = groupBy(dueTasks, (t) => t.unitId);
  const messagesOf = groupBy(messages, (m) => m.unitId);
  const ackKeys = new Set(acks.map((a) => `${a.taskId}:${a.personId}`));

  return units.map(({ header, policy }) => {
    const id = header.id;
    const unitRoles = rolesOf.get(id) ?? [];
    const unitDevices = devicesOf.get(id) ?? [];
    const people = new Map<string, string>();
    for (const r of unitRoles) people.set(r.personId, r.person.name);
    for (const d of unitDevices) people.set(d.officerId, d.officer.name);
    return {
      id,
      key: header.key,
      name: header.name,
      policy,
      suspensions: (suspensionsOf.get(id) ?? []).map((s) => ({ from: s.startDate, to: s.endDate, reason: s.reason })),
      people: [...people].map(([pid, name]) => ({ id: pid, name })),
      roles: unitRoles.map((r) => ({ personId: r.personId, role: r.role as Role, categories: r.categories as Category[] })),
      devices: unitDevices.map((d) => ({ id: d.id, code: d.code, name: d.name, location: d.location, category: d.category as Category, status: d.status as EquipmentStatus, officerId: d.officerId })),
      dailyItems: dailyItemsOf.get(id) ?? {},
      plannedDate: header.plannedDate,
      plannedWeek: header.plannedWeek,
      plannedMonth: header.plannedMonth,
      existingTaskKeys: new Set((existingOf.get(id) ?? []).map((t) => t.key)),
      openTasks: (dueOf.get(id) ?? []).map(toTaskState),
      messageKeys: new Set((messagesOf.get(id) ?? []).map((m) => m.key)),
      // Only this unit's tasks are looked up, so sharing the chunk's set is safe and saves copies.
      acks: ackKeys,
    };
  });
}

/**
 * Daily items by checklist content hash. A checklist version never changes once written
 * (apply-unit.ts adds a new version instead), and its items follow from its content hash, so the
 * thousands of units that use the same default checklist share one list, read once per process.
 */
const dailyItemsByHash = new Map<string, ChecklistItem[]>();
const ITEM_CACHE_SIZE = 5_000;

async function loadDailyItems(db: Db, lists: { id: string; contentHash: string }[]): Promise<Map<string, ChecklistItem[]>> {
  if (dailyItemsByHash.size > ITEM_CACHE_SIZE) dailyItemsByHash.clear();
  const idOf = new Map<string, string>();
  for (const c of lists) if (!dailyItemsByHash.has(c.contentHash)) idOf.set(c.contentHash, c.id);
  const rows = await inLists([...idOf.values()], (part) => db.riskChecklistItem.findMany({ where: { checklistId: { in: part }, frequency: 'daily' }, orderBy: { seq: 'asc' } }));
  const byList = groupBy(rows, (it) => it.checklistId);
  for (const [hash, id] of idOf) {
    const items = (byList.get(id) ?? []).map((it): ChecklistItem => ({ group: it.group as ChecklistItem['group'], content: it.content, standard: it.standard, frequency: 'daily', required: it.required }));
    dailyItemsByHash.set(hash, items);
  }
  return new Map(lists.map((c) => [c.contentHash, dailyItemsByHash.get(c.contentHash) ?? []]));
}

function groupBy<T>(rows: readonly T[], keyOf: (r: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const r of rows) {
    const k = keyOf(r);
    const list = out.get(k);
    if (list) list.push(r);
    else out.set(k, [r]);
  }
  return out;
}

/** Runs a query per slice of an `IN` list and concatenates the rows. */
async function inLists<T>(values: string[], query: (part: string[]) => Promise<T[]>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < values.length; i += IN_LIST) out.push(...(await query(values.slice(i, i + IN_LIST))));
  return out;
}

export function toTaskState(t: { id: string; key: string; kind: string; period: string; subjectId: string; assigneeId: string; opensAt: Date; dueAt: Date; closesAt: Date | null; detail: unknown }): TaskState {
  return {
    id: t.id,
    key: t.key,
    kind: t.kind as TaskKind,
    period: t.period,
    subjectId: t.subjectId,
    assigneeId: t.assigneeId,
    opensAt: t.opensAt,
    dueAt: t.dueAt,
    closesAt: t.closesAt,
    detail: (t.detail as Record<string, unknown> | null) ?? null,
  };
}
