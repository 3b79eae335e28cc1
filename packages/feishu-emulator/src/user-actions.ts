/**
 * What users do in the Feishu client: type a message (p2p, or in a group with an @bot mention) and
 * act on a card (click, select, submit a form). Each becomes an event or callback pushed to the
 * bot; a card action's result carries the bot's answer, which also updates the stored card.
 */
import { interpretCallbackAnswer } from './callback-answer.js';
import { resolveCardAction } from './card-interaction.js';
import type { EmulatorCore } from './emulator-core.js';
import { cardActionEvent, composeText, messageReceiveEvent, wrapEvent } from './envelopes.js';
import { EmulatorInputError } from './feishu-error.js';
import { newId } from './ids.js';
import { viewOf } from './message-store.js';
import type {
  CardActionRequest,
  CardActionResult,
  UserImageRequest,
  UserMessageRequest,
  UserMessageResult,
} from './types.js';

const CARD_INTERACTION_WINDOW_MS = 14 * 24 * 3600_000;
/** Client-side error codes (reported for callbacks): late answer, unusable answer or unreachable bot. */
const CLIENT_ERROR = { timeout: 200671, badAnswer: 200340 } as const;

export async function sendUserMessage(core: EmulatorCore, req: UserMessageRequest): Promise<UserMessageResult> {
  if (!req.text) throw new EmulatorInputError('a message needs text');
  const { sender, chat } = senderAndChat(core, req);
  const { content, mentions } = composeText(req.text, req.mentionBot ?? false, core.app);
  const message = core.messages.add({
    chat,
    sender: { type: 'user', openId: sender.openId },
    msgType: 'text',
    content,
    ...(mentions ? { mentions } : {}),
  });
  // With the default scope (im:message.group_at_msg) the bot only hears group messages that @ it.
  const addressed = chat.type === 'p2p' || mentions !== undefined || core.opts.delivery.groupMessages === 'all';
  return pushReceived(core, message, sender, addressed && chat.botIsMember);
}

/**
 * A user sends a picture: the client uploads it and posts a message of type image whose content is
 * `{"image_key": "img_v3_…"}`
 * (https://open.feishu.cn/document/uAjLw4CM/ukTMukTMukTM/im-v1/message/events/message_content);
 * the bot gets im.message.receive_v1 and downloads the bytes through the message resource API.
 */
export async function sendUserImage(core: EmulatorCore, req: UserImageRequest): Promise<UserMessageResult> {
  if (!req.bytes || req.bytes.length === 0) throw new EmulatorInputError('an image needs bytes');
  const { sender, chat } = senderAndChat(core, req);
  const imageKey = newId.imageKey();
  const message = core.messages.add({
    chat,
    sender: { type: 'user', openId: sender.openId },
    msgType: 'image',
    content: JSON.stringify({ image_key: imageKey }),
  });
  core.images.set(imageKey, { imageKey, messageId: message.messageId, bytes: Buffer.from(req.bytes) });
  // An image cannot @ the bot: in a group it reaches the bot only with the all-messages scope.
  const addressed = chat.type === 'p2p' || core.opts.delivery.groupMessages === 'all';
  return pushReceived(core, message, sender, addressed && chat.botIsMember);
}

/** The user who sends and the chat they send in (their p2p chat with the bot unless one is named). */
function senderAndChat(core: EmulatorCore, req: { from: string; chatId?: string }) {
  const sender = core.directory.requireUser(req.from);
  const chat = req.chatId ? core.directory.chat(req.chatId) : core.directory.p2pChat(sender.openId);
  if (!chat) throw new EmulatorInputError(`no chat ${req.chatId ?? ''}`);
  if (!chat.memberOpenIds.includes(sender.openId))
    throw new EmulatorInputError(`${sender.name} is not in chat ${chat.chatId}`);
  return { sender, chat };
}

/** Pushes im.message.receive_v1 for a stored message when the bot may hear it. */
async function pushReceived(
  core: EmulatorCore,
  message: Parameters<typeof messageReceiveEvent>[1],
  sender: Parameters<typeof messageReceiveEvent>[2],
  heard: boolean,
): Promise<UserMessageResult> {
  if (!heard) return { message: viewOf(message), delivered: false, skipped: 'not_addressed' };
  const envelope = wrapEvent(
    core.app,
    'im.message.receive_v1',
    messageReceiveEvent(core.app, message, sender),
    core.now(),
  );
  const first = await core.delivery.pushEvent(envelope);
  return { message: viewOf(message), eventId: envelope.header.event_id, delivered: first.ok };
}

export async function actOnCard(core: EmulatorCore, req: CardActionRequest): Promise<CardActionResult> {
  const user = core.directory.requireUser(req.user);
  const message = core.messages.get(req.messageId);
  if (!message) throw new EmulatorInputError(`no message ${req.messageId}`);
  if (!message.card) throw new EmulatorInputError(`message ${req.messageId} is not a card`);
  const chat = core.directory.chat(message.chatId);
  if (!chat?.memberOpenIds.includes(user.openId))
    throw new EmulatorInputError(`${user.name} cannot see message ${req.messageId}`);
  if (core.now() - message.createTime > CARD_INTERACTION_WINDOW_MS) {
    return {
      ok: false,
      failure: 'expired',
      detail: 'cards can be used for 14 days after sending',
      message: viewOf(message),
    };
  }
  const resolved = resolveCardAction(message.card, req);
  if ('failure' in resolved) return { ok: false, ...resolved, message: viewOf(message) };

  const token = core.cardTokens.issue(message.messageId);
  const envelope = wrapEvent(
    core.app,
    'card.action.trigger',
    cardActionEvent(core.app, user, message, resolved.action, token),
    core.now(),
  );
  const ids = { eventId: envelope.header.event_id, token };
  // The card stays locked until the answer arrives (or the client gives up waiting).
  core.messages.lock(message.messageId);
  const sent = await core.delivery.sendCallback(envelope).finally(() => core.messages.unlock(message.messageId));
  if (!sent.ok) {
    const failure =
      sent.outcome === 'timeout' ? 'timeout' : sent.outcome === 'no_receiver' ? 'no_receiver' : 'bot_error';
    const errorCode = failure === 'timeout' ? CLIENT_ERROR.timeout : CLIENT_ERROR.badAnswer;
    return { ok: false, failure, errorCode, detail: sent.detail, ...ids, message: viewOf(message) };
  }
  const verdict = interpretCallbackAnswer(sent.answer);
  if (!verdict.ok) {
    return {
      ok: false,
      failure: 'invalid_answer',
      errorCode: CLIENT_ERROR.badAnswer,
      detail: verdict.detail,
      answer: sent.answer,
      ...ids,
      message: viewOf(message),
    };
  }
  if (verdict.card) {
    core.messages.replaceCard(message.messageId, verdict.card);
    core.counters.callbackCardUpdates += 1;
  }
  return {
    ok: true,
    ...ids,
    answer: sent.answer,
    ...(verdict.toast ? { toast: verdict.toast } : {}),
    ...(verdict.card ? { card: verdict.card } : {}),
    message: viewOf(message),
  };
}
