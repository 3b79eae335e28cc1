/**
 * Three instances on one PostgreSQL drain one outbox against the emulator at Feishu's real limits
 * (50/s and 1000/min per app, 5/s per receiver — the emulator enforces them): the send budget held in
 * the database keeps them together inside the limits (no 429, no 230020), every card exactly once.
 * Each instance alone pacing itself (45/s) would send 135/s together.
 */

import { type FeishuEmulator, startFeishuEmulator } from '@safeduty/feishu-emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wallTimeMs } from '../../src/adapters/clock/wall-time.js';
import { createFeishuClient } from '../../src/adapters/feishu/feishu-client.js';
import { FeishuMessenger } from '../../src/adapters/feishu/feishu-messenger.js';
import { PrismaStore } from '../../src/adapters/store/prisma-store.js';
import { channelRegistry } from '../../src/app/channel-registry.js';
import { drainOutbox } from '../../src/app/dispatch-outbox.js';
import { FEISHU_SEND_RATES, SharedSendBudget } from '../../src/app/send-budget.js';
import { TEST_PG_URL } from '../helpers/databases.js';
import { demoEngine, type TestEngine } from '../helpers/engine.js';
import { seedFanOut } from '../helpers/fan-out-seed.js';

const PEOPLE = 200;
const TO_ONE = 12;

describe.skipIf(!TEST_PG_URL)('three instances sharing the send budget', () => {
  let e: TestEngine;
  let emu: FeishuEmulator;
  let stores: PrismaStore[] = [];

  beforeAll(async () => {
    emu = await startFeishuEmulator(); // Feishu's documented limits
    e = await demoEngine({ start: '2026-12-01T02:00:00Z', provider: 'postgresql' });
    const openIds = await seedFanOut(e.store, emu, PEOPLE, e.clock.now());
    const unit = await e.store.db.unit.findFirstOrThrow();
    // A dozen messages to one person as well: 5/s to one receiver.
    await e.store.db.message.createMany({
      data: Array.from({ length: TO_ONE }, (_, i) => ({
        key: `msg:one:${i}`,
        groupKey: 'one',
        unitId: unit.id,
        personId: 'fan0',
        purpose: 'notice',
        payload: { type: 'notice', unitName: unit.name, text: `第 ${i + 1} 条通知` },
        taskKeys: [],
        notBefore: e.clock.now(),
        createdAt: e.clock.now(),
      })),
    });
    expect(openIds).toHaveLength(PEOPLE);
    stores = await Promise.all([0, 1, 2].map(() => PrismaStore.open(e.db.url)));
  }, 120_000);
  afterAll(async () => {
    await Promise.all(stores.map((s) => s.close()));
    await e?.close();
    await emu?.close();
  });

  it('stays inside the limits the emulator enforces, every card once', async () => {
    const app = emu.app();
    const instances = stores.map((store) => {
      const messenger = new FeishuMessenger({
        feishu: createFeishuClient({ appId: app.appId, appSecret: app.appSecret, domain: emu.url }),
        limiter: new SharedSendBudget(store, `feishu:${app.appId}`, FEISHU_SEND_RATES, wallTimeMs),
        now: () => e.clock.now(),
        peopleOf: async () => [],
      });
      return { ...e, store, channels: channelRegistry([messenger]) };
    });
    const started = wallTimeMs();
    const totals = await Promise.all(instances.map((deps) => drainOutbox(deps, { concurrency: 8 })));
    const took = wallTimeMs() - started;
    const total = PEOPLE + TO_ONE;
    const seen = JSON.stringify({
      totals,
      rejections: emu.counters().rejections,
      errors: await e.store.db.message.findMany({
        where: { lastError: { not: null } },
        select: { lastError: true },
        take: 3,
      }),
    });
    expect(
      totals.reduce((n, t) => n + t.sent, 0),
      seen,
    ).toBe(total);
    expect(
      totals.map((t) => t.failed),
      seen,
    ).toEqual([0, 0, 0]);
    expect(
      totals.map((t) => t.sent > 0),
      seen,
    ).toEqual([true, true, true]);
    expect(emu.counters().rejections, seen).toEqual({});
    expect(emu.counters().messagesCreated).toBe(total);
    expect(new Set(emu.messages().map((m) => m.uuid)).size).toBe(total);
    // Paced at the app's interval, not faster: the budget was really shared.
    expect(took).toBeGreaterThanOrEqual((total - 1) * FEISHU_SEND_RATES.appIntervalMs - FEISHU_SEND_RATES.appBurstMs);
    expect(await e.store.db.message.count({ where: { state: 'sent' } })).toBe(total);
  }, 120_000);
});
