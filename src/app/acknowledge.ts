/**
 * 已知悉/督办: a person who was reminded or escalated to about a task says they know. No further
 * reminders go to them for it; the escalation to the next level goes on until the work is done.
 */
import { emptyBundle } from './answer-bundle.js';
import { commitOrRefuse } from './commit.js';
import type { EngineDeps } from './engine-deps.js';
import { refuse, type Outcome } from './outcome.js';
import { nameOf } from './unit-people.js';

export async function acknowledge(deps: Pick<EngineDeps, 'store' | 'clock'>, actorId: string, taskKeys: string[]): Promise<Outcome<string>> {
  const contexts = await deps.store.loadTaskContexts(taskKeys);
  if (contexts.length === 0) return refuse('not_found', '找不到相关事项');
  const ctx = contexts[0]!;
  if (!ctx.people.some((p) => p.id === actorId)) return refuse('forbidden', '您不是本单位的人员');
  const open = contexts.filter((c) => c.task.state === 'open');
  if (open.length === 0) return refuse('already_done', '相关事项都已完成，无需督办');
  const b = emptyBundle(ctx.unit.id, ctx.unit.key, deps.clock.now());
  for (const c of open) b.acks.push({ taskId: c.task.id, personId: actorId });
  b.records.push({ kind: 'ack', taskKey: null, personId: actorId, late: false, payload: { taskKeys: open.map((c) => c.task.key) } });
  return commitOrRefuse(deps.store, b, `已知悉/督办 · ${nameOf(ctx, actorId)}`);
}
