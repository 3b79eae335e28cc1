/** The daily check card: splitting, the device form's callback, zero-risk, the answered states. */

import { describe, expect, it } from 'vitest';
import {
  countElements,
  MAX_ELEMENTS,
  MAX_REQUEST_BYTES,
  requestBytes,
} from '../../../src/adapters/feishu/cards/card-budget.js';
import {
  type CardJson,
  combinedLine,
  type DeviceStatus,
  dailyFields,
  findDailyPart,
  renderCards,
  renderDailyCard,
  splitDailyPayload,
} from '../../../src/adapters/feishu/cards/index.js';
import { dailyAnswerFromForm as answerFromFields } from '../../../src/app/handle-card-action.js';
import { checkDeviceAnswer } from '../../../src/domain/answers/daily-answer.js';
import { assertValid, callbackValues, click, elementsOf, named, textOf } from './card-helpers.js';
import { ctx, daily, device, pausedDevice, taskKey } from './fixtures.js';

describe('splitting an officer’s devices over cards', () => {
  it.each([1, 3, 13, 60])('%i devices: each exactly once, in order, every card valid and numbered', (n) => {
    const p = daily(n);
    const cards = renderCards(p, ctx);
    const parts = splitDailyPayload(p);
    expect(parts.flatMap((x) => x.devices.map((d) => d.taskKey))).toEqual(p.devices.map((d) => d.taskKey));
    expect(cards).toHaveLength(parts.length);
    const zeroKeys = cards.flatMap((c) =>
      callbackValues(c)
        .filter((v) => v['a'] === 'daily_zero')
        .map((v) => v['k']),
    );
    expect(zeroKeys).toEqual(p.devices.map((d) => d.taskKey));
    cards.forEach((card, i) => {
      assertValid(card);
      expect(requestBytes(card)).toBeLessThanOrEqual(MAX_REQUEST_BYTES);
      expect(countElements(card)).toBeLessThanOrEqual(MAX_ELEMENTS);
      expect(card.header.title.content).toBe(
        cards.length > 1 ? `日管控 · 12月1日 设备检查（${i + 1}/${cards.length}）` : '日管控 · 12月1日 设备检查',
      );
    });
  });

  it('no devices: one card that says so', () => {
    const cards = renderCards(daily(0), ctx);
    expect(cards).toHaveLength(1);
    assertValid(cards[0]!);
    expect(textOf(cards[0]!)).toContain('没有需要检查的设备。');
  });

  it('evens the parts out and finds the part of a task key', () => {
    const parts = splitDailyPayload(daily(13));
    const sizes = parts.map((x) => x.devices.length);
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
    const index = parts.findIndex((x) => x.devices.some((d) => d.taskKey === taskKey(6)));
    const found = findDailyPart(daily(13), taskKey(6));
    expect(found?.part).toEqual({ index: index + 1, of: parts.length });
    expect(found?.payload.devices.map((d) => d.code)).toEqual(parts[index]!.devices.map((d) => d.code));
    expect(found?.payload.devices.map((d) => d.code)).toContain('SB-006');
    expect(findDailyPart(daily(3), 'nope')).toBeNull();
  });
});

describe('the device list (the card as sent)', () => {
  const card = renderCards(daily(3), ctx)[0]!;

  it('has one tap for the whole card that names what it confirms, and carries every open device', () => {
    assertValid(card);
    expect(named(card, 'all_zero')?.['text']).toEqual({
      tag: 'plain_text',
      content: '全部正常（零风险报告）：确认本卡 3 台设备今日各项检查均正常',
    });
    expect(click(card, 'all_zero')).toEqual({
      action: {
        tag: 'button',
        name: 'all_zero',
        value: { a: 'daily_zero_all', k: [taskKey(1), taskKey(2), taskKey(3)] },
      },
    });
    const after = renderDailyCard(daily(3), ctx, {
      [taskKey(2)]: { line: '已提交 08:47 · 张三 · 零风险', abnormal: false, late: false },
    });
    expect(callbackValues(after).find((v) => v['a'] === 'daily_zero_all')?.['k']).toEqual([taskKey(1), taskKey(3)]);
    expect(named(renderCards(daily(1), ctx)[0]!, 'all_zero')).toBeUndefined(); // one device: its own button says it
  });

  it('keeps a one-tap zero-risk button per device that says what it confirms', () => {
    const zero = named(card, 'd2_zero');
    expect(zero?.['text']).toEqual({ tag: 'plain_text', content: '确认 1号楼2号设备 12 项检查全部正常（零风险报告）' });
    expect(click(card, 'd2_zero')).toEqual({
      action: { tag: 'button', name: 'd2_zero', value: { a: 'daily_zero', k: taskKey(2) } },
    });
  });

  it('holds no form: 有异常 / 逐项检查 opens one device, and a device costs few elements', () => {
    expect(elementsOf(card).some((el) => el['tag'] === 'form' || el['tag'] === 'select_static')).toBe(false);
    expect(click(card, 'd3_open')).toEqual({
      action: { tag: 'button', name: 'd3_open', value: { a: 'daily_open', k: taskKey(3) } },
    });
    expect(countElements(renderCards(daily(4), ctx)[0]!) - countElements(card)).toBeLessThanOrEqual(6);
  });

  it('says its deadline as an absolute time, true on any later day', () => {
    const tomorrow = renderDailyCard(daily(3), { ...ctx, now: new Date('2026-12-02T01:00:00Z') }, {});
    expect(tomorrow.header.subtitle?.content).toBe('示范医院 · 12月1日 10:00 前完成 · 3 台');
    expect(tomorrow.header.template).toBe('orange');
  });

  it('reads like this (Chinese text of a one-device card)', () => {
    const text = textOf(renderCards(daily(0, [device(1, { items: device(1).items.slice(0, 3) })]), ctx)[0]!);
    expect(text).toBe(
      [
        '日管控 · 12月1日 设备检查',
        '示范医院 · 12月1日 10:00 前完成 · 1 台',
        '每台设备二选一：都正常点 **确认…零风险报告**；有问题点 **有异常 / 逐项检查**，逐项选择并填写异常项。',
        '**1号楼1号设备**　锅炉 · 1号楼地下一层设备间 · 3 项',
        '确认 1号楼1号设备 3 项检查全部正常（零风险报告）',
        '有异常 / 逐项检查（含管控标准）',
      ].join('\n'),
    );
  });
});

describe('one device opened (逐项检查)', () => {
  const p = daily(3);
  const open = (entered?: Record<string, string>, problems?: string) =>
    renderDailyCard(p, ctx, {}, undefined, { open: taskKey(1), entered, problems });
  const card = open();
  const submit = (c: CardJson, form: Record<string, string>) => {
    const r = click(c, 'd1_submit', form);
    if (!('action' in r)) throw new Error(r.detail);
    return answerFromFields(taskKey(1), dailyFields((r.action as { form_value: Record<string, string> }).form_value));
  };
  const items = device(1).items;

  it('shows every item with its 管控标准 and a select that starts empty', () => {
    assertValid(card);
    expect(items).toHaveLength(14);
    for (const it of items) {
      const sel = named(card, `d1_i${it.seq}`)!;
      expect(sel['initial_option']).toBeUndefined();
      expect(sel['placeholder']).toEqual({ tag: 'plain_text', content: '请选择 正常 / 异常 / 不适用' });
      expect(textOf(card)).toContain(`管控标准：${it.standard}`);
    }
    expect(named(card, 'd2_open')).toBeUndefined(); // only this device, and a way back
    expect(click(card, 'd1_list')).toMatchObject({ action: { value: { a: 'daily_list', k: taskKey(1) } } });
    expect(countElements(card)).toBeLessThanOrEqual(200);
  });

  it('an untouched form sends no item: nothing reads as 正常, the reply names what is missing', () => {
    const answer = submit(card, {});
    expect(answer.items).toEqual([]);
    const r = checkDeviceAnswer('1号楼1号设备', items, answer);
    expect(r).toEqual({
      ok: false,
      problems: [
        '1号楼1号设备：还有 14 项未选择（第 1、2、3、4、5、6、7、8、9、10、11、12、13、14 项）：请逐项选择正常/异常/不适用，或在“其余未选的项”中选择“均正常”',
      ],
    });
  });

  it('one 异常 in a few taps: the item named in the 异常 block, the rest chosen 正常 explicitly', () => {
    const answer = submit(card, {
      d1_rest: 'normal',
      d1_a1_item: '3',
      d1_a1_desc: '水位表模糊',
      d1_a1_level: 'general',
      d1_a1_measures: '已清洗',
      d1_a1_stop: 'no',
    });
    const r = checkDeviceAnswer('1号楼1号设备', items, answer);
    if (!r.ok) throw new Error(r.problems.join());
    expect(r.items.filter((i) => i.result === 'abnormal')).toEqual([
      {
        seq: 3,
        group: items[2]!.group,
        content: items[2]!.content,
        result: 'abnormal',
        description: '水位表模糊',
        level: 'general',
        measures: '已清洗',
        stoppedUse: false,
      },
    ]);
    expect(r.items.filter((i) => i.result === 'normal')).toHaveLength(13);
  });

  it('refuses 异常 details that name no item, asking which item (issue 11, break 2)', () => {
    const allNormal = Object.fromEntries(items.map((it) => [`d1_i${it.seq}`, 'normal']));
    const answer = submit(card, {
      ...allNormal,
      d1_a1_desc: '轿门异响',
      d1_a1_level: 'serious',
      d1_a1_measures: '已停梯',
      d1_a1_stop: 'yes',
    });
    const r = checkDeviceAnswer('1号楼1号设备', items, answer);
    expect(r).toEqual({
      ok: false,
      problems: [
        '1号楼1号设备：填写了问题描述、隐患等级、已采取的措施、是否停止使用，但没有选择是哪一项异常：请在“异常项”中选择对应的检查项（或清空这些内容）',
      ],
    });
  });

  it('after a refusal, comes back with what was entered and one 异常 block per 异常 item', () => {
    const again = open(
      { i2: 'abnormal', i5: 'abnormal', i1: 'normal', rest: 'normal', a1_item: '5', a1_desc: '压力表指针抖动' },
      '第 2 项为异常：请填写问题描述',
    );
    assertValid(again);
    expect(named(again, 'd1_i1')?.['initial_option']).toBe('normal');
    expect(named(again, 'd1_i2')?.['initial_option']).toBe('abnormal');
    expect(named(again, 'd1_i3')?.['initial_option']).toBeUndefined();
    expect(named(again, 'd1_rest')?.['initial_option']).toBe('normal');
    expect(named(again, 'd1_a1_item')).toBeUndefined();
    expect(named(again, 'd1_x2_desc')).toBeDefined();
    expect(named(again, 'd1_x5_desc')?.['default_value']).toBe('压力表指针抖动');
    expect(textOf(again)).toContain('第 2 项为异常：请填写问题描述');
    const answer = submit(again, {
      d1_x2_desc: '安全阀铅封缺失',
      d1_x2_level: 'serious',
      d1_x2_measures: '已停炉',
      d1_x2_stop: 'yes',
      d1_x5_level: 'general',
      d1_x5_measures: '已联系校验',
      d1_x5_stop: 'no',
    });
    const r = checkDeviceAnswer('1号楼1号设备', items, answer);
    if (!r.ok) throw new Error(r.problems.join());
    expect(
      r.items.filter((i) => i.result === 'abnormal').map((i) => [i.seq, i.description, i.level, i.stoppedUse]),
    ).toEqual([
      [2, '安全阀铅封缺失', 'serious', true],
      [5, '压力表指针抖动', 'general', false],
    ]);
  });

  it('stays within 200 elements even with every item 异常', () => {
    const all = open(Object.fromEntries(items.map((it) => [`i${it.seq}`, 'abnormal'])));
    assertValid(all);
    expect(countElements(all)).toBeLessThanOrEqual(200);
    expect(textOf(all)).toMatch(/异常项较多：卡片一次最多填写 \d 项/); // and says so
  });

  it('shows a paused device with its one adjusted item', () => {
    const c = renderDailyCard(daily(0, [pausedDevice(7)]), ctx, {}, undefined, { open: pausedDevice(7).taskKey });
    assertValid(c);
    expect(named(c, 'd1_i1')).toBeDefined();
    expect(named(c, 'd1_i2')).toBeUndefined();
    expect(textOf(c)).toContain('临时停用');
    expect(textOf(c)).toContain('1. 停用中：防护措施、停用标志是否到位');
    expect(named(renderCards(daily(0, [pausedDevice(7)]), ctx)[0]!, 'd1_zero')?.['text']).toEqual({
      tag: 'plain_text',
      content: '确认 2号楼7号设备 停用标志和防护措施到位（零风险报告）',
    });
  });
});

describe('after answers', () => {
  const p = daily(3);
  const ok: DeviceStatus = { line: '已提交 08:47 · 张三 · 零风险', abnormal: false, late: false };
  const bad: DeviceStatus = { line: '已提交 08:52 · 张三 · 1 项异常', abnormal: true, late: false };

  it('partly answered: answered devices become one line, the others keep their buttons', () => {
    const card = renderDailyCard(p, ctx, { [taskKey(2)]: bad }, { index: 1, of: 2 });
    assertValid(card);
    expect(card.header.template).toBe('blue');
    expect(card.header.title.content).toBe('日管控 · 12月1日 设备检查（1/2）');
    expect(card.header.subtitle?.content).toBe('示范医院 · 12月1日 10:00 前完成 · 3 台 · 已提交 1/3 台');
    expect(named(card, 'd2_zero')).toBeUndefined();
    expect(named(card, 'd1_zero')).toBeDefined();
    expect(named(card, 'd3_open')).toBeDefined();
    expect(textOf(card)).toContain("**1号楼2号设备**　<font color='orange'>已提交 08:52 · 张三 · 1 项异常</font>");
  });

  it('all answered: green header with the combined line, no form left', () => {
    const card = renderDailyCard(p, ctx, {
      [taskKey(1)]: ok,
      [taskKey(2)]: ok,
      [taskKey(3)]: { ...ok, line: '已提交 09:05 · 张三 · 零风险' },
    });
    assertValid(card);
    expect(card.header).toMatchObject({
      template: 'green',
      title: { content: '日管控 · 12月1日 已完成' },
      subtitle: { content: '已提交 09:05 · 张三 · 3 台零风险' },
    });
    expect(callbackValues(card)).toEqual([]);
  });

  it('all answered with 异常 and a late one: orange, counts items and says 逾期提交', () => {
    const late: DeviceStatus = { line: '已提交 10:20 · 张三 · 零风险', abnormal: false, late: true };
    const card = renderDailyCard(
      p,
      { ...ctx, now: new Date('2026-12-01T02:30:00Z') },
      { [taskKey(1)]: ok, [taskKey(2)]: bad, [taskKey(3)]: late },
    );
    expect(card.header.template).toBe('orange');
    expect(card.header.subtitle?.content).toBe('已提交 10:20 · 张三 · 2 台零风险 · 1 项异常 · 1 台逾期提交');
    expect(textOf(card)).toContain("<font color='green'>已提交 10:20 · 张三 · 零风险 · 逾期提交</font>");
  });

  it('turns the header orange once the deadline passed with devices still open', () => {
    expect(renderDailyCard(p, { ...ctx, now: new Date('2026-12-01T03:00:00Z') }, {}).header.template).toBe('orange');
  });

  it('combines lines it cannot parse plainly', () => {
    expect(
      combinedLine([
        { line: '完成', abnormal: true, late: false },
        { line: '已提交 8:10 · 李四', abnormal: false, late: false },
      ]),
    ).toBe('已全部提交 · 1 台零风险 · 1 台有异常');
    expect(
      combinedLine([
        { line: '已提交 08:10 · 李四', abnormal: false, late: false },
        { line: '已提交 07:55 · 张三', abnormal: false, late: false },
      ]),
    ).toBe('已提交 08:10 · 2 人 · 2 台零风险');
    expect(
      combinedLine([
        { line: '逾期提交 10:40 · 李四 · 2 项异常', abnormal: true, late: true },
        { line: '已提交 09:55 · 李四 · 零风险', abnormal: false, late: false },
      ]),
    ).toBe('已提交 10:40 · 李四 · 1 台零风险 · 2 项异常 · 1 台逾期提交');
  });
});
