/**
 * Receiving from Feishu: the long connection (WSClient, the default: no public URL needed) or a
 * webhook (encrypted, signed). Both feed one EventDispatcher whose handlers never throw, answer
 * callbacks within 3 s and handle each event once.
 */
import { createHash } from 'node:crypto';
import type http from 'node:http';
import * as lark from '@larksuiteoapi/node-sdk';
import type { Logger } from '../../app/ports.js';
import { onCardAction, type CallbackDeps } from './card-callback.js';
import { onTextMessage, type TextDeps } from './text-message.js';

export interface ReceiverSettings {
  appId: string;
  appSecret: string;
  domain: string;
  mode: 'long_connection' | 'webhook';
  encryptKey?: string;
  verificationToken?: string;
}

export function createDispatcher(settings: ReceiverSettings, cb: CallbackDeps, text: TextDeps, log: Logger): lark.EventDispatcher {
  const d = new lark.EventDispatcher({ encryptKey: settings.encryptKey, verificationToken: settings.verificationToken, loggerLevel: lark.LoggerLevel.fatal });
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
    'card.action.trigger': (data: unknown) => guard('card', data, () => onCardAction(cb, data), { toast: { type: 'error', content: '处理失败，请稍后重试' } }),
  } as never);
  return d;
}

export interface LongConnection {
  stop(): void;
}

export function startLongConnection(settings: ReceiverSettings, dispatcher: lark.EventDispatcher, log: Logger): LongConnection {
  const ws = new lark.WSClient({
    appId: settings.appId,
    appSecret: settings.appSecret,
    domain: settings.domain.replace(/\/$/, ''),
    loggerLevel: lark.LoggerLevel.fatal,
    autoReconnect: true,
    onReady: () => log.info({}, 'feishu long connection ready'),
    onError: (e: unknown) => log.error({ err: e }, 'feishu long connection failed: check FEISHU_APP_ID / FEISHU_APP_SECRET'),
    onReconnecting: () => log.warn({}, 'feishu long connection lost, reconnecting'),
    onReconnected: () => log.info({}, 'feishu long connection restored'),
  } as never);
  void ws.start({ eventDispatcher: dispatcher });
  return { stop: () => ws.close({ force: true } as never) };
}

/**
 * Webhook mode: `POST /webhooks/feishu`. Answers url_verification, checks the signature (over the
 * compact JSON, as Feishu signs it) before anything else, and answers 401 to a forged request.
 */
export function webhookHandler(settings: ReceiverSettings, dispatcher: lark.EventDispatcher, log: Logger) {
  return async (req: http.IncomingMessage, body: string, res: http.ServerResponse): Promise<void> => {
    let parsed: Record<string, unknown>;
    try {
      parsed = JSON.parse(body) as Record<string, unknown>;
    } catch {
      return send(res, 400, { error: 'invalid JSON' });
    }
    const h = (n: string) => String(req.headers[n] ?? '');
    if (settings.encryptKey && 'encrypt' in parsed) {
      const expected = createHash('sha256').update(h('x-lark-request-timestamp') + h('x-lark-request-nonce') + settings.encryptKey + JSON.stringify(parsed)).digest('hex');
      if (expected !== h('x-lark-signature')) {
        log.warn({ ip: req.socket.remoteAddress }, 'feishu webhook: signature mismatch (check FEISHU_ENCRYPT_KEY); nothing stored');
        return send(res, 401, { error: 'signature mismatch' });
      }
    }
    const plain = settings.encryptKey && typeof parsed.encrypt === 'string' ? (JSON.parse(new lark.AESCipher(settings.encryptKey).decrypt(parsed.encrypt)) as Record<string, unknown>) : parsed;
    if (plain.type === 'url_verification') {
      if (settings.verificationToken && plain.token !== settings.verificationToken) return send(res, 401, { error: 'token mismatch' });
      return send(res, 200, { challenge: plain.challenge });
    }
    const withHeaders = Object.assign(Object.create({ headers: req.headers }) as object, plain);
    const out = await dispatcher.invoke(withHeaders, { needCheck: false });
    send(res, 200, typeof out === 'object' && out !== null ? out : {});
  };
}

function send(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}
