/**
 * The real SDK's WSClient on the emulator's long connection: events, card callbacks, deadlines, re-pushes, reconnects.
 */

import * as lark from '@larksuiteoapi/node-sdk';
import type { EmulatorUser, FeishuEmulator } from '@safeduty/feishu-emulator';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dailyCard, emulatorWithPeople, larkClient, silentLogger, sleep, submittedCard } from './helpers.js';

interface CardAction {
  event_id: string;
  token: string;
  operator: { open_id: string };
  action: { tag: string; name?: string; value?: Record<string, unknown>; form_value?: Record<string, unknown> };
  context: { open_message_id: string; open_chat_id: string };
}
interface MessageEvent {
  event_id: string;
  message: {
    message_id: string;
    chat_type: string;
    content: string;
    mentions?: { key: string; id: { open_id: string } }[];
  };
  sender: { sender_id: { open_id: string } };
}
type Handlers = {
  'im.message.receive_v1'?: (e: MessageEvent) => unknown;
  'card.action.trigger'?: (e: CardAction) => unknown;
};

let emu: FeishuEmulator;
let alice: EmulatorUser;
let bob: EmulatorUser;
let ws: lark.WSClient;
let handlers: Handlers;

function connectBot(
  target: FeishuEmulator,
  extra: Partial<ConstructorParameters<typeof lark.WSClient>[0]> = {},
): { client: lark.WSClient; on: Handlers } {
  const on: Handlers = {};
  const dispatcher = new lark.EventDispatcher({ logger: silentLogger, loggerLevel: lark.LoggerLevel.fatal }).register<
    Record<string, (data: never) => unknown>
  >({
    'im.message.receive_v1': (e) => on['im.message.receive_v1']?.(e as unknown as MessageEvent),
    // not declared in the SDK's handler typings (issues #98/#156), delivered at runtime
    'card.action.trigger': (e: CardAction) => on['card.action.trigger']?.(e),
  });
  const { appId, appSecret } = target.app();
  const client = new lark.WSClient({
    appId,
    appSecret,
    domain: target.url,
    logger: silentLogger,
    loggerLevel: lark.LoggerLevel.fatal,
    ...extra,
  });
  void client.start({ eventDispatcher: dispatcher });
  return { client, on };
}

const FAST_RECONNECT = { reconnectNonceSec: 0, reconnectIntervalSec: 0.05 };

beforeEach(async () => {
  ({ emu, alice, bob } = await emulatorWithPeople({
    delivery: { ackDeadlineMs: 300, redeliveryDelaysMs: [50, 50] },
    ws: FAST_RECONNECT,
  }));
  ({ client: ws, on: handlers } = connectBot(emu));
  await emu.waitForConnection(5000);
});
afterEach(async () => {
  ws.close({ force: true });
  await emu.close();
});

async function sendDailyCard(): Promise<string> {
  const res = await larkClient(emu).im.v1.message.create({
    params: { receive_id_type: 'open_id' },
    data: { receive_id: alice.openId, msg_type: 'interactive', content: JSON.stringify(dailyCard()) },
  });
  return res.data?.message_id ?? '';
}

describe('events over the long connection', () => {
  it('delivers im.message.receive_v1 for a p2p message and a group @bot mention', async () => {
    const got: MessageEvent[] = [];
    handlers['im.message.receive_v1'] = (e) => void got.push(e);
    const p2p = await emu.sendUserMessage({ from: alice.openId, text: '/status A区' });
    const group = emu.createGroup({ name: '安全群', members: [alice.openId, bob.openId] });
    const quiet = await emu.sendUserMessage({ from: bob.openId, chatId: group.chatId, text: '大家好' });
    const atBot = await emu.sendUserMessage({
      from: bob.openId,
      chatId: group.chatId,
      text: '/周报',
      mentionBot: true,
    });
    expect([p2p.delivered, quiet.skipped, atBot.delivered]).toEqual([true, 'not_addressed', true]);
    expect(got).toHaveLength(2);
    expect(JSON.parse(got[0]!.message.content)).toEqual({ text: '/status A区' });
    expect(got[0]!.message.chat_type).toBe('p2p');
    expect(JSON.parse(got[1]!.message.content)).toEqual({ text: '@_user_1 /周报' });
    expect(got[1]!.message.mentions?.[0]).toMatchObject({ key: '@_user_1', id: { open_id: emu.app().botOpenId } });
    expect(got[1]!.sender.sender_id.open_id).toBe(bob.openId);
    expect(got[1]!.event_id).toBe(atBot.eventId);
  });

  it('re-pushes an event that was not acknowledged in time, with the same event_id', async () => {
    const seen: string[] = [];
    handlers['im.message.receive_v1'] = async (e) => {
      seen.push(e.event_id);
      if (seen.length === 1) await sleep(450); // past the 300 ms deadline
    };
    const sent = await emu.sendUserMessage({ from: alice.openId, text: 'hello' });
    expect(sent.delivered).toBe(false);
    await expect.poll(() => emu.deliveries().map((d) => d.outcome), { timeout: 2000 }).toEqual(['timeout', 'ok']);
    expect(seen).toEqual([sent.eventId, sent.eventId]);
    await expect.poll(() => emu.counters().lateAnswers, { timeout: 2000 }).toBe(1);
    expect(emu.counters()).toMatchObject({ eventPushes: 2, eventRepushes: 1, eventsAcknowledged: 1 });
  });

  it('keeps delivering after a server-side disconnect: the SDK reconnects by itself', async () => {
    const got: string[] = [];
    handlers['im.message.receive_v1'] = (e) => void got.push(JSON.parse(e.message.content).text);
    const openedBefore = emu.connectionCount();
    expect(emu.dropConnections()).toBe(openedBefore);
    expect(emu.connectionCount()).toBe(0);
    await emu.waitForConnection(5000);
    const after = await emu.sendUserMessage({ from: alice.openId, text: '重连后' });
    expect(after.delivered).toBe(true);
    expect(got).toEqual(['重连后']);
  });
});

describe('card callbacks over the long connection', () => {
  it('submits a form: the handler answer (toast + card) comes back and replaces the stored card', async () => {
    const messageId = await sendDailyCard();
    const calls: CardAction[] = [];
    handlers['card.action.trigger'] = (e) => {
      calls.push(e);
      return { toast: { type: 'success', content: '已提交' }, card: { type: 'raw', data: submittedCard() } };
    };
    const result = await emu.actOnCard({
      messageId,
      user: alice.openId,
      element: 'submit_run_8f3a',
      form: { item_1: 'bad', note_1: '漏水' },
    });
    expect(result).toMatchObject({ ok: true, toast: { type: 'success', content: '已提交' }, card: submittedCard() });
    expect(calls[0]?.action).toMatchObject({
      tag: 'button',
      name: 'submit_run_8f3a',
      form_value: { item_1: 'bad', note_1: '漏水' },
    });
    expect(calls[0]?.context).toEqual({ open_message_id: messageId, open_chat_id: result.message.chatId });
    expect(calls[0]?.operator.open_id).toBe(alice.openId);
    expect(emu.message(messageId)?.card).toEqual(submittedCard());
    expect(emu.counters().callbackCardUpdates).toBe(1);
  });

  it('clicks a button with a callback value', async () => {
    const messageId = await sendDailyCard();
    handlers['card.action.trigger'] = (e) => ({
      toast: { type: 'info', content: `稍后 ${String(e.action.value?.['run'])}` },
    });
    const result = await emu.actOnCard({ messageId, user: alice.openId, element: 'later_btn' });
    expect(result).toMatchObject({ ok: true, toast: { content: '稍后 run_8f3a' } });
    expect(result.card).toBeUndefined();
    expect(emu.message(messageId)?.card).toEqual(dailyCard());
  });

  it('never sends a submit with an empty required field to the bot', async () => {
    const messageId = await sendDailyCard();
    let called = 0;
    handlers['card.action.trigger'] = () => {
      called += 1;
    };
    const result = await emu.actOnCard({
      messageId,
      user: alice.openId,
      element: 'submit_run_8f3a',
      form: { note_1: '只写备注' },
    });
    expect(result).toMatchObject({ ok: false, failure: 'required_missing', missing: ['item_1'] });
    const wrong = await emu.actOnCard({
      messageId,
      user: alice.openId,
      element: 'submit_run_8f3a',
      form: { item_1: 'maybe' },
    });
    expect(wrong.failure).toBe('invalid_value');
    expect(called).toBe(0);
    expect(emu.counters().callbacks).toBe(0);
  });

  it('fails the action when the answer is late, and never re-sends a callback', async () => {
    const messageId = await sendDailyCard();
    let called = 0;
    handlers['card.action.trigger'] = async () => {
      called += 1;
      await sleep(450);
      return { toast: { type: 'success', content: '太迟了' } };
    };
    const result = await emu.actOnCard({ messageId, user: alice.openId, element: 'later_btn' });
    expect(result).toMatchObject({ ok: false, failure: 'timeout', errorCode: 200671 });
    await sleep(300);
    expect(called).toBe(1);
    expect(emu.counters()).toMatchObject({ callbacks: 1, callbacksFailed: 1, lateAnswers: 1 });
  });

  it('accepts two delayed updates with the callback token, then refuses', async () => {
    const messageId = await sendDailyCard();
    let token = '';
    handlers['card.action.trigger'] = (e) => {
      token = e.token;
      return {};
    };
    expect((await emu.actOnCard({ messageId, user: alice.openId, element: 'later_btn' })).ok).toBe(true);
    const client = larkClient(emu);
    const update = () =>
      client
        .request({
          method: 'POST',
          url: '/open-apis/interactive/v1/card/update',
          data: { token, card: submittedCard() },
        })
        .then(
          (r: { code: number }) => r.code,
          (e: { response: { data: { code: number; msg: string } } }) => e.response.data.msg,
        );
    expect(await update()).toBe(0);
    expect(await update()).toBe(0);
    expect(await update()).toMatch(/used up/);
    expect(emu.message(messageId)?.card).toEqual(submittedCard());
    expect(emu.counters().delayedUpdates).toBe(2);
  });

  it('reports a bad answer (a bare card, the legacy format) as a failed action', async () => {
    const messageId = await sendDailyCard();
    handlers['card.action.trigger'] = () => submittedCard();
    const result = await emu.actOnCard({ messageId, user: alice.openId, element: 'later_btn' });
    expect(result).toMatchObject({ ok: false, failure: 'invalid_answer', errorCode: 200340 });
    expect(emu.message(messageId)?.card).toEqual(dailyCard());
  });
});

describe('connecting', () => {
  it('reassembles events split into several frames', async () => {
    const split = await emulatorWithPeople({ ws: { fragmentBytes: 64 } });
    const bot = connectBot(split.emu);
    try {
      await split.emu.waitForConnection(5000);
      const got: string[] = [];
      bot.on['im.message.receive_v1'] = (e) => void got.push(JSON.parse(e.message.content).text);
      const long = '检查'.repeat(100);
      expect((await split.emu.sendUserMessage({ from: split.alice.openId, text: long })).delivered).toBe(true);
      expect(got).toEqual([long]);
    } finally {
      bot.client.close({ force: true });
      await split.emu.close();
    }
  });

  it('reports wrong credentials through onError (no retry) and retries a busy endpoint', async () => {
    const errors: string[] = [];
    const { appId } = emu.app();
    const wrong = new lark.WSClient({
      appId,
      appSecret: 'wrong',
      domain: emu.url,
      logger: silentLogger,
      onError: (e) => errors.push(e.message),
    });
    void wrong.start({ eventDispatcher: new lark.EventDispatcher({ logger: silentLogger }) });
    await expect.poll(() => errors, { timeout: 2000 }).toEqual([expect.stringContaining('code=514')]);
    wrong.close({ force: true });

    // A busy endpoint on reconnect is retried every ReconnectInterval (ours: 50 ms). On the very first
    // connect the SDK has no ClientConfig yet and waits its defaults (0–30 s nonce, then 120 s).
    emu.injectFaults({ wsEndpointBusy: 2 });
    emu.dropConnections();
    await emu.waitForConnection(5000);
    expect(
      emu
        .requests()
        .filter((r) => r.path === '/callback/ws/endpoint')
        .map((r) => r.code)
        .slice(-3),
    ).toEqual([1000040343, 1000040343, 0]);
  });
});
