/** 两员意见建议: officers and the director advise the principal, who must answer in time. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerAdvice, sendAdvice } from '../../src/app/advice.js';
import { dispatchOutbox } from '../../src/app/dispatch-outbox.js';
import { runTick } from '../../src/app/run-tick.js';
import { demoEngine, type TestEngine } from '../helpers/engine.js';

const UNIT = 'wanjia-property';

describe('advice to the principal', () => {
  let e: TestEngine;
  let unitId = '';
  let zhang = '';
  let li = '';
  let principal = '';
  /** answered in time */
  let adopted = { adviceId: '', taskKey: '' };
  /** left unanswered until after its due time */
  let pending = { adviceId: '', taskKey: '' };

  const person = async (name: string) => (await e.store.db.person.findFirstOrThrow({ where: { name } })).id;
  const step = async (iso: string) => {
    e.clock.set(iso);
    await runTick(e);
    await dispatchOutbox(e);
  };
  const about = (adviceId: string) => e.messenger.sent.filter((s) => s.message.key.includes(`:advice:${adviceId}:`));
  const chase = (adviceId: string) =>
    about(adviceId)
      .filter((s) => s.message.purpose === 'reminder' || s.message.purpose === 'escalation')
      .map((s) => [s.to.name, s.message.purpose]);

  beforeAll(async () => {
    e = await demoEngine({ start: '2026-12-01T00:30:00Z' });
    await step('2026-12-01T00:30:00Z');
    unitId = (await e.store.db.unit.findUniqueOrThrow({ where: { key: UNIT } })).id;
    [zhang, li, principal] = (await Promise.all(['张三', '李四', '王建国'].map(person))) as [string, string, string];
  });
  afterAll(async () => e?.close());

  it('takes advice from an officer and asks the principal to answer within three days', async () => {
    e.clock.set('2026-12-01T01:00:00Z');
    const r = await sendAdvice(e, zhang, unitId, ' 建议为1号楼电梯加装轿厢视频监控 ');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    adopted = r.value;
    expect(r.value.line).toBe('已提交给 王建国，请其在期限内答复');
    expect(r.value.taskKey).toBe(`task:${UNIT}:advice:2026-12-01:${r.value.adviceId}`);

    const advice = await e.store.db.advice.findUniqueOrThrow({ where: { id: r.value.adviceId } });
    expect(advice).toMatchObject({
      unitId,
      fromId: zhang,
      toId: principal,
      content: '建议为1号楼电梯加装轿厢视频监控',
      answer: null,
    });
    expect(advice.dueAt.toISOString()).toBe('2026-12-04T09:30:00.000Z');
    expect(await e.store.db.task.findUniqueOrThrow({ where: { key: r.value.taskKey } })).toMatchObject({
      kind: 'advice',
      assigneeId: principal,
      state: 'open',
      dueAt: advice.dueAt,
    });
    const rec = await e.store.db.record.findFirstOrThrow({ where: { kind: 'advice' } });
    expect(rec).toMatchObject({ personId: zhang, late: false });
    expect(rec.payload).toEqual({
      adviceId: r.value.adviceId,
      to: principal,
      content: '建议为1号楼电梯加装轿厢视频监控',
    });

    await dispatchOutbox(e);
    const asked = about(adopted.adviceId);
    expect(asked.map((s) => [s.to.name, s.message.purpose])).toEqual([['王建国', 'advice']]);
    expect(asked[0]!.message.payload).toEqual({
      type: 'advice_request',
      unitName: '天津万家物业管理有限公司',
      adviceId: adopted.adviceId,
      taskKey: adopted.taskKey,
      from: '张三',
      content: '建议为1号楼电梯加装轿厢视频监控',
      dueAt: '2026-12-04T09:30:00.000Z',
    });
  });

  it('does not let the principal advise himself, nor take empty advice', async () => {
    expect(await sendAdvice(e, principal, unitId, '加强培训')).toEqual({
      ok: false,
      reason: 'forbidden',
      message: '意见建议由安全总监或安全员向主要负责人提出',
    });
    expect(await sendAdvice(e, 'someone-from-elsewhere', unitId, '加强培训')).toEqual({
      ok: false,
      reason: 'forbidden',
      message: '意见建议由安全总监或安全员向主要负责人提出',
    });
    expect(await sendAdvice(e, li, unitId, '  ')).toEqual({
      ok: false,
      reason: 'invalid',
      message: '请写明意见建议的内容',
    });
    expect(await e.store.db.advice.count()).toBe(1);
  });

  it('refuses a rejection without a reason, and an answer from anyone but the principal', async () => {
    e.clock.set('2026-12-01T02:00:00Z');
    expect(await answerAdvice(e, principal, adopted.taskKey, 'rejected', '  ')).toEqual({
      ok: false,
      reason: 'invalid',
      message: '不采纳时请说明理由',
    });
    expect(await answerAdvice(e, zhang, adopted.taskKey, 'adopted', '')).toEqual({
      ok: false,
      reason: 'forbidden',
      message: '此卡片由 王建国 负责，您无权提交',
    });
    expect(await answerAdvice(e, principal, 'task:nope', 'adopted', '')).toEqual({
      ok: false,
      reason: 'not_found',
      message: '找不到这条意见建议',
    });
    expect((await e.store.db.advice.findUniqueOrThrow({ where: { id: adopted.adviceId } })).answer).toBeNull();
  });

  it('tells the sender when the principal adopts it, and takes no second answer', async () => {
    e.clock.set('2026-12-01T03:00:00Z');
    expect(await answerAdvice(e, principal, adopted.taskKey, 'adopted', '')).toEqual({
      ok: true,
      value: '已答复：采纳 · 王建国',
    });
    const advice = await e.store.db.advice.findUniqueOrThrow({ where: { id: adopted.adviceId } });
    expect(advice).toMatchObject({ answer: 'adopted', reason: '', answeredAt: new Date('2026-12-01T03:00:00Z') });
    expect(await e.store.db.task.findUniqueOrThrow({ where: { key: adopted.taskKey } })).toMatchObject({
      state: 'done',
      late: false,
    });
    const rec = await e.store.db.record.findFirstOrThrow({ where: { kind: 'advice_answer' } });
    expect(rec).toMatchObject({ personId: principal, late: false });
    expect(rec.payload).toEqual({ adviceId: adopted.adviceId, answer: 'adopted', reason: '' });

    await dispatchOutbox(e);
    const answered = about(adopted.adviceId).filter((s) => s.message.payload.type === 'advice_answered');
    expect(answered.map((s) => s.to.name)).toEqual(['张三']);
    expect(answered[0]!.message.payload).toEqual({
      type: 'advice_answered',
      unitName: '天津万家物业管理有限公司',
      adviceId: adopted.adviceId,
      content: '建议为1号楼电梯加装轿厢视频监控',
      answer: 'adopted',
      reason: '',
      by: '王建国',
    });

    e.clock.set('2026-12-01T04:00:00Z');
    expect(await answerAdvice(e, principal, adopted.taskKey, 'rejected', '改主意了')).toEqual({
      ok: false,
      reason: 'already_done',
      message: '这条意见建议已经答复',
    });
    expect((await e.store.db.advice.findUniqueOrThrow({ where: { id: adopted.adviceId } })).answer).toBe('adopted');
  });

  it('reminds the principal one day before an unanswered advice falls due, once', async () => {
    e.clock.set('2026-12-01T05:00:00Z');
    const r = await sendAdvice(e, li, unitId, '建议更换2号楼消防电梯的应急照明电池');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    pending = r.value;
    await dispatchOutbox(e);

    await step('2026-12-03T09:29:00Z');
    expect(chase(pending.adviceId)).toEqual([]);
    await step('2026-12-03T09:30:00Z');
    await step('2026-12-03T09:31:00Z');
    expect(chase(pending.adviceId)).toEqual([['王建国', 'reminder']]);
    const p = about(pending.adviceId).find((s) => s.message.purpose === 'reminder')!.message.payload;
    expect(p).toMatchObject({
      type: 'reminder',
      kind: 'advice',
      dueAt: '2026-12-04T09:30:00.000Z',
      items: [{ taskKey: pending.taskKey, label: '答复意见建议：建议更换2号楼消防电梯的应急照明电池' }],
    });
    // the answered one is left alone
    expect(chase(adopted.adviceId)).toEqual([]);
  });

  it('at the due time tells both the principal and the director, once', async () => {
    await step('2026-12-04T09:29:00Z');
    expect(chase(pending.adviceId)).toHaveLength(1);
    await step('2026-12-04T09:30:00Z');
    await step('2026-12-04T09:45:00Z');
    expect(chase(pending.adviceId).sort()).toEqual([
      ['李明', 'escalation'],
      ['王建国', 'escalation'],
      ['王建国', 'reminder'],
    ]);
    const esc = about(pending.adviceId).find((s) => s.message.purpose === 'escalation')!.message.payload;
    if (esc.type !== 'escalation') throw new Error('wrong payload');
    expect(esc.groups.map((g) => [g.person.name, g.items.map((i) => i.taskKey)])).toEqual([
      ['王建国', [pending.taskKey]],
    ]);
    expect(chase(adopted.adviceId)).toEqual([]);
  });

  it('takes a late rejection with a reason, marked late, and then goes quiet', async () => {
    e.clock.set('2026-12-04T10:00:00Z');
    expect(await answerAdvice(e, principal, pending.taskKey, 'rejected', '电池上月已更换，检测合格')).toEqual({
      ok: true,
      value: '已答复：不采纳 · 王建国',
      tone: 'warning',
    });
    expect(await e.store.db.task.findUniqueOrThrow({ where: { key: pending.taskKey } })).toMatchObject({
      state: 'done',
      late: true,
    });
    expect(
      (await e.store.db.record.findMany({ where: { kind: 'advice_answer' }, orderBy: { seq: 'asc' } })).map(
        (x) => x.late,
      ),
    ).toEqual([false, true]);
    await dispatchOutbox(e);
    const answered = about(pending.adviceId).filter((s) => s.message.payload.type === 'advice_answered');
    expect(
      answered.map((s) => [
        s.to.name,
        (s.message.payload as { answer: string; reason: string }).answer,
        (s.message.payload as { reason: string }).reason,
      ]),
    ).toEqual([['李四', 'rejected', '电池上月已更换，检测合格']]);
    const before = about(pending.adviceId).length;
    await step('2026-12-05T09:30:00Z');
    await step('2026-12-08T09:30:00Z');
    expect(about(pending.adviceId)).toHaveLength(before);
  });
});
