/** Stored daily prompts keep each distinct item list once, as a shared part; reading restores the payload exactly. */
import { describe, expect, it } from 'vitest';
import { packPayload, partHash, partsOf, unpackPayload } from '../../src/adapters/store/payload-codec.js';
import type { ItemView, Payload } from '../../src/domain/engine/payloads.js';

const items = Array.from({ length: 12 }, (_, i) => ({
  seq: i + 1,
  group: '设备' as const,
  content: `检查项${i + 1}`,
  standard: '正常',
  required: true,
}));
const daily: Payload = {
  type: 'daily_check',
  unitName: '单位',
  date: '2026-12-01',
  dueAt: '2026-12-01T09:30:00.000Z',
  devices: Array.from({ length: 8 }, (_, i) => ({
    taskKey: `k${i}`,
    equipmentId: `e${i}`,
    code: `c${i}`,
    name: `${i + 1}号梯`,
    location: '',
    category: 'elevator' as const,
    paused: i === 7,
    items: i === 7 ? [{ ...items[0]!, content: '停用中' }] : items.map((x) => ({ ...x })),
  })),
};

const partMap = (parts: { hash: string; body: ItemView[] }[]) =>
  new Map(parts.map((p) => [p.hash, JSON.parse(JSON.stringify(p.body)) as ItemView[]]));

describe('payload codec', () => {
  it('round-trips a daily prompt exactly and keeps each distinct item list once, outside the message', () => {
    const { stored, parts } = packPayload(daily);
    expect(parts).toHaveLength(2);
    expect(partsOf(JSON.parse(JSON.stringify(stored)))).toEqual(parts.map((p) => p.hash));
    expect(unpackPayload(JSON.parse(JSON.stringify(stored)), partMap(parts))).toEqual(daily);
    expect(JSON.stringify(stored)).not.toContain('检查项');
  });

  it('names a list by its content: equal lists share a hash, different ones do not', () => {
    const a = items.map((x) => ({ ...x }));
    expect(partHash(a)).toBe(partHash(items.map((x) => ({ ...x }))));
    expect(partHash(a)).not.toBe(partHash([{ ...items[0]!, standard: '不同' }, ...items.slice(1)]));
  });

  it('reads a missing part as an empty list rather than failing', () => {
    const { stored } = packPayload(daily);
    const back = unpackPayload(stored, new Map()) as Extract<Payload, { type: 'daily_check' }>;
    expect(back.devices.map((d) => d.items)).toEqual(Array(8).fill([]));
  });

  it('leaves other payloads as they are, and reads payloads stored inline before parts existed', () => {
    const notice: Payload = { type: 'notice', unitName: '单位', text: '通知' };
    expect(packPayload(notice)).toEqual({ stored: notice, parts: [] });
    expect(unpackPayload(notice)).toBe(notice);
    expect(unpackPayload(daily)).toBe(daily);
    const d = daily as Extract<Payload, { type: 'daily_check' }>;
    const inline = {
      packed: 1,
      lists: [d.devices[0]!.items],
      payload: { ...d, devices: d.devices.slice(0, 7).map((x) => ({ ...x, items: 0 })) },
    };
    expect(unpackPayload(inline)).toEqual({ ...d, devices: d.devices.slice(0, 7) });
  });
});
