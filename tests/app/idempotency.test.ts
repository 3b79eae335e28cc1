/**
 * Nothing is duplicated: a crash between recording decisions and sending them, a crash after
 * sending before recording the outcome (the lease expires; the retry reuses the idempotency key),
 * and — on PostgreSQL — two instances ticking and dispatching at the same minute.
 */

import { afterAll, describe, expect, it } from 'vitest';
import { PrismaStore } from '../../src/adapters/store/prisma-store.js';
import { channelRegistry } from '../../src/app/channel-registry.js';
import { dispatchOutbox } from '../../src/app/dispatch-outbox.js';
import type { OutboxMessage, PromptSender, Recipient } from '../../src/app/ports.js';
import { runTick } from '../../src/app/run-tick.js';
import { RecordingMessenger } from '../fakes/recording-messenger.js';
import { TEST_PG_URL } from '../helpers/databases.js';
import { demoEngine, type TestEngine } from '../helpers/engine.js';

const engines: TestEngine[] = [];
afterAll(async () => {
  for (const e of engines) await e.close();
});

describe('crash between deciding and sending', () => {
  it('sends every decided message exactly once after a restart', async () => {
    const e = await demoEngine({ start: '2026-12-01T00:30:00Z' });
    engines.push(e);
    await runTick(e); // decisions and outbox recorded; the process "dies" before dispatching
    const pending = await e.store.db.message.count({ where: { state: 'pending' } });
    expect(pending).toBe(4);
    // "Restart": a new store on the same database ticks again and dispatches.
    const restarted = await PrismaStore.open(e.db.url);
    const again = { ...e, store: restarted };
    const r = await runTick(again);
    expect(r.summary.tasks).toBe(0);
    await dispatchOutbox(again);
    await dispatchOutbox(again);
    expect(e.messenger.sent.map((s) => s.message.key).sort()).toEqual(
      [...new Set(e.messenger.sent.map((s) => s.message.key))].sort(),
    );
    expect(e.messenger.sent).toHaveLength(4);
    await restarted.close();
  });

  it(
    'retries a message whose sender died after sending, ' + 'with the same idempotency key, only after the lease',
    async () => {
      const e = await demoEngine({ start: '2026-12-01T00:30:00Z' });
      engines.push(e);
      await runTick(e);
      const dying: PromptSender = {
        name: 'test',
        async sendPrompt(m: OutboxMessage, to: Recipient) {
          await e.messenger.sendPrompt(m, to);
          throw new Error('process killed after the platform accepted the message');
        },
      };
      await dispatchOutbox({ ...e, channels: channelRegistry([dying]) }, 1);
      expect(e.messenger.sent).toHaveLength(1);
      const first = e.messenger.sent[0]!.message.key;
      await dispatchOutbox(e); // within the backoff: the failed one waits, the others go
      expect(e.messenger.sent.filter((s) => s.message.key === first)).toHaveLength(1);
      e.clock.advance(31_000);
      await dispatchOutbox(e);
      // The retry carries the same key: the platform (Feishu uuid) de-duplicates it.
      expect(e.messenger.sent.filter((s) => s.message.key === first)).toHaveLength(2);
      expect(await e.store.db.message.count({ where: { state: 'sent' } })).toBe(4);
    },
  );

  it('moves a message to the dead letters after repeated failures', async () => {
    const e = await demoEngine({ start: '2026-12-01T00:30:00Z' });
    engines.push(e);
    await runTick(e);
    e.messenger.failNext = 1000;
    for (let i = 0; i < 12; i++) {
      await dispatchOutbox(e);
      e.clock.advance(31 * 60_000);
    }
    expect(await e.store.db.message.count({ where: { state: 'dead' } })).toBe(4);
    const m = await e.store.db.message.findFirstOrThrow({ where: { state: 'dead' } });
    expect(m.attempts).toBe(8);
    expect(m.lastError).toBe('simulated outage');
  });
});

describe.skipIf(!TEST_PG_URL)('two instances on one PostgreSQL', () => {
  it('open each task once and send each message once when ticking and dispatching together', async () => {
    const e = await demoEngine({ start: '2026-12-01T00:30:00Z', provider: 'postgresql' });
    engines.push(e);
    const other = await PrismaStore.open(e.db.url);
    const m2 = new RecordingMessenger();
    const a = e;
    const b = { ...e, store: other, messenger: m2, channels: channelRegistry([m2]) };
    const results = await Promise.allSettled([runTick(a), runTick(b)]);
    expect(results.every((r) => r.status === 'fulfilled')).toBe(true);
    await Promise.all([runTick(a), runTick(b)]);
    expect(await e.store.db.task.count({ where: { kind: 'daily' } })).toBe(9);
    expect(await e.store.db.message.count()).toBe(4);
    await Promise.all([dispatchOutbox(a), dispatchOutbox(b)]);
    const keys = [...e.messenger.sent, ...m2.sent].map((s) => s.message.key);
    expect(keys).toHaveLength(4);
    expect(new Set(keys).size).toBe(4);
    await other.close();
  });
});
