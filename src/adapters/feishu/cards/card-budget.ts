/**
 * Feishu's size limits for one card (platforms.md A4): 30 KB of JSON and 200 components. Components
 * are counted like the emulator's validator does: every element of the body, containers (form,
 * column_set, column, collapsible_panel) included, the header not. Long prompts are packed into
 * several cards that each stay under both limits.
 */
import type { CardJson, El } from './card-json.js';

export const MAX_CARD_BYTES = 30 * 1024;
export const MAX_COMPONENTS = 200;
/**
 * Head-room for what may grow after measuring (a progress note in the subtitle); callers measure
 * with the widest numbering and date already.
 */
const BYTE_MARGIN = 512;

export function cardBytes(card: CardJson): number {
  return Buffer.byteLength(JSON.stringify(card), 'utf8');
}

export function countComponents(card: CardJson): number {
  const count = (items: unknown[]): number =>
    items.reduce<number>((n, item) => {
      const el = item as El;
      const kids = el.tag === 'column_set' ? el['columns'] : el['elements'];
      return n + 1 + (Array.isArray(kids) ? count(kids) : 0);
    }, 0);
  return count(card.body.elements);
}

export function fitsOneCard(card: CardJson): boolean {
  return cardBytes(card) <= MAX_CARD_BYTES - BYTE_MARGIN && countComponents(card) <= MAX_COMPONENTS;
}

/**
 * Splits `items` (kept in order) into as few chunks as `fits` allows, then evens the chunk sizes
 * out when the even split fits too (13 devices → 4+3+3+3 rather than 5+5+3). An item too big for
 * a card on its own gets a card of its own.
 */
export function packInOrder<T>(items: readonly T[], fits: (chunk: T[]) => boolean): T[][] {
  const greedy: T[][] = [];
  let chunk: T[] = [];
  for (const item of items) {
    if (chunk.length > 0 && !fits([...chunk, item])) {
      greedy.push(chunk);
      chunk = [];
    }
    chunk.push(item);
  }
  if (chunk.length > 0) greedy.push(chunk);
  if (greedy.length < 2) return greedy;
  const even = evenChunks(items, greedy.length);
  return even.every(fits) ? even : greedy;
}

function evenChunks<T>(items: readonly T[], n: number): T[][] {
  const base = Math.floor(items.length / n);
  const extra = items.length % n;
  const out: T[][] = [];
  let at = 0;
  for (let i = 0; i < n; i++) {
    const size = base + (i < extra ? 1 : 0);
    out.push(items.slice(at, at + size));
    at += size;
  }
  return out;
}
