/** Performs one scripted action through the same use cases a chat answer goes through. */
import type { DeviceAnswer } from '../../domain/answers/daily-answer.js';
import type { PeriodItemAnswer } from '../../domain/answers/period-items.js';
import type { TaskKind } from '../../domain/engine/policy.js';
import { localDateOf, localTimeOf } from '../../domain/local-time.js';
import { type Category, parseCategory } from '../../domain/model.js';
import { acknowledge } from '../acknowledge.js';
import { answerAdvice, sendAdvice } from '../advice.js';
import type { EngineDeps } from '../engine-deps.js';
import { confirmHazard, rectifyHazard, verifyHazard } from '../hazard-actions.js';
import { type Outcome, refuse } from '../outcome.js';
import { periodItems } from '../period-items.js';
import type { AnswersStore, EngineStore, Ids, InboxStore, OutboxStore, PersonMatch, QueriesStore } from '../ports.js';
import { reportHazard } from '../report-hazard.js';
import { itemsAsked, submitDailyCheck } from '../submit-daily-check.js';
import { completeResolution, submitMonthlyMinutes, submitWeeklyReport } from '../submit-period-report.js';
import type { PeriodItemScript, ScriptAction } from './script.js';

/**
 * The moment of the act as a 会议时间 (“2026-12-28 15:00”) in the
 * unit's zone: a script that names none held the meeting now.
 */
async function meetingNow(deps: Pick<EngineDeps<AnswersStore>, 'store' | 'clock'>, key: string): Promise<string> {
  const [ctx] = await deps.store.loadTaskContexts([key]);
  const tz = ctx?.unit.timeZone ?? 'Asia/Shanghai';
  const now = deps.clock.now();
  return `${localDateOf(now, tz)} ${localTimeOf(now, tz)}`;
}

/** The scripted items as answers, found by number or content in the items the task asks; or what is wrong. */
async function scriptedItems(
  deps: Pick<ActDeps, 'store'>,
  key: string,
  kind: 'weekly' | 'monthly',
  scripted: readonly PeriodItemScript[],
): Promise<PeriodItemAnswer[] | string> {
  if (scripted.length === 0) return [];
  const [ctx] = await deps.store.loadTaskContexts([key]);
  if (!ctx) return `找不到任务 ${key}`;
  const scope = kind === 'weekly' ? ((ctx.task.detail?.categories as Category[] | undefined) ?? []) : [];
  const asked = (await periodItems(deps.store, ctx.unit.id, kind, ctx.task.period, scope)).items;
  const out: PeriodItemAnswer[] = [];
  for (const x of scripted) {
    const category = parseCategory(x.category);
    const it = asked.find((i) => i.category === category && (i.seq === x.item || i.content === x.item));
    if (!it) return `本次${kind === 'weekly' ? '周排查' : '月调度'}没有${x.category}清单项“${x.item}”`;
    out.push({
      category: it.category,
      seq: it.seq,
      result: x.result,
      ...(x.result === 'abnormal' ? { level: x.level } : {}),
      note: x.note,
    });
  }
  return out;
}

/** A simulation acts as every person would: through every part of the Store but the operators'. */
export type ActDeps = EngineDeps<EngineStore & OutboxStore & AnswersStore & InboxStore & QueriesStore> & { ids: Ids };

export interface ActResult {
  task: TaskKind | null;
  period: string | null;
  devices?: string[];
  outcome: Outcome<string>;
}

const line = <T>(o: Outcome<T>, text: (v: T) => string): Outcome<string> =>
  o.ok ? { ok: true, value: text(o.value) } : o;
const none = (message: string): ActResult => ({ task: null, period: null, outcome: refuse('not_found', message) });

export async function act(deps: ActDeps, who: PersonMatch, a: ScriptAction): Promise<ActResult> {
  const tasks = (kinds: TaskKind[]) => deps.store.openTasksOf(who.id, kinds);
  const unitId = who.roles[0]?.unitId;
  switch (a.do) {
    case 'daily': {
      const today = (await tasks(['daily'])).filter((t) => deps.clock.now() >= t.opensAt);
      if (today.length === 0) return none(`${who.name} 没有待完成的日管控检查`);
      const contexts = await deps.store.loadTaskContexts(today.map((t) => t.key));
      const answers: DeviceAnswer[] = [];
      for (const ctx of contexts) {
        const d = ctx.device!;
        const spec = a.devices[d.name] ?? a.devices[d.code];
        if (!spec) {
          answers.push({ taskKey: ctx.task.key, zeroRisk: true, items: [] });
          continue;
        }
        const items = await itemsAsked(deps, ctx);
        const target = items.find((it) => it.seq === spec.abnormal.item || it.content === spec.abnormal.item);
        if (!target) return none(`${d.name} 没有检查项“${spec.abnormal.item}”`);
        const x = spec.abnormal;
        answers.push({
          taskKey: ctx.task.key,
          zeroRisk: false,
          items: items.map((it) =>
            it === target
              ? {
                  seq: it.seq,
                  result: 'abnormal' as const,
                  description: x.description,
                  level: x.level,
                  measures: x.measures,
                  stoppedUse: x.stopped_use,
                }
              : { seq: it.seq, result: 'normal' as const },
          ),
        });
      }
      const o = await submitDailyCheck(deps, { actorId: who.id, answers });
      return {
        task: 'daily',
        period: contexts[0]!.task.period,
        devices: contexts.map((c) => c.device!.name),
        outcome: line(o, (v) => v.line),
      };
    }
    case 'weekly':
    case 'monthly': {
      const [t] = await tasks([a.do]);
      if (!t) return none(`${who.name} 没有待完成的${a.do === 'weekly' ? '周排查' : '月调度'}任务`);
      // The 清单 items the script names are 异常 / 不适用, every other one 正常; 维保监督 as scripted.
      const answers = await scriptedItems(deps, t.key, a.do, a.items);
      if (typeof answers === 'string') return none(answers);
      const items = {
        items: { answers, othersNormal: true, ...(a.do === 'weekly' ? { maintenance: a.maintenance } : {}) },
      };
      const o =
        a.do === 'weekly'
          ? await submitWeeklyReport(
              deps,
              who.id,
              t.key,
              { evaluation: a.evaluation, nextWeekFocus: a.next_week_focus, participants: a.participants },
              items,
            )
          : await submitMonthlyMinutes(
              deps,
              who.id,
              t.key,
              {
                meetingTime: a.meeting_time || (await meetingNow(deps, t.key)),
                location: a.location,
                attendees: a.attendees,
                nextMonthFocus: a.next_month_focus,
                recorder: a.recorder,
                incidents: a.incidents,
                adjustments: a.adjustments,
                resolutions: a.resolutions,
              },
              items,
            );
      return { task: a.do, period: t.period, outcome: o };
    }
    case 'confirm':
    case 'rectify':
    case 'verify': {
      if (!unitId) return none(`${who.name} 不属于任何单位`);
      const wanted = a.do === 'confirm' ? ['open'] : a.do === 'rectify' ? ['open', 'rectifying'] : ['rectified'];
      const hazards = (await deps.store.listHazards(unitId, true)).filter(
        (h) => wanted.includes(h.state) && (a.hazard === 'latest' || h.description.includes(a.hazard)),
      );
      const h = hazards[0];
      if (!h) return none(`没有可${a.do === 'confirm' ? '确认' : a.do === 'rectify' ? '整改' : '核实'}的隐患`);
      const o =
        a.do === 'confirm'
          ? await confirmHazard(deps, who.id, h.id, a.note)
          : a.do === 'rectify'
            ? await rectifyHazard(deps, who.id, h.id, a.text, '', a.funds)
            : await verifyHazard(deps, who.id, h.id, a.accepted, a.comment);
      return { task: 'hazard', period: null, devices: [h.description], outcome: o };
    }
    case 'report_hazard': {
      if (!unitId) return none(`${who.name} 不属于任何单位`);
      const devices = a.device ? await deps.store.findDevices(unitId, a.device) : [];
      if (a.device && devices.length !== 1) return none(`找不到唯一的设备“${a.device}”`);
      const o = await reportHazard(deps, {
        actorId: who.id,
        unitId,
        equipmentId: devices[0]?.id ?? null,
        level: a.level,
        description: a.description,
        measures: a.measures,
        stoppedUse: a.stopped_use,
      });
      return { task: 'hazard', period: null, devices: devices.map((d) => d.name), outcome: line(o, (v) => v.line) };
    }
    case 'advice': {
      if (!unitId) return none(`${who.name} 不属于任何单位`);
      const o = await sendAdvice(deps, who.id, unitId, a.content);
      return { task: 'advice', period: null, outcome: line(o, (v) => v.line) };
    }
    case 'answer_advice': {
      const [t] = await tasks(['advice']);
      if (!t) return none(`${who.name} 没有待答复的意见建议`);
      return { task: 'advice', period: t.period, outcome: await answerAdvice(deps, who.id, t.key, a.answer, a.reason) };
    }
    case 'ack': {
      const keys = await deps.store.escalatedOpenTasks(who.id);
      if (keys.length === 0) return none(`${who.name} 没有需要督办的事项`);
      return { task: null, period: null, outcome: await acknowledge(deps, who.id, keys) };
    }
    case 'complete_resolution': {
      const [t] = await tasks(['resolution']);
      if (!t) return none(`${who.name} 没有待完成的调度决议`);
      return { task: 'resolution', period: t.period, outcome: await completeResolution(deps, who.id, t.key, a.note) };
    }
  }
}
