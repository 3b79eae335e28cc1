/**
 * How a message payload is stored. A daily prompt repeats the same checklist for every device of a
 * category (8 elevators → 8 copies of 12 items); stored, each distinct item list is kept once and
 * devices point at it, which makes a city's 08:30 outbox several times smaller to write and to
 * keep in memory. Reading restores the payload exactly; other payloads are stored as they are.
 */
import type { ItemView, Payload } from '../../domain/engine/payloads.js';

interface PackedDaily {
  packed: 1;
  lists: ItemView[][];
  payload: Omit<Extract<Payload, { type: 'daily_check' }>, 'devices'> & { devices: (Omit<Extract<Payload, { type: 'daily_check' }>['devices'][number], 'items'> & { items: number })[] };
}

export function packPayload(p: Payload): object {
  if (p.type !== 'daily_check') return p;
  const lists: ItemView[][] = [];
  const index = new Map<ItemView[] | string, number>();
  const devices = p.devices.map((d) => {
    // Same array (the planner shares them) or same content: one stored list.
    let i = index.get(d.items);
    if (i === undefined) {
      const text = JSON.stringify(d.items);
      i = index.get(text);
      if (i === undefined) {
        i = lists.push(d.items) - 1;
        index.set(text, i);
      }
      index.set(d.items, i);
    }
    return { ...d, items: i };
  });
  const packed: PackedDaily = { packed: 1, lists, payload: { ...p, devices } };
  return packed;
}

export function unpackPayload(stored: unknown): Payload {
  const s = stored as Partial<PackedDaily> | null;
  if (!s || s.packed !== 1 || !s.payload || !s.lists) return stored as Payload;
  const lists = s.lists;
  return { ...s.payload, devices: s.payload.devices.map((d) => ({ ...d, items: lists[d.items] ?? [] })) };
}
