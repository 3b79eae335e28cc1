/** Lookups by what people type or script: names, mobiles, device names and codes, their open work. */

import type { HazardRow, HazardStep, PersonMatch } from '../../app/ports.js';
import type { DeviceState, TaskState } from '../../domain/engine/snapshot.js';
import type { Category, Role } from '../../domain/model.js';
import type { Db } from './db.js';
import { toDevice } from './device-row.js';
import { toTaskState } from './load-snapshots.js';

export async function findPeople(db: Db, query: string): Promise<PersonMatch[]> {
  const q = query.trim();
  const people = await db.person.findMany({
    where: { OR: [{ name: q }, { mobile: q }, { id: q }] },
    include: { roles: { where: { endAt: null }, include: { unit: { select: { key: true } } } } },
  });
  return people.map((p) => ({
    id: p.id,
    name: p.name,
    mobile: p.mobile,
    roles: p.roles.map((r) => ({
      unitId: r.unitId,
      unitKey: r.unit.key,
      role: r.role as Role,
      categories: r.categories as Category[],
    })),
  }));
}

export async function openTasksOf(
  db: Db,
  personId: string,
  kinds: string[],
): Promise<(TaskState & { unitId: string })[]> {
  const rows = await db.task.findMany({
    where: { assigneeId: personId, state: 'open', kind: { in: kinds } },
    orderBy: [{ dueAt: 'asc' }, { key: 'asc' }],
  });
  return rows.map((t) => ({ ...toTaskState(t), unitId: t.unitId }));
}

export async function listHazards(db: Db, unitId: string, openOnly: boolean): Promise<HazardRow[]> {
  const rows = await db.hazard.findMany({
    where: { unitId, ...(openOnly ? { state: { not: 'verified' } } : {}) },
    orderBy: { createdAt: 'desc' },
  });
  return rows.map(hazardRow);
}

export async function hazardByNo(db: Db, unitId: string, no: number): Promise<HazardRow | null> {
  const h = await db.hazard.findUnique({ where: { unitId_no: { unitId, no } } });
  return h ? hazardRow(h) : null;
}

function hazardRow(h: {
  id: string;
  no: number | null;
  level: string;
  state: string;
  description: string;
  equipmentId: string | null;
  assigneeId: string;
  deadline: Date;
  createdAt: Date;
}): HazardRow {
  return {
    id: h.id,
    no: h.no,
    level: h.level as HazardRow['level'],
    state: h.state,
    description: h.description,
    equipmentId: h.equipmentId,
    assigneeId: h.assigneeId,
    deadline: h.deadline,
    createdAt: h.createdAt,
  };
}

export async function findDevices(db: Db, unitId: string, query: string): Promise<DeviceState[]> {
  const q = query.trim();
  const exact = await db.equipment.findMany({
    where: { unitId, OR: [{ code: q }, { name: q }, { registrationNo: q }] },
  });
  const rows = exact.length
    ? exact
    : await db.equipment.findMany({ where: { unitId, name: { contains: q } }, take: 20 });
  return rows.map(toDevice);
}

/** Open tasks this person was reminded or escalated about (for 已知悉/督办). */
export async function escalatedOpenTasks(db: Db, personId: string): Promise<string[]> {
  const msgs = await db.message.findMany({
    where: { personId, purpose: { in: ['reminder', 'escalation'] }, state: 'sent' },
    select: { taskKeys: true },
  });
  const keys = [...new Set(msgs.flatMap((m) => m.taskKeys as string[]))];
  if (keys.length === 0) return [];
  const open = await db.task.findMany({ where: { key: { in: keys }, state: 'open' }, select: { key: true } });
  return open.map((t) => t.key);
}

/** Record kinds that are steps of a hazard (their payload names it by `hazardId`). */
const HAZARD_STEPS = [
  'hazard_report',
  'hazard_confirmed',
  'hazard_rectified',
  'hazard_rework',
  'hazard_verified',
  'hazard_reassigned',
  'hazard_extended',
  'hazard_extension_requested',
];

export async function hazardHistory(db: Db, unitId: string, hazardId: string): Promise<HazardStep[]> {
  const h = await db.hazard.findFirst({ where: { id: hazardId, unitId }, select: { createdAt: true } });
  if (!h) return [];
  // The finding (a daily check or a report) is written in the
  // instant the hazard is; the steps after it name the hazard.
  const rows = await db.record.findMany({
    where: {
      unitId,
      OR: [
        { kind: { in: HAZARD_STEPS }, at: { gte: h.createdAt } },
        { kind: 'daily_check', at: h.createdAt },
      ],
    },
    orderBy: { seq: 'asc' },
  });
  const mine = rows.filter((r) => {
    const p = (r.payload ?? {}) as { hazardId?: unknown; hazardIds?: unknown };
    return p.hazardId === hazardId || (Array.isArray(p.hazardIds) && p.hazardIds.includes(hazardId));
  });
  const ids = [...new Set(mine.map((r) => r.personId).filter((x): x is string => !!x))];
  const names = new Map(
    (await db.person.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } })).map((p) => [
      p.id,
      p.name,
    ]),
  );
  return mine.map((r) => ({
    kind: r.kind,
    at: r.at,
    person: r.personId ? (names.get(r.personId) ?? '') : '',
    seq: r.seq,
    payload: (r.payload ?? {}) as Record<string, unknown>,
  }));
}
