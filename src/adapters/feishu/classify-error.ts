/**
 * One retry policy for Feishu failures (platforms.md A1/A3): the gateway limit 99991400 waits for
 * `x-ogw-ratelimit-reset`; the IM limit 230020, 5xx and network errors back off; token errors
 * refresh the token and retry; other client errors fail fast (retrying cannot help).
 */
import { ChannelError } from '../../app/channel-error.js';

export const TOKEN_CODES = new Set([99991661, 99991663, 99991677]);

interface AxiosLike {
  response?: { status?: number; data?: { code?: number; msg?: string }; headers?: Record<string, string | undefined> };
  code?: string;
  message?: string;
}

export function classifyFeishuError(e: unknown): ChannelError {
  if (e instanceof ChannelError) return e;
  const err = e as AxiosLike;
  const status = err.response?.status;
  const code = err.response?.data?.code;
  const msg = err.response?.data?.msg ?? err.message ?? String(e);
  if (code === 99991400 || status === 429) {
    const reset = Number(err.response?.headers?.['x-ogw-ratelimit-reset']);
    return new ChannelError(`飞书限流（${code ?? status}）：${msg}`, true, Number.isFinite(reset) && reset > 0 ? reset * 1000 : 1000, code ?? status);
  }
  if (code === 230020) return new ChannelError(`飞书消息频率限制（230020）：${msg}`, true, undefined, code);
  if (code !== undefined && TOKEN_CODES.has(code)) return new ChannelError(`飞书令牌无效（${code}），将刷新后重试`, true, 0, code);
  if (status === undefined || status >= 500) return new ChannelError(`飞书暂时不可用（${status ?? err.code ?? '网络错误'}）：${msg}`, true, undefined, status ?? err.code);
  return new ChannelError(`飞书拒绝了请求（${code ?? status}）：${msg}`, false, undefined, code ?? status);
}

/** A 2xx answer with code ≠ 0 is not thrown by the SDK: turn it into the same classification. */
export function checkBody<T extends { code?: number; msg?: string }>(body: T | null | undefined, what: string): T {
  if (!body) throw new ChannelError(`飞书${what}没有返回结果`, true);
  if (body.code !== undefined && body.code !== 0) throw classifyFeishuError({ response: { status: 400, data: { code: body.code, msg: body.msg } } });
  return body;
}
