/**
 * Bot API objects the emulator hands out (https://core.telegram.org/bots/api#available-types),
 * limited to the fields it fills, and its own records of people, chats and calls.
 */
import type { MessageEntity } from './html-parse.js';
import type { InlineKeyboardMarkup } from './markup.js';

export interface TgUser {
  id: number;
  is_bot: boolean;
  first_name: string;
  last_name?: string;
  username?: string;
  language_code?: string;
}

export interface TgChat {
  id: number;
  type: 'private' | 'group' | 'supergroup';
  title?: string;
  first_name?: string;
  last_name?: string;
  username?: string;
}

export interface TgDocument {
  file_id: string;
  file_unique_id: string;
  file_name?: string;
  mime_type?: string;
  file_size: number;
}

export interface TgPhotoSize {
  file_id: string;
  file_unique_id: string;
  width: number;
  height: number;
  file_size: number;
}

export interface TgMessage {
  message_id: number;
  from: TgUser;
  chat: TgChat;
  date: number;
  edit_date?: number;
  text?: string;
  entities?: MessageEntity[];
  caption?: string;
  caption_entities?: MessageEntity[];
  document?: TgDocument;
  photo?: TgPhotoSize[];
  reply_markup?: InlineKeyboardMarkup;
  reply_to_message?: TgMessage;
}

export interface TgCallbackQuery {
  id: string;
  from: TgUser;
  message: TgMessage;
  chat_instance: string;
  data?: string;
}

export interface TgChatMemberUpdated {
  chat: TgChat;
  from: TgUser;
  date: number;
  old_chat_member: { status: string; user: TgUser };
  new_chat_member: { status: string; user: TgUser };
}

export interface TgUpdate {
  update_id: number;
  message?: TgMessage;
  callback_query?: TgCallbackQuery;
  my_chat_member?: TgChatMemberUpdated;
}

/** A person the emulator plays (control API). */
export interface EmulatorUser extends TgUser {
  /** pressed Start in the private chat with the bot (the bot may write to them) */
  started: boolean;
  /** blocked the bot (403 “bot was blocked by the user”) */
  blocked: boolean;
}

export interface NewUser {
  firstName: string;
  lastName?: string;
  username?: string;
  languageCode?: string;
  /** default: the next free id */
  id?: number;
  /** pressed Start before the emulator's history began (the bot may write to them; no /start update) */
  started?: boolean;
}

export interface NewGroup {
  title: string;
  /** user ids of the members */
  members: number[];
  type?: 'group' | 'supergroup';
  /** the bot is in the group (default true) */
  botIsMember?: boolean;
}

export interface EmulatorChat extends TgChat {
  memberIds: number[];
  botIsMember: boolean;
  /** a member removed the bot from the group (403 “bot was kicked from the group chat”) */
  botKicked?: boolean;
}

/** A message as the chat shows it now, with what happened to it. */
export interface ChatMessage extends TgMessage {
  /** the text as the bot sent it (HTML source when parse_mode was HTML) */
  source?: string;
  parseMode?: string;
  fromBot: boolean;
  /** how many times the bot edited it */
  edits: number;
  /** when it was sent, in ms on the emulator's clock (`date` is whole seconds) */
  sentAt: number;
}

export interface CallbackAnswer {
  callbackQueryId: string;
  data?: string;
  userId: number;
  chatId: number;
  messageId: number;
  /** when the query was created (ms) */
  at: number;
  answered?: { at: number; text?: string; showAlert: boolean; url?: string };
  /** an answer came too late or twice and was refused */
  refused?: string;
}

export interface RequestLogEntry {
  at: number;
  method: string;
  /** the parameters, files replaced by their size */
  params: Record<string, unknown>;
  status: number;
  description?: string;
  fault?: string;
  /** the call came in the body of a webhook answer, not as a request */
  via?: 'webhookReply';
}

export interface WebhookDeliveryRecord {
  updateId: number;
  at: number;
  status?: number;
  error?: string;
  attempt: number;
}

export interface StoredFile {
  fileId: string;
  fileUniqueId: string;
  filePath: string;
  fileName?: string;
  mimeType?: string;
  bytes: Buffer;
}
