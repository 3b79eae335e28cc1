/**
 * 已知悉/督办: a person who was reminded or escalated to about a task says they know. No further
 * reminders go to them for it; the escalation to the next level goes on until the work is done.
 * A task whose period closed (missed) can be acknowledged too: the 催办 that tells of it is still
 * delivered, and knowing of a miss is what is recorded.
 *
 * Every task of the batch is checked: it exists, it is of one unit, and the actor is among the
 * people its unit's policy reminds or escalates it to (the assignee, the device's officer, the
 * directors covering its category, the principal, as the levels say). A card's keys can be
 * replayed or forged; nobody acknowledges another unit's or another officer's work.
 */
import { TASK_NOUNS, taskLabel } from '../domain/engine/labels.js';
import type { Target } from '../domain/engine/policy.js';
import { resolveTargets } from '../domain/engine/recipients.js';
import { emptyBundle } from './answer-bundle.js';
import { commitOrRefuse } from './commit.js';
import type { EngineDeps } from './engine-deps.js';
import { type Outcome, refuse } from './outcome.js';
import type { AnswersStore, TaskContext } from './ports.js';
import { policyOf } from './run-tick.js';
import { nameOf } from './unit-people.js';

type Deps = Pick<EngineDeps<AnswersStore>, 'store' | 'clock' | 'defaults'>;

const deviceOf = (c: TaskContext) => ({ devices: c.device ? [c.device] : [] });

/** “2026-12-01 1号楼1号客梯（…）日管控检查” for one task. */
function labelOf(c: TaskContext): string {
  const label = taskLabel(deviceOf(c), c.task);
  return c.task.kind === 'daily' ? `${c.task.period} ${label}` : label;
}

/** What was acknowledged, in one line: each task, or a count per kind and period, with what was missed. */
export function acknowledgedText(contexts: readonly TaskContext[]): string {
  const groups = new Map<string, TaskContext[]>();
  for (const c of contexts) {
    const k = ['daily', 'weekly', 'monthly'].includes(c.task.kind) ? `${c.task.kind}|${c.task.period}` : c.task.key;
    groups.set(k, [...(groups.get(k) ?? []), c]);
  }
  return [...groups.values()]
    .map((cs) => {
      const first = cs[0]!;
      const missed = cs.filter((c) => c.task.state === 'missed').length;
      const what =
        cs.length === 1 ? labelOf(first) : `${first.task.period} ${TASK_NOUNS[first.task.kind]} ${cs.length} 项`;
      const tail =
        missed === 0
          ? ''
          : missed === cs.length
            ? cs.length === 1
              ? '（已缺失）'
              : '（均已缺失）'
            : `（其中 ${missed} 项已缺失）`;
      return what + tail;
    })
    .join('；');
}

/** Whether the unit's policy reminds or escalates this task to the actor at some level. */
function isConcerned(deps: Deps, c: TaskContext, actorId: string): boolean {
  const policy = policyOf(deps, c.unit);
  const targets = new Set<Target>(['assignee', ...(policy.escalation[c.task.kind] ?? []).flatMap((l) => l.to)]);
  return resolveTargets({ roles: c.people.flatMap((p) => p.roles), ...deviceOf(c) }, c.task, [...targets]).includes(
    actorId,
  );
}

export async function acknowledge(deps: Deps, actorId: string, taskKeys: string[]): Promise<Outcome<string>> {
  const keys = [...new Set(taskKeys)];
  const contexts = await deps.store.loadTaskContexts(keys);
  if (contexts.length === 0 || contexts.length !== keys.length)
    return refuse('not_found', '找不到相关事项，请在最新的催办卡片上操作');
  const units = new Set(contexts.map((c) => c.unit.id));
  if (units.size !== 1)
    return refuse('forbidden', '这些事项不属于同一单位，无法一起确认；请在各单位的催办卡片上分别操作');
  const ctx = contexts[0]!;
  if (!ctx.people.some((p) => p.id === actorId && p.roles.length > 0))
    return refuse('forbidden', `您不是${ctx.unit.name}的人员，无法确认其事项`);
  const foreign = contexts.filter((c) => !isConcerned(deps, c, actorId));
  if (foreign.length > 0) {
    const f = foreign[0]!;
    return refuse(
      'forbidden',
      `“${labelOf(f)}”由 ${nameOf(f, f.task.assigneeId)} 负责，` +
        `不在您的督办范围内${foreign.length > 1 ? `（共 ${foreign.length} 项）` : ''}；请只确认发给您的催办`,
    );
  }
  const pending = contexts.filter((c) => c.task.state === 'open' || c.task.state === 'missed');
  if (pending.length === 0) return refuse('already_done', '相关事项都已完成，无需督办');
  const b = emptyBundle(ctx.unit.id, ctx.unit.key, deps.clock.now());
  for (const c of pending) b.acks.push({ taskId: c.task.id, personId: actorId });
  b.records.push({
    kind: 'ack',
    taskKey: null,
    personId: actorId,
    late: false,
    payload: { taskKeys: pending.map((c) => c.task.key) },
  });
  const open = pending.filter((c) => c.task.state === 'open').length;
  return commitOrRefuse(
    deps.store,
    b,
    `${open > 0 ? '已知悉/督办' : '已知悉'} · ${nameOf(ctx, actorId)} · ${acknowledgedText(pending)}`,
  );
}
