/** The daily check card: splitting, the device form's callback, zero-risk, the answered states. */
import { dailyAnswerFromForm as answerFromFields } from '../../../src/app/handle-card-action.js';
import { describe, expect, it } from 'vitest';
import { checkDeviceAnswer } from '../../../src/domain/answers/daily-answer.js';
import { cardActionValueSchema, combinedLine, dailyFields, findDailyPart, renderCards, renderDailyCard, splitDailyPayload, type DeviceStatus } from '../../../src/adapters/feishu/cards/index.js';
import { countElements, MAX_ELEMENTS, MAX_REQUEST_BYTES, requestBytes } from '../../../src/adapters/feishu/cards/card-budget.js';
import { assertValid, callbackValues, click, elementsOf, named, textOf } from './card-helpers.js';
import { ctx, daily, device, pausedDevice, taskKey } from './fixtures.js';

describe('splitting an officer’s devices over cards', () => {
  it.each([1, 3, 13, 60])('%i devices: each exactly once, in order, every card valid and numbered', (n) => {
    const p = daily(n);
    const cards = renderCards(p, ctx);
    const parts = splitDailyPayload(p);
    expect(parts.flatMap((x) => x.devices.map((d) => d.taskKey))).toEqual(p.devices.map((d) => d.taskKey));
    expect(cards).toHaveLength(parts.length);
    const zeroKeys = cards.flatMap((c) => callbackValues(c).filter((v) => v['a'] === 'daily_zero').map((v) => v['k']));
    expect(zeroKeys).toEqual(p.devices.map((d) => d.taskKey));
    cards.forEach((card, i) => {
      assertValid(card);
      expect(requestBytes(card)).toBeLessThanOrEqual(MAX_REQUEST_BYTES);
      expect(countElements(card)).toBeLessThanOrEqual(MAX_ELEMENTS);
      expect(card.header.title.content).toBe(cards.length > 1 ? `日管控 · 12月1日 设备检查（${i + 1}/${cards.length}）` : '日管控 · 12月1日 设备检查');
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

describe('one device', () => {
  const card = renderCards(daily(2), ctx)[0]!;

  it('has a one-tap zero-risk button that says what it confirms', () => {
    const zero = named(card, 'd2_zero');
    expect(zero?.['text']).toEqual({ tag: 'plain_text', content: '确认 1号楼2号设备 12 项检查全部正常（零风险报告）' });
    expect(click(card, 'd2_zero')).toEqual({ action: { tag: 'button', name: 'd2_zero', value: { a: 'daily_zero', k: taskKey(2) } } });
  });

  it('submits its own form: {a:daily_submit, k} and the fields i1.., desc, level, measures, stop', () => {
    const r = click(card, 'd1_submit', { d1_i3: 'abnormal', d1_i4: 'na', d1_desc: '水位表模糊', d1_level: 'general', d1_measures: '已清洗', d1_stop: 'no' });
    if (!('action' in r)) throw new Error(r.detail);
    const action = r.action as { value: unknown; form_value: Record<string, string> };
    expect(cardActionValueSchema.parse(action.value)).toEqual({ a: 'daily_submit', k: taskKey(1) });
    expect(Object.keys(action.form_value)).toEqual(['d1_i1', 'd1_i2', 'd1_i3', 'd1_i4', 'd1_i5', 'd1_i6', 'd1_i7', 'd1_i8', 'd1_i9', 'd1_i10', 'd1_i11', 'd1_i12', 'd1_i13', 'd1_i14', 'd1_desc', 'd1_level', 'd1_measures', 'd1_stop']);
    const answer = answerFromFields(taskKey(1), dailyFields(action.form_value));
    expect(answer.items.slice(1, 4)).toEqual([
      { seq: 2, result: 'normal' },
      { seq: 3, result: 'abnormal', description: '水位表模糊', level: 'general', measures: '已清洗', stoppedUse: false },
      { seq: 4, result: 'na' },
    ]);
    expect(checkDeviceAnswer('1号楼1号设备', device(1).items, answer)).toMatchObject({ ok: true });
  });

  it('leaves the 异常 fields optional in the card; the domain check words what is missing', () => {
    const r = click(card, 'd1_submit', { d1_i2: 'abnormal' });
    if (!('action' in r)) throw new Error(r.detail);
    const answer = answerFromFields(taskKey(1), dailyFields((r.action as { form_value: Record<string, string> }).form_value));
    expect(checkDeviceAnswer('1号楼1号设备', device(1).items, answer)).toEqual({ ok: false, problems: ['1号楼1号设备“运行与交接班记录”为异常：请填写问题描述、隐患等级、已采取的措施、是否停止使用'] });
  });

  it('offers 正常/异常/不适用 with 正常 preselected, and the level and stop choices', () => {
    const labels = (name: string) => (named(card, name)?.['options'] as { text: { content: string }; value: string }[]).map((o) => `${o.value}=${o.text.content}`);
    expect(labels('d1_i1')).toEqual(['normal=正常', 'abnormal=异常', 'na=不适用']);
    expect(named(card, 'd1_i1')?.['initial_option']).toBe('normal');
    expect(labels('d1_level')).toEqual(['general=一般', 'serious=严重', 'major=重大']);
    expect(labels('d1_stop')).toEqual(['yes=已停止使用', 'no=未停止使用']);
  });

  it('shows a paused device with its one adjusted item', () => {
    const c = renderCards(daily(0, [pausedDevice(7)]), ctx)[0]!;
    assertValid(c);
    expect(named(c, 'd1_i1')).toBeDefined();
    expect(named(c, 'd1_i2')).toBeUndefined();
    expect(textOf(c)).toContain('临时停用');
    expect(textOf(c)).toContain('1. 停用中：防护措施、停用标志是否到位');
    expect(named(c, 'd1_zero')?.['text']).toEqual({ tag: 'plain_text', content: '确认 2号楼7号设备 停用标志和防护措施到位（零风险报告）' });
  });

  it('reads like this (Chinese text of a one-device card)', () => {
    const text = textOf(renderCards(daily(0, [device(1, { items: device(1).items.slice(0, 3) })]), ctx)[0]!);
    expect(text).toBe([
      '日管控 · 12月1日 设备检查',
      '示范医院 · 12月1日 10:00 前完成 · 1 台',
      '每台设备二选一：全部正常点蓝色按钮；有问题把该项改为 **异常**，填写后点 **提交检查结果**。',
      '**1号楼1号设备**　锅炉 · 1号楼地下一层设备间',
      '确认 1号楼1号设备 3 项检查全部正常（零风险报告）',
      '1. 司炉人员持证在岗',
      '2. 运行与交接班记录',
      '3. 水位与水位表',
      "<font color='grey'>有异常时填写：</font>",
      '提交检查结果',
    ].join('\n'));
  });
});

describe('after answers', () => {
  const p = daily(3);
  const ok: DeviceStatus = { line: '已提交 08:47 · 张三 · 零风险', abnormal: false, late: false };
  const bad: DeviceStatus = { line: '已提交 08:52 · 张三 · 1 项异常', abnormal: true, late: false };

  it('partly answered: answered devices become one line, the others keep their forms', () => {
    const card = renderDailyCard(p, ctx, { [taskKey(2)]: bad }, { index: 1, of: 2 });
    assertValid(card);
    expect(card.header.template).toBe('blue');
    expect(card.header.title.content).toBe('日管控 · 12月1日 设备检查（1/2）');
    expect(card.header.subtitle?.content).toBe('示范医院 · 12月1日 10:00 前完成 · 3 台 · 已提交 1/3 台');
    expect(named(card, 'd2')).toBeUndefined();
    expect(named(card, 'd1')).toBeDefined();
    expect(named(card, 'd3_submit')).toBeDefined();
    expect(textOf(card)).toContain("**1号楼2号设备**　<font color='orange'>已提交 08:52 · 张三 · 1 项异常</font>");
  });

  it('all answered: green header with the combined line, no form left', () => {
    const card = renderDailyCard(p, ctx, { [taskKey(1)]: ok, [taskKey(2)]: ok, [taskKey(3)]: { ...ok, line: '已提交 09:05 · 张三 · 零风险' } });
    assertValid(card);
    expect(card.header).toMatchObject({ template: 'green', title: { content: '日管控 · 12月1日 已完成' }, subtitle: { content: '已提交 09:05 · 张三 · 3 台零风险' } });
    expect(callbackValues(card)).toEqual([]);
  });

  it('all answered with 异常 and a late one: orange, counts items and says 逾期提交', () => {
    const late: DeviceStatus = { line: '已提交 10:20 · 张三 · 零风险', abnormal: false, late: true };
    const card = renderDailyCard(p, { ...ctx, now: new Date('2026-12-01T02:30:00Z') }, { [taskKey(1)]: ok, [taskKey(2)]: bad, [taskKey(3)]: late });
    expect(card.header.template).toBe('orange');
    expect(card.header.subtitle?.content).toBe('已提交 10:20 · 张三 · 2 台零风险 · 1 项异常 · 1 台逾期提交');
    expect(textOf(card)).toContain("<font color='green'>已提交 10:20 · 张三 · 零风险 · 逾期提交</font>");
  });

  it('turns the header orange once the deadline passed with devices still open', () => {
    expect(renderDailyCard(p, { ...ctx, now: new Date('2026-12-01T03:00:00Z') }, {}).header.template).toBe('orange');
  });

  it('combines lines it cannot parse plainly', () => {
    expect(combinedLine([{ line: '完成', abnormal: true, late: false }, { line: '已提交 8:10 · 李四', abnormal: false, late: false }])).toBe('已全部提交 · 1 台零风险 · 1 台有异常');
    expect(combinedLine([{ line: '已提交 08:10 · 李四', abnormal: false, late: false }, { line: '已提交 07:55 · 张三', abnormal: false, late: false }])).toBe('已提交 08:10 · 2 人 · 2 台零风险');
    expect(combinedLine([{ line: '逾期提交 10:40 · 李四 · 2 项异常', abnormal: true, late: true }, { line: '已提交 09:55 · 李四 · 零风险', abnormal: false, late: false }])).toBe('已提交 10:40 · 李四 · 1 台零风险 · 2 项异常 · 1 台逾期提交');
  });
});
