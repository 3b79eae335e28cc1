/** A sent card drawn again from its payload and a PromptState (the Channel's updatePrompt on Feishu). */
import { describe, expect, it } from 'vitest';
import { renderPrompt, splitDailyPayload } from '../../../src/adapters/feishu/cards/index.js';
import { assertValid, callbackValues, click, named, textOf } from './card-helpers.js';
import { ctx, daily, hazardNotice, taskKey } from './fixtures.js';

describe('renderPrompt', () => {
  it('a hazard redrawn in its state now: the state in the title and the done line, green only once verified', () => {
    const rectified = renderPrompt(hazardNotice('verify', 'serious'), ctx, {
      hazard: { state: 'rectified', level: 'serious' },
      done: { line: '已退回整改 · 李总监', tone: 'warning' },
    });
    assertValid(rectified);
    expect(rectified.header).toMatchObject({
      template: 'red',
      title: { content: '【待核实】严重隐患 · 1号楼1号客梯' },
      subtitle: { content: '待核实 · 已退回整改 · 李总监' },
    });
    expect(callbackValues(rectified)).toEqual([]);
    const verified = renderPrompt(hazardNotice('verify', 'serious'), ctx, {
      hazard: { state: 'verified', level: 'serious' },
      done: { line: '核实通过 · 李总监', tone: 'success' },
    });
    expect(verified.header.template).toBe('green');
  });

  it('the done tone is the one given, whatever the line says', () => {
    const card = renderPrompt({ type: 'notice', unitName: '示范医院', text: '有异常' }, ctx, {
      done: { line: '有异常 · 已退回', tone: 'success' },
    });
    expect(card.header.template).toBe('green');
  });

  it('a daily part keeps its numbering, and its opened device is named by its place on that card', () => {
    const parts = splitDailyPayload(daily(60));
    expect(parts.length).toBe(3);
    const second = parts[1]!;
    const third = second.devices[2]!;
    const card = renderPrompt(second, ctx, {
      part: { index: 2, of: 3 },
      open: { taskKey: third.taskKey },
      devices: { [second.devices[0]!.taskKey]: { line: '已提交 08:47 · 张三 · 零风险', abnormal: false, late: false } },
    });
    assertValid(card);
    expect(card.header.title.content).toBe('日管控 · 12月1日 设备检查（2/3）');
    expect(named(card, 'd3_i1')).toBeDefined();
    expect(click(card, 'd3_list')).toMatchObject({ action: { value: { a: 'daily_list', k: third.taskKey } } });
    const list = renderPrompt(second, ctx, { part: { index: 2, of: 3 } });
    expect(textOf(list)).toContain('全部正常（零风险报告）：确认本卡 20 台设备');
    expect(callbackValues(list)[0]).toEqual({ a: 'daily_zero_all', k: second.devices.map((d) => d.taskKey) });
    expect(second.devices.map((d) => d.taskKey)).toContain(taskKey(21));
  });
});
