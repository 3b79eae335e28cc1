/**
 * 周排查 and 月调度: the director's weekly report and the principal's monthly minutes, with the
 * numbers of their period, and the minutes' resolutions tracked as tasks of their owners. One
 * scripted week (2026-W48, the unit starting on Thursday) feeds the numbers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatchOutbox } from '../../src/app/dispatch-outbox.js';
import { runTick } from '../../src/app/run-tick.js';
import { submitDailyCheck } from '../../src/app/submit-daily-check.js';
import {
  completeResolution,
  submitMonthlyMinutes as submitMonthly,
  submitWeeklyReport as submitWeekly,
} from '../../src/app/submit-period-report.js';
import type { Sent } from '../fakes/recording-messenger.js';
import { demoEngine, type TestEngine } from '../helpers/engine.js';

const UNIT = 'wanjia-property';
const OFFICERS = ['张三', '李四', '赵敏'];

const report = {
  lastWeekVerification: '上周无遗留隐患',
  findings: '11-26 1号楼1号客梯层门异响（一般隐患），整改中',
  evaluation: '日管控基本落实，11-27 全部漏检，已约谈',
  nextWeekFocus: '督促层门隐患整改；检查节假日值班安排',
  decisionsNeeded: '',
};

const minutes = (resolutions: { content: string; owner: string; deadline: string }[]) => ({
  meetingTime: '2026-12-25 10:00',
  location: '物业公司三楼会议室',
  attendees: '王建国、李明、张三、李四、赵敏',
  mainProblems: '11-27 日管控漏检；1号楼1号客梯层门隐患逾期未整改',
  rectificationStatus: '层门隐患整改中',
  unresolved: '',
  resolutions,
  nextMonthFocus: '春节前特种设备安全大检查',
});

/** The 清单's items all 正常 and no 维保 that week (the items themselves: tests/app/period-checklist.test.ts). */
const ALL_NORMAL = { answers: [], othersNormal: true, maintenance: { mode: 'none' } };
const submitWeeklyReport = (...a: Parameters<typeof submitWeekly>) =>
  submitWeekly(a[0], a[1], a[2], a[3], { ...a[4], items: ALL_NORMAL });
const submitMonthlyMinutes = (...a: Parameters<typeof submitMonthly>) =>
  submitMonthly(a[0], a[1], a[2], a[3], { ...a[4], items: ALL_NORMAL });

let e: TestEngine;
let unitId = '';
let director = '';
let principal = '';
const ids: Record<string, string> = {};
const codes: Record<string, string> = {};

const person = async (name: string) => (await e.store.db.person.findFirstOrThrow({ where: { name } })).id;
const step = async (iso: string) => {
  e.clock.set(iso);
  await runTick(e);
  await dispatchOutbox(e);
};
const weeklyKey = (week: string) => `task:${UNIT}:weekly:${week}:${director}`;
const prompts = (name: string, type: string, period: string): Sent[] =>
  e.messenger
    .to(name)
    .filter(
      (s) =>
        s.message.purpose === 'prompt' &&
        s.message.payload.type === type &&
        (s.message.payload as { period: string }).period === period,
    );

/** The officers answer all of their devices of the day 零风险, except one 异常 item on `abnormal`. */
async function answerDay(date: string, at: string, officers: string[], abnormal?: string) {
  e.clock.set(at);
  for (const name of officers) {
    const officer = ids[name]!;
    const tasks = await e.store.db.task.findMany({ where: { kind: 'daily', period: date, assigneeId: officer } });
    const answers = [];
    for (const t of tasks) {
      if (codes[t.subjectId] !== abnormal) {
        answers.push({ taskKey: t.key, zeroRisk: true, items: [] });
        continue;
      }
      const cl = await e.store.checklistInForce(UNIT, 'elevator', date);
      const items = cl!.items
        .filter((i) => i.frequency === 'daily')
        .map((_, i) =>
          i === 3
            ? {
                seq: 4,
                result: 'abnormal' as const,
                description: '层门关闭时有异响',
                level: 'general' as const,
                measures: '已通知维保',
                stoppedUse: false,
              }
            : { seq: i + 1, result: 'normal' as const },
        );
      answers.push({ taskKey: t.key, zeroRisk: false, items });
    }
    const r = await submitDailyCheck(e, { actorId: officer, answers });
    if (!r.ok) throw new Error(`${date} ${name}: ${r.message}`);
  }
}

beforeAll(async () => {
  // Thursday 2026-11-26 08:30 local: the unit starts mid-week
  e = await demoEngine({ start: '2026-11-26T00:30:00Z' });
  unitId = (await e.store.db.unit.findUniqueOrThrow({ where: { key: UNIT } })).id;
  for (const name of [...OFFICERS, '李明', '王建国']) ids[name] = await person(name);
  for (const d of await e.store.db.equipment.findMany()) codes[d.id] = d.code;
  director = ids['李明']!;
  principal = ids['王建国']!;
});
afterAll(async () => e?.close());

describe('the weekly review', () => {
  it(
    'a scripted week: Thursday answered with one hazard, ' +
      'Friday missed, Saturday one officer late, Sunday answered',
    async () => {
      await step('2026-11-26T00:30:00Z');
      // the week's review opened on Monday: the director gets it on the unit's first day
      expect(prompts('李明', 'weekly_review', '2026-W48')).toHaveLength(1);
      await answerDay('2026-11-26', '2026-11-26T00:40:00Z', OFFICERS, '31101201160001');
      await step('2026-11-28T00:30:00Z');
      await answerDay('2026-11-28', '2026-11-28T00:40:00Z', ['张三', '李四']);
      await answerDay('2026-11-28', '2026-11-28T11:00:00Z', ['赵敏']);
      await step('2026-11-29T00:30:00Z');
      await answerDay('2026-11-29', '2026-11-29T00:40:00Z', OFFICERS);

      const week = { kind: 'daily', period: { gte: '2026-11-23', lte: '2026-11-29' } };
      expect(await e.store.db.task.count({ where: week })).toBe(36);
      expect(await e.store.db.task.count({ where: { ...week, state: 'missed' } })).toBe(9);
      const h = await e.store.db.hazard.findFirstOrThrow();
      expect(h).toMatchObject({ level: 'general', state: 'rectifying', deadline: new Date('2026-11-29T09:30:00Z') });
    },
  );

  it('refuses a report without the evaluation, or from someone else', async () => {
    e.clock.set('2026-11-29T02:00:00Z');
    expect(await submitWeeklyReport(e, director, weeklyKey('2026-W48'), { ...report, evaluation: '' })).toEqual({
      ok: false,
      reason: 'invalid',
      message: '请填写本周安全管理情况评价',
    });
    expect(
      await submitWeeklyReport(e, director, weeklyKey('2026-W48'), { ...report, evaluation: ' ', nextWeekFocus: '' }),
    ).toEqual({
      ok: false,
      reason: 'invalid',
      message: '请填写本周安全管理情况评价\n请填写下周工作重点',
    });
    expect(await submitWeeklyReport(e, ids['张三']!, weeklyKey('2026-W48'), report)).toEqual({
      ok: false,
      reason: 'forbidden',
      message: '此卡片由 李明 负责，您无权提交',
    });
    expect(await e.store.db.record.count({ where: { kind: 'weekly_report' } })).toBe(0);
  });

  // KNOWN BUG (src/domain/answers/period-reports.ts, not fixed here): a required field that is
  // left out of the input altogether (a card form omits empty inputs) fails zod's type check
  // before .min(1), so the person gets zod's generic “无效输入：期望 string，实际接收 undefined”
  // instead of the field's message. Remove `.fails` once the schema words it.
  it('refuses a report whose evaluation field is absent with the same message', async () => {
    const { evaluation: _, ...noEvaluation } = report;
    expect(await submitWeeklyReport(e, director, weeklyKey('2026-W48'), noEvaluation)).toEqual({
      ok: false,
      reason: 'invalid',
      message: '请填写本周安全管理情况评价',
    });
  });

  it('records the report with the numbers of its week as they are when it is submitted', async () => {
    e.clock.set('2026-11-29T02:00:00Z');
    expect(await submitWeeklyReport(e, director, weeklyKey('2026-W48'), report)).toEqual({
      ok: true,
      value: '已提交 10:00 · 李明 · 2026-W48 周排查报告',
    });
    expect(await e.store.db.task.findUniqueOrThrow({ where: { key: weeklyKey('2026-W48') } })).toMatchObject({
      state: 'done',
      late: false,
    });
    const rec = await e.store.db.record.findFirstOrThrow({ where: { kind: 'weekly_report' } });
    expect(rec).toMatchObject({ personId: director, late: false });
    const p = rec.payload as Record<string, unknown>;
    expect(p).toMatchObject({ period: '2026-W48', ...report });
    expect(p.stats).toEqual({
      devices: { inUse: 8, paused: 1, stopped: 0 },
      daily: { due: 36, done: 27, zeroRisk: 26, late: 3, missed: 9 },
      // Thursday's hazard is due Sunday 17:30: not overdue yet at 10:00
      hazards: { found: 1, closed: 0, overdue: 0, open: 1 },
    });
    expect(p.openHazards).toMatchObject([
      { level: 'general', state: 'rectifying', assignee: '张三', deadline: '2026-11-29T09:30:00.000Z' },
    ]);
  });

  it('refuses a second report, saying when the first came', async () => {
    e.clock.set('2026-11-29T02:05:00Z');
    expect(await submitWeeklyReport(e, director, weeklyKey('2026-W48'), report)).toEqual({
      ok: false,
      reason: 'already_done',
      message: '已于 10:00 提交，无需重复提交',
    });
    e.clock.set('2026-11-30T02:00:00Z');
    expect(await submitWeeklyReport(e, director, weeklyKey('2026-W48'), report)).toEqual({
      ok: false,
      reason: 'already_done',
      message: '已于 11月29日 10:00 提交，无需重复提交',
    });
    expect(await e.store.db.record.count({ where: { kind: 'weekly_report' } })).toBe(1);
  });

  it('opens the next review on Monday 09:00 with the numbers of its own week so far, as of delivery', async () => {
    await step('2026-11-30T00:59:00Z');
    expect(prompts('李明', 'weekly_review', '2026-W49')).toHaveLength(0);
    await step('2026-11-30T01:00:00Z');
    const sent = prompts('李明', 'weekly_review', '2026-W49');
    expect(sent).toHaveLength(1);
    const p = sent[0]!.message.payload;
    if (p.type !== 'weekly_review') throw new Error('wrong payload');
    expect(p.dueAt).toBe('2026-12-06T10:00:00.000Z');
    // W49, not W48: Monday's checks are not due before 17:30, no hazard found yet this week; the
    // open hazard of W48 is overdue (due Sunday 17:30)
    expect(p.stats).toEqual({
      devices: { inUse: 8, paused: 1, stopped: 0 },
      daily: { due: 0, done: 0, zeroRisk: 0, late: 0, missed: 0 },
      hazards: { found: 0, closed: 0, overdue: 1, open: 1 },
    });
    expect(p.statsAsOf).toBe('2026-11-30T01:00:00.000Z');
    expect(p.openHazards!.map((h) => [h.level, h.assignee, h.deadline])).toEqual([
      ['general', '张三', '2026-11-29T09:30:00.000Z'],
    ]);
    // the stored message keeps the plain prompt: the numbers are computed when it is delivered
    const row = await e.store.db.message.findUniqueOrThrow({ where: { key: sent[0]!.message.key } });
    expect((row.payload as { stats?: unknown }).stats).toBeUndefined();
  });

  it('takes a late report after Sunday 18:00, marked late, once the principal has been told', async () => {
    await step('2026-12-06T10:00:00Z');
    const esc = e.messenger
      .to('王建国')
      .filter((s) => s.message.purpose === 'escalation' && s.message.taskKeys.includes(weeklyKey('2026-W49')));
    expect(esc).toHaveLength(1);
    e.clock.set('2026-12-06T15:59:00Z'); // Sunday 23:59 local
    expect(await submitWeeklyReport(e, director, weeklyKey('2026-W49'), report)).toEqual({
      ok: true,
      value: '逾期提交 23:59 · 李明 · 2026-W49 周排查报告',
      tone: 'warning',
    });
    expect(await e.store.db.task.findUniqueOrThrow({ where: { key: weeklyKey('2026-W49') } })).toMatchObject({
      state: 'done',
      late: true,
    });
    const rec = await e.store.db.record.findFirstOrThrow({
      where: { kind: 'weekly_report' },
      orderBy: { seq: 'desc' },
    });
    expect(rec.late).toBe(true);
    expect((rec.payload as { period: string }).period).toBe('2026-W49');
  });

  it('refuses a report once its week has closed (Monday 00:00)', async () => {
    await step('2026-12-07T01:00:00Z');
    expect(prompts('李明', 'weekly_review', '2026-W50')).toHaveLength(1);
    e.clock.set('2026-12-13T16:00:00Z');
    expect(await submitWeeklyReport(e, director, weeklyKey('2026-W50'), report)).toEqual({
      ok: false,
      reason: 'closed',
      message: '2026-W50 的周期已结束，无法再提交；如需补充说明，请联系安全总监',
    });
    expect(await e.store.db.record.count({ where: { kind: 'weekly_report' } })).toBe(2);
  });
});

describe('the monthly dispatch', () => {
  const monthlyKey = () => `task:${UNIT}:monthly:2026-12:${unitId}`;
  const resolutionKey = (n: number) => `task:${UNIT}:resolution:2026-12:${n}`;
  const chase = (n: number) =>
    e.messenger.sent
      .filter(
        (s) =>
          (s.message.purpose === 'reminder' || s.message.purpose === 'escalation') &&
          s.message.taskKeys.includes(resolutionKey(n)),
      )
      .map((s) => [s.to.name, s.message.purpose]);

  it('opens for the principal on the 25th at 09:00', async () => {
    await step('2026-12-25T00:59:00Z');
    expect(prompts('王建国', 'monthly_dispatch', '2026-12')).toHaveLength(0);
    expect(await e.store.db.task.count({ where: { kind: 'monthly', period: '2026-12' } })).toBe(0);
    await step('2026-12-25T01:00:00Z');
    const sent = prompts('王建国', 'monthly_dispatch', '2026-12');
    expect(sent).toHaveLength(1);
    expect(sent[0]!.message.payload).toMatchObject({
      dueAt: '2026-12-31T10:00:00.000Z',
      stats: { hazards: { found: 0, closed: 0, overdue: 1, open: 1 } },
    });
    expect(await e.store.db.task.findUniqueOrThrow({ where: { key: monthlyKey() } })).toMatchObject({
      assigneeId: principal,
      state: 'open',
    });
  });

  it('refuses an unknown owner, a past deadline and anyone but the principal, storing nothing', async () => {
    e.clock.set('2026-12-25T02:00:00Z');
    expect(
      await submitMonthlyMinutes(
        e,
        principal,
        monthlyKey(),
        minutes([{ content: '更换2号楼消防电梯门机', owner: '张飞', deadline: '2027-01-10' }]),
      ),
    ).toEqual({
      ok: false,
      reason: 'invalid',
      message: '责任人“张飞”不在本单位，请从本单位人员中选择',
    });
    expect(
      await submitMonthlyMinutes(
        e,
        principal,
        monthlyKey(),
        minutes([{ content: '锅炉房压力表送检', owner: '赵敏', deadline: '2026-12-20' }]),
      ),
    ).toEqual({
      ok: false,
      reason: 'invalid',
      message: '决议“锅炉房压力表送检”的完成时限 2026-12-20 已过，请重新选择',
    });
    expect(await submitMonthlyMinutes(e, principal, monthlyKey(), { ...minutes([]), nextMonthFocus: '' })).toEqual({
      ok: false,
      reason: 'invalid',
      message: '请填写下月工作重点',
    });
    expect(await submitMonthlyMinutes(e, director, monthlyKey(), minutes([]))).toEqual({
      ok: false,
      reason: 'forbidden',
      message: '此卡片由 王建国 负责，您无权提交',
    });
    expect(await e.store.db.task.count({ where: { kind: 'resolution' } })).toBe(0);
    expect(await e.store.db.record.count({ where: { kind: 'monthly_minutes' } })).toBe(0);
  });

  it('turns two resolutions into tasks of their owners, told at once', async () => {
    const r = await submitMonthlyMinutes(
      e,
      principal,
      monthlyKey(),
      minutes([
        { content: '更换2号楼消防电梯门机', owner: '李明', deadline: '2027-01-10' },
        { content: '锅炉房压力表送检', owner: '赵敏', deadline: '2027-01-05' },
      ]),
    );
    expect(r).toEqual({ ok: true, value: '已提交 10:00 · 王建国 · 2026-12 月调度会议纪要 · 2 条决议' });
    expect(await e.store.db.task.findUniqueOrThrow({ where: { key: monthlyKey() } })).toMatchObject({
      state: 'done',
      late: false,
    });
    const tasks = await e.store.db.task.findMany({ where: { kind: 'resolution' }, orderBy: { key: 'asc' } });
    expect(tasks.map((t) => [t.key, t.assigneeId, t.dueAt.toISOString(), t.state])).toEqual([
      [resolutionKey(1), director, '2027-01-10T09:30:00.000Z', 'open'],
      [resolutionKey(2), ids['赵敏'], '2027-01-05T09:30:00.000Z', 'open'],
    ]);

    const rec = await e.store.db.record.findFirstOrThrow({ where: { kind: 'monthly_minutes' } });
    const p = rec.payload as { period: string; resolutions: unknown[]; stats: { daily: unknown } };
    expect(p.period).toBe('2026-12');
    expect(p.resolutions).toEqual([
      { content: '更换2号楼消防电梯门机', owner: '李明', deadline: '2027-01-10', ownerId: director, ownerName: '李明' },
      { content: '锅炉房压力表送检', owner: '赵敏', deadline: '2027-01-05', ownerId: ids['赵敏'], ownerName: '赵敏' },
    ]);
    // December so far, counted again at submission: 24 days of 9 devices due, none of them answered
    // (the 25th's checks, open until 17:30, are not due yet)
    expect(p.stats.daily).toMatchObject({ due: 216, done: 0 });
    expect(rec.payload).toMatchObject({ statsAsOf: '2026-12-25T02:00:00.000Z', statsThrough: '2026-12-25' });

    await dispatchOutbox(e);
    const assigned = e.messenger.sent.filter((s) => s.message.payload.type === 'resolution_assigned');
    expect(assigned.map((s) => [s.to.name, s.message.payload])).toEqual([
      [
        '李明',
        {
          type: 'resolution_assigned',
          unitName: '天津万家物业管理有限公司',
          taskKey: resolutionKey(1),
          content: '更换2号楼消防电梯门机',
          deadline: '2027-01-10T09:30:00.000Z',
          from: '王建国',
          period: '2026-12',
        },
      ],
      [
        '赵敏',
        {
          type: 'resolution_assigned',
          unitName: '天津万家物业管理有限公司',
          taskKey: resolutionKey(2),
          content: '锅炉房压力表送检',
          deadline: '2027-01-05T09:30:00.000Z',
          from: '王建国',
          period: '2026-12',
        },
      ],
    ]);
    e.clock.set('2026-12-25T02:10:00Z');
    expect(await submitMonthlyMinutes(e, principal, monthlyKey(), minutes([]))).toEqual({
      ok: false,
      reason: 'already_done',
      message: '已于 10:00 提交，无需重复提交',
    });
  });

  it('reminds the owner a day before the deadline, then the director, then the principal, each once', async () => {
    await step('2027-01-04T09:29:00Z');
    expect(chase(2)).toEqual([]);
    await step('2027-01-04T09:30:00Z');
    await step('2027-01-04T09:31:00Z');
    expect(chase(2)).toEqual([['赵敏', 'reminder']]);
    await step('2027-01-05T09:30:00Z');
    await step('2027-01-05T12:00:00Z');
    expect(chase(2)).toEqual([
      ['赵敏', 'reminder'],
      ['李明', 'escalation'],
    ]);
    await step('2027-01-06T09:30:00Z');
    await step('2027-01-06T09:31:00Z');
    expect(chase(2)).toEqual([
      ['赵敏', 'reminder'],
      ['李明', 'escalation'],
      ['王建国', 'escalation'],
    ]);
    const esc = e.messenger.sent.find(
      (s) => s.message.purpose === 'escalation' && s.message.taskKeys.includes(resolutionKey(2)),
    )!.message.payload;
    if (esc.type !== 'escalation') throw new Error('wrong payload');
    expect(esc.groups).toEqual([
      {
        person: { id: ids['赵敏'], name: '赵敏' },
        items: [expect.objectContaining({ taskKey: resolutionKey(2), label: '调度决议：锅炉房压力表送检' })],
      },
    ]);
    // the director's own resolution is not due yet
    expect(chase(1)).toEqual([]);
  });

  it('is completed only by its owner; late is marked, and the reminders stop', async () => {
    e.clock.set('2027-01-06T10:00:00Z');
    expect(await completeResolution(e, director, resolutionKey(2), '已送检')).toEqual({
      ok: false,
      reason: 'forbidden',
      message: '此卡片由 赵敏 负责，您无权提交',
    });
    expect(await completeResolution(e, ids['赵敏']!, resolutionKey(2), ' 已送检，合格 ')).toEqual({
      ok: true,
      value: '已完成 · 赵敏（逾期）',
      tone: 'warning',
    });
    const rec = await e.store.db.record.findFirstOrThrow({ where: { kind: 'resolution_done' } });
    expect(rec).toMatchObject({ personId: ids['赵敏'], late: true });
    expect(rec.payload).toEqual({ content: '锅炉房压力表送检', note: '已送检，合格' });
    expect(await completeResolution(e, ids['赵敏']!, resolutionKey(2), '')).toEqual({
      ok: false,
      reason: 'already_done',
      message: '已于 18:00 提交，无需重复提交',
    });

    e.clock.set('2027-01-08T02:00:00Z');
    expect(await completeResolution(e, director, resolutionKey(1), '门机已更换')).toEqual({
      ok: true,
      value: '已完成 · 李明',
    });
    const before = e.messenger.sent.length;
    await step('2027-01-09T09:30:00Z');
    await step('2027-01-10T09:30:00Z');
    await step('2027-01-11T09:30:00Z');
    expect(chase(1)).toEqual([]);
    expect(chase(2)).toHaveLength(3);
    expect(e.messenger.sent.slice(before).filter((s) => s.message.key.includes(':resolution:'))).toEqual([]);
  });
});
