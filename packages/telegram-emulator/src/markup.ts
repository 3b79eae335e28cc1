/**
 * `reply_markup` checks. InlineKeyboardMarkup (https://core.telegram.org/bots/api#inlinekeyboardmarkup)
 * is “Array of button rows, each represented by an Array of InlineKeyboardButton objects”; a button
 * (https://core.telegram.org/bots/api#inlinekeyboardbutton) has a label `text` and “exactly one of
 * the optional fields”; `callback_data` is “1-64 bytes”. The server refuses larger keyboards with
 * “reply markup is too long” (about 100 buttons, tginfo/Telegram-Limits #187); the button cap is an
 * option. Reply keyboards, ReplyKeyboardRemove and ForceReply are accepted as they are.
 */
import { TgError } from './bot-api-error.js';

export interface InlineKeyboardButton {
  text: string;
  callback_data?: string;
  url?: string;
  [key: string]: unknown;
}

export interface InlineKeyboardMarkup {
  inline_keyboard: InlineKeyboardButton[][];
}

const BUTTON_ACTIONS = [
  'callback_data',
  'url',
  'web_app',
  'login_url',
  'switch_inline_query',
  'switch_inline_query_current_chat',
  'switch_inline_query_chosen_chat',
  'copy_text',
  'callback_game',
  'pay',
];

/** https://core.telegram.org/bots/api#inlinekeyboardbutton: callback_data “1-64 bytes” */
export const CALLBACK_DATA_MAX_BYTES = 64;

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** The markup the message keeps (only an inline keyboard is part of a Message), or undefined. */
export function checkReplyMarkup(markup: unknown, maxButtons: number): InlineKeyboardMarkup | undefined {
  if (markup === undefined) return undefined;
  if (!isObject(markup)) throw TgError.field("can't parse reply keyboard markup JSON object");
  if (!('inline_keyboard' in markup)) {
    if (!('keyboard' in markup) && !('remove_keyboard' in markup) && !('force_reply' in markup)) {
      throw TgError.field("can't parse reply keyboard markup JSON object");
    }
    return undefined;
  }
  const rows = markup['inline_keyboard'];
  if (!Array.isArray(rows)) throw TgError.field('field "inline_keyboard" of the InlineKeyboardMarkup must be an Array');
  let count = 0;
  const clean: InlineKeyboardButton[][] = [];
  for (const row of rows) {
    if (!Array.isArray(row))
      throw TgError.field('field "inline_keyboard" of the InlineKeyboardMarkup must be an Array of Arrays');
    const buttons: InlineKeyboardButton[] = [];
    for (const button of row) {
      buttons.push(checkButton(button));
      count += 1;
    }
    if (buttons.length > 0) clean.push(buttons);
  }
  if (count > maxButtons) throw TgError.markupTooLong();
  return clean.length > 0 ? { inline_keyboard: clean } : undefined;
}

function checkButton(button: unknown): InlineKeyboardButton {
  if (!isObject(button))
    throw TgError.field("can't parse inline keyboard button: InlineKeyboardButton must be an Object");
  const text = button['text'];
  if (typeof text !== 'string')
    throw TgError.field('can\'t parse inline keyboard button: Field "text" must be of type String');
  if (text.trim() === '') throw TgError.field('BUTTON_TEXT_INVALID');
  const actions = BUTTON_ACTIONS.filter((k) => button[k] !== undefined);
  if (actions.length === 0) throw TgError.field('text buttons are unallowed in the inline keyboard');
  if (actions.length > 1)
    throw TgError.field(
      `can't parse inline keyboard button: exactly one of the optional fields must be used, got ${actions.join(', ')}`,
    );
  const data = button['callback_data'];
  if (data !== undefined) {
    if (typeof data !== 'string')
      throw TgError.field('can\'t parse inline keyboard button: Field "callback_data" must be of type String');
    const bytes = Buffer.byteLength(data, 'utf8');
    if (bytes < 1 || bytes > CALLBACK_DATA_MAX_BYTES) throw TgError.buttonDataInvalid();
  }
  const url = button['url'];
  if (url !== undefined && (typeof url !== 'string' || !/^(https?|tg):\/\/\S+$/i.test(url)))
    throw TgError.field('BUTTON_URL_INVALID');
  return { ...button, text } as InlineKeyboardButton;
}

/** Same keyboard (for “message is not modified”). */
export function sameMarkup(a: InlineKeyboardMarkup | undefined, b: InlineKeyboardMarkup | undefined): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}
