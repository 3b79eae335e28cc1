/**
 * One send that Feishu never answers in time no longer holds up the others: the client abandons it
 * after its request timeout, the other cards go out meanwhile (several in flight), and the slow one
 * is retried with the same uuid later — delivered exactly once. Urgent messages are claimed first.
 */

import { type FeishuEmulator, startFeishuEmulator } from '@safeduty/feishu-emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wallTimeMs } from '../../src/adapters/clock/wall-time.js';
import { createFeishuClient } from '../../src/adapters/feishu/feishu-client.js';
import { FeishuMessenger } from '../../src/adapters/feishu/feishu-messenger.js';
import { RateLimiter } from '../../src/adapters/feishu/rate-limiter.js';
import { channelRegistry } from '../../src/app/channel-registry.js';
import { drainOutbox } from '../../src/app/dispatch-outbox.js';
import { demoEngine, type TestEngine } from '../helpers/engine.js';
import { seedFanOut } from '../helpers/fan-out-seed.js';

const N = 12;
const TIMEOUT_MS = 800;
const SLOW_MS = 3000;

describe('an unanswered send', () => {
  let e: TestEngine;
  let emu: FeishuEmulator;
  let messenger: FeishuMessenger;
  let openIds: string[];

  beforeAll(async () => {
    emu = await startFeishuEmulator();
    e = await demoEngine({ start: '2026-12-01T02:00:00Z' });
    openIds = await seedFanOut(e.store, emu, N, e.clock.now(), { urgent: (i) => i === N - 1 });
    const app = emu.app();
    messenger = new FeishuMessenger({
      feishu: createFeishuClient({
        appId: app.appId,
        appSecret: app.appSecret,
        domain: emu.url,
        requestTimeoutMs: TIMEOUT_MS,
      }),
      limiter: new RateLimiter({ perSecond: 45, perMinute: 950, perReceiverPerSecond: 4 }, wallTimeMs),
      now: () => e.clock.now(),
      peopleOf: async () => [],
    });
    await messenger.sendText({ externalId: openIds[0] }, '预热', 'warm-up-token'); // the token is fetched before the test
  }, 60_000);
  afterAll(async () => {
    await e?.close();
    await emu?.close();
  });

  it('is cut off by the timeout while the other cards go out, then retried once with the same uuid', async () => {
    emu.injectFaults({ api: 'send', delayMs: SLOW_MS, delayCount: 1 });
    const started = wallTimeMs();
    const first = await drainOutbox({ ...e, channels: channelRegistry([messenger]) }, { concurrency: 4 });
    const took = wallTimeMs() - started;
    expect(first).toEqual({ sent: N - 1, cancelled: 0, failed: 1 });
    // Without a timeout the drain would wait for the slow answer (3 s): it ended at the timeout.
    expect(took).toBeLessThan(SLOW_MS);
    const cards = () => emu.messages().filter((m) => m.msgType === 'interactive');
    expect(cards()).toHaveLength(N - 1);
    // The urgent message (seeded last) was claimed first, so it is the send Feishu held back.
    const failed = await e.store.db.message.findFirstOrThrow({ where: { state: 'failed' } });
    expect(failed.urgent).toBe(true);
    expect(failed.lastError).toMatch(/没有应答/);

    await new Promise((r) => setTimeout(r, SLOW_MS)); // Feishu finishes the slow send meanwhile
    e.clock.advance(60_000); // past the backoff
    expect(await drainOutbox({ ...e, channels: channelRegistry([messenger]) }, { concurrency: 4 })).toEqual({
      sent: 1,
      cancelled: 0,
      failed: 0,
    });
    expect(cards()).toHaveLength(N);
    expect(new Set(cards().map((m) => m.chatId)).size).toBe(N);
    expect(emu.counters().dedupedSends).toBe(1);
    expect(await e.store.db.message.count({ where: { state: 'sent' } })).toBe(N);
  }, 30_000);
});
