import { describe, expect, it } from 'vitest';
import {
  MAX_CATCH_UP_DAYS,
  type OpenedTask,
  openingsDue,
  periodsToOpen,
  planOpenings,
} from '../../../src/domain/engine/plan-openings.js';
import { planTick } from '../../../src/domain/engine/plan-tick.js';
import type { UnitSnapshot } from '../../../src/domain/engine/snapshot.js';
import {
  afterDecisions,
  CHEN,
  calendar2026,
  cst,
  LI,
  snapshot,
  UNIT_ID,
  WANG,
  workingDaysPolicy,
  ZHANG,
  ZHAO,
} from './snapshot-fixture.js';

const daily = (tasks: OpenedTask[]) => tasks.filter((t) => t.kind === 'daily');
const ofKind = (tasks: OpenedTask[], kind: string) => tasks.filter((t) => t.kind === kind);
/** period → states of that day's daily tasks, in order of opening */
const statesByDay = (tasks: OpenedTask[]) => {
  const out: Record<string, string[]> = {};
  for (const t of daily(tasks)) {
    out[t.period] ??= [];
    out[t.period]!.push(t.state);
  }
  return out;
};
/** Watermarks already at the current week and month, so only the daily rhythm is under test. */
const planned = (date: string | null, week: string, month: string): Partial<UnitSnapshot> => ({
  plannedDate: date,
  plannedWeek: week,
  plannedMonth: month,
});

describe('first tick ever', () => {
  it('before 08:30 opens no daily task, records yesterday as planned, and opens the week already running', () => {
    const o = planOpenings(snapshot(), cst('2026-12-01 08:29'), calendar2026);
    expect(daily(o.tasks)).toEqual([]);
    expect(o.notes).toEqual([]);
    expect(o.plannedDate).toBe('2026-11-30');
    expect(o.tasks.map((t) => t.key)).toEqual(['task:acme:weekly:2026-W49:p-wang']);
    expect([o.plannedWeek, o.plannedMonth]).toEqual(['2026-W49', null]);
  });

  it('at 08:30 opens today\u2019s task for each in_use and paused device, nothing for stopped or scrapped ones', () => {
    const o = planOpenings(snapshot(), cst('2026-12-01 08:30'), calendar2026);
    const window = {
      opensAt: new Date('2026-12-01T00:30:00.000Z'),
      dueAt: new Date('2026-12-01T09:30:00.000Z'),
      closesAt: new Date('2026-12-01T16:00:00.000Z'),
    };
    expect(daily(o.tasks)).toEqual([
      {
        key: 'task:acme:daily:2026-12-01:d-e1',
        kind: 'daily',
        period: '2026-12-01',
        subjectId: 'd-e1',
        assigneeId: ZHANG,
        ...window,
        state: 'open',
        detail: { category: 'elevator', paused: false },
      },
      {
        key: 'task:acme:daily:2026-12-01:d-e2',
        kind: 'daily',
        period: '2026-12-01',
        subjectId: 'd-e2',
        assigneeId: ZHANG,
        ...window,
        state: 'open',
        detail: { category: 'elevator', paused: false },
      },
      {
        key: 'task:acme:daily:2026-12-01:d-e3',
        kind: 'daily',
        period: '2026-12-01',
        subjectId: 'd-e3',
        assigneeId: ZHANG,
        ...window,
        state: 'open',
        detail: { category: 'elevator', paused: true },
      },
      {
        key: 'task:acme:daily:2026-12-01:d-c1',
        kind: 'daily',
        period: '2026-12-01',
        subjectId: 'd-c1',
        assigneeId: LI,
        ...window,
        state: 'open',
        detail: { category: 'crane', paused: false },
      },
    ]);
    expect(o.plannedDate).toBe('2026-12-01');
  });
});

describe('catch-up after downtime', () => {
  it('watermark 2026-11-28, tick 2026-12-01 10:00: the two days in between come missed, today open', () => {
    const o = planOpenings(
      snapshot(planned('2026-11-28', '2026-W49', '2026-11')),
      cst('2026-12-01 10:00'),
      calendar2026,
    );
    expect(statesByDay(o.tasks)).toEqual({
      '2026-11-29': ['missed', 'missed', 'missed', 'missed'],
      '2026-11-30': ['missed', 'missed', 'missed', 'missed'],
      '2026-12-01': ['open', 'open', 'open', 'open'],
    });
    expect(o.plannedDate).toBe('2026-12-01');
  });

  it('a day whose close is exactly now comes missed', () => {
    const o = planOpenings(
      snapshot(planned('2026-11-29', '2026-W49', '2026-11')),
      cst('2026-12-01 00:00'),
      calendar2026,
    );
    expect(statesByDay(o.tasks)).toEqual({ '2026-11-30': ['missed', 'missed', 'missed', 'missed'] });
  });

  it('before 08:30 catches up only the days that already opened, all missed', () => {
    const o = planOpenings(
      snapshot(planned('2026-11-28', '2026-W49', '2026-11')),
      cst('2026-12-01 08:00'),
      calendar2026,
    );
    expect(statesByDay(o.tasks)).toEqual({
      '2026-11-29': ['missed', 'missed', 'missed', 'missed'],
      '2026-11-30': ['missed', 'missed', 'missed', 'missed'],
    });
    expect(o.plannedDate).toBe('2026-11-30');
  });

  it('a missed day keeps its own window (closed before now)', () => {
    const o = planOpenings(
      snapshot(planned('2026-11-29', '2026-W49', '2026-11')),
      cst('2026-12-01 10:00'),
      calendar2026,
    );
    const t = o.tasks.find((x) => x.key === 'task:acme:daily:2026-11-30:d-c1')!;
    expect([t.state, t.opensAt.toISOString(), t.dueAt.toISOString(), t.closesAt?.toISOString()]).toEqual([
      'missed',
      '2026-11-30T00:30:00.000Z',
      '2026-11-30T09:30:00.000Z',
      '2026-11-30T16:00:00.000Z',
    ]);
  });

  it('skips tasks whose key already exists', () => {
    const u = snapshot({
      ...planned('2026-11-30', '2026-W49', '2026-11'),
      existingTaskKeys: new Set(['task:acme:daily:2026-12-01:d-e1', 'task:acme:daily:2026-12-01:d-c1']),
    });
    expect(planOpenings(u, cst('2026-12-01 09:00'), calendar2026).tasks.map((t) => t.subjectId)).toEqual([
      'd-e2',
      'd-e3',
    ]);
  });

  it('caps the catch-up at MAX_CATCH_UP_DAYS missed days before today', () => {
    expect(MAX_CATCH_UP_DAYS).toBe(31);
    const u = snapshot(planned('2026-01-01', '2026-W49', '2026-11'));
    const now = cst('2026-12-01 10:00');
    const o = planOpenings(u, now, calendar2026);
    const days = Object.keys(statesByDay(o.tasks));
    expect([days.length, days[0], days.at(-1)]).toEqual([32, '2026-10-31', '2026-12-01']);
    expect([
      o.tasks.filter((t) => t.state === 'missed').length,
      o.tasks.filter((t) => t.state === 'open').length,
    ]).toEqual([31 * 4, 4]);
    expect(o.plannedDate).toBe('2026-12-01');
  });

  it.each([['2026-12-01 08:00'], ['2026-12-01 23:59']])(
    'at %s every period it may open is among periodsToOpen (so existing keys are loaded)',
    (local) => {
      const u = snapshot(planned('2025-06-01', '2026-W40', '2026-10'));
      const now = cst(local);
      const periods = new Set(periodsToOpen(u, now));
      const opened = [...new Set(planOpenings(u, now, calendar2026).tasks.map((t) => t.period))];
      expect(opened.filter((p) => !periods.has(p))).toEqual([]);
      expect(opened).toContain('2026-W49');
    },
  );
});

describe('daily check on working days only (2026 calendar)', () => {
  const wd = (date: string, prev: string) =>
    planOpenings(
      snapshot({ policy: workingDaysPolicy(), ...planned(prev, '', '') }),
      cst(`${date} 10:00`),
      calendar2026,
    );

  it.each([
    ['2026-02-13', '2026-02-12', null, 'Friday before the Spring Festival'],
    ['2026-02-14', '2026-02-13', null, 'Saturday, 调休 working day'],
    ['2026-02-15', '2026-02-14', '非工作日（春节）', 'Sunday, first day off'],
    ['2026-02-17', '2026-02-16', '非工作日（春节）', 'Tuesday off'],
    ['2026-02-23', '2026-02-22', '非工作日（春节）', 'last day off (Monday)'],
    ['2026-02-24', '2026-02-23', null, 'Tuesday back at work'],
    ['2026-02-28', '2026-02-27', null, 'Saturday, 调休 working day'],
    ['2026-03-07', '2026-03-06', '非工作日（周末）', 'ordinary Saturday'],
    ['2026-01-01', '2025-12-31', '非工作日（元旦）', 'New Year'],
    ['2026-01-04', '2026-01-03', null, 'Sunday, 调休 working day for 元旦'],
  ])('%s (after %s): note %j — %s', (date, prev, reason, _why) => {
    const o = wd(date, prev);
    if (reason === null) {
      expect(o.notes).toEqual([]);
      expect(daily(o.tasks).map((t) => t.key)).toEqual(
        ['d-e1', 'd-e2', 'd-e3', 'd-c1'].map((d) => `task:acme:daily:${date}:${d}`),
      );
    } else {
      // (a week without any working day also gets its own note: tested below)
      expect(o.notes.filter((n) => n.kind !== 'non_operating_week')).toEqual([{ date, kind: 'non_operating', reason }]);
      expect(daily(o.tasks)).toEqual([]);
    }
    expect(o.plannedDate).toBe(date);
  });

  it(
    'catching up across the whole Spring Festival: ' + 'tasks on 02-14 and 02-24, a note for each of the nine days off',
    () => {
      const o = wd('2026-02-24', '2026-02-13');
      expect(statesByDay(o.tasks)).toEqual({
        '2026-02-14': ['missed', 'missed', 'missed', 'missed'],
        '2026-02-24': ['open', 'open', 'open', 'open'],
      });
      expect(o.notes.map((n) => [n.date, n.kind, n.reason])).toEqual(
        ['15', '16', '17', '18', '19', '20', '21', '22', '23'].map((d) => [
          `2026-02-${d}`,
          'non_operating',
          '非工作日（春节）',
        ]),
      );
    },
  );

  it.each([
    ['2026-02-15', '2026-02-14'],
    ['2026-03-07', '2026-03-06'],
  ])('an every_day unit gets its tasks on %s', (date, prev) => {
    const o = planOpenings(snapshot(planned(prev, '', '')), cst(`${date} 10:00`), calendar2026);
    expect(o.notes.filter((n) => n.date === date)).toEqual([]);
    expect(statesByDay(o.tasks)[date]).toEqual(['open', 'open', 'open', 'open']);
  });
});

describe('suspension (停产)', () => {
  const suspended = (from: string, to: string | null, over: Partial<UnitSnapshot>) =>
    snapshot({ suspensions: [{ from, to, reason: '设备大修' }], ...over });

  it('gives a suspended note and no daily or weekly task', () => {
    const o = planOpenings(
      suspended('2026-12-01', '2026-12-03', planned('2026-11-30', '2026-W48', '2026-11')),
      cst('2026-12-01 10:00'),
      calendar2026,
    );
    expect(o).toEqual({
      tasks: [],
      notes: [{ date: '2026-12-01', kind: 'suspended', reason: '停产：设备大修' }],
      plannedDate: '2026-12-01',
      plannedWeek: null,
      plannedMonth: null,
    });
  });

  it('gives no monthly task on the 25th while open-ended', () => {
    const o = planOpenings(
      suspended('2026-12-20', null, planned('2026-12-24', '2026-W52', '2026-11')),
      cst('2026-12-25 10:00'),
      calendar2026,
    );
    expect(o.tasks).toEqual([]);
    expect(o.notes).toEqual([{ date: '2026-12-25', kind: 'suspended', reason: '停产：设备大修' }]);
    expect(o.plannedMonth).toBeNull();
  });

  it('comes before the holiday calendar', () => {
    const u = suspended('2026-02-14', '2026-02-16', {
      policy: workingDaysPolicy(),
      ...planned('2026-02-13', '2026-W07', '2026-01'),
    });
    const o = planOpenings(u, cst('2026-02-17 10:00'), calendar2026);
    expect(o.notes.map((n) => [n.date, n.kind])).toEqual([
      ['2026-02-14', 'suspended'],
      ['2026-02-15', 'suspended'],
      ['2026-02-16', 'suspended'],
      ['2026-02-17', 'non_operating'],
      // W08 (16–22 Feb) has no operating day at all: a note, no weekly review
      ['2026-02-16', 'non_operating_week'],
    ]);
    expect(o.tasks).toEqual([]);
    expect(o.plannedWeek).toBe('2026-W08');
  });

  it('once over, the daily tasks and the week\u2019s review open again', () => {
    const o = planOpenings(
      suspended('2026-12-01', '2026-12-03', planned('2026-12-03', '2026-W48', '2026-11')),
      cst('2026-12-04 10:00'),
      calendar2026,
    );
    expect(o.notes).toEqual([]);
    expect(o.tasks.map((t) => t.key)).toEqual([
      'task:acme:daily:2026-12-04:d-e1',
      'task:acme:daily:2026-12-04:d-e2',
      'task:acme:daily:2026-12-04:d-e3',
      'task:acme:daily:2026-12-04:d-c1',
      'task:acme:weekly:2026-W49:p-wang',
    ]);
    expect(o.plannedWeek).toBe('2026-W49');
  });
});

describe('a week without a working day (working-days unit, 2026 calendar)', () => {
  const week = (at: string, days: 'working_days' | 'every_day' = 'working_days') =>
    planOpenings(
      snapshot({
        policy: days === 'working_days' ? workingDaysPolicy() : snapshot().policy,
        ...planned(null, '', '2026-02'),
      }),
      cst(at),
      calendar2026,
    );

  it.each([
    // Monday 09:00 of each week: [week, note?]
    ['2026-02-16 09:00', 'working_days', '2026-W08', '2026-W08 全周无工作日（春节），不安排周排查'],
    ['2026-02-09 09:00', 'working_days', '2026-W07', null], // the week before: Mon–Fri work, Sat 14th 调休
    ['2026-02-23 09:00', 'working_days', '2026-W09', null], // Monday the 23rd off, the rest of the week works
    ['2026-02-16 09:00', 'every_day', '2026-W08', null], // a unit that works every day reviews every week
  ] as const)('%s (%s): %s note %j', (at, days, period, reason) => {
    const o = week(at, days);
    const weekly = ofKind(o.tasks, 'weekly');
    expect(o.plannedWeek).toBe(period);
    if (reason === null) {
      expect(weekly.map((t) => t.period)).toEqual([period]);
      expect(o.notes.filter((n) => n.kind === 'non_operating_week')).toEqual([]);
    } else {
      expect(weekly).toEqual([]);
      expect(o.notes.filter((n) => n.kind === 'non_operating_week')).toEqual([
        { date: '2026-02-16', kind: 'non_operating_week', reason },
      ]);
    }
  });

  it('so nothing is reminded, escalated or missed for that week', () => {
    let u = snapshot({ policy: workingDaysPolicy(), ...planned('2026-02-15', '2026-W07', '2026-02') });
    for (const at of ['2026-02-16 09:00', '2026-02-20 09:00', '2026-02-22 18:00', '2026-02-23 00:00']) {
      const d = planTick(u, cst(at), calendar2026);
      expect(d.tasks.filter((t) => t.kind === 'weekly')).toEqual([]);
      expect(d.messages.filter((m) => m.group.startsWith('weekly:'))).toEqual([]);
      expect(d.missed).toEqual([]);
      u = afterDecisions(u, d);
    }
  });
});

describe('weekly review (周排查)', () => {
  // Zhao directs the crane and the forklift only, appointed in two role rows.
  const withZhao = (over: Partial<UnitSnapshot>) => {
    const base = snapshot(over);
    return {
      ...base,
      roles: [
        ...base.roles,
        { personId: ZHAO, role: 'director' as const, categories: ['field_vehicle' as const] },
        { personId: ZHAO, role: 'director' as const, categories: ['crane' as const] },
      ],
    };
  };
  const w49 = {
    opensAt: new Date('2026-11-30T01:00:00.000Z'),
    dueAt: new Date('2026-12-06T10:00:00.000Z'),
    closesAt: new Date('2026-12-06T16:00:00.000Z'),
  };

  it('does not open before Monday 09:00', () => {
    const o = planOpenings(
      withZhao(planned('2026-11-30', '2026-W48', '2026-11')),
      cst('2026-11-30 08:59'),
      calendar2026,
    );
    expect([o.tasks, o.plannedWeek]).toEqual([[], null]);
  });

  it('opens on Monday 09:00 one task per director, with the director\u2019s categories', () => {
    const o = planOpenings(
      withZhao(planned('2026-11-30', '2026-W48', '2026-11')),
      cst('2026-11-30 09:00'),
      calendar2026,
    );
    expect(o.tasks).toEqual([
      {
        key: 'task:acme:weekly:2026-W49:p-wang',
        kind: 'weekly',
        period: '2026-W49',
        subjectId: WANG,
        assigneeId: WANG,
        ...w49,
        state: 'open',
        detail: { categories: [] },
      },
      {
        key: 'task:acme:weekly:2026-W49:p-zhao',
        kind: 'weekly',
        period: '2026-W49',
        subjectId: ZHAO,
        assigneeId: ZHAO,
        ...w49,
        state: 'open',
        detail: { categories: ['crane', 'field_vehicle'] },
      },
    ]);
    expect(o.plannedWeek).toBe('2026-W49');
  });

  it.each([['2026-12-01 10:00'], ['2026-12-06 23:59']])('opens only once per week: nothing more at %s', (local) => {
    const o = planOpenings(withZhao(planned(local.slice(0, 10), '2026-W49', '2026-11')), cst(local), calendar2026);
    expect(ofKind(o.tasks, 'weekly')).toEqual([]);
    expect(o.plannedWeek).toBeNull();
  });

  it('skips a director whose task already exists', () => {
    const u = withZhao({
      ...planned('2026-12-01', '2026-W48', '2026-11'),
      existingTaskKeys: new Set(['task:acme:weekly:2026-W49:p-wang']),
    });
    expect(planOpenings(u, cst('2026-12-01 10:00'), calendar2026).tasks.map((t) => t.key)).toEqual([
      'task:acme:weekly:2026-W49:p-zhao',
    ]);
  });

  it('opens week 53 on Monday 2026-12-28 09:00, due Sunday 2027-01-03 18:00', () => {
    const o = planOpenings(
      snapshot(planned('2026-12-28', '2026-W52', '2026-12')),
      cst('2026-12-28 09:00'),
      calendar2026,
    );
    expect(
      o.tasks.map((t) => [t.key, t.opensAt.toISOString(), t.dueAt.toISOString(), t.closesAt?.toISOString()]),
    ).toEqual([
      [
        'task:acme:weekly:2026-W53:p-wang',
        '2026-12-28T01:00:00.000Z',
        '2027-01-03T10:00:00.000Z',
        '2027-01-03T16:00:00.000Z',
      ],
    ]);
    expect(o.plannedWeek).toBe('2026-W53');
  });
});

describe('monthly dispatch (月调度)', () => {
  const dec = {
    opensAt: new Date('2026-12-25T01:00:00.000Z'),
    dueAt: new Date('2026-12-31T10:00:00.000Z'),
    closesAt: new Date('2026-12-31T16:00:00.000Z'),
  };

  it('does not open before the 25th 09:00', () => {
    const o = planOpenings(
      snapshot(planned('2026-12-25', '2026-W52', '2026-11')),
      cst('2026-12-25 08:59'),
      calendar2026,
    );
    expect([o.tasks, o.plannedMonth]).toEqual([[], null]);
  });

  it('opens on the 25th 09:00, one task for the principal', () => {
    const o = planOpenings(
      snapshot(planned('2026-12-25', '2026-W52', '2026-11')),
      cst('2026-12-25 09:00'),
      calendar2026,
    );
    expect(o.tasks).toEqual([
      {
        key: 'task:acme:monthly:2026-12:u-acme',
        kind: 'monthly',
        period: '2026-12',
        subjectId: UNIT_ID,
        assigneeId: CHEN,
        ...dec,
        state: 'open',
        detail: null,
      },
    ]);
    expect(o.plannedMonth).toBe('2026-12');
  });

  it('opens once per month', () => {
    const o = planOpenings(
      snapshot(planned('2026-12-27', '2026-W52', '2026-12')),
      cst('2026-12-27 10:00'),
      calendar2026,
    );
    expect([o.tasks, o.plannedMonth]).toEqual([[], null]);
  });

  it('goes to the first principal only', () => {
    const base = snapshot(planned('2026-12-25', '2026-W52', '2026-11'));
    const u = { ...base, roles: [...base.roles, { personId: ZHAO, role: 'principal' as const, categories: [] }] };
    expect(planOpenings(u, cst('2026-12-25 09:00'), calendar2026).tasks.map((t) => t.assigneeId)).toEqual([CHEN]);
  });

  it('in February 2026 falls due on the 28th', () => {
    const o = planOpenings(
      snapshot(planned('2026-02-25', '2026-W09', '2026-01')),
      cst('2026-02-25 09:00'),
      calendar2026,
    );
    expect(o.tasks.map((t) => [t.key, t.dueAt.toISOString(), t.closesAt?.toISOString()])).toEqual([
      ['task:acme:monthly:2026-02:u-acme', '2026-02-28T10:00:00.000Z', '2026-02-28T16:00:00.000Z'],
    ]);
  });
});

describe('openingsDue', () => {
  it.each([
    ['never planned', planned(null, '', ''), '2026-12-01 07:00', true],
    ['yesterday planned, before 08:30', planned('2026-11-30', '2026-W49', '2026-11'), '2026-12-01 08:29', false],
    ['yesterday planned, at 08:30', planned('2026-11-30', '2026-W49', '2026-11'), '2026-12-01 08:30', true],
    ['today planned, late evening', planned('2026-12-01', '2026-W49', '2026-11'), '2026-12-01 23:59', false],
    ['days behind, at night', planned('2026-11-28', '2026-W49', '2026-11'), '2026-12-01 03:00', true],
    ['Monday before the week opens', planned('2026-11-30', '2026-W48', '2026-11'), '2026-11-30 08:59', false],
    ['Monday when the week opens', planned('2026-11-30', '2026-W48', '2026-11'), '2026-11-30 09:00', true],
    ['the 25th when the month opens', planned('2026-12-25', '2026-W52', '2026-11'), '2026-12-25 09:00', true],
    [
      'new year, week 53 still running, month not yet open',
      planned('2027-01-01', '2026-W53', '2026-12'),
      '2027-01-01 12:00',
      false,
    ],
  ])('%s → %s', (_label, over, local, expected) => {
    expect(openingsDue(snapshot(over), cst(local))).toBe(expected);
  });

  it.each([
    ['2026-12-01 08:29', snapshot()],
    ['2026-11-30 09:00', snapshot(planned('2026-11-29', '2026-W48', '2026-11'))],
    ['2026-12-25 09:00', snapshot(planned('2026-12-20', '2026-W51', '2026-11'))],
    ['2026-02-17 10:00', snapshot({ policy: workingDaysPolicy(), ...planned('2026-02-10', '2026-W07', '2026-01') })],
  ])('is false on the idle tick after a tick at %s was recorded', (local, u) => {
    const now = cst(local);
    expect(openingsDue(u, now)).toBe(true);
    const next = afterDecisions(u, planTick(u, now, calendar2026));
    expect(openingsDue(next, now)).toBe(false);
    const again = planOpenings(next, now, calendar2026);
    expect(again).toEqual({ tasks: [], notes: [], plannedDate: null, plannedWeek: null, plannedMonth: null });
  });
});
