/**
 * 两员意见建议: an officer or director advises the principal, who must answer adopted or rejected
 * (with a reason) in time. All of it is kept: the rules make it decide who is liable.
 */
import { rectifyDeadline } from '../domain/answers/hazard-rules.js';
import { messageKey, taskKey } from '../domain/engine/keys.js';
import { taskNextAction } from '../domain/engine/next-wake.js';
import { deliverAfter } from '../domain/engine/quiet-hours.js';
import { localDateOf } from '../domain/local-time.js';
import { emptyBundle } from './answer-bundle.js';
import { commitOrRefuse } from './commit.js';
import type { EngineDeps } from './engine-deps.js';
import { type Outcome, refuse } from './outcome.js';
import type { AnswersStore, Ids } from './ports.js';
import { policyOf } from './run-tick.js';
import { gate } from './task-gate.js';
import { hasRole, nameOf, peopleWithRole } from './unit-people.js';

type Deps = Pick<EngineDeps<AnswersStore>, 'store' | 'clock' | 'defaults'>;

export async function sendAdvice(
  deps: Deps & { ids: Ids },
  actorId: string,
  unitId: string,
  content: string,
): Promise<Outcome<{ adviceId: string; taskKey: string; line: string }>> {
  const ctx = await deps.store.loadUnitContext(unitId);
  if (!ctx) return refuse('not_found', '找不到所在单位');
  if (!hasRole(ctx, actorId, 'officer') && !hasRole(ctx, actorId, 'director'))
    return refuse('forbidden', '意见建议由安全总监或安全员向主要负责人提出');
  if (!content.trim()) return refuse('invalid', '请写明意见建议的内容');
  const principal = peopleWithRole(ctx, 'principal')[0];
  if (!principal) return refuse('not_found', '本单位尚未设置主要负责人，请联系管理员');
  const now = deps.clock.now();
  const policy = policyOf(deps, ctx.unit);
  const tz = policy.timeZone;
  const id = deps.ids.newId();
  const dueAt = rectifyDeadline(now, policy.schedule.advice_days, tz, policy.schedule.daily.due);
  const b = emptyBundle(ctx.unit.id, ctx.unit.key, now);
  b.advice.push({ id, fromId: actorId, toId: principal.id, content: content.trim(), dueAt });
  const period = localDateOf(now, tz);
  const key = taskKey(ctx.unit.key, 'advice', period, id);
  const task = {
    key,
    kind: 'advice' as const,
    period,
    subjectId: id,
    assigneeId: principal.id,
    opensAt: now,
    dueAt,
    closesAt: null,
    state: 'open' as const,
    detail: { content: content.trim(), fromId: actorId },
  };
  b.tasks.push({ ...task, nextActionAt: taskNextAction({ policy }, task, now) });
  b.records.push({
    kind: 'advice',
    taskKey: key,
    personId: actorId,
    late: false,
    payload: { adviceId: id, to: principal.id, content: content.trim() },
  });
  b.messages.push({
    key: messageKey(ctx.unit.key, `advice:${id}`, 'advice', 0, principal.id),
    group: `advice:${id}`,
    personId: principal.id,
    chatId: null,
    purpose: 'advice',
    urgent: false,
    payload: {
      type: 'advice_request',
      unitName: ctx.unit.name,
      adviceId: id,
      taskKey: key,
      from: nameOf(ctx, actorId),
      content: content.trim(),
      dueAt: dueAt.toISOString(),
    },
    taskKeys: [key],
    notBefore: deliverAfter(now, false, policy.quietHours, tz),
  });
  return commitOrRefuse(deps.store, b, {
    adviceId: id,
    taskKey: key,
    line: `已提交给 ${principal.name}，请其在期限内答复`,
  });
}

export async function answerAdvice(
  deps: Deps,
  actorId: string,
  adviceTaskKey: string,
  answer: 'adopted' | 'rejected',
  reason: string,
): Promise<Outcome<string>> {
  const [ctx] = await deps.store.loadTaskContexts([adviceTaskKey]);
  if (ctx?.task.kind !== 'advice') return refuse('not_found', '找不到这条意见建议');
  const g = gate(ctx, actorId, deps.clock.now());
  if (!g.ok) return g.reason === 'already_done' ? refuse('already_done', '这条意见建议已经答复') : g;
  if (answer === 'rejected' && !reason.trim()) return refuse('invalid', '不采纳时请说明理由');
  const now = deps.clock.now();
  const policy = policyOf(deps, ctx.unit);
  const b = emptyBundle(ctx.unit.id, ctx.unit.key, now);
  const adviceId = ctx.task.subjectId;
  const content = String(ctx.task.detail?.content ?? '');
  const fromId = String(ctx.task.detail?.fromId ?? '');
  b.completeTasks.push({ key: ctx.task.key, late: now > ctx.task.dueAt });
  b.adviceAnswers.push({ id: adviceId, answer, reason: reason.trim() });
  b.records.push({
    kind: 'advice_answer',
    taskKey: ctx.task.key,
    personId: actorId,
    late: now > ctx.task.dueAt,
    payload: { adviceId, answer, reason: reason.trim() },
  });
  if (fromId) {
    b.messages.push({
      key: messageKey(ctx.unit.key, `advice:${adviceId}`, 'answer', 0, fromId),
      group: `advice:${adviceId}`,
      personId: fromId,
      chatId: null,
      purpose: 'advice',
      urgent: false,
      payload: {
        type: 'advice_answered',
        unitName: ctx.unit.name,
        adviceId,
        content,
        answer,
        reason: reason.trim(),
        by: nameOf(ctx, actorId),
      },
      taskKeys: [],
      notBefore: deliverAfter(now, false, policy.quietHours, policy.timeZone),
    });
  }
  return commitOrRefuse(
    deps.store,
    b,
    `已答复：${answer === 'adopted' ? '采纳' : '不采纳'} · ${nameOf(ctx, actorId)}`,
    { tone: answer === 'adopted' ? 'success' : 'warning' },
  );
}
