/**
 * Applies day-obligation.ts in the transaction that changes a device's status: the open day's
 * task for the device is cancelled as not required, and/or a new one issued for the same day
 * (picked up by the next tick, which prompts the officer for it).
 */
import { followStatus } from '../../domain/engine/day-obligation.js';
import { taskKey } from '../../domain/engine/keys.js';
import type { EquipmentStatus } from '../../domain/model.js';
import type { Db } from './db.js';

/** Any transaction client (commit-bundle's, apply-unit's): only task reads and writes are needed. */
type Tx = Pick<Db, 'task'>;

export async function followDeviceDay(
  tx: Tx,
  unit: { id: string; key: string },
  device: { id: string; category: string; officerId: string },
  toStatus: EquipmentStatus,
  why: string,
  at: Date,
): Promise<void> {
  // The unit's open day: a daily task whose window holds `at`. None before the opening, on a
  // non-operating or suspended day, or after midnight: then the next opening follows the status.
  const day = await tx.task.findFirst({
    where: { unitId: unit.id, kind: 'daily', opensAt: { lte: at }, closesAt: { gt: at } },
    select: { period: true, dueAt: true, closesAt: true },
  });
  if (!day?.closesAt) return;
  const rows = await tx.task.findMany({
    where: { unitId: unit.id, kind: 'daily', period: day.period, subjectId: device.id },
    orderBy: [{ createdAt: 'asc' }, { key: 'asc' }],
  });
  const detailOf = (d: unknown) => (d && typeof d === 'object' ? (d as Record<string, unknown>) : {});
  const change = followStatus(
    rows.map((r) => ({ key: r.key, state: r.state, paused: detailOf(r.detail).paused === true })),
    toStatus,
    why,
  );
  if (change.cancel) {
    const row = rows.find((r) => r.key === change.cancel!.key)!;
    await tx.task.updateMany({
      where: { key: row.key, state: 'open' },
      data: {
        state: 'cancelled',
        nextActionAt: null,
        detail: { ...detailOf(row.detail), cancelled: { reason: change.cancel.reason, at: at.toISOString() } },
      },
    });
  }
  if (change.issue) {
    await tx.task.create({
      data: {
        // the n-th task of the device's day: unique even for two changes at one instant
        key: `${taskKey(unit.key, 'daily', day.period, device.id)}:${rows.length + 1}`,
        unitId: unit.id,
        kind: 'daily',
        period: day.period,
        subjectId: device.id,
        assigneeId: device.officerId,
        opensAt: at,
        // after the day's due time, what is left of the day
        dueAt: at < day.dueAt ? day.dueAt : day.closesAt,
        closesAt: day.closesAt,
        state: 'open',
        nextActionAt: at,
        detail: {
          category: device.category,
          paused: change.issue.paused,
          issued: { reason: change.issue.reason, at: at.toISOString() },
          revision: at.getTime() + rows.length,
        },
        createdAt: at,
      },
    });
  }
}
