/**
 * im.message.receive_v1 → a reply. Typed text from p2p chats, or from groups where the bot is
 * @-mentioned (mentions stripped). Each message is handled once (Feishu redelivers); the reply goes
 * out after the event is acknowledged, so a slow reply never causes a redelivery. An answer marked
 * `privateToAsker` (it names people's misses) asked in a group goes to the asker's p2p chat by
 * open_id, and the group is told “已私信发送”.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { Logger, Store } from '../../app/ports.js';
import type { Reply } from '../../app/commands/handle-text.js';
import type { FeishuMessenger } from './feishu-messenger.js';

/** im.message.receive_v1 as the SDK hands it over. Doc: https://open.feishu.cn/document/server-docs/im-v1/message/events/receive */
export const messageSchema = z.looseObject({
  event_id: z.string().optional(),
  sender: z.looseObject({ sender_id: z.looseObject({ open_id: z.string().optional() }).optional(), sender_type: z.string().optional() }),
  message: z.looseObject({
    message_id: z.string().min(1),
    chat_id: z.string().optional(),
    chat_type: z.string().optional(),
    message_type: z.string().optional(),
    content: z.string().optional(),
    mentions: z.array(z.looseObject({ key: z.string(), id: z.looseObject({ open_id: z.string().optional() }).optional() })).nullish(),
  }),
});

export interface TextDeps {
  store: Store;
  log: Logger;
  now: () => Date;
  messenger: FeishuMessenger;
  /** the bot's own open_id, to recognise @bot in groups */
  botOpenId: () => string | undefined;
  /** the command layer: which chat account typed what → the reply */
  reply: (account: { channel: 'feishu'; externalId: string }, text: string) => Promise<Reply>;
}

/** Text with mention placeholders removed (`@_user_1 逾期` → `逾期`). */
export function stripMentions(text: string, mentionKeys: string[]): string {
  let t = text;
  for (const k of mentionKeys) t = t.split(k).join(' ');
  return t.replace(/@_all/g, ' ').replace(/\s+/g, ' ').trim();
}

export async function onTextMessage(deps: TextDeps, raw: unknown): Promise<void> {
  const parsed = messageSchema.safeParse(raw);
  if (!parsed.success) return void deps.log.warn({ issues: parsed.error.issues.slice(0, 3) }, 'feishu message: malformed payload ignored');
  const { sender, message } = parsed.data;
  const ids = { eventId: parsed.data.event_id, messageId: message.message_id, chatId: message.chat_id };
  if (sender.sender_type && sender.sender_type !== 'user') return;
  if (!(await deps.store.firstDelivery('feishu', `message:${message.message_id}`, deps.now()))) return void deps.log.debug(ids, 'feishu message: redelivery ignored');
  const openId = sender.sender_id?.open_id;
  if (!openId) return;
  const isGroup = message.chat_type === 'group';
  const mentions = message.mentions ?? [];
  if (isGroup && !mentions.some((m) => m.id?.open_id && m.id.open_id === deps.botOpenId())) return;
  let text = '';
  try {
    text = message.message_type === 'text' ? String((JSON.parse(message.content ?? '{}') as { text?: unknown }).text ?? '') : '';
  } catch {
    text = '';
  }
  const answer: Reply = text ? await deps.reply({ channel: 'feishu', externalId: openId }, stripMentions(text, mentions.map((m) => m.key))) : { text: '请发送文字命令，例如“帮助”。' };
  const uuid = (part: string) => createHash('sha256').update(`reply:${message.message_id}:${part}`).digest('hex').slice(0, 40);
  const here = isGroup && message.chat_id ? { chatId: message.chat_id } : { openId };
  // An answer that names people's misses is never posted to a group: the asker gets it privately,
  // by open_id. That works only for users within the bot's availability who have not blocked it
  // (https://open.feishu.cn/document/uAjLw4CM/ukTMukTMukTM/reference/im-v1/message/create, 前提条件:
  // “给用户发送消息时，用户需要在机器人的可用范围内”); otherwise the group is told, without the answer.
  const toAsker = isGroup && answer.privateToAsker;
  const to = toAsker ? { openId } : here;
  try {
    await deps.messenger.sendText(to, answer.text, uuid('text'));
    for (const [i, f] of (answer.files ?? []).entries()) await deps.messenger.sendFile(to, f.fileName, f.bytes, uuid(`file${i}`));
  } catch (e) {
    if (!toAsker) throw e;
    deps.log.warn({ ...ids, openId, err: e }, 'feishu message: private answer to a group question failed');
    await deps.messenger.sendText(here, '无法私信发送给您：请先在飞书中打开与我的单聊，再发送一次。', uuid('group-failed'));
    return;
  }
  if (toAsker) await deps.messenger.sendText(here, '已私信发送，请在与我的单聊中查看。', uuid('group-note'));
  deps.log.info({ ...ids, openId, private: toAsker }, 'feishu message answered');
}
