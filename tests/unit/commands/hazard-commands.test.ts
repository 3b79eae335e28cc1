/** The hazard commands as people type them: 整改, 核实, 研判, 转交, 延期, and 隐患 <隐患号>. */
import { describe, expect, it } from 'vitest';
import { newDeadline } from '../../../src/app/commands/hazard-commands.js';
import { readHazardTarget, readUntil } from '../../../src/domain/commands/hazard-arguments.js';
import { parseCommand } from '../../../src/domain/commands/parse-command.js';

const cmd = (text: string) => {
  const r = parseCommand(text);
  if (!r.ok) throw new Error(`${text}: ${r.message}`);
  return r.command;
};

describe('hazard commands', () => {
  it('reads a 隐患号 in the ways people write it, anything else as a device', () => {
    for (const w of ['12', '#12', '＃12', '12号', '隐患12', '12号隐患'])
      expect(readHazardTarget(w.normalize('NFKC'))).toEqual({ no: 12 });
    expect(readHazardTarget('1号梯')).toEqual({ device: '1号梯' });
    expect(readHazardTarget('锅炉')).toEqual({ device: '锅炉' });
  });

  it('整改 takes a number or a device, then the text as typed', () => {
    expect(cmd('整改 12 已紧固护栏螺栓，试运行正常')).toEqual({
      name: 'rectify',
      target: { no: 12 },
      text: '已紧固护栏螺栓，试运行正常',
    });
    expect(cmd('整改 2号楼1号客梯 更换滚轮')).toEqual({
      name: 'rectify',
      target: { device: '2号楼1号客梯' },
      text: '更换滚轮',
    });
    expect(parseCommand('整改 12')).toMatchObject({
      ok: false,
      error: 'missing_argument',
      message: expect.stringContaining('整改情况'),
    });
    expect(parseCommand(`整改 12 ${'修'.repeat(501)}`)).toMatchObject({
      ok: false,
      error: 'too_long',
      message: expect.stringContaining('整改情况最多 500 字'),
    });
  });

  it('核实 is 通过 or 退回 with a reason', () => {
    expect(cmd('核实 #3 通过')).toEqual({ name: 'verify', target: { no: 3 }, accepted: true, comment: '' });
    expect(cmd('核实 3 退回 护栏仍松动')).toEqual({
      name: 'verify',
      target: { no: 3 },
      accepted: false,
      comment: '护栏仍松动',
    });
    expect(parseCommand('核实 3 退回')).toMatchObject({ ok: false, message: expect.stringContaining('退回的原因') });
    expect(parseCommand('核实 3 好的')).toMatchObject({
      ok: false,
      error: 'bad_argument',
      message: expect.stringContaining('核实 3 通过'),
    });
  });

  it('研判, 转交 and 延期', () => {
    expect(cmd('研判 5 门机调整不当，停梯检修')).toEqual({
      name: 'confirm_hazard',
      target: { no: 5 },
      note: '门机调整不当，停梯检修',
    });
    expect(parseCommand('研判 5')).toMatchObject({ ok: false, error: 'missing_argument' });
    expect(cmd('转交 5 李四 2号楼由他负责')).toEqual({
      name: 'reassign',
      target: { no: 5 },
      person: '李四',
      reason: '2号楼由他负责',
    });
    expect(cmd('延期 5 3天 等待配件到货')).toEqual({
      name: 'extend',
      target: { no: 5 },
      until: { days: 3 },
      reason: '等待配件到货',
    });
    expect(cmd('延期 5 12月20日 等待配件')).toMatchObject({ until: { date: { month: 12, day: 20 } } });
    expect(parseCommand('延期 5 3天')).toMatchObject({ ok: false, message: expect.stringContaining('延期的原因') });
    expect(parseCommand('延期 5 下周 等待')).toMatchObject({ ok: false, error: 'bad_argument' });
  });

  it('隐患 <隐患号> is one hazard; pages are 第N页', () => {
    expect(cmd('隐患 12')).toEqual({ name: 'hazards', scope: 'all', no: 12 });
    expect(cmd('隐患 #12')).toEqual({ name: 'hazards', scope: 'all', no: 12 });
    expect(cmd('隐患 第2页')).toEqual({ name: 'hazards', scope: 'open', page: 2 });
  });

  it('a new deadline: days from the current one at its time of day; a date this year, or next when past', () => {
    const tz = 'Asia/Shanghai';
    const current = new Date('2026-12-04T09:30:00Z'); // 12-04 17:30
    const now = new Date('2026-12-02T02:00:00Z');
    expect(readUntil('3天')).toEqual({ days: 3 });
    expect(readUntil('0')).toBeNull();
    expect(readUntil('13-01')).toBeNull();
    expect(newDeadline(current, { days: 3 }, tz, now).toISOString()).toBe('2026-12-07T09:30:00.000Z');
    expect(newDeadline(current, { date: { month: 12, day: 20 } }, tz, now).toISOString()).toBe(
      '2026-12-20T09:30:00.000Z',
    );
    expect(newDeadline(current, { date: { month: 1, day: 5 } }, tz, now).toISOString()).toBe(
      '2027-01-05T09:30:00.000Z',
    );
  });
});
