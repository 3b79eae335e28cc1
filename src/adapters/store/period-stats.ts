/**
 * The numbers a weekly review or monthly dispatch carries: devices by status, daily checks due /
 * done / zero-risk / late / missed, hazards found / closed / overdue, and the open hazards.
 */
import type { HazardView, PeriodStats } from '../../domain/engine/payloads.js';
import type { Db } from './db.js';

export async function periodStats(
  db: Db,
  unitId: string,
  from: string,
  to: string,
  fromAt: Date,
  toAt: Date,
  now: Date,
  categories: string[],
): Promise<{ stats: PeriodStats; openHazards: HazardView[] }> {
  const eqWhere = { unitId, ...(categories.length ? { category: { in: categories } } : {}) };
  const devices = await db.equipment.findMany({
    where: eqWhere,
    select: { id: true, status: true, name: true, code: true },
  });
  const ids = devices.map((d) => d.id);
  // A check counts as due once its due time has passed (or it was answered or missed): counted in
  // the middle of a day, today's open checks are not yet 应检. Checks no longer required (a device
  // stopped during the day) are not counted at all.
  const all = await db.task.findMany({
    where: {
      unitId,
      kind: 'daily',
      period: { gte: from, lte: to },
      subjectId: { in: ids },
      state: { not: 'cancelled' },
    },
    select: { id: true, state: true, late: true, dueAt: true },
  });
  const tasks = all.filter((t) => t.state !== 'open' || t.dueAt <= now);
  const records = await db.record.findMany({
    where: { unitId, kind: 'daily_check', taskId: { in: tasks.map((t) => t.id) } },
    select: { payload: true },
  });
  const zeroRisk = records.filter((r) => {
    const p = r.payload as { zeroRisk?: boolean; items?: { result: string }[] };
    return p.zeroRisk || (p.items ?? []).every((i) => i.result !== 'abnormal');
  }).length;
  const hazardWhere = { unitId, ...(categories.length ? { equipmentId: { in: ids } } : {}) };
  const [found, closed, overdue, open] = await Promise.all([
    db.hazard.count({ where: { ...hazardWhere, createdAt: { gte: fromAt, lt: toAt } } }),
    db.hazard.count({ where: { ...hazardWhere, verifiedAt: { gte: fromAt, lt: toAt } } }),
    db.hazard.count({ where: { ...hazardWhere, state: { not: 'verified' }, deadline: { lt: now } } }),
    db.hazard.findMany({
      where: { ...hazardWhere, state: { not: 'verified' } },
      orderBy: { createdAt: 'asc' },
      take: 50,
    }),
  ]);
  const people = new Map(
    (
      await db.person.findMany({
        where: { id: { in: open.map((h) => h.assigneeId) } },
        select: { id: true, name: true },
      })
    ).map((p) => [p.id, p.name]),
  );
  const deviceName = new Map(devices.map((d) => [d.id, `${d.name}（${d.code}）`]));
  return {
    stats: {
      devices: {
        inUse: devices.filter((d) => d.status === 'in_use').length,
        paused: devices.filter((d) => d.status === 'paused').length,
        stopped: devices.filter((d) => d.status === 'stopped').length,
      },
      daily: {
        due: tasks.length,
        done: tasks.filter((t) => t.state === 'done').length,
        zeroRisk,
        late: tasks.filter((t) => t.state === 'done' && t.late).length,
        missed: tasks.filter((t) => t.state === 'missed').length,
      },
      hazards: { found, closed, overdue, open: open.length },
    },
    openHazards: open.map((h) => ({
      hazardId: h.id,
      ...(h.no !== null ? { no: h.no } : {}),
      level: h.level as HazardView['level'],
      state: h.state,
      description: h.description,
      device: h.equipmentId ? (deviceName.get(h.equipmentId) ?? null) : null,
      assignee: people.get(h.assigneeId) ?? '',
      deadline: h.deadline.toISOString(),
    })),
  };
}
