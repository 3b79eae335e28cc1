/** The console channel and the simulations read prompts as plain text drawn from the same views as the cards. */
import { describe, expect, it } from 'vitest';
import { promptText } from '../../../src/app/prompts/plain-text.js';
import { ctx, daily, everyPayload, hazardNotice } from '../../feishu/cards/fixtures.js';

describe('promptText', () => {
  it.each(everyPayload().map((p) => [p.type, p] as const))('%s: the title first, no markup', (_t, p) => {
    const text = promptText(p, { timeZone: ctx.timeZone, now: ctx.now });
    expect(text.split('\n')[0]).toMatch(/^【.+】/);
    expect(text).not.toMatch(/\*\*|<font|&#\d+;/);
  });

  it('says the facts, the devices and what is asked, with the command that does the same', () => {
    const hazard = promptText({ ...hazardNotice('rectify', 'serious'), hazardNo: 7 }, ctx);
    expect(hazard).toContain('【严重隐患 #7 · 1号楼1号客梯】示范医院 · 请按期整改，完成后填写整改情况');
    expect(hazard).toContain('问题：曳引机异响');
    expect(hazard).toContain('请填写：整改情况、完成日期、整改资金（提交整改情况）');
    expect(hazard).toContain('也可直接回复：“整改 7 整改情况”');
    const day = promptText(daily(2), ctx).split('\n');
    expect(day[0]).toBe('【日管控 · 12月1日 设备检查】示范医院 · 12月1日 10:00 前完成 · 2 台');
    expect(day.filter((l) => l.startsWith('· '))).toHaveLength(2);
  });

  it('a done prompt says its done line and asks nothing', () => {
    const text = promptText(hazardNotice('confirm'), ctx, { done: { line: '已研判 · 李总监', tone: 'success' } });
    expect(text.split('\n')[0]).toBe('【严重隐患 · 1号楼1号客梯】已研判 · 李总监');
    expect(text).not.toContain('请填写');
  });
});
