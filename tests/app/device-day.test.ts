/**
 * The day's obligation follows the device: the director pauses a lift during the day before its
 * check, and resumes another that was paused in the morning; the officer's work for that day
 * changes with them, he is told why on a new card, an answer from the old card is refused, and at
 * midnight only what he really owed and did not do is missed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderCards } from '../../src/adapters/feishu/cards/index.js';
import { REPORT_WRITERS } from '../../src/adapters/reports/writers.js';
import { type ChatAccount, handleText } from '../../src/app/commands/handle-text.js';
import { createInvite } from '../../src/app/commands/invite.js';
import { dispatchOutbox } from '../../src/app/dispatch-outbox.js';
import { handleCardAction } from '../../src/app/handle-card-action.js';
import { runTick } from '../../src/app/run-tick.js';
import { submitDailyCheck } from '../../src/app/submit-daily-check.js';
import { loadConfig } from '../../src/config/load-config.js';
import { PAUSED_ITEM } from '../../src/domain/engine/payloads.js';
import { textOf } from '../feishu/cards/card-helpers.js';
import { demoConfigDir } from '../helpers/config-fixture.js';
import { PROVIDERS } from '../helpers/databases.js';
import { demoEngine, type TestEngine } from '../helpers/engine.js';

const DAY = '2026-12-01';

describe.each(PROVIDERS)('a device paused or resumed during the day (%s)', (provider) => {
  let e: TestEngine;
  let zhang = '';
  const acct = (name: string): ChatAccount => ({ channel: 'feishu', externalId: `ou_${name}` });
  const say = async (name: string, text: string) =>
    (await handleText({ ...e, writers: REPORT_WRITERS }, acct(name), text)).text;
  const at = async (iso: string) => {
    e.clock.set(iso);
    await runTick(e);
    await dispatchOutbox(e);
  };
  const device = async (name: string) => (await e.store.db.equipment.findFirstOrThrow({ where: { name } })).id;
  const tasksOf = async (name: string) =>
    e.store.db.task.findMany({
      where: { kind: 'daily', period: DAY, subjectId: await device(name) },
      orderBy: { createdAt: 'asc' },
    });
  const dailyPrompts = () =>
    e.messenger.to('张三').filter((s) => s.message.purpose === 'prompt' && s.message.payload.type === 'daily_check');
  const zero = (taskKey: string) =>
    submitDailyCheck(e, { actorId: zhang, answers: [{ taskKey, zeroRisk: true, items: [] }] });

  beforeAll(async () => {
    e = await demoEngine({ start: '2026-12-01T00:00:00Z', provider });
    for (const name of ['李明', '张三']) {
      const p = (await e.store.findPeople(name))[0]!;
      const { code } = await createInvite(e, p.id, e.clock.now());
      expect(await say(name, `绑定 ${code}`)).toMatch(/^绑定成功/);
    }
    zhang = (await e.store.findPeople('张三'))[0]!.id;
    await at('2026-12-01T00:30:00Z'); // 08:30: the morning card, 3 lifts (the 货梯 paused since before)
    expect(dailyPrompts()).toHaveLength(1);
  });
  afterAll(async () => e?.close());

  it(
    'paused at 10:00 before its check: the full check is closed as not required, the paused item issued, the ' +
      'officer told',
    async () => {
      e.clock.set('2026-12-01T02:00:00Z');
      expect(await say('李明', '停用 1号楼1号客梯 曳引机异响')).toBe(
        '已停用 1号楼1号客梯（原因：曳引机异响），已记入设备状态记录。',
      );
      const [before, now] = await tasksOf('1号楼1号客梯');
      expect(before).toMatchObject({
        state: 'cancelled',
        detail: { paused: false, cancelled: { reason: '设备已临时停用（曳引机异响），今日改为检查停用措施' } },
      });
      expect(now).toMatchObject({
        state: 'open',
        dueAt: before!.dueAt,
        closesAt: before!.closesAt,
        detail: { paused: true },
      });

      await at('2026-12-01T02:01:00Z');
      const prompts = dailyPrompts();
      expect(prompts).toHaveLength(2);
      const p = prompts[1]!.message.payload;
      if (p.type !== 'daily_check') throw new Error('wrong payload');
      expect(p.devices.map((d) => [d.taskKey, d.paused, d.items])).toEqual([[now!.key, true, [PAUSED_ITEM]]]);
      const card = renderCards(p, { timeZone: 'Asia/Shanghai', now: e.clock.now(), taskKey: now!.key })[0]!;
      expect(textOf(card)).toContain('1号楼1号客梯：设备已临时停用（曳引机异响），今日改为检查停用措施');

      // the morning card still shows the full checklist: its answer is refused, saying why
      const stale = await zero(before!.key);
      expect(stale).toEqual({
        ok: false,
        reason: 'closed',
        message: '此项已取消：设备已临时停用（曳引机异响），今日改为检查停用措施。如收到新的检查卡片，请在新卡片上提交',
      });
      expect(await zero(now!.key)).toMatchObject({ ok: true });
    },
  );

  it('resumed at 10:30 after its paused-item check: the full checklist is issued for it that day', async () => {
    e.clock.set('2026-12-01T02:10:00Z');
    const [morning] = await tasksOf('1号楼3号货梯');
    expect(morning).toMatchObject({ state: 'open', detail: { paused: true } });
    expect(await zero(morning!.key)).toMatchObject({ ok: true });

    e.clock.set('2026-12-01T02:30:00Z');
    expect(await say('李明', '启用 1号楼3号货梯')).toBe('已启用 1号楼3号货梯，已记入设备状态记录。');
    const [, full] = await tasksOf('1号楼3号货梯');
    expect(full).toMatchObject({ state: 'open', detail: { paused: false } });
    await at('2026-12-01T02:31:00Z');
    const p = dailyPrompts().at(-1)!.message.payload;
    if (p.type !== 'daily_check') throw new Error('wrong payload');
    expect(p.devices.map((d) => d.taskKey)).toEqual([full!.key]);
    expect(p.devices[0]!.items.length).toBeGreaterThan(1);
    expect(p.notice).toBe('1号楼3号货梯：设备已恢复使用（安全总监启用），今日须按完整检查表检查');
  });

  it('stopped by a configuration change during the day: its check is closed as not required', async () => {
    e.clock.set('2026-12-01T02:45:00Z');
    const [fire] = await tasksOf('2号楼消防电梯');
    expect(fire).toMatchObject({ state: 'open' });
    const edit = (y: string) =>
      y.replace(
        'name: 2号楼消防电梯, location: 2号楼南侧,',
        'name: 2号楼消防电梯, location: 2号楼南侧, status: stopped, status_reason: 停梯改造,',
      );
    const config = loadConfig({ dir: demoConfigDir(edit), env: {} });
    await e.store.applyUnits(config.units, e.clock.now());
    const [after, ...more] = await tasksOf('2号楼消防电梯');
    expect(more).toEqual([]);
    expect(after).toMatchObject({
      state: 'cancelled',
      detail: { cancelled: { reason: '设备已停用（停梯改造），今日无需检查' } },
    });
  });

  it('at midnight only the work owed and not done is missed; the cancelled check is not counted', async () => {
    e.clock.set('2026-12-01T03:00:00Z');
    // 全部正常 on the morning card: only the device still asked that way is answered (the 1号 was
    // replaced by its paused-item check, the 货梯's morning check is done)
    const morning = dailyPrompts()[0]!.message.taskKeys;
    expect(morning).toHaveLength(3);
    const all = await handleCardAction({ ...e }, zhang, { a: 'daily_zero_all', k: morning, form: {} });
    expect(all).toMatchObject({ ok: true, value: expect.stringContaining('1 台零风险') });
    expect((await tasksOf('1号楼2号客梯'))[0]!.state).toBe('done');
    await at('2026-12-01T16:00:00Z');
    const missed = await e.store.db.task.findMany({
      where: { kind: 'daily', period: DAY, assigneeId: zhang, state: 'missed' },
    });
    // only the 货梯's full check, issued at 10:30 and never done
    expect(missed.map((t) => t.subjectId)).toEqual([await device('1号楼3号货梯')]);
    const unitId = (await e.store.db.unit.findFirstOrThrow()).id;
    const { stats } = await e.store.periodStats(
      unitId,
      { from: DAY, to: DAY, fromAt: new Date('2026-11-30T16:00:00Z'), toAt: new Date('2026-12-01T16:00:00Z') },
      e.clock.now(),
      ['elevator'],
    );
    // 6 lifts' morning tasks − 2 cancelled + 2 issued during the day; 李四's two left missed
    expect(stats.daily).toMatchObject({ due: 6, missed: 3 });
  });
});
