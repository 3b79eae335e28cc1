import { describe, expect, it } from 'vitest';
import {
  answerDialog,
  type DialogField,
  type DialogTurn,
  readDate,
  startDailyDialog,
  startFormDialog,
} from '../../../src/app/dialogs/dialog.js';
import { dailyAnswerFromForm } from '../../../src/app/handle-card-action.js';
import { checkDeviceAnswer } from '../../../src/domain/answers/daily-answer.js';
import type { ItemView } from '../../../src/domain/engine/payloads.js';

const today = '2026-12-08';
const items: ItemView[] = [
  { seq: 1, group: '设备', content: '轿厢照明正常', standard: '灯亮', required: true },
  { seq: 2, group: '设备', content: '层门无异响', standard: '无异响', required: true },
  { seq: 3, group: '设备', content: '应急电话可用', standard: '能接通', required: true },
];

function ask(t: DialogTurn) {
  if (t.type !== 'ask') throw new Error(`expected a question, got ${JSON.stringify(t)}`);
  return t;
}
const text = (t: DialogTurn, s: string) => answerDialog(ask(t).state, { type: 'text', text: s }, today);
const tap = (t: DialogTurn, label: string) => {
  const a = ask(t);
  const index = a.question.choices.findIndex((c) => c.label === label);
  if (index < 0) throw new Error(`no button ${label}: ${a.question.choices.map((c) => c.label).join('/')}`);
  return answerDialog(a.state, { type: 'choice', dialogId: a.state.id, step: a.state.step, index }, today);
};

describe('daily 异常 dialog', () => {
  const start = () =>
    startDailyDialog({ id: 'dlg1', messageId: 'm1', zone: 'Asia/Shanghai', taskKey: 'T1', device: '1号客梯', items });

  it(
    'asks item, description, level, measures, stopped, then other items; ' + 'submits the card form the use case reads',
    () => {
      let t = start();
      expect(ask(t).question.text).toContain('哪一项异常');
      t = tap(t, '2. 层门无异响');
      expect(ask(t).question.text).toContain('问题描述');
      t = text(t, '层门开关时有<异响> & 抖动');
      t = tap(t, '严重隐患');
      t = text(t, '已通知维保');
      t = tap(t, '已停止使用');
      expect(ask(t).question.detail).toContain('层门开关时有<异响> & 抖动');
      t = tap(t, '其余各项均正常，提交');
      expect(t.type).toBe('submit');
      if (t.type !== 'submit') return;
      expect(t.action).toEqual({ a: 'daily_submit', k: 'T1' });
      const answer = dailyAnswerFromForm('T1', t.form);
      const checked = checkDeviceAnswer('1号客梯', items, answer);
      expect(checked).toEqual({ ok: true, items: expect.any(Array) });
      if (!checked.ok) return;
      expect(checked.items.map((i) => i.result)).toEqual(['normal', 'abnormal', 'normal']);
      expect(checked.items[1]).toMatchObject({
        description: '层门开关时有<异响> & 抖动',
        level: 'serious',
        measures: '已通知维保',
        stoppedUse: true,
      });
    },
  );

  it('marks items 不适用 as the card does, before or after 异常 items; the rest 正常 only when said', () => {
    let t = tap(start(), '标记不适用的项');
    expect(ask(t).question.text).toContain('哪一项不适用');
    t = tap(t, '3. 应急电话可用');
    expect(ask(t).question.detail).toContain('不适用：3. 应急电话可用');
    t = tap(t, '还有其他异常项');
    // an item already answered is not offered again
    expect(ask(t).question.choices.map((c) => c.label)).toEqual([
      '1. 轿厢照明正常',
      '2. 层门无异响',
      '标记不适用的项',
      '取消',
    ]);
    t = tap(t, '1. 轿厢照明正常');
    t = text(t, '灯管闪烁');
    t = tap(t, '一般隐患');
    t = text(t, '已报修');
    t = tap(t, '未停止使用');
    t = tap(t, '其余各项均正常，提交');
    if (t.type !== 'submit') throw new Error(JSON.stringify(t));
    const checked = checkDeviceAnswer('1号客梯', items, dailyAnswerFromForm('T1', t.form));
    if (!checked.ok) throw new Error(JSON.stringify(checked));
    expect(checked.items.map((i) => i.result)).toEqual(['abnormal', 'normal', 'na']);
  });

  it('only 不适用 items, no 异常: recorded with the rest 正常', () => {
    let t = tap(start(), '标记不适用的项');
    t = text(t, '2');
    t = tap(t, '其余各项均正常，提交');
    if (t.type !== 'submit') throw new Error(JSON.stringify(t));
    const checked = checkDeviceAnswer('1号客梯', items, dailyAnswerFromForm('T1', t.form));
    if (!checked.ok) throw new Error(JSON.stringify(checked));
    expect(checked.items.map((i) => i.result)).toEqual(['normal', 'na', 'normal']);
  });

  it('takes several 异常 items, offering only those not chosen yet', () => {
    let t = tap(start(), '1. 轿厢照明正常');
    t = tap(tap(text(tap(text(t, '灯不亮'), '一般隐患'), '已报修'), '未停止使用'), '还有其他异常项');
    expect(ask(t).question.choices.map((c) => c.label)).toEqual([
      '2. 层门无异响',
      '3. 应急电话可用',
      '标记不适用的项',
      '取消',
    ]);
    t = text(t, '3'); // a typed item number fits too
    t = text(tap(text(t, '电话无声'), '一般隐患'), '已报修');
    t = tap(tap(t, '未停止使用'), '其余各项均正常，提交');
    if (t.type !== 'submit') throw new Error('not submitted');
    const checked = checkDeviceAnswer('1号客梯', items, dailyAnswerFromForm('T1', t.form));
    expect(checked.ok && checked.items.map((i) => i.result)).toEqual(['abnormal', 'normal', 'abnormal']);
  });

  it('refuses text over the card limit and asks again, keeping the state', () => {
    let t = tap(start(), '1. 轿厢照明正常');
    const long = '字'.repeat(501);
    const again = text(t, long);
    expect(ask(again).question.detail).toContain('最多 500 字，您回复了 501 字');
    expect(ask(again).state.step).toBe(ask(t).state.step);
    t = text(again, '字'.repeat(500));
    expect(ask(t).question.text).toContain('隐患等级');
  });

  it('cancels by button or typed 取消 and says nothing was saved', () => {
    expect(tap(start(), '取消')).toMatchObject({ type: 'cancelled', text: expect.stringContaining('没有保存') });
    expect(text(tap(start(), '1. 轿厢照明正常'), ' 取消 ')).toMatchObject({ type: 'cancelled' });
  });

  it('refuses a tap on an older question (stale step or another dialog)', () => {
    const first = ask(start());
    const second = ask(tap(first, '1. 轿厢照明正常'));
    const stale = answerDialog(
      second.state,
      { type: 'choice', dialogId: 'dlg1', step: first.state.step, index: 0 },
      today,
    );
    expect(ask(stale).question.detail).toContain('已经回答过');
    const other = answerDialog(
      second.state,
      { type: 'choice', dialogId: 'other', step: second.state.step, index: 0 },
      today,
    );
    expect(ask(other).state.step).toBe(second.state.step);
  });

  it('a typed answer that is no option is refused on a choice question', () => {
    const t = text(tap(start(), '1. 轿厢照明正常'), '灯不亮');
    expect(ask(text(t, '很严重')).question.detail).toContain('不是可选的答案');
  });
});

describe('form dialogs', () => {
  const weekly: DialogField[] = [
    {
      id: 'findings',
      label: '本周主要风险隐患及整改情况',
      kind: 'text',
      required: false,
      initial: '第50周应检 10 台次',
      max: 2000,
    },
    { id: 'evaluation', label: '本周安全管理情况评价', kind: 'text', required: true, max: 2000 },
    { id: 'decisionsNeeded', label: '需提请主要负责人决策的事项', kind: 'text', required: false, max: 2000 },
  ];

  it(
    'offers 保持草稿 for a draft, 留空 for an optional field, ' +
      'requires the required one, then submits after the summary',
    () => {
      let t = startFormDialog({
        id: 'w1',
        messageId: 'm2',
        zone: 'Asia/Shanghai',
        topic: '周排查报告',
        action: { a: 'weekly_submit', k: 'W1' },
        fields: weekly,
      });
      expect(ask(t).question.detail).toContain('草稿：第50周应检 10 台次');
      t = tap(t, '保持草稿');
      expect(ask(t).question.choices.map((c) => c.label)).toEqual(['取消']);
      expect(ask(text(t, '   ')).question.detail).toContain('不能为空');
      t = text(t, '良好');
      t = tap(t, '留空');
      expect(ask(t).question.detail).toContain('· 本周安全管理情况评价：良好');
      t = tap(t, '提交');
      // (the submit also carries the dialog's last state, for a
      // contradiction question: tests/unit/contradictions.test.ts)
      expect(t).toMatchObject({
        type: 'submit',
        messageId: 'm2',
        action: { a: 'weekly_submit', k: 'W1' },
        form: { findings: '第50周应检 10 台次', evaluation: '良好', decisionsNeeded: '' },
        topic: '周排查报告',
      });
    },
  );

  it('a monthly resolution row left empty skips its owner and deadline and the rows after it', () => {
    const fields: DialogField[] = [
      { id: 'r1_content', label: '决议 1', kind: 'text', required: false, max: 500 },
      { id: 'r1_owner', label: '责任人', kind: 'choice', required: true, options: [{ value: 'p1', label: '张三' }] },
      { id: 'r1_deadline', label: '完成时限', kind: 'date', required: true },
      { id: 'r2_content', label: '决议 2', kind: 'text', required: false, max: 500 },
      { id: 'nextMonthFocus', label: '下月工作重点', kind: 'text', required: true, max: 2000 },
    ];
    let t = startFormDialog({
      id: 'mm',
      messageId: 'm3',
      zone: 'Asia/Shanghai',
      topic: '月调度纪要',
      action: { a: 'monthly_submit', k: 'M1' },
      fields,
    });
    t = text(t, '更换钢丝绳');
    t = tap(t, '张三');
    expect(ask(text(t, '明天吧')).question.detail).toContain('不是日期');
    t = text(t, '12月31日');
    t = tap(t, '留空');
    expect(ask(t).question.text).toContain('下月工作重点');
    t = tap(text(t, '冬季防滑'), '提交');
    expect(t.type === 'submit' && t.form).toEqual({
      r1_content: '更换钢丝绳',
      r1_owner: 'p1',
      r1_deadline: '2026-12-31',
      r2_content: '',
      nextMonthFocus: '冬季防滑',
    });
  });

  it('one field: submits right after the answer (研判意见)', () => {
    const t = startFormDialog({
      id: 'h1',
      messageId: 'm4',
      zone: 'Asia/Shanghai',
      topic: '隐患 #3 研判',
      action: { a: 'hazard_confirm', h: 'H3' },
      fields: [{ id: 'note', label: '研判意见', kind: 'text', required: true, max: 500 }],
    });
    expect(text(t, '立即停梯维修')).toMatchObject({ type: 'submit', form: { note: '立即停梯维修' } });
  });

  it('no field: submits at once', () => {
    expect(
      startFormDialog({
        id: 'a1',
        messageId: 'm5',
        zone: 'Asia/Shanghai',
        topic: '知悉',
        action: { a: 'ack', k: ['K'] },
        fields: [],
      }),
    ).toMatchObject({ type: 'submit', form: {} });
  });
});

describe('readDate', () => {
  it('reads the forms people type and refuses impossible dates', () => {
    expect(readDate('今天', today)).toBe(today);
    expect(readDate('昨天', today)).toBe('2026-12-07');
    expect(readDate('2027-01-05', today)).toBe('2027-01-05');
    expect(readDate('1/5', today)).toBe('2026-01-05');
    expect(readDate('2月30日', today)).toBe('invalid');
    expect(readDate('2月29日', today)).toBe('invalid'); // 2026 is not a leap year
    expect(readDate('明天', today)).toBe('2026-12-09');
    expect(readDate('２０２７年１月５日', today)).toBe('2027-01-05');
    expect(readDate('3天', today)).toBeNull();
    expect(readDate('下周', today)).toBeNull();
  });
});
