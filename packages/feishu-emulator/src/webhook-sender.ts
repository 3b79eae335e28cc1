/**
 * Webhook delivery: POSTs an envelope to the bot's URL the way Feishu does — compact JSON,
 * optionally encrypted (`{"encrypt": …}`), signed with the X-Lark-* headers when an Encrypt Key is
 * set (hex SHA-256 of timestamp + nonce + Encrypt Key + the body string sent; the url_verification
 * challenge is not signed) — and waits for the HTTP answer up to the deadline. Doc:
 * https://open.feishu.cn/document/server-docs/event-subscription-guide/event-subscription-configure-/encrypt-key-encryption-configuration-case
 */
import { encryptBody, signBody } from './event-crypto.js';
import { newId } from './ids.js';

export interface WebhookTarget {
  url: string;
  encryptKey?: string | undefined;
  /** sign with a wrong key (fault injection: the bot must refuse the request) */
  forgeSignature?: boolean;
  /** false for url_verification, which Feishu does not sign (配置请求地址) */
  sign?: boolean;
}

export type WebhookResult =
  | { status: 'answered'; httpStatus: number; body: string }
  | { status: 'timeout'; detail: string }
  | { status: 'unreachable'; detail: string };

/** The exact body string and headers Feishu would send for this envelope. */
export function buildWebhookRequest(
  target: WebhookTarget,
  envelope: object,
  nowMs: number,
): { body: string; headers: Record<string, string> } {
  const plain = JSON.stringify(envelope);
  const body = target.encryptKey ? JSON.stringify({ encrypt: encryptBody(target.encryptKey, plain) }) : plain;
  const headers: Record<string, string> = {
    'content-type': 'application/json; charset=utf-8',
    'user-agent': 'Feishu-Emulator',
  };
  const timestamp = String(Math.floor(nowMs / 1000));
  const nonce = newId.nonce();
  headers['x-lark-request-timestamp'] = timestamp;
  headers['x-lark-request-nonce'] = nonce;
  if (target.encryptKey && target.sign !== false) {
    const key = target.forgeSignature ? `${target.encryptKey}-forged` : target.encryptKey;
    headers['x-lark-signature'] = signBody(timestamp, nonce, key, body);
  }
  return { body, headers };
}

export async function postToWebhook(
  target: WebhookTarget,
  envelope: object,
  nowMs: number,
  deadlineMs: number,
): Promise<WebhookResult> {
  const { body, headers } = buildWebhookRequest(target, envelope, nowMs);
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), deadlineMs);
  try {
    const res = await fetch(target.url, { method: 'POST', headers, body, signal: abort.signal });
    const text = await res.text();
    return { status: 'answered', httpStatus: res.status, body: text };
  } catch (e) {
    const detail = e instanceof Error ? e.message : String(e);
    return abort.signal.aborted
      ? { status: 'timeout', detail: `no answer within ${deadlineMs} ms` }
      : { status: 'unreachable', detail };
  } finally {
    clearTimeout(timer);
  }
}
