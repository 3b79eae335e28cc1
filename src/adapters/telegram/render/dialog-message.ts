/**
 * A guided dialog's question (app/dialogs/dialog.ts) as a Telegram message: the question in bold,
 * its details (a draft, the summary to submit, why the last answer was not taken), and its answers
 * as inline buttons, two per row (https://core.telegram.org/bots/api#inlinekeyboardmarkup).
 *
 * A question answered by typing gets, in a private chat, the buttons that do not need typing
 * (保持草稿, 留空, 今天, 取消) and the words “请直接回复文字”. In a group, where a bot in privacy mode
 * only reads replies to its own messages, it gets a ForceReply instead
 * (https://core.telegram.org/bots/api#forcereply; a message has one reply_markup: either that or a
 * keyboard), and the text says what to type for those buttons.
 */
import type { ForceReply, InlineKeyboardButton, InlineKeyboardMarkup } from 'grammy/types';
import type { DialogQuestion } from '../../../app/dialogs/dialog.js';
import { encodeCallback } from './callback-data.js';
import { bold, clipPlain, esc, fitBlocks, italic } from './html.js';

/** What sendMessage / editMessageText get for one rendered message. */
export interface TelegramMessage {
  text: string;
  parse_mode: 'HTML';
  reply_markup?: InlineKeyboardMarkup | ForceReply;
}

/** Button text: one line, short enough to read on a phone (Telegram cuts long labels itself). */
export const BUTTON_TEXT_MAX = 30;

/**
 * `aside`: what the dialog put aside when it started (a photo step, another dialog, a question:
 * app/commands/waiting.ts), the first line of the message.
 */
export function renderDialogQuestion(
  q: DialogQuestion,
  chatType: 'p2p' | 'group' = 'p2p',
  aside?: string,
): TelegramMessage {
  const head = [...(aside ? [bold(`⚠️ ${aside}`)] : []), italic(q.topic)].join('\n');
  const detail = q.detail ? esc(q.detail) : '';
  const forceReply = q.typed && chatType === 'group';
  const typedChoices = forceReply ? q.choices.map((c) => `“${c.label}”`).join('、') : '';
  const question = [bold(q.text), ...(typedChoices ? [esc(`也可回复：${typedChoices}`)] : [])].join('\n');
  const text = fitBlocks([head, detail], [question], () => '（内容过长，已省略）');
  if (forceReply)
    return {
      text,
      parse_mode: 'HTML',
      reply_markup: {
        force_reply: true,
        selective: true,
        ...(q.placeholder ? { input_field_placeholder: clipPlain(q.placeholder, 64) } : {}),
      },
    };
  const buttons: InlineKeyboardButton[] = q.choices.map((c, index) => ({
    text: clipPlain(c.label, BUTTON_TEXT_MAX),
    callback_data: encodeCallback({ type: 'dialog', dialogId: q.dialogId, step: q.step, index }),
  }));
  return {
    text,
    parse_mode: 'HTML',
    reply_markup: { inline_keyboard: rows(buttons, q.choices.some((c) => [...c.label].length > 8) ? 1 : 2) },
  };
}

/** Buttons in rows of `per` (Telegram shows at most 8 per row). */
export function rows<T>(buttons: readonly T[], per: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < buttons.length; i += per) out.push(buttons.slice(i, i + per));
  return out;
}
