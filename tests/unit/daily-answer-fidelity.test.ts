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
import { checkDeviceAnswer, DAILY_TEXT_LIMITS, type ItemResult } from '../../src/domain/answers/daily-answer.js';
import type { ItemView } from '../../src/domain/engine/payloads.js';

const N = 6;
const ITEMS: ItemView[] = Array.from({ length: N }, (_, i) => ({ seq: i + 1, group: '设备', content: `检查项${i + 1}`, standard: `标准${i + 1}`, required: i % 2 === 0 }));

const rank = (r: ItemResult | 'unanswered'): number => ({ abnormal: 0, unanswered: 1, na: 2, normal: 3 })[r];

const text = fc.oneof(
  fc.constant(''),
  fc.constant('   '),
  fc.string({ maxLength: 20 }),
  fc.constantFrom('轿门关闭时有异响', '２号燃烧器　点火失败（ＡＢＣ）！', ' 漏油 ', '# 标题\n- 列表'),
  fc.integer({ min: 490, max: 620 }).map((n) => '异'.repeat(n)),
);
const detailFields = fc.record(
  { desc: text, level: fc.constantFrom('general', 'serious', 'major', 'huge', ''), measures: text, stop: fc.constantFrom('yes', 'no', 'maybe', '') },
  { requiredKeys: [] },
);
const seqText = fc.oneof(fc.integer({ min: 1, max: N + 1 }).map(String), fc.constantFrom('', 'x', '0', '-1', '2.5'));

/** A form as the adapter hands it over (prefix stripped). */
const formArb = fc
  .record({
    selects: fc.array(fc.option(fc.constantFrom('normal', 'abnormal', 'na', 'bogus'), { nil: undefined }), { minLength: N, maxLength: N }),
    rest: fc.option(fc.constantFrom('normal', 'no'), { nil: undefined }),
    a1: fc.option(fc.record({ item: fc.option(seqText, { nil: undefined }), fields: detailFields }), { nil: undefined }),
    xs: fc.array(fc.record({ seq: fc.integer({ min: 1, max: N + 1 }), fields: detailFields }), { maxLength: 3 }),
    shared: fc.option(detailFields, { nil: undefined }),
  })
  .map((g) => {
    const f: Record<string, string> = {};
    g.selects.forEach((v, i) => v !== undefined && (f[`i${i + 1}`] = v));
    if (g.rest) f['rest'] = g.rest;
    const put = (prefix: string, d: Record<string, string>) => Object.entries(d).forEach(([k, v]) => (f[`${prefix}${k}`] = v));
    if (g.a1) {
      if (g.a1.item !== undefined) f['a1_item'] = g.a1.item;
      put('a1_', g.a1.fields);
    }
    for (const x of g.xs) put(`x${x.seq}_`, x.fields);
    if (g.shared) put('', g.shared);
    return f;
  });

const filled = (v: string | undefined) => v !== undefined && v.trim() !== '';
const anyDetail = (f: Record<string, string>, prefix: string) =>
  filled(f[`${prefix}desc`]) || filled(f[`${prefix}measures`]) || ['general', 'serious', 'major'].includes(f[`${prefix}level`] ?? '') || ['yes', 'no'].includes(f[`${prefix}stop`] ?? '');

/** The least favourable reading of the input, item by item. */
function intended(f: Record<string, string>, seq: number): ItemResult | 'unanswered' {
  const named = f['a1_item'] === String(seq) || anyDetail(f, `x${seq}_`);
  const own = f[`i${seq}`];
  if (own === 'abnormal' || named) return 'abnormal';
  if (own === 'normal' || own === 'na') return own;
  return f['rest'] === 'normal' ? 'normal' : 'unanswered';
}

describe('daily answers are never recorded more favourably than entered', () => {
  it('holds for any form', () => {
    fc.assert(
      fc.property(formArb, (f) => {
        const r = checkDeviceAnswer('测试设备', ITEMS, dailyAnswerFromForm('task:k', f));
        if (!r.ok) {
          expect(r.problems.length).toBeGreaterThan(0);
          return;
        }
        const stored = new Map(r.items.map((i) => [i.seq, i]));
        for (const it of ITEMS) {
          const s = stored.get(it.seq);
          expect(s, `item ${it.seq} must be answered to be stored`).toBeDefined();
          expect(rank(s!.result)).toBeLessThanOrEqual(rank(intended(f, it.seq)));
        }
        // 异常 details filled in anywhere leave at least one 异常 item.
        const detailsGiven = anyDetail(f, 'a1_') || anyDetail(f, '') || Object.keys(f).some((k) => /^x\d+_/.test(k) && anyDetail(f, `${k.split('_')[0]}_`));
        if (detailsGiven) expect(r.items.some((i) => i.result === 'abnormal')).toBe(true);
        for (const i of r.items.filter((x) => x.result === 'abnormal')) {
          const block = f['a1_item'] === String(i.seq) ? 'a1_' : anyDetail(f, `x${i.seq}_`) ? `x${i.seq}_` : '';
          // stored exactly as entered: text byte for byte, the level and stop flag unchanged
          expect(i.description).toBe(f[`${block}desc`]);
          expect(i.measures).toBe(f[`${block}measures`]);
          expect(i.level).toBe(f[`${block}level`]);
          expect(i.stoppedUse).toBe(f[`${block}stop`] === 'yes');
          expect([...i.description!].length).toBeLessThanOrEqual(DAILY_TEXT_LIMITS.description);
          expect([...i.measures!].length).toBeLessThanOrEqual(DAILY_TEXT_LIMITS.measures);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('refuses the observed case: a serious finding filled in with every item left 正常', () => {
    const f = { ...Object.fromEntries(ITEMS.map((it) => [`i${it.seq}`, 'normal'])), desc: '轿门异响', level: 'serious', measures: '已停梯', stop: 'yes' };
    const r = checkDeviceAnswer('1号楼1号客梯', ITEMS, dailyAnswerFromForm('task:k', f));
    expect(r).toEqual({ ok: false, problems: ['1号楼1号客梯：填写了问题描述、隐患等级、已采取的措施、是否停止使用，但没有选择是哪一项异常：请在“异常项”中选择对应的检查项（或清空这些内容）'] });
  });

  it('refuses text beyond its limit with the limit, never cutting it', () => {
    const f = { rest: 'normal', a1_item: '2', a1_desc: '异'.repeat(5000), a1_level: 'general', a1_measures: '已处理', a1_stop: 'no' };
    const r = checkDeviceAnswer('1号楼1号客梯', ITEMS, dailyAnswerFromForm('task:k', f));
    expect(r).toEqual({ ok: false, problems: ['1号楼1号客梯第 2 项的问题描述有 5000 字，最多 500 字：请精简后再提交（详细情况可在整改时补充）'] });
  });
});
