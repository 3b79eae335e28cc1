/** A hazard with its open task (if any) and the context to judge an action on it. */
import type { HazardContext } from '../../app/ports.js';
import type { Db } from './db.js';
import { loadTaskContexts } from './task-contexts.js';

export async function loadHazardContext(db: Db, hazardId: string): Promise<HazardContext | null> {
  const h = await db.hazard.findUnique({ where: { id: hazardId } });
  if (!h) return null;
  const tasks = await db.task.findMany({
    where: { kind: 'hazard', subjectId: hazardId },
    orderBy: { createdAt: 'asc' },
    select: { key: true, state: true },
  });
  const keys = tasks.map((t) => t.key);
  const contexts = await loadTaskContexts(db, keys);
  const open = contexts.find((c) => c.task.state === 'open') ?? null;
  const any = open ?? contexts.at(-1) ?? null;
  if (!any) return null;
  // Any other open hazard that requires the device stopped keeps it paused, not only the one that
  // paused it: a serious one found while the device was already paused could not pause it again.
  const otherPausing = h.equipmentId
    ? await db.hazard.count({
        where: {
          equipmentId: h.equipmentId,
          id: { not: h.id },
          state: { not: 'verified' },
          OR: [{ pausedDevice: true }, { stoppedUse: true }, { level: { in: ['serious', 'major'] } }],
        },
      })
    : 0;
  return {
    hazard: {
      id: h.id,
      no: h.no,
      level: h.level as 'general' | 'serious' | 'major',
      state: h.state,
      description: h.description,
      measures: h.measures,
      stoppedUse: h.stoppedUse,
      reporterId: h.reporterId,
      assigneeId: h.assigneeId,
      deadline: h.deadline,
      pausedDevice: h.pausedDevice,
      rectification: h.rectification,
      equipmentId: h.equipmentId,
    },
    taskCount: tasks.length,
    openTask: open,
    ctx: any,
    otherPausingHazards: otherPausing,
  };
}
