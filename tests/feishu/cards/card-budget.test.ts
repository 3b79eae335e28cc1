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
