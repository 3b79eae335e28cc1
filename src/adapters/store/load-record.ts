/** One record of a unit by its position in the chain (-1: the latest), with what corrected it. */
import type { RecordRow } from '../../app/ports.js';
import type { Db } from './db.js';

export async function loadRecord(db: Db, unitKey: string, seq: number): Promise<RecordRow | null> {
  const unit = await db.unit.findUnique({ where: { key: unitKey }, select: { id: true } });
  if (!unit) return null;
  const r =
    seq < 0
      ? await db.record.findFirst({ where: { unitId: unit.id }, orderBy: { seq: 'desc' } })
      : await db.record.findUnique({ where: { unitId_seq: { unitId: unit.id, seq } } });
  if (!r) return null;
  const [task, later] = await Promise.all([
    r.taskId ? db.task.findUnique({ where: { id: r.taskId }, select: { key: true } }) : null,
    db.record.findFirst({ where: { unitId: unit.id, supersedesId: r.id }, select: { seq: true } }),
  ]);
  return {
    id: r.id,
    unitId: r.unitId,
    seq: r.seq,
    kind: r.kind,
    taskKey: task?.key ?? null,
    personId: r.personId,
    late: r.late,
    payload: r.payload,
    supersededBySeq: later?.seq ?? null,
  };
}
