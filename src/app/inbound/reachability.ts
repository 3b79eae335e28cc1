/**
 * A platform says a person can no longer be reached, or can again, before any message fails:
 * Telegram's `my_chat_member` in a private chat (the person blocked the bot: `kicked`; pressed
 * Start or unblocked it: `member`, https://core.telegram.org/bots/api#chatmemberupdated). Blocked →
 * the same episode a 403 would open (Unreachable table, listed by doctor) and the director told once
 * per unit (report-unreachable.ts), without waiting for the next prompt to fail; reachable again →
 * the open episodes on that channel end.
 */
import { RecipientUnreachable, type UnreachableCause } from '../channel-error.js';
import type { EngineDeps } from '../engine-deps.js';
import type { AnswersStore, InboxStore, OutboxStore, QueriesStore } from '../ports.js';
import { reportUnreachable } from '../report-unreachable.js';
import type { InboundResult } from './inbound-event.js';

export interface InboundReachabilityChange {
  channel: string;
  externalId: string;
  reachable: boolean;
  /** when not reachable: why, and what the adapter says to do after the person's name (“已在 Telegram 中屏蔽了机器人：…”) */
  cause?: UnreachableCause;
  detail?: string;
  code?: string;
}

export async function onReachability(
  deps: Pick<EngineDeps<AnswersStore & InboxStore & OutboxStore & QueriesStore>, 'store' | 'clock' | 'log'>,
  e: InboundReachabilityChange,
): Promise<InboundResult> {
  const ids = { channel: e.channel, externalId: e.externalId, reachable: e.reachable };
  const person = await deps.store.personByIdentity(e.channel, e.externalId);
  if (!person) {
    deps.log.info(ids, 'reachability change of an account bound to nobody: nothing to record');
    return { ignored: 'not_addressed' };
  }
  const now = deps.clock.now();
  if (e.reachable) {
    await deps.store.clearUnreachable(e.channel, [{ personId: person.id, chatId: null }], now);
    deps.log.info({ ...ids, personId: person.id }, 'reachable again: open unreachable episodes ended');
    return {};
  }
  const match = (await deps.store.findPeople(person.id)).find((p) => p.id === person.id);
  const unitIds = [...new Set(match?.roles.map((r) => r.unitId) ?? [])];
  const err = new RecipientUnreachable(`${person.name} ${e.detail ?? '无法收到消息'}`, e.cause ?? 'blocked', e.code);
  for (const unitId of unitIds)
    await reportUnreachable(deps, e.channel, { unitId, personId: person.id, chatId: null }, err);
  deps.log.warn(
    { ...ids, personId: person.id, units: unitIds.length },
    'a person blocked the bot: recorded as unreachable',
  );
  return {};
}
