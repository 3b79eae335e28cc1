/**
 * The 清单's weekly (周排查) and monthly (月调度) items, answered on the prompts as a person fills in
 * the form (neutral field names through handleCardAction, as every channel delivers them): each
 * item 正常/异常/不适用, an 异常 opening a hazard (source 周排查 / 月调度), 不适用 needing its reason,
 * 维保监督 for elevators, everything recorded item by item with the 清单 version. The Telegram dialog's
 * “其余各项均正常” and conditional questions, pure.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerDialog, type DialogTurn } from '../../src/app/dialogs/dialog.js';
import { dialogForAction } from '../../src/app/dialogs/prompt-actions.js';
import { dispatchOutbox } from '../../src/app/dispatch-outbox.js';
import { handleCardAction } from '../../src/app/handle-card-action.js';
import type { PromptView } from '../../src/app/prompts/prompt-view.js';
import { viewOf } from '../../src/app/prompts/views.js';
import { runTick } from '../../src/app/run-tick.js';
import type { Payload } from '../../src/domain/engine/payloads.js';
import { demoEngine, type TestEngine } from '../helpers/engine.js';

const UNIT = 'wanjia-property';
let e: TestEngine;
let director = '';
let principal = '';
let unitId = '';

const step = async (iso: string) => {
  e.clock.set(iso);
  await runTick(e);
  await dispatchOutbox(e);
};
const promptOf = (name: string, type: string): Payload => {
  const s = e.messenger.to(name).find((x) => x.message.purpose === 'prompt' && x.message.payload.type === type);
  if (!s) throw new Error(`no ${type} for ${name}`);
  return s.message.payload;
};
const viewFor = (p: Payload): PromptView =>
  viewOf(p, { timeZone: 'Asia/Shanghai', now: e.clock.now(), taskKey: (p as { taskKey?: string }).taskKey });
const weeklyKey = () => `task:${UNIT}:weekly:2026-W52:${director}`;
const monthlyKey = () => `task:${UNIT}:monthly:2026-12:${unitId}`;
const report = { evaluation: '总体受控', nextWeekFocus: '节日值班' };
const weekly = (form: Record<string, string>) =>
  handleCardAction(e, director, { a: 'weekly_submit', k: weeklyKey(), form: { ...report, ...form } });

beforeAll(async () => {
  // Monday 2026-12-21 08:30 local: W52's review opens at 09:00, December's dispatch on the 25th
  e = await demoEngine({ start: '2026-12-21T00:30:00Z' });
  unitId = (await e.store.db.unit.findUniqueOrThrow({ where: { key: UNIT } })).id;
  director = (await e.store.db.person.findFirstOrThrow({ where: { name: '李明' } })).id;
  principal = (await e.store.db.person.findFirstOrThrow({ where: { name: '王建国' } })).id;
});
afterAll(async () => e?.close());

describe('周排查: the weekly items of the 清单', () => {
  it('the weekly prompt asks each weekly item of the unit’s categories, with 维保监督 for its elevators', async () => {
    await step('2026-12-21T01:00:00Z');
    const p = promptOf('李明', 'weekly_review') as Extract<Payload, { type: 'weekly_review' }>;
    const items = p.checkItems ?? [];
    expect(new Set(items.map((i) => i.category))).toEqual(new Set(['elevator', 'boiler', 'field_vehicle']));
    expect(items.find((i) => i.content === '维保记录与质量监督')).toMatchObject({ category: 'elevator', seq: 13 });
    expect(items.find((i) => i.content === '停用电梯防护')).toMatchObject({ category: 'elevator', seq: 18 });
    expect(items.every((i) => i.version >= 1)).toBe(true);
    expect(p.maintenance).toBe(true);
    const ids = viewFor(p).forms[0]!.fields.map((f) => f.id);
    expect(ids).toEqual(expect.arrayContaining(['q_elevator_13', 'q_elevator_13_level', 'q_elevator_13_note']));
    expect(ids).toEqual(expect.arrayContaining(['q_rest', 'mt_mode', 'mt_company', 'mt_date', 'evaluation']));
  });

  it('refuses what is unanswered or half answered, naming the item and what to fill in; nothing recorded', async () => {
    const none = await weekly({ mt_mode: 'none' });
    expect(none).toMatchObject({ ok: false, reason: 'invalid' });
    expect(!none.ok && none.message).toMatch(/清单还有 \d+ 项未选择/);
    const half = await weekly({ q_rest: 'normal', q_elevator_13: 'abnormal', q_elevator_18: 'na', mt_mode: 'none' });
    expect(!half.ok && half.message).toContain('电梯 第 13 项“维保记录与质量监督”为“异常”：请填写隐患等级、问题说明');
    expect(!half.ok && half.message).toContain('电梯 第 18 项“停用电梯防护”为“不适用”：请在说明中写明原因');
    const noted = await weekly({ q_rest: 'normal', q_elevator_14_note: '有效期内', mt_mode: 'none' });
    expect(!noted.ok && noted.message).toContain('第 14 项“定期检验与限速器校验”填写了说明，但没有选择');
    const maintenance = await weekly({ q_rest: 'normal', mt_mode: 'sample' });
    expect(!maintenance.ok && maintenance.message).toContain('维保监督（抽样监督）：请填写维保单位、维保日期');
    expect(await e.store.db.record.count({ where: { kind: 'weekly_report' } })).toBe(0);
    expect(await e.store.db.hazard.count()).toBe(0);
  });

  it(
    'one item 异常 opens a hazard (周排查) through the daily path; ' +
      '不适用 keeps its reason; all recorded item by item',
    async () => {
      const r = await weekly({
        q_elevator_13: 'abnormal',
        q_elevator_13_level: 'serious',
        q_elevator_13_note: '2号楼消防电梯维保记录缺双方签字',
        q_elevator_18: 'na',
        q_elevator_18_note: '本单位无停用电梯',
        q_rest: 'normal',
        mt_mode: 'sample',
        mt_company: '津城电梯维保有限公司',
        mt_date: '2026-12-18',
        mt_note: '抽查1号楼两台，符合要求',
      });
      expect(r).toMatchObject({ ok: true, tone: 'warning' });
      expect(r.ok && r.value).toContain('清单 1 项异常（已登记隐患）');
      const rec = await e.store.db.record.findFirstOrThrow({ where: { kind: 'weekly_report' } });
      const payload = rec.payload as {
        items: {
          category: string;
          seq: number;
          version: number;
          result: string;
          level?: string;
          note?: string;
          hazardId?: string;
        }[];
        checklists: { category: string; version: number }[];
        maintenance: unknown;
        hazardIds: string[];
      };
      const p = promptOf('李明', 'weekly_review') as Extract<Payload, { type: 'weekly_review' }>;
      expect(payload.items).toHaveLength(p.checkItems!.length);
      expect(payload.checklists.map((c) => c.category).sort()).toEqual(['boiler', 'elevator', 'field_vehicle']);
      const byKey = new Map(payload.items.map((i) => [`${i.category}_${i.seq}`, i]));
      expect(byKey.get('elevator_13')).toMatchObject({ result: 'abnormal', level: 'serious', version: 1 });
      expect(byKey.get('elevator_18')).toMatchObject({ result: 'na', note: '本单位无停用电梯' });
      expect(byKey.get('boiler_15')).toMatchObject({ result: 'normal' });
      expect(payload.maintenance).toEqual({
        mode: 'sample',
        company: '津城电梯维保有限公司',
        date: '2026-12-18',
        note: '抽查1号楼两台，符合要求',
      });
      const hazard = await e.store.db.hazard.findUniqueOrThrow({ where: { id: byKey.get('elevator_13')!.hazardId! } });
      expect(payload.hazardIds).toEqual([hazard.id]);
      expect(hazard).toMatchObject({ level: 'serious', state: 'open', equipmentId: null, reporterId: director });
      expect(hazard.description).toBe('周排查 · 电梯 · 维保记录与质量监督：2号楼消防电梯维保记录缺双方签字');
      // a serious one: the director confirms it (研判) and the principal is told at once, as from a daily check
      const told = await e.store.db.message.findMany({ where: { key: { contains: hazard.id } } });
      expect(told.map((m) => m.personId).sort()).toEqual(expect.arrayContaining([director, principal]));
      expect(told.every((m) => m.urgent)).toBe(true);
    },
  );
});

describe('月调度: the monthly items of the 清单', () => {
  it('the principal’s prompt asks the monthly items; 全部正常 for the rest is recorded as such', async () => {
    await step('2026-12-25T01:00:00Z');
    const p = promptOf('王建国', 'monthly_dispatch') as Extract<Payload, { type: 'monthly_dispatch' }>;
    expect(p.checkItems?.map((i) => `${i.category}_${i.seq}`)).toEqual(
      expect.arrayContaining(['elevator_19', 'elevator_22']),
    );
    expect(p.maintenance).toBe(false);
    const r = await handleCardAction(e, principal, {
      a: 'monthly_submit',
      k: monthlyKey(),
      form: {
        meetingTime: '2026-12-25 15:00',
        location: '三楼会议室',
        attendees: '王建国、李明',
        nextMonthFocus: '春节保障',
        q_boiler_23: 'abnormal:general',
        q_boiler_23_note: '锅炉安全操作规程未随新设备更新',
        q_rest: 'normal',
      },
    });
    expect(r).toMatchObject({ ok: true, tone: 'warning' });
    const rec = await e.store.db.record.findFirstOrThrow({ where: { kind: 'monthly_minutes' } });
    const items = (rec.payload as { items: { category: string; seq: number; result: string; level?: string }[] }).items;
    expect(items).toHaveLength(p.checkItems!.length);
    expect(items.find((i) => i.category === 'boiler' && i.seq === 23)).toMatchObject({
      result: 'abnormal',
      level: 'general',
    });
    expect(items.filter((i) => i.result === 'normal')).toHaveLength(p.checkItems!.length - 1);
    const hazard = await e.store.db.hazard.findFirstOrThrow({ where: { description: { startsWith: '月调度' } } });
    expect(hazard).toMatchObject({ level: 'general', state: 'rectifying', assigneeId: principal });
  });
});

describe('the Telegram dialog of a weekly form', () => {
  const run = (turn: DialogTurn, answers: (string | { tap: string })[]): DialogTurn => {
    let t = turn;
    for (const a of answers) {
      if (t.type !== 'ask') throw new Error(`dialog ended before “${JSON.stringify(a)}”`);
      const index = typeof a === 'string' ? -1 : t.question.choices.findIndex((c) => c.label === a.tap);
      if (typeof a !== 'string' && index < 0)
        throw new Error(`no “${a.tap}” in ${t.question.choices.map((c) => c.label).join(' / ')}`);
      const input =
        typeof a === 'string'
          ? { type: 'text' as const, text: a }
          : { type: 'choice' as const, dialogId: t.state.id, step: t.state.step, index };
      t = answerDialog(t.state, input, '2026-12-21');
    }
    return t;
  };

  it('asks each item with 正常/异常/不适用, the level and note only for 异常, then 其余各项均正常 for the rest', () => {
    const view = viewFor(promptOf('李明', 'weekly_review'));
    const submit = view.forms[0]!.submits[0]!;
    const start = dialogForAction(view, submit, { dialogId: 'd1', messageId: 'm1', zone: 'Asia/Shanghai' })!;
    expect(start.type === 'ask' && start.question.choices.map((c) => c.label)).toEqual([
      '正常',
      '异常',
      '不适用',
      '其余各项均正常',
      '取消',
    ]);
    // categories in the 清单's order: the boiler's weekly items first
    expect(start.type === 'ask' && start.question.text).toContain('15. 安全阀手动排放试验');
    const end = run(start, [
      { tap: '异常' },
      { tap: '一般隐患' },
      '排放试验未记录',
      { tap: '正常' },
      { tap: '其余各项均正常' },
      { tap: '全过程监督' },
      '津城电梯维保有限公司',
      { tap: '今天' },
      { tap: '留空' }, // 监督情况
      { tap: '留空' }, // 参加人
      { tap: '留空' }, // 上周隐患整改核实情况
      { tap: '保持草稿' },
      '总体受控',
      '节日值班',
      { tap: '留空' },
      { tap: '提交' },
    ]);
    expect(end.type).toBe('submit');
    const form = end.type === 'submit' ? end.form : {};
    expect(form).toMatchObject({
      q_boiler_15: 'abnormal',
      q_boiler_15_level: 'general',
      q_boiler_15_note: '排放试验未记录',
      q_boiler_16: 'normal',
      q_elevator_13: 'normal',
      q_field_vehicle_14: 'normal',
      mt_mode: 'full',
      mt_date: '2026-12-21',
    });
    // nothing asked for an item answered 正常
    expect(Object.keys(form)).not.toContain('q_boiler_16_note');
  });
});
