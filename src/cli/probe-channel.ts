/**
 * Reaches a configured channel with its credentials: Feishu's tenant_access_token, Telegram's getMe.
 * Uses plain HTTPS requests with a short timeout so that doctor never hangs.
 */

import type { ChannelName } from '../config/channels.js';
import type { ServiceConfig } from '../config/service-config.js';

/** `rejected`: the platform answered and refused the credentials (as opposed to: could not be reached). */
export async function probeChannel(
  ch: ChannelName,
  s: ServiceConfig,
): Promise<{ ok: boolean; detail: string; rejected?: boolean }> {
  try {
    if (ch === 'feishu') {
      const f = s.channels.feishu;
      const res = await fetch(`${f.domain}/open-apis/auth/v3/tenant_access_token/internal`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ app_id: f.app_id, app_secret: f.app_secret }),
        signal: AbortSignal.timeout(5000),
      });
      const body = (await res.json()) as { code?: number; msg?: string };
      return body.code === 0
        ? { ok: true, detail: `${f.domain} 可达，凭证有效（${f.mode}）` }
        : {
            ok: false,
            rejected: true,
            detail: `凭证被拒绝（${body.code} ${body.msg}）：请核对 FEISHU_APP_ID / FEISHU_APP_SECRET`,
          };
    }
    const t = s.channels.telegram;
    const body = await telegramGetMe(s);
    return body.ok
      ? { ok: true, detail: `@${body.result?.username} 可用（${t.mode}）` }
      : { ok: false, rejected: true, detail: `令牌被拒绝（${body.description}）：请核对 TELEGRAM_BOT_TOKEN` };
  } catch (e) {
    return { ok: false, detail: `无法连接（${networkReason(e)}）：请检查网络、代理和域名配置` };
  }
}

/** Why a request did not get through, in Chinese (fetch says only “fetch failed”); the system code kept for admins. */
function networkReason(e: unknown): string {
  const err = e as Error & { cause?: { code?: string } };
  if (err.name === 'TimeoutError' || err.name === 'AbortError') return '5 秒内无应答';
  const code = err.cause?.code ?? '';
  const words: Record<string, string> = {
    ENOTFOUND: '域名无法解析',
    EAI_AGAIN: '域名暂时无法解析',
    ECONNREFUSED: '连接被拒绝',
    ECONNRESET: '连接被重置',
    ETIMEDOUT: '连接超时',
    EHOSTUNREACH: '主机不可达',
    CERT_HAS_EXPIRED: '证书已过期',
  };
  return code ? `${words[code] ?? '网络错误'}，${code}` : '网络错误';
}

/** Telegram's getMe (https://core.telegram.org/bots/api#getme) with the configured token, within 5 s. */
export async function telegramGetMe(
  s: ServiceConfig,
): Promise<{ ok?: boolean; result?: { username?: string }; description?: string }> {
  const t = s.channels.telegram;
  const res = await fetch(`${t.api_root.replace(/\/+$/, '')}/bot${t.token}/getMe`, {
    signal: AbortSignal.timeout(5000),
  });
  return (await res.json()) as { ok?: boolean; result?: { username?: string }; description?: string };
}
