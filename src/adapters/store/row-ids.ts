/**
 * Ids for rows the engine writes in bulk: time-ordered UUIDs (version 7 layout: 48 bits of
 * milliseconds, then a per-process counter and random bits). New ids land at the end of the primary
 * key's index instead of at random places in it, which keeps a city's 50,000 daily tasks cheap to
 * insert; they stay unique across instances thanks to the random bits.
 */
import { randomBytes } from 'node:crypto';

let lastMs = 0;
let counter = 0;
// Random bits drawn 4 KB at a time rather than 8 bytes per id.
let pool = Buffer.alloc(0);
let offset = 0;

function random8(): string {
  if (offset + 8 > pool.length) {
    pool = randomBytes(4096);
    offset = 0;
  }
  offset += 8;
  return pool.toString('hex', offset - 8, offset);
}

export function timeOrderedId(now: number): string {
  // Monotonic within the process even if the wall clock steps back.
  const ms = Math.max(now, lastMs);
  counter = ms === lastMs ? counter + 1 : 0;
  lastMs = ms;
  if (counter > 0xfff) {
    lastMs = ms + 1;
    counter = 0;
  }
  const rand = random8();
  const time = lastMs.toString(16).padStart(12, '0');
  const seq = (0x7000 | counter).toString(16);
  const variant = ((parseInt(rand.slice(0, 1), 16) & 0x3) | 0x8).toString(16);
  return `${time.slice(0, 8)}-${time.slice(8)}-${seq}-${variant}${rand.slice(1, 4)}-${rand.slice(4, 16)}`;
}
