/** The real SDK's Client against the emulator's Open API: tokens, sends, de-duplication, patches, limits, faults. */

import type * as lark from '@larksuiteoapi/node-sdk';
import type { EmulatorUser, FeishuEmulator } from '@safeduty/feishu-emulator';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  dailyCard,
  emulatorWithPeople,
  type FakeClock,
  fakeClock,
  feishuFailure,
  larkClient,
  submittedCard,
} from './helpers.js';

let emu: FeishuEmulator;
let alice: EmulatorUser;
let client: lark.Client;
let clock: FakeClock;

beforeEach(async () => {
  clock = fakeClock();
  ({ emu, alice } = await emulatorWithPeople({ now: clock.now, limits: { perReceiverPerSecond: 100 } }));
  client = larkClient(emu);
});
afterEach(() => emu.close());

const sendCard = (card: unknown, uuid?: string) =>
  client.im.v1.message.create({
    params: { receive_id_type: 'open_id' },
    data: {
      receive_id: alice.openId,
      msg_type: 'interactive',
      content: JSON.stringify(card),
      ...(uuid ? { uuid } : {}),
    },
  });

describe('tenant_access_token', () => {
  it('is fetched once and cached by the SDK across calls', async () => {
    await client.im.v1.message.create({
      params: { receive_id_type: 'user_id' },
      data: { receive_id: 'zhang01', msg_type: 'text', content: JSON.stringify({ text: '你好' }) },
    });
    await sendCard(dailyCard());
    expect(emu.counters().tokensIssued).toBe(1);
    expect(emu.requests().filter((r) => r.path.endsWith('/tenant_access_token/internal'))).toHaveLength(1);
  });

  it('answers 99991661 without a token, 99991663 after revocation and 99991677 after expiry', async () => {
    const bare = await fetch(`${emu.url}/open-apis/bot/v3/info`);
    expect(bare.status).toBe(400);
    expect(((await bare.json()) as { code: number }).code).toBe(99991661);

    await client.request({ method: 'GET', url: '/open-apis/bot/v3/info' });
    clock.advance(2 * 3600_000 + 1); // the SDK still trusts its cached token (it uses the real clock)
    await expect(
      client
        .request({ method: 'GET', url: '/open-apis/bot/v3/info' })
        .catch((e: unknown) => Promise.reject(feishuFailure(e))),
    ).rejects.toMatchObject({ code: 99991677 });

    const fresh = larkClient(emu);
    await fresh.request({ method: 'GET', url: '/open-apis/bot/v3/info' });
    emu.revokeTokens();
    await expect(
      fresh
        .request({ method: 'GET', url: '/open-apis/bot/v3/info' })
        .catch((e: unknown) => Promise.reject(feishuFailure(e))),
    ).rejects.toMatchObject({ code: 99991663 });
    expect(emu.counters().rejections).toMatchObject({ '99991661': 1, '99991677': 1, '99991663': 1 });
  });

  it('refuses a wrong secret with a non-zero code, which the SDK turns into a thrown error', async () => {
    const { Client, DefaultCache } = await import('@larksuiteoapi/node-sdk');
    const wrong = new Client({
      appId: emu.app().appId,
      appSecret: 'nope',
      domain: emu.url,
      cache: new DefaultCache(),
      logger: { error() {}, warn() {}, info() {}, debug() {}, trace() {} },
    });
    await expect(wrong.request({ method: 'GET', url: '/open-apis/bot/v3/info' })).rejects.toThrow(
      /tenant_access_token.*10014/,
    );
  });
});

describe('message.create', () => {
  it('sends text and a card and stores the card as the user sees it', async () => {
    const text = await client.im.v1.message.create({
      params: { receive_id_type: 'open_id' },
      data: { receive_id: alice.openId, msg_type: 'text', content: JSON.stringify({ text: '早上好' }) },
    });
    const card = await sendCard(dailyCard());
    expect(text.code).toBe(0);
    expect(card.data?.message_id).toMatch(/^om_/);
    expect(card.data?.sender).toMatchObject({ id: emu.app().appId, id_type: 'app_id', sender_type: 'app' });
    const seen = emu.messages({ user: alice.openId });
    expect(seen.map((m) => m.msgType)).toEqual(['text', 'interactive']);
    expect(seen[1]?.card).toEqual(dailyCard());
    expect(seen[0]?.chatType).toBe('p2p');
  });

  it('de-duplicates by uuid for one hour and counts raw and de-duplicated sends', async () => {
    const first = await sendCard(dailyCard(), 'msg:task1:prompt:0');
    const again = await sendCard(dailyCard(), 'msg:task1:prompt:0');
    expect(again.data?.message_id).toBe(first.data?.message_id);
    clock.advance(3600_000);
    const later = await sendCard(dailyCard(), 'msg:task1:prompt:0');
    expect(later.data?.message_id).not.toBe(first.data?.message_id);
    expect(emu.counters()).toMatchObject({ sends: 3, dedupedSends: 1, messagesCreated: 2 });
  });

  it('rejects invalid cards with 230099 and the documented sub-codes, and oversized ones with 230025', async () => {
    const reject = (card: unknown) =>
      sendCard(card).then(
        () => undefined,
        (e: unknown) => feishuFailure(e),
      );
    const v1 = await reject({ elements: [{ tag: 'markdown', content: 'x' }] });
    expect(v1).toMatchObject({ status: 400, code: 230099 });
    const tooMany = await reject({
      schema: '2.0',
      body: { elements: Array.from({ length: 201 }, () => ({ tag: 'hr' })) },
    });
    expect(tooMany?.msg).toContain('ErrCode: 11310');
    const legacyTag = await reject({ schema: '2.0', body: { elements: [{ tag: 'action', actions: [] }] } });
    expect(legacyTag?.msg).toContain('ErrCode: 200861');
    const big = await reject({
      schema: '2.0',
      body: { elements: [{ tag: 'markdown', content: 'x'.repeat(31 * 1024) }] },
    });
    expect(big).toMatchObject({ code: 230025 });
    const notJson = await client.im.v1.message
      .create({
        params: { receive_id_type: 'open_id' },
        data: { receive_id: alice.openId, msg_type: 'interactive', content: '{not json' },
      })
      .then(
        () => undefined,
        (e: unknown) => feishuFailure(e),
      );
    expect(notJson?.msg).toContain('ErrCode: 200621');
    expect(emu.messages()).toHaveLength(0);
  });

  it('applies receiver rules: unknown id, unavailable user, blocked bot, group without the bot', async () => {
    const code = (receiveIdType: 'open_id' | 'chat_id', receiveId: string) =>
      client.im.v1.message
        .create({
          params: { receive_id_type: receiveIdType },
          data: { receive_id: receiveId, msg_type: 'text', content: '{"text":"x"}' },
        })
        .then(
          () => 0,
          (e: unknown) => feishuFailure(e).code,
        );
    const gone = emu.createUser({ name: '离职', available: false });
    const blocker = emu.createUser({ name: '屏蔽', blockedBot: true });
    const group = emu.createGroup({ name: '无机器人群', members: [alice.openId], botIsMember: false });
    expect(await code('open_id', 'ou_nobody')).toBe(230034);
    expect(await code('open_id', gone.openId)).toBe(230013);
    expect(await code('open_id', blocker.openId)).toBe(230053);
    expect(await code('chat_id', group.chatId)).toBe(230002);
  });
});

describe('updating cards', () => {
  it('patches a card and keeps the current state', async () => {
    const sent = await sendCard(dailyCard());
    const id = sent.data?.message_id ?? '';
    const res = await client.im.v1.message.patch({
      path: { message_id: id },
      data: { content: JSON.stringify(submittedCard()) },
    });
    expect(res.code).toBe(0);
    expect(emu.message(id)?.card).toEqual(submittedCard());
    expect(emu.message(id)?.updates).toBe(1);
    expect(emu.counters().patches).toBe(1);
  });

  it('refuses patches of text messages, of cards older than 14 days, and beyond 5 per second per message', async () => {
    const text = await client.im.v1.message.create({
      params: { receive_id_type: 'open_id' },
      data: { receive_id: alice.openId, msg_type: 'text', content: '{"text":"x"}' },
    });
    const patch = (id: string) =>
      client.im.v1.message.patch({ path: { message_id: id }, data: { content: JSON.stringify(submittedCard()) } }).then(
        () => 0,
        (e: unknown) => feishuFailure(e).code,
      );
    expect(await patch(text.data?.message_id ?? '')).toBe(230001);

    const id = (await sendCard(dailyCard())).data?.message_id ?? '';
    const codes = [];
    for (let i = 0; i < 6; i++) codes.push(await patch(id));
    expect(codes).toEqual([0, 0, 0, 0, 0, 230020]);
    clock.advance(14 * 24 * 3600_000 + 1);
    client = larkClient(emu); // the old token expired long ago
    expect(await patch(id)).toBe(230031);
  });
});

describe('rate limits and faults', () => {
  it('answers HTTP 429 / 99991400 with x-ogw-ratelimit headers past the per-second gateway limit', async () => {
    emu.setLimits({ apiPerSecond: 3 });
    for (let i = 0; i < 3; i++) await sendCard(dailyCard());
    const refused = await sendCard(dailyCard()).then(
      () => undefined,
      (e: unknown) => feishuFailure(e),
    );
    expect(refused).toMatchObject({ status: 429, code: 99991400 });
    expect(refused?.headers['x-ogw-ratelimit-limit']).toBe('3');
    expect(Number(refused?.headers['x-ogw-ratelimit-reset'])).toBeGreaterThanOrEqual(1);
    clock.advance(1000);
    await expect(sendCard(dailyCard())).resolves.toMatchObject({ code: 0 });
  });

  it('answers 230020 past 5 sends per second to one user, and per-minute gateway limits hold too', async () => {
    emu.setLimits({ perReceiverPerSecond: 5, apiPerMinute: 7 });
    const codes: number[] = [];
    for (let i = 0; i < 6; i++)
      codes.push(
        await sendCard(dailyCard()).then(
          () => 0,
          (e: unknown) => feishuFailure(e).code,
        ),
      );
    expect(codes).toEqual([0, 0, 0, 0, 0, 230020]);
    clock.advance(1000);
    const more: number[] = [];
    for (let i = 0; i < 2; i++)
      more.push(
        await sendCard(dailyCard()).then(
          () => 0,
          (e: unknown) => feishuFailure(e).code,
        ),
      );
    expect(more).toEqual([0, 99991400]);
  });

  it('injects 429 storms, 5xx and delays on the next N calls', async () => {
    emu.injectFaults({ rateLimit: 2, serverError: 1, serverErrorStatus: 503 });
    const outcomes: number[] = [];
    for (let i = 0; i < 4; i++)
      outcomes.push(
        await sendCard(dailyCard()).then(
          () => 200,
          (e: unknown) => feishuFailure(e).status,
        ),
      );
    expect(outcomes).toEqual([429, 429, 503, 200]);
    emu.injectFaults({ delayMs: 150, delayCount: 1 });
    const started = performance.now();
    await sendCard(dailyCard());
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
    expect(emu.counters()).toMatchObject({ sends: 5, messagesCreated: 2, rejections: { '99991400': 2, '1': 1 } });
  });
});

describe('files and bot info', () => {
  it('uploads a file (multipart) and sends it as a file message', async () => {
    const bytes = Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0xff, 0xfe, 0x0d, 0x0a, 0x2d, 0x2d, 0x41]);
    const up = await client.im.v1.file.create({ data: { file_type: 'xls', file_name: '周报.xlsx', file: bytes } });
    expect(up?.file_key).toMatch(/^file_v3_/);
    expect(emu.file(up?.file_key ?? '')?.bytes.equals(bytes)).toBe(true);
    const sent = await client.im.v1.message.create({
      params: { receive_id_type: 'open_id' },
      data: { receive_id: alice.openId, msg_type: 'file', content: JSON.stringify({ file_key: up?.file_key }) },
    });
    expect(sent.code).toBe(0);
    expect(emu.files()).toEqual([expect.objectContaining({ fileName: '周报.xlsx', fileType: 'xls', size: 12 })]);
    const foreign = await client.im.v1.message
      .create({
        params: { receive_id_type: 'open_id' },
        data: { receive_id: alice.openId, msg_type: 'file', content: '{"file_key":"file_v3_other"}' },
      })
      .then(
        () => 0,
        (e: unknown) => feishuFailure(e).code,
      );
    expect(foreign).toBe(230017);
  });

  it('tells the bot its open_id', async () => {
    const info = (await client.request({ method: 'GET', url: '/open-apis/bot/v3/info' })) as {
      bot: { open_id: string; app_name: string };
    };
    expect(info.bot).toMatchObject({ open_id: emu.app().botOpenId, app_name: 'SafeDuty' });
  });
});
