/**
 * The director submits the weekly review report; the principal records the monthly dispatch
 * minutes, whose resolutions become tracked tasks of their owners. Each record keeps the numbers of
 * its period as they were when it was submitted.
 */
import { monthlyContradictions, weeklyContradictions } from '../domain/answers/contradictions.js';
import type { PeriodItemsInput } from '../domain/answers/period-items.js';
import {
  attendeeNames,
  issuesText,
  monthlyMinutesSchema,
  readMeetingTime,
  weeklyReportSchema,
} from '../domain/answers/period-reports.js';
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
import { checkedChecklist, draftItemHazards } from './period-checklist.js';
import type { AnswersStore, Ids, TaskContext } from './ports.js';
import { policyOf } from './run-tick.js';
import { gate } from './task-gate.js';
import { nameOf } from './unit-people.js';

type Deps = Pick<EngineDeps<AnswersStore>, 'store' | 'clock' | 'defaults'> & { ids: Ids };
/** What reading a period task and counting its numbers need. */
type ReadDeps = Pick<EngineDeps<AnswersStore>, 'store' | 'clock'>;

async function open(
  deps: ReadDeps,
  actorId: string,
  key: string,
  kind: 'weekly' | 'monthly',
): Promise<Outcome<TaskContext>> {
  const [ctx] = await deps.store.loadTaskContexts([key]);
  if (!ctx || ctx.task.kind !== kind) return refuse('not_found', '找不到这项任务，请在最新的卡片上提交');
  const g = gate(ctx, actorId, deps.clock.now());
  return g.ok ? { ok: true, value: ctx } : g;
}

/**
 * The numbers of the task's own period, counted again now (the
 * card showed them as of its drawing), with the instant counted.
 */
async function statsOf(deps: ReadDeps, ctx: TaskContext, categories: string[]) {
  const now = deps.clock.now();
  const range = periodSoFar(ctx.task.period, ctx.unit.timeZone, now)!;
  const numbers = await deps.store.periodStats(ctx.unit.id, range, now, categories);
  return { ...numbers, statsAsOf: range.toAt.toISOString(), statsThrough: range.to };
}

/**
 * Free text that contradicts the numbers counted at submission: unconfirmed, the question (nothing
 * recorded); confirmed, the questions go into the record (`confirmedAgainst`), so a reader sees
 * the person was shown the data and kept the text.
 */
function contradiction(
  questions: string[],
  confirmed: boolean | undefined,
): { ask: Outcome<never> | null; noted: { confirmedAgainst?: string[] } } {
  if (questions.length === 0) return { ask: null, noted: {} };
  return confirmed
    ? { ask: null, noted: { confirmedAgainst: questions } }
    : { ask: refuse('confirm', questions.join('\n')), noted: {} };
}

/** `confirmed`: the person saw the contradiction question (确定) and submits as typed. */
export interface SubmitOptions {
  confirmed?: boolean;
  /** the 清单's weekly/monthly items as answered (form-values.ts periodItemsFromForm); none answered when absent */
  items?: PeriodItemsInput;
}

export async function submitWeeklyReport(
  deps: Deps,
  actorId: string,
  key: string,
  input: unknown,
  opts: SubmitOptions = {},
): Promise<Outcome<string>> {
  const o = await open(deps, actorId, key, 'weekly');
  if (!o.ok) return o;
  const parsed = weeklyReportSchema.safeParse(input);
  if (!parsed.success) return refuse('invalid', issuesText(parsed.error));
  const ctx = o.value;
  const checklist = await checkedChecklist(deps, ctx, 'weekly', opts.items ?? { answers: [] });
  if (!checklist.ok) return checklist;
  const now = deps.clock.now();
  const late = now > ctx.task.dueAt;
  const numbers = await statsOf(deps, ctx, (ctx.task.detail?.categories as string[] | undefined) ?? []);
  const { ask, noted } = contradiction(weeklyContradictions(parsed.data, { ...numbers, now }), opts.confirmed);
  if (ask) return ask;
  const b = emptyBundle(ctx.unit.id, ctx.unit.key, now);
  b.completeTasks.push({ key, late });
  const found = draftItemHazards(deps, b, ctx, 'weekly', checklist.value, actorId);
  b.records.push({
    kind: 'weekly_report',
    taskKey: key,
    personId: actorId,
    late,
    payload: { period: ctx.task.period, ...parsed.data, ...numbers, ...noted, ...checklist.value.part },
  });
  return commitOrRefuse(
    deps.store,
    b,
    `${late ? '逾期提交' : '已提交'} ${hhmmIn(now, ctx.unit.timeZone)} · ${nameOf(ctx, actorId)} · ${ctx.task.period}` +
      ` 周排查报告${foundLine(found)}`,
    { tone: late || found.length ? 'warning' : 'success' },
  );
}

export async function submitMonthlyMinutes(
  deps: Deps,
  actorId: string,
  key: string,
  input: unknown,
  opts: SubmitOptions = {},
): Promise<Outcome<string>> {
  const o = await open(deps, actorId, key, 'monthly');
  if (!o.ok) return o;
  const parsed = monthlyMinutesSchema.safeParse(input);
  if (!parsed.success) return refuse('invalid', issuesText(parsed.error));
  const ctx = o.value;
  const checklist = await checkedChecklist(deps, ctx, 'monthly', opts.items ?? { answers: [] });
  if (!checklist.ok) return checklist;
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
  const meetingTime = readMeetingTime(parsed.data.meetingTime, ctx.task.period);
  if (!meetingTime)
    return refuse(
      'invalid',
      `会议时间“${parsed.data.meetingTime}”请写日期和时间，例如 ${ctx.task.period.slice(5)}月28日 15:00`,
    );
  const recorder = parsed.data.recorder
    ? ctx.people.filter((p) => p.id === parsed.data.recorder || p.name === parsed.data.recorder)
    : [];
  if (parsed.data.recorder && recorder.length !== 1)
    return refuse(
      'invalid',
      recorder.length
        ? `本单位有多人名为“${parsed.data.recorder}”，请选择具体的记录人`
        : `记录人“${parsed.data.recorder}”不在本单位，请从本单位人员中选择`,
    );
  // 记录人 not chosen: the person who submits the minutes recorded them.
  const recorderId = recorder[0]?.id ?? actorId;
  const late = now > ctx.task.dueAt;
  const numbers = await statsOf(deps, ctx, []);
  const { ask, noted } = contradiction(monthlyContradictions(parsed.data, { ...numbers, now }), opts.confirmed);
  if (ask) return ask;
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
  const found = draftItemHazards(deps, b, ctx, 'monthly', checklist.value, actorId);
  b.records.push({
    kind: 'monthly_minutes',
    taskKey: key,
    personId: actorId,
    late,
    payload: {
      period: ctx.task.period,
      ...parsed.data,
      meetingTime,
      attendeeNames: attendeeNames(parsed.data.attendees),
      recorder: recorderId,
      recorderName: nameOf(ctx, recorderId),
      resolutions,
      ...numbers,
      ...noted,
      ...checklist.value.part,
    },
  });
  return commitOrRefuse(
    deps.store,
    b,
    `${late ? '逾期提交' : '已提交'} ${hhmmIn(now, tz)} · ${nameOf(ctx, actorId)} · ${ctx.task.period} ` +
      `月调度会议纪要${resolutions.length ? ` · ${resolutions.length} 条决议` : ''}${foundLine(found)}`,
    { tone: late || found.length ? 'warning' : 'success' },
  );
}

/** “ · 清单 1 项异常（已登记隐患）” */
const foundLine = (hazards: readonly string[]): string =>
  hazards.length ? ` · 清单 ${hazards.length} 项异常（已登记隐患）` : '';

/**
 * The contradiction questions a weekly or monthly submission would get now (the same rule as the
 * submit), for a channel that asks them inside its dialog before submitting (Telegram). Empty when
 * nothing contradicts, or when the submission would be refused anyway (the submit says why).
 */
export async function periodQuestions(
  deps: ReadDeps,
  actorId: string,
  kind: 'weekly' | 'monthly',
  key: string,
  input: unknown,
): Promise<string[]> {
  const o = await open(deps, actorId, key, kind);
  if (!o.ok) return [];
  const now = deps.clock.now();
  if (kind === 'weekly') {
    const parsed = weeklyReportSchema.safeParse(input);
    if (!parsed.success) return [];
    return weeklyContradictions(parsed.data, {
      ...(await statsOf(deps, o.value, (o.value.task.detail?.categories as string[] | undefined) ?? [])),
      now,
    });
  }
  const parsed = monthlyMinutesSchema.safeParse(input);
  if (!parsed.success) return [];
  return monthlyContradictions(parsed.data, { ...(await statsOf(deps, o.value, [])), now });
}

/** The owner reports a resolution done. */
export async function completeResolution(
  deps: Deps,
  actorId: string,
  key: string,
  note: string,
): Promise<Outcome<string>> {
  const [ctx] = await deps.store.loadTaskContexts([key]);
  if (ctx?.task.kind !== 'resolution') return refuse('not_found', '找不到这条调度决议');
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
