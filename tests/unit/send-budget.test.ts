/**
 * The send slots (app/send-budget.ts) keep Feishu's documented limits in every window, whatever
 * its alignment: 1000 a minute and 50 a second per app, 5 a second per receiver — for senders
 * asking at random moments, in bursts, for a few receivers or many.
 */
import { describe, expect, it } from 'vitest';
import { FEISHU_SEND_RATES, nextSlot } from '../../src/app/send-budget.js';

function simulate(requests: { at: number; receiver: string }[]): { slot: number; receiver: string }[] {
  const next = new Map<string, number>();
  const r = FEISHU_SEND_RATES;
  return requests.map(({ at, receiver }) => {
    const keys = [
      { key: 'app', intervalMs: r.appIntervalMs, burstMs: r.appBurstMs },
      { key: receiver, intervalMs: r.receiverIntervalMs, burstMs: r.receiverBurstMs },
    ];
    const s = nextSlot(
      keys,
      keys.map((k) => next.get(k.key)),
      at,
    );
    keys.forEach((k, i) => {
      next.set(k.key, s.next[i]!);
    });
    return { slot: s.slot, receiver };
  });
}

/** The most slots in any window [t, t + w) (sliding: starts at each slot). */
function maxInWindow(slots: number[], w: number): number {
  const s = [...slots].sort((a, b) => a - b);
  let best = 0;
  for (let i = 0, j = 0; i < s.length; i++) {
    while (s[j]! < s[i]! - w + 1) j++;
    best = Math.max(best, i - j + 1);
  }
  return best;
}

describe('send slots', () => {
  it('a 6,000-card fan-out asked at once stays within 1000/min, 50/s, and takes about 6 minutes', () => {
    const out = simulate(Array.from({ length: 6000 }, (_, i) => ({ at: 0, receiver: `ou_${i}` })));
    const slots = out.map((o) => o.slot);
    expect(maxInWindow(slots, 60_000)).toBeLessThanOrEqual(1000);
    expect(maxInWindow(slots, 1000)).toBeLessThanOrEqual(50);
    const last = Math.max(...slots);
    expect(last).toBeLessThan(6000 * 62);
    expect(last).toBeGreaterThan(350_000);
  });

  it('random arrivals for a few receivers keep 5/s per receiver and the app limits', () => {
    let seed = 42;
    const rnd = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    let t = 0;
    const reqs = Array.from({ length: 3000 }, () => {
      t += Math.floor(rnd() * 40);
      return { at: t, receiver: `ou_${Math.floor(rnd() * 7)}` };
    });
    const out = simulate(reqs);
    expect(out.every((o, i) => o.slot >= reqs[i]!.at)).toBe(true);
    expect(
      maxInWindow(
        out.map((o) => o.slot),
        60_000,
      ),
    ).toBeLessThanOrEqual(1000);
    expect(
      maxInWindow(
        out.map((o) => o.slot),
        1000,
      ),
    ).toBeLessThanOrEqual(50);
    for (let r = 0; r < 7; r++)
      expect(
        maxInWindow(
          out.filter((o) => o.receiver === `ou_${r}`).map((o) => o.slot),
          1000,
        ),
      ).toBeLessThanOrEqual(5);
  });

  it('an idle app sends a short burst at once', () => {
    const out = simulate(Array.from({ length: 5 }, (_, i) => ({ at: 1000, receiver: `ou_${i}` })));
    expect(out.map((o) => o.slot)).toEqual([1000, 1000, 1000, 1000, 1000]);
  });
});
