/**
 * An officer submits the daily check for one or more of their devices (one card may list several).
 * Each device is either an explicit 零风险报告 or answered item by item; an 异常 item opens a hazard.
 * Everything is validated first; nothing is stored unless the whole submission is valid.
 */
import { type CheckedItem, checkDeviceAnswer, type DeviceAnswer } from '../domain/answers/daily-answer.js';
import { type ItemView, PAUSED_ITEM } from '../domain/engine/payloads.js';
import { photoRequired } from '../domain/evidence/photo-rules.js';
import { emptyBundle, StaleStateError } from './answer-bundle.js';
import { draftHazard } from './draft-hazard.js';
import type { EngineDeps } from './engine-deps.js';
import type { PhotoAsk } from './evidence/photo-flow.js';
import { hhmmIn } from './format.js';
import { type Outcome, refuse } from './outcome.js';
import type { AnswersStore, Ids, TaskContext } from './ports.js';
import { policyOf } from './run-tick.js';
import { gate } from './task-gate.js';
import { nameOf } from './unit-people.js';

export interface DailySubmission {
  actorId: string;
  answers: DeviceAnswer[];
  /**
   * leave out devices already answered or no longer asked this way (全部正常 for a whole card) instead of refusing them all
   */
  skipAnswered?: boolean;
}

export interface DailySummary {
  submittedAt: Date;
  /** “08:47” in the unit's time zone */
  time: string;
  by: string;
  devices: number;
  zeroRisk: number;
  abnormal: number;
  late: boolean;
  hazardIds: string[];
  /** “已提交 08:47 · 张三 · 3 台零风险 · 1 项异常” */
  line: string;
}

export async function submitDailyCheck(
  deps: Pick<EngineDeps<AnswersStore>, 'store' | 'clock' | 'defaults'> & { ids: Ids },
  s: DailySubmission,
): Promise<Outcome<DailySummary>> {
  const now = deps.clock.now();
  if (s.answers.length === 0) return refuse('invalid', '请至少填写一台设备的检查结果');
  const contexts = await deps.store.loadTaskContexts(s.answers.map((a) => a.taskKey));
  const byKey = new Map(contexts.map((c) => [c.task.key, c]));
  const checked: { ctx: TaskContext; answer: DeviceAnswer; items: CheckedItem[] }[] = [];
  const problems: string[] = [];
  // A device whose day's check was replaced during the day (paused / resumed) is asked on its new card.
  const answers = s.skipAnswered
    ? s.answers.filter((a) => !['done', 'cancelled'].includes(byKey.get(a.taskKey)?.task.state ?? ''))
    : s.answers;
  if (answers.length === 0) return refuse('already_done', '这些设备今天都已提交，无需重复提交');
  for (const a of answers) {
    const ctx = byKey.get(a.taskKey);
    if (ctx?.task.kind !== 'daily' || !ctx.device)
      return refuse('not_found', '找不到这项检查任务，请在最新的卡片上提交');
    const g = gate(ctx, s.actorId, now);
    if (!g.ok) return g;
    const r = checkDeviceAnswer(ctx.device.name, await itemsAsked(deps, ctx), a);
    if (!r.ok) problems.push(...r.problems);
    else checked.push({ ctx, answer: a, items: r.items });
  }
  if (problems.length) return refuse('invalid', problems.join('\n'));
  const unitIds = new Set(checked.map((c) => c.ctx.unit.id));
  if (unitIds.size !== 1) return refuse('invalid', '一次只能提交同一单位的检查');

  const unit = checked[0]!.ctx.unit;
  const policy = policyOf(deps, unit);
  const b = emptyBundle(unit.id, unit.key, now);
  const hazardIds: string[] = [];
  for (const { ctx, answer, items } of checked) {
    const late = now > ctx.task.dueAt;
    const found: string[] = [];
    for (const it of items.filter((i) => i.result === 'abnormal')) {
      found.push(
        draftHazard(b, ctx, policy, deps.ids, {
          level: it.level!,
          description: `${it.content}：${it.description}`,
          measures: it.measures ?? '',
          stoppedUse: it.stoppedUse ?? false,
          reporterId: s.actorId,
          device: ctx.device,
        }),
      );
    }
    hazardIds.push(...found);
    b.completeTasks.push({ key: ctx.task.key, late });
    const d = ctx.device!;
    b.records.push({
      kind: 'daily_check',
      taskKey: ctx.task.key,
      personId: s.actorId,
      late,
      payload: {
        date: ctx.task.period,
        equipment: { id: d.id, code: d.code, name: d.name, category: d.category, location: d.location },
        paused: ctx.task.detail?.paused === true,
        zeroRisk: answer.zeroRisk,
        items,
        hazardIds: found,
      },
    });
  }
  try {
    await deps.store.commitAnswer(b);
  } catch (e) {
    if (e instanceof StaleStateError) return refuse('already_done', '这项检查刚刚已被提交，无需重复提交');
    throw e;
  }
  const photos = hazardIds.length ? await photoAsk(deps, unit, checked, hazardIds) : undefined;
  const ctx0 = checked[0]!.ctx;
  const zeroRisk = checked.filter((c) => c.answer.zeroRisk || c.items.every((i) => i.result !== 'abnormal')).length;
  const abnormal = checked.reduce((n, c) => n + c.items.filter((i) => i.result === 'abnormal').length, 0);
  const late = checked.some((c) => now > c.ctx.task.dueAt);
  const time = hhmmIn(now, unit.timeZone);
  const by = nameOf(ctx0, s.actorId);
  const parts = [
    `${late ? '逾期提交' : '已提交'} ${time}`,
    by,
    ...(zeroRisk ? [`${zeroRisk} 台零风险`] : []),
    ...(abnormal ? [`${abnormal} 项异常`] : []),
  ];
  return {
    ok: true,
    value: {
      submittedAt: now,
      time,
      by,
      devices: checked.length,
      zeroRisk,
      abnormal,
      late,
      hazardIds,
      line: parts.join(' · '),
    },
    ...(abnormal > 0 || late ? { tone: 'warning' as const } : {}),
    ...(photos ? { photos } : {}),
  };
}

/** Photos of the 异常 found: required when an item's rule (checklist `photo:`) says so for its level. */
async function photoAsk(
  deps: Pick<EngineDeps<AnswersStore>, 'store'>,
  unit: TaskContext['unit'],
  checked: { ctx: TaskContext; items: CheckedItem[] }[],
  hazardIds: string[],
): Promise<PhotoAsk> {
  let required = false;
  for (const { ctx, items } of checked) {
    const abnormal = items.filter((i) => i.result === 'abnormal');
    if (abnormal.length === 0) continue;
    const cl = await deps.store.checklistInForce(ctx.unit.key, ctx.device!.category, ctx.task.period);
    const rules = new Map((cl?.items ?? []).map((it) => [it.content, it.photo]));
    if (abnormal.some((i) => photoRequired(rules.get(i.content), i.level ?? 'general'))) required = true;
  }
  return { unitId: unit.id, unitKey: unit.key, hazardIds, stage: 'found', required };
}

/** The items a daily task asked: the checklist in force on its day, or the paused-device item. */
export async function itemsAsked(deps: Pick<EngineDeps<AnswersStore>, 'store'>, ctx: TaskContext): Promise<ItemView[]> {
  if (ctx.task.detail?.paused === true) return [PAUSED_ITEM];
  const cl = await deps.store.checklistInForce(ctx.unit.key, ctx.device!.category, ctx.task.period);
  return (cl?.items ?? [])
    .filter((i) => i.frequency === 'daily')
    .map((it, i) => ({
      seq: i + 1,
      group: it.group,
      content: it.content,
      standard: it.standard,
      required: it.required,
    }));
}
