/**
 * Event and callback payloads in Feishu's schema 2.0 envelope (platforms.md A5): the same JSON
 * goes over the long connection and (optionally encrypted) to a webhook. Shapes follow the
 * documentation's examples, which tests/feishu/doc-fixtures.test.ts compares field by field:
 * https://open.feishu.cn/document/server-docs/im-v1/message/events/receive (im.message.receive_v1),
 * https://open.feishu.cn/document/uAjLw4CM/ukzMukzMukzM/feishu-cards/card-callback-communication (card.action.trigger).
 */
import { newId } from './ids.js';
import type { EmulatorUser, MentionView, StoredMessage } from './types.js';

export interface EventEnvelope {
  schema: '2.0';
  header: {
    event_id: string;
    token: string;
    create_time: string;
    event_type: string;
    tenant_key: string;
    app_id: string;
  };
  event: Record<string, unknown>;
}

export interface AppIdentity {
  appId: string;
  tenantKey: string;
  verificationToken: string;
  botOpenId: string;
  botName: string;
}

export function wrapEvent(
  app: AppIdentity,
  eventType: string,
  event: Record<string, unknown>,
  nowMs: number,
): EventEnvelope {
  // create_time: milliseconds for events (im.message.receive_v1 example "1608725989000"), microseconds
  // in the card callback's documented example ("1603977298000000", card-callback-communication).
  const createTime = eventType === 'card.action.trigger' ? `${nowMs}000` : String(nowMs);
  return {
    schema: '2.0',
    header: {
      event_id: newId.eventId(),
      token: app.verificationToken,
      create_time: createTime,
      event_type: eventType,
      tenant_key: app.tenantKey,
      app_id: app.appId,
    },
    event,
  };
}

function userIds(user: EmulatorUser): Record<string, string> {
  return { union_id: user.unionId, user_id: user.userId, open_id: user.openId };
}

/** Text content as a Feishu client writes it: @bot becomes the placeholder `@_user_1` plus a `mentions` entry. */
export function composeText(
  text: string,
  mentionBot: boolean,
  app: AppIdentity,
): { content: string; mentions?: MentionView[] } {
  if (!mentionBot) return { content: JSON.stringify({ text }) };
  const key = '@_user_1';
  return {
    content: JSON.stringify({ text: `${key} ${text}` }),
    mentions: [{ key, openId: app.botOpenId, name: app.botName }],
  };
}

/** `im.message.receive_v1` for a message a user sent. */
export function messageReceiveEvent(
  app: AppIdentity,
  message: StoredMessage,
  sender: EmulatorUser,
): Record<string, unknown> {
  const mentions = message.mentions?.map((m) => ({
    key: m.key,
    id: { union_id: '', user_id: '', open_id: m.openId },
    name: m.name,
    tenant_key: app.tenantKey,
  }));
  return {
    sender: { sender_id: userIds(sender), sender_type: 'user', tenant_key: app.tenantKey },
    message: {
      message_id: message.messageId,
      create_time: String(message.createTime),
      update_time: String(message.updateTime),
      chat_id: message.chatId,
      chat_type: message.chatType,
      message_type: message.msgType,
      content: message.content,
      ...(mentions ? { mentions } : {}),
      user_agent: 'Feishu-Emulator',
    },
  };
}

/** `card.action.trigger` for a user's action on a bot card. */
export function cardActionEvent(
  app: AppIdentity,
  operator: EmulatorUser,
  message: StoredMessage,
  action: Record<string, unknown>,
  token: string,
): Record<string, unknown> {
  return {
    // The operator as the callback page lists it: tenant_key, user_id, open_id (no union_id).
    operator: { tenant_key: app.tenantKey, user_id: operator.userId, open_id: operator.openId },
    token,
    action,
    host: 'im_message',
    context: { open_message_id: message.messageId, open_chat_id: message.chatId },
  };
}
