/** The adapter's card budget: packing in order, and the byte net that shortens what still does not fit. */
import { describe, expect, it } from 'vitest';
import {
  fitCard,
  MAX_REQUEST_BYTES,
  packInOrder,
  requestBytes,
} from '../../../src/adapters/feishu/cards/card-budget.js';
import { assembleCard, clip, colored, md, mdText } from '../../../src/adapters/feishu/cards/card-json.js';
import { assertValid } from './card-helpers.js';

describe('packInOrder', () => {
  it('keeps the order, fills greedily, then evens the chunks when the even split fits too', () => {
    const fits = (chunk: number[]) => chunk.length <= 5; // greedy 5+5+3 → 5+4+4
    expect(
      packInOrder(
        Array.from({ length: 13 }, (_, i) => i),
        fits,
      ).map((c) => c.length),
    ).toEqual([5, 4, 4]);
    expect(packInOrder([1, 2, 3], fits)).toEqual([[1, 2, 3]]);
    expect(packInOrder([], fits)).toEqual([]);
  });

  it(
    'packs as item-by-item greedy filling would, measuring a prompt that fits once and a long one a few ' +
      'times per card',
    () => {
      // The reference: add items one at a time while the chunk fits (then even out, as packInOrder does).
      const oneByOne = (items: number[], fits: (c: number[]) => boolean) => {
        const out: number[][] = [];
        let chunk: number[] = [];
        for (const it of items) {
          if (chunk.length && !fits([...chunk, it])) {
            out.push(chunk);
            chunk = [];
          }
          chunk.push(it);
        }
        if (chunk.length) out.push(chunk);
        return out;
      };
      let seed = 7;
      const random = () => {
        seed = (seed * 48271) % 2147483647;
        return seed / 2147483647;
      };
      for (let round = 0; round < 200; round++) {
        const items = Array.from({ length: Math.floor(random() * 80) }, () => 1 + Math.floor(random() * 12));
        const budget = 5 + Math.floor(random() * 60);
        const fits = (c: number[]) => c.reduce((a, b) => a + b, 0) <= budget;
        const packed = packInOrder(items, fits);
        const greedy = oneByOne(items, fits);
        expect(packed.length).toBe(greedy.length);
        expect(packed.flat()).toEqual(items);
        if (packed.length > 1 && packed.some((c, i) => c.length !== greedy[i]!.length))
          expect(packed.every(fits)).toBe(true); // evened out
      }
      let calls = 0;
      const counted = (c: number[]) => {
        calls += 1;
        return c.length <= 27;
      };
      expect(
        packInOrder(
          Array.from({ length: 27 }, (_, i) => i),
          counted,
        ),
      ).toHaveLength(1);
      expect(calls).toBe(1);
      calls = 0;
      expect(
        packInOrder(
          Array.from({ length: 200 }, (_, i) => i),
          counted,
        ),
      ).toHaveLength(8);
      expect(calls).toBeLessThan(8 * 12); // one by one: 200 + 8
    },
  );

  it('gives an item too big for any card a card of its own', () => {
    expect(packInOrder([1, 9, 1], (chunk) => chunk.reduce((a, b) => a + b, 0) <= 5)).toEqual([[1], [9], [1]]);
  });
});

describe('clip and fitCard: no card is refused for its text', () => {
  it('clip cuts long user text and says where the whole of it is', () => {
    expect(clip('短', '隐患 12')).toBe('短');
    expect(clip('长'.repeat(1001), '隐患 12')).toBe(`${'长'.repeat(1000)}…（全文见 隐患 12）`);
  });

  it('fitCard shortens the longest text until the request fits, never inside an entity, font tags closed', () => {
    const huge = colored('orange', mdText('#"<'.repeat(20_000)));
    const card = assembleCard({
      title: '通知',
      template: 'blue',
      summary: '通知',
      info: [md('短的一段'), md(huge)],
      actions: [],
    });
    expect(requestBytes(card)).toBeGreaterThan(MAX_REQUEST_BYTES);
    const fitted = fitCard(card);
    expect(requestBytes(fitted)).toBeLessThanOrEqual(MAX_REQUEST_BYTES);
    const text = String(fitted.body.elements[1]!['content']);
    expect(text).toMatch(/(&#\d+;)…<\/font>$/);
    expect(fitted.body.elements[0]).toEqual(md('短的一段'));
    assertValid(fitted);
    expect(fitCard(fitted)).toBe(fitted);
  });
});
