/** Stored daily prompts keep each distinct item list once; reading restores the payload exactly. */
import { describe, expect, it } from 'vitest';
import { packPayload, unpackPayload } from '../../src/adapters/store/payload-codec.js';
import type { Payload } from '../../src/domain/engine/payloads.js';

const items = Array.from({ length: 12 }, (_, i) => ({ seq: i + 1, group: '设备' as const, content: `检查项${i + 1}`, standard: '正常', required: true }));
const daily: Payload = {
  type: 'daily_check',
  unitName: '单位',
  date: '2026-12-01',
  dueAt: '2026-12-01T09:30:00.000Z',
  devices: Array.from({ length: 8 }, (_, i) => ({ taskKey: `k${i}`, equipmentId: `e${i}`, code: `c${i}`, name: `${i + 1}号梯`, location: '', category: 'elevator' as const, paused: i === 7, items: i === 7 ? [{ ...items[0]!, content: '停用中' }] : items.map((x) => ({ ...x })) })),
};

describe('payload codec', () => {
  it('round-trips a daily prompt exactly and stores each item list once', () => {
    const packed = packPayload(daily);
    expect(unpackPayload(JSON.parse(JSON.stringify(packed)))).toEqual(daily);
    expect((packed as { lists: unknown[] }).lists).toHaveLength(2);
    expect(JSON.stringify(packed).length).toBeLessThan(JSON.stringify(daily).length / 3);
  });

  it('leaves other payloads as they are, and reads payloads stored before packing', () => {
    const notice: Payload = { type: 'notice', unitName: '单位', text: '通知' };
    expect(packPayload(notice)).toBe(notice);
    expect(unpackPayload(notice)).toBe(notice);
    expect(unpackPayload(daily)).toBe(daily);
  });
});
