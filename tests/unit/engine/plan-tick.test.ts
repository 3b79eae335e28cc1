import { describe, expect, it } from 'vitest';
import { planTick } from '../../../src/domain/engine/plan-tick.js';
import type { TaskState, UnitDecisions, UnitSnapshot } from '../../../src/domain/engine/snapshot.js';
import {
  afterDecisions,
  calendar2026,
  cst,
  dailyTask,
  dailyTasks,
  hazardTask,
  iso,
  monthlyTask,
  snapshot,
  WANG,
  weeklyTask,
} from './snapshot-fixture.js';

const w49 = () => weeklyTask(WANG, '2026-W49', '2026-11-30', '2026-12-07');
const dec = () => monthlyTask('2026-12', '2026-12-31', '2027-01-01');
const serious = () => hazardTask('h1', 'serious', cst('2026-12-01 22:00'));
/** Watermarks that leave nothing to open at `date` (after 09:00 on a Monday, before the 25th). */
const settled = (date: string, week: string, month: string, openTasks: TaskState[] = []): UnitSnapshot =>
  snapshot({ plannedDate: date, plannedWeek: week, plannedMonth: month, openTasks });

describe('missed and taskUpdates', () => {
  it.each([
    [
      'daily, last minute of its day',
      dailyTask('d-c1', '2026-12-01'),
      '2026-12-01 23:59',
      false,
      '2026-12-01T16:00:00.000Z',
    ],
    ['daily, at local midnight', dailyTask('d-c1', '2026-12-01'), '2026-12-02 00:00', true, null],
    ['weekly, Sunday 23:59', w49(), '2026-12-06 23:59', false, '2026-12-06T16:00:00.000Z'],
    ['weekly, Monday 00:00', w49(), '2026-12-07 00:00', true, null],
    ['monthly, New Year 00:00', dec(), '2027-01-01 00:00', true, null],
    ['hazard without a close, a week late', serious(), '2026-12-08 22:00', false, null],
  ])('%s: at %s missed=%s, next action %s', (_label, task, local, missed, next) => {
    const date = local.slice(0, 10);
    const d = planTick(settled(date, '2026-W49', '2026-11', [task]), cst(local), calendar2026);
    expect(d.missed.map((t) => t.id)).toEqual(missed ? [task.id] : []);
    expect(d.taskUpdates).toEqual(missed ? [] : [{ id: task.id, nextActionAt: next ? new Date(next) : null }]);
  });

  it.each([
    // daily: −2h reminder, due (director), +3h (principal), then the close
    ['daily', dailyTask('d-c1', '2026-12-01'), '2026-12-01 08:30', '2026-12-01T07:30:00.000Z'],
    ['daily', dailyTask('d-c1', '2026-12-01'), '2026-12-01 15:30', '2026-12-01T09:30:00.000Z'],
    ['daily', dailyTask('d-c1', '2026-12-01'), '2026-12-01 17:30', '2026-12-01T12:30:00.000Z'],
    ['daily', dailyTask('d-c1', '2026-12-01'), '2026-12-01 20:30', '2026-12-01T16:00:00.000Z'],
    // weekly: Friday 09:00, Sunday 18:00, close Monday 00:00
    ['weekly', w49(), '2026-12-01 10:00', '2026-12-04T01:00:00.000Z'],
    ['weekly', w49(), '2026-12-06 18:00', '2026-12-06T16:00:00.000Z'],
    // monthly: the 28th 09:00, the last day 18:00
    ['monthly', dec(), '2026-12-25 09:00', '2026-12-28T01:00:00.000Z'],
    // hazard (no close): −4h, due, +1d, then nothing
    ['hazard', serious(), '2026-12-01 12:00', '2026-12-01T10:00:00.000Z'],
    ['hazard', serious(), '2026-12-01 22:00', '2026-12-02T14:00:00.000Z'],
  ])('%s task looked at %s → next at %s', (_kind, task, local, next) => {
    // taskUpdates cover only the loaded open tasks, not the ones opened in the same tick.
    const d = planTick(settled(local.slice(0, 10), '2026-W49', '2026-12', [task]), cst(local), calendar2026);
    expect(d.taskUpdates).toEqual([{ id: task.id, nextActionAt: new Date(next) }]);
  });
});

describe('a level that falls exactly at the close', () => {
  // Principal at +6h30m: 17:30 + 6:30 is the daily close (local midnight).
  const base = settled('2026-12-01', '2026-W49', '2026-11', [dailyTask('d-c1', '2026-12-01')]);
  const u: UnitSnapshot = {
    ...base,
    policy: {
      ...base.policy,
      escalation: {
        ...base.policy.escalation,
        daily: [
          base.policy.escalation.daily[0]!,
          base.policy.escalation.daily[1]!,
          { after: '6h30m', to: ['principal'], chats: [] },
        ],
      },
    },
    messageKeys: new Set([
      'msg:acme:daily:2026-12-01:prompt:0:p-li',
      'msg:acme:daily:2026-12-01:reminder:1:p-li',
      'msg:acme:daily:2026-12-01:escalation:2:p-wang',
    ]),
  };

  it('is not a next action: the close is', () => {
    expect(planTick(u, cst('2026-12-01 17:30'), calendar2026).taskUpdates).toEqual([
      { id: 'id-2026-12-01-d-c1', nextActionAt: new Date('2026-12-01T16:00:00.000Z') },
    ]);
  });

  it(
    'is sent at the close as the task becomes missed, held to the end of quiet hours: ' +
      'the miss is told, not dropped',
    () => {
      const d = planTick(u, cst('2026-12-02 00:00'), calendar2026);
      expect(d.missed.map((t) => t.id)).toEqual(['id-2026-12-01-d-c1']);
      expect(d.messages.map((m) => [m.key, m.purpose, m.urgent, m.notBefore.toISOString(), m.taskKeys])).toEqual([
        [
          'msg:acme:daily:2026-12-01:escalation:3:p-chen',
          'escalation',
          false,
          '2026-12-01T23:30:00.000Z',
          ['task:acme:daily:2026-12-01:d-c1'],
        ],
      ]);
    },
  );

  it('and so is a level set after the close (+7 h), which a closed task would otherwise never reach', () => {
    const late: UnitSnapshot = {
      ...u,
      policy: {
        ...u.policy,
        escalation: {
          ...u.policy.escalation,
          daily: [...u.policy.escalation.daily.slice(0, 2), { after: '7h', to: ['principal'], chats: [] }],
        },
      },
    };
    const d = planTick(late, cst('2026-12-02 00:00'), calendar2026);
    expect(d.messages.map((m) => [m.purpose, m.personId, m.notBefore.toISOString()])).toEqual([
      ['escalation', 'p-chen', '2026-12-01T23:30:00.000Z'],
    ]);
  });
});

describe('nextWakeAt', () => {
  it.each([
    ['first tick, Tuesday 08:30: the 15:30 reminders', snapshot(), '2026-12-01 08:30', '2026-12-01T07:30:00.000Z'],
    [
      'Monday 08:30: the weekly review opens at 09:00',
      settled('2026-11-29', '2026-W48', '2026-11'),
      '2026-11-30 08:30',
      '2026-11-30T01:00:00.000Z',
    ],
    [
      'nothing open in the evening: tomorrow 08:30',
      settled('2026-12-01', '2026-W49', '2026-11'),
      '2026-12-01 21:00',
      '2026-12-02T00:30:00.000Z',
    ],
    [
      'Sunday evening: Monday 08:30 comes before the 09:00 review',
      settled('2026-12-27', '2026-W52', '2026-12'),
      '2026-12-27 20:00',
      '2026-12-28T00:30:00.000Z',
    ],
    [
      'the 25th 08:40: the monthly dispatch opens at 09:00',
      settled('2026-12-25', '2026-W52', '2026-11'),
      '2026-12-25 08:40',
      '2026-12-25T01:00:00.000Z',
    ],
    [
      'a monthly task open on the last evening: its close',
      settled('2026-12-31', '2026-W53', '2026-12', [dec()]),
      '2026-12-31 20:30',
      '2026-12-31T16:00:00.000Z',
    ],
    [
      'a serious hazard late tonight: its director escalation',
      settled('2026-12-01', '2026-W49', '2026-11', [serious()]),
      '2026-12-01 21:00',
      '2026-12-01T14:00:00.000Z',
    ],
  ])('%s', (_label, u, local, expected) => {
    expect(iso(planTick(u, cst(local), calendar2026).nextWakeAt)).toBe(expected);
  });

  it('New Year\u2019s Eve with the monthly dispatch opening on the 1st at 08:00: that opening', () => {
    const base = settled('2026-12-31', '2026-W53', '2026-12');
    const u = {
      ...base,
      policy: {
        ...base.policy,
        schedule: { ...base.policy.schedule, monthly: { open_day: 1, open: '08:00', due: '18:00' } },
      },
    };
    expect(iso(planTick(u, cst('2026-12-31 20:00'), calendar2026).nextWakeAt)).toBe('2027-01-01T00:00:00.000Z');
  });
});

describe('feeding the decisions back', () => {
  const summary = (d: UnitDecisions) => ({
    tasks: d.tasks.map((t) => `${t.state} ${t.key}`),
    messages: d.messages.map((m) => m.key),
    missed: d.missed.map((t) => t.key),
    next: iso(d.nextWakeAt),
  });
  const NOTHING = {
    tasks: [],
    messages: [],
    notes: [],
    missed: [],
    plannedDate: null,
    plannedWeek: null,
    plannedMonth: null,
  };

  it('a day driven by nextWakeAt: each tick does its part once, and a repeated tick does nothing', () => {
    let u = snapshot();
    let now: Date | null = cst('2026-12-01 08:30');
    const log: ReturnType<typeof summary>[] = [];
    while (now && now <= cst('2026-12-02 08:30')) {
      const d = planTick(u, now, calendar2026);
      log.push(summary(d));
      u = afterDecisions(u, d);
      expect(planTick(u, now, calendar2026)).toMatchObject(NOTHING);
      now = d.nextWakeAt;
    }
    const day1 = ['d-e1', 'd-e2', 'd-e3', 'd-c1'].map((x) => `task:acme:daily:2026-12-01:${x}`);
    const m = (rest: string) => `msg:acme:${rest}`;
    expect(log).toEqual([
      {
        tasks: [...day1.map((k) => `open ${k}`), 'open task:acme:weekly:2026-W49:p-wang'],
        messages: [
          m('daily:2026-12-01:prompt:0:p-zhang'),
          m('daily:2026-12-01:prompt:0:p-li'),
          m('weekly:2026-W49:prompt:0:p-wang'),
        ],
        missed: [],
        next: '2026-12-01T07:30:00.000Z',
      },
      {
        tasks: [],
        messages: [m('daily:2026-12-01:reminder:1:p-zhang'), m('daily:2026-12-01:reminder:1:p-li')],
        missed: [],
        next: '2026-12-01T09:30:00.000Z',
      },
      {
        tasks: [],
        messages: [m('daily:2026-12-01:escalation:2:p-wang')],
        missed: [],
        next: '2026-12-01T12:30:00.000Z',
      },
      {
        tasks: [],
        messages: [m('daily:2026-12-01:escalation:3:p-chen')],
        missed: [],
        next: '2026-12-01T16:00:00.000Z',
      },
      { tasks: [], messages: [], missed: day1, next: '2026-12-02T00:30:00.000Z' },
      {
        tasks: ['d-e1', 'd-e2', 'd-e3', 'd-c1'].map((x) => `open task:acme:daily:2026-12-02:${x}`),
        messages: [m('daily:2026-12-02:prompt:0:p-zhang'), m('daily:2026-12-02:prompt:0:p-li')],
        missed: [],
        next: '2026-12-02T07:30:00.000Z',
      },
    ]);
  });

  it(
    'after downtime: the closed day escalates and goes missed, the days between open missed, today opens and ' +
      'is prompted',
    () => {
      const before = snapshot({
        plannedDate: '2026-12-01',
        plannedWeek: '2026-W49',
        plannedMonth: '2026-11',
        openTasks: dailyTasks('2026-12-01'),
        messageKeys: new Set([
          'msg:acme:daily:2026-12-01:prompt:0:p-zhang',
          'msg:acme:daily:2026-12-01:prompt:0:p-li',
          'msg:acme:daily:2026-12-01:reminder:1:p-zhang',
          'msg:acme:daily:2026-12-01:reminder:1:p-li',
        ]),
      });
      const now = cst('2026-12-03 10:00');
      const d = planTick(before, now, calendar2026);
      const devices = ['d-e1', 'd-e2', 'd-e3', 'd-c1'];
      expect(summary(d)).toEqual({
        tasks: [
          ...devices.map((x) => `missed task:acme:daily:2026-12-02:${x}`),
          ...devices.map((x) => `open task:acme:daily:2026-12-03:${x}`),
        ],
        messages: [
          'msg:acme:daily:2026-12-03:prompt:0:p-zhang',
          'msg:acme:daily:2026-12-03:prompt:0:p-li',
          'msg:acme:daily:2026-12-01:escalation:2:p-wang',
          'msg:acme:daily:2026-12-01:escalation:3:p-chen',
        ],
        missed: devices.map((x) => `task:acme:daily:2026-12-01:${x}`),
        next: '2026-12-03T07:30:00.000Z',
      });
      expect(d.tasks.filter((t) => t.state === 'missed').map((t) => t.nextActionAt)).toEqual([null, null, null, null]);
      expect([d.plannedDate, d.taskUpdates]).toEqual(['2026-12-03', []]);
      const after = afterDecisions(before, d);
      expect(planTick(after, now, calendar2026)).toMatchObject(NOTHING);
    },
  );
});
