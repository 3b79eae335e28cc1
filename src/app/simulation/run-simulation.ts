/**
 * Runs the real engine on a virtual clock from `from` to `to`: at each instant where something is
 * due (a task opens, a level fires, a message is released, a scripted person acts) it acts, ticks,
 * delivers, and reports every prompt, reminder, escalation, record and hazard step as an event.
 */

import { nextOpeningAt } from '../../domain/engine/next-wake.js';
import { localDateOf } from '../../domain/local-time.js';
import { channelRegistry } from '../channel-registry.js';
import { dispatchOutbox } from '../dispatch-outbox.js';
import type { OutboxMessage, PersonMatch, PromptSender, Recipient } from '../ports.js';
import { promptText } from '../prompts/plain-text.js';
import { policyOf, runTick } from '../run-tick.js';
import { type ActDeps, act } from './act.js';
import { aboutPayload, type SimEvent, type Who } from './events.js';
import type { ScriptAction } from './script.js';

export interface TimedAction {
  at: Date;
  who: string;
  action: ScriptAction;
}

export interface SimulationDeps extends Omit<ActDeps, 'clock' | 'channels'> {
  clock: { now(): Date; set(at: Date): void };
}

const ROLE_ORDER = ['principal', 'director', 'officer'];

export async function runSimulation(
  deps: SimulationDeps,
  from: Date,
  to: Date,
  script: TimedAction[],
  emit: (e: SimEvent) => void,
): Promise<void> {
  const people = new Map<string, PersonMatch | null>();
  const person = async (q: string) => {
    if (!people.has(q)) people.set(q, (await deps.store.findPeople(q))[0] ?? null);
    return people.get(q)!;
  };
  const who = (p: PersonMatch): Who => ({
    id: p.id,
    name: p.name,
    role: [...p.roles].sort((a, b) => ROLE_ORDER.indexOf(a.role) - ROLE_ORDER.indexOf(b.role))[0]?.role ?? '',
  });
  const headers = await deps.store.unitHeaders();
  const unitKey = new Map(headers.map((h) => [h.id, h.key]));
  const tzOf = (unitId: string) => headers.find((h) => h.id === unitId)?.timeZone ?? 'Asia/Shanghai';

  const pending: { m: OutboxMessage; to: Recipient }[] = [];
  const messenger: PromptSender = {
    name: 'simulation',
    async sendPrompt(m, to) {
      pending.push({ m, to });
      return { platformMessageId: `sim:${m.id}` };
    },
  };
  const engine = { ...deps, channels: channelRegistry([messenger]) } as ActDeps;
  const queue = [...script].sort((a, b) => a.at.getTime() - b.at.getTime());
  let now = from;

  while (now < to) {
    deps.clock.set(now);
    while (queue.length && queue[0]!.at <= now) {
      const s = queue.shift()!;
      const p = await person(s.who);
      if (!p) {
        emit({
          at: now.toISOString(),
          event: 'refused',
          task: null,
          period: null,
          unit: '',
          text: `脚本中的“${s.who}”不在任何单位`,
        });
        continue;
      }
      const r = await act(engine, p, s.action);
      const unit = unitKey.get(p.roles[0]?.unitId ?? '') ?? '';
      const period = r.period ?? localDateOf(now, tzOf(p.roles[0]?.unitId ?? ''));
      emit({
        at: now.toISOString(),
        event: r.outcome.ok ? 'record' : 'refused',
        task: r.task,
        period,
        unit,
        by: who(p),
        ...(r.devices ? { devices: r.devices } : {}),
        text: r.outcome.ok ? r.outcome.value : r.outcome.message,
      });
    }
    const tick = await runTick(engine, now, { keepDecisions: true });
    for (const d of tick.decisions ?? []) {
      for (const n of d.notes)
        emit({
          at: now.toISOString(),
          event: 'non_operating_day',
          task: 'daily',
          period: n.date,
          unit: d.unitKey,
          text: n.reason,
        });
      const missedByDay = new Map<string, number>();
      for (const t of d.missed)
        missedByDay.set(`${t.kind}|${t.period}`, (missedByDay.get(`${t.kind}|${t.period}`) ?? 0) + 1);
      for (const [k, n] of missedByDay) {
        const [kind, period] = k.split('|') as [SimEvent['task'], string];
        emit({
          at: now.toISOString(),
          event: 'missed',
          task: kind,
          period,
          unit: d.unitKey,
          text: `${n} 项未完成，已记为缺失`,
        });
      }
    }
    for (let round = 0; round < 10; round++) {
      const r = await dispatchOutbox(engine, 1000);
      if (r.sent.length + r.cancelled.length + r.failed.length === 0) break;
    }
    for (const { m, to: r } of pending.splice(0)) {
      const p = r.personId ? await person(r.personId) : null;
      const about = aboutPayload(m.payload, localDateOf(now, r.timeZone));
      emit({
        at: now.toISOString(),
        event: m.purpose as SimEvent['event'],
        ...about,
        unit: unitKey.get(m.unitId) ?? '',
        to: p ? who(p) : { id: r.chatId ?? '', name: r.name, role: 'chat' },
        text: promptText(m.payload, { timeZone: r.timeZone, now }),
      });
    }
    now = await nextInstant(deps, headers, now, queue[0]?.at ?? null, to);
  }
}

async function nextInstant(
  deps: SimulationDeps,
  headers: Awaited<ReturnType<SimulationDeps['store']['unitHeaders']>>,
  now: Date,
  nextScript: Date | null,
  to: Date,
): Promise<Date> {
  const candidates = [
    nextScript,
    await deps.store.nextTaskActionAt(),
    await deps.store.nextMessageAt(),
    ...headers.map((h) => nextOpeningAt(policyOf(deps, h), now)),
    to,
  ];
  const future = candidates.filter((c): c is Date => c !== null && c > now);
  return new Date(Math.min(...future.map((c) => c.getTime())));
}
