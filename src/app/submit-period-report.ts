/**
 * The director submits the weekly review report; the principal records the monthly dispatch
 * minutes, whose resolutions become tracked tasks of their owners. Each record keeps the numbers of
 * its period as they were when it was submitted.
 */
import { issuesText, monthlyMinutesSchema, weeklyReportSchema } from '../domain/answers/period-reports.js';
import { messageKey, taskKey } from '../domain/engine/keys.js';
import { taskNextAction } from '../domain/engine/next-wake.js';
import { deliverAfter } from '../domain/engine/quiet-hours.js';
import { atLocal, localDateOf } from '../domain/local-time.js';
import { emptyBundle } from './answer-bundle.js';
import { commitOrRefuse } from './commit.js';
import type { EngineDeps } from './engine-deps.js';
import { periodSoFar } from './enrich-payload.js';
import { hhmmIn } from './format.js';
import { type Outcome, refuse } from './outcome.js';
import type { TaskContext } from './ports.js';
import { policyOf } from './run-tick.js';
import { gate } from './task-gate.js';
import { nameOf } from './unit-people.js';

type Deps = Pick<EngineDeps, 'store' | 'clock' | 'defaults'>;

async function open(
  deps: Deps,
  actorId: string,
  key: string,
  kind: 'weekly' | 'monthly',
): Promise<Outcome<TaskContext>> {
  const [ctx] = await deps.store.loadTaskContexts([key]);
  if (!ctx || ctx.task.kind !== kind) return refuse('not_found', '找不到这项任务，请在最新的卡片上提交');
  const g = gate(ctx, actorId, deps.clock.now());
  return g.ok ? { ok: true, value: ctx } : g;
}

/** The numbers of the task's own period, counted again now (the card showed them as of its drawing), with the instant counted. */
async function statsOf(deps: Deps, ctx: TaskContext, categories: string[]) {
  const now = deps.clock.now();
  const range = periodSoFar(ctx.task.period, ctx.unit.timeZone, now)!;
  const numbers = await deps.store.periodStats(ctx.unit.id, range, now, categories);
  return { ...numbers, statsAsOf: range.toAt.toISOString(), statsThrough: range.to };
}

export async function submitWeeklyReport(
  deps: Deps,
  actorId: string,
  key: string,
  input: unknown,
): Promise<Outcome<string>> {
  const o = await open(deps, actorId, key, 'weekly');
  if (!o.ok) return o;
  const parsed = weeklyReportSchema.safeParse(input);
  if (!parsed.success) return refuse('invalid', issuesText(parsed.error));
  const ctx = o.value;
  const now = deps.clock.now();
  const late = now > ctx.task.dueAt;
  const numbers = await statsOf(deps, ctx, (ctx.task.detail?.categories as string[] | undefined) ?? []);
  const b = emptyBundle(ctx.unit.id, ctx.unit.key, now);
  b.completeTasks.push({ key, late });
  b.records.push({
    kind: 'weekly_report',
    taskKey: key,
    personId: actorId,
    late,
    payload: { period: ctx.task.period, ...parsed.data, ...numbers },
  });
  return commitOrRefuse(
    deps.store,
    b,
    `${late ? '逾期提交' : '已提交'} ${hhmmIn(now, ctx.unit.timeZone)} · ${nameOf(ctx, actorId)} · ${ctx.task.period} 周排查报告`,
    { tone: late ? 'warning' : 'success' },
  );
}

export async function submitMonthlyMinutes(
  deps: Deps,
  actorId: string,
  key: string,
  input: unknown,
): Promise<Outcome<string>> {
  const o = await open(deps, actorId, key, 'monthly');
  if (!o.ok) return o;
  const parsed = monthlyMinutesSchema.safeParse(input);
  if (!parsed.success) return refuse('invalid', issuesText(parsed.error));
  const ctx = o.value;
  const now = deps.clock.now();
  const policy = policyOf(deps, ctx.unit);
  const tz = policy.timeZone;
  const today = localDateOf(now, tz);
  const owners: string[] = [];
  for (const r of parsed.data.resolutions) {
    const who = ctx.people.filter((p) => p.id === r.owner || p.name === r.owner);
    if (who.length !== 1)
      return refuse(
        'invalid',
        who.length
          ? `本单位有多人名为“${r.owner}”，请选择具体的人`
          : `责任人“${r.owner}”不在本单位，请从本单位人员中选择`,
      );
    if (r.deadline < today) return refuse('invalid', `决议“${r.content}”的完成时限 ${r.deadline} 已过，请重新选择`);
    owners.push(who[0]!.id);
  }
  const late = now > ctx.task.dueAt;
  const numbers = await statsOf(deps, ctx, []);
  const b = emptyBundle(ctx.unit.id, ctx.unit.key, now);
  b.completeTasks.push({ key, late });
  parsed.data.resolutions.forEach((r, i) => {
    const k = taskKey(ctx.unit.key, 'resolution', ctx.task.period, `${i + 1}`);
    const dueAt = atLocal(r.deadline, policy.schedule.daily.due, tz);
    const task = {
      key: k,
      kind: 'resolution' as const,
      period: ctx.task.period,
      subjectId: `${ctx.task.id}:${i + 1}`,
      assigneeId: owners[i]!,
      opensAt: now,
      dueAt,
      closesAt: null,
      state: 'open' as const,
      detail: { content: r.content, minutesTask: key },
    };
    b.tasks.push({ ...task, nextActionAt: taskNextAction({ policy }, task, now) });
    b.messages.push({
      key: messageKey(ctx.unit.key, `resolution:${task.subjectId}`, 'assigned', 0, owners[i]!),
      group: `resolution:${task.subjectId}`,
      personId: owners[i]!,
      chatId: null,
      purpose: 'notice',
      urgent: false,
      payload: {
        type: 'resolution_assigned',
        unitName: ctx.unit.name,
        taskKey: k,
        content: r.content,
        deadline: dueAt.toISOString(),
        from: nameOf(ctx, actorId),
        period: ctx.task.period,
      },
      taskKeys: [k],
      notBefore: deliverAfter(now, false, policy.quietHours, tz),
    });
  });
  const resolutions = parsed.data.resolutions.map((r, i) => ({
    ...r,
    ownerId: owners[i],
    ownerName: nameOf(ctx, owners[i]!),
  }));
  b.records.push({
    kind: 'monthly_minutes',
    taskKey: key,
    personId: actorId,
    late,
    payload: { period: ctx.task.period, ...parsed.data, resolutions, ...numbers },
  });
  return commitOrRefuse(
    deps.store,
    b,
    `${late ? '逾期提交' : '已提交'} ${hhmmIn(now, tz)} · ${nameOf(ctx, actorId)} · ${ctx.task.period} 月调度会议纪要${resolutions.length ? ` · ${resolutions.length} 条决议` : ''}`,
    { tone: late ? 'warning' : 'success' },
  );
}

/** The owner reports a resolution done. */
export async function completeResolution(
  deps: Deps,
  actorId: string,
  key: string,
  note: string,
): Promise<Outcome<string>> {
  const [ctx] = await deps.store.loadTaskContexts([key]);
  if (!ctx || ctx.task.kind !== 'resolution') return refuse('not_found', '找不到这条调度决议');
  const g = gate(ctx, actorId, deps.clock.now());
  if (!g.ok) return g;
  const now = deps.clock.now();
  const late = now > ctx.task.dueAt;
  const b = emptyBundle(ctx.unit.id, ctx.unit.key, now);
  b.completeTasks.push({ key, late });
  b.records.push({
    kind: 'resolution_done',
    taskKey: key,
    personId: actorId,
    late,
    payload: { content: ctx.task.detail?.content, note: note.trim() },
  });
  return commitOrRefuse(deps.store, b, `已完成 · ${nameOf(ctx, actorId)}${late ? '（逾期）' : ''}`, {
    tone: late ? 'warning' : 'success',
  });
}
