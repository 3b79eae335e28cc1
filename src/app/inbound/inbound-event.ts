/**
 * The one shape in which every chat platform hands an inbound event to the app, and the one shape
 * of what the app asks the platform to show back. Adapters parse their payloads (Feishu
 * card.action.trigger / im.message.receive_v1, Telegram callback_query / message) into an
 * InboundEvent at the edge, call handleInbound, and render the InboundResult in their own way.
 */
import type { Payload } from '../../domain/engine/payloads.js';
import type { Reply } from '../commands/export-command.js';
import type { Tone } from '../outcome.js';
import type { PromptState } from '../prompts/prompt-view.js';

/** Who acted, as the platform names them. */
export interface InboundActor {
  /** the person's account on this channel (Feishu open_id, Telegram user id as a decimal string) */
  externalId: string;
  /** the display name the platform gave, if any (for logs only: people are named from the database) */
  name?: string;
  /** the chat the event came from (Feishu chat_id, Telegram chat id) */
  chatId?: string;
  /** a one-to-one chat with the bot, or a group */
  chatType?: 'p2p' | 'group';
}

interface InboundBase {
  /** the channel's name, as in ChannelIdentity.channel: 'feishu' | 'telegram' | … */
  channel: string;
  /**
   * The platform's id of this delivery (Feishu callback event_id, or message_id for text; Telegram
   * update_id / callback_query id): the same event delivered twice is handled once. Absent: no
   * de-duplication possible (the platform gave none).
   */
  eventId?: string;
  actor: InboundActor;
  /** when the app received it (from the Clock) */
  at: Date;
}

/**
 * A button or form on a prompt, with the neutral action value the prompt carried. Structurally the
 * contract of CardActionValue (app/prompts/action-value.ts: a = action, k = task key(s), h = hazard
 * id, ok = verify verdict, ans = advice answer); adapters validate it with cardActionValueSchema
 * before it gets here.
 */
export interface InboundActionValue {
  a: string;
  k?: string | string[];
  h?: string;
  ok?: boolean;
  ans?: string;
}

export interface InboundAction extends InboundBase {
  type: 'action';
  action: InboundActionValue;
  /**
   * form fields in NEUTRAL names (`i1`, `rest`, `x2_desc`, `doneOn` as YYYY-MM-DD…): adapters undo their own mangling
   */
  form: Record<string, unknown>;
  /**
   * The prompt acted on: its platform message id (one of the ids markSent recorded for it), and the
   * platform's handle to update it after the answer (Feishu's callback `token`), if any.
   */
  promptRef?: PromptRef;
}

export interface InboundText extends InboundBase {
  type: 'text';
  /** the text typed, mentions of the bot already removed */
  text: string;
  /**
   * in a group: whether the bot was addressed (@-mentioned, replied to, a /command). Group text without it is ignored.
   */
  mentioned?: boolean;
}

/**
 * A picture the person sent (Feishu image message, Telegram photo or image document). The adapter
 * gives a way to download it, not the bytes: nothing is fetched unless a photo step waits for it
 * (app/evidence/photo-flow.ts).
 */
export interface InboundImage extends InboundBase {
  type: 'image';
  image: {
    /** the bytes, fetched from the platform (Feishu message resource, Telegram getFile + file path) */
    download(): Promise<Uint8Array>;
    /** the size the platform announced before download (Telegram file_size), if any */
    declaredSize?: number;
  };
}

/**
 * The platform says the person blocked the bot, or can be reached again (Telegram my_chat_member in
 * a private chat): recorded as an unreachable episode, or its end (reachability.ts).
 */
export interface InboundReachability extends InboundBase {
  type: 'reachability';
  reachable: boolean;
  /** when not reachable: what the adapter says after the person's name (why, what to do) */
  detail?: string;
}

export type InboundEvent = InboundAction | InboundText | InboundImage | InboundReachability;

/** A prompt message on a platform, as an action refers to it. */
export interface PromptRef {
  platformMessageId: string;
  /** Feishu: the callback's delayed-update token (30 min, two uses); Telegram: none */
  callbackToken?: string;
  /**
   * the prompt's outbox row, when the channel knows it (Telegram buttons name it): finds the prompt
   * for a copy whose platform id was never recorded (a send that timed out after the platform took it)
   */
  messageId?: string;
}

/**
 * What a prompt's redraw needs besides its payload: one definition,
 * with the views that draw it (app/prompts/prompt-view.ts).
 */
export type { PromptState } from '../prompts/prompt-view.js';

/** A prompt to draw again (in the callback's answer, or by updating the message). */
export interface PromptRedraw {
  /** the payload (for a daily prompt sent in parts: the part this message holds) */
  payload: Payload;
  /** what changed since it was sent; `state.part` says which of several messages this one is */
  state: PromptState;
  unitId: string;
  timeZone: string;
  /** the first task key of the message (its form's key), for renderers that need it */
  taskKey?: string;
}

/** What the channel should show for an event. */
export interface InboundResult {
  /** a short line at once (Feishu toast, Telegram answerCallbackQuery text); absent: nothing to say */
  notice?: { tone: Tone; text: string };
  /** the acted-on prompt redrawn in its new state (absent: leave it as it is) */
  prompt?: PromptRedraw;
  /**
   * Text events: the replies, ALREADY SENT through the channel by handleInbound (here for logs and
   * tests). Actions have none.
   */
  replies?: Reply[];
  /**
   * The work outlasted the channel's answerDeadlineMs: `notice` says 正在处理, and handleInbound
   * updates the prompt through Channel.updatePrompt when the work is done.
   */
  late?: boolean;
  /**
   * nothing was recorded: the free text contradicts the data; the prompt
   * (Feishu) or a dialog (Telegram) asks `question` with 确定提交 / 返回修改
   */
  confirm?: { question: string };
  /** nothing was done: a redelivery, a group message not addressed to the bot, a bot's own message */
  ignored?: 'replay' | 'not_addressed' | 'malformed';
}
