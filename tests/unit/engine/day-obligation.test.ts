/** What a status change during the day does to the device's task of that day. */
import { describe, expect, it } from 'vitest';
import { type DayTaskRow, followStatus } from '../../../src/domain/engine/day-obligation.js';

const open = (paused: boolean, key = 'k1'): DayTaskRow => ({ key, state: 'open', paused });
const done = (paused: boolean, key = 'k1'): DayTaskRow => ({ key, state: 'done', paused });
const cancelled = (paused: boolean, key = 'k0'): DayTaskRow => ({ key, state: 'cancelled', paused });

describe('followStatus', () => {
  it.each([
    // tasks of the day, new status → cancel?, issue?
    ['full check open, paused', [open(false)], 'paused', 'k1', { paused: true }],
    ['full check open, stopped', [open(false)], 'stopped', 'k1', null],
    ['full check open, scrapped', [open(false)], 'scrapped', 'k1', null],
    ['paused item open, resumed', [open(true)], 'in_use', 'k1', { paused: false }],
    ['paused item open, stopped', [open(true)], 'stopped', 'k1', null],
    ['paused item done, resumed', [done(true)], 'in_use', null, { paused: false }],
    ['full check done, paused', [done(false)], 'paused', null, null],
    ['full check done, stopped', [done(false)], 'stopped', null, null],
    ['no task (stopped at the opening), resumed', [], 'in_use', null, { paused: false }],
    ['no task, paused', [], 'paused', null, { paused: true }],
    ['no task, stopped', [], 'stopped', null, null],
    ['stopped earlier today (cancelled), resumed', [cancelled(false)], 'in_use', null, { paused: false }],
    [
      'paused, then resumed again: the latest task counts',
      [cancelled(false, 'k0'), open(true, 'k1')],
      'in_use',
      'k1',
      { paused: false },
    ],
    ['full check open, still in use', [open(false)], 'in_use', null, null],
    ['paused item open, still paused', [open(true)], 'paused', null, null],
  ] as const)('%s', (_why, tasks, to, cancelKey, issue) => {
    const c = followStatus(tasks, to, '维修');
    expect(c.cancel?.key ?? null).toBe(cancelKey);
    expect(c.issue ? { paused: c.issue.paused } : null).toEqual(issue);
  });

  it('gives the reasons people read', () => {
    expect(followStatus([open(false)], 'paused', '曳引机异响')).toEqual({
      cancel: { key: 'k1', reason: '设备已临时停用（曳引机异响），今日改为检查停用措施' },
      issue: { paused: true, reason: '设备已临时停用（曳引机异响），今日改为检查停用措施' },
    });
    expect(followStatus([open(false)], 'stopped', '')).toEqual({
      cancel: { key: 'k1', reason: '设备已停用，今日无需检查' },
      issue: null,
    });
    expect(followStatus([done(true)], 'in_use', '维修完毕').issue?.reason).toBe(
      '设备已恢复使用（维修完毕），今日须按完整检查表检查',
    );
  });
});
