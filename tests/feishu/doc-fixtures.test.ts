/**
 * The documentation's own payloads: known answers for decryption and the signature, the adapter
 * parsing each documented envelope (through the real SDK dispatcher), and the emulator producing
 * the same shapes the documentation shows.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as lark from '@larksuiteoapi/node-sdk';
import { encryptBody, type FeishuEmulator, signBody } from '@safeduty/feishu-emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callbackSchema } from '../../src/adapters/feishu/card-callback.js';
import { webhookHandler } from '../../src/adapters/feishu/feishu-receiver.js';
import { messageSchema } from '../../src/adapters/feishu/text-message.js';
import { decryptFeishu, feishuSignature } from '../../src/adapters/feishu/webhook-security.js';
import { dailyCard, emulatorWithPeople } from '../emulator/helpers.js';
import { silentLog } from '../helpers/engine.js';
import {
  DOC_CARD_ACTION,
  DOC_CARD_LINK_PREVIEW_ONLY,
  DOC_DECRYPT_SAMPLE,
  DOC_ENCRYPTED_V1,
  DOC_MESSAGE_EVENT,
  DOC_MESSAGE_TABLE_EXTRA,
  DOC_URL_VERIFICATION,
  SIGNATURE_KAT,
} from './doc-fixtures.js';

/** What the SDK hands a handler for this envelope (its own flattening), through the real dispatcher. */
async function flattened(envelope: object, type: string): Promise<Record<string, unknown>> {
  let got: Record<string, unknown> | undefined;
  const d = new lark.EventDispatcher({ loggerLevel: lark.LoggerLevel.fatal }).register({
    [type]: (data: Record<string, unknown>) => {
      got = data;
    },
  } as never);
  await d.invoke(envelope, { needCheck: false });
  if (!got) throw new Error(`the dispatcher did not deliver ${type}`);
  return got;
}

type Shape = string | { [k: string]: Shape } | Shape[];
/** Keys and value types, recursively (arrays by their first element). */
function shape(v: unknown): Shape {
  if (Array.isArray(v)) return v.length ? [shape(v[0])] : [];
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, shape(x)]));
  return typeof v;
}
const OPAQUE = ['form_value', 'value'];
/** Every key of `got` is documented in `doc` with the same type (recursively); returns the differences. */
function undocumented(got: unknown, doc: unknown, extra: string[] = [], at = ''): string[] {
  const g = shape(got);
  const d = shape(doc);
  if (typeof g === 'string' || typeof d === 'string' || Array.isArray(g) || Array.isArray(d))
    return JSON.stringify(g) === JSON.stringify(d) || Array.isArray(g)
      ? []
      : [`${at}: ${JSON.stringify(g)} ≠ ${JSON.stringify(d)}`];
  const out: string[] = [];
  for (const [k, v] of Object.entries(g)) {
    if (!(k in d)) {
      if (!extra.includes(k)) out.push(`${at}.${k} not documented`);
    } else if (OPAQUE.includes(k)) {
      // Developer-defined keys (the callback value, a form's field names): only their kind must match.
      if (Array.isArray(v) !== Array.isArray(d[k]) || typeof v !== typeof d[k])
        out.push(`${at}.${k}: not an object of values`);
    } else
      out.push(
        ...undocumented((got as Record<string, unknown>)[k], (doc as Record<string, unknown>)[k], extra, `${at}.${k}`),
      );
  }
  return out;
}

describe('known answers from the documentation', () => {
  it('decrypts the Encrypt Key sample to “hello world”', () => {
    expect(decryptFeishu(DOC_DECRYPT_SAMPLE.encryptKey, DOC_DECRYPT_SAMPLE.encrypt)).toBe(DOC_DECRYPT_SAMPLE.plaintext);
    expect(new lark.AESCipher(DOC_DECRYPT_SAMPLE.encryptKey).decrypt(DOC_DECRYPT_SAMPLE.encrypt)).toBe(
      DOC_DECRYPT_SAMPLE.plaintext,
    );
    expect(decryptFeishu('another key', DOC_DECRYPT_SAMPLE.encrypt)).toBeUndefined();
  });

  it('decrypts the documented encrypted event to a schema 1.0 envelope', () => {
    const plain = JSON.parse(decryptFeishu(DOC_ENCRYPTED_V1.encryptKey, DOC_ENCRYPTED_V1.encrypt)!) as Record<
      string,
      unknown
    >;
    expect(plain).toMatchObject(DOC_ENCRYPTED_V1.envelope);
    expect(plain.event).toMatchObject({ type: 'user_status_change' });
  });

  it('signs as the rule says: hex SHA-256(timestamp + nonce + Encrypt Key + body), adapter and emulator alike', () => {
    const { timestamp, nonce, encryptKey, body, signature } = SIGNATURE_KAT;
    expect(feishuSignature(timestamp, nonce, encryptKey, body)).toBe(signature);
    expect(signBody(timestamp, nonce, encryptKey, body)).toBe(signature);
  });

  it('the emulator encrypts what the adapter and the SDK decrypt', () => {
    const text = JSON.stringify(DOC_MESSAGE_EVENT);
    const enc = encryptBody('k-123', text);
    expect(decryptFeishu('k-123', enc)).toBe(text);
    expect(new lark.AESCipher('k-123').decrypt(enc)).toBe(text);
  });
});

describe('the adapter parses the documented envelopes', () => {
  it('card.action.trigger with form_value', async () => {
    const data = await flattened(DOC_CARD_ACTION, 'card.action.trigger');
    const parsed = callbackSchema.safeParse(data);
    expect(parsed.success).toBe(true);
    expect(parsed.data).toMatchObject({
      event_id: DOC_CARD_ACTION.header.event_id,
      operator: { open_id: DOC_CARD_ACTION.event.operator.open_id },
      context: { open_message_id: DOC_CARD_ACTION.event.context.open_message_id },
    });
    expect(parsed.data!.action.form_value).toEqual(DOC_CARD_ACTION.event.action.form_value);
  });

  it('im.message.receive_v1 (schema 2.0)', async () => {
    const parsed = messageSchema.safeParse(await flattened(DOC_MESSAGE_EVENT, 'im.message.receive_v1'));
    expect(parsed.success).toBe(true);
    expect(parsed.data).toMatchObject({
      event_id: DOC_MESSAGE_EVENT.header.event_id,
      message: { message_id: DOC_MESSAGE_EVENT.event.message.message_id, mentions: [{ key: '@_user_1' }] },
    });
  });

  it('url_verification, plain and encrypted, and the 1.0 envelope through the webhook handler', async () => {
    const key = 'doc-key';
    const handler = webhookHandler(
      {
        appId: 'cli_a1b2c3d4e5f60718',
        appSecret: 's',
        domain: 'http://x',
        mode: 'webhook',
        encryptKey: key,
        verificationToken: DOC_URL_VERIFICATION.token,
      },
      new lark.EventDispatcher({ loggerLevel: lark.LoggerLevel.fatal }),
      silentLog,
    );
    const call = async (body: string, headers: IncomingHttpHeaders = {}) => {
      let status = 0;
      let text = '';
      const res = { writeHead: (s: number) => (status = s), end: (t: string) => (text = t) };
      await handler({ headers, socket: { remoteAddress: 'test' } } as never, body, res as never);
      return { status, body: text ? (JSON.parse(text) as unknown) : undefined };
    };
    // The plain form is refused while an Encrypt Key is configured; the encrypted form is answered.
    expect((await call(JSON.stringify(DOC_URL_VERIFICATION))).status).toBe(401);
    expect(await call(JSON.stringify({ encrypt: encryptBody(key, JSON.stringify(DOC_URL_VERIFICATION)) }))).toEqual({
      status: 200,
      body: { challenge: 'ajls384kdjx98XX' },
    });
    // A 1.0 envelope carries its token at the top level: compared like header.token, then acknowledged.
    const v1 = (token: string) => {
      const body = JSON.stringify({
        encrypt: encryptBody(
          key,
          JSON.stringify({ ...DOC_ENCRYPTED_V1.envelope, token, event: { type: 'user_status_change' } }),
        ),
      });
      const ts = String(Math.floor(Date.now() / 1000));
      return call(body, {
        'x-lark-request-timestamp': ts,
        'x-lark-request-nonce': 'n',
        'x-lark-signature': signBody(ts, 'n', key, body),
      });
    };
    expect((await v1(DOC_URL_VERIFICATION.token)).status).toBe(200);
    expect((await v1(DOC_ENCRYPTED_V1.envelope.token)).status).toBe(401);
  });
});

describe('the emulator produces the documented shapes', () => {
  const KEY = 'shape-key';
  let emu: FeishuEmulator;
  let receiver: Server;
  const seen: { headers: IncomingHttpHeaders; plain: Record<string, unknown> }[] = [];
  let alice: { openId: string };

  beforeAll(async () => {
    ({ emu, alice } = await emulatorWithPeople({
      delivery: { mode: 'webhook', encryptKey: KEY, verificationToken: 'vt' },
    }));
    receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString('utf8')));
      req.on('end', () => {
        const plain = JSON.parse(decryptFeishu(KEY, (JSON.parse(body) as { encrypt: string }).encrypt)!) as Record<
          string,
          unknown
        >;
        seen.push({ headers: req.headers, plain });
        const answer = plain.type === 'url_verification' ? { challenge: plain.challenge } : {};
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    emu.configureDelivery({ webhookUrl: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/` });
  });
  afterAll(async () => {
    await emu?.close();
    receiver?.closeAllConnections();
    await new Promise((r) => receiver?.close(r));
  });

  it('url_verification: the documented three fields, encrypted, not signed', async () => {
    await expect(emu.verifyWebhookUrl()).resolves.toMatchObject({ ok: true });
    const last = seen.at(-1)!;
    expect(shape(last.plain)).toEqual(shape(DOC_URL_VERIFICATION));
    expect(last.headers['x-lark-signature']).toBeUndefined();
  });

  it('im.message.receive_v1: every field as documented', async () => {
    await emu.sendUserMessage({ from: alice.openId, text: '你好' });
    const ev = seen
      .map((s) => s.plain)
      .find((p) => (p.header as { event_type?: string } | undefined)?.event_type === 'im.message.receive_v1')!;
    expect(Object.keys(ev.header as object).sort()).toEqual(Object.keys(DOC_MESSAGE_EVENT.header).sort());
    expect(undocumented(ev, DOC_MESSAGE_EVENT, DOC_MESSAGE_TABLE_EXTRA)).toEqual([]);
    expect((ev.header as { create_time: string }).create_time).toMatch(/^\d{13}$/); // milliseconds, as the example
  });

  it('card.action.trigger from a form submit: every field as documented, and all the documented ones', async () => {
    const client = new lark.Client({
      appId: emu.app().appId,
      appSecret: emu.app().appSecret,
      domain: emu.url,
      loggerLevel: lark.LoggerLevel.fatal,
      cache: new lark.DefaultCache(),
    });
    // The submit button carries a callback value, as the documented example's does.
    const card = dailyCard();
    const form = (
      (card.body as { elements: Record<string, unknown>[] }).elements[1]!.elements as Record<string, unknown>[]
    )[2]!;
    form.behaviors = [{ type: 'callback', value: { key: 'value' } }];
    const sent = await client.im.v1.message.create({
      params: { receive_id_type: 'open_id' },
      data: { receive_id: alice.openId, msg_type: 'interactive', content: JSON.stringify(card) },
    });
    const r = await emu.actOnCard({
      messageId: sent.data!.message_id!,
      user: alice.openId,
      element: 'submit_run_8f3a',
      form: { item_1: 'ok', note_1: '好' },
    });
    expect(r.eventId).toBeDefined();
    const cb = seen
      .map((s) => s.plain)
      .find((p) => (p.header as { event_type?: string } | undefined)?.event_type === 'card.action.trigger');
    expect(cb).toBeDefined();
    expect(undocumented(cb, DOC_CARD_ACTION)).toEqual([]);
    const ev = cb!.event as Record<string, Record<string, unknown>>;
    const docEvent = DOC_CARD_ACTION.event as unknown as Record<string, Record<string, unknown>>;
    expect(Object.keys(ev).sort()).toEqual(
      Object.keys(docEvent)
        .filter((k) => !DOC_CARD_LINK_PREVIEW_ONLY.event.includes(k))
        .sort(),
    );
    expect(Object.keys(ev.context!).sort()).toEqual(
      Object.keys(docEvent.context!)
        .filter((k) => !DOC_CARD_LINK_PREVIEW_ONLY.context.includes(k))
        .sort(),
    );
    expect(Object.keys(ev.action!).sort()).toEqual(Object.keys(docEvent.action!).sort());
    expect(Object.keys(ev.operator!).sort()).toEqual(Object.keys(docEvent.operator!).sort());
    expect((cb!.header as { create_time: string }).create_time).toMatch(/^\d{16}$/); // microseconds, as the example
  });
});
