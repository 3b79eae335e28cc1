/** 上报隐患 outside the daily card: with and without a device, refusals, and the record chain. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GENESIS, recordHash } from '../../src/adapters/store/record-chain.js';
import { dispatchOutbox } from '../../src/app/dispatch-outbox.js';
import { type HazardReport, reportHazard } from '../../src/app/report-hazard.js';
import { runTick } from '../../src/app/run-tick.js';
import { submitDailyCheck } from '../../src/app/submit-daily-check.js';
import { demoEngine, type TestEngine } from '../helpers/engine.js';

const UNIT = 'wanjia-property';

describe('reporting a hazard', () => {
  let e: TestEngine;
  let unitId = '';
  const person = async (name: string) => (await e.store.db.person.findFirstOrThrow({ where: { name } })).id;
  const device = (code: string) => e.store.db.equipment.findUniqueOrThrow({ where: { code } });
  const report = (r: Partial<HazardReport> & Pick<HazardReport, 'actorId'>) =>
    reportHazard(e, {
      unitId,
      equipmentId: null,
      level: 'general',
      description: '地下库房消防通道堆放杂物',
      measures: '已通知清理',
      stoppedUse: false,
      ...r,
    });
  const told = (hazardId: string) =>
    e.messenger.sent
      .filter((s) => s.message.payload.type === 'hazard_notice' && s.message.payload.hazardId === hazardId)
      .map((s) => {
        const p = s.message.payload as { action: string; taskKey: string | null };
        return [s.to.name, p.action, p.taskKey, s.message.urgent];
      });

  beforeAll(async () => {
    e = await demoEngine({ start: '2026-12-01T00:30:00Z' });
    await runTick(e);
    await dispatchOutbox(e);
    unitId = (await e.store.db.unit.findUniqueOrThrow({ where: { key: UNIT } })).id;
  });
  afterAll(async () => e?.close());

  it('starts the chain with a daily check', async () => {
    e.clock.set('2026-12-01T00:40:00Z');
    const d = await device('31101201160001');
    const r = await submitDailyCheck(e, {
      actorId: await person('张三'),
      answers: [{ taskKey: `task:${UNIT}:daily:2026-12-01:${d.id}`, zeroRisk: true, items: [] }],
    });
    expect(r.ok).toBe(true);
    const first = await e.store.db.record.findFirstOrThrow({ where: { seq: 1 } });
    expect(first.prevHash).toBe(GENESIS);
  });

  it(
    'refuses a person outside the unit, a device of no unit, ' +
      'a bad level and an empty description, storing nothing',
    async () => {
      e.clock.set('2026-12-01T01:00:00Z');
      const outsider = await e.store.db.person.create({ data: { name: '周八', mobile: '13900000099' } });
      const zhang = await person('张三');
      const before = {
        hazards: await e.store.db.hazard.count(),
        records: await e.store.db.record.count(),
        messages: await e.store.db.message.count(),
      };

      expect(await report({ actorId: outsider.id })).toEqual({
        ok: false,
        reason: 'forbidden',
        message: '您不是本单位的人员，不能上报隐患',
      });
      expect(await report({ actorId: zhang, unitId: 'no-such-unit' })).toEqual({
        ok: false,
        reason: 'not_found',
        message: '找不到所在单位',
      });
      expect(await report({ actorId: zhang, equipmentId: 'no-such-device' })).toEqual({
        ok: false,
        reason: 'not_found',
        message: '找不到这台设备，请用“设备”命令查看设备名称',
      });
      expect(await report({ actorId: zhang, level: 'minor' as never })).toEqual({
        ok: false,
        reason: 'invalid',
        message: '请选择隐患等级：一般、严重或重大',
      });
      expect(await report({ actorId: zhang, description: '   ' })).toEqual({
        ok: false,
        reason: 'invalid',
        message: '请描述隐患：在哪里、是什么问题',
      });

      expect({
        hazards: await e.store.db.hazard.count(),
        records: await e.store.db.record.count(),
        messages: await e.store.db.message.count(),
      }).toEqual(before);
    },
  );

  it(
    'with a device: the device officer rectifies, ' + 'a serious one pauses it, and the record continues the chain',
    async () => {
      e.clock.set('2026-12-01T02:00:00Z');
      const director = await person('李明');
      const zhang = await person('张三');
      const d = await device('31101201160002');
      const r = await report({
        actorId: director,
        equipmentId: d.id,
        level: 'serious',
        description: ' 2号客梯曳引钢丝绳断丝 ',
        measures: ' 已停梯 ',
        stoppedUse: false,
      });
      expect(r.ok).toBe(true);
      if (!r.ok) return;
      expect(r.value.line).toBe('隐患已上报');
      const hazardId = r.value.hazardId;

      const h = await e.store.db.hazard.findUniqueOrThrow({ where: { id: hazardId } });
      expect(h).toMatchObject({
        unitId,
        equipmentId: d.id,
        level: 'serious',
        state: 'open',
        description: '2号客梯曳引钢丝绳断丝',
        measures: '已停梯',
        reporterId: director,
        assigneeId: zhang,
        pausedDevice: true,
        stoppedUse: true,
      });
      expect(h.deadline.toISOString()).toBe('2026-12-02T09:30:00.000Z');
      expect((await device('31101201160002')).status).toBe('paused');
      const change = (await e.store.equipmentHistory('31101201160002')).at(-1)!;
      expect(change).toMatchObject({
        field: 'status',
        fromValue: 'in_use',
        toValue: 'paused',
        actor: '李明',
        reason: '严重隐患，停止使用：2号客梯曳引钢丝绳断丝',
      });
      const rectifyKey = `task:${UNIT}:hazard:2026-12-01:${hazardId}:rectify`;
      expect(await e.store.db.task.findUniqueOrThrow({ where: { key: rectifyKey } })).toMatchObject({
        assigneeId: zhang,
        state: 'open',
        dueAt: h.deadline,
      });

      await dispatchOutbox(e);
      // the reporter (the director) still confirms his own report: a serious hazard waits for his analysis
      expect(told(hazardId).sort()).toEqual([
        ['张三', 'rectify', rectifyKey, true],
        ['李明', 'confirm', null, true],
        ['王建国', 'inform', null, true],
      ]);

      const rec = await e.store.db.record.findFirstOrThrow({ where: { kind: 'hazard_report' } });
      const prev = await e.store.db.record.findFirstOrThrow({ where: { seq: 1 } });
      expect(rec).toMatchObject({
        seq: 2,
        personId: director,
        taskId: null,
        late: false,
        prevHash: prev.hash,
        at: new Date('2026-12-01T02:00:00Z'),
      });
      // the record carries the hazard's number (隐患号), given when it was written
      expect(rec.payload).toEqual({
        hazardId,
        hazardNo: h.no,
        equipmentId: d.id,
        level: 'serious',
        description: '2号客梯曳引钢丝绳断丝',
        measures: '已停梯',
        stoppedUse: false,
      });
      // the stored hash is the hash of the stored fields: the chain can be verified
      const { unitId: u, seq, kind, taskId, personId, at, late, payload, supersedesId, reason, prevHash } = rec;
      expect(rec.hash).toBe(
        recordHash({ unitId: u, seq, kind, taskId, personId, at, late, payload, supersedesId, reason, prevHash }),
      );
    },
  );

  it('without a device: the reporter rectifies a general one at once, the director informed', async () => {
    e.clock.set('2026-12-01T03:00:00Z');
    const zhao = await person('赵敏');
    const r = await report({ actorId: zhao });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const hazardId = r.value.hazardId;
    const h = await e.store.db.hazard.findUniqueOrThrow({ where: { id: hazardId } });
    expect(h).toMatchObject({
      equipmentId: null,
      level: 'general',
      state: 'rectifying',
      reporterId: zhao,
      assigneeId: zhao,
      pausedDevice: false,
      stoppedUse: false,
    });
    expect(h.deadline.toISOString()).toBe('2026-12-04T09:30:00.000Z');
    const task = await e.store.db.task.findUniqueOrThrow({
      where: { key: `task:${UNIT}:hazard:2026-12-01:${hazardId}:rectify` },
    });
    expect(task).toMatchObject({ assigneeId: zhao, state: 'open' });
    expect(task.detail).toMatchObject({ step: 'rectify', level: 'general', equipmentId: null, category: null });

    await dispatchOutbox(e);
    // the reporter rectifies it himself, so the form reaches him too
    expect(told(hazardId).sort()).toEqual([
      ['李明', 'inform', null, false],
      ['赵敏', 'rectify', task.key, false],
    ]);

    const records = await e.store.db.record.findMany({ orderBy: { seq: 'asc' } });
    expect(records.map((x) => [x.seq, x.kind])).toEqual([
      [1, 'daily_check'],
      [2, 'hazard_report'],
      [3, 'hazard_report'],
    ]);
    expect(records[2]!.prevHash).toBe(records[1]!.hash);
    expect(h.no).toBe(2);
    expect(records[2]!.payload).toEqual({
      hazardId,
      hazardNo: 2,
      equipmentId: null,
      level: 'general',
      description: '地下库房消防通道堆放杂物',
      measures: '已通知清理',
      stoppedUse: false,
    });
  });
});
