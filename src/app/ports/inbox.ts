/**
 * The Store as inbound events use it: a redelivered event recognised, a chat account bound to its
 * person (invites, accounts found from mobile numbers), the prompt an action came from, and what a
 * chat account is in the middle of (a conversation, its current unit).
 */

import type { Payload } from '../../domain/engine/payloads.js';

/** A message that was delivered, as needed to redraw its card after an action. */
export interface SentMessage {
  id: string;
  unitId: string;
  personId: string | null;
  payload: Payload;
  platformMessageIds: string[];
  timeZone: string;
}

/** A delivered prompt and its copies: per channel, the platform's message ids (','-joined when sent in parts). */
export interface SentPromptCopies {
  sent: SentMessage;
  copies: { channel: string; platformMessageId: string }[];
}

/** The outcome of one daily task, for the card's read-only line. */
export interface DeviceStatusRow {
  taskKey: string;
  /** cancelled: no longer required as asked (the device paused or resumed during the day, see day-obligation.ts) */
  state: 'done' | 'missed' | 'cancelled';
  /** why it was cancelled */
  reason?: string;
  at: Date | null;
  by: string;
  late: boolean;
  abnormal: number;
}

export interface InboxStore {
  /** records an inbound event id; false when it was seen before (a redelivery) */
  firstDelivery(channel: string, externalId: string, now: Date): Promise<boolean>;
  personByIdentity(channel: string, externalId: string): Promise<{ id: string; name: string } | null>;
  identityOf(
    channel: string,
    externalId: string,
  ): Promise<{ personId: string; name: string; currentUnitId: string | null } | null>;
  setCurrentUnit(channel: string, externalId: string, unitId: string): Promise<void>;
  sentMessageByPlatformId(platformMessageId: string): Promise<SentMessage | null>;
  /** a delivered message by its outbox row id (Telegram buttons carry it); null when unknown or not sent */
  sentMessageById(id: string): Promise<SentMessage | null>;
  dailyStatuses(taskKeys: string[]): Promise<DeviceStatusRow[]>;
  /** the delivered prompts of these message groups that are about `taskKey`, with their copies (redraws) */
  sentPromptsOfTask(groupKeys: string[], taskKey: string): Promise<SentPromptCopies[]>;
  getConversation(channel: string, externalId: string, now: Date): Promise<{ kind: string; data: unknown } | null>;
  setConversation(
    channel: string,
    externalId: string,
    c: { kind: string; data: object; expiresAt: Date } | null,
  ): Promise<void>;

  // ---- binding chat accounts: invites
  createInvite(personId: string, codeHash: string, now: Date, expiresAt: Date): Promise<void>;
  redeemInvite(
    codeHash: string,
    channel: string,
    externalId: string,
    now: Date,
  ): Promise<{ id: string; name: string } | null>;
  /** wrong invite codes, for the throttle (at most 5 per account and hour) */
  recordBindFailure(channel: string, externalId: string, now: Date): Promise<void>;
  bindFailuresSince(channel: string, externalId: string, since: Date): Promise<Date[]>;

  // ---- binding chat accounts: found from mobile numbers
  /** every person (or those given) with their mobile and their accounts on a channel */
  peopleWithMobiles(
    channel: string,
    personIds?: string[],
  ): Promise<{ id: string; name: string; mobile: string; externalIds: string[] }[]>;
  /** makes the platform's id for the person's mobile their account on the channel (replacing other ids there) */
  bindResolvedIdentity(
    channel: string,
    personId: string,
    externalId: string,
    now: Date,
  ): Promise<{ outcome: 'unchanged' | 'bound' | 'replaced'; replaced: string[] }>;
}
