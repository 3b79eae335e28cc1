/**
 * Property: no daily answer is recorded as more favourable than what the person entered (issue 11).
 * Random device forms — any mix of item selects (absent, 正常, 异常, 不适用, garbage), “其余未选的项均正常”,
 * 异常 blocks naming an item or not, per-item blocks, the shared fields of cards sent before, text
 * of any width and length — go through the same path a card submit takes (dailyAnswerFromForm,
 * then checkDeviceAnswer). Either the answer is refused, or what would be stored is, item by item,
 * at most as favourable as the least favourable reading of the input: 异常 < unanswered < 不适用 <
 * 正常; filled-in 异常 details always leave a 异常 item; the level, stop flag and text are those
 * entered, byte for byte; text beyond its limit is never stored.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dailyAnswerFromForm } from '../../src/app/handle-card-action.js';
import { checkDeviceAnswer, DAILY_TEXT_LIMITS } from '../../src/domain/answers/daily-answer.js';
import type { ItemView } from '../../src/domain/engine/payloads.js';
import { expectNoMoreFavourable, formArb, plausibleForm } from '../helpers/daily-forms.js';

const N = 6;
const ITEMS: ItemView[] = Array.from({ length: N }, (_, i) => ({
  seq: i + 1,
  group: '设备',
  content: `检查项${i + 1}`,
  standard: `标准${i + 1}`,
  required: i % 2 === 0,
}));

describe('daily answers are never recorded more favourably than entered', () => {
  it('holds for any form', () => {
    fc.assert(
      fc.property(fc.oneof(formArb(N), plausibleForm(N)), (f) => {
        const r = checkDeviceAnswer('测试设备', ITEMS, dailyAnswerFromForm('task:k', f));
        if (!r.ok) {
          expect(r.problems.length).toBeGreaterThan(0);
          return;
        }
        expectNoMoreFavourable(
          f,
          ITEMS.map((it) => it.seq),
          r.items,
          DAILY_TEXT_LIMITS,
          expect,
        );
      }),
      { numRuns: 3000 },
    );
  });

  it('refuses the observed case: a serious finding filled in with every item left 正常', () => {
    const f = {
      ...Object.fromEntries(ITEMS.map((it) => [`i${it.seq}`, 'normal'])),
      desc: '轿门异响',
      level: 'serious',
      measures: '已停梯',
      stop: 'yes',
    };
    const r = checkDeviceAnswer('1号楼1号客梯', ITEMS, dailyAnswerFromForm('task:k', f));
    expect(r).toEqual({
      ok: false,
      problems: [
        '1号楼1号客梯：填写了问题描述、隐患等级、已采取的措施、是否停止使用，但没有选择是哪一项异常：请在“异常项”中选择对应的检查项（或清空这些内容）',
      ],
    });
  });

  it('refuses text beyond its limit with the limit, never cutting it', () => {
    const f = {
      rest: 'normal',
      a1_item: '2',
      a1_desc: '异'.repeat(5000),
      a1_level: 'general',
      a1_measures: '已处理',
      a1_stop: 'no',
    };
    const r = checkDeviceAnswer('1号楼1号客梯', ITEMS, dailyAnswerFromForm('task:k', f));
    expect(r).toEqual({
      ok: false,
      problems: ['1号楼1号客梯第 2 项的问题描述有 5000 字，最多 500 字：请精简后再提交（详细情况可在整改时补充）'],
    });
  });
});
