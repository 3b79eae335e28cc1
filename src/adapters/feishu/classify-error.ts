/**
 * One retry policy for Feishu failures (platforms.md A1/A3), from Feishu's own error tables:
 * - 服务端通用错误码 https://open.feishu.cn/document/server-docs/api-call-guide/generic-error-code
 * - 发送消息 (错误码) https://open.feishu.cn/document/server-docs/im-v1/message/create
 * - 消息常见问题 https://open.feishu.cn/document/server-docs/im-v1/faq (11232/11233/11247)
 *
 * The gateway limit 99991400 waits for `x-ogw-ratelimit-reset`; the IM limits (230020, and 11232
 * “create message service trigger rate limit”, 11233 “… chat trigger rate limit”, 11247 “internal
 * send message trigger rate limit”), 5xx and network errors back off; 230049 “The message is being
 * sent” is retried shortly with the SAME uuid (the dispatcher derives it from the message key);
 * token errors (99991661/63/64/65/77) refresh the token and retry. Recipients that only an
 * administrator can fix — 230013 outside the app's 可用范围 (also a resigned user), 230002 the bot
 * is not in the group, 99992361 an open_id of another app, 230053 the user stopped the bot — are
 * never retried: they become `RecipientUnreachable`. Other client errors fail fast.
 */
import { ChannelError, RecipientUnreachable, type UnreachableCause } from '../../app/channel-error.js';

/**
 * 99991661 missing, 99991663 invalid tenant token, 99991664 invalid
 * app token, 99991665 invalid tenant code, 99991677 expired.
 */
export const TOKEN_CODES = new Set([99991661, 99991663, 99991664, 99991665, 99991677]);

/** IM rate limits retried like 230020 (back off, same uuid). */
export const IM_RATE_LIMIT_CODES = new Set([230020, 11232, 11233, 11247]);

/** 230049: the same uuid is still being sent; ask again in a few seconds. */
export const SENDING_CODE = 230049;
const SENDING_RETRY_MS = 5_000;

/**
 * Codes that mean “this recipient cannot be reached until someone changes the app or the group”, and what to change.
 */
export const UNREACHABLE: Record<number, { cause: UnreachableCause; what: string }> = {
  230013: {
    cause: 'out_of_scope',
    what: '不在飞书应用的可用范围内（或已离职）：请管理员在开发者后台「版本管理与发布」把此人加入可用范围并发布新版本',
  },
  230002: { cause: 'not_in_group', what: '机器人不在该群中：请把 SafeDuty 机器人添加到群里' },
  99992361: {
    cause: 'other_app',
    what: '登记的 open_id 属于另一个飞书应用：请删除手填的 open_id，由 SafeDuty 按手机号重新获取，或让此人向机器人发送“绑定 邀请码”',
  },
  230053: { cause: 'blocked', what: '已在飞书里屏蔽了机器人的消息：请此人在机器人会话中重新开启接收消息' },
};

/**
 * “card action is lock”: a JSON 2.0 card is updated while a user's interaction with it is still
 * being answered (230099 with sub-code 11310, 发送消息 › 230099 子错误码). Retried shortly.
 */
export const CARD_LOCKED = 'card_locked';

interface AxiosLike {
  response?: { status?: number; data?: { code?: number; msg?: string }; headers?: Record<string, string | undefined> };
  code?: string;
  message?: string;
}

/** `who` names the recipient (a person's name, a group) in the message of an unreachable error. */
export function classifyFeishuError(e: unknown, who?: string): ChannelError {
  if (e instanceof ChannelError) return e;
  const err = e as AxiosLike;
  const status = err.response?.status;
  const code = err.response?.data?.code;
  const msg = err.response?.data?.msg ?? err.message ?? String(e);
  if (code === 99991400 || status === 429) {
    const reset = Number(err.response?.headers?.['x-ogw-ratelimit-reset']);
    return new ChannelError(
      `飞书限流（${code ?? status}）：${msg}`,
      true,
      Number.isFinite(reset) && reset > 0 ? reset * 1000 : 1000,
      code ?? status,
    );
  }
  if (code !== undefined && IM_RATE_LIMIT_CODES.has(code))
    return new ChannelError(`飞书消息频率限制（${code}）：${msg}`, true, undefined, code);
  if (code === SENDING_CODE)
    return new ChannelError(`飞书消息正在发送中（${code}），稍后用同一 uuid 重试`, true, SENDING_RETRY_MS, code);
  if (code !== undefined && TOKEN_CODES.has(code))
    return new ChannelError(`飞书令牌无效（${code}），将刷新后重试`, true, 0, code);
  if (code === 230099 && /11310/.test(msg) && /lock/i.test(msg))
    return new ChannelError(`飞书卡片正在交互中，稍后再更新（${code}）`, true, 500, CARD_LOCKED);
  const unreachable = code !== undefined ? UNREACHABLE[code] : undefined;
  if (unreachable)
    return new RecipientUnreachable(
      `${who ? `${who} ` : ''}无法收到飞书消息（${code}）：${unreachable.what}`,
      unreachable.cause,
      code,
    );
  // The client's own timeout (feishu-client.ts): retried later with the same uuid.
  if (status === undefined && (err.code === 'ECONNABORTED' || err.code === 'ETIMEDOUT'))
    return new ChannelError(
      `飞书在限定时间内没有应答（${err.code}），稍后用同一 uuid 重试：${msg}`,
      true,
      undefined,
      err.code,
    );
  if (status === undefined || status >= 500)
    return new ChannelError(
      `飞书暂时不可用（${status ?? err.code ?? '网络错误'}）：${msg}`,
      true,
      undefined,
      status ?? err.code,
    );
  return new ChannelError(`飞书拒绝了请求（${code ?? status}）：${msg}`, false, undefined, code ?? status);
}

/** A 2xx answer with code ≠ 0 is not thrown by the SDK: turn it into the same classification. */
export function checkBody<T extends { code?: number; msg?: string }>(body: T | null | undefined, what: string): T {
  if (!body) throw new ChannelError(`飞书${what}没有返回结果`, true);
  if (body.code !== undefined && body.code !== 0)
    throw classifyFeishuError({ response: { status: 400, data: { code: body.code, msg: body.msg } } });
  return body;
}
