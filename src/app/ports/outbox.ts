/**
 * The Store as the outbox uses it: claiming due messages, recording how each delivery ended, the
 * people a channel could not reach, dead letters and the notices about them, and the send budget
 * shared by the instances.
 */

import type { Payload } from '../../domain/engine/payloads.js';

/** A message of the outbox, claimed for delivery. */
export interface OutboxMessage {
  id: string;
  key: string;
  unitId: string;
  personId: string | null;
  chatId: string | null;
  purpose: string;
  urgent: boolean;
  payload: Payload;
  taskKeys: string[];
  attempts: number;
  createdAt: Date;
}

/** How a delivery ended, as OutboxStore.recordOutcomes records it with others of its moment. */
export type OutboxOutcome =
  | { id: string; state: 'sent'; channel: string; platformMessageId: string; at: Date }
  | { id: string; state: 'cancelled'; reason: string };

/** Whom a message goes to, with the chat accounts bound to that person. */
export interface Recipient {
  personId: string | null;
  name: string;
  /** the time zone of the message's unit, to show times as the recipient reads them */
  timeZone: string;
  chatId: string | null;
  identities: { channel: string; externalId: string }[];
  /** the channels the unit file names for this person (`channels: [feishu, telegram]`); absent: decided by binding */
  channels?: string[];
}

/** Someone a channel could not reach, as the dispatcher records it (see RecipientUnreachable). */
export interface UnreachableEntry {
  channel: string;
  unitId: string;
  personId: string | null;
  chatId: string | null;
  /** UnreachableCause */
  cause: string;
  /** the platform's code */
  code: string;
  /** what the adapter said: who, why, what to change */
  detail: string;
}

/** An open episode, for doctor. */
export interface UnreachableRow extends UnreachableEntry {
  unitName: string;
  /** the person's name, or 群 <chat id> */
  who: string;
  since: Date;
  lastAt: Date;
  failures: number;
  notifiedAt: Date | null;
}

/** A message given up after its last attempt. */
export interface DeadLetter {
  id: string;
  key: string;
  unitId: string;
  unitKey: string;
  unitName: string;
  personId: string | null;
  /** the person's name, or 群 <chat id> */
  who: string;
  purpose: string;
  attempts: number;
  error: string;
  createdAt: Date;
  deadAt: Date | null;
}

/** A notice to a person or a chat, written by a use case (dead letters). */
export interface NoticeDraft {
  key: string;
  unitId: string;
  unitName: string;
  personId: string | null;
  chatId: string | null;
  text: string;
  notBefore: Date;
}

/** A rate-limited key of a platform (an app, one receiver of it) and the least time between two sends through it. */
export interface SlotKey {
  key: string;
  intervalMs: number;
  /** how far ahead of its pace the key may run (a burst): 0 = evenly spaced */
  burstMs?: number;
  /**
   * a hold (a platform's 429 for the whole app or one receiver, holdSendSlot): the slot is not
   * before its instant, and reserving does not move it on
   */
  hold?: boolean;
}

export interface OutboxStore {
  /**
   * Claims up to `limit` messages that are due (notBefore and retry time passed) for delivery,
   * urgent first, in one statement: a lease so that a second instance does not send them at the
   * same time. `attempts` counts this attempt.
   */
  claimDueMessages(now: Date, limit: number, leaseMs: number): Promise<OutboxMessage[]>;
  /** the states (open | done | missed | cancelled) of the tasks with these keys; unknown keys are absent */
  taskStates(taskKeys: string[]): Promise<Map<string, string>>;
  /** the recipients of a batch of messages, in its order (a few reads for the whole batch) */
  recipientsOf(ms: readonly OutboxMessage[]): Promise<Recipient[]>;
  /** records many messages as sent or cancelled at once (one statement) */
  recordOutcomes(outcomes: readonly OutboxOutcome[]): Promise<void>;
  markSent(id: string, channel: string, platformMessageId: string, now: Date): Promise<void>;
  /** a message routed to several channels: the channels it reached so far, with their platform ids (oldest first) */
  deliveriesOf(messageId: string): Promise<{ channel: string; platformMessageId: string }[]>;
  /** a message routed to several channels reached one of them (sentMessageByPlatformId finds it by these ids too) */
  recordDelivery(messageId: string, channel: string, platformMessageId: string, now: Date): Promise<void>;
  /**
   * retryAt null: given up (dead, dated `now` for the dead-letter notice); `channel`: the one that
   * failed (operators see dead letters by channel)
   */
  markFailed(id: string, error: string, retryAt: Date | null, now?: Date, channel?: string): Promise<void>;
  markCancelled(id: string, reason: string): Promise<void>;
  /** records a failed delivery to someone unreachable; `notified` says whether this episode was already told */
  markUnreachable(entry: UnreachableEntry, now: Date): Promise<{ id: string; episode: number; notified: boolean }>;
  /** puts the notice about an episode in the outbox (once per key) and marks the episode as told */
  notifyUnreachable(
    id: string,
    notice: { key: string; unitId: string; personId: string; unitName: string; text: string },
    now: Date,
  ): Promise<void>;
  /** messages reached these people/groups: their open episodes end (with `openedBefore`: those opened before it) */
  clearUnreachable(
    channel: string,
    reached: { personId: string | null; chatId: string | null }[],
    now: Date,
    openedBefore?: Date,
  ): Promise<void>;
  /** open episodes, for doctor */
  listUnreachable(): Promise<UnreachableRow[]>;
  /** dead messages (given up), oldest death first (store/dead-letters.ts) */
  deadLetters(filter: { unitId?: string; unitKey?: string; since?: Date; limit?: number }): Promise<DeadLetter[]>;
  /** writes a notice, or rewrites it while it has not left yet ('gone': already on its way) */
  putNotice(notice: NoticeDraft, now: Date): Promise<'created' | 'updated' | 'gone'>;
  /** the latest notice whose key starts with the prefix */
  latestNotice(keyPrefix: string): Promise<{ key: string; notBefore: Date; pending: boolean } | null>;
  /** the earliest notBefore / retry time of undelivered messages, for simulated clocks */
  nextMessageAt(): Promise<Date | null>;
  /** reserves the next send slot common to these keys (see SendBudget); resolves to when the send may go */
  reserveSendSlot(keys: readonly SlotKey[], now: Date): Promise<Date>;
  /** a platform's rate-limit hold on `key` until `until`, for every instance; a later hold already set stays */
  holdSendSlot(key: string, until: Date): Promise<void>;
  pruneSendSlots(before: Date): Promise<number>;
}
