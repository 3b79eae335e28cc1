/**
 * People's answers before the outbox (app/answers-first.ts): the
 * outbox's turn waits while an answer is under way, at most maxHoldMs.
 */
import { describe, expect, it } from 'vitest';
import { AnswersFirst } from '../../src/app/answers-first.js';
import { channelRegistry } from '../../src/app/channel-registry.js';
import { drainOutbox } from '../../src/app/dispatch-outbox.js';
import type { PromptSender } from '../../src/app/ports.js';
import { runTick } from '../../src/app/run-tick.js';
import { demoEngine } from '../helpers/engine.js';

const tick = () => new Promise((r) => setImmediate(r));

describe('AnswersFirst', () => {
  it('gives the outbox its turn at once when nobody is being answered', async () => {
    const gate = new AnswersFirst(10_000);
    let went = false;
    void gate.turn().then(() => (went = true));
    await tick();
    expect(went).toBe(true);
  });

  it('holds the outbox while an answer is under way and lets it go when the last answer is done', async () => {
    const gate = new AnswersFirst(10_000);
    const ends: (() => void)[] = [];
    const answer = () => gate.answer(() => new Promise<string>((r) => ends.push(() => r('答'))));
    const a = answer();
    const b = answer();
    let went = false;
    void gate.turn().then(() => (went = true));
    await tick();
    expect(gate.busy).toBe(2);
    ends[0]!();
    expect(await a).toBe('答');
    await tick();
    expect(went).toBe(false); // the second answer is still under way
    ends[1]!();
    await b;
    await tick();
    expect(went).toBe(true);
    expect(gate.busy).toBe(0);
  });

  it('holds the outbox no longer than maxHoldMs, and a failed answer lets it go too', async () => {
    const gate = new AnswersFirst(20);
    let end: () => void = () => {};
    const slow = gate.answer(() => new Promise<void>((r) => (end = r)));
    const t0 = performance.now();
    await gate.turn();
    expect(performance.now() - t0).toBeGreaterThanOrEqual(15);
    expect(gate.busy).toBe(1);
    end();
    await slow;
    await expect(gate.answer(() => Promise.reject(new Error('坏')))).rejects.toThrow('坏');
    expect(gate.busy).toBe(0);
  });
});

describe('the outbox yields to answers (drainOutbox with yieldTo)', () => {
  it('starts no send while a person is being answered, and sends everything once the answer is done', async () => {
    const e = await demoEngine({ start: '2026-12-01T00:30:00Z' });
    try {
      await runTick(e);
      let sent = 0;
      const channel: PromptSender = { name: 'feishu', sendPrompt: async () => ({ platformMessageId: `om_${++sent}` }) };
      const gate = new AnswersFirst(60_000);
      let end: () => void = () => {};
      const answering = gate.answer(() => new Promise<void>((r) => (end = r)));
      const drained = drainOutbox(
        { ...e, channels: channelRegistry([channel]) },
        { concurrency: 4, yieldTo: () => gate.turn() },
      );
      for (let i = 0; i < 20; i++) await tick();
      expect(sent).toBe(0);
      end();
      await answering;
      const totals = await drained;
      expect(totals.sent).toBeGreaterThan(0);
      expect(sent).toBe(totals.sent);
    } finally {
      await e.close();
    }
  });

  it('starts no slice of a tick before its turn (the service gives it after the answers under way)', async () => {
    const e = await demoEngine({ start: '2026-12-01T00:30:00Z' });
    try {
      let asked = 0;
      let release: () => void = () => {};
      const held = new Promise<void>((r) => (release = r));
      const ticking = runTick(e, e.clock.now(), {
        yieldTo: () => {
          asked++;
          return held;
        },
      });
      for (let i = 0; i < 1000 && asked === 0; i++) await tick();
      expect(asked).toBe(1);
      for (let i = 0; i < 20; i++) await tick();
      expect(await e.store.db.task.count()).toBe(0);
      release();
      const r = await ticking;
      expect(r.unitsPlanned).toBeGreaterThan(0);
      expect(await e.store.db.task.count()).toBe(r.summary.tasks);
    } finally {
      await e.close();
    }
  });
});
