/** Officers answer the daily card: records, hazards, device status, notifications, refusals. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatchOutbox } from '../../src/app/dispatch-outbox.js';
import { handleCardAction } from '../../src/app/handle-card-action.js';
import { runTick } from '../../src/app/run-tick.js';
import { submitDailyCheck } from '../../src/app/submit-daily-check.js';
import { demoEngine, type TestEngine } from '../helpers/engine.js';

describe('answering the daily card', () => {
  let e: TestEngine;
  let ids: Record<string, string>;
  const key = (code: string) => `task:wanjia-property:daily:2026-12-01:${ids[code]}`;
  const person = async (name: string) => (await e.store.db.person.findFirstOrThrow({ where: { name } })).id;

  beforeAll(async () => {
    e = await demoEngine({ start: '2026-12-01T00:30:00Z' });
    await runTick(e);
    await dispatchOutbox(e);
    ids = Object.fromEntries((await e.store.db.equipment.findMany()).map((d) => [d.code, d.id]));
  });
  afterAll(async () => e?.close());

  it('refuses someone who is not the assignee, storing nothing', async () => {
    e.clock.set('2026-12-01T00:40:00Z');
    const r = await submitDailyCheck(e, {
      actorId: await person('李四'),
      answers: [{ taskKey: key('31101201160001'), zeroRisk: true, items: [] }],
    });
    expect(r).toEqual({ ok: false, reason: 'forbidden', message: '此卡片由 张三 负责，您无权提交' });
    expect(await e.store.db.record.count()).toBe(0);
  });

  it('refuses an 异常 item without description, level, measures and stop flag', async () => {
    const r = await submitDailyCheck(e, {
      actorId: await person('张三'),
      answers: [{ taskKey: key('31101201160001'), zeroRisk: false, items: [{ seq: 1, result: 'abnormal' }] }],
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.reason).toBe('invalid');
    expect(r.message).toMatch(/为异常：请填写问题描述、隐患等级、已采取的措施、是否停止使用/);
    expect(r.message).toMatch(/请填写/); // the other required items are missing too
    expect(await e.store.db.record.count()).toBe(0);
  });

  it(
    'refuses a filled-in serious finding on a card where every item stayed 正常 (issue 11 break 2, a card sent ' +
      'before this change)',
    async () => {
      const zhang = await person('张三');
      const allNormal = Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`i${i + 1}`, 'normal']));
      const r = await handleCardAction(e, zhang, {
        a: 'daily_submit',
        k: key('31101201160001'),
        form: { ...allNormal, desc: '轿厢异响', level: 'serious', measures: '已停梯', stop: 'yes' },
      });
      expect(r).toMatchObject({ ok: false, reason: 'invalid', message: expect.stringMatching(/没有选择是哪一项异常/) });
      expect(await e.store.db.record.count()).toBe(0);
      expect(await e.store.db.hazard.count()).toBe(0);
    },
  );

  it('refuses a 5,000-character description with its limit, storing nothing', async () => {
    const zhang = await person('张三');
    const form = {
      rest: 'normal',
      a1_item: '2',
      a1_desc: '轿门'.repeat(2500),
      a1_level: 'general',
      a1_measures: '已通知维保',
      a1_stop: 'no',
    };
    const r = await handleCardAction(e, zhang, { a: 'daily_submit', k: key('31101201160001'), form });
    expect(r).toEqual({
      ok: false,
      reason: 'invalid',
      message: '1号楼1号客梯第 2 项的问题描述有 5000 字，最多 500 字：请精简后再提交（详细情况可在整改时补充）',
    });
    expect(await e.store.db.record.count()).toBe(0);
  });

  it('records a zero-risk device, a serious hazard and the paused device in one submission', async () => {
    e.clock.set('2026-12-01T00:47:00Z');
    const zhang = await person('张三');
    const ctx = (await e.store.loadTaskContexts([key('31101201160001')]))[0]!;
    const cl = await e.store.checklistInForce('wanjia-property', 'elevator', '2026-12-01');
    const daily = cl!.items.filter((i) => i.frequency === 'daily');
    const items = daily.map((_, i) => ({ seq: i + 1, result: 'normal' as const }));
    items[1] = {
      seq: 2,
      result: 'abnormal',
      description: '轿门关闭时有异响',
      level: 'serious',
      measures: '已张贴停用告示并通知维保单位',
      stoppedUse: true,
    } as never;
    expect(ctx.device?.name).toBe('1号楼1号客梯');
    const r = await submitDailyCheck(e, {
      actorId: zhang,
      answers: [
        { taskKey: key('31101201160001'), zeroRisk: false, items },
        { taskKey: key('31101201160002'), zeroRisk: true, items: [] },
        { taskKey: key('31101201160003'), zeroRisk: false, items: [{ seq: 1, result: 'normal' }] },
      ],
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.line).toBe('已提交 08:47 · 张三 · 2 台零风险 · 1 项异常');
    expect(r.value.hazardIds).toHaveLength(1);

    const records = await e.store.db.record.findMany({ orderBy: { seq: 'asc' } });
    expect(records.map((x) => [x.seq, x.kind, x.late])).toEqual([
      [1, 'daily_check', false],
      [2, 'daily_check', false],
      [3, 'daily_check', false],
    ]);
    expect(records[1]!.prevHash).toBe(records[0]!.hash);

    const hazard = await e.store.db.hazard.findFirstOrThrow();
    expect(hazard).toMatchObject({ level: 'serious', state: 'open', pausedDevice: true, assigneeId: zhang });
    const device = await e.store.db.equipment.findUniqueOrThrow({ where: { code: '31101201160001' } });
    expect(device.status).toBe('paused');
    const change = (await e.store.equipmentHistory('31101201160001')).at(-1)!;
    expect(change).toMatchObject({ field: 'status', fromValue: 'in_use', toValue: 'paused', actor: '张三' });
    expect(change.reason).toMatch(/^严重隐患，停止使用：/);
  });

  it('tells the director and the principal at once, urgently', async () => {
    const d = await dispatchOutbox(e);
    const sent = e.messenger.sent
      .filter((s) => s.message.purpose === 'hazard')
      .map((s) => [s.to.name, (s.message.payload as { action: string }).action]);
    // The director and the principal at once, urgently; the reporter,
    // who is also the assignee, gets the rectification card.
    expect(sent).toEqual(
      expect.arrayContaining([
        ['李明', 'confirm'],
        ['王建国', 'inform'],
      ]),
    );
    const urgent = d.sent.filter((m) => m.purpose === 'hazard' && m.urgent);
    expect(urgent.length).toBeGreaterThanOrEqual(2);
  });

  it('refuses a second submission with the time of the first', async () => {
    e.clock.set('2026-12-01T01:00:00Z');
    const r = await submitDailyCheck(e, {
      actorId: await person('张三'),
      answers: [{ taskKey: key('31101201160002'), zeroRisk: true, items: [] }],
    });
    expect(r).toEqual({ ok: false, reason: 'already_done', message: '已于 08:47 提交，无需重复提交' });
  });

  it('leaves answered devices out of the escalation, and marks a late answer late', async () => {
    e.clock.set('2026-12-01T09:30:00Z');
    await runTick(e);
    await dispatchOutbox(e);
    const esc = e.messenger.to('李明').find((s) => s.message.purpose === 'escalation')!.message.payload;
    if (esc.type !== 'escalation') throw new Error('wrong payload');
    expect(esc.groups.map((g) => g.person.name)).toEqual(['李四', '赵敏']);
    e.clock.set('2026-12-01T10:00:00Z');
    const r = await submitDailyCheck(e, {
      actorId: await person('李四'),
      answers: [{ taskKey: key('31101201160004'), zeroRisk: true, items: [] }],
    });
    expect(r.ok && r.value.line).toBe('逾期提交 18:00 · 李四 · 1 台零风险');
    expect((await e.store.db.task.findUniqueOrThrow({ where: { key: key('31101201160004') } })).late).toBe(true);
  });

  it('refuses an answer after the day closed', async () => {
    e.clock.set('2026-12-01T16:00:00Z');
    await runTick(e);
    const r = await submitDailyCheck(e, {
      actorId: await person('李四'),
      answers: [{ taskKey: key('31101201160005'), zeroRisk: true, items: [] }],
    });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toBe('closed');
  });
});
