/**
 * The daily card measured for officers with 3, 12, 27 and 60 devices on the largest default
 * checklist (锅炉, 14 daily items), with long task keys and long device names: elements (every
 * object with a tag) and request bytes of every card as sent and of every device's opened form,
 * cards per officer, and taps for a clean day and for a day with one 异常. Taps are counted as a
 * person makes them: a button 1, a select 2 (open, choose), a text field 1 (then typing).
 */
import { describe, expect, it } from 'vitest';
import {
  countElements,
  MAX_ELEMENTS,
  MAX_REQUEST_BYTES,
  requestBytes,
} from '../../../src/adapters/feishu/cards/card-budget.js';
import {
  type CardJson,
  renderCards,
  renderDailyCard,
  splitDailyPayload,
} from '../../../src/adapters/feishu/cards/index.js';
import { assertValid, click, elementsOf } from './card-helpers.js';
import { ctx, daily, device } from './fixtures.js';

const boilers = (n: number) =>
  daily(
    0,
    Array.from({ length: n }, (_, i) =>
      device(i + 1, {
        category: 'boiler',
        items: device(1).items,
        name: `${i + 1}号楼地下锅炉房${i + 1}号燃气热水锅炉（备用）`,
      }),
    ),
  );

describe('the daily card, measured', () => {
  const rows: string[] = [];

  it.each([3, 12, 27, 60])('%i devices: every card and every opened form within Feishu’s limits', (n) => {
    const p = boilers(n);
    const cards = renderCards(p, ctx);
    const parts = splitDailyPayload(p);
    const opened: CardJson[] = parts.flatMap((part, i) =>
      part.devices.map((d) =>
        renderDailyCard(part, ctx, {}, parts.length > 1 ? { index: i + 1, of: parts.length } : undefined, {
          open: d.taskKey,
        }),
      ),
    );
    for (const c of [...cards, ...opened]) {
      assertValid(c);
      expect(countElements(c)).toBeLessThanOrEqual(MAX_ELEMENTS);
      expect(requestBytes(c)).toBeLessThanOrEqual(MAX_REQUEST_BYTES);
    }
    // A clean day: one tap per card (全部正常, or the device's own 零风险 when the card holds one).
    const cleanTaps = cards.length;
    for (const [i, c] of cards.entries()) {
      const r = click(c, parts[i]!.devices.length > 1 ? 'all_zero' : 'd1_zero');
      expect('action' in r).toBe(true);
    }
    // One 异常: open the device (1), choose its item in 异常项 (2), description (1), level (2),
    // measures (1), stop flag (2), 其余未选的项均正常 (2), submit (1); then 全部正常 on each card.
    const form = {
      d1_a1_item: '4',
      d1_a1_desc: '炉膛压力异常',
      d1_a1_level: 'serious',
      d1_a1_measures: '已停炉',
      d1_a1_stop: 'yes',
      d1_rest: 'normal',
    };
    const open = opened[0]!;
    const fields = elementsOf(open).filter(
      (el) => typeof el['name'] === 'string' && Object.keys(form).includes(el['name'] as string),
    );
    const fillTaps = fields.reduce((t, el) => t + (el['tag'] === 'select_static' ? 2 : 1), 0);
    expect('action' in click(open, 'd1_submit', form)).toBe(true);
    const abnormalTaps = 1 + fillTaps + 1 + (n > 1 ? cards.length : 0);
    const el = (cs: CardJson[]) => `${Math.min(...cs.map(countElements))}–${Math.max(...cs.map(countElements))}`;
    const kb = (cs: CardJson[]) => `${(Math.max(...cs.map(requestBytes)) / 1024).toFixed(1)} KB`;
    rows.push(
      `${n} devices: ${cards.length} card(s) (${parts.map((x) => x.devices.length).join('+')}), ` +
        `elements ${el(cards)}, body ≤ ${kb(cards)}; opened form elements ${el(opened)}, body ≤ ${kb(opened)}` +
        `; taps: clean day ${cleanTaps}, one 异常 ${abnormalTaps}`,
    );
    expect(cleanTaps).toBe(cards.length);
    expect(abnormalTaps).toBeLessThanOrEqual(13 + cards.length);
  });

  it('prints the table', () => {
    process.stdout.write(`\n${rows.join('\n')}\n`);
    expect(rows).toHaveLength(4);
  });
});
