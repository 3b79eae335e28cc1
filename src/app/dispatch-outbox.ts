/**
 * Drains the outbox through the channel: due messages are claimed (a lease, so that two instances
 * never send the same one at once), checked against the states of their tasks by then (deliveryOf:
 * work done → cancelled; a period closed → requests cancelled, escalations delivered as 已缺失), sent with the
 * message key as idempotency key, and their outcome recorded. Failures back off and finally land in
 * a dead-letter state with an alert in the log. One bad message never stops the loop.
 */
import { deliveryOf } from '../domain/engine/delivery.js';
import { ChannelError, RecipientUnreachable } from './channel-error.js';
import { reportUnreachable } from './report-unreachable.js';
import type { EngineDeps } from './engine-deps.js';
import type { OutboxMessage } from './ports.js';
import { enrichPayload } from './enrich-payload.js';

export const MAX_ATTEMPTS = 8;
const LEASE_MS = 60_000;

export interface DispatchResult {
  sent: OutboxMessage[];
  cancelled: OutboxMessage[];
  failed: OutboxMessage[];
}

/** 30 s, 1 min, 2 min … capped at 30 min. */
export function backoffMs(attempt: number): number {
  return Math.min(30_000 * 2 ** Math.max(0, attempt - 1), 30 * 60_000);
}

export async function dispatchOutbox(deps: Pick<EngineDeps, 'store' | 'clock' | 'log' | 'channels' | 'metrics'>, limit = 200): Promise<DispatchResult> {
  const { store, clock, log, channels } = deps;
  const result: DispatchResult = { sent: [], cancelled: [], failed: [] };
  const batch = await store.claimDueMessages(clock.now(), limit, LEASE_MS);
  const reached = new Map<string, { personId: string | null; chatId: string | null }[]>();
  for (const m of batch) {
    const ids = { messageId: m.id, key: m.key, unitId: m.unitId, personId: m.personId, attempt: m.attempts };
    let channel = channels.all[0]?.name ?? 'none';
    try {
      const delivery = deliveryOf(m, await store.taskStates(m.taskKeys));
      if (!delivery.send) {
        await store.markCancelled(m.id, delivery.reason);
        result.cancelled.push(m);
        continue;
      }
      const to = await store.recipientOf(m);
      const payload = await enrichPayload(store, { ...m, payload: delivery.payload }, to.timeZone, clock.now());
      for (const c of channels.routeOf(to)) {
        channel = c.name;
        const { platformMessageId } = await c.sendPrompt({ ...m, payload }, to);
        await store.markSent(m.id, c.name, platformMessageId, clock.now());
        deps.metrics?.delivered(c.name, m.purpose);
        reached.set(c.name, [...(reached.get(c.name) ?? []), { personId: m.personId, chatId: m.chatId }]);
      }
      result.sent.push(m);
    } catch (e) {
      const retryable = !(e instanceof ChannelError) || e.retryable;
      const dead = !retryable || m.attempts >= MAX_ATTEMPTS;
      const wait = e instanceof ChannelError && e.retryAfterMs !== undefined ? e.retryAfterMs : backoffMs(m.attempts);
      await store.markFailed(m.id, (e as Error).message, dead ? null : new Date(clock.now().getTime() + wait)).catch((err: unknown) => log.error({ ...ids, err }, 'could not record delivery failure'));
      deps.metrics?.deliveryFailed(channel, m.purpose, e instanceof RecipientUnreachable ? 'unreachable' : dead ? 'dead' : 'retry');
      if (dead) log.error({ ...ids, channel, err: e, alert: 'dead_letter' }, `消息投递失败且不再重试：${(e as Error).message}`);
      else log.warn({ ...ids, channel, err: e, retryInMs: wait }, 'message delivery failed, will retry');
      if (e instanceof RecipientUnreachable) await reportUnreachable(deps, channel, m, e).catch((err: unknown) => log.error({ ...ids, err }, 'could not record an unreachable recipient'));
      result.failed.push(m);
    }
  }
  // Whoever a message reached again is no longer unreachable (on that channel).
  for (const [channel, who] of reached) await store.clearUnreachable(channel, who, clock.now()).catch((err: unknown) => log.error({ err, channel }, 'could not clear unreachable recipients'));
  return result;
}
