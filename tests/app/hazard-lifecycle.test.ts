/**
 * A hazard from the daily card until it is verified: the device paused and resumed, the director's
 * confirmation and verification (with a rework round), the overdue ladder (officer, director,
 * principal), messages stopping once it is closed, and quiet hours. Driven by a fake clock.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatchOutbox } from '../../src/app/dispatch-outbox.js';
import { confirmHazard, rectifyHazard, verifyHazard } from '../../src/app/hazard-actions.js';
import { reportHazard } from '../../src/app/report-hazard.js';
import { runTick } from '../../src/app/run-tick.js';
import { submitDailyCheck } from '../../src/app/submit-daily-check.js';
import type { HazardNotice } from '../../src/domain/engine/payloads.js';
import type { Sent } from '../fakes/recording-messenger.js';
import { demoEngine, type TestEngine } from '../helpers/engine.js';

const UNIT = 'wanjia-property';

interface Finding {
  seq: number;
  level: 'general' | 'serious' | 'major';
  description: string;
  stoppedUse: boolean;
}

/** Helpers over one engine: people by name, devices by code, and a daily answer with some 异常 items. */
function kit(get: () => TestEngine) {
  const e = () => get();
  const person = async (name: string) => (await e().store.db.person.findFirstOrThrow({ where: { name } })).id;
  const device = async (code: string) => e().store.db.equipment.findUniqueOrThrow({ where: { code } });
  const dailyKey = async (date: string, code: string) => `task:${UNIT}:daily:${date}:${(await device(code)).id}`;
  const step = async (iso: string) => {
    e().clock.set(iso);
    await runTick(e());
    return dispatchOutbox(e());
  };
  /** Every daily item normal except the findings, which are 异常 with the given level. */
  const answerWith = async (date: string, code: string, findings: Finding[]) => {
    const d = await device(code);
    const cl = await e().store.checklistInForce(UNIT, d.category as never, date);
    const daily = cl!.items.filter((i) => i.frequency === 'daily');
    const items = daily.map((_, i) => {
      const f = findings.find((x) => x.seq === i + 1);
      return f
        ? {
            seq: f.seq,
            result: 'abnormal' as const,
            description: f.description,
            level: f.level,
            measures: '已设置警示标志',
            stoppedUse: f.stoppedUse,
          }
        : { seq: i + 1, result: 'normal' as const };
    });
    return { taskKey: await dailyKey(date, code), zeroRisk: false, items, contents: daily.map((i) => i.content) };
  };
  const hazardMessages = (hazardId: string): Sent[] =>
    e().messenger.sent.filter((s) => {
      const p = s.message.payload;
      if (p.type === 'hazard_notice') return p.hazardId === hazardId;
      return s.message.key.includes(`:hazard:${hazardId}:`);
    });
  return { person, device, dailyKey, step, answerWith, hazardMessages };
}

const notice = (s: Sent): HazardNotice => {
  if (s.message.payload.type !== 'hazard_notice') throw new Error(`not a hazard notice: ${s.message.payload.type}`);
  return s.message.payload;
};

let e: TestEngine;
const k = kit(() => e);
let zhang = '';
let li = '';
let zhao = '';
let director = '';
let principal = '';

// One engine for the whole file (a fresh database costs about a second), sections in clock order.
beforeAll(async () => {
  e = await demoEngine({ start: '2026-12-01T00:30:00Z' });
  await k.step('2026-12-01T00:30:00Z');
  [zhang, li, zhao, director, principal] = (await Promise.all(
    ['张三', '李四', '赵敏', '李明', '王建国'].map(k.person),
  )) as [string, string, string, string, string];
});
afterAll(async () => e?.close());

/** the serious hazard of the first section, checked again once the clock has moved on */
let seriousId = '';

/** the general hazard: found on the first day, overdue later */
let generalId = '';
let generalRectifyKey = '';
let generalDescription = '';

describe('a serious hazard from the daily card, confirmed, reworked and verified', () => {
  let hazardId = '';
  let description = '';

  it('pauses the device and asks the director to confirm, the principal informed, both at once', async () => {
    e.clock.set('2026-12-01T00:47:00Z');
    const a = await k.answerWith('2026-12-01', '31101201160001', [
      { seq: 4, level: 'serious', description: '轿门关闭时有异响', stoppedUse: true },
    ]);
    description = `${a.contents[3]}：轿门关闭时有异响`;
    const r = await submitDailyCheck(e, {
      actorId: zhang,
      answers: [{ taskKey: a.taskKey, zeroRisk: false, items: a.items }],
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    hazardId = r.value.hazardIds[0]!;
    seriousId = hazardId;
    const h = await e.store.db.hazard.findUniqueOrThrow({ where: { id: hazardId } });
    expect(h).toMatchObject({
      level: 'serious',
      state: 'open',
      pausedDevice: true,
      stoppedUse: true,
      assigneeId: zhang,
      reporterId: zhang,
      description,
    });
    // one day to rectify, at the daily due time (17:30 local)
    expect(h.deadline.toISOString()).toBe('2026-12-02T09:30:00.000Z');
    expect((await k.device('31101201160001')).status).toBe('paused');

    const d = await dispatchOutbox(e);
    expect(d.sent.map((m) => [m.purpose, m.urgent])).toEqual([
      ['hazard', true],
      ['hazard', true],
      ['hazard', true],
    ]);
    const rectifyKey = `task:${UNIT}:hazard:2026-12-01:${hazardId}:rectify`;
    const told = k.hazardMessages(hazardId).map((s) => [s.to.name, notice(s).action, notice(s).taskKey]);
    // the reporter is the assignee: he gets the rectification form too (issue 11: else it could never be closed)
    expect(told.sort()).toEqual([
      ['张三', 'rectify', rectifyKey],
      ['李明', 'confirm', null],
      ['王建国', 'inform', null],
    ]);
    // every card names the hazard by its number and its state
    expect(k.hazardMessages(hazardId).map((s) => [notice(s).hazardNo, notice(s).state])).toEqual([
      [1, 'open'],
      [1, 'open'],
      [1, 'open'],
    ]);
    expect(h.no).toBe(1);
    const rectify = await e.store.db.task.findUniqueOrThrow({ where: { key: rectifyKey } });
    expect(rectify.detail).toMatchObject({ step: 'rectify', hazardNo: 1 });
    expect(rectify).toMatchObject({ assigneeId: zhang, state: 'open', dueAt: new Date('2026-12-02T09:30:00Z') });
  });

  it('lets only the director (or principal) confirm, once', async () => {
    e.clock.set('2026-12-01T01:00:00Z');
    expect(await confirmHazard(e, zhang, hazardId, '')).toEqual({
      ok: false,
      reason: 'forbidden',
      message: '只有安全总监或主要负责人可以确认隐患研判',
    });
    expect(await confirmHazard(e, 'someone-from-elsewhere', hazardId, '')).toEqual({
      ok: false,
      reason: 'forbidden',
      message: '只有安全总监或主要负责人可以确认隐患研判',
    });
    expect(await confirmHazard(e, director, 'no-such-hazard', '')).toEqual({
      ok: false,
      reason: 'not_found',
      message: '找不到这条隐患记录，请在最新的卡片上操作，或发送“隐患”查看隐患号',
    });
    // a serious hazard's analysis is the record: no confirmation without it
    expect(await confirmHazard(e, director, hazardId, '  ')).toEqual({
      ok: false,
      reason: 'invalid',
      message: '请填写研判意见：原因分析、处置措施和整改要求（必填）',
    });
    expect((await e.store.db.hazard.findUniqueOrThrow({ where: { id: hazardId } })).state).toBe('open');

    expect(await confirmHazard(e, director, hazardId, '同意停梯，通知维保单位更换门刀')).toEqual({
      ok: true,
      value: '已确认研判 · 李明 · 隐患#1整改中',
    });
    expect((await e.store.db.hazard.findUniqueOrThrow({ where: { id: hazardId } })).state).toBe('rectifying');
    expect(await confirmHazard(e, principal, hazardId, '')).toEqual({
      ok: false,
      reason: 'already_done',
      message: '隐患#1已确认研判，目前整改中',
    });
    const rec = await e.store.db.record.findFirstOrThrow({ where: { kind: 'hazard_confirmed' } });
    expect(rec.personId).toBe(director);
    expect(rec.payload).toEqual({ hazardId, hazardNo: 1, note: '同意停梯，通知维保单位更换门刀' });
    // the officer gets the analysis with the form again, for the same open task
    await dispatchOutbox(e);
    const again = k.hazardMessages(hazardId).filter((s) => s.to.name === '张三' && notice(s).note);
    expect(again.map((s) => [notice(s).action, notice(s).state, notice(s).taskKey, notice(s).note])).toEqual([
      [
        'rectify',
        'rectifying',
        `task:${UNIT}:hazard:2026-12-01:${hazardId}:rectify`,
        '研判意见（李明）：同意停梯，通知维保单位更换门刀',
      ],
    ]);
  });

  it('takes the rectification only from the assignee, with text, and asks the director to verify it', async () => {
    e.clock.set('2026-12-01T03:00:00Z');
    expect(await rectifyHazard(e, li, hazardId, '已修好')).toEqual({
      ok: false,
      reason: 'forbidden',
      message: '隐患#1由 张三 负责整改，您无权提交',
    });
    expect(await rectifyHazard(e, zhang, hazardId, '   ')).toEqual({
      ok: false,
      reason: 'invalid',
      message: '请填写整改情况：做了什么、结果如何',
    });
    // long text is refused with its limit, never cut
    expect(await rectifyHazard(e, zhang, hazardId, '更'.repeat(501))).toEqual({
      ok: false,
      reason: 'invalid',
      message: '整改情况最多 500 字，您填写了 501 字。请精简后再提交（没有保存任何内容）。',
    });
    expect(await verifyHazard(e, director, hazardId, true, '')).toEqual({
      ok: false,
      reason: 'invalid',
      message: '隐患#1整改尚未提交（整改中），暂不能核实',
    });

    expect(await rectifyHazard(e, zhang, hazardId, ' 维保单位调整了门刀，异响消除 ')).toEqual({
      ok: true,
      value: '已提交整改 · 张三 · 隐患#1待核实',
      photos: expect.objectContaining({ stage: 'rectified', required: true }),
    });
    const h = await e.store.db.hazard.findUniqueOrThrow({ where: { id: hazardId } });
    expect(h).toMatchObject({
      state: 'rectified',
      rectification: '维保单位调整了门刀，异响消除',
      rectifiedAt: new Date('2026-12-01T03:00:00Z'),
    });
    expect(
      (
        await e.store.db.task.findUniqueOrThrow({
          where: { key: `task:${UNIT}:hazard:2026-12-01:${hazardId}:rectify` },
        })
      ).state,
    ).toBe('done');
    const verify = await e.store.db.task.findUniqueOrThrow({
      where: { key: `task:${UNIT}:hazard:2026-12-01:${hazardId}:verify:2` },
    });
    expect(verify).toMatchObject({ assigneeId: director, state: 'open', dueAt: new Date('2026-12-02T09:30:00Z') });
    // still paused until verified
    expect((await k.device('31101201160001')).status).toBe('paused');

    await dispatchOutbox(e);
    const ask = k.hazardMessages(hazardId).filter((s) => s.to.name === '李明' && notice(s).action === 'verify');
    expect(ask).toHaveLength(1);
    expect(ask[0]!.message.urgent).toBe(true);
    expect(notice(ask[0]!).device).toMatch(/^1号楼1号客梯/);
    expect(notice(ask[0]!)).toMatchObject({
      taskKey: verify.key,
      rectification: '维保单位调整了门刀，异响消除',
      level: 'serious',
      description,
      reporter: '张三',
    });
    expect(await rectifyHazard(e, zhang, hazardId, '再提交一次')).toEqual({
      ok: false,
      reason: 'already_done',
      message: '隐患#1已提交整改，等待安全总监核实',
    });
  });

  it('sends it back only with a reason, as a new rectify task for the officer', async () => {
    e.clock.set('2026-12-01T04:00:00Z');
    expect(await verifyHazard(e, zhang, hazardId, true, '')).toEqual({
      ok: false,
      reason: 'forbidden',
      message: '只有安全总监或主要负责人可以核实整改',
    });
    expect(await verifyHazard(e, director, hazardId, false, '  ')).toEqual({
      ok: false,
      reason: 'invalid',
      message: '退回整改时请写明原因，例如：核实 12 退回 护栏仍松动',
    });
    expect((await e.store.db.hazard.findUniqueOrThrow({ where: { id: hazardId } })).state).toBe('rectified');

    expect(await verifyHazard(e, director, hazardId, false, '门刀仍有摩擦痕迹，请更换')).toEqual({
      ok: true,
      value: '已退回整改 · 李明 · 隐患#1整改中',
      tone: 'warning',
    });
    const h = await e.store.db.hazard.findUniqueOrThrow({ where: { id: hazardId } });
    expect(h.state).toBe('rectifying');
    expect(h.deadline.toISOString()).toBe('2026-12-02T09:30:00.000Z');
    expect(
      (
        await e.store.db.task.findUniqueOrThrow({
          where: { key: `task:${UNIT}:hazard:2026-12-01:${hazardId}:verify:2` },
        })
      ).state,
    ).toBe('done');
    const rework = await e.store.db.task.findUniqueOrThrow({
      where: { key: `task:${UNIT}:hazard:2026-12-01:${hazardId}:rectify:3` },
    });
    expect(rework).toMatchObject({ assigneeId: zhang, state: 'open', dueAt: new Date('2026-12-02T09:30:00Z') });
    expect((await k.device('31101201160001')).status).toBe('paused');

    await dispatchOutbox(e);
    const back = k.hazardMessages(hazardId).filter((s) => s.to.name === '张三' && notice(s).taskKey === rework.key);
    expect(back.map((s) => [notice(s).action, notice(s).state, notice(s).note, s.message.urgent])).toEqual([
      ['rectify', 'rectifying', '退回意见（李明）：门刀仍有摩擦痕迹，请更换', true],
    ]);
  });

  it('closes it on verification and returns the device to use, recorded as an equipment change', async () => {
    e.clock.set('2026-12-01T06:00:00Z');
    expect(await rectifyHazard(e, zhang, hazardId, '更换门刀，试运行 20 次无异响')).toEqual({
      ok: true,
      value: '已提交整改 · 张三 · 隐患#1待核实',
      photos: expect.objectContaining({ stage: 'rectified', required: true }),
    });
    e.clock.set('2026-12-01T07:00:00Z');
    expect(await verifyHazard(e, director, hazardId, true, '现场核实，运行正常')).toEqual({
      ok: true,
      value: '已核实关闭 · 李明 · 隐患#1 · 设备恢复使用',
    });

    const h = await e.store.db.hazard.findUniqueOrThrow({ where: { id: hazardId } });
    expect(h).toMatchObject({
      state: 'verified',
      verifierId: director,
      verifiedAt: new Date('2026-12-01T07:00:00Z'),
      rectification: '更换门刀，试运行 20 次无异响',
    });
    expect((await k.device('31101201160001')).status).toBe('in_use');
    const change = (await e.store.equipmentHistory('31101201160001')).at(-1)!;
    expect(change).toMatchObject({
      field: 'status',
      fromValue: 'paused',
      toValue: 'in_use',
      actor: '李明',
      at: new Date('2026-12-01T07:00:00Z'),
    });
    expect(change.reason.startsWith('隐患已核实消除')).toBe(true);
    expect(change.reason).toBe(`隐患已核实消除，恢复使用：${description}`);

    const tasks = await e.store.db.task.findMany({
      where: { kind: 'hazard', subjectId: hazardId },
      orderBy: { createdAt: 'asc' },
    });
    expect(
      tasks.map((t) => [t.key.split(':').slice(-2).join(':'), t.assigneeId === director ? '李明' : '张三', t.state]),
    ).toEqual([
      [`${hazardId}:rectify`, '张三', 'done'],
      ['verify:2', '李明', 'done'],
      ['rectify:3', '张三', 'done'],
      ['verify:4', '李明', 'done'],
    ]);
    const steps = await e.store.db.record.findMany({
      where: { kind: { startsWith: 'hazard_' } },
      orderBy: { seq: 'asc' },
    });
    expect(steps.map((r) => r.kind)).toEqual([
      'hazard_confirmed',
      'hazard_rectified',
      'hazard_rework',
      'hazard_rectified',
      'hazard_verified',
    ]);

    expect(await verifyHazard(e, director, hazardId, true, '')).toEqual({
      ok: false,
      reason: 'already_done',
      message: '隐患#1已核实关闭',
    });
    expect(await verifyHazard(e, director, hazardId, false, '再看看')).toEqual({
      ok: false,
      reason: 'already_done',
      message: '隐患#1已核实关闭',
    });
  });
});

describe('a device paused by two hazards', () => {
  const closeOut = async (id: string) => {
    expect((await confirmHazard(e, director, id, '同意，停梯检修')).ok).toBe(true);
    expect((await rectifyHazard(e, li, id, '已修复')).ok).toBe(true);
    return verifyHazard(e, director, id, true, '');
  };

  it('resumes only after both are verified', async () => {
    e.clock.set('2026-12-01T07:10:00Z');
    const a = await k.answerWith('2026-12-01', '31101201160004', [
      { seq: 4, level: 'serious', description: '层门关闭不严', stoppedUse: true },
      { seq: 7, level: 'major', description: '紧急报警无法接通', stoppedUse: true },
    ]);
    const r = await submitDailyCheck(e, {
      actorId: li,
      answers: [{ taskKey: a.taskKey, zeroRisk: false, items: a.items }],
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const [first, second] = r.value.hazardIds as [string, string];
    for (const id of [first, second])
      expect((await e.store.db.hazard.findUniqueOrThrow({ where: { id } })).pausedDevice).toBe(true);
    // paused once, not twice
    expect((await e.store.equipmentHistory('31101201160004')).filter((c) => c.toValue === 'paused')).toHaveLength(1);

    e.clock.set('2026-12-01T07:20:00Z');
    expect(await closeOut(first)).toEqual({ ok: true, value: '已核实关闭 · 李明 · 隐患#2' });
    expect((await k.device('31101201160004')).status).toBe('paused');
    expect(await closeOut(second)).toEqual({ ok: true, value: '已核实关闭 · 李明 · 隐患#3 · 设备恢复使用' });
    expect((await k.device('31101201160004')).status).toBe('in_use');
    expect(
      (await e.store.equipmentHistory('31101201160004'))
        .filter((c) => c.field === 'status' && c.actor !== '配置文件')
        .map((c) => [c.toValue, c.actor]),
    ).toEqual([
      ['paused', '李四'],
      ['in_use', '李明'],
    ]);
  });

  it('stays paused while a serious hazard reported on the already paused device is open', async () => {
    e.clock.set('2026-12-01T07:30:00Z');
    const a = await k.answerWith('2026-12-01', '31101201160005', [
      { seq: 3, level: 'serious', description: '运行中有异常振动', stoppedUse: true },
    ]);
    const r = await submitDailyCheck(e, {
      actorId: li,
      answers: [{ taskKey: a.taskKey, zeroRisk: false, items: a.items }],
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const first = r.value.hazardIds[0]!;
    const d = await k.device('31101201160005');
    expect(d.status).toBe('paused');
    const unitId = d.unitId;
    // found later, on the stopped device: it cannot pause it again, but it must keep it stopped
    const second = await reportHazard(e, {
      actorId: li,
      unitId,
      equipmentId: d.id,
      level: 'serious',
      description: '曳引钢丝绳断丝',
      measures: '保持停用',
      stoppedUse: true,
    });
    expect(second.ok).toBe(true);
    if (!second.ok) return;

    expect(await closeOut(first)).toEqual({ ok: true, value: '已核实关闭 · 李明 · 隐患#4' });
    expect((await k.device('31101201160005')).status).toBe('paused');
    expect(await closeOut(second.value.hazardId)).toMatchObject({
      ok: true,
      value: expect.stringMatching(/^已核实关闭 · 李明 · 隐患#5/),
    });
  });
});

describe('a general hazard and the overdue ladder', () => {
  it('does not pause the device, is rectifying at once and reaches the director as inform', async () => {
    e.clock.set('2026-12-01T08:00:00Z');
    const a = await k.answerWith('2026-12-01', '11101201160001', [
      { seq: 2, level: 'general', description: '压力表铅封缺失', stoppedUse: false },
    ]);
    const r = await submitDailyCheck(e, {
      actorId: zhao,
      answers: [{ taskKey: a.taskKey, zeroRisk: false, items: a.items }],
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    generalId = r.value.hazardIds[0]!;
    generalDescription = `${a.contents[1]}：压力表铅封缺失`;
    generalRectifyKey = `task:${UNIT}:hazard:2026-12-01:${generalId}:rectify`;
    const h = await e.store.db.hazard.findUniqueOrThrow({ where: { id: generalId } });
    expect(h).toMatchObject({
      level: 'general',
      state: 'rectifying',
      pausedDevice: false,
      stoppedUse: false,
      assigneeId: zhao,
    });
    // three days, at 17:30 local
    expect(h.deadline.toISOString()).toBe('2026-12-04T09:30:00.000Z');
    expect((await k.device('11101201160001')).status).toBe('in_use');
    expect((await e.store.equipmentHistory('11101201160001')).filter((c) => c.actor !== '配置文件')).toEqual([]);

    await dispatchOutbox(e);
    const told = k.hazardMessages(generalId);
    expect(told.map((s) => [s.to.name, notice(s).action, s.message.urgent]).sort()).toEqual([
      ['李明', 'inform', false],
      ['赵敏', 'rectify', false],
    ]);
    expect(await confirmHazard(e, director, generalId, '')).toMatchObject({
      ok: false,
      reason: 'already_done',
      message: expect.stringMatching(/^隐患#\d+已确认研判，目前整改中$/),
    });
  });
});

describe('hazards found during quiet hours', () => {
  it('delivers a serious one at 22:00 at once, and holds a general one for the director until 07:30', async () => {
    e.clock.set('2026-12-01T14:00:00Z'); // 22:00 local: a late answer, still the same day
    const serious = await k.answerWith('2026-12-01', '51101201160001', [
      { seq: 1, level: 'serious', description: '制动失灵', stoppedUse: true },
    ]);
    const general = await k.answerWith('2026-12-01', '51101201160002', [
      { seq: 1, level: 'general', description: '灯光不亮', stoppedUse: false },
    ]);
    const r = await submitDailyCheck(e, {
      actorId: zhao,
      answers: [
        { taskKey: serious.taskKey, zeroRisk: false, items: serious.items },
        { taskKey: general.taskKey, zeroRisk: false, items: general.items },
      ],
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const [s, g] = r.value.hazardIds as [string, string];

    await dispatchOutbox(e);
    expect(
      k
        .hazardMessages(s)
        .map((m) => [m.to.name, notice(m).action])
        .sort(),
    ).toEqual([
      ['李明', 'confirm'],
      ['王建国', 'inform'],
      ['赵敏', 'rectify'],
    ]);
    expect(k.hazardMessages(g)).toEqual([]);
    const held = await e.store.db.message.findFirstOrThrow({ where: { groupKey: `${UNIT}:hazard:${g}` } });
    expect(held.notBefore.toISOString()).toBe('2026-12-01T23:30:00.000Z');

    e.clock.set('2026-12-01T23:29:00Z');
    await dispatchOutbox(e);
    expect(k.hazardMessages(g)).toEqual([]);
    e.clock.set('2026-12-01T23:30:00Z');
    await dispatchOutbox(e);
    expect(
      k
        .hazardMessages(g)
        .map((m) => [m.to.name, notice(m).action, m.message.urgent])
        .sort(),
    ).toEqual([
      ['李明', 'inform', false],
      ['赵敏', 'rectify', false],
    ]);
  });
});

describe('the serious hazard, once verified', () => {
  it('sends nothing more about it once verified, whatever the clock does', async () => {
    await dispatchOutbox(e);
    const before = k.hazardMessages(seriousId).length;
    const rows = await e.store.db.message.count({ where: { groupKey: `${UNIT}:hazard:${seriousId}` } });
    // the moments the first rectify task would have been reminded and escalated
    for (const at of ['2026-12-02T05:30:00Z', '2026-12-02T09:30:00Z', '2026-12-03T09:30:00Z']) await k.step(at);
    expect(k.hazardMessages(seriousId)).toHaveLength(before);
    expect(await e.store.db.message.count({ where: { groupKey: `${UNIT}:hazard:${seriousId}` } })).toBe(rows);
  });
});

describe('the general hazard, overdue', () => {
  const ladder = () =>
    k
      .hazardMessages(generalId)
      .filter((s) => s.message.purpose === 'reminder' || s.message.purpose === 'escalation')
      .map((s) => [s.to.name, s.message.purpose]);

  it('reminds the officer 4 hours before the deadline, once', async () => {
    await k.step('2026-12-04T05:29:00Z');
    expect(ladder()).toEqual([]);
    await k.step('2026-12-04T05:30:00Z');
    await k.step('2026-12-04T05:31:00Z');
    expect(ladder()).toEqual([['赵敏', 'reminder']]);
    const p = k.hazardMessages(generalId).find((s) => s.message.purpose === 'reminder')!.message.payload;
    expect(p).toMatchObject({
      type: 'reminder',
      kind: 'hazard',
      dueAt: '2026-12-04T09:30:00.000Z',
      items: [{ taskKey: generalRectifyKey, label: `隐患整改：${generalDescription}` }],
    });
  });

  it('tells the director at the deadline, once, naming who is late', async () => {
    await k.step('2026-12-04T09:29:00Z');
    expect(ladder()).toHaveLength(1);
    await k.step('2026-12-04T09:30:00Z');
    await k.step('2026-12-04T12:00:00Z');
    expect(ladder()).toEqual([
      ['赵敏', 'reminder'],
      ['李明', 'escalation'],
    ]);
    const p = k.hazardMessages(generalId).find((s) => s.message.purpose === 'escalation')!.message.payload;
    if (p.type !== 'escalation') throw new Error('wrong payload');
    expect(p.kind).toBe('hazard');
    expect(p.groups.map((g) => [g.person.name, g.items.map((i) => i.taskKey)])).toEqual([
      ['赵敏', [generalRectifyKey]],
    ]);
  });

  it('tells the principal one day later, once', async () => {
    await k.step('2026-12-05T09:29:00Z');
    expect(ladder()).toHaveLength(2);
    await k.step('2026-12-05T09:30:00Z');
    await k.step('2026-12-05T09:31:00Z');
    expect(ladder()).toEqual([
      ['赵敏', 'reminder'],
      ['李明', 'escalation'],
      ['王建国', 'escalation'],
    ]);
  });

  it('accepts the late rectification as late', async () => {
    e.clock.set('2026-12-05T10:00:00Z');
    expect(await rectifyHazard(e, zhao, generalId, '补加铅封并校验压力表')).toMatchObject({
      ok: true,
      value: expect.stringMatching(/^已提交整改 · 赵敏 · 隐患#\d+待核实$/),
    });
    expect((await e.store.db.task.findUniqueOrThrow({ where: { key: generalRectifyKey } })).late).toBe(true);
    const task = await e.store.db.task.findUniqueOrThrow({ where: { key: generalRectifyKey } });
    expect(
      (await e.store.db.record.findFirstOrThrow({ where: { kind: 'hazard_rectified', taskId: task.id } })).late,
    ).toBe(true);
  });

  // KNOWN BUG (src/domain/engine/plan-messages.ts, not fixed here): reminder/escalation message keys
  // are msg:unit:hazard:<hazardId>:<purpose>:<level>:<recipient>, shared by every task of a hazard
  // (rectify, verify, rework). Once the rectify task has been escalated, the verify task's escalations
  // to the director and the principal collide with those keys and are silently skipped (a reworked
  // rectification loses its reminder and escalations the same way). Remove `.fails` once fixed.
  it('escalates a late verification too: the director reminded, then the principal', async () => {
    // verify task: due one day after the rectification, 17:30 local
    const verifyKey = `task:${UNIT}:hazard:2026-12-05:${generalId}:verify:2`;
    expect((await e.store.db.task.findUniqueOrThrow({ where: { key: verifyKey } })).dueAt.toISOString()).toBe(
      '2026-12-06T09:30:00.000Z',
    );
    await k.step('2026-12-06T05:30:00Z');
    await k.step('2026-12-06T09:30:00Z');
    await k.step('2026-12-07T09:30:00Z');
    const late = k
      .hazardMessages(generalId)
      .filter(
        (s) =>
          (s.message.purpose === 'reminder' || s.message.purpose === 'escalation') &&
          s.message.taskKeys.includes(verifyKey),
      )
      .map((s) => [s.to.name, s.message.purpose]);
    expect(late).toEqual([
      ['李明', 'reminder'],
      ['李明', 'escalation'],
      ['王建国', 'escalation'],
    ]);
  });

  it('stops all messages once verified', async () => {
    e.clock.set('2026-12-07T10:00:00Z');
    expect(await verifyHazard(e, director, generalId, true, '')).toMatchObject({
      ok: true,
      value: expect.stringMatching(/^已核实关闭 · 李明 · 隐患#\d+$/),
    });
    const before = k.hazardMessages(generalId).length;
    for (const at of ['2026-12-08T09:30:00Z', '2026-12-09T09:30:00Z', '2026-12-12T09:30:00Z']) await k.step(at);
    expect(k.hazardMessages(generalId)).toHaveLength(before);
    expect(await e.store.db.task.count({ where: { kind: 'hazard', subjectId: generalId, state: 'open' } })).toBe(0);
  });
});
