/**
 * The Bot API methods that write into chats: sendMessage, sendDocument, sendPhoto, editMessageText,
 * editMessageReplyMarkup, deleteMessage, answerCallbackQuery, sendChatAction. Each checks who may be
 * written to, the documented limits, then flood control, then changes the world.
 */
import { TgError, tooManyRequests } from './bot-api-error.js';
import { type TgCore, unixNow } from './core.js';
import { type MessageEntity, parseHtml, textLength } from './html-parse.js';
import { imageSize } from './image-size.js';
import { checkReplyMarkup, sameMarkup } from './markup.js';
import type { FileRef, Params } from './params.js';
import type { ChatMessage, EmulatorChat, StoredFile, TgMessage } from './types.js';

/** https://core.telegram.org/bots/api#sendmessage: text “1-4096 characters after entities parsing” */
export const TEXT_MAX = 4096;
/** https://core.telegram.org/bots/api#senddocument: caption “0-1024 characters after entities parsing” */
export const CAPTION_MAX = 1024;
/** https://core.telegram.org/bots/api#answercallbackquery: text “0-200 characters” */
export const CALLBACK_TEXT_MAX = 200;

export type MethodHandler = (core: TgCore, p: Params) => unknown;

/** The Message object the API returns (the emulator's bookkeeping fields left out). */
export function apiMessage(m: ChatMessage): TgMessage {
  const { source: _s, parseMode: _p, fromBot: _f, edits: _e, sentAt: _t, ...message } = m;
  return structuredClone(message);
}

/** The chat the bot writes to, if it may (private: the person pressed Start and did not block the bot). */
function writableChat(core: TgCore, p: Params): EmulatorChat {
  const raw = p.str('chat_id');
  if (raw === undefined || raw === '') throw TgError.field('chat_id is empty');
  // A chat is an integer id or a channel's @username (the emulator has no channels).
  const chat = /^-?\d+$/.test(raw.trim()) ? core.world.chat(Number(raw.trim())) : undefined;
  if (!chat) throw TgError.chatNotFound();
  if (chat.type === 'private') {
    const user = core.world.user(chat.id);
    if (user?.blocked) throw TgError.blocked();
    if (!user?.started) throw TgError.cantInitiate();
  } else if (!chat.botIsMember) {
    throw chat.botKicked ? TgError.kicked() : TgError.notMember();
  }
  return chat;
}

/** Flood control (https://core.telegram.org/bots/faq#my-bot-is-hitting-limits-how-do-i-avoid-this). */
function floodControl(core: TgCore, chat: EmulatorChat): void {
  const l = core.opts.limits;
  const rules = [];
  if (l.perChatPerSecond > 0) rules.push({ key: `chat:${chat.id}`, limit: l.perChatPerSecond, windowMs: 1000 });
  if (chat.type !== 'private' && l.perGroupPerMinute > 0)
    rules.push({ key: `group:${chat.id}`, limit: l.perGroupPerMinute, windowMs: 60_000 });
  if (l.overallPerSecond > 0) rules.push({ key: 'overall', limit: l.overallPerSecond, windowMs: 1000 });
  const verdict = core.limiter.take(rules);
  if (!verdict.ok) throw tooManyRequests(verdict.resetSec);
}

interface FormattedText {
  text: string;
  entities?: MessageEntity[];
  source: string;
  parseMode?: string;
}

/**
 * Text or caption after entity parsing (https://core.telegram.org/bots/api#formatting-options).
 * HTML is parsed and checked; MarkdownV2/Markdown are kept as sent (not parsed by the emulator).
 */
function formatText(
  p: Params,
  key: 'text' | 'caption',
  entitiesKey: 'entities' | 'caption_entities',
): FormattedText | undefined {
  const source = p.str(key);
  if (source === undefined) return undefined;
  const mode = p.str('parse_mode');
  if (mode !== undefined && mode !== '') {
    const m = mode.toLowerCase();
    if (m === 'html') {
      const parsed = parseHtml(source);
      return {
        text: parsed.text,
        source,
        parseMode: 'HTML',
        ...(parsed.entities.length > 0 ? { entities: parsed.entities } : {}),
      };
    }
    if (m === 'markdownv2' || m === 'markdown') return { text: source, source, parseMode: mode };
    throw TgError.field('unsupported parse_mode');
  }
  const entities = p.json(entitiesKey);
  if (entities !== undefined && !Array.isArray(entities))
    throw TgError.field(`field "${entitiesKey}" must be an Array`);
  return {
    text: source,
    source,
    ...(Array.isArray(entities) && entities.length > 0 ? { entities: entities as MessageEntity[] } : {}),
  };
}

function messageText(p: Params): FormattedText {
  const f = formatText(p, 'text', 'entities');
  if (!f || f.text.trim() === '') throw TgError.textEmpty();
  if (textLength(f.text) > TEXT_MAX) throw TgError.textTooLong();
  return f;
}

function caption(p: Params): FormattedText | undefined {
  const f = formatText(p, 'caption', 'caption_entities');
  if (!f || f.text === '') return undefined;
  if (textLength(f.text) > CAPTION_MAX) throw TgError.captionTooLong();
  return f;
}

function botMessage(core: TgCore, chat: EmulatorChat, fill: Partial<ChatMessage>): ChatMessage {
  const message = core.world.addMessage(chat.id, (message_id) => ({
    message_id,
    from: { ...core.bot },
    chat: core.world.chatObject(chat),
    date: unixNow(core),
    sentAt: core.opts.now(),
    fromBot: true,
    edits: 0,
    ...fill,
  }));
  core.counters.messagesSent += 1;
  return message;
}

const sendMessage: MethodHandler = (core, p) => {
  const chat = writableChat(core, p);
  const text = messageText(p);
  const markup = checkReplyMarkup(p.json('reply_markup'), core.opts.maxInlineButtons);
  floodControl(core, chat);
  const m = botMessage(core, chat, {
    text: text.text,
    source: text.source,
    ...(text.entities ? { entities: text.entities } : {}),
    ...(text.parseMode ? { parseMode: text.parseMode } : {}),
    ...(markup ? { reply_markup: markup } : {}),
  });
  return apiMessage(m);
};

const MIME_BY_EXTENSION: Record<string, string> = {
  pdf: 'application/pdf',
  csv: 'text/csv',
  txt: 'text/plain',
  json: 'application/json',
  zip: 'application/zip',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
};

function extensionOf(name: string | undefined): string {
  return /\.([A-Za-z0-9]{1,8})$/.exec(name ?? '')?.[1]?.toLowerCase() ?? '';
}

/** An uploaded file (stored) or one sent before (by file_id). URLs are not fetched by the emulator. */
function resolveFile(core: TgCore, ref: FileRef | undefined, key: string, folder: string): StoredFile {
  if (!ref) throw TgError.field(`there is no ${key} in the request`);
  if (ref.kind === 'fileId') {
    const f = core.world.files.get(ref.fileId);
    if (!f) throw TgError.field('wrong file identifier/HTTP URL specified');
    return f;
  }
  if (ref.kind === 'url')
    throw TgError.field('wrong file identifier/HTTP URL specified (the emulator does not fetch URLs: upload the file)');
  if (ref.part.data.length === 0) throw TgError.fileEmpty();
  const fileName = ref.part.filename;
  const ext = extensionOf(fileName);
  core.counters.uploads += 1;
  return core.world.storeFile(ref.part.data, {
    folder,
    extension: ext || 'dat',
    ...(fileName ? { fileName } : {}),
    mimeType: MIME_BY_EXTENSION[ext] ?? 'application/octet-stream',
  });
}

const sendDocument: MethodHandler = (core, p) => {
  const chat = writableChat(core, p);
  const cap = caption(p);
  const markup = checkReplyMarkup(p.json('reply_markup'), core.opts.maxInlineButtons);
  const file = resolveFile(core, p.file('document'), 'document', 'documents');
  floodControl(core, chat);
  const m = botMessage(core, chat, {
    document: {
      file_id: file.fileId,
      file_unique_id: file.fileUniqueId,
      file_size: file.bytes.length,
      ...(file.fileName ? { file_name: file.fileName } : {}),
      ...(file.mimeType ? { mime_type: file.mimeType } : {}),
    },
    ...captionFields(cap),
    ...(markup ? { reply_markup: markup } : {}),
  });
  return apiMessage(m);
};

function captionFields(cap: FormattedText | undefined): Partial<ChatMessage> {
  if (!cap) return {};
  return {
    caption: cap.text,
    source: cap.source,
    ...(cap.entities ? { caption_entities: cap.entities } : {}),
    ...(cap.parseMode ? { parseMode: cap.parseMode } : {}),
  };
}

/** The PhotoSize list of a stored image (one size: the emulator does not scale). */
export function photoSizes(file: StoredFile): NonNullable<TgMessage['photo']> {
  const size = imageSize(file.bytes);
  if (!size) throw TgError.field('IMAGE_PROCESS_FAILED');
  return [
    {
      file_id: file.fileId,
      file_unique_id: file.fileUniqueId,
      width: size.width,
      height: size.height,
      file_size: file.bytes.length,
    },
  ];
}

const sendPhoto: MethodHandler = (core, p) => {
  const chat = writableChat(core, p);
  const cap = caption(p);
  const markup = checkReplyMarkup(p.json('reply_markup'), core.opts.maxInlineButtons);
  const file = resolveFile(core, p.file('photo'), 'photo', 'photos');
  const photo = photoSizes(file);
  floodControl(core, chat);
  const m = botMessage(core, chat, { photo, ...captionFields(cap), ...(markup ? { reply_markup: markup } : {}) });
  return apiMessage(m);
};

/** The bot's own message named by chat_id + message_id, for an edit. */
function editableMessage(core: TgCore, p: Params): { chat: EmulatorChat; message: ChatMessage } {
  if (p.has('inline_message_id')) throw TgError.editNotFound();
  const chatId = p.int('chat_id');
  if (chatId === undefined) throw TgError.field('chat_id is empty');
  const chat = core.world.chat(chatId);
  if (!chat) throw TgError.chatNotFound();
  if (chat.type === 'private' && core.world.user(chat.id)?.blocked) throw TgError.blocked();
  const messageId = p.int('message_id');
  if (messageId === undefined) throw TgError.field('message identifier is not specified');
  const message = core.world.message(chat.id, messageId);
  if (!message) throw TgError.editNotFound();
  if (!message.fromBot) throw TgError.cantEdit();
  return { chat, message };
}

function applyEdit(
  core: TgCore,
  message: ChatMessage,
  patch: Partial<ChatMessage>,
  keyboard: ChatMessage['reply_markup'],
): ChatMessage {
  Object.assign(message, patch, { edit_date: unixNow(core), edits: message.edits + 1 });
  if (keyboard) message.reply_markup = keyboard;
  else delete message.reply_markup;
  core.counters.edits += 1;
  return message;
}

/**
 * https://core.telegram.org/bots/api#editmessagetext. Without reply_markup the inline keyboard is
 * removed. The same text, entities and keyboard → 400 “message is not modified”.
 */
const editMessageText: MethodHandler = (core, p) => {
  const { message } = editableMessage(core, p);
  if (message.text === undefined) throw TgError.noTextToEdit();
  const text = messageText(p);
  const markup = checkReplyMarkup(p.json('reply_markup'), core.opts.maxInlineButtons);
  const same =
    message.text === text.text &&
    JSON.stringify(message.entities ?? []) === JSON.stringify(text.entities ?? []) &&
    sameMarkup(message.reply_markup, markup);
  if (same) throw TgError.notModified();
  const patch: Partial<ChatMessage> = { text: text.text, source: text.source };
  if (text.entities) patch.entities = text.entities;
  else delete message.entities;
  if (text.parseMode) patch.parseMode = text.parseMode;
  else delete message.parseMode;
  return apiMessage(applyEdit(core, message, patch, markup));
};

/** https://core.telegram.org/bots/api#editmessagereplymarkup (no reply_markup: the keyboard is removed). */
const editMessageReplyMarkup: MethodHandler = (core, p) => {
  const { message } = editableMessage(core, p);
  const markup = checkReplyMarkup(p.json('reply_markup'), core.opts.maxInlineButtons);
  if (sameMarkup(message.reply_markup, markup)) throw TgError.notModified();
  return apiMessage(applyEdit(core, message, {}, markup));
};

const deleteMessage: MethodHandler = (core, p) => {
  const chatId = p.requireInt('chat_id');
  if (!core.world.chat(chatId)) throw TgError.chatNotFound();
  if (!core.world.deleteMessage(chatId, p.requireInt('message_id'))) throw TgError.field('message to delete not found');
  return true;
};

/**
 * https://core.telegram.org/bots/api#answercallbackquery: once per query, within the answer window;
 * a late, repeated or unknown answer is refused with “query is too old…”.
 */
const answerCallbackQuery: MethodHandler = (core, p) => {
  const id = p.str('callback_query_id');
  if (!id) throw TgError.field('QUERY_ID_INVALID');
  const text = p.str('text');
  if (text !== undefined && textLength(text) > CALLBACK_TEXT_MAX) throw TgError.field('MESSAGE_TOO_LONG');
  const q = core.callbacks.get(id);
  if (!q) throw TgError.queryTooOld();
  const now = core.opts.now();
  if (q.answered || now - q.at > core.opts.callbackAnswerMs) {
    q.refused = q.answered ? 'answered twice' : `answered after ${now - q.at} ms`;
    throw TgError.queryTooOld();
  }
  const url = p.str('url');
  q.answered = { at: now, showAlert: p.bool('show_alert'), ...(text ? { text } : {}), ...(url ? { url } : {}) };
  return true;
};

const sendChatAction: MethodHandler = (core, p) => {
  writableChat(core, p);
  if (!p.str('action')) throw TgError.field('wrong parameter action in request');
  return true;
};

export const messageMethods: Record<string, MethodHandler> = {
  sendmessage: sendMessage,
  senddocument: sendDocument,
  sendphoto: sendPhoto,
  editmessagetext: editMessageText,
  editmessagereplymarkup: editMessageReplyMarkup,
  deletemessage: deleteMessage,
  answercallbackquery: answerCallbackQuery,
  sendchataction: sendChatAction,
};
