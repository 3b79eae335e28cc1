/**
 * What the Telegram transport's inbound path calls for a callback query and for typed text, and
 * what it should do then. The decisions are app/dialogs/dialog-flow.ts's; this decodes the
 * button data and renders the questions.
 *
 * - `run`: pass `action` + `form` to handleInbound as an InboundAction (promptRef = the prompt's
 *   platform message id); it records the answer and redraws the prompt (renderPrompt with the
 *   done state). Also the end of a dialog.
 * - `send`: send this message in the chat (the next question of a dialog); `notice` for
 *   answerCallbackQuery.
 * - `edit`: edit the tapped message to this (another page of a daily prompt).
 * - `notice`: answerCallbackQuery with this text (or, for typed text, reply it).
 */
import type { ChatAccount } from '../../../app/commands/conversation.js';
import { answerOpenDialog, type DialogFlowDeps, type FlowResult, tapPrompt } from '../../../app/dialogs/dialog-flow.js';
import { deviceStatus } from '../../../app/inbound/handle-inbound.js';
import type { InboxStore } from '../../../app/ports.js';
import type { CardActionValue } from '../../../app/prompts/action-value.js';
import type { PromptState } from '../../../app/prompts/prompt-view.js';
import type { Payload } from '../../../domain/engine/payloads.js';
import { actionDigest, decodeCallback } from './callback-data.js';
import { renderDialogQuestion, type TelegramMessage } from './dialog-message.js';
import { renderPrompt } from './render-prompt.js';

export type TelegramAnswer =
  | {
      type: 'run';
      action: CardActionValue;
      form: Record<string, string>;
      promptRef: { platformMessageId: string };
      messageId: string;
    }
  | { type: 'send'; message: TelegramMessage; notice?: string }
  | { type: 'edit'; message: TelegramMessage }
  | { type: 'notice'; text: string };

export interface TelegramAnswerDeps extends DialogFlowDeps {
  store: DialogFlowDeps['store'] & InboxStore;
}

/** A daily prompt's answered devices now, for drawing another page of it. */
async function stateOf(deps: TelegramAnswerDeps, payload: Payload, timeZone: string): Promise<PromptState> {
  if (payload.type !== 'daily_check') return {};
  const rows = await deps.store.dailyStatuses(payload.devices.map((d) => d.taskKey));
  return { devices: Object.fromEntries(rows.map((r) => [r.taskKey, deviceStatus(r, timeZone)])) };
}

type ChatType = 'p2p' | 'group';

function rendered(r: FlowResult, chatType: ChatType): TelegramAnswer {
  switch (r.type) {
    case 'run':
      // The copy tapped (a message reaches a person on several channels, and a send retried after a
      // timeout may show twice); else the Telegram message recorded for it.
      return {
        type: 'run',
        action: r.action,
        form: r.form,
        promptRef: {
          platformMessageId:
            r.ref ??
            r.prompt.platformMessageIds.find((id) => /^-?\d+:\d+$/.test(id)) ??
            r.prompt.platformMessageIds[0] ??
            '',
        },
        messageId: r.prompt.messageId,
      };
    case 'ask':
      // What the new dialog put aside is said first in its question, where the person reads it (and on the tap).
      return {
        type: 'send',
        message: renderDialogQuestion(r.question, chatType, r.aside),
        ...(r.aside ? { notice: r.aside } : {}),
      };
    case 'cancelled':
    case 'refused':
      return { type: 'notice', text: r.text };
  }
}

/** A callback query's data, from `account` in a chat of `chatType`, on the message `ref` (`<chat>:<message id>`). */
export async function answerCallback(
  deps: TelegramAnswerDeps,
  account: ChatAccount,
  data: unknown,
  chatType: ChatType,
  ref?: string,
): Promise<TelegramAnswer> {
  const d = decodeCallback(data);
  if (!d) return { type: 'notice', text: '这个按钮已失效，请在最新的消息上操作' };
  if (d.type === 'action')
    return rendered(
      await tapPrompt(deps, account, {
        messageId: d.messageId,
        index: d.index,
        matches: (identity) => actionDigest(identity) === d.digest,
        ...(ref ? { ref } : {}),
      }),
      chatType,
    );
  if (d.type === 'dialog')
    return rendered(
      (await answerOpenDialog(deps, account, { type: 'choice', dialogId: d.dialogId, step: d.step, index: d.index }))!,
      chatType,
    );
  const sent = await deps.store.sentMessageById(d.messageId);
  if (!sent) return { type: 'notice', text: '这条消息已失效' };
  const ctx = { timeZone: sent.timeZone, now: deps.clock.now() };
  const state = await stateOf(deps, sent.payload, sent.timeZone);
  return {
    type: 'edit',
    message: renderPrompt(deps.viewOf(sent.payload, ctx, state), {
      messageId: sent.id,
      sent: deps.viewOf(sent.payload, ctx),
      page: d.page,
    }),
  };
}

/** Typed text: an answer to the account's open dialog, or null (no dialog: handle it as a command). */
export async function answerText(
  deps: TelegramAnswerDeps,
  account: ChatAccount,
  text: string,
  chatType: ChatType,
): Promise<TelegramAnswer | null> {
  const r = await answerOpenDialog(deps, account, { type: 'text', text });
  return r ? rendered(r, chatType) : null;
}
