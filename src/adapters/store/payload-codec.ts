/**
 * How a message payload is stored. A daily prompt repeats the same checklist for every device of a
 * category (8 elevators → 8 copies of 12 items), and a city's 6,000 officers get the same few
 * checklists every morning. Stored, each distinct item list is a content-addressed part
 * (`PayloadPart`, keyed by the SHA-256 of its JSON, written once for the whole database) and
 * devices point at it: a city's 08:30 outbox writes ~2 KB per prompt instead of ~10 KB.
 * Reading restores the payload exactly; other payloads are stored as they are.
 *
 * A part's content is its key, so parts never change and can be cached by anyone who read them.
 */
import { createHash } from 'node:crypto';
import type { DailyDeviceView, ItemView, Payload } from '../../domain/engine/payloads.js';

type DailyPayload = Extract<Payload, { type: 'daily_check' }>;

/** A stored daily prompt: `parts` lists the item lists' hashes, each device names one by index. */
interface PackedDaily {
  packed: 2;
  parts: string[];
  payload: Omit<DailyPayload, 'devices'> & { devices: (Omit<DailyDeviceView, 'items'> & { items: number })[] };
}

/** The first version kept the lists inline (`lists`); kept readable. */
interface InlineDaily {
  packed: 1;
  lists: ItemView[][];
  payload: PackedDaily['payload'];
}

export interface PayloadPart {
  hash: string;
  body: ItemView[];
}

export interface PackedPayload {
  /** what goes into Message.payload */
  stored: object;
  /** the parts it refers to (to be written, if not yet there, in the same transaction) */
  parts: PayloadPart[];
}

// The planner shares one array per checklist among all devices and prompts of a tick and never
// mutates it, so a list's hash is computed once per array.
const hashOfList = new WeakMap<ItemView[], string>();

export function partHash(items: ItemView[]): string {
  let h = hashOfList.get(items);
  if (h === undefined) {
    h = createHash('sha256').update(JSON.stringify(items)).digest('hex');
    hashOfList.set(items, h);
  }
  return h;
}

export function packPayload(p: Payload): PackedPayload {
  if (p.type !== 'daily_check') return { stored: p, parts: [] };
  const hashes: string[] = [];
  const parts: PayloadPart[] = [];
  const index = new Map<string, number>();
  const devices = p.devices.map((d) => {
    const hash = partHash(d.items);
    let i = index.get(hash);
    if (i === undefined) {
      i = hashes.push(hash) - 1;
      index.set(hash, i);
      parts.push({ hash, body: d.items });
    }
    return { ...d, items: i };
  });
  const stored: PackedDaily = { packed: 2, parts: hashes, payload: { ...p, devices } };
  return { stored, parts };
}

/** The part hashes a stored payload needs to be read back. */
export function partsOf(stored: unknown): string[] {
  const s = stored as Partial<PackedDaily> | null;
  return s && s.packed === 2 && Array.isArray(s.parts) ? s.parts : [];
}

/**
 * The payload as it was packed. `parts` must hold every hash `partsOf(stored)` names; a missing
 * part (which only a hand-edited database can cause) reads as an empty list rather than throwing.
 */
export function unpackPayload(stored: unknown, parts: ReadonlyMap<string, ItemView[]> = new Map()): Payload {
  const s = stored as Partial<PackedDaily | InlineDaily> | null;
  if (!s?.payload) return stored as Payload;
  let lists: ItemView[][];
  if (s.packed === 2 && Array.isArray(s.parts)) lists = s.parts.map((h) => parts.get(h) ?? []);
  else if (s.packed === 1 && Array.isArray(s.lists)) lists = s.lists;
  else return stored as Payload;
  return { ...s.payload, devices: s.payload.devices.map((d) => ({ ...d, items: lists[d.items] ?? [] })) };
}
