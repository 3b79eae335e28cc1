/**
 * Webhook mode against hostile requests, as an attacker on the network would send them: the real
 * service (real SDK dispatcher) behind POST /webhooks/feishu, with an Encrypt Key and a Verification
 * Token. Genuine traffic comes from the Feishu emulator through a recording proxy, so replays are the
 * exact captured bytes. Every refused request must leave the database as it was.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { encryptBody, signBody } from '@safeduty/feishu-emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decryptFeishu } from '../../src/adapters/feishu/webhook-security.js';
import { PrismaStore } from '../../src/adapters/store/prisma-store.js';
import { MAX_BODY } from '../../src/http/server.js';
import { eventually, type FeishuHarness, feishuHarness, OPEN_IDS } from '../helpers/feishu-service.js';

const KEY = 'webhook-security-key';
const cardText = (m: { card?: unknown }) => JSON.stringify(m.card ?? {});

interface Captured {
  body: string;
  headers: Record<string, string>;
}

/** The callback value of the card element named `name` (its `callback` behavior). */
function actionValue(card: unknown, name: string): unknown {
  let found: unknown;
  const walk = (n: unknown) => {
    if (found !== undefined || !n || typeof n !== 'object') return;
    const o = n as Record<string, unknown>;
    if (o.name === name && Array.isArray(o.behaviors))
      found = (o.behaviors as { type: string; value: unknown }[]).find((b) => b.type === 'callback')?.value;
    for (const v of Object.values(o)) walk(v);
  };
  walk(card);
  return found;
}

describe('webhook security', () => {
  let h: FeishuHarness;
  let store: PrismaStore;
  let url: string;
  let token: string;
  let proxy: http.Server;
  const captured: Captured[] = [];

  const post = async (body: string, headers: Record<string, string> = {}) => {
    const r = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
    return { status: r.status, text: await r.text() };
  };
  const counts = async () => ({
    records: await store.db.record.count(),
    inbound: await store.db.inboundEvent.count(),
    changes: await store.db.equipmentChange.count(),
  });
  /**
   * An encrypted body signed now (or at `at` seconds) with `key`: what Feishu sends, or a forger with the wrong key.
   */
  const sealed = (plain: object, o: { key?: string; at?: number; sign?: boolean; spacing?: boolean } = {}) => {
    const enc = encryptBody(o.key ?? KEY, JSON.stringify(plain));
    const body = o.spacing ? `{ "encrypt" : "${enc}" }` : JSON.stringify({ encrypt: enc });
    const ts = String(o.at ?? Math.floor(Date.now() / 1000));
    const nonce = `n${Math.random().toString(36).slice(2)}`;
    const headers: Record<string, string> =
      o.sign === false
        ? {}
        : {
            'x-lark-request-timestamp': ts,
            'x-lark-request-nonce': nonce,
            'x-lark-signature': signBody(ts, nonce, o.key ?? KEY, body),
          };
    return { body, headers };
  };
  let genuine: Record<string, unknown>;
  const variant = (id: string, patch: (e: Record<string, unknown>) => void = () => undefined) => {
    const e = structuredClone(genuine);
    (e.header as Record<string, unknown>).event_id = id;
    patch(e);
    return e;
  };

  beforeAll(async () => {
    h = await feishuHarness({ start: '2026-12-01T00:30:00Z', mode: 'webhook', encryptKey: KEY });
    store = await PrismaStore.open(h.dbUrl);
    url = `http://127.0.0.1:${h.service.port}/webhooks/feishu`;
    token = h.emu.delivery().verificationToken;
    // A recording proxy between the emulator and the service: the captured requests are what an
    // eavesdropper would hold.
    proxy = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const headers = Object.fromEntries(
          Object.entries(req.headers).filter(([k]) => k.startsWith('x-lark-') || k === 'content-type'),
        ) as Record<string, string>;
        captured.push({ body, headers });
        void fetch(url, { method: 'POST', headers, body }).then(async (r) =>
          res.writeHead(r.status, { 'content-type': 'application/json' }).end(await r.text()),
        );
      });
    });
    await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
    h.emu.configureDelivery({ webhookUrl: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}/` });
  }, 30_000);
  afterAll(async () => {
    await store?.close();
    proxy?.closeAllConnections();
    await new Promise((r) => proxy?.close(r));
    await h?.close();
  });

  it('takes a genuine signed card action, and a replay of its exact bytes changes nothing', async () => {
    const card = await eventually(() =>
      h.emu.messages({ user: OPEN_IDS['赵敏'] }).find((m) => cardText(m).includes('燃气热水锅炉')),
    );
    const r = await h.emu.actOnCard({ messageId: card.messageId, user: OPEN_IDS['赵敏']!, element: 'd1_zero' });
    expect(r.toast).toMatchObject({ type: 'success' });
    const request = captured.at(-1)!;
    genuine = JSON.parse(decryptFeishu(KEY, (JSON.parse(request.body) as { encrypt: string }).encrypt)!) as Record<
      string,
      unknown
    >;
    expect(genuine).toMatchObject({ schema: '2.0', header: { event_type: 'card.action.trigger', token } });

    const before = await counts();
    const replay = await post(request.body, request.headers);
    expect(replay.status).toBe(200);
    expect(JSON.parse(replay.text)).toMatchObject({
      toast: { type: 'info', content: expect.stringContaining('已处理过') },
    });
    expect(await counts()).toEqual(before);
  });

  it('refuses forged, unsigned, wrong-token, stale and undecryptable requests with nothing stored', async () => {
    const before = await counts();
    const value = actionValue(
      h.emu.messages({ user: OPEN_IDS['赵敏'] }).find((m) => cardText(m).includes('燃气热水锅炉'))!.card,
      'd2_zero',
    );
    expect(value).toBeDefined();
    const d2 = (id: string, patch?: (e: Record<string, unknown>) => void) =>
      variant(id, (e) => {
        ((e.event as Record<string, unknown>).action as Record<string, unknown>).value = value;
        patch?.(e);
      });

    // Plaintext and unsigned, any token: today's way to act as anyone. Refused.
    const plain = await post(JSON.stringify(d2('hostile-plain')));
    expect(plain.status).toBe(401);
    // Encrypted and correctly signed, but another app's Verification Token.
    const wrongToken = sealed(
      d2('hostile-token', (e) => ((e.header as Record<string, unknown>).token = 'another-apps-token')),
    );
    expect((await post(wrongToken.body, wrongToken.headers)).status).toBe(401);
    // Encrypted and signed with another key: 401 with a JSON reason, never a 500 with a stack.
    const wrongKey = sealed(d2('hostile-key'), { key: 'not-our-key' });
    const wk = await post(wrongKey.body, wrongKey.headers);
    expect(wk.status).toBe(401);
    expect(JSON.parse(wk.text)).toEqual({ error: 'cannot decrypt' });
    // Encrypted with our key but not signed.
    const unsigned = sealed(d2('hostile-unsigned'), { sign: false });
    expect((await post(unsigned.body, unsigned.headers)).status).toBe(401);
    // Signed correctly, dated 2017: outside the 5-minute window.
    const stale = sealed(d2('hostile-2017'), { at: 1_500_000_000 });
    expect(await post(stale.body, stale.headers)).toMatchObject({
      status: 401,
      text: expect.stringContaining('stale'),
    });
    // A signature copied onto a different body.
    const other = sealed(d2('hostile-swap'));
    expect((await post(sealed(d2('hostile-swap-2')).body, other.headers)).status).toBe(401);
    // Not JSON, and too large.
    expect((await post('{"encrypt": ')).status).toBe(400);
    expect((await post(`{"encrypt":"${'A'.repeat(MAX_BODY + 10)}"}`)).status).toBe(413);

    expect(await counts()).toEqual(before);
    const card = h.emu.messages({ user: OPEN_IDS['赵敏'] }).find((m) => cardText(m).includes('燃气热水锅炉'))!;
    expect(cardText(card)).toContain('d2_zero'); // device 2 still unanswered
  });

  it('checks the signature over the raw body as received (not a re-serialisation)', async () => {
    const value = actionValue(
      h.emu.messages({ user: OPEN_IDS['赵敏'] }).find((m) => cardText(m).includes('燃气热水锅炉'))!.card,
      'd2_zero',
    );
    const e = variant(
      'raw-body-spacing',
      (x) => (((x.event as Record<string, unknown>).action as Record<string, unknown>).value = value),
    );
    const req = sealed(e, { spacing: true });
    const r = await post(req.body, req.headers);
    expect(r.status).toBe(200);
    expect(JSON.parse(r.text)).toMatchObject({ toast: { type: 'success' } });
  });

  it('answers url_verification (encrypted, unsigned) only with our Verification Token', async () => {
    const ours = sealed({ challenge: 'ajls384kdjx98XX', token, type: 'url_verification' }, { sign: false });
    const ok = await post(ours.body);
    expect(ok).toMatchObject({ status: 200 });
    expect(JSON.parse(ok.text)).toEqual({ challenge: 'ajls384kdjx98XX' });
    const theirs = sealed({ challenge: 'x', token: 'another-apps-token', type: 'url_verification' }, { sign: false });
    expect((await post(theirs.body)).status).toBe(401);
    // Plaintext while an Encrypt Key is configured: refused (Feishu would have encrypted it).
    expect((await post(JSON.stringify({ challenge: 'x', token, type: 'url_verification' }))).status).toBe(401);
    // And the emulator's own check, the way the console runs it when the URL is saved.
    await expect(h.emu.verifyWebhookUrl()).resolves.toMatchObject({ ok: true });
  });
});

describe('card callbacks replayed over the long connection', () => {
  let h: FeishuHarness;
  let store: PrismaStore;
  beforeAll(async () => {
    h = await feishuHarness({ start: '2026-12-01T00:30:00Z' });
    store = await PrismaStore.open(h.dbUrl);
  }, 30_000);
  afterAll(async () => {
    await store?.close();
    await h?.close();
  });

  it('acts once per event id: a replayed 已知悉 click appends no second record', async () => {
    // After the 17:30 due time the director (李明) gets the 催办 card with 已知悉，立即督办.
    await eventually(() =>
      h.emu.messages({ user: OPEN_IDS['李四'] }).find((m) => cardText(m).includes('2号楼1号客梯')),
    );
    h.clock.set('2026-12-01T09:31:00Z');
    const card = await eventually(() =>
      h.emu.messages({ user: OPEN_IDS['李明'] }).find((m) => cardText(m).includes('"name":"ack"')),
    );
    const r = await h.emu.actOnCard({ messageId: card.messageId, user: OPEN_IDS['李明']!, element: 'ack' });
    expect(r.toast?.type).toBe('success');
    const acks = () => store.db.record.count({ where: { kind: 'ack' } });
    expect(await acks()).toBe(1);
    const again = await h.emu.replayCallback(r.eventId!);
    expect(again).toMatchObject({
      ok: true,
      answer: { toast: { type: 'info', content: expect.stringContaining('已处理过') } },
    });
    expect(await acks()).toBe(1);
  });
});
