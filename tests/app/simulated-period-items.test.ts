/**
 * `safeduty simulate` scripts the 清单's weekly and monthly items (docs/simulation.md): the items a
 * script names are recorded 异常 / 不适用 (by number or content), the others 正常, with 维保监督; an
 * item the task does not ask is refused with what is wrong, nothing recorded.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runTick } from '../../src/app/run-tick.js';
import { act } from '../../src/app/simulation/act.js';
import { scriptSchema } from '../../src/app/simulation/script.js';
import { demoEngine, type TestEngine } from '../helpers/engine.js';

let e: TestEngine;
beforeAll(async () => {
  e = await demoEngine({ start: '2026-12-21T01:00:00Z' });
  await runTick(e);
});
afterAll(async () => e?.close());

const action = (a: Record<string, unknown>) =>
  scriptSchema.parse({ answers: [{ when: '2026-12-21 10:00', who: '李明', ...a }] }).answers![0]!;

describe('scripted weekly items', () => {
  it('refuses an item the week does not ask, naming it', async () => {
    const who = (await e.store.findPeople('李明'))[0]!;
    const r = await act(
      e,
      who,
      action({ do: 'weekly', items: [{ category: '电梯', item: '不存在的项目', result: 'na', note: '—' }] }),
    );
    expect(r.outcome).toMatchObject({ ok: false, message: '本次周排查没有电梯清单项“不存在的项目”' });
    expect(await e.store.db.record.count({ where: { kind: 'weekly_report' } })).toBe(0);
  });

  it('records the named items as scripted, the others 正常, and 维保监督', async () => {
    const who = (await e.store.findPeople('李明'))[0]!;
    const r = await act(
      e,
      who,
      action({
        do: 'weekly',
        items: [
          { category: '电梯', item: 13, result: 'abnormal', level: 'serious', note: '维保记录缺签字' },
          { category: 'boiler', item: '停用锅炉保养与防护', result: 'na', note: '锅炉在用' },
        ],
        maintenance: { mode: 'full', company: '津城电梯维保有限公司', date: '2026-12-20', note: '符合要求' },
      }),
    );
    expect(r.outcome).toMatchObject({ ok: true });
    const rec = await e.store.db.record.findFirstOrThrow({ where: { kind: 'weekly_report' } });
    const p = rec.payload as {
      items: { category: string; seq: number; result: string; level?: string; note?: string; hazardId?: string }[];
      maintenance: unknown;
    };
    expect(p.items.find((i) => i.category === 'elevator' && i.seq === 13)).toMatchObject({
      result: 'abnormal',
      level: 'serious',
      note: '维保记录缺签字',
      hazardId: expect.any(String),
    });
    expect(p.items.find((i) => i.category === 'boiler' && i.seq === 20)).toMatchObject({
      result: 'na',
      note: '锅炉在用',
    });
    expect(p.items.filter((i) => i.result === 'normal')).toHaveLength(p.items.length - 2);
    expect(p.maintenance).toEqual({
      mode: 'full',
      company: '津城电梯维保有限公司',
      date: '2026-12-20',
      note: '符合要求',
    });
  });
});
