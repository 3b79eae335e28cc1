/**
 * Receiving from Feishu: the long connection (WSClient, the default: no public URL needed) or a
 * webhook (encrypted, signed). Both feed one EventDispatcher whose handlers never throw, answer
 * callbacks within 3 s and handle each event once.
 */
import type http from 'node:http';
import * as lark from '@larksuiteoapi/node-sdk';
import type { ChannelHealth } from '../../app/metrics.js';
import type { Logger } from '../../app/ports.js';
import { wallTimeMs } from '../clock/wall-time.js';
import { type CallbackDeps, onCardAction } from './card-callback.js';
import { larkLogger } from './lark-logger.js';
import { onTextMessage, type TextDeps } from './text-message.js';
import { checkSignature, decryptFeishu, envelopeToken, sameSecret } from './webhook-security.js';

export interface ReceiverSettings {
  appId: string;
  appSecret: string;
  domain: string;
  mode: 'long_connection' | 'webhook';
  encryptKey?: string;
  verificationToken?: string;
  /** each API call is abandoned after this many milliseconds */
  requestTimeoutMs?: number;
}

export function createDispatcher(
  settings: ReceiverSettings,
  cb: CallbackDeps,
  text: TextDeps,
  log: Logger,
): lark.EventDispatcher {
  const d = new lark.EventDispatcher({
    encryptKey: settings.encryptKey,
    verificationToken: settings.verificationToken,
    ...larkLogger(log),
  } as never);
  const guard = async <T>(name: string, data: unknown, fn: () => Promise<T>, fallback: T): Promise<T> => {
    const eventId = (data as { event_id?: string } | null)?.event_id;
    try {
      return await fn();
    } catch (e) {
      log.error({ eventId, err: e, handler: name }, 'feishu handler failed');
      return fallback;
    }
  };
  d.register({
    'im.message.receive_v1': (data: unknown) => {
      // Acknowledge at once; the reply is sent afterwards.
      void guard('message', data, () => onTextMessage(text, data), undefined);
      return {};
    },
    'card.action.trigger': async (data: unknown) => {
      const started = performance.now();
      const answer = await guard('card', data, () => onCardAction(cb, data), {
        toast: { type: 'error', content: '处理失败，请稍后重试' },
      });
      cb.metrics?.callbackAnswered('feishu', (performance.now() - started) / 1000);
      return answer;
    },
  } as never);
  return d;
}

export interface LongConnection {
  stop(): void;
  /** the connection's state as the SDK's callbacks last reported it (for /readyz) */
  health(): ChannelHealth;
}

export function startLongConnection(
  settings: ReceiverSettings,
  dispatcher: lark.EventDispatcher,
  log: Logger,
): LongConnection {
  let health: ChannelHealth = { ok: false, state: 'connecting', detail: '飞书长连接正在建立' };
  const ws = new lark.WSClient({
    appId: settings.appId,
    appSecret: settings.appSecret,
    domain: settings.domain.replace(/\/$/, ''),
    ...larkLogger(log),
    autoReconnect: true,
    onReady: () => {
      health = { ok: true, state: 'ready' };
      log.info({}, 'feishu long connection ready');
    },
    onError: (e: unknown) => {
      health = {
        ok: false,
        state: 'failed',
        detail: '飞书长连接失败：请检查 FEISHU_APP_ID / FEISHU_APP_SECRET 和网络',
      };
      log.error({ err: e }, 'feishu long connection failed: check FEISHU_APP_ID / FEISHU_APP_SECRET');
    },
    onReconnecting: () => {
      health = { ok: false, state: 'reconnecting', detail: '飞书长连接已断开，正在重连' };
      log.warn({}, 'feishu long connection lost, reconnecting');
    },
    onReconnected: () => {
      health = { ok: true, state: 'ready' };
      log.info({}, 'feishu long connection restored');
    },
  } as never);
  void ws.start({ eventDispatcher: dispatcher });
  return { stop: () => ws.close({ force: true } as never), health: () => health };
}

/**
 * Webhook mode: `POST /webhooks/feishu`, with both an Encrypt Key and a Verification Token (the
 * configuration refuses webhook mode without them). In order, with nothing stored before all pass:
 * the body must be `{"encrypt": …}` (plaintext refused) and decrypt with our key (else 401, not 500);
 * a `url_verification` is answered after its token is checked (Feishu does not sign it); anything
 * else must carry a valid signature over the raw body, dated within ±5 minutes, and our Verification
 * Token. Replays inside the window are caught by event id / message id (card-callback.ts,
 * text-message.ts). Docs: see webhook-security.ts.
 */
export function webhookHandler(
  settings: ReceiverSettings,
  dispatcher: lark.EventDispatcher,
  log: Logger,
  now: () => number = wallTimeMs,
) {
  const { encryptKey, verificationToken } = settings;
  if (!encryptKey || !verificationToken)
    throw new Error('webhook mode needs FEISHU_ENCRYPT_KEY and FEISHU_VERIFICATION_TOKEN');
  return async (req: http.IncomingMessage, body: string, res: http.ServerResponse): Promise<void> => {
    const h = (n: string) => String(req.headers[n] ?? '');
    const who = { ip: req.socket.remoteAddress, bytes: Buffer.byteLength(body) };
    const refuse = (status: number, error: string, why: string, extra: object = {}) => {
      log.warn({ ...who, ...extra }, `feishu webhook refused: ${why}; nothing stored`);
      send(res, status, { error });
    };
    let outer: unknown;
    try {
      outer = JSON.parse(body);
    } catch {
      return refuse(400, 'invalid JSON', 'body is not JSON');
    }
    const encrypted = outer && typeof outer === 'object' ? (outer as { encrypt?: unknown }).encrypt : undefined;
    if (typeof encrypted !== 'string')
      return refuse(
        401,
        'encrypted body required',
        'plaintext body while an Encrypt Key is configured (check 加密策略 in the console)',
      );
    const text = decryptFeishu(encryptKey, encrypted);
    let plain: Record<string, unknown> | undefined;
    try {
      const v = text === undefined ? undefined : (JSON.parse(text) as unknown);
      plain = v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
    } catch {
      plain = undefined;
    }
    if (!plain)
      return refuse(
        401,
        'cannot decrypt',
        'body does not decrypt with FEISHU_ENCRYPT_KEY (is it the Encrypt Key of this app?)',
      );
    const token = envelopeToken(plain);
    if (plain.type === 'url_verification') {
      if (token === undefined || !sameSecret(token, verificationToken))
        return refuse(
          401,
          'token mismatch',
          'url_verification with another Verification Token (check FEISHU_VERIFICATION_TOKEN)',
        );
      log.info({}, 'feishu webhook: url_verification answered');
      return send(res, 200, { challenge: plain.challenge });
    }
    const signed = checkSignature(
      { timestamp: h('x-lark-request-timestamp'), nonce: h('x-lark-request-nonce'), signature: h('x-lark-signature') },
      encryptKey,
      body,
      now(),
    );
    if (!signed.ok)
      return refuse(401, `signature ${signed.reason}`, `signature ${signed.reason}`, {
        timestamp: h('x-lark-request-timestamp'),
      });
    const ids = { eventId: (plain.header as { event_id?: unknown } | undefined)?.event_id ?? plain.uuid };
    if (token === undefined || !sameSecret(token, verificationToken))
      return refuse(401, 'token mismatch', 'Verification Token mismatch (check FEISHU_VERIFICATION_TOKEN)', ids);
    const withHeaders = Object.assign(Object.create({ headers: req.headers }) as object, plain);
    const out = await dispatcher.invoke(withHeaders, { needCheck: false });
    send(res, 200, typeof out === 'object' && out !== null ? out : {});
  };
}

function send(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}
