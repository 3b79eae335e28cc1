/**
 * One day of the demo unit with nobody answering: prompts at 08:30, reminders at 15:30, the
 * director at 17:30, the principal at 20:30, missed at midnight. Driven by a fake clock.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatchOutbox } from '../../src/app/dispatch-outbox.js';
import { runTick } from '../../src/app/run-tick.js';
import { demoEngine, type TestEngine } from '../helpers/engine.js';

describe('a day with no answers', () => {
  let e: TestEngine;
  const step = async (iso: string) => {
    e.clock.set(iso);
    const r = await runTick(e, undefined, { keepDecisions: true });
    await dispatchOutbox(e);
    return r;
  };

  beforeAll(async () => {
    e = await demoEngine({ start: '2026-12-01T00:00:00Z' });
  });
  afterAll(async () => e?.close());

  it('sends no daily prompt before 08:30, but the week review already open since Monday', async () => {
    await step('2026-12-01T00:29:00Z');
    expect(e.messenger.sent.map((s) => [s.to.name, s.message.payload.type])).toEqual([['李明', 'weekly_review']]);
    expect(await e.store.db.task.count({ where: { kind: 'daily' } })).toBe(0);
  });

  it('opens one task per device and sends each officer one prompt listing all their devices', async () => {
    const r = await step('2026-12-01T00:30:00Z');
    const daily = r.decisions![0]!.tasks.filter((t) => t.kind === 'daily');
    expect(daily).toHaveLength(9);
    const prompts = e.messenger.sent.filter(
      (s) => s.message.purpose === 'prompt' && s.message.payload.type === 'daily_check',
    );
    expect(prompts.map((p) => p.to.name).sort()).toEqual(['张三', '李四', '赵敏']);
    const zhang = prompts.find((p) => p.to.name === '张三')!.message.payload;
    if (zhang.type !== 'daily_check') throw new Error('wrong payload');
    expect(zhang.devices.map((d) => [d.name, d.paused])).toEqual([
      ['1号楼1号客梯', false],
      ['1号楼2号客梯', false],
      ['1号楼3号货梯', true],
    ]);
    expect(zhang.devices[2]!.items.map((i) => i.content)).toEqual(['停用中：防护措施、停用标志是否到位']);
    expect(zhang.devices[0]!.items.length).toBeGreaterThanOrEqual(8);
  });

  it('is idempotent: ticking again at the same minute changes nothing', async () => {
    const before = e.messenger.sent.length;
    const r = await step('2026-12-01T00:30:00Z');
    expect(r.unitsPlanned).toBe(0);
    expect(await e.store.db.task.count()).toBe(10);
    expect(e.messenger.sent.length).toBe(before);
  });

  it('reminds each officer once, two hours before the deadline', async () => {
    await step('2026-12-01T07:29:00Z');
    expect(e.messenger.sent.filter((s) => s.message.purpose === 'reminder')).toHaveLength(0);
    await step('2026-12-01T07:30:00Z');
    await step('2026-12-01T07:45:00Z');
    const reminders = e.messenger.sent.filter((s) => s.message.purpose === 'reminder');
    expect(reminders.map((r) => r.to.name).sort()).toEqual(['张三', '李四', '赵敏']);
  });

  it('tells the director at the deadline in ONE message grouped by officer', async () => {
    await step('2026-12-01T09:30:00Z');
    const esc = e.messenger.to('李明').filter((s) => s.message.purpose === 'escalation');
    expect(esc).toHaveLength(1);
    const p = esc[0]!.message.payload;
    if (p.type !== 'escalation') throw new Error('wrong payload');
    expect(p.level).toBe(1);
    expect(p.groups.map((g) => [g.person.name, g.items.length])).toEqual([
      ['张三', 3],
      ['李四', 3],
      ['赵敏', 3],
    ]);
  });

  it('tells the principal three hours later, once', async () => {
    await step('2026-12-01T12:29:00Z');
    expect(e.messenger.to('王建国')).toHaveLength(0);
    await step('2026-12-01T12:30:00Z');
    await step('2026-12-01T12:31:00Z');
    expect(e.messenger.to('王建国').map((s) => s.message.purpose)).toEqual(['escalation']);
  });

  it('marks the day missed at midnight and opens the next day', async () => {
    const r = await step('2026-12-01T16:00:00Z');
    expect(r.decisions![0]!.missed).toHaveLength(9);
    expect(await e.store.db.task.count({ where: { state: 'missed', period: '2026-12-01' } })).toBe(9);
    await step('2026-12-02T00:30:00Z');
    expect(await e.store.db.task.count({ where: { period: '2026-12-02', state: 'open' } })).toBe(9);
  });
});
