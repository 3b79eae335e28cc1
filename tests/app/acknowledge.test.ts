/**
 * 已知悉/督办: whoever was reminded or escalated to says they know. It stops further reminders to
 * them for those tasks only; the escalation to the next level goes on until the work is done.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runTick } from '../../src/app/run-tick.js';
import { dispatchOutbox } from '../../src/app/dispatch-outbox.js';
import { acknowledge } from '../../src/app/acknowledge.js';
import { submitDailyCheck } from '../../src/app/submit-daily-check.js';
import { demoEngine, type TestEngine } from '../helpers/engine.js';

const UNIT = 'wanjia-property';

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
    (await e.store.db.task.findMany({ where: { kind: 'daily', period: date, assigneeId: officer }, orderBy: { key: 'asc' } })).map((t) => t.key);
  const daily = (name: string, date: string, purpose: string) =>
    e.messenger.to(name).filter((s) => s.message.purpose === purpose && s.message.key.includes(`:daily:${date}:`));

  beforeAll(async () => {
    e = await demoEngine({ start: '2026-12-01T00:30:00Z' });
    await step('2026-12-01T00:30:00Z');
    [zhang, director] = (await Promise.all(['张三', '李明'].map(person))) as [string, string];
  });
  afterAll(async () => e?.close());

  it('spares an officer who acknowledged the reminder for those tasks, not the others', async () => {
    e.clock.set('2026-12-01T01:00:00Z');
    const keys = await dailyKeys('2026-12-01', zhang);
    expect(keys).toHaveLength(3);
    expect(await acknowledge(e, zhang, keys)).toEqual({ ok: true, value: '已知悉/督办 · 张三' });
    await step('2026-12-01T07:30:00Z');
    const reminded = e.messenger.sent.filter((s) => s.message.purpose === 'reminder').map((s) => s.to.name);
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
    expect(await acknowledge(e, director, taskKeys)).toEqual({ ok: true, value: '已知悉/督办 · 李明' });
    const tasks = await e.store.db.task.findMany({ where: { key: { in: taskKeys } }, select: { id: true } });
    expect(await e.store.db.ack.count({ where: { personId: director, taskId: { in: tasks.map((t) => t.id) } } })).toBe(9);
    const rec = await e.store.db.record.findFirstOrThrow({ where: { kind: 'ack', personId: director } });
    expect(rec).toMatchObject({ taskId: null, late: false, at: new Date('2026-12-01T09:40:00Z') });
    expect((rec.payload as { taskKeys: string[] }).taskKeys.sort()).toEqual([...taskKeys].sort());
    // a second acknowledgement changes nothing but the record of it
    expect(await acknowledge(e, director, taskKeys)).toEqual({ ok: true, value: '已知悉/督办 · 李明' });
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

  it('refuses to acknowledge tasks that are all done, unknown tasks, and strangers', async () => {
    e.clock.set('2026-12-02T10:00:00Z');
    const keys = await dailyKeys('2026-12-02', zhang);
    const r = await submitDailyCheck(e, { actorId: zhang, answers: keys.map((taskKey) => ({ taskKey, zeroRisk: true, items: [] })) });
    expect(r.ok).toBe(true);
    expect(await acknowledge(e, director, keys)).toEqual({ ok: false, reason: 'already_done', message: '相关事项都已完成，无需督办' });
    // yesterday's tasks closed as missed: nothing left to acknowledge either
    expect(await acknowledge(e, director, await dailyKeys('2026-12-01', zhang))).toEqual({ ok: false, reason: 'already_done', message: '相关事项都已完成，无需督办' });
    expect(await acknowledge(e, director, [`task:${UNIT}:daily:2026-12-02:no-such-device`])).toEqual({ ok: false, reason: 'not_found', message: '找不到相关事项' });
    const outsider = await e.store.db.person.create({ data: { name: '周八', mobile: '13900000099' } });
    const open = await dailyKeys('2026-12-02', await person('李四'));
    expect(await acknowledge(e, outsider.id, open)).toEqual({ ok: false, reason: 'forbidden', message: '您不是本单位的人员' });

    // a mixed list: only the open ones are acknowledged
    const before = await e.store.db.ack.count();
    expect(await acknowledge(e, director, [...keys, ...open])).toEqual({ ok: true, value: '已知悉/督办 · 李明' });
    expect(await e.store.db.ack.count()).toBe(before + 3);
    const rec = await e.store.db.record.findFirstOrThrow({ where: { kind: 'ack' }, orderBy: { seq: 'desc' } });
    expect((rec.payload as { taskKeys: string[] }).taskKeys.sort()).toEqual([...open].sort());
  });
});
