/**
 * IM message APIs: create (with `uuid` de-duplication and per-receiver limits), PATCH of cards,
 * and GET of one message. Receiver rules follow Feishu (发送消息 › 错误码,
 * https://open.feishu.cn/document/server-docs/im-v1/message/create): unknown ids 230034, users
 * outside the app's availability 230013, users who blocked the bot 230053, groups without the bot
 * 230002, another app's open_id 99992361; a card locked by an interaction refuses PATCH (230099/11310).
 */

import { parseCardContent } from './card-validator.js';
import type { EmulatorCore } from './emulator-core.js';
import { cardLockedError, FeishuApiError, FeishuCode, imError } from './feishu-error.js';
import { parseJsonObject, requireString } from './http-io.js';
import { checkRequestSize, validateContent } from './message-content.js';
import type { OpenApiRoute, RouteContext } from './open-api-router.js';
import type { EmulatorChat, StoredMessage } from './types.js';

const PATCH_WINDOW_MS = 14 * 24 * 3600_000;
const RECEIVE_ID_TYPES = new Set(['open_id', 'user_id', 'union_id', 'chat_id']);

/** A message in the shape of Feishu's message API responses. */
export function messageJson(core: EmulatorCore, m: StoredMessage): Record<string, unknown> {
  const sender =
    m.sender.type === 'app'
      ? { id: m.sender.appId, id_type: 'app_id', sender_type: 'app', tenant_key: core.app.tenantKey }
      : { id: m.sender.openId, id_type: 'open_id', sender_type: 'user', tenant_key: core.app.tenantKey };
  return {
    message_id: m.messageId,
    msg_type: m.msgType,
    create_time: String(m.createTime),
    update_time: String(m.updateTime),
    deleted: false,
    updated: m.updates > 0,
    chat_id: m.chatId,
    sender,
    body: { content: m.content },
    ...(m.mentions
      ? {
          mentions: m.mentions.map((x) => ({
            key: x.key,
            id: x.openId,
            id_type: 'open_id',
            name: x.name,
            tenant_key: core.app.tenantKey,
          })),
        }
      : {}),
  };
}

function resolveReceiver(core: EmulatorCore, idType: string, id: string): EmulatorChat {
  if (idType === 'chat_id') {
    const chat = core.directory.chat(id);
    if (!chat) throw imError(FeishuCode.invalidReceiveId, `The receive_id is invalid: no chat ${id}`);
    if (chat.type === 'group' && !chat.botIsMember)
      throw imError(FeishuCode.botNotInChat, 'The bot can not be outside the group.');
    if (chat.type === 'p2p') return receiverChat(core, chat.memberOpenIds[0] ?? '');
    return chat;
  }
  const user = core.directory
    .users()
    .find((u) => (idType === 'open_id' ? u.openId : idType === 'user_id' ? u.userId : u.unionId) === id);
  // open_ids are per app: another app's open_id of a known person is “open_id cross app” (服务端通用错误码).
  if (!user && idType === 'open_id' && core.directory.userByOtherAppOpenId(id))
    throw imError(FeishuCode.openIdCrossApp, 'open_id cross app');
  if (!user) throw imError(FeishuCode.invalidReceiveId, `The receive_id is invalid: no user with ${idType} ${id}`);
  return receiverChat(core, user.openId);
}

function receiverChat(core: EmulatorCore, openId: string): EmulatorChat {
  const user = core.directory.requireUser(openId);
  if (!user.available) throw imError(FeishuCode.userUnavailable, 'Bot has NO availability to this user.');
  if (user.blockedBot) throw imError(FeishuCode.userBlockedBot, 'The user has stopped the bot from sending messages.');
  return core.directory.p2pChat(openId);
}

function createMessage({ core, url, body }: RouteContext): unknown {
  const idType = url.searchParams.get('receive_id_type') ?? '';
  if (!RECEIVE_ID_TYPES.has(idType)) {
    throw new FeishuApiError(
      400,
      FeishuCode.fieldValidation,
      'field validation failed: receive_id_type must be open_id, user_id, union_id or chat_id',
    );
  }
  const input = parseJsonObject(body);
  const receiveId = requireString(input, 'receive_id');
  const msgType = requireString(input, 'msg_type');
  const content = requireString(input, 'content');
  const uuid = input['uuid'] === undefined ? undefined : requireString(input, 'uuid', 50);
  const earlier = uuid ? core.messages.findByUuid(uuid) : undefined;
  if (earlier) {
    // Same uuid within the hour: nothing is sent again; the first message is answered.
    core.counters.dedupedSends += 1;
    return { code: 0, msg: 'success', data: messageJson(core, earlier) };
  }
  const chat = resolveReceiver(core, idType, receiveId);
  const verdict = core.limiter.take([
    { key: `receiver:${chat.chatId}`, limit: core.opts.limits.perReceiverPerSecond, windowMs: 1000 },
  ]);
  if (!verdict.ok) throw imError(FeishuCode.frequencyLimit, 'This operation triggers the frequency limit.');
  checkRequestSize(msgType, body.length);
  const { card } = validateContent(msgType, content, core.files);
  const message = core.messages.add({
    chat,
    sender: { type: 'app', appId: core.app.appId },
    msgType,
    content,
    ...(card ? { card } : {}),
    ...(uuid ? { uuid } : {}),
  });
  core.counters.messagesCreated += 1;
  return { code: 0, msg: 'success', data: messageJson(core, message) };
}

function patchMessage({ core, body, params }: RouteContext): unknown {
  const id = params[0] ?? '';
  const message = core.messages.get(id);
  if (!message) throw imError(FeishuCode.invalidParam, `invalid message_id: ${id}`);
  if (message.sender.type !== 'app') throw imError(FeishuCode.notSender, 'Bot is NOT the sender of the message.');
  if (message.msgType !== 'interactive')
    throw imError(FeishuCode.invalidParam, 'only interactive (card) messages can be patched');
  if (core.now() - message.createTime > PATCH_WINDOW_MS)
    throw imError(FeishuCode.patchWindowOver, 'Message can only be modified within 14 days after sending.');
  const content = requireString(parseJsonObject(body), 'content');
  if (core.messages.isLocked(id)) throw cardLockedError();
  const verdict = core.limiter.take([
    { key: `patch:${id}`, limit: core.opts.limits.patchPerMessagePerSecond, windowMs: 1000 },
  ]);
  if (!verdict.ok) throw imError(FeishuCode.frequencyLimit, 'This operation triggers the frequency limit.');
  checkRequestSize('interactive', body.length);
  core.messages.replaceCard(id, parseCardContent(content));
  core.counters.patches += 1;
  return { code: 0, msg: 'success', data: {} };
}

function getMessage({ core, params }: RouteContext): unknown {
  const message = core.messages.get(params[0] ?? '');
  if (!message) throw imError(FeishuCode.invalidParam, `invalid message_id: ${params[0] ?? ''}`);
  return { code: 0, msg: 'success', data: { items: [messageJson(core, message)] } };
}

export const messageRoutes: OpenApiRoute[] = [
  { method: 'POST', pattern: /^\/open-apis\/im\/v1\/messages$/, api: 'send', auth: true, handle: createMessage },
  {
    method: 'PATCH',
    pattern: /^\/open-apis\/im\/v1\/messages\/([^/]+)$/,
    api: 'patch',
    auth: true,
    handle: patchMessage,
  },
  { method: 'GET', pattern: /^\/open-apis\/im\/v1\/messages\/([^/]+)$/, api: 'read', auth: true, handle: getMessage },
];
