/**
 * The ports through which use cases reach the outside world. Each is narrow and named after
 * intentions; adapters implement them (Prisma store, console/Feishu/Telegram channels, clocks).
 *
 * The Store is split by use (ports/*.ts, each part beside the types it speaks): a use case takes
 * only the parts it uses (`store: OutboxStore`, `store: AnswersStore & InboxStore`), so its tests can
 * fake just those; the Prisma store implements them all as one `Store`. A new store method goes
 * into the part of the use that needs it.
 */

import type { InboundEvent, InboundResult, PromptRedraw, PromptRef } from './inbound/inbound-event.js';
import type { AdminStore } from './ports/admin.js';
import type { AnswersStore } from './ports/answers.js';
import type { EngineStore } from './ports/engine.js';
import type { InboxStore } from './ports/inbox.js';
import type { OutboxMessage, OutboxStore, Recipient } from './ports/outbox.js';
import type { QueriesStore } from './ports/queries.js';

export type * from './ports/admin.js';
export type * from './ports/answers.js';
export type * from './ports/engine.js';
export type * from './ports/inbox.js';
export type * from './ports/outbox.js';
export type * from './ports/queries.js';

export interface Clock {
  now(): Date;
}

/** New unique ids for entities a use case creates (hazards, advice), so that it can refer to them. */
export interface Ids {
  newId(): string;
}

/** Structured logging; every failure is logged with the ids needed to trace it. */
export interface Logger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
  child(bindings: object): Logger;
}

/** Where a reply or a file goes on one channel: a person's account, or a chat. */
export interface ChatAddress {
  /** the person's account on the channel (Feishu open_id, Telegram user id) */
  externalId?: string;
  /** a chat (Feishu chat_id, Telegram chat id); wins over externalId */
  chatId?: string;
}

/** A file to send (an export). */
export interface OutgoingFile {
  fileName: string;
  bytes: Uint8Array;
}

/** Handles one inbound event; given to Channel.start (main.ts binds it to handleInbound). */
export type InboundHandler = (event: InboundEvent) => Promise<InboundResult>;

/**
 * One chat platform (Feishu, Telegram, the console): sends and updates prompts, sends text and files,
 * and receives events. Failures are ChannelError { retryable, retryAfterMs } / RecipientUnreachable,
 * classified once by the adapter. Rendering is the channel's: it gets neutral payloads and states.
 */
export interface Channel {
  /**
   * 'feishu' | 'telegram' | 'console' | …: the ChannelIdentity.channel
   * of its accounts, Message.channel of its deliveries
   */
  readonly name: string;
  /**
   * How long the platform waits for the answer to an action (Feishu: 3 s for card.action.trigger;
   * Telegram: answerCallbackQuery should come at once). handleInbound answers within it and updates
   * the prompt later when the work takes longer.
   */
  readonly answerDeadlineMs: number;
  /**
   * Delivers an outbox message (its payload already enriched) to a recipient. Idempotent per
   * message key where the platform allows (Feishu uuid). The id returned is what markSent records and
   * what InboundAction.promptRef carries back (several messages: ids joined by ',').
   */
  sendPrompt(message: OutboxMessage, to: Recipient): Promise<{ platformMessageId: string }>;
  /** Draws a sent prompt again in its new state (read-only after an answer, a device's form opened…). */
  updatePrompt(ref: PromptRef, prompt: PromptRedraw): Promise<void>;
  /**
   * Sends text (command replies, notices); `key` makes a retry idempotent
   * where the platform allows. Returns the platform's message id.
   */
  sendText(to: ChatAddress, text: string, key: string): Promise<string>;
  /** Sends a file (导出). */
  sendFile(to: ChatAddress, file: OutgoingFile, key: string): Promise<string>;
  /**
   * Starts receiving: every event parsed into an InboundEvent goes to `handler`; its result is rendered by the channel.
   */
  start(handler: InboundHandler): Promise<void>;
  /** Stops receiving (and any timers); sends in flight may finish. */
  stop(): Promise<void>;
  /**
   * Whether a group chat id is this channel's (a chat id belongs
   * to one channel); absent: the registry decides by its shape.
   */
  ownsChat?(chatId: string): boolean;
}

/**
 * The outbound half of a Channel, which is all the outbox dispatcher needs (simulations and tests
 * implement only this).
 */
export type PromptSender = Pick<Channel, 'name' | 'sendPrompt'>;

/** The configured channels, and which of them a message goes to. */
export interface ChannelRegistry<C extends PromptSender = Channel> {
  /** every configured channel, in configuration order; the first is the default */
  readonly all: readonly C[];
  get(name: string): C | undefined;
  /**
   * The channels a message to `to` goes through: a chat → the one channel it belongs to; a person →
   * the channels the unit file names for them (those configured), else every configured channel
   * they are bound on, else the first configured channel (which then reports them unbound).
   */
  routeOf(to: Recipient): C[];
}

/** The whole database as the composition root holds it (the Prisma store): every part of it. */
export interface Store extends EngineStore, OutboxStore, AnswersStore, InboxStore, QueriesStore, AdminStore {}

/** Paces sends to a platform: `take(receiver)` resolves when a send to that receiver fits the platform's limits. */
export interface SendLimiter {
  take(receiver: string): Promise<void>;
  /**
   * The platform refused a send for its rate limit and said how long to wait: no send through the
   * app (`receiver` null) or to that receiver goes out before `ms` have passed (every instance
   * sharing the budget's database: app/send-budget.ts).
   */
  backOff?(receiver: string | null, ms: number): void;
}
