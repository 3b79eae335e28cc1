/** What chat commands read and write: accounts, invites, conversations, overdue work, devices. */
import type { DeviceRow, OverdueRow, PersonCredentials, TaskRow } from '../../app/ports.js';
import type { Category } from '../../domain/model.js';
import type { Db } from './db.js';
import { toDevice } from './device-row.js';

export async function identityOf(db: Db, channel: string, externalId: string) {
  const i = await db.channelIdentity.findUnique({
    where: { channel_externalId: { channel, externalId } },
    include: { person: { select: { id: true, name: true } } },
  });
  return i ? { personId: i.person.id, name: i.person.name, currentUnitId: i.currentUnitId } : null;
}

export async function setCurrentUnit(db: Db, channel: string, externalId: string, unitId: string): Promise<void> {
  await db.channelIdentity.update({
    where: { channel_externalId: { channel, externalId } },
    data: { currentUnitId: unitId },
  });
}

export async function createInvite(
  db: Db,
  personId: string,
  codeHash: string,
  now: Date,
  expiresAt: Date,
): Promise<void> {
  await db.inviteCode.create({ data: { personId, codeHash, createdAt: now, expiresAt } });
}

/** Uses a code once: binds the chat account to the code's person. null when unknown, used or expired. */
export async function redeemInvite(
  db: Db,
  codeHash: string,
  channel: string,
  externalId: string,
  now: Date,
): Promise<{ id: string; name: string } | null> {
  return db.$transaction(async (tx) => {
    const used = await tx.inviteCode.updateMany({
      where: { codeHash, usedAt: null, expiresAt: { gt: now } },
      data: { usedAt: now, usedBy: `${channel}:${externalId}` },
    });
    if (used.count !== 1) return null;
    const code = await tx.inviteCode.findUniqueOrThrow({ where: { codeHash } });
    const person = await tx.person.findUniqueOrThrow({
      where: { id: code.personId },
      select: { id: true, name: true },
    });
    await tx.channelIdentity.upsert({
      where: { channel_externalId: { channel, externalId } },
      create: { personId: person.id, channel, externalId, boundAt: now },
      update: { personId: person.id, boundAt: now },
    });
    return person;
  });
}

export async function getConversation(
  db: Db,
  channel: string,
  externalId: string,
  now: Date,
): Promise<{ kind: string; data: unknown } | null> {
  const c = await db.conversation.findUnique({ where: { channel_externalId: { channel, externalId } } });
  return c && c.expiresAt > now ? { kind: c.kind, data: c.data } : null;
}

export async function setConversation(
  db: Db,
  channel: string,
  externalId: string,
  c: { kind: string; data: object; expiresAt: Date } | null,
): Promise<void> {
  if (!c) {
    await db.conversation.deleteMany({ where: { channel, externalId } });
    return;
  }
  await db.conversation.upsert({
    where: { channel_externalId: { channel, externalId } },
    create: { channel, externalId, ...c },
    update: c,
  });
}

const taskRow = async (
  db: Db,
  tasks: {
    id: string;
    key: string;
    kind: string;
    period: string;
    state: string;
    dueAt: Date;
    doneAt: Date | null;
    late: boolean;
    assigneeId: string;
    subjectId: string;
    detail: unknown;
  }[],
): Promise<TaskRow[]> => {
  const deviceIds = tasks
    .map((t) => (t.kind === 'daily' ? t.subjectId : ((t.detail as { equipmentId?: string } | null)?.equipmentId ?? '')))
    .filter(Boolean);
  const [devices, people] = await Promise.all([
    db.equipment.findMany({ where: { id: { in: deviceIds } }, select: { id: true, name: true } }),
    db.person.findMany({
      where: { id: { in: [...new Set(tasks.map((t) => t.assigneeId))] } },
      select: { id: true, name: true },
    }),
  ]);
  const dn = new Map(devices.map((d) => [d.id, d.name]));
  const pn = new Map(people.map((p) => [p.id, p.name]));
  return tasks.map((t) => {
    const deviceId = t.kind === 'daily' ? t.subjectId : (t.detail as { equipmentId?: string } | null)?.equipmentId;
    return {
      key: t.key,
      kind: t.kind,
      period: t.period,
      state: t.state,
      dueAt: t.dueAt,
      doneAt: t.doneAt,
      late: t.late,
      assignee: pn.get(t.assigneeId) ?? '',
      assigneeId: t.assigneeId,
      device: deviceId ? (dn.get(deviceId) ?? null) : null,
      detail: (t.detail as Record<string, unknown> | null) ?? null,
    };
  });
};

/** A person's tasks that are open, or were due or done today (local day bounds given as instants). */
export async function tasksOfPerson(
  db: Db,
  personId: string,
  unitId: string,
  dayStart: Date,
  dayEnd: Date,
): Promise<TaskRow[]> {
  const tasks = await db.task.findMany({
    where: {
      unitId,
      assigneeId: personId,
      OR: [{ state: 'open', opensAt: { lt: dayEnd } }, { dueAt: { gte: dayStart, lt: dayEnd } }],
    },
    orderBy: [{ dueAt: 'asc' }, { key: 'asc' }],
    take: 500,
  });
  return taskRow(db, tasks);
}

/** Open tasks past their due time, oldest first; one person's, or the unit's. */
export async function overdueTasks(
  db: Db,
  unitId: string,
  now: Date,
  assigneeId: string | null,
  limit: number,
): Promise<{ rows: OverdueRow[]; total: number }> {
  const where = { unitId, state: 'open', dueAt: { lt: now }, ...(assigneeId ? { assigneeId } : {}) };
  const [tasks, total] = await Promise.all([
    db.task.findMany({ where, orderBy: [{ dueAt: 'asc' }, { key: 'asc' }], take: limit }),
    db.task.count({ where }),
  ]);
  return { rows: await taskRow(db, tasks), total };
}

/** Tasks closed as missed (缺失) whose due time is at or after `since`, oldest first; one person's, or the unit's. */
export async function missedTasks(
  db: Db,
  unitId: string,
  since: Date,
  assigneeId: string | null,
  limit: number,
): Promise<{ rows: TaskRow[]; total: number }> {
  const where = { unitId, state: 'missed', dueAt: { gte: since }, ...(assigneeId ? { assigneeId } : {}) };
  const [tasks, total] = await Promise.all([
    db.task.findMany({ where, orderBy: [{ dueAt: 'asc' }, { key: 'asc' }], take: limit }),
    db.task.count({ where }),
  ]);
  return { rows: await taskRow(db, tasks), total };
}

/**
 * Wrong invite codes are kept as inbound events (`bind-failed:<account>:<instant>:<n>`), so the
 * throttle holds across restarts and instances without a table of its own.
 */
const bindFailedPrefix = (externalId: string) => `bind-failed:${externalId}:`;

export async function recordBindFailure(db: Db, channel: string, externalId: string, now: Date): Promise<void> {
  const prefix = `${bindFailedPrefix(externalId)}${now.toISOString()}:`;
  const same = await db.inboundEvent.count({ where: { channel, externalId: { startsWith: prefix } } });
  await db.inboundEvent.create({ data: { channel, externalId: `${prefix}${same}`, receivedAt: now } });
}

/** The instants of an account's wrong codes after `since`, oldest first. */
export async function bindFailuresSince(db: Db, channel: string, externalId: string, since: Date): Promise<Date[]> {
  const rows = await db.inboundEvent.findMany({
    where: { channel, externalId: { startsWith: bindFailedPrefix(externalId) }, receivedAt: { gt: since } },
    orderBy: { receivedAt: 'asc' },
    select: { receivedAt: true },
  });
  return rows.map((r) => r.receivedAt);
}

export async function listDevices(db: Db, unitId: string, category: Category | null): Promise<DeviceRow[]> {
  const rows = await db.equipment.findMany({
    where: { unitId, ...(category ? { category } : {}) },
    include: { officer: { select: { name: true } } },
    orderBy: [{ category: 'asc' }, { code: 'asc' }],
  });
  return rows.map((d) => ({
    ...toDevice(d),
    officer: d.officer.name,
    nextInspection: d.nextInspectionDate,
    registrationNo: d.registrationNo,
  }));
}

/** The certificates and the number of training records of the unit's appointed people (我, 单位). */
export async function unitCredentials(db: Db, unitId: string): Promise<PersonCredentials[]> {
  const roles = await db.roleAssignment.findMany({
    where: { unitId, endAt: null },
    select: { personId: true, person: { select: { name: true } } },
    orderBy: [{ startAt: 'asc' }, { createdAt: 'asc' }],
  });
  const ids = [...new Set(roles.map((r) => r.personId))];
  const [certs, trainings] = await Promise.all([
    db.certificate.findMany({ where: { personId: { in: ids } }, orderBy: [{ kind: 'asc' }, { number: 'asc' }] }),
    db.trainingRecord.groupBy({ by: ['personId'], where: { unitId, personId: { in: ids } }, _count: { _all: true } }),
  ]);
  const names = new Map(roles.map((r) => [r.personId, r.person.name]));
  const count = new Map(trainings.map((t) => [t.personId, t._count._all]));
  return ids.map((id) => ({
    personId: id,
    name: names.get(id)!,
    certificates: certs
      .filter((c) => c.personId === id)
      .map((c) => ({ kind: c.kind, number: c.number, expiresOn: c.expiresOn })),
    trainings: count.get(id) ?? 0,
  }));
}
