/**
 * im.message.receive_v1 → an InboundEvent of type text (or image: a
 * picture sent in the chat) → the app (handleInbound), which answers
 * through the channel. Feishu-specific here: the payload's shape, text content, and @-mentions (the
 * bot's own mention tells a group message addressed to it; mentions are stripped from the text).
 * The event is acknowledged at once by the receiver; the reply goes out afterwards, so a slow reply
 * never causes a redelivery.
 */
import { z } from 'zod';
import type { Clock, InboundHandler, Logger } from '../../app/ports.js';

/**
 * im.message.receive_v1 as the SDK hands it over. Doc:
 * https://open.feishu.cn/document/server-docs/im-v1/message/events/receive
 */
export const messageSchema = z.looseObject({
  event_id: z.string().optional(),
  sender: z.looseObject({
    sender_id: z.looseObject({ open_id: z.string().optional() }).optional(),
    sender_type: z.string().optional(),
  }),
  message: z.looseObject({
    message_id: z.string().min(1),
    chat_id: z.string().optional(),
    chat_type: z.string().optional(),
    message_type: z.string().optional(),
    content: z.string().optional(),
    mentions: z
      .array(z.looseObject({ key: z.string(), id: z.looseObject({ open_id: z.string().optional() }).optional() }))
      .nullish(),
  }),
});

export interface TextDeps {
  log: Logger;
  clock: Clock;
  /** the bot's own open_id, to recognise @bot in groups */
  botOpenId: () => string | undefined;
  /** the app's inbound entry */
  handle: InboundHandler;
  /** a picture's bytes: GET im/v1/messages/:message_id/resources/:file_key?type=image (feishu-channel.ts) */
  downloadImage?: (messageId: string, imageKey: string) => Promise<Uint8Array>;
}

/**
 * Content of a message of type image
 * (https://open.feishu.cn/document/uAjLw4CM/ukTMukTMukTM/im-v1/message/events/message_content).
 */
const imageContentSchema = z.looseObject({ image_key: z.string().min(1) });

/** Text with mention placeholders removed (`@_user_1 逾期` → `逾期`). */
export function stripMentions(text: string, mentionKeys: string[]): string {
  let t = text;
  for (const k of mentionKeys) t = t.split(k).join(' ');
  return t.replace(/@_all/g, ' ').replace(/\s+/g, ' ').trim();
}

export async function onTextMessage(deps: TextDeps, raw: unknown): Promise<void> {
  const parsed = messageSchema.safeParse(raw);
  if (!parsed.success)
    return void deps.log.warn({ issues: parsed.error.issues.slice(0, 3) }, 'feishu message: malformed payload ignored');
  const { sender, message } = parsed.data;
  if (sender.sender_type && sender.sender_type !== 'user') return;
  const openId = sender.sender_id?.open_id;
  if (!openId)
    return void deps.log.warn(
      { eventId: parsed.data.event_id, messageId: message.message_id },
      'feishu message: no sender open_id, ignored',
    );
  const actor = {
    externalId: openId,
    ...(message.chat_id ? { chatId: message.chat_id } : {}),
    chatType: message.chat_type === 'group' ? ('group' as const) : ('p2p' as const),
  };
  if (message.message_type === 'image') return onImage(deps, parsed.data.event_id, message, actor);
  const mentions = message.mentions ?? [];
  const bot = deps.botOpenId();
  let text = '';
  try {
    text =
      message.message_type === 'text'
        ? String((JSON.parse(message.content ?? '{}') as { text?: unknown }).text ?? '')
        : '';
  } catch {
    text = '';
  }
  // Each Feishu message is handled once: its message_id is the event's id (Feishu redelivers the
  // same message under new event ids).
  await deps.handle({
    type: 'text',
    channel: 'feishu',
    eventId: message.message_id,
    actor,
    at: deps.clock.now(),
    text: stripMentions(
      text,
      mentions.map((m) => m.key),
    ),
    mentioned: mentions.some((m) => m.id?.open_id !== undefined && m.id.open_id === bot),
  });
}

/**
 * A picture sent in the chat: handed over with a way to download
 * it (the app downloads only when a photo step waits for it).
 */
async function onImage(
  deps: TextDeps,
  eventId: string | undefined,
  message: { message_id: string; content?: string | undefined },
  actor: { externalId: string; chatId?: string; chatType: 'p2p' | 'group' },
): Promise<void> {
  let content: unknown;
  try {
    content = JSON.parse(message.content ?? '{}');
  } catch {
    content = null;
  }
  const image = imageContentSchema.safeParse(content);
  if (!image.success || !deps.downloadImage)
    return void deps.log.warn(
      { eventId, messageId: message.message_id },
      'feishu image message: no image_key, ignored',
    );
  const { image_key: key } = image.data;
  const download = deps.downloadImage;
  await deps.handle({
    type: 'image',
    channel: 'feishu',
    eventId: message.message_id,
    actor,
    at: deps.clock.now(),
    image: { download: () => download(message.message_id, key) },
  });
}
