/** The weekly and monthly cards: numbers, chart, open hazards, forms and what their submits give. */
import { describe, expect, it } from 'vitest';
import { type CardJson, monthlyMinutesInput, renderCards } from '../../../src/adapters/feishu/cards/index.js';
import { monthlyMinutesSchema, weeklyReportSchema } from '../../../src/domain/answers/period-reports.js';
import type { Payload } from '../../../src/domain/engine/payloads.js';
import { assertValid, click, elementsOf, named, textOf } from './card-helpers.js';
import { ctx, hazards, people, stats } from './fixtures.js';

const weekly: Payload = {
  type: 'weekly_review',
  unitName: '示范医院',
  period: '2026-W49',
  dueAt: '2026-12-04T10:00:00Z',
  categories: ['elevator'],
  stats,
  openHazards: hazards,
};
const monthly: Payload = {
  type: 'monthly_dispatch',
  unitName: '示范医院',
  period: '2026-12',
  dueAt: '2026-12-28T10:00:00Z',
  stats,
};
const one = (p: Payload, c = ctx): CardJson => {
  const cards = renderCards(p, c);
  expect(cards).toHaveLength(1);
  assertValid(cards[0]!);
  return cards[0]!;
};

describe('weekly review card', () => {
  const card = one(weekly);

  it('names the numbers by their week and the instant they were counted, never 本周', () => {
    const text = textOf(one({ ...weekly, statsAsOf: '2026-12-03T01:00:00Z' } as Payload));
    expect(text).toContain("**2026-W49 数据**<font color='grey'>（截至 12月3日 09:00）</font>");
    expect(text).not.toContain('本周数据');
    const findings = named(one({ ...weekly, statsAsOf: '2026-12-03T01:00:00Z' } as Payload), 'findings') as {
      default_value?: string;
    };
    expect(findings.default_value).toMatch(/^2026-W49（截至 12月3日 09:00）日管控应检 60 台次/);
  });

  it('shows the week in a table and a bar chart', () => {
    const text = textOf(card);
    expect(text).toContain('| 日管控 | 应检 60 · 已检 58（97%） · 零风险 55 · 逾期 1 · 缺检 2 |');
    expect(text).toContain('| 隐患 | 新发现 3 · 已闭环 2 · 未闭环 1 · 超期 0 |');
    const chart = elementsOf(card).find((el) => el['tag'] === 'chart') as {
      chart_spec: { type: string; data: { values: { k: string; n: number }[] } };
    };
    expect(chart.chart_spec.type).toBe('bar');
    expect(chart.chart_spec.data.values.map((v) => `${v.k}${v.n}`)).toEqual([
      '应检60',
      '已检58',
      '零风险55',
      '缺检2',
      '新隐患3',
      '已闭环2',
      '未闭环1',
    ]);
  });

  it('lists open hazards, the major one first, user text defused', () => {
    const text = textOf(card);
    expect(text).toContain('**未闭环隐患（2）**');
    expect(text.indexOf('重大')).toBeLessThan(text.indexOf('一般'));
    expect(text).toContain('1号楼2号设备：安全阀铅封损坏 <at id=all></at> · 李四 · 期限 12月2日 18:00');
    const raw = elementsOf(card)
      .map((el) => String(el['content'] ?? ''))
      .join('\n');
    expect(raw).toContain('安全阀铅封损坏 &#60;at id&#61;all&#62;&#60;&#47;at&#62;');
    expect(raw).not.toContain('<at');
  });

  it('needs the evaluation and next week’s focus, then submits {a:weekly_submit, k} with the report fields', () => {
    expect(click(card, 'weekly_submit')).toMatchObject({
      failure: 'required_missing',
      missing: ['evaluation', 'nextWeekFocus'],
    });
    const r = click(card, 'weekly_submit', { evaluation: '总体受控', nextWeekFocus: '锅炉房巡查' });
    if (!('action' in r)) throw new Error(r.detail);
    const action = r.action as { value: unknown; form_value: Record<string, string> };
    expect(action.value).toEqual({ a: 'weekly_submit', k: ctx.taskKey });
    expect(weeklyReportSchema.parse(action.form_value)).toMatchObject({
      evaluation: '总体受控',
      findings: expect.stringContaining('新发现隐患 3 项'),
    });
  });

  it('says when the numbers are missing, and refuses to render without a task key', () => {
    const bare: Payload = {
      type: 'weekly_review',
      unitName: '示范医院',
      period: '2026-W49',
      dueAt: '2026-12-04T10:00:00Z',
      categories: [],
    };
    expect(textOf(one(bare))).toContain('2026-W49 数据暂未汇总。');
    expect(() => renderCards(bare, { timeZone: ctx.timeZone, now: ctx.now })).toThrow(/ctx\.taskKey/);
    const own = renderCards({ ...bare, taskKey: 'task:own' }, ctx)[0]!;
    expect(click(own, 'weekly_submit', { evaluation: '好', nextWeekFocus: '巡查' })).toMatchObject({
      action: { value: { a: 'weekly_submit', k: 'task:own' } },
    });
  });
});

describe('monthly dispatch card', () => {
  const card = one(monthly, { ...ctx, people });

  it('shows the month’s numbers', () => {
    expect(textOf(card)).toContain('| 项目 | 2026-12 |');
    expect(elementsOf(card).some((el) => el['tag'] === 'chart')).toBe(true);
  });

  it('offers ctx.people as resolution owners (value = person id) and a date picker per resolution', () => {
    for (const i of [1, 2, 3]) {
      const owner = named(card, `r${i}_owner`) as {
        tag: string;
        options: { text: { content: string }; value: string }[];
      };
      expect(owner.tag).toBe('select_static');
      expect(owner.options.map((o) => [o.value, o.text.content])).toEqual(people.map((x) => [x.id, x.name]));
      expect(named(card, `r${i}_deadline`)?.['tag']).toBe('date_picker');
    }
    expect(named(one(monthly), 'r1_owner')?.['tag']).toBe('input');
  });

  it('submits the minutes; the required fields are enforced by the client', () => {
    expect(click(card, 'monthly_submit')).toMatchObject({
      failure: 'required_missing',
      missing: ['meetingTime', 'location', 'attendees', 'nextMonthFocus'],
    });
    const r = click(card, 'monthly_submit', {
      meetingTime: '12月28日 15:00',
      location: '三楼会议室',
      attendees: '王总、李总监、张三',
      nextMonthFocus: '节前检查',
      r1_content: '完成电梯应急演练',
      r1_owner: 'p-li',
      r1_deadline: '2027-01-15 +0800',
    });
    if (!('action' in r)) throw new Error(r.detail);
    const action = r.action as { value: unknown; form_value: Record<string, string> };
    expect(action.value).toEqual({ a: 'monthly_submit', k: ctx.taskKey });
    const minutes = monthlyMinutesSchema.parse(monthlyMinutesInput(action.form_value));
    expect(minutes.resolutions).toEqual([{ content: '完成电梯应急演练', owner: 'p-li', deadline: '2027-01-15' }]);
  });

  it(
    'stays one valid card with 80 people: ' + 'the owner is then typed, as three lists of 80 would pass 200 elements',
    () => {
      const many = Array.from({ length: 80 }, (_, i) => ({
        id: `person-${String(i).padStart(4, '0')}-xxxxxxxx`,
        name: `员工${i}号`,
      }));
      const card = one({ ...monthly, openHazards: hazards }, { ...ctx, people: many });
      expect(named(card, 'r1_owner')?.['tag']).toBe('input');
      expect(
        named(one({ ...monthly, openHazards: hazards }, { ...ctx, people: many.slice(0, 20) }), 'r1_owner')?.['tag'],
      ).toBe('select_static');
    },
  );
});
