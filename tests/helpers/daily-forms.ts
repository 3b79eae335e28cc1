/**
 * Random daily device forms (as the adapter hands them over, prefixes stripped) and the least
 * favourable reading of each, for the property that no daily answer is recorded more favourably
 * than entered (tests/unit/daily-answer-fidelity.test.ts, tests/app/daily-fidelity-stored.test.ts).
 */
import fc from 'fast-check';
import type { ItemResult } from '../../src/domain/answers/daily-answer.js';

export const rank = (r: ItemResult | 'unanswered'): number => ({ abnormal: 0, unanswered: 1, na: 2, normal: 3 })[r];

export const text = fc.oneof(
  fc.constant(''),
  fc.constant('   '),
  fc.string({ maxLength: 20 }),
  fc.constantFrom('轿门关闭时有异响', '２号燃烧器　点火失败（ＡＢＣ）！', ' 漏油 ', '# 标题\n- 列表'),
  fc.integer({ min: 490, max: 620 }).map((n) => '异'.repeat(n)),
);
const detailFields = fc.record(
  {
    desc: text,
    level: fc.constantFrom('general', 'serious', 'major', 'huge', ''),
    measures: text,
    stop: fc.constantFrom('yes', 'no', 'maybe', ''),
  },
  { requiredKeys: [] },
);
const seqText = (N: number) =>
  fc.oneof(fc.integer({ min: 1, max: N + 1 }).map(String), fc.constantFrom('', 'x', '0', '-1', '2.5'));

/** A form as the adapter hands it over (prefix stripped). */
export const formArb = (N: number) =>
  fc
    .record({
      selects: fc.array(fc.option(fc.constantFrom('normal', 'abnormal', 'na', 'bogus'), { nil: undefined }), {
        minLength: N,
        maxLength: N,
      }),
      rest: fc.option(fc.constantFrom('normal', 'no'), { nil: undefined }),
      a1: fc.option(fc.record({ item: fc.option(seqText(N), { nil: undefined }), fields: detailFields }), {
        nil: undefined,
      }),
      xs: fc.array(fc.record({ seq: fc.integer({ min: 1, max: N + 1 }), fields: detailFields }), { maxLength: 3 }),
      shared: fc.option(detailFields, { nil: undefined }),
    })
    .map((g) => {
      const f: Record<string, string> = {};
      g.selects.forEach((v, i) => {
        if (v !== undefined) f[`i${i + 1}`] = v;
      });
      if (g.rest) f['rest'] = g.rest;
      const put = (prefix: string, d: Record<string, string>) =>
        Object.entries(d).forEach(([k, v]) => {
          f[`${prefix}${k}`] = v;
        });
      if (g.a1) {
        if (g.a1.item !== undefined) f['a1_item'] = g.a1.item;
        put('a1_', g.a1.fields);
      }
      for (const x of g.xs) put(`x${x.seq}_`, x.fields);
      if (g.shared) put('', g.shared);
      return f;
    });

export const filled = (v: string | undefined) => v !== undefined && v.trim() !== '';
export const anyDetail = (f: Record<string, string>, prefix: string) =>
  filled(f[`${prefix}desc`]) ||
  filled(f[`${prefix}measures`]) ||
  ['general', 'serious', 'major'].includes(f[`${prefix}level`] ?? '') ||
  ['yes', 'no'].includes(f[`${prefix}stop`] ?? '');

/** The least favourable reading of the input, item by item. */
export function intended(f: Record<string, string>, seq: number): ItemResult | 'unanswered' {
  const named = f['a1_item'] === String(seq) || anyDetail(f, `x${seq}_`);
  const own = f[`i${seq}`];
  if (own === 'abnormal' || named) return 'abnormal';
  if (own === 'normal' || own === 'na') return own;
  return f['rest'] === 'normal' ? 'normal' : 'unanswered';
}

/** A form a careful person would send: 其余均正常, one or two items named 异常 with all their details. */
export const plausibleForm = (N: number) =>
  fc
    .record({
      seqs: fc.uniqueArray(fc.integer({ min: 1, max: N }), { minLength: 0, maxLength: 2 }),
      level: fc.constantFrom('general', 'serious', 'major'),
      stop: fc.constantFrom('yes', 'no'),
      desc: fc.constantFrom(
        '轿门关闭时有异响',
        '２号燃烧器　点火失败（ＡＢＣ）！',
        ' 漏油 ',
        '<at id=all></at> *粗体*',
      ),
      na: fc.option(fc.integer({ min: 1, max: N }), { nil: undefined }),
    })
    .map((g) => {
      const f: Record<string, string> = { rest: 'normal' };
      if (g.na !== undefined && !g.seqs.includes(g.na)) f[`i${g.na}`] = 'na';
      g.seqs.forEach((seq, j) => {
        Object.assign(
          f,
          j === 0
            ? {
                a1_item: String(seq),
                a1_desc: g.desc,
                a1_level: g.level,
                a1_measures: '已停用并通知维保',
                a1_stop: g.stop,
              }
            : {
                [`i${seq}`]: 'abnormal',
                [`x${seq}_desc`]: g.desc,
                [`x${seq}_level`]: g.level,
                [`x${seq}_measures`]: '已处理',
                [`x${seq}_stop`]: g.stop,
              },
        );
      });
      return f;
    });

interface StoredItem {
  seq: number;
  result: ItemResult;
  description?: string;
  level?: string;
  measures?: string;
  stoppedUse?: boolean;
}

/** Throws (through expect) when what is stored is more favourable than, or differs from, what `f` entered. */
export function expectNoMoreFavourable(
  f: Record<string, string>,
  seqs: readonly number[],
  stored: readonly StoredItem[],
  limits: { description: number; measures: number },
  expect: (
    v: unknown,
    m?: string,
  ) => { toBeDefined(): void; toBe(v: unknown): void; toBeLessThanOrEqual(v: number): void },
): void {
  const bySeq = new Map(stored.map((i) => [i.seq, i]));
  for (const seq of seqs) {
    const s = bySeq.get(seq);
    expect(s, `item ${seq} must be answered to be stored`).toBeDefined();
    expect(rank(s!.result)).toBeLessThanOrEqual(rank(intended(f, seq)));
  }
  const detailsGiven =
    anyDetail(f, 'a1_') ||
    anyDetail(f, '') ||
    Object.keys(f).some((k) => /^x\d+_/.test(k) && anyDetail(f, `${k.split('_')[0]}_`));
  if (detailsGiven) expect(stored.some((i) => i.result === 'abnormal')).toBe(true);
  for (const i of stored.filter((x) => x.result === 'abnormal')) {
    const block = f['a1_item'] === String(i.seq) ? 'a1_' : anyDetail(f, `x${i.seq}_`) ? `x${i.seq}_` : '';
    expect(i.description).toBe(f[`${block}desc`]);
    expect(i.measures).toBe(f[`${block}measures`]);
    expect(i.level).toBe(f[`${block}level`]);
    expect(i.stoppedUse).toBe(f[`${block}stop`] === 'yes');
    expect([...i.description!].length).toBeLessThanOrEqual(limits.description);
    expect([...i.measures!].length).toBeLessThanOrEqual(limits.measures);
  }
}
