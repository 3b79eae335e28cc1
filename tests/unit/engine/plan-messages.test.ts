import { describe, expect, it } from 'vitest';
import { levelTime } from '../../../src/domain/engine/level-time.js';
import { planEscalations, planPrompts } from '../../../src/domain/engine/plan-messages.js';
import { planTick } from '../../../src/domain/engine/plan-tick.js';
import type { EscalationLevel, UnitPolicy } from '../../../src/domain/engine/policy.js';
import { deliverAfter } from '../../../src/domain/engine/quiet-hours.js';
import type { DeviceState, NewMessage, TaskState, UnitSnapshot } from '../../../src/domain/engine/snapshot.js';
import {
  CHEN,
  calendar2026,
  cst,
  dailyTask,
  dailyTasks,
  defaultPolicy,
  hazardTask,
  LI,
  monthlyTask,
  snapshot,
  TZ,
  UNIT_NAME,
  WANG,
  weeklyTask,
  ZHANG,
  ZHAO,
} from './snapshot-fixture.js';

const DAY = '2026-12-01';
const K = (device: string) => `task:acme:daily:${DAY}:${device}`;
const keys = (ms: NewMessage[]) => ms.map((m) => m.key);
const escalations = (u: UnitSnapshot, open: TaskState[], local: string) =>
  planEscalations(u, open, new Set(), cst(local));
const withPolicy = (change: (p: UnitPolicy) => UnitPolicy, over: Partial<UnitSnapshot> = {}) =>
  snapshot({ policy: change(defaultPolicy()), ...over });
const w49 = () => weeklyTask(WANG, '2026-W49', '2026-11-30', '2026-12-07');

describe('prompts', () => {
  it(
    'one prompt per officer for the day, ' +
      'listing all their devices sorted by code, paused ones with the adjusted item',
    () => {
      const now = cst(`${DAY} 08:30`);
      const elevatorItems = [
        { seq: 1, group: '设备', content: '轿厢运行平稳，无异响', standard: '运行平稳', required: true },
        {
          seq: 2,
          group: '安全附件与保护装置',
          content: '紧急报警装置有效',
          standard: '能与值班室通话',
          required: true,
        },
      ];
      const paused = {
        seq: 1,
        group: '设备',
        content: '停用中：防护措施、停用标志是否到位',
        standard: '停用标志醒目，防护措施到位，无人违规使用',
        required: true,
      };
      const base = { unitName: UNIT_NAME, date: DAY, dueAt: '2026-12-01T09:30:00.000Z' };
      expect(planPrompts(snapshot(), dailyTasks(DAY), now)).toEqual([
        {
          key: 'msg:acme:daily:2026-12-01:prompt:0:p-zhang',
          group: 'daily:2026-12-01',
          personId: ZHANG,
          chatId: null,
          purpose: 'prompt',
          urgent: false,
          payload: {
            type: 'daily_check',
            ...base,
            devices: [
              {
                taskKey: K('d-e2'),
                equipmentId: 'd-e2',
                code: 'E-001',
                name: '2号客梯',
                location: '1号楼',
                category: 'elevator',
                paused: false,
                items: elevatorItems,
              },
              {
                taskKey: K('d-e1'),
                equipmentId: 'd-e1',
                code: 'E-002',
                name: '1号客梯',
                location: '1号楼',
                category: 'elevator',
                paused: false,
                items: elevatorItems,
              },
              {
                taskKey: K('d-e3'),
                equipmentId: 'd-e3',
                code: 'E-003',
                name: '3号货梯',
                location: '2号楼',
                category: 'elevator',
                paused: true,
                items: [paused],
              },
            ],
          },
          taskKeys: [K('d-e1'), K('d-e2'), K('d-e3')],
          notBefore: now,
        },
        {
          key: 'msg:acme:daily:2026-12-01:prompt:0:p-li',
          group: 'daily:2026-12-01',
          personId: LI,
          chatId: null,
          purpose: 'prompt',
          urgent: false,
          payload: {
            type: 'daily_check',
            ...base,
            devices: [
              {
                taskKey: K('d-c1'),
                equipmentId: 'd-c1',
                code: 'C-001',
                name: '桥式起重机',
                location: '总装车间',
                category: 'crane',
                paused: false,
                items: [{ seq: 1, group: '设备', content: '制动器动作可靠', standard: '无溜钩', required: true }],
              },
            ],
          },
          taskKeys: [K('d-c1')],
          notBefore: now,
        },
      ]);
    },
  );

  it.each([
    ['2026-12-01 08:29', [], 'not open yet'],
    ['2026-12-01 08:30', [ZHANG, LI], 'open'],
    ['2026-12-01 23:59', [ZHANG, LI], 'late, still open'],
    ['2026-12-02 00:00', [], 'period closed'],
  ])('at %s → %j (%s)', (local, people) => {
    expect(planPrompts(snapshot(), dailyTasks(DAY), cst(local)).map((m) => m.personId)).toEqual(people);
  });

  it('skips a prompt whose key is already recorded', () => {
    const u = snapshot({ messageKeys: new Set(['msg:acme:daily:2026-12-01:prompt:0:p-zhang']) });
    expect(keys(planPrompts(u, dailyTasks(DAY), cst(`${DAY} 09:00`)))).toEqual([
      'msg:acme:daily:2026-12-01:prompt:0:p-li',
    ]);
  });

  it('prompts the director for the weekly review and the principal for the monthly dispatch', () => {
    const weekly = weeklyTask(WANG, '2026-W52', '2026-12-21', '2026-12-28', { detail: { categories: ['crane'] } });
    const monthly = monthlyTask('2026-12', '2026-12-31', '2027-01-01');
    const ms = planPrompts(snapshot(), [weekly, monthly], cst('2026-12-25 09:00'));
    expect(ms.map((m) => [m.key, m.personId, m.payload])).toEqual([
      [
        'msg:acme:weekly:2026-W52:prompt:0:p-wang',
        WANG,
        {
          type: 'weekly_review',
          unitName: UNIT_NAME,
          taskKey: weekly.key,
          period: '2026-W52',
          dueAt: '2026-12-27T10:00:00.000Z',
          categories: ['crane'],
        },
      ],
      [
        'msg:acme:monthly:2026-12:prompt:0:p-chen',
        CHEN,
        {
          type: 'monthly_dispatch',
          unitName: UNIT_NAME,
          taskKey: monthly.key,
          period: '2026-12',
          dueAt: '2026-12-31T10:00:00.000Z',
        },
      ],
    ]);
  });
});

describe('reminders and escalations of the daily check (−2h assignee, 0 director, +3h principal)', () => {
  const r = (who: string) => `msg:acme:daily:2026-12-01:reminder:1:${who}`;
  const e = (level: number, who: string) => `msg:acme:daily:2026-12-01:escalation:${level}:${who}`;

  it.each([
    ['2026-12-01 15:29', []],
    ['2026-12-01 15:30', [r(ZHANG), r(LI)]],
    // Due: a reminder is pointless now.
    ['2026-12-01 17:30', [e(2, WANG)]],
    ['2026-12-01 20:30', [e(2, WANG), e(3, CHEN)]],
    // The period has closed; levels before the close still go out (catch-up after downtime).
    ['2026-12-02 00:00', [e(2, WANG), e(3, CHEN)]],
  ])('nothing recorded yet, at %s → %j', (local, expected) => {
    expect(keys(escalations(snapshot(), dailyTasks(DAY), local))).toEqual(expected);
  });

  it('the reminder names the officer\u2019s own devices', () => {
    const [zhang] = escalations(snapshot(), dailyTasks(DAY), `${DAY} 15:30`);
    expect(zhang).toEqual({
      key: r(ZHANG),
      group: 'daily:2026-12-01',
      personId: ZHANG,
      chatId: null,
      purpose: 'reminder',
      urgent: false,
      payload: {
        type: 'reminder',
        unitName: UNIT_NAME,
        kind: 'daily',
        period: DAY,
        dueAt: '2026-12-01T09:30:00.000Z',
        items: [
          { taskKey: K('d-e1'), label: '1号客梯（E-002）日管控检查', device: '1号客梯' },
          { taskKey: K('d-e2'), label: '2号客梯（E-001）日管控检查', device: '2号客梯' },
          { taskKey: K('d-e3'), label: '3号货梯（E-003）日管控检查', device: '3号货梯' },
        ],
      },
      taskKeys: [K('d-e1'), K('d-e2'), K('d-e3')],
      notBefore: cst(`${DAY} 15:30`),
    });
  });

  it('is not sent right after the prompt, when the tasks were created in the same tick', () => {
    const planned = { plannedDate: '2026-11-30', plannedWeek: '2026-W49', plannedMonth: '2026-11' };
    const first = planTick(snapshot(planned), cst(`${DAY} 15:45`), calendar2026);
    expect(first.messages.map((m) => [m.purpose, m.personId])).toEqual([
      ['prompt', ZHANG],
      ['prompt', LI],
    ]);
    // The same moment with the tasks already recorded and prompted: the reminders go.
    const recorded = snapshot({
      ...planned,
      plannedDate: DAY,
      openTasks: dailyTasks(DAY),
      messageKeys: new Set(first.messages.map((m) => m.key)),
    });
    expect(keys(planTick(recorded, cst(`${DAY} 15:45`), calendar2026).messages)).toEqual([r(ZHANG), r(LI)]);
  });

  it('tells the director at the due time in ONE message, grouped by officer, however many devices', () => {
    const many: DeviceState[] = [
      ...Array.from({ length: 10 }, (_, i) => ({
        id: `d-e${i}`,
        code: `E-${100 + i}`,
        name: `${i}号梯`,
        location: 'A座',
        category: 'elevator' as const,
        status: 'in_use' as const,
        officerId: ZHANG,
      })),
      ...Array.from({ length: 5 }, (_, i) => ({
        id: `d-c${i}`,
        code: `C-${100 + i}`,
        name: `${i}号吊`,
        location: '车间',
        category: 'crane' as const,
        status: 'in_use' as const,
        officerId: LI,
      })),
    ];
    const u = snapshot({ devices: many });
    const open = many.map((d) => ({
      ...dailyTask('d-c1', DAY),
      id: `id-${d.id}`,
      key: K(d.id),
      subjectId: d.id,
      assigneeId: d.officerId,
      detail: { category: d.category, paused: false },
    }));
    const ms = escalations(u, open, `${DAY} 17:30`);
    expect(ms).toHaveLength(1);
    const m = ms[0]!;
    expect([m.key, m.personId, m.purpose, m.taskKeys.length]).toEqual([e(2, WANG), WANG, 'escalation', 15]);
    if (m.payload.type !== 'escalation') throw new Error(`unexpected payload ${m.payload.type}`);
    expect([m.payload.level, m.payload.dueAt]).toEqual([1, '2026-12-01T09:30:00.000Z']);
    expect(m.payload.groups.map((g) => [g.person, g.items.length])).toEqual([
      [{ id: ZHANG, name: '张三' }, 10],
      [{ id: LI, name: '李四' }, 5],
    ]);
    expect(m.payload.groups[1]!.items[0]).toEqual({
      taskKey: K('d-c0'),
      label: '0号吊（C-100）日管控检查',
      device: '0号吊',
    });
  });

  it('a director scoped to cranes hears only about the crane', () => {
    const base = snapshot();
    const u = {
      ...base,
      roles: [...base.roles, { personId: ZHAO, role: 'director' as const, categories: ['crane' as const] }],
    };
    const ms = escalations(u, dailyTasks(DAY), `${DAY} 17:30`);
    expect(ms.map((m) => [m.key, m.taskKeys])).toEqual([
      [e(2, WANG), [K('d-e1'), K('d-e2'), K('d-e3'), K('d-c1')]],
      [e(2, ZHAO), [K('d-c1')]],
    ]);
  });

  it('tells the principal three hours after the due time, as level 2', () => {
    const u = snapshot({ messageKeys: new Set([e(2, WANG)]) });
    const ms = escalations(u, dailyTasks(DAY), `${DAY} 20:30`);
    expect(
      ms.map((m) => [m.key, m.personId, m.payload.type === 'escalation' ? m.payload.level : null, m.taskKeys.length]),
    ).toEqual([[e(3, CHEN), CHEN, 2, 4]]);
  });

  it.each([
    [
      'a director who acknowledged one task',
      [`id-${DAY}-d-e1:${WANG}`],
      `${DAY} 17:30`,
      [[e(2, WANG), [K('d-e2'), K('d-e3'), K('d-c1')]]],
    ],
    [
      'a director who acknowledged all four (the principal still hears)',
      ['d-e1', 'd-e2', 'd-e3', 'd-c1'].map((d) => `id-${DAY}-${d}:${WANG}`),
      `${DAY} 20:30`,
      [[e(3, CHEN), [K('d-e1'), K('d-e2'), K('d-e3'), K('d-c1')]]],
    ],
    [
      'an officer who acknowledged one task (the other officer still reminded)',
      [`id-${DAY}-d-e1:${ZHANG}`],
      `${DAY} 15:30`,
      [
        [r(ZHANG), [K('d-e2'), K('d-e3')]],
        [r(LI), [K('d-c1')]],
      ],
    ],
  ])('acknowledgements: %s', (_label, acks, local, expected) => {
    expect(
      escalations(snapshot({ acks: new Set(acks) }), dailyTasks(DAY), local).map((m) => [m.key, m.taskKeys]),
    ).toEqual(expected);
  });

  it('sends nothing whose key is already recorded', () => {
    const u = snapshot({ messageKeys: new Set([r(ZHANG), r(LI), e(2, WANG), e(3, CHEN)]) });
    expect(escalations(u, dailyTasks(DAY), `${DAY} 23:00`)).toEqual([]);
  });

  it('also posts to the escalation level\u2019s chats', () => {
    const u = withPolicy((p) => ({
      ...p,
      escalation: {
        ...p.escalation,
        daily: [p.escalation.daily[0]!, { after: '0', to: ['director'], chats: ['oc_safety'] }, p.escalation.daily[2]!],
      },
    }));
    const ms = escalations(u, dailyTasks(DAY), `${DAY} 17:30`);
    expect(ms.map((m) => [m.key, m.personId, m.chatId, m.purpose, m.taskKeys.length])).toEqual([
      [e(2, WANG), WANG, null, 'escalation', 4],
      ['msg:acme:daily:2026-12-01:escalation:2:chat-oc_safety', null, 'oc_safety', 'escalation', 4],
    ]);
    expect(ms[1]!.payload).toEqual(ms[0]!.payload);
  });
});

describe('quiet hours', () => {
  const QUIET = { start: '21:00', end: '07:30' };
  it.each([
    ['2026-12-01 21:30', QUIET, false, '2026-12-01T23:30:00.000Z', 'evening → next day 07:30'],
    ['2026-12-01 21:00', QUIET, false, '2026-12-01T23:30:00.000Z', 'start is quiet'],
    ['2026-12-01 06:00', QUIET, false, '2026-11-30T23:30:00.000Z', 'early morning → 07:30 same day'],
    ['2026-12-01 07:29', QUIET, false, '2026-11-30T23:30:00.000Z', 'last quiet minute'],
    ['2026-12-31 23:00', QUIET, false, '2026-12-31T23:30:00.000Z', 'New Year\u2019s Eve → 2027-01-01 07:30'],
    ['2026-12-01 21:30', QUIET, true, '2026-12-01T13:30:00.000Z', 'urgent goes at once'],
    ['2026-12-01 21:30', null, false, '2026-12-01T13:30:00.000Z', 'no quiet hours'],
    [
      '2026-12-01 13:00',
      { start: '12:00', end: '14:00' },
      false,
      '2026-12-01T06:00:00.000Z',
      'midday window → 14:00 same day',
    ],
    ['2026-12-01 14:01', { start: '12:00', end: '14:00' }, false, '2026-12-01T06:01:00.000Z', 'after a midday window'],
    [
      '2026-12-01 23:00',
      { start: '12:00', end: '14:00' },
      false,
      '2026-12-01T15:00:00.000Z',
      'a midday window does not wrap midnight',
    ],
  ])('decided at %s with %j, urgent %s → %s (%s)', (local, quiet, urgent, expected, _why) => {
    expect(deliverAfter(cst(local), urgent, quiet, TZ).toISOString()).toBe(expected);
  });

  it.each([
    ['21:00–07:30', QUIET, '2026-11-30T23:30:30.000Z'],
    ['12:00–14:00', { start: '12:00', end: '14:00' }, '2026-12-01T06:00:30.000Z'],
  ])('the end minute of %s is not quiet, even seconds into it', (_label, quiet, instant) => {
    expect(deliverAfter(new Date(instant), false, quiet, TZ).toISOString()).toBe(instant);
  });

  it('a reminder decided at 21:30 waits until 07:30 the next day', () => {
    const late = dailyTask('d-c1', DAY, { dueAt: cst(`${DAY} 23:30`) });
    const ms = escalations(snapshot(), [late], `${DAY} 21:30`);
    expect(ms.map((m) => [m.purpose, m.personId, m.notBefore.toISOString()])).toEqual([
      ['reminder', LI, '2026-12-01T23:30:00.000Z'],
    ]);
  });

  it('a reminder decided at 06:00 waits until 07:30 the same day', () => {
    const early = dailyTask('d-c1', DAY, { opensAt: cst(`${DAY} 00:00`), dueAt: cst(`${DAY} 08:00`) });
    const ms = escalations(snapshot(), [early], `${DAY} 06:00`);
    expect(ms.map((m) => [m.purpose, m.personId, m.notBefore.toISOString()])).toEqual([
      ['reminder', LI, '2026-11-30T23:30:00.000Z'],
    ]);
  });

  it('a reminder inside a midday quiet window waits until it ends', () => {
    const u = withPolicy((p) => ({ ...p, quietHours: { start: '12:00', end: '14:00' } }));
    const t = dailyTask('d-c1', DAY, { dueAt: cst(`${DAY} 15:00`) });
    expect(escalations(u, [t], `${DAY} 13:00`).map((m) => m.notBefore.toISOString())).toEqual([
      '2026-12-01T06:00:00.000Z',
    ]);
  });

  it.each([
    ['serious', true, '2026-12-01T14:00:00.000Z'],
    ['general', false, '2026-12-01T23:30:00.000Z'],
  ] as const)('a %s hazard overdue at 22:00: urgent %s, delivered from %s', (level, urgent, notBefore) => {
    const h = hazardTask('h1', level, cst(`${DAY} 22:00`));
    const ms = escalations(snapshot(), [h], `${DAY} 22:00`);
    expect(ms).toEqual([
      {
        key: 'msg:acme:hazard:h1:escalation:2:p-wang',
        group: 'hazard:h1',
        personId: WANG,
        chatId: null,
        purpose: 'escalation',
        urgent,
        payload: {
          type: 'escalation',
          unitName: UNIT_NAME,
          kind: 'hazard',
          period: 'h1',
          level: 1,
          dueAt: '2026-12-01T14:00:00.000Z',
          groups: [
            {
              person: { id: LI, name: '李四' },
              items: [{ taskKey: h.key, label: '隐患整改：制动器磨损', device: '桥式起重机' }],
            },
          ],
        },
        taskKeys: [h.key],
        notBefore: new Date(notBefore),
      },
    ]);
  });
});

describe('fixed-day levels of the weekly and monthly tasks', () => {
  const fixed = (day: number, time: string): EscalationLevel => ({ day, time, to: ['assignee'], chats: [] });
  const weekly = (period: string) => ({ kind: 'weekly' as const, period, dueAt: new Date(0) });
  const monthly = (period: string) => ({ kind: 'monthly' as const, period, dueAt: new Date(0) });

  it.each([
    ['weekly day 5 09:00 of 2026-W53 (next year)', '2027-01-01T01:00:00.000Z', weekly('2026-W53'), fixed(5, '09:00')],
    [
      'weekly day 5 09:00 of 2026-W01 (previous year\u2019s Monday)',
      '2026-01-02T01:00:00.000Z',
      weekly('2026-W01'),
      fixed(5, '09:00'),
    ],
    ['weekly day 9 clamped to Sunday', '2026-12-06T01:00:00.000Z', weekly('2026-W49'), fixed(9, '09:00')],
    ['monthly day 28 in February 2028', '2028-02-28T01:00:00.000Z', monthly('2028-02'), fixed(28, '09:00')],
    ['monthly day 31 in April (30 days)', '2026-04-30T01:00:00.000Z', monthly('2026-04'), fixed(31, '09:00')],
    ['monthly day 31 in February 2028 (leap)', '2028-02-29T01:00:00.000Z', monthly('2028-02'), fixed(31, '09:00')],
    [
      'a fixed day on a daily task',
      null,
      { kind: 'daily' as const, period: DAY, dueAt: new Date(0) },
      fixed(5, '09:00'),
    ],
  ])('%s → %s', (_label, expected, task, level) => {
    expect(levelTime(task, level, TZ)?.toISOString() ?? null).toBe(expected);
  });

  it.each([
    ['2026-12-04 08:59', [], []],
    ['2026-12-04 09:00', ['msg:acme:weekly:2026-W49:reminder:1:p-wang'], []],
    [
      '2026-12-06 18:00',
      ['msg:acme:weekly:2026-W49:escalation:2:p-chen'],
      ['msg:acme:weekly:2026-W49:reminder:1:p-wang'],
    ],
  ])('weekly review at %s → %j', (local, expected, recorded) => {
    const ms = escalations(snapshot({ messageKeys: new Set(recorded) }), [w49()], local);
    expect(keys(ms)).toEqual(expected);
    if (ms[0]?.purpose === 'reminder')
      expect(ms[0].payload).toEqual({
        type: 'reminder',
        unitName: UNIT_NAME,
        kind: 'weekly',
        period: '2026-W49',
        dueAt: '2026-12-06T10:00:00.000Z',
        items: [{ taskKey: w49().key, label: '2026-W49 周排查报告' }],
      });
  });

  it.each([
    ['2026-02-28 08:59', []],
    ['2026-02-28 09:00', ['msg:acme:monthly:2026-02:reminder:1:p-chen']],
    [
      '2026-02-28 18:00',
      ['msg:acme:monthly:2026-02:escalation:2:p-chen', 'msg:acme:monthly:2026-02:escalation:2:p-wang'],
    ],
  ])('monthly dispatch of February 2026 (day 28 reminder, due the 28th) at %s → %j', (local, expected) => {
    const u = snapshot({
      messageKeys: new Set(local.endsWith('18:00') ? ['msg:acme:monthly:2026-02:reminder:1:p-chen'] : []),
    });
    expect(keys(escalations(u, [monthlyTask('2026-02', '2026-02-28', '2026-03-01')], local))).toEqual(expected);
  });

  it('a monthly `day: 31` reminder fires on the 30th of a 30-day month', () => {
    const u = withPolicy((p) => ({ ...p, escalation: { ...p.escalation, monthly: [fixed(31, '09:00')] } }));
    const april = monthlyTask('2026-04', '2026-04-30', '2026-05-01');
    expect(keys(escalations(u, [april], '2026-04-30 08:59'))).toEqual([]);
    expect(keys(escalations(u, [april], '2026-04-30 09:00'))).toEqual(['msg:acme:monthly:2026-04:reminder:1:p-chen']);
  });
});
