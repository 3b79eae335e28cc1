/**
 * A Telegram Update (https://core.telegram.org/bots/api#update), validated, read into what the
 * transport does with it. Only the parts we use are checked; anything else in the update is kept
 * out. An update we cannot read is `ignored` (and logged by the caller with its update_id), never thrown.
 *
 * - `message` with `text` → typed text. A `/command` (a `bot_command` entity at offset 0,
 *   https://core.telegram.org/bots/api#messageentity) becomes the Chinese command it names
 *   (`/today 1号梯` → “今日 1号梯”); `/cmd@OtherBot` in a group is someone else's and ignored.
 *   `/start <code>` is a binding deep link (https://core.telegram.org/bots/features#deep-linking:
 *   t.me/<bot>?start=<payload>, payload “up to 64 characters”, A-Z a-z 0-9 _ -) → “绑定 <code>”.
 * - `message` with `photo` (the largest PhotoSize) or an image `document` → a picture (photos as evidence).
 * - `callback_query` → a button tap (its `data`, the message it was on).
 * - `my_chat_member` in a private chat: the person blocked the bot (`kicked`) or started it again
 *   (`member`) (https://core.telegram.org/bots/api#chatmemberupdated).
 */
import { z } from 'zod';
import { COMMAND_HELP, COMMAND_NAMES, type CommandName } from '../../domain/commands/parse-command.js';

const user = z.looseObject({
  id: z.number().int(),
  is_bot: z.boolean().optional(),
  first_name: z.string().optional(),
  last_name: z.string().optional(),
  username: z.string().optional(),
});
const chat = z.looseObject({ id: z.number().int(), type: z.enum(['private', 'group', 'supergroup', 'channel']) });
const entity = z.looseObject({ type: z.string(), offset: z.number().int().min(0), length: z.number().int().min(0) });
const message = z.looseObject({
  message_id: z.number().int(),
  from: user.optional(),
  chat,
  date: z.number().int(),
  text: z.string().optional(),
  entities: z.array(entity).optional(),
  reply_to_message: z.looseObject({ message_id: z.number().int(), from: user.optional() }).optional(),
  /** https://core.telegram.org/bots/api#photosize: the sizes of one photo, smallest first */
  photo: z
    .array(
      z.looseObject({
        file_id: z.string().min(1),
        width: z.number(),
        height: z.number(),
        file_size: z.number().optional(),
      }),
    )
    .optional(),
  /** https://core.telegram.org/bots/api#document: a picture sent “as a file” keeps its bytes (and may be HEIC) */
  document: z
    .looseObject({ file_id: z.string().min(1), mime_type: z.string().optional(), file_size: z.number().optional() })
    .optional(),
});
const callbackQuery = z.looseObject({
  id: z.string().min(1),
  from: user,
  message: z.looseObject({ message_id: z.number().int(), chat }).optional(),
  data: z.string().optional(),
});
const chatMember = z.looseObject({ chat, from: user, new_chat_member: z.looseObject({ status: z.string() }) });

export const updateSchema = z.looseObject({
  update_id: z.number().int().min(0),
  message: message.optional(),
  callback_query: callbackQuery.optional(),
  my_chat_member: chatMember.optional(),
});

export interface TgActor {
  /** the user id, as a decimal string */
  externalId: string;
  name?: string;
  chatId: string;
  chatType: 'p2p' | 'group';
}

export type TgInput =
  | {
      kind: 'text';
      updateId: number;
      actor: TgActor;
      messageId: number;
      text: string;
      mentioned: boolean;
      command?: CommandName | 'start';
    }
  | { kind: 'callback'; updateId: number; actor: TgActor; queryId: string; data: string; messageId?: number }
  | { kind: 'membership'; updateId: number; actor: TgActor; blocked: boolean }
  /** a picture: the file to fetch with getFile (the largest PhotoSize, or an image document) */
  | { kind: 'image'; updateId: number; actor: TgActor; messageId: number; fileId: string; fileSize?: number }
  | { kind: 'ignored'; updateId?: number; why: string };

/**
 * Telegram command names: 1-32 of a-z, 0-9, _
 * (https://core.telegram.org/bots/api#botcommand). Ours are the command table's names.
 */
const TG_COMMANDS = new Set<string>(COMMAND_NAMES);

const nameOf = (u: z.infer<typeof user>) => [u.first_name, u.last_name].filter(Boolean).join(' ') || u.username;

export function readUpdate(raw: unknown, botUsername: string): TgInput {
  const parsed = updateSchema.safeParse(raw);
  const updateId =
    typeof (raw as { update_id?: unknown } | null)?.update_id === 'number'
      ? (raw as { update_id: number }).update_id
      : undefined;
  if (!parsed.success)
    return { kind: 'ignored', updateId, why: `unreadable update: ${parsed.error.issues[0]?.message ?? ''}` };
  const u = parsed.data;
  const actorOf = (from: z.infer<typeof user>, c: z.infer<typeof chat>): TgActor => ({
    externalId: String(from.id),
    name: nameOf(from),
    chatId: String(c.id),
    chatType: c.type === 'private' ? 'p2p' : 'group',
  });

  if (u.callback_query) {
    const q = u.callback_query;
    if (!q.message) return { kind: 'ignored', updateId: u.update_id, why: 'callback without a message (inline mode)' };
    return {
      kind: 'callback',
      updateId: u.update_id,
      actor: actorOf(q.from, q.message.chat),
      queryId: q.id,
      data: q.data ?? '',
      messageId: q.message.message_id,
    };
  }
  if (u.my_chat_member) {
    const m = u.my_chat_member;
    if (m.chat.type !== 'private')
      return { kind: 'ignored', updateId: u.update_id, why: 'membership change in a group' };
    const status = m.new_chat_member.status;
    return { kind: 'membership', updateId: u.update_id, actor: actorOf(m.from, m.chat), blocked: status === 'kicked' };
  }
  const msg = u.message;
  const picture = msg ? pictureOf(msg) : null;
  if (msg?.from && !msg.from.is_bot && picture)
    return {
      kind: 'image',
      updateId: u.update_id,
      actor: actorOf(msg.from, msg.chat),
      messageId: msg.message_id,
      ...picture,
    };
  if (!msg || msg.text === undefined) return { kind: 'ignored', updateId: u.update_id, why: 'not a text message' };
  if (!msg.from || msg.from.is_bot) return { kind: 'ignored', updateId: u.update_id, why: 'no sender, or a bot' };
  const actor = actorOf(msg.from, msg.chat);
  const read = readText(msg.text, msg.entities ?? [], botUsername);
  if (read === null) return { kind: 'ignored', updateId: u.update_id, why: 'a command for another bot' };
  const repliedToBot = msg.reply_to_message?.from?.username?.toLowerCase() === botUsername.toLowerCase();
  const mentioned = actor.chatType === 'p2p' || read.command !== undefined || read.mentioned || repliedToBot;
  return {
    kind: 'text',
    updateId: u.update_id,
    actor,
    messageId: msg.message_id,
    text: read.text,
    mentioned,
    ...(read.command ? { command: read.command } : {}),
  };
}

/**
 * The text as our command parser reads it: a Telegram command turned into its Chinese label, the
 * deep link into 绑定, the bot's @mention removed. null: a command addressed to another bot.
 */
export function readText(
  text: string,
  entities: readonly { type: string; offset: number; length: number }[],
  botUsername: string,
): { text: string; command?: CommandName | 'start'; mentioned: boolean } | null {
  const me = `@${botUsername}`.toLowerCase();
  const cmd = entities.find((e) => e.type === 'bot_command' && e.offset === 0);
  if (cmd) {
    const [name = '', target] = text.slice(1, cmd.length).split('@');
    if (target !== undefined && `@${target}`.toLowerCase() !== me) return null;
    const args = text.slice(cmd.length).trim();
    const lower = name.toLowerCase();
    if (lower === 'start') return { text: args ? `绑定 ${args}` : '帮助', command: 'start', mentioned: true };
    if (TG_COMMANDS.has(lower))
      return {
        text: [COMMAND_HELP[lower as CommandName].label, args].filter(Boolean).join(' '),
        command: lower as CommandName,
        mentioned: true,
      };
    // An unknown /word: the parser answers with the closest command.
    return { text: [name, args].filter(Boolean).join(' '), mentioned: true };
  }
  const mentions = entities.filter(
    (e) => e.type === 'mention' && text.slice(e.offset, e.offset + e.length).toLowerCase() === me,
  );
  let plain = text;
  // the mention and the space after it go (offsets are UTF-16 code units, as JavaScript's)
  for (const m of [...mentions].sort((a, b) => b.offset - a.offset))
    plain = plain.slice(0, m.offset) + plain.slice(m.offset + m.length).replace(/^\s/, '');
  return { text: plain.trim(), mentioned: mentions.length > 0 };
}

/**
 * The bot's command menu (setMyCommands, https://core.telegram.org/bots/api#setmycommands): every
 * command of the table, described in Chinese from the same table as 帮助 (description 1-256 characters).
 */
export function commandMenu(): { command: string; description: string }[] {
  return COMMAND_NAMES.filter((n) => n !== 'bind').map((n) => ({
    command: n,
    description: `${COMMAND_HELP[n].usage}：${COMMAND_HELP[n].summary}`.slice(0, 256),
  }));
}

/**
 * The picture of a message: of a photo, the largest PhotoSize (the last of the array, per the Bot
 * API; compared by pixels to be sure); of a document, only an image (`mime_type` image/*): any other
 * file is not a photo. Null when there is neither.
 */
function pictureOf(m: z.infer<typeof message>): { fileId: string; fileSize?: number } | null {
  const largest = (m.photo ?? []).reduce<NonNullable<typeof m.photo>[number] | undefined>(
    (best, p) => (!best || p.width * p.height >= best.width * best.height ? p : best),
    undefined,
  );
  const f = largest ?? (m.document && (m.document.mime_type ?? '').startsWith('image/') ? m.document : undefined);
  return f ? { fileId: f.file_id, ...(f.file_size !== undefined ? { fileSize: f.file_size } : {}) } : null;
}
