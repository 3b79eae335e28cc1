/**
 * A correction: submitted records are never changed; a correction is a new record of the same
 * kind that supersedes the old one, says why and who made it, and joins the hash chain. Only the
 * person who submitted the record, or a director or principal of the unit, may correct it.
 */
import { emptyBundle } from './answer-bundle.js';
import { commitOrRefuse } from './commit.js';
import type { EngineDeps } from './engine-deps.js';
import { type Outcome, refuse } from './outcome.js';
import type { AnswersStore } from './ports.js';
import { hasRole, nameOf } from './unit-people.js';

export interface Correction {
  unitKey: string;
  seq: number;
  actorId: string;
  reason: string;
  /** top-level payload fields to change; only fields the record has */
  changes: Record<string, unknown>;
}

export async function correctRecord(
  deps: Pick<EngineDeps<AnswersStore>, 'store' | 'clock'>,
  c: Correction,
): Promise<Outcome<{ seq: number; line: string }>> {
  const old = await deps.store.loadRecord(c.unitKey, c.seq);
  if (!old) return refuse('not_found', `找不到单位 ${c.unitKey} 的第 ${c.seq} 条记录`);
  const ctx = await deps.store.loadUnitContext(old.unitId);
  if (!ctx) return refuse('not_found', '找不到记录所在单位');
  if (old.personId !== c.actorId && !hasRole(ctx, c.actorId, 'director') && !hasRole(ctx, c.actorId, 'principal')) {
    return refuse('forbidden', '只有提交人本人、安全总监或主要负责人可以更正记录');
  }
  if (!c.reason.trim()) return refuse('invalid', '更正须写明原因');
  if (old.supersededBySeq)
    return refuse('invalid', `第 ${c.seq} 条记录已被第 ${old.supersededBySeq} 条更正，请更正最新的一条`);
  const payload = (old.payload ?? {}) as Record<string, unknown>;
  const unknown = Object.keys(c.changes).filter((k) => !(k in payload));
  if (unknown.length)
    return refuse('invalid', `记录中没有字段：${unknown.join('、')}；可更正的字段：${Object.keys(payload).join('、')}`);
  if (Object.keys(c.changes).length === 0) return refuse('invalid', '请写明要更正的内容');
  const b = emptyBundle(old.unitId, c.unitKey, deps.clock.now());
  b.records.push({
    kind: old.kind,
    taskKey: old.taskKey,
    personId: c.actorId,
    late: old.late,
    payload: { ...payload, ...c.changes },
    supersedesId: old.id,
    reason: c.reason.trim(),
  });
  const r = await commitOrRefuse(deps.store, b, null);
  if (!r.ok) return r;
  const latest = await deps.store.loadRecord(c.unitKey, -1);
  return {
    ok: true,
    value: { seq: latest?.seq ?? 0, line: `已更正第 ${c.seq} 条记录（${nameOf(ctx, c.actorId)}：${c.reason.trim()}）` },
  };
}
