/**
 * 已知悉/督办: whoever was reminded or escalated to says they know. It stops further reminders to
 * them for those tasks only; the escalation to the next level goes on until the work is done.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderCards } from '../../src/adapters/feishu/cards/index.js';
import { acknowledge } from '../../src/app/acknowledge.js';
import { dispatchOutbox } from '../../src/app/dispatch-outbox.js';
import { handleCardAction } from '../../src/app/handle-card-action.js';
import { runTick } from '../../src/app/run-tick.js';
import { submitDailyCheck } from '../../src/app/submit-daily-check.js';
import { textOf } from '../feishu/cards/card-helpers.js';
import { demoEngine, type TestEngine } from '../helpers/engine.js';

const UNIT = 'wanjia-property';
// A second unit whose director is also the officer of its one lift.
const OTHER_UNIT = [
  'key: other-unit',
  'name: 天津另一家物业公司',
  'credit_code: 91120000MA06A1B2CF',
  'people: [{ name: 钱七, mobile: "13900000007", roles: [{ role: director }, { role: officer, categories: ' +
    '[elevator] }] }]',
  'equipment: [{ code: "99999999990001", category: elevator, name: 另一家的电梯, officer: 钱七 }]',
].join('\n');

describe('acknowledging reminders and escalations', () => {
  let e: TestEngine;
  let zhang = '';
  let director = '';
  const person = async (name: string) => (await e.store.db.person.findFirstOrThrow({ where: { name } })).id;
  const step = async (iso: string) => {
    e.clock.set(iso);
    await runTick(e);
    await dispatchOutbox(e);
  };
  const dailyKeys = async (date: string, officer: string) =>
    (
      await e.store.db.task.findMany({
        where: { kind: 'daily', period: date, assigneeId: officer },
        orderBy: { key: 'asc' },
      })
    ).map((t) => t.key);
  const daily = (name: string, date: string, purpose: string) =>
    e.messenger.to(name).filter((s) => s.message.purpose === purpose && s.message.key.includes(`:daily:${date}:`));

  beforeAll(async () => {
    e = await demoEngine({ start: '2026-12-01T00:30:00Z', files: { 'units/other-unit.yaml': OTHER_UNIT } });
    await step('2026-12-01T00:30:00Z');
    [zhang, director] = (await Promise.all(['张三', '李明'].map(person))) as [string, string];
  });
  afterAll(async () => e?.close());

  it('spares an officer who acknowledged the reminder for those tasks, not the others', async () => {
    e.clock.set('2026-12-01T01:00:00Z');
    const keys = await dailyKeys('2026-12-01', zhang);
    expect(keys).toHaveLength(3);
    expect(await acknowledge(e, zhang, keys)).toEqual({
      ok: true,
      value: '已知悉/督办 · 张三 · 2026-12-01 日管控检查 3 项',
    });
    await step('2026-12-01T07:30:00Z');
    const reminded = e.messenger.sent
      .filter((s) => s.message.purpose === 'reminder' && s.message.key.includes(UNIT))
      .map((s) => s.to.name);
    expect(reminded.sort()).toEqual(['李四', '赵敏']);
  });

  it('lets the director acknowledge the 17:30 escalation', async () => {
    await step('2026-12-01T09:30:00Z');
    const esc = daily('李明', '2026-12-01', 'escalation');
    expect(esc).toHaveLength(1);
    // the officer's acknowledgement did not take his devices off the director's list
    const p = esc[0]!.message.payload;
    if (p.type !== 'escalation') throw new Error('wrong payload');
    expect(p.groups.map((g) => [g.person.name, g.items.length])).toEqual([
      ['张三', 3],
      ['李四', 3],
      ['赵敏', 3],
    ]);

    e.clock.set('2026-12-01T09:40:00Z');
    const taskKeys = esc[0]!.message.taskKeys;
    expect(taskKeys).toHaveLength(9);
    expect(await acknowledge(e, director, taskKeys)).toEqual({
      ok: true,
      value: '已知悉/督办 · 李明 · 2026-12-01 日管控检查 9 项',
    });
    const tasks = await e.store.db.task.findMany({ where: { key: { in: taskKeys } }, select: { id: true } });
    expect(await e.store.db.ack.count({ where: { personId: director, taskId: { in: tasks.map((t) => t.id) } } })).toBe(
      9,
    );
    const rec = await e.store.db.record.findFirstOrThrow({ where: { kind: 'ack', personId: director } });
    expect(rec).toMatchObject({ taskId: null, late: false, at: new Date('2026-12-01T09:40:00Z') });
    expect((rec.payload as { taskKeys: string[] }).taskKeys.sort()).toEqual([...taskKeys].sort());
    // a second acknowledgement changes nothing but the record of it
    expect(await acknowledge(e, director, taskKeys)).toEqual({
      ok: true,
      value: '已知悉/督办 · 李明 · 2026-12-01 日管控检查 9 项',
    });
    expect(await e.store.db.ack.count({ where: { personId: director } })).toBe(9);
  });

  it('still escalates to the principal at 20:30, once', async () => {
    await step('2026-12-01T12:29:00Z');
    expect(daily('王建国', '2026-12-01', 'escalation')).toHaveLength(0);
    await step('2026-12-01T12:30:00Z');
    await step('2026-12-01T12:31:00Z');
    const esc = daily('王建国', '2026-12-01', 'escalation');
    expect(esc).toHaveLength(1);
    const p = esc[0]!.message.payload;
    if (p.type !== 'escalation') throw new Error('wrong payload');
    expect(p.groups.map((g) => g.person.name)).toEqual(['张三', '李四', '赵敏']);
  });

  it('is per task: the next day the director is told again', async () => {
    await step('2026-12-02T00:30:00Z');
    await step('2026-12-02T07:30:00Z');
    await step('2026-12-02T09:30:00Z');
    const esc = daily('李明', '2026-12-02', 'escalation');
    expect(esc).toHaveLength(1);
    expect(esc[0]!.message.taskKeys).toHaveLength(9);
    // and the officer who acknowledged yesterday is reminded today
    expect(daily('张三', '2026-12-02', 'reminder')).toHaveLength(1);
  });

  it('acknowledges a missed, closed day and says so; refuses tasks all done, unknown tasks and strangers', async () => {
    e.clock.set('2026-12-02T10:00:00Z');
    const keys = await dailyKeys('2026-12-02', zhang);
    const r = await submitDailyCheck(e, {
      actorId: zhang,
      answers: keys.map((taskKey) => ({ taskKey, zeroRisk: true, items: [] })),
    });
    expect(r.ok).toBe(true);
    expect(await acknowledge(e, director, keys)).toEqual({
      ok: false,
      reason: 'already_done',
      message: '相关事项都已完成，无需督办',
    });
    // yesterday's tasks closed as missed: the 催办 about them is acknowledged as a miss
    const missed = await dailyKeys('2026-12-01', zhang);
    expect(await acknowledge(e, director, missed)).toEqual({
      ok: true,
      value: '已知悉 · 李明 · 2026-12-01 日管控检查 3 项（均已缺失）',
    });
    expect(await acknowledge(e, director, missed.slice(0, 1))).toEqual({
      ok: true,
      value: '已知悉 · 李明 · 2026-12-01 1号楼1号客梯（31101201160001）日管控检查（已缺失）',
    });
    expect(await acknowledge(e, director, [`task:${UNIT}:daily:2026-12-02:no-such-device`])).toMatchObject({
      ok: false,
      reason: 'not_found',
    });
    const outsider = await e.store.db.person.create({ data: { name: '周八', mobile: '13900000099' } });
    const open = await dailyKeys('2026-12-02', await person('李四'));
    expect(await acknowledge(e, outsider.id, open)).toEqual({
      ok: false,
      reason: 'forbidden',
      message: '您不是天津万家物业管理有限公司的人员，无法确认其事项',
    });

    // a mixed list: only the open ones are acknowledged
    const before = await e.store.db.ack.count();
    expect(await acknowledge(e, director, [...keys, ...open])).toEqual({
      ok: true,
      value: '已知悉/督办 · 李明 · 2026-12-02 日管控检查 3 项',
    });
    expect(await e.store.db.ack.count()).toBe(before + 3);
    const rec = await e.store.db.record.findFirstOrThrow({ where: { kind: 'ack' }, orderBy: { seq: 'desc' } });
    expect((rec.payload as { taskKeys: string[] }).taskKeys.sort()).toEqual([...open].sort());
  });

  it('checks the actor against every task of the batch, as the card button sends it', async () => {
    e.clock.set('2026-12-02T10:05:00Z');
    const lisi = await person('李四');
    const qian = await person('钱七');
    const press = (who: string, k: string[]) => handleCardAction({ ...e }, who, { a: 'ack', k, form: {} });
    const zhangOpen = (
      await e.store.db.task.findMany({ where: { kind: 'daily', period: '2026-12-02', assigneeId: lisi } })
    ).map((t) => t.key);
    const theirs = (
      await e.store.db.task.findFirstOrThrow({ where: { kind: 'daily', period: '2026-12-02', assigneeId: qian } })
    ).key;
    const acks = await e.store.db.ack.count();

    // 张三 cannot acknowledge 李四's work, alone or hidden in a batch with his own
    const own = (await dailyKeys('2026-12-01', zhang))[0]!;
    expect(await press(zhang, zhangOpen.slice(0, 1))).toEqual({
      ok: false,
      reason: 'forbidden',
      message:
        '“2026-12-02 2号楼1号客梯（31101201160004）日管控检查”由 李四 负责，不在您的督办范围内；请只确认发给您的催办',
    });
    expect(await press(zhang, [own, ...zhangOpen])).toMatchObject({
      ok: false,
      reason: 'forbidden',
      message: expect.stringContaining('（共 3 项）'),
    });
    // another unit's person: a batch with one of its own tasks and one of 天津万家's is refused whole
    expect(await press(qian, [theirs, zhangOpen[0]!])).toMatchObject({
      ok: false,
      reason: 'forbidden',
      message: expect.stringContaining('不属于同一单位'),
    });
    expect(await press(qian, [zhangOpen[0]!])).toMatchObject({
      ok: false,
      reason: 'forbidden',
      message: '您不是天津万家物业管理有限公司的人员，无法确认其事项',
    });
    expect(await e.store.db.ack.count()).toBe(acks);
    // whoever the policy escalates to may: the director, the principal, the assignee
    expect(await press(qian, [theirs])).toMatchObject({ ok: true });
    expect(await press(await person('王建国'), zhangOpen)).toMatchObject({ ok: true });
    expect(await press(lisi, zhangOpen)).toMatchObject({ ok: true });
  });

  it('delivers an escalation held through quiet hours after the day closed, as a notice of the miss', async () => {
    const held = await demoEngine({
      start: '2026-12-01T00:30:00Z',
      // the principal's level at +4 h: 21:30, inside quiet hours (21:00–07:30)
      edit: (y) =>
        `${y}\nescalation:\n  daily:\n    - { after: "-2h", to: [assignee] }\n    - { after: "0", to: ` +
        `[director] }\n    - { after: "4h", to: [principal] }\n`,
    });
    try {
      const go = async (iso: string) => {
        held.clock.set(iso);
        await runTick(held);
        await dispatchOutbox(held);
      };
      for (const t of ['2026-12-01T00:30:00Z', '2026-12-01T07:30:00Z', '2026-12-01T09:30:00Z', '2026-12-01T13:30:00Z'])
        await go(t);
      const toPrincipal = () => held.messenger.to('王建国').filter((s) => s.message.purpose === 'escalation');
      expect(toPrincipal()).toHaveLength(0); // held: 21:30 is inside quiet hours
      await go('2026-12-01T16:00:00Z'); // the day closes: every check is missed
      await go('2026-12-01T16:01:00Z');
      expect(toPrincipal()).toHaveLength(0);
      expect(await held.store.db.message.count({ where: { state: 'cancelled', purpose: 'escalation' } })).toBe(0);
      await go('2026-12-01T23:30:00Z'); // 07:30: quiet hours end
      const [sent] = toPrincipal();
      expect(sent).toBeDefined();
      const p = sent!.message.payload;
      if (p.type !== 'escalation') throw new Error('wrong payload');
      expect(p.groups.flatMap((g) => g.items.map((i) => i.missed))).toEqual(Array(9).fill(true));
      const card = renderCards(p, { timeZone: 'Asia/Shanghai', now: held.clock.now() })[0]!;
      expect(card.header.title.content).toBe('催办 · 日管控 2026-12-01 已缺失');
      expect(textOf(card)).toContain('以下 9 项未在周期内完成，已记为缺失');
      // the principal says he knows: the record says of what
      const wang = (await held.store.db.person.findFirstOrThrow({ where: { name: '王建国' } })).id;
      expect(await handleCardAction({ ...held }, wang, { a: 'ack', k: sent!.message.taskKeys, form: {} })).toEqual({
        ok: true,
        value: '已知悉 · 王建国 · 2026-12-01 日管控检查 9 项（均已缺失）',
      });
    } finally {
      await held.close();
    }
  });
});
