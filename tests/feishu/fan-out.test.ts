/**
 * 2,000 cards fanned out while Feishu answers a storm of 429s: every card is delivered exactly
 * once (the dispatcher honours x-ogw-ratelimit-reset and reuses each message's uuid).
 */

import { type FeishuEmulator, startFeishuEmulator } from '@safeduty/feishu-emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFeishuClient } from '../../src/adapters/feishu/feishu-client.js';
import { FeishuMessenger } from '../../src/adapters/feishu/feishu-messenger.js';
import { RateLimiter } from '../../src/adapters/feishu/rate-limiter.js';
import { channelRegistry } from '../../src/app/channel-registry.js';
import { dispatchOutbox } from '../../src/app/dispatch-outbox.js';
import { demoEngine, type TestEngine } from '../helpers/engine.js';

const N = 2000;

describe('a 2,000-card fan-out through a 429 storm', () => {
  let e: TestEngine;
  let emu: FeishuEmulator;
  let messenger: FeishuMessenger;

  beforeAll(async () => {
    emu = await startFeishuEmulator();
    emu.setLimits({ apiPerSecond: 100_000, apiPerMinute: 1_000_000 });
    e = await demoEngine({ start: '2026-12-01T02:00:00Z' });
    const unit = await e.store.db.unit.findFirstOrThrow();
    const people = Array.from({ length: N }, (_, i) => ({
      id: `p${i}`,
      name: `员工${i}`,
      mobile: `139${String(i).padStart(8, '0')}`,
    }));
    await e.store.db.person.createMany({ data: people });
    const openIds = people.map(
      (p, i) => emu.createUser({ name: p.name, openId: `ou_fan${String(i).padStart(6, '0')}` }).openId,
    );
    await e.store.db.channelIdentity.createMany({
      data: people.map((p, i) => ({ personId: p.id, channel: 'feishu', externalId: openIds[i]! })),
    });
    await e.store.db.message.createMany({
      data: people.map((p) => ({
        key: `msg:${unit.key}:notice:fan:0:${p.id}`,
        groupKey: `${unit.key}:notice:fan`,
        unitId: unit.id,
        personId: p.id,
        purpose: 'notice',
        payload: { type: 'notice', unitName: unit.name, text: '请于本周五前完成特种设备安全培训签到' },
        taskKeys: [],
        notBefore: e.clock.now(),
        createdAt: e.clock.now(),
      })),
    });
    const app = emu.app();
    messenger = new FeishuMessenger({
      feishu: createFeishuClient({ appId: app.appId, appSecret: app.appSecret, domain: emu.url }),
      limiter: new RateLimiter(
        { perSecond: 100_000, perMinute: 1_000_000, perReceiverPerSecond: 5 },
        () => e.clock.now().getTime(),
        async (ms) => e.clock.advance(ms),
      ),
      now: () => e.clock.now(),
      peopleOf: async () => [],
    });
  }, 60_000);
  afterAll(async () => {
    await e?.close();
    await emu?.close();
  });

  it('delivers every card exactly once', async () => {
    emu.injectFaults({ rateLimit: 400 });
    let rounds = 0;
    while ((await e.store.db.message.count({ where: { state: { in: ['pending', 'failed'] } } })) > 0 && rounds < 50) {
      await dispatchOutbox({ ...e, channels: channelRegistry([messenger]) }, 500);
      e.clock.advance(2_000); // the emulator's reset header says 1 s
      rounds++;
    }
    expect(await e.store.db.message.count({ where: { state: 'sent' } })).toBe(N);
    const c = emu.counters();
    expect(c.messagesCreated).toBe(N);
    expect(c.rejections['99991400']).toBe(400);
    const perUser = new Map<string, number>();
    for (const m of emu.messages()) perUser.set(m.chatId, (perUser.get(m.chatId) ?? 0) + 1);
    expect([...perUser.values()].every((n) => n === 1)).toBe(true);
    expect(perUser.size).toBe(N);
  }, 120_000);
});
