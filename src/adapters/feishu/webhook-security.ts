/**
 * Feishu webhook security, as the documentation describes it: decrypting `{"encrypt": …}`, the request
 * signature, the verification token, and a freshness window against replays. Pure functions; the
 * handler in feishu-receiver.ts applies them in order.
 *
 * Docs:
 * - Encrypt Key and signature (“Encrypt Key 加密配置案例”): AES-256-CBC, key = SHA-256(Encrypt Key), the
 *   first 16 bytes of the base64 blob are the IV; X-Lark-Signature = hex SHA-256(X-Lark-Request-Timestamp +
 *   X-Lark-Request-Nonce + Encrypt Key + raw body).
 * https://open.feishu.cn/document/server-docs/event-subscription-guide/event-subscription-configure-/encrypt-key-encryption-configuration-case
 * - url_verification (“配置请求地址”): `{"challenge","token","type":"url_verification"}`, encrypted when an
 *   Encrypt Key is set, not signed; answer `{"challenge"}` within 1 s.
 *   https://open.feishu.cn/document/ukTMukTMukTM/uYzMxEjL2MTMx4iNzETM
 * - Envelopes: 2.0 carries the Verification Token in `header.token` (card-callback-communication,
 *   im.message.receive_v1), 1.0 at the top level (`uuid`, `token`, `ts`, `type: "event_callback"`).
 */
import { createDecipheriv, createHash, timingSafeEqual } from 'node:crypto';

/** Requests signed further than this from our clock are refused (replays of captured requests). */
export const SIGNATURE_WINDOW_SEC = 5 * 60;

/** hex SHA-256(timestamp + nonce + encryptKey + body) over the exact body string received. */
export function feishuSignature(timestamp: string, nonce: string, encryptKey: string, body: string): string {
  return createHash('sha256')
    .update(timestamp + nonce + encryptKey + body, 'utf8')
    .digest('hex');
}

/** The plaintext of an `encrypt` field, or undefined when it does not decrypt with this key. */
export function decryptFeishu(encryptKey: string, encrypted: string): string | undefined {
  const blob = Buffer.from(encrypted, 'base64');
  // IV + at least one block, whole blocks only.
  if (blob.length < 32 || blob.length % 16 !== 0) return undefined;
  try {
    const decipher = createDecipheriv(
      'aes-256-cbc',
      createHash('sha256').update(encryptKey, 'utf8').digest(),
      blob.subarray(0, 16),
    );
    return Buffer.concat([decipher.update(blob.subarray(16)), decipher.final()]).toString('utf8');
  } catch {
    return undefined; // bad padding: another key
  }
}

/** Constant-time string comparison (lengths may differ). */
export function sameSecret(a: string, b: string): boolean {
  const x = createHash('sha256').update(a).digest();
  const y = createHash('sha256').update(b).digest();
  return timingSafeEqual(x, y) && a.length === b.length;
}

/** The Verification Token an envelope carries: `header.token` (2.0) or `token` (1.0, url_verification). */
export function envelopeToken(plain: Record<string, unknown>): string | undefined {
  const header = plain.header;
  if (plain.schema !== undefined && header && typeof header === 'object') {
    const t = (header as { token?: unknown }).token;
    return typeof t === 'string' ? t : undefined;
  }
  return typeof plain.token === 'string' ? plain.token : undefined;
}

export type SignatureCheck = { ok: true } | { ok: false; reason: 'unsigned' | 'stale' | 'mismatch' };

/** Checks X-Lark-Request-Timestamp / -Nonce / X-Lark-Signature against the raw body and the clock. */
export function checkSignature(
  headers: { timestamp: string; nonce: string; signature: string },
  encryptKey: string,
  body: string,
  nowMs: number,
): SignatureCheck {
  const { timestamp, nonce, signature } = headers;
  if (!timestamp || !nonce || !signature) return { ok: false, reason: 'unsigned' };
  if (!/^\d{1,12}$/.test(timestamp) || Math.abs(nowMs / 1000 - Number(timestamp)) > SIGNATURE_WINDOW_SEC)
    return { ok: false, reason: 'stale' };
  return sameSecret(feishuSignature(timestamp, nonce, encryptKey, body), signature.toLowerCase())
    ? { ok: true }
    : { ok: false, reason: 'mismatch' };
}
