/**
 * The contradiction rule (domain/answers/contradictions.ts) on its own, and the dialog step that
 * asks it on a channel without forms: 确定提交 submits the same answers confirmed, 返回修改 asks the
 * form again with the answers as drafts.
 */
import { describe, expect, it } from 'vitest';
import { answerDialog, askContradiction, type DialogTurn, startFormDialog } from '../../src/app/dialogs/dialog.js';
import {
  monthlyContradictions,
  type PeriodFacts,
  saysAllRectified,
  saysNothing,
  weeklyContradictions,
} from '../../src/domain/answers/contradictions.js';

const now = new Date('2026-12-03T02:00:00Z');
const facts = (
  o: { found?: number; open?: { level: 'general' | 'serious' | 'major'; deadline: string }[] } = {},
): PeriodFacts => ({
  stats: {
    devices: { inUse: 1, paused: 0, stopped: 0 },
    daily: { due: 0, done: 0, zeroRisk: 0, late: 0, missed: 0 },
    hazards: { found: o.found ?? 0, closed: 0, overdue: 0, open: o.open?.length ?? 0 },
  },
  openHazards: o.open ?? [],
  now,
});
const serious = { level: 'serious' as const, deadline: '2026-12-10T00:00:00Z' };
const lateGeneral = { level: 'general' as const, deadline: '2026-12-01T00:00:00Z' };

describe('free text that says “nothing”', () => {
  it('reads the ways people write it, and not a text that says something', () => {
    for (const t of [
      '无',
      '无。',
      ' 无 ',
      '没有',
      '暂无',
      '本周无隐患',
      '主要问题：无',
      '未发现问题',
      '一切正常',
      '无问题',
      'N/A',
    ])
      expect(saysNothing(t), t).toBe(true);
    for (const t of ['', '无障碍通道堵塞', '1号梯门机异响，已通知维保', '无人值守的机房门未锁', '正常运行但噪音偏大'])
      expect(saysNothing(t), t).toBe(false);
    for (const t of ['已全部整改', '均已整改到位', '全部整改完毕']) expect(saysAllRectified(t), t).toBe(true);
    expect(saysAllRectified('3项已整改，1项待配件')).toBe(false);
  });
});

describe('weekly and monthly contradictions', () => {
  it('asks the question of the brief for “无” with one open serious hazard', () => {
    expect(weeklyContradictions({ findings: '无', lastWeekVerification: '' }, facts({ open: [serious] }))).toEqual([
      '本周有 1 条严重隐患仍未闭环，确定填写“无”吗？',
    ]);
    expect(weeklyContradictions({ findings: '无', lastWeekVerification: '' }, facts({ found: 2 }))).toEqual([
      '本周新发现 2 条隐患，确定填写“无”吗？',
    ]);
  });
  it('asks nothing when the text agrees with the data, or says something', () => {
    expect(weeklyContradictions({ findings: '无', lastWeekVerification: '' }, facts())).toEqual([]);
    expect(
      weeklyContradictions(
        { findings: '无', lastWeekVerification: '' },
        facts({ open: [{ ...serious, level: 'general' }] }),
      ),
    ).toEqual([]);
    expect(
      weeklyContradictions(
        { findings: '1号梯曳引绳断股，已停梯待换绳', lastWeekVerification: '' },
        facts({ open: [serious], found: 1 }),
      ),
    ).toEqual([]);
  });
  it('“已全部整改” with a hazard past its deadline', () => {
    expect(
      weeklyContradictions({ findings: '见下', lastWeekVerification: '均已整改到位' }, facts({ open: [lateGeneral] })),
    ).toEqual(['仍有 1 条隐患超过整改期限未闭环，确定填写“均已整改到位”吗？']);
  });
  it('monthly: 本月主要问题 and 尚未解决的问题', () => {
    expect(
      monthlyContradictions({ mainProblems: '无', unresolved: '无' }, facts({ found: 3, open: [lateGeneral] })),
    ).toEqual([
      '本月新发现 3 条隐患，确定“本月主要问题”填写“无”吗？',
      '仍有 1 条隐患未闭环，确定“尚未解决的问题”填写“无”吗？',
    ]);
    expect(monthlyContradictions({ mainProblems: '无', unresolved: '' }, facts())).toEqual([]);
  });
});

describe('the dialog step', () => {
  const fields = [
    { id: 'findings', label: '本周主要风险隐患及整改情况', kind: 'text' as const, required: false },
    { id: 'evaluation', label: '评价', kind: 'text' as const, required: true },
  ];
  const filled = (): Extract<DialogTurn, { type: 'submit' }> => {
    let t = startFormDialog({
      id: 'd1',
      messageId: 'm1',
      zone: 'Asia/Shanghai',
      topic: '周报',
      action: { a: 'weekly_submit', k: 'k1' },
      fields,
    });
    for (const text of ['无', '良好'])
      t = answerDialog((t as Extract<DialogTurn, { type: 'ask' }>).state, { type: 'text', text }, '2026-12-03');
    t = answerDialog(
      (t as Extract<DialogTurn, { type: 'ask' }>).state,
      { type: 'choice', dialogId: 'd1', step: 2, index: 0 },
      '2026-12-03',
    );
    expect(t.type).toBe('submit');
    return t as Extract<DialogTurn, { type: 'submit' }>;
  };
  it('确定提交 submits the same answers, confirmed', () => {
    const q = askContradiction(filled().state!, '本周有 1 条严重隐患仍未闭环，确定填写“无”吗？');
    if (q.type !== 'ask') throw new Error('not asked');
    expect(q.question.text).toContain('确定填写“无”吗？');
    expect(q.question.choices.map((c) => c.label)).toEqual(['确定提交', '返回修改', '取消']);
    const t = answerDialog(q.state, { type: 'choice', dialogId: 'd1', step: q.question.step, index: 0 }, '2026-12-03');
    expect(t).toMatchObject({
      type: 'submit',
      action: { a: 'weekly_submit', k: 'k1', cf: true },
      form: { findings: '无', evaluation: '良好' },
    });
  });
  it('返回修改 asks again, each answer as its draft', () => {
    const q = askContradiction(filled().state!, '？');
    if (q.type !== 'ask') throw new Error('not asked');
    const t = answerDialog(q.state, { type: 'choice', dialogId: 'd1', step: q.question.step, index: 1 }, '2026-12-03');
    if (t.type !== 'ask') throw new Error('not asked again');
    expect(t.question.detail).toBe('草稿：无');
    expect(t.question.choices.map((c) => c.label)).toContain('保持草稿');
  });
});
