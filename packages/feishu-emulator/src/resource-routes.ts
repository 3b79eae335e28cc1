/**
 * 获取消息中的资源文件: `GET /open-apis/im/v1/messages/:message_id/resources/:file_key?type=image|file`
 * (https://open.feishu.cn/document/uAjLw4CM/ukTMukTMukTM/reference/im-v1/message-resource/get):
 * the binary stream of a resource of that message, for a bot in the same chat (tenant token; scope
 * im:resource / im:message). The key must belong to the message, `type` must be given; a sticker or
 * a card's resource is not served. The emulator answers 234001 (Invalid request param) for a
 * missing type or a key that is not the message's, as the docs list that code for bad parameters.
 */
import { FeishuApiError, imError } from './feishu-error.js';
import type { OpenApiRoute, RouteContext } from './open-api-router.js';

/** Bytes to answer as the file itself (not JSON). */
export class BinaryResult {
  constructor(
    readonly bytes: Buffer,
    readonly contentType: string,
  ) {}
}

const INVALID_PARAM = 234001;

function getResource({ core, url, params }: RouteContext): BinaryResult {
  const [messageId = '', fileKey = ''] = params;
  const type = url.searchParams.get('type');
  if (type !== 'image' && type !== 'file')
    throw imError(INVALID_PARAM, 'Invalid request param: type must be image or file.');
  const message = core.messages.get(messageId);
  if (!message) throw new FeishuApiError(400, INVALID_PARAM, `Invalid request param: message ${messageId} not found.`);
  const chat = core.directory.chat(message.chatId);
  if (!chat?.botIsMember)
    throw imError(INVALID_PARAM, 'Invalid request param: the bot is not in the chat of this message.');
  const image = core.images.get(fileKey);
  if (type !== 'image' || !image || image.messageId !== messageId)
    throw imError(INVALID_PARAM, 'Invalid request param: file_key does not belong to message_id.');
  core.counters.downloads += 1;
  return new BinaryResult(image.bytes, 'application/octet-stream');
}

export const resourceRoutes: OpenApiRoute[] = [
  {
    method: 'GET',
    pattern: /^\/open-apis\/im\/v1\/messages\/([^/]+)\/resources\/([^/]+)$/,
    api: 'resource',
    auth: true,
    handle: getResource,
  },
];
