/**
 * What the Telegram transport needs from the rendering side (src/adapters/telegram/render*, owned by
 * the rendering work): prompts as messages, a prompt redrawn in its new state, and what a button tap
 * or a typed answer means when it belongs to the rendering (pages of a long prompt, guided dialogs).
 * The transport sends, edits, paces and classifies failures; it never builds message text itself
 * beyond `plainRenderer`, the stand-in used until a renderer is given.
 */
import type { ForceReply, InlineKeyboardMarkup } from 'grammy/types';
import type { InboundAction, PromptRedraw } from '../../app/inbound/inbound-event.js';
import type { OutboxMessage, Recipient } from '../../app/ports.js';
import { deadlineOf, promptText } from '../../app/prompts/plain-text.js';

/** One message as sendMessage / editMessageText take it (https://core.telegram.org/bots/api#sendmessage). */
export interface TelegramMessage {
  text: string;
  parse_mode?: 'HTML';
  reply_markup?: InlineKeyboardMarkup | ForceReply;
}

/** Who tapped or typed, and where. */
export interface TelegramActorRef {
  externalId: string;
  chatId: string;
  chatType: 'p2p' | 'group';
}

/**
 * What a button tap means:
 * - `action`: a prompt's action → handleInbound (the transport answers the callback with the notice
 *   and edits the message to the redraw);
 * - `show`: handled by the rendering itself (another page, a dialog's next question): answer with
 *   `notice`, edit the tapped message to `edit` and/or send `send`;
 * - `stale`: a button we cannot read any more (an old keyboard): answered with `notice`.
 */
export type CallbackMeaning =
  | {
      type: 'action';
      action: InboundAction['action'];
      form: Record<
        string,
        unknown
      > /** the prompt answered, when it is not the tapped message (a dialog's last question) */;
      promptRef?: string /** its outbox row */;
      messageId?: string;
    }
  | { type: 'show'; notice?: string; edit?: TelegramMessage; send?: TelegramMessage }
  | { type: 'stale'; notice: string };

export interface TelegramRenderer {
  /** an outbox message as one or more Telegram messages (callback_data may name `message.id`) */
  renderPrompt(message: OutboxMessage, to: Recipient): Promise<TelegramMessage[]> | TelegramMessage[];
  /**
   * a sent prompt drawn again in its new state; `platformMessageId`
   * is the message being redrawn (its buttons name its outbox row)
   */
  renderRedraw(redraw: PromptRedraw, platformMessageId?: string): Promise<TelegramMessage> | TelegramMessage;
  /** a button's callback_data, tapped on the message `platformMessageId` (chat:message) */
  readCallback(data: string, actor: TelegramActorRef, platformMessageId: string): Promise<CallbackMeaning>;
  /**
   * Typed text that answers something the rendering asked (a dialog's question): what to show, or
   * null when it is not the rendering's (then it goes to the commands).
   */
  readText?(
    text: string,
    actor: TelegramActorRef,
  ): Promise<
    | { type: 'show'; send?: TelegramMessage }
    | {
        type: 'action';
        action: InboundAction['action'];
        form: Record<string, unknown>;
        promptRef?: string;
        messageId?: string;
      }
    | null
  >;
}

/** The stand-in: every prompt as its plain text (app/prompts/plain-text.ts), no buttons; typed commands still work. */
export const plainRenderer: TelegramRenderer = {
  renderPrompt: (m, to) => [{ text: promptText(m.payload, { timeZone: to.timeZone, now: m.createdAt }) }],
  // A redraw carries no clock: times are read against the prompt's own deadline (the year shown only when it differs).
  renderRedraw: (r) => ({
    text: promptText(r.payload, { timeZone: r.timeZone, now: new Date(deadlineOf(r.payload)) }, r.state),
  }),
  readCallback: async () => ({ type: 'stale', notice: '此按钮已失效，请发送“今日”查看待办' }),
};
