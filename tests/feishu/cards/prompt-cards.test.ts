/** Every payload type renders valid cards; hazards, escalations, advice, resolutions; the done state. */
import { describe, expect, it } from 'vitest';
import { cardActionValueSchema, renderCards, renderDone } from '../../../src/adapters/feishu/cards/index.js';
import type { Payload } from '../../../src/domain/engine/payloads.js';
import { assertValid, callbackValues, click, named, textOf } from './card-helpers.js';
import { ctx, everyPayload, hazardNotice, taskKey } from './fixtures.js';

describe('every payload type', () => {
  it.each(everyPayload().map((p) => [p.type, p] as const))(
    '%s renders valid cards whose callback values parse',
    (_type, p) => {
      const cards = renderCards(p, ctx);
      expect(cards.length).toBeGreaterThan(0);
      for (const card of cards) {
        assertValid(card);
        for (const v of callbackValues(card)) expect(cardActionValueSchema.safeParse(v).success).toBe(true);
      }
    },
  );

  it.each(everyPayload().map((p) => [p.type, p] as const))('%s has a read-only done state', (_type, p) => {
    const card = renderDone(p, ctx, '已提交 18:02 · 李总监', 'green');
    assertValid(card);
    expect(card.header).toMatchObject({ template: 'green', subtitle: { content: '已提交 18:02 · 李总监' } });
    expect(callbackValues(card)).toEqual([]);
    expect(textOf(card)).toContain("<font color='green'>**已提交 18:02 · 李总监**</font>");
  });
});

describe('hazard cards by action', () => {
  it('confirm: a red card whose 研判意见 is required before {a:hazard_confirm, h}', () => {
    const card = renderCards(hazardNotice('confirm', 'major'), ctx)[0]!;
    expect(card.header).toMatchObject({ template: 'red', title: { content: '重大隐患 · 1号楼1号客梯' } });
    expect(callbackValues(card)).toEqual([{ a: 'hazard_confirm', h: 'hz-42' }]);
    expect(textOf(card)).toContain('**停止使用**：已停止使用');
    expect(click(card, 'confirm_submit')).toMatchObject({ failure: 'required_missing', missing: ['note'] });
    expect(click(card, 'confirm_submit', { note: '门机调整，停梯检修' })).toMatchObject({
      action: { value: { a: 'hazard_confirm', h: 'hz-42' }, form_value: { note: '门机调整，停梯检修' } },
    });
  });

  it('names the hazard by its number and shows its state in the header: never green until verified', () => {
    for (const state of ['open', 'rectifying', 'rectified'] as const) {
      const card = renderCards({ ...hazardNotice('rectify', 'serious'), hazardNo: 12, state }, ctx)[0]!;
      expect(card.header.template).toBe('red');
      expect(card.header.title.content).toBe(
        `【${{ open: '待研判', rectifying: '整改中', rectified: '待核实' }[state]}】严重隐患 #12 · 1号楼1号客梯`,
      );
      expect(textOf(card)).toContain('也可直接回复：“整改 12 整改情况”');
    }
    expect(
      renderCards({ ...hazardNotice('inform', 'general'), hazardNo: 3, state: 'rectifying' }, ctx)[0]!.header.template,
    ).toBe('orange');
    expect(
      renderCards({ ...hazardNotice('inform', 'serious'), hazardNo: 3, state: 'verified' }, ctx)[0]!.header.template,
    ).toBe('green');
  });

  it('rectify: the rectification is required, then {a:hazard_rectify, h}', () => {
    const card = renderCards(hazardNotice('rectify', 'general'), ctx)[0]!;
    expect(card.header.template).toBe('orange');
    expect(click(card, 'rectify_submit')).toMatchObject({ failure: 'required_missing', missing: ['rectification'] });
    expect(click(card, 'rectify_submit', { rectification: '已更换' })).toMatchObject({
      action: { value: { a: 'hazard_rectify', h: 'hz-42' }, form_value: { rectification: '已更换' } },
    });
  });

  it('verify: shows the rectification; 通过 and 退回 carry ok true/false with the comment', () => {
    const card = renderCards(hazardNotice('verify'), ctx)[0]!;
    expect(textOf(card)).toContain('**整改情况**：更换曳引轮轴承，试运行正常');
    expect(click(card, 'verify_ok')).toMatchObject({ action: { value: { a: 'hazard_verify', h: 'hz-42', ok: true } } });
    expect(click(card, 'verify_reject', { comment: '仍有异响' })).toMatchObject({
      action: { value: { a: 'hazard_verify', h: 'hz-42', ok: false }, form_value: { comment: '仍有异响' } },
    });
  });

  it('inform: no buttons', () => {
    const card = renderCards(hazardNotice('inform'), ctx)[0]!;
    expect(callbackValues(card)).toEqual([]);
    expect(card.header.subtitle?.content).toBe('示范医院 · 请知悉');
  });
});

describe('escalations and reminders', () => {
  const group = (id: string, name: string, from: number, count: number) => ({
    person: { id, name },
    items: Array.from({ length: count }, (_, i) => ({
      taskKey: taskKey(from + i),
      label: `${from + i}号设备（SB-${from + i}）日管控检查`,
    })),
  });
  const escalation = (groups: ReturnType<typeof group>[]): Payload => ({
    type: 'escalation',
    unitName: '示范医院',
    kind: 'daily',
    period: '2026-12-01',
    level: 2,
    dueAt: '2026-12-01T02:00:00Z',
    groups,
  });

  it('groups by person and acknowledges every listed task with one button', () => {
    const card = renderCards(escalation([group('p1', '张三', 1, 3), group('p2', '李四', 10, 12)]), ctx)[0]!;
    expect(card.header).toMatchObject({ template: 'red', title: { content: '催办 · 日管控 2026-12-01 已逾期' } });
    const text = textOf(card);
    expect(text).toContain('**张三**（3 项）');
    expect(text).toContain('…等共 12 项');
    expect(click(card, 'ack')).toEqual({
      action: {
        tag: 'button',
        name: 'ack',
        value: { a: 'ack', k: [1, 2, 3, ...Array.from({ length: 12 }, (_, i) => 10 + i)].map(taskKey) },
      },
    });
  });

  it('splits a huge escalation into numbered cards that together acknowledge everything once', () => {
    const p = escalation([group('p1', '张三', 1, 200), group('p2', '李四', 300, 200)]);
    const cards = renderCards(p, ctx);
    expect(cards.length).toBeGreaterThan(1);
    cards.forEach(assertValid);
    expect(cards[0]!.header.title.content).toMatch(/（1\/\d）$/);
    const acked = cards.flatMap((c) => callbackValues(c).flatMap((v) => v['k'] as string[]));
    expect(acked).toEqual([
      ...Array.from({ length: 200 }, (_, i) => taskKey(1 + i)),
      ...Array.from({ length: 200 }, (_, i) => taskKey(300 + i)),
    ]);
  });

  it('a reminder is a short orange list without buttons', () => {
    const items = Array.from({ length: 14 }, (_, i) => ({ taskKey: taskKey(i), label: `${i}号设备日管控检查` }));
    const card = renderCards(
      {
        type: 'reminder',
        unitName: '示范医院',
        kind: 'daily',
        period: '2026-12-01',
        dueAt: '2026-12-01T02:00:00Z',
        items,
      },
      ctx,
    )[0]!;
    expect(card.header).toMatchObject({ template: 'orange', title: { content: '提醒 · 日管控 12月1日 10:00 截止' } });
    expect(textOf(card)).toContain('…等共 14 项');
    expect(callbackValues(card)).toEqual([]);
  });
});

describe('advice and resolutions', () => {
  const [, , , , , , , , , , advice, answered, resolution] = everyPayload();

  it('advice: 采纳 / 不采纳 with the reason field', () => {
    const card = renderCards(advice!, ctx)[0]!;
    expect(click(card, 'advice_reject', { reason: '预算不足' })).toMatchObject({
      action: { value: { a: 'advice_answer', k: 'task:adv-1', ans: 'rejected' }, form_value: { reason: '预算不足' } },
    });
    expect(click(card, 'advice_adopt')).toMatchObject({
      action: { value: { a: 'advice_answer', k: 'task:adv-1', ans: 'adopted' } },
    });
  });

  it('the adviser sees the answer', () => {
    const card = renderCards(answered!, ctx)[0]!;
    expect(card.header).toMatchObject({ template: 'green', title: { content: '意见建议已答复 · 采纳' } });
    expect(textOf(card)).toContain('**理由**：本月内采购');
  });

  it('resolution: 已完成 with an optional note; a plain-date deadline reads as a day', () => {
    const card = renderCards(resolution!, ctx)[0]!;
    expect(card.header.subtitle?.content).toBe('示范医院 · 2026-12 月调度会 · 12月31日前');
    expect(named(card, 'note')?.['required']).toBeUndefined();
    expect(click(card, 'resolution_done')).toMatchObject({
      action: { value: { a: 'resolution_done', k: 'task:res-1' } },
    });
  });
});
