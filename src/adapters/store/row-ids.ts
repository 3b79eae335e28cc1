/**
 * Ids for rows the engine writes in bulk: time-ordered UUIDs (version 7 layout: 48 bits of
 * milliseconds, then a per-process counter and random bits). New ids land at the end of the primary
 * key's index instead of at random places in it, which keeps a city's 50,000 daily tasks cheap to
 * insert; they stay unique across instances thanks to the random bits.
 */
import { randomBytes } from 'node:crypto';

let lastMs = -1;
let counter = 0;
let timePart = '';
// Random bits drawn 4 KB at a time rather than 8 bytes per id.
let pool = Buffer.alloc(0);
let offset = 0;

export function timeOrderedId(now: number): string {
  // Monotonic within the process even if the wall clock steps back.
  const ms = Math.max(now, lastMs);
  if (ms === lastMs) counter++;
  else counter = 0;
  if (counter > 0xfff) {
    return timeOrderedId(ms + 1);
  }
  if (ms !== lastMs) {
    lastMs = ms;
    const hex = ms.toString(16).padStart(12, '0');
    timePart = `${hex.slice(0, 8)}-${hex.slice(8)}-7`;
  }
  if (offset + 8 > pool.length) {
    pool = randomBytes(4096);
    offset = 0;
  }
  // RFC 9562 variant bits (10xx) on the first random byte.
  const variant = ((pool[offset]! & 0x3f) | 0x80).toString(16);
  const id =
    `${timePart}${counter.toString(16).padStart(3, '0')}` +
    `-${variant}${pool.toString('hex', offset + 1, offset + 2)}-${pool.toString('hex', offset + 2, offset + 8)}`;
  offset += 8;
  return id;
}
