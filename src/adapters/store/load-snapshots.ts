/**
 * Loads planner snapshots in bulk: a handful of queries per chunk of units, whatever the number of
 * devices, so that the 08:30 opening tick of a city's worth of units stays fast.
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
    db.riskChecklist.findMany({ where: { unitId: { in: ids }, status: { not: 'draft' } }, orderBy: { version: 'desc' }, select: { id: true, unitId: true, category: true, effectiveDate: true } }),
    db.task.findMany({ where: { unitId: { in: ids }, state: 'open', nextActionAt: { lte: now } } }),
    db.task.findMany({ where: { unitId: { in: ids }, period: { in: periods } }, select: { key: true, unitId: true } }),
  ]);
  const keyOf = new Map(units.map((u) => [u.header.id, u.header.key]));
  const groupKeys = [...new Set(dueTasks.map((t) => `${keyOf.get(t.unitId)}:${messageGroup(toTaskState(t))}`))];
  const [messages, acks] = await Promise.all([
    groupKeys.length ? db.message.findMany({ where: { groupKey: { in: groupKeys } }, select: { key: true, unitId: true } }) : [],
    dueTasks.length ? db.ack.findMany({ where: { taskId: { in: dueTasks.map((t) => t.id) } } }) : [],
  ]);

  // The checklist in force today for each unit and category (local date per unit).
  const inForce = new Map<string, string>();
  const policyOf = new Map(units.map((u) => [u.header.id, u.policy]));
  for (const c of checklists) {
    const u = { policy: policyOf.get(c.unitId)! };
    const k = `${c.unitId}:${c.category}`;
    if (!inForce.has(k) && c.effectiveDate <= localDateOf(now, u.policy.timeZone)) inForce.set(k, c.id);
  }
  const items = await db.riskChecklistItem.findMany({ where: { checklistId: { in: [...inForce.values()] }, frequency: 'daily' }, orderBy: { seq: 'asc' } });

  return units.map(({ header, policy }) => {
    const id = header.id;
    const mine = <T extends { unitId: string }>(rows: T[]) => rows.filter((r) => r.unitId === id);
    const unitRoles = mine(roles);
    const unitDevices = mine(devices);
    const people = new Map<string, string>();
    for (const r of unitRoles) people.set(r.personId, r.person.name);
    for (const d of unitDevices) people.set(d.officerId, d.officer.name);
    const dailyItems: Partial<Record<Category, ChecklistItem[]>> = {};
    for (const [k, checklistId] of inForce) {
      if (!k.startsWith(`${id}:`)) continue;
      dailyItems[k.slice(id.length + 1) as Category] = items
        .filter((it) => it.checklistId === checklistId)
        .map((it) => ({ group: it.group as ChecklistItem['group'], content: it.content, standard: it.standard, frequency: 'daily', required: it.required }));
    }
    return {
      id,
      key: header.key,
      name: header.name,
      policy,
      suspensions: mine(suspensions).map((s) => ({ from: s.startDate, to: s.endDate, reason: s.reason })),
      people: [...people].map(([pid, name]) => ({ id: pid, name })),
      roles: unitRoles.map((r) => ({ personId: r.personId, role: r.role as Role, categories: r.categories as Category[] })),
      devices: unitDevices.map((d) => ({ id: d.id, code: d.code, name: d.name, location: d.location, category: d.category as Category, status: d.status as EquipmentStatus, officerId: d.officerId })),
      dailyItems,
      plannedDate: header.plannedDate,
      plannedWeek: header.plannedWeek,
      plannedMonth: header.plannedMonth,
      existingTaskKeys: new Set(mine(existing).map((t) => t.key)),
      openTasks: mine(dueTasks).map(toTaskState),
      messageKeys: new Set(mine(messages).map((m) => m.key)),
      acks: new Set(acks.map((a) => `${a.taskId}:${a.personId}`)),
    };
  });
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
