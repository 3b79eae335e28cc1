/**
 * Webhook delivery to a receiver built on the SDK's EventDispatcher
 * + adaptDefault: encryption, signatures, challenge, deadlines.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as lark from '@larksuiteoapi/node-sdk';
import { buildWebhookRequest, type EmulatorUser, type FeishuEmulator, signBody } from '@safeduty/feishu-emulator';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dailyCard, emulatorWithPeople, larkClient, silentLogger, sleep, submittedCard } from './helpers.js';

const ENCRYPT_KEY = 'test-encrypt-key';
const VERIFICATION_TOKEN = 'test-verification-token';

let emu: FeishuEmulator;
let alice: EmulatorUser;
let receiver: Server;
let dispatcher: lark.EventDispatcher;
let seenHeaders: IncomingHttpHeaders[];
let events: { event_id: string; token: string; message: { content: string } }[];
let slowFirst: boolean;

beforeEach(async () => {
  ({ emu, alice } = await emulatorWithPeople({
    delivery: {
      mode: 'webhook',
      encryptKey: ENCRYPT_KEY,
      verificationToken: VERIFICATION_TOKEN,
      ackDeadlineMs: 300,
      redeliveryDelaysMs: [50],
    },
  }));
  events = [];
  seenHeaders = [];
  slowFirst = false;
  dispatcher = new lark.EventDispatcher({
    encryptKey: ENCRYPT_KEY,
    verificationToken: VERIFICATION_TOKEN,
    logger: silentLogger,
    loggerLevel: lark.LoggerLevel.fatal,
  }).register<Record<string, (data: never) => unknown>>({
    'im.message.receive_v1': async (e) => {
      events.push(e as unknown as (typeof events)[number]);
      if (slowFirst && events.length === 1) await sleep(450);
    },
    'card.action.trigger': () => ({
      toast: { type: 'success', content: '收到' },
      card: { type: 'raw', data: submittedCard() },
    }),
  });
  const handle = lark.adaptDefault('/feishu/events', dispatcher, { autoChallenge: true });
  receiver = createServer((req, res) => {
    seenHeaders.push(req.headers);
    if (req.url !== '/feishu/events') return void res.writeHead(404).end();
    void handle(req, res);
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  emu.configureDelivery({ webhookUrl: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/feishu/events` });
});
afterEach(async () => {
  await emu.close();
  receiver.closeAllConnections();
  await new Promise((r) => receiver.close(r));
});

describe('webhook delivery', () => {
  it('passes the url_verification challenge (encrypted) answered by autoChallenge', async () => {
    await expect(emu.verifyWebhookUrl()).resolves.toMatchObject({ ok: true });
  });

  it('delivers an encrypted, signed event that the SDK decrypts and verifies', async () => {
    const sent = await emu.sendUserMessage({ from: alice.openId, text: '/status' });
    expect(sent.delivered).toBe(true);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ event_id: sent.eventId, token: VERIFICATION_TOKEN });
    expect(JSON.parse(events[0]!.message.content)).toEqual({ text: '/status' });
    expect(seenHeaders[0]).toHaveProperty('x-lark-signature');
    expect(seenHeaders[0]).toHaveProperty('x-lark-request-timestamp');
    expect(seenHeaders[0]).toHaveProperty('x-lark-request-nonce');
  });

  it('returns the card callback answer from the HTTP response', async () => {
    const res = await larkClient(emu).im.v1.message.create({
      params: { receive_id_type: 'open_id' },
      data: { receive_id: alice.openId, msg_type: 'interactive', content: JSON.stringify(dailyCard()) },
    });
    const messageId = res.data?.message_id ?? '';
    const result = await emu.actOnCard({ messageId, user: alice.openId, element: 'later_btn' });
    expect(result).toMatchObject({ ok: true, toast: { content: '收到' }, card: submittedCard() });
    expect(emu.message(messageId)?.card).toEqual(submittedCard());
  });

  it('makes a forged signature detectable: the dispatcher drops the request', async () => {
    emu.injectFaults({ forgedSignatures: 1 });
    await emu.sendUserMessage({ from: alice.openId, text: '伪造' });
    expect(events).toHaveLength(0);
    await emu.sendUserMessage({ from: alice.openId, text: '真的' });
    expect(events).toHaveLength(1);

    // The same check by hand, through the dispatcher's invoke (the custom-adapter route):
    const envelope = {
      schema: '2.0',
      header: { event_id: 'e1', event_type: 'im.message.receive_v1', token: VERIFICATION_TOKEN },
      event: { message: { content: '{"text":"x"}' } },
    };
    const forged = buildWebhookRequest(
      { url: 'x', encryptKey: ENCRYPT_KEY, forgeSignature: true },
      envelope,
      Date.now(),
    );
    const genuine = buildWebhookRequest({ url: 'x', encryptKey: ENCRYPT_KEY }, envelope, Date.now());
    const expected = (r: typeof genuine) =>
      signBody(r.headers['x-lark-request-timestamp']!, r.headers['x-lark-request-nonce']!, ENCRYPT_KEY, r.body);
    expect(forged.headers['x-lark-signature']).not.toBe(expected(forged));
    expect(genuine.headers['x-lark-signature']).toBe(expected(genuine));
    const invoke = (r: typeof genuine) =>
      dispatcher.invoke(Object.assign(Object.create({ headers: r.headers }) as object, JSON.parse(r.body) as object));
    await invoke(forged);
    expect(events).toHaveLength(1);
    await invoke(genuine);
    expect(events).toHaveLength(2);
  });

  it('re-pushes an event whose HTTP answer misses the deadline, with the same event_id', async () => {
    slowFirst = true;
    const sent = await emu.sendUserMessage({ from: alice.openId, text: '慢' });
    expect(sent.delivered).toBe(false);
    await expect.poll(() => emu.deliveries().map((d) => d.outcome), { timeout: 2000 }).toEqual(['timeout', 'ok']);
    expect(events.map((e) => e.event_id)).toEqual([sent.eventId, sent.eventId]);
  });
});
