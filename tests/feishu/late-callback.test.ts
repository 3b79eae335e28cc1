/**
 * A click whose work takes longer than the callback's 3 s: the bot answers “已收到，正在处理…” at
 * once and then updates the card with the callback's token (延时更新消息卡片) — after the answer, as
 * the doc requires — or, when the token is refused, patches it. Real SDK, real use cases, the
 * emulator's lock and token rules.
 */

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as lark from '@larksuiteoapi/node-sdk';
import { type FeishuEmulator, type StoredMessage, startFeishuEmulator } from '@safeduty/feishu-emulator';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { onCardAction } from '../../src/adapters/feishu/card-callback.js';
import { createFeishuClient } from '../../src/adapters/feishu/feishu-client.js';
import { FeishuMessenger } from '../../src/adapters/feishu/feishu-messenger.js';
import { RateLimiter } from '../../src/adapters/feishu/rate-limiter.js';
import { channelRegistry } from '../../src/app/channel-registry.js';
import { dispatchOutbox } from '../../src/app/dispatch-outbox.js';
import { handleInbound } from '../../src/app/inbound/handle-inbound.js';
import type { InboundEvent } from '../../src/app/inbound/inbound-event.js';
import type { Store } from '../../src/app/ports.js';
import { runTick } from '../../src/app/run-tick.js';
import { demoEngine, silentLog, type TestEngine } from '../helpers/engine.js';
import { eventually, MOBILES } from '../helpers/feishu-service.js';

const cardText = (m: StoredMessage | undefined) => JSON.stringify(m?.card ?? {});

describe('a slow card action', () => {
  let e: TestEngine;
  let emu: FeishuEmulator;
  let receiver: Server;
  let zhang = '';

  beforeEach(async () => {
    emu = await startFeishuEmulator();
    e = await demoEngine({ start: '2026-12-01T00:30:00Z' });
    for (const [name, mobile] of Object.entries(MOBILES)) {
      const person = await e.store.db.person.findUniqueOrThrow({ where: { mobile } });
      const user = emu.createUser({ name, mobile });
      if (name === '张三') zhang = user.openId;
      await e.store.db.channelIdentity.create({
        data: { personId: person.id, channel: 'feishu', externalId: user.openId },
      });
    }
    const app = emu.app();
    const messenger = new FeishuMessenger({
      feishu: createFeishuClient({ appId: app.appId, appSecret: app.appSecret, domain: emu.url }),
      limiter: new RateLimiter({ perSecond: 100, perMinute: 1000, perReceiverPerSecond: 5 }, () => Date.now()),
      now: () => e.clock.now(),
      peopleOf: async () => [],
    });
    // The answer takes 3 s to store: longer than the callback may wait.
    const slowStore = new Proxy(e.store, {
      get(target, prop, recv) {
        const v = Reflect.get(target, prop, recv) as unknown;
        if (prop !== 'commitAnswer' || typeof v !== 'function') return typeof v === 'function' ? v.bind(target) : v;
        return async (...args: unknown[]) => {
          await new Promise((r) => setTimeout(r, 3000));
          return (v as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    }) as Store;
    const inbound = {
      store: slowStore,
      clock: e.clock,
      defaults: e.defaults,
      ids: e.ids,
      log: silentLog,
      channel: messenger,
      text: async () => ({ text: '' }),
    };
    const deps = {
      clock: e.clock,
      log: silentLog,
      messenger,
      handle: (event: InboundEvent) => handleInbound(inbound, event),
    };
    const dispatcher = new lark.EventDispatcher({ loggerLevel: lark.LoggerLevel.fatal }).register({
      'card.action.trigger': (data: unknown) => onCardAction(deps, data),
    } as never);
    const handle = lark.adaptDefault('/webhooks/feishu', dispatcher, { autoChallenge: true });
    receiver = createServer((req, res) => void handle(req, res));
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    emu.configureDelivery({
      mode: 'webhook',
      webhookUrl: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/webhooks/feishu`,
    });
    await runTick(e);
    await dispatchOutbox({ ...e, channels: channelRegistry([messenger]) });
  }, 30_000);
  afterEach(async () => {
    await e?.close();
    await emu?.close();
    receiver?.closeAllConnections();
    await new Promise((r) => receiver?.close(r));
  });

  const dailyCard = () => emu.messages({ user: zhang }).find((m) => cardText(m).includes('all_zero'))!;

  it('answers at once, then updates the card with the callback token', async () => {
    const card = dailyCard();
    const r = await emu.actOnCard({ messageId: card.messageId, user: zhang, element: 'all_zero' });
    expect(r.ok).toBe(true);
    expect(r.toast?.content).toBe('已收到，正在处理…');
    await eventually(
      () =>
        cardText(emu.message(card.messageId)).includes('零风险') &&
        !cardText(emu.message(card.messageId)).includes('all_zero'),
      10_000,
    );
    const c = emu.counters();
    expect(c.delayedUpdates).toBe(1);
    expect(c.patches).toBe(0);
  }, 20_000);

  it('patches the card when the token is refused', async () => {
    emu.injectFaults({ api: 'cardUpdate', failWith: { code: 300030 } });
    const card = dailyCard();
    const r = await emu.actOnCard({ messageId: card.messageId, user: zhang, element: 'all_zero' });
    expect(r.toast?.content).toBe('已收到，正在处理…');
    await eventually(() => !cardText(emu.message(card.messageId)).includes('all_zero'), 10_000);
    const c = emu.counters();
    expect(c.rejections['300030']).toBe(1);
    expect(c.patches).toBe(1);
  }, 20_000);
});
