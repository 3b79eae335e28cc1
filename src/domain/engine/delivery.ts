/**
 * What a message still has to say when its moment of delivery comes (it may have waited through
 * quiet hours, a retry or downtime), from the states its tasks are in by then. Pure.
 *
 * A message that asks for the work (a prompt, a reminder, a hazard or advice request) is pointless
 * once no task it names is open, and is cancelled. An escalation is a notice that work is late:
 * when the period closes meanwhile, the work is missed, and the notice must still reach the person
 * it was decided for — it is delivered with those items marked 已缺失. Only when every task it
 * names was done (or is no longer required) is it cancelled.
 */
import type { Payload } from './payloads.js';
import type { NewMessage } from './snapshot.js';

export type Delivery = { send: true; payload: Payload } | { send: false; reason: string };

type Msg = Pick<NewMessage, 'payload' | 'taskKeys'> & { purpose: string };

export function deliveryOf(m: Msg, states: ReadonlyMap<string, string>): Delivery {
  if (m.taskKeys.length === 0) return { send: true, payload: m.payload };
  const stateOf = (k: string) => states.get(k) ?? 'unknown';
  if (m.purpose === 'escalation') {
    const kept = new Set(m.taskKeys.filter((k) => stateOf(k) === 'open' || stateOf(k) === 'missed'));
    if (kept.size === 0) return { send: false, reason: 'work done before delivery' };
    return { send: true, payload: escalationAsOf(m.payload, kept, stateOf) };
  }
  const open = new Set(m.taskKeys.filter((k) => stateOf(k) === 'open'));
  if (open.size === 0) {
    const missed = m.taskKeys.some((k) => stateOf(k) === 'missed');
    return {
      send: false,
      reason: missed ? 'period closed before delivery (the work it asked for is missed)' : 'work done before delivery',
    };
  }
  const p = m.payload;
  // A reminder lists what is still open, not what was done meanwhile.
  if (p.type === 'reminder')
    return { send: true, payload: { ...p, items: p.items.filter((i) => open.has(i.taskKey)) } };
  return { send: true, payload: p };
}

function escalationAsOf(p: Payload, kept: ReadonlySet<string>, stateOf: (k: string) => string): Payload {
  if (p.type !== 'escalation') return p;
  const groups = p.groups
    .map((g) => ({
      ...g,
      items: g.items
        .filter((i) => kept.has(i.taskKey))
        .map((i) => (stateOf(i.taskKey) === 'missed' ? { ...i, missed: true } : i)),
    }))
    .filter((g) => g.items.length > 0);
  return { ...p, groups };
}
