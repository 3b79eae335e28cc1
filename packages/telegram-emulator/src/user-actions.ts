/**
 * What the people in the emulator do, turned into the updates Telegram would send the bot: press
 * Start (`/start <payload>`, https://core.telegram.org/bots/features#deep-linking), type text
 * (with `bot_command` entities, https://core.telegram.org/bots/api#messageentity), tap an inline
 * button (a callback_query, https://core.telegram.org/bots/api#callbackquery), send a photo, block
 * the bot (a my_chat_member update, https://core.telegram.org/bots/api#chatmemberupdated).
 */
import { createHash, randomInt } from 'node:crypto';
import { EmulatorInputError } from '@safeduty/emulator-kit/control-api';
import { sleep } from '@safeduty/emulator-kit/http-io';
import { type TgCore, unixNow } from './core.js';
import type { MessageEntity } from './html-parse.js';
import { apiMessage, photoSizes } from './message-methods.js';
import type { CallbackAnswer, ChatMessage, EmulatorChat, EmulatorUser, TgMessage } from './types.js';

export interface UserMessageResult {
  message: TgMessage;
  /** the update the bot gets, absent when privacy mode or allowed_updates keeps it from the bot */
  updateId?: number;
}

export interface TapRequest {
  userId: number;
  /** default: the user's private chat */
  chatId?: number;
  messageId: number;
  /** the button by its callback_data … */
  data?: string;
  /** … or by its label */
  text?: string;
}

export interface TapResult {
  callbackQueryId: string;
  updateId?: number;
}

function chatFor(core: TgCore, user: EmulatorUser, chatId: number | undefined): EmulatorChat {
  const chat = core.world.requireChat(chatId ?? user.id);
  if (chat.type === 'private') {
    if (chat.id !== user.id)
      throw new EmulatorInputError(`chat ${chat.id} is another person's private chat with the bot`);
    if (user.blocked)
      throw new EmulatorInputError(`${user.first_name} blocked the bot: press Start again (start) to unblock it first`);
    if (!user.started)
      throw new EmulatorInputError(
        `${user.first_name} has not pressed Start yet: call start first (Telegram shows only the Start button ` +
          `until then)`,
      );
  } else if (!chat.memberIds.includes(user.id)) {
    throw new EmulatorInputError(`${user.first_name} is not a member of ${chat.title ?? chat.id}`);
  }
  return chat;
}

/** bot_command and mention entities of a typed text, as the client marks them. */
export function typedEntities(text: string): MessageEntity[] {
  const out: MessageEntity[] = [];
  for (const m of text.matchAll(/(^|\s)(\/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]{3,32})?)(?=$|\s)/g)) {
    out.push({ type: 'bot_command', offset: (m.index ?? 0) + (m[1] ?? '').length, length: (m[2] ?? '').length });
  }
  for (const m of text.matchAll(/(^|[^A-Za-z0-9_/])(@[A-Za-z0-9_]{5,32})/g)) {
    out.push({ type: 'mention', offset: (m.index ?? 0) + (m[1] ?? '').length, length: (m[2] ?? '').length });
  }
  return out.sort((a, b) => a.offset - b.offset);
}

/**
 * Privacy mode (https://core.telegram.org/bots/features#privacy-mode): in groups the bot sees
 * commands (addressed to it or to no bot), replies to its messages and mentions of it.
 */
function botSees(core: TgCore, chat: EmulatorChat, message: ChatMessage): boolean {
  if (chat.type === 'private' || !core.opts.privacyMode) return true;
  const me = `@${core.bot.username ?? ''}`.toLowerCase();
  const text = message.text ?? message.caption ?? '';
  for (const e of message.entities ?? []) {
    const part = text.slice(e.offset, e.offset + e.length).toLowerCase();
    if (e.type === 'bot_command' && (!part.includes('@') || part.endsWith(me))) return true;
    if (e.type === 'mention' && part === me) return true;
  }
  return message.reply_to_message?.from.id === core.bot.id;
}

function userMessage(
  core: TgCore,
  user: EmulatorUser,
  chat: EmulatorChat,
  fill: Partial<ChatMessage>,
): UserMessageResult {
  const message = core.world.addMessage(chat.id, (message_id) => ({
    message_id,
    from: core.world.userObject(user),
    chat: core.world.chatObject(chat),
    date: unixNow(core),
    sentAt: core.opts.now(),
    fromBot: false,
    edits: 0,
    ...fill,
  }));
  const api = apiMessage(message);
  if (!botSees(core, chat, message)) return { message: api };
  const updateId = core.updates.push({ message: api });
  if (updateId !== undefined) core.counters.updatesCreated += 1;
  return { message: api, ...(updateId !== undefined ? { updateId } : {}) };
}

function memberStatusUpdate(
  core: TgCore,
  user: EmulatorUser,
  from: string,
  to: string,
  chat = core.world.requireChat(user.id),
): void {
  const bot = { ...core.bot };
  const id = core.updates.push({
    my_chat_member: {
      chat: core.world.chatObject(chat),
      from: core.world.userObject(user),
      date: unixNow(core),
      old_chat_member: { status: from, user: bot },
      new_chat_member: { status: to, user: bot },
    },
  });
  if (id !== undefined) core.counters.updatesCreated += 1;
}

/** The person presses Start (or opens t.me/<bot>?start=<payload>): the bot may write to them from now on. */
export function pressStart(core: TgCore, userId: number, payload?: string): UserMessageResult {
  const user = core.world.requireUser(userId);
  if (payload !== undefined && !/^[A-Za-z0-9_-]{0,64}$/.test(payload)) {
    // https://core.telegram.org/bots/features#deep-linking: “up to 64 characters … A-Z, a-z, 0-9, _ and -”
    throw new EmulatorInputError('a /start payload has at most 64 characters from A-Z, a-z, 0-9, _ and -');
  }
  if (user.blocked) memberStatusUpdate(core, user, 'kicked', 'member');
  user.started = true;
  user.blocked = false;
  const text = payload ? `/start ${payload}` : '/start';
  return userMessage(core, user, core.world.requireChat(user.id), {
    text,
    entities: [{ type: 'bot_command', offset: 0, length: 6 }],
  });
}

export function sendText(
  core: TgCore,
  req: { userId: number; chatId?: number; text: string; replyToMessageId?: number },
): UserMessageResult {
  const user = core.world.requireUser(req.userId);
  if (typeof req.text !== 'string' || req.text.trim() === '') throw new EmulatorInputError('text is required');
  if (req.text.length > 4096) throw new EmulatorInputError('a message has at most 4096 characters');
  const chat = chatFor(core, user, req.chatId);
  const replyTo = req.replyToMessageId === undefined ? undefined : core.world.message(chat.id, req.replyToMessageId);
  if (req.replyToMessageId !== undefined && !replyTo)
    throw new EmulatorInputError(`message ${req.replyToMessageId} not found in chat ${chat.id}`);
  const entities = typedEntities(req.text);
  return userMessage(core, user, chat, {
    text: req.text,
    ...(entities.length ? { entities } : {}),
    ...(replyTo ? { reply_to_message: apiMessage(replyTo) } : {}),
  });
}

export function sendPhoto(
  core: TgCore,
  req: { userId: number; chatId?: number; bytes: Buffer; caption?: string; fileName?: string },
): UserMessageResult {
  const user = core.world.requireUser(req.userId);
  const chat = chatFor(core, user, req.chatId);
  if (req.bytes.length === 0) throw new EmulatorInputError('the photo is empty');
  const file = core.world.storeFile(req.bytes, {
    folder: 'photos',
    extension: 'jpg',
    mimeType: 'image/jpeg',
    ...(req.fileName ? { fileName: req.fileName } : {}),
  });
  let photo: NonNullable<TgMessage['photo']>;
  try {
    photo = photoSizes(file);
  } catch {
    core.world.files.delete(file.fileId);
    throw new EmulatorInputError('the photo must be a PNG or JPEG image');
  }
  const caption = req.caption?.trim();
  return userMessage(core, user, chat, {
    photo,
    ...(caption ? { caption, caption_entities: typedEntities(caption) } : {}),
  });
}

/** The person blocks the bot: sends fail with 403 “bot was blocked by the user” until they press Start again. */
export function blockBot(core: TgCore, userId: number): void {
  const user = core.world.requireUser(userId);
  if (user.blocked) return;
  user.blocked = true;
  memberStatusUpdate(core, user, 'member', 'kicked');
}

/** A member removes the bot from a group (my_chat_member: member → kicked), or adds it back. */
export function setBotInGroup(core: TgCore, req: { userId: number; chatId: number; member: boolean }): void {
  const user = core.world.requireUser(req.userId);
  const chat = core.world.requireChat(req.chatId);
  if (chat.type === 'private')
    throw new EmulatorInputError('a private chat has no members to remove the bot: block the bot instead');
  if (!chat.memberIds.includes(user.id))
    throw new EmulatorInputError(`${user.first_name} is not a member of ${chat.title ?? chat.id}`);
  if (chat.botIsMember === req.member) return;
  chat.botIsMember = req.member;
  chat.botKicked = !req.member;
  memberStatusUpdate(core, user, req.member ? 'left' : 'member', req.member ? 'member' : 'kicked', chat);
}

function chatInstance(chatId: number): string {
  return BigInt(`0x${createHash('sha256').update(`chat:${chatId}`).digest('hex').slice(0, 15)}`).toString();
}

/** The person taps an inline button under one of the bot's messages. */
export function tapButton(core: TgCore, req: TapRequest): TapResult {
  const user = core.world.requireUser(req.userId);
  const chat = chatFor(core, user, req.chatId);
  const message = core.world.message(chat.id, Number(req.messageId));
  if (!message) throw new EmulatorInputError(`message ${req.messageId} not found in chat ${chat.id}`);
  const buttons = (message.reply_markup?.inline_keyboard ?? []).flat();
  const button = buttons.find((b) => (req.data !== undefined ? b.callback_data === req.data : b.text === req.text));
  if (!button)
    throw new EmulatorInputError(
      `message ${message.message_id} has no ` +
        `button ${req.data !== undefined ? `with data "${req.data}"` : `"${req.text ?? ''}"`} now ` +
        `(buttons: ${buttons.map((b) => b.text).join(', ') || 'none'})`,
    );
  if (button.callback_data === undefined)
    throw new EmulatorInputError(`button "${button.text}" opens a link, it sends no callback`);
  const id = `${randomInt(1, 2 ** 47)}${randomInt(0, 1_000_000)}`;
  const record: CallbackAnswer = {
    callbackQueryId: id,
    data: button.callback_data,
    userId: user.id,
    chatId: chat.id,
    messageId: message.message_id,
    at: core.opts.now(),
  };
  core.callbacks.set(id, record);
  const updateId = core.updates.push({
    callback_query: {
      id,
      from: core.world.userObject(user),
      message: apiMessage(message),
      chat_instance: chatInstance(chat.id),
      data: button.callback_data,
    },
  });
  if (updateId !== undefined) core.counters.updatesCreated += 1;
  return { callbackQueryId: id, ...(updateId !== undefined ? { updateId } : {}) };
}

/** Resolves with the answer once the bot answered the query (or undefined after `timeoutMs`). */
export async function waitForAnswer(
  core: TgCore,
  callbackQueryId: string,
  timeoutMs: number,
): Promise<CallbackAnswer | undefined> {
  const q = core.callbacks.get(callbackQueryId);
  if (!q) throw new EmulatorInputError(`callback query ${callbackQueryId} not found`);
  for (let waited = 0; !q.answered && waited < timeoutMs; waited += 20) await sleep(20);
  return q.answered ? structuredClone(q) : undefined;
}
