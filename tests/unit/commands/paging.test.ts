/** Long answers come in pages: the parser reads a trailing page number, the reply says how to go on. */
import { describe, expect, it } from 'vitest';
import { PAGE_SIZE, paged } from '../../../src/app/commands/format.js';
import { parseCommand } from '../../../src/domain/commands/parse-command.js';

describe('page numbers', () => {
  it.each([
    ['逾期 2', { name: 'overdue', page: 2 }],
    ['逾期', { name: 'overdue' }],
    ['overdue 3', { name: 'overdue', page: 3 }],
    ['今日 第2页', { name: 'today', page: 2 }],
    ['设备 电梯 2', { name: 'devices', category: 'elevator', page: 2 }],
    ['设备 3', { name: 'devices', page: 3 }],
    ['隐患 全部 2', { name: 'hazards', scope: 'all', page: 2 }],
    ['隐患 1号楼1号客梯 2', { name: 'hazards', scope: 'open', device: '1号楼1号客梯', page: 2 }],
    ['隐患 31101201160001', { name: 'hazards', scope: 'open', device: '31101201160001' }],
  ])('%s', (text, command) => {
    expect(parseCommand(text)).toEqual({ ok: true, command });
  });

  it('splits a long list and says how to get the next page', () => {
    const lines = Array.from({ length: 45 }, (_, i) => `· ${i + 1}`);
    const first = paged(lines, undefined, (p) => `逾期 ${p}`);
    expect(first).toHaveLength(PAGE_SIZE + 1);
    expect(first.at(-1)).toBe('第 1/3 页，发送“逾期 2”查看下一页');
    const last = paged(lines, 9, (p) => `逾期 ${p}`);
    expect(last[0]).toBe('· 41');
    expect(last.at(-1)).toBe('第 3/3 页');
    expect(paged(lines.slice(0, 5), 2, String)).toEqual(lines.slice(0, 5));
  });
});
