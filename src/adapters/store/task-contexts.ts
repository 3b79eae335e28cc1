/** Loads tasks with their unit, device and people, for judging an action on them. */

import type { TaskContext, UnitContext } from '../../app/ports.js';
import type { Category, Role } from '../../domain/model.js';
import type { Db } from './db.js';
import { type DeviceFields, toDevice } from './device-row.js';
import { toTaskState } from './load-snapshots.js';

export async function loadTaskContexts(db: Db, taskKeys: string[]): Promise<TaskContext[]> {
  const tasks = await db.task.findMany({ where: { key: { in: taskKeys } } });
  const unitIds = [...new Set(tasks.map((t) => t.unitId))];
  const deviceIds = tasks.map(equipmentIdOf).filter((x): x is string => !!x);
  const [units, devices, roles, assignees] = await Promise.all([
    db.unit.findMany({
      where: { id: { in: unitIds } },
      select: { id: true, key: true, name: true, timeZone: true, settings: true },
    }),
    db.equipment.findMany({ where: { id: { in: deviceIds } } }),
    db.roleAssignment.findMany({
      where: { unitId: { in: unitIds }, endAt: null },
      include: { person: { select: { name: true } } },
    }),
    db.person.findMany({ where: { id: { in: tasks.map((t) => t.assigneeId) } }, select: { id: true, name: true } }),
  ]);
  return tasks.map((t) => {
    const deviceId = equipmentIdOf(t);
    const people = new Map<string, UnitContext['people'][number]>();
    for (const p of assignees) people.set(p.id, { id: p.id, name: p.name, roles: [] });
    addRoles(
      people,
      roles.filter((x) => x.unitId === t.unitId),
    );
    return {
      task: { ...toTaskState(t), state: t.state, doneAt: t.doneAt, late: t.late },
      unit: units.find((u) => u.id === t.unitId)!,
      device: deviceOf(devices.find((x) => x.id === deviceId)),
      people: [...people.values()],
    };
  });
}

export async function loadUnitContext(db: Db, unitId: string, equipmentId?: string): Promise<UnitContext | null> {
  const unit = await db.unit.findUnique({
    where: { id: unitId },
    select: { id: true, key: true, name: true, timeZone: true, settings: true },
  });
  if (!unit) return null;
  const [d, roles] = await Promise.all([
    equipmentId ? db.equipment.findFirst({ where: { id: equipmentId, unitId } }) : null,
    db.roleAssignment.findMany({ where: { unitId, endAt: null }, include: { person: { select: { name: true } } } }),
  ]);
  const people = new Map<string, UnitContext['people'][number]>();
  addRoles(people, roles);
  return { unit, device: deviceOf(d), people: [...people.values()] };
}

/** The device a task is about: a daily task's subject, or the equipment named in its detail. */
function equipmentIdOf(t: { kind: string; subjectId: string; detail: unknown }): string | null {
  return t.kind === 'daily' ? t.subjectId : ((t.detail as { equipmentId?: string } | null)?.equipmentId ?? null);
}

function deviceOf(d: DeviceFields | null | undefined): UnitContext['device'] {
  return d ? toDevice(d) : null;
}

/** Adds each current role to its person (created from the role row when not there yet). */
function addRoles(
  people: Map<string, UnitContext['people'][number]>,
  roles: { personId: string; role: string; categories: unknown; person: { name: string } }[],
): void {
  for (const r of roles) {
    const p = people.get(r.personId) ?? { id: r.personId, name: r.person.name, roles: [] };
    p.roles.push({ personId: r.personId, role: r.role as Role, categories: r.categories as Category[] });
    people.set(r.personId, p);
  }
}
