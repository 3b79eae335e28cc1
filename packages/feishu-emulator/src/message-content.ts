/**
 * Validation of message.create `content` per msg_type, with Feishu's limits: a request body of
 * text ≤ 150 KB, of post and card ≤ 30 KB (230025), cards per JSON 2.0 rules (230099), files only
 * when this app uploaded them (230017) and of a type a file message may carry (230055).
 */
import { parseCardContent } from './card-validator.js';
import { FeishuCode, imError } from './feishu-error.js';
import type { CardJson, UploadedFile } from './types.js';

const TEXT_MAX_BYTES = 150 * 1024;
const CARD_MAX_BYTES = 30 * 1024;
/** Feishu sends opus as `audio` and mp4 as `media` messages, never as `file`. */
const NOT_FOR_FILE_MESSAGES = new Set(['opus', 'mp4']);
export const EMULATED_MSG_TYPES = new Set(['text', 'post', 'interactive', 'file']);

/**
 * The size limit is on the request body as sent, the content escaped inside it: “文本消息请求体最大
 * 不能超过 150 KB；卡片消息、富文本消息请求体最大不能超过 30 KB”
 * (https://open.feishu.cn/document/server-docs/im-v1/message/create; the same for PATCH,
 * https://open.feishu.cn/document/server-docs/im-v1/message-card/patch). KB read as 1024 bytes.
 */
export function checkRequestSize(msgType: string, bodyBytes: number): void {
  const max =
    msgType === 'text'
      ? TEXT_MAX_BYTES
      : msgType === 'interactive' || msgType === 'post'
        ? CARD_MAX_BYTES
        : Number.POSITIVE_INFINITY;
  if (bodyBytes > max) {
    throw imError(
      FeishuCode.contentTooLong,
      `The length of the message content reaches its limit: the request body is ${bodyBytes} bytes, at ` +
        `most ${max} for ${msgType}.`,
    );
  }
}

export function validateContent(
  msgType: string,
  content: string,
  files: ReadonlyMap<string, UploadedFile>,
): { card?: CardJson } {
  if (!EMULATED_MSG_TYPES.has(msgType))
    throw imError(FeishuCode.invalidParam, `msg_type "${msgType}" is not emulated (text, post, interactive, file)`);
  if (msgType === 'interactive') return { card: parseCardContent(content) };
  const body = parseObject(content);
  if (msgType === 'text') {
    if (typeof body['text'] !== 'string' || body['text'] === '')
      throw imError(FeishuCode.invalidParam, 'invalid text content: {"text": "<non-empty string>"} expected');
    return {};
  }
  if (msgType === 'post') {
    checkPost(body);
    return {};
  }
  const key = body['file_key'];
  const file = typeof key === 'string' ? files.get(key) : undefined;
  if (!file) throw imError(FeishuCode.fileNotOwned, 'the file_key was not uploaded by this app');
  if (NOT_FOR_FILE_MESSAGES.has(file.fileType))
    throw imError(FeishuCode.fileTypeMismatch, `a ${file.fileType} file cannot be sent as msg_type file`);
  return {};
}

function parseObject(content: string): Record<string, unknown> {
  try {
    const v: unknown = JSON.parse(content);
    if (v && typeof v === 'object' && !Array.isArray(v)) return v as Record<string, unknown>;
  } catch {
    // fall through to the Feishu error below
  }
  throw imError(FeishuCode.invalidParam, 'content must be a JSON string of an object');
}

/** `{"zh_cn": {"title", "content": [[…]]}}` (optionally wrapped in `post`). */
function checkPost(body: Record<string, unknown>): void {
  const root = body['post'] && typeof body['post'] === 'object' ? (body['post'] as Record<string, unknown>) : body;
  const locales = Object.values(root).filter((v): v is Record<string, unknown> => !!v && typeof v === 'object');
  const ok =
    locales.length > 0 &&
    locales.every((l) => Array.isArray(l['content']) && l['content'].every((line) => Array.isArray(line)));
  if (!ok)
    throw imError(
      FeishuCode.invalidParam,
      'invalid post content: {"zh_cn": {"title": "…", "content": [[{"tag": "text", "text": "…"}]]}} expected',
    );
}
