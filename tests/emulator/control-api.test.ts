/** The `/_emulator/...` JSON control API, driven with plain fetch as the sandbox page does. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  type CardActionResult,
  type EmulatorUser,
  type FeishuEmulator,
  type StoredMessage,
  startFeishuEmulator,
} from '@safeduty/feishu-emulator';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dailyCard, larkClient } from './helpers.js';

let emu: FeishuEmulator;
let bot: Server;
let received: { header: { event_type: string }; event: Record<string, unknown> }[];

async function call<T>(method: string, path: string, body?: unknown): Promise<{ status: number; json: T }> {
  const res = await fetch(`${emu.url}${path}`, {
    method,
    ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
  });
  return { status: res.status, json: (await res.json()) as T };
}

beforeEach(async () => {
  received = [];
  // A bare webhook bot without the SDK: plain JSON envelopes (no Encrypt Key), answers a toast.
  bot = createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString()));
    req.on('end', () => {
      received.push(JSON.parse(raw) as (typeof received)[number]);
      res.setHeader('content-type', 'application/json');
      res.end(
        received.at(-1)?.header.event_type === 'card.action.trigger'
          ? JSON.stringify({ toast: { type: 'info', content: '好的' } })
          : '{}',
      );
    });
  });
  await new Promise<void>((r) => bot.listen(0, '127.0.0.1', r));
  emu = await startFeishuEmulator({
    delivery: { mode: 'webhook', webhookUrl: `http://127.0.0.1:${(bot.address() as AddressInfo).port}/hook` },
  });
});
afterEach(async () => {
  await emu.close();
  bot.closeAllConnections();
  await new Promise((r) => bot.close(r));
});

describe('control API', () => {
  it('creates people, plays a user and shows what they see', async () => {
    const { json: alice } = await call<EmulatorUser>('POST', '/_emulator/users', { name: '王员工', openId: 'ou_wang' });
    expect(alice).toMatchObject({ openId: 'ou_wang', name: '王员工', available: true });
    const { json: group } = await call<{ chatId: string }>('POST', '/_emulator/groups', {
      name: '班组',
      members: ['ou_wang'],
    });
    const { json: sent } = await call<{ delivered: boolean; eventId: string }>('POST', '/_emulator/messages', {
      from: 'ou_wang',
      chatId: group.chatId,
      text: '/today',
      mentionBot: true,
    });
    expect(sent.delivered).toBe(true);
    expect(received[0]?.header.event_type).toBe('im.message.receive_v1');

    await larkClient(emu).im.v1.message.create({
      params: { receive_id_type: 'open_id' },
      data: { receive_id: 'ou_wang', msg_type: 'interactive', content: JSON.stringify(dailyCard()) },
    });
    const { json: seen } = await call<StoredMessage[]>('GET', '/_emulator/messages?user=ou_wang');
    expect(seen.map((m) => [m.msgType, m.sender.type])).toEqual([
      ['text', 'user'],
      ['interactive', 'app'],
    ]);
    const cardId = seen[1]!.messageId;
    const { json: acted } = await call<CardActionResult>('POST', `/_emulator/messages/${cardId}/actions`, {
      user: 'ou_wang',
      element: 'later_btn',
    });
    expect(acted).toMatchObject({ ok: true, toast: { type: 'info', content: '好的' } });
    const { json: refused } = await call<CardActionResult>('POST', `/_emulator/messages/${cardId}/actions`, {
      user: 'ou_wang',
      element: 'submit_run_8f3a',
      form: {},
    });
    expect(refused).toMatchObject({ ok: false, failure: 'required_missing', missing: ['item_1'] });

    const { json: counters } = await call<{ sends: number; callbacks: number; eventsAcknowledged: number }>(
      'GET',
      '/_emulator/counters',
    );
    expect(counters).toMatchObject({ sends: 1, callbacks: 1, eventsAcknowledged: 1 });
  });

  it('configures limits, faults and delivery, and resets', async () => {
    expect((await call('PATCH', '/_emulator/limits', { apiPerSecond: 2 })).json).toMatchObject({
      apiPerSecond: 2,
      apiPerMinute: 1000,
    });
    expect((await call('POST', '/_emulator/faults', { api: 'send', rateLimit: 1 })).status).toBe(200);
    await call('POST', '/_emulator/users', { name: '赵', openId: 'ou_zhao' });
    const code = await larkClient(emu)
      .im.v1.message.create({
        params: { receive_id_type: 'open_id' },
        data: { receive_id: 'ou_zhao', msg_type: 'text', content: '{"text":"x"}' },
      })
      .then(
        () => 0,
        (e: { response: { data: { code: number } } }) => e.response.data.code,
      );
    expect(code).toBe(99991400);
    expect((await call('PATCH', '/_emulator/delivery', { ackDeadlineMs: 1000 })).json).toMatchObject({
      mode: 'webhook',
      ackDeadlineMs: 1000,
    });
    await call('POST', '/_emulator/reset', {});
    expect((await call('GET', '/_emulator/limits')).json).toMatchObject({ apiPerSecond: 50 });
    expect((await call<{ rejections: object }>('GET', '/_emulator/counters')).json.rejections).toEqual({});
    expect((await call<unknown[]>('GET', '/_emulator/users')).json).toHaveLength(1);
    await call('POST', '/_emulator/reset', { all: true });
    expect((await call<unknown[]>('GET', '/_emulator/users')).json).toHaveLength(0);
  });

  it('serves uploaded files and answers caller mistakes with 400 / 404', async () => {
    const up = await larkClient(emu).im.v1.file.create({
      data: { file_type: 'stream', file_name: '台账.csv', file: Buffer.from('a,b\n1,2\n') },
    });
    const file = await fetch(`${emu.url}/_emulator/files/${up?.file_key ?? ''}`);
    expect(await file.text()).toBe('a,b\n1,2\n');
    expect((await call<{ error: string }>('POST', '/_emulator/messages', { from: 'ou_ghost', text: 'x' })).status).toBe(
      400,
    );
    expect((await call('POST', '/_emulator/users', '{broken')).status).toBe(400);
    expect((await call('GET', '/_emulator/nothing')).status).toBe(404);
    expect((await call<{ code: number }>('GET', '/open-apis/im/v1/chats')).json.code).toBe(404);
  });
});
