/**
 * Hand-built planner snapshots for the engine's table tests: one unit in Asia/Shanghai with two
 * officers, a director, a principal and devices in every status, the service's default policy
 * (config/safeduty.yaml), and a 2026 holiday calendar from shared/reference/calendar-cn.md.
 * Plain data only: no config loading, no store, no clock.
 */

import type { EscalationPolicies, Schedule, UnitPolicy } from '../../../src/domain/engine/policy.js';
import type { DeviceState, TaskState, UnitDecisions, UnitSnapshot } from '../../../src/domain/engine/snapshot.js';
import { type CalendarFile, HolidayCalendar } from '../../../src/domain/holiday-calendar.js';

export const TZ = 'Asia/Shanghai';
export const UNIT_ID = 'u-acme';
export const UNIT_KEY = 'acme';
export const UNIT_NAME = '示例机械厂';

/** People by role: two officers, one director for all categories, one principal. */
export const ZHANG = 'p-zhang'; // officer of the elevators
export const LI = 'p-li'; // officer of the crane, forklift and boiler
export const WANG = 'p-wang'; // director, all categories
export const CHEN = 'p-chen'; // principal
export const ZHAO = 'p-zhao'; // a second director, added by tests that need category scopes

/** 2026 statutory holidays and make-up working days (State Council notice). */
export const cn2026: CalendarFile = {
  region: 'CN',
  year: 2026,
  source: '国务院办公厅关于2026年部分节假日安排的通知',
  holidays: [
    { name: '元旦', from: '2026-01-01', to: '2026-01-03', workdays: ['2026-01-04'] },
    { name: '春节', from: '2026-02-15', to: '2026-02-23', workdays: ['2026-02-14', '2026-02-28'] },
    { name: '清明', from: '2026-04-04', to: '2026-04-06', workdays: [] },
    { name: '劳动节', from: '2026-05-01', to: '2026-05-05', workdays: ['2026-05-09'] },
    { name: '端午', from: '2026-06-19', to: '2026-06-21', workdays: [] },
    { name: '中秋', from: '2026-09-25', to: '2026-09-27', workdays: [] },
    { name: '国庆节', from: '2026-10-01', to: '2026-10-07', workdays: ['2026-09-20', '2026-10-10'] },
  ],
};

export const calendar2026 = new HolidayCalendar([cn2026]);

/** The defaults of config/safeduty.yaml. */
export function defaultSchedule(): Schedule {
  return {
    daily: { open: '08:30', due: '17:30', days: 'every_day' },
    weekly: { open_weekday: 1, open: '09:00', due_weekday: 7, due: '18:00' },
    monthly: { open_day: 25, open: '09:00', due: '18:00' },
    rectify_days: { general: 3, serious: 1, major: 1 },
    advice_days: 3,
  };
}

export function defaultEscalation(): EscalationPolicies {
  return {
    daily: [
      { after: '-2h', to: ['assignee'], chats: [] },
      { after: '0', to: ['director'], chats: [] },
      { after: '3h', to: ['principal'], chats: [] },
    ],
    weekly: [
      { day: 5, time: '09:00', to: ['assignee'], chats: [] },
      { after: '0', to: ['principal'], chats: [] },
    ],
    monthly: [
      { day: 28, time: '09:00', to: ['assignee'], chats: [] },
      { after: '0', to: ['assignee', 'director'], chats: [] },
    ],
    hazard: [
      { after: '-4h', to: ['assignee'], chats: [] },
      { after: '0', to: ['director'], chats: [] },
      { after: '1d', to: ['principal'], chats: [] },
    ],
    advice: [
      { after: '-1d', to: ['assignee'], chats: [] },
      { after: '0', to: ['assignee', 'director'], chats: [] },
    ],
    resolution: [
      { after: '-1d', to: ['assignee'], chats: [] },
      { after: '0', to: ['director'], chats: [] },
      { after: '1d', to: ['principal'], chats: [] },
    ],
  };
}

export function defaultPolicy(timeZone: string = TZ): UnitPolicy {
  return {
    timeZone,
    schedule: defaultSchedule(),
    escalation: defaultEscalation(),
    quietHours: { start: '21:00', end: '07:30' },
  };
}

/** The same policy with the daily check on working days only (holidays and weekends off, 调休 worked). */
export function workingDaysPolicy(): UnitPolicy {
  const p = defaultPolicy();
  return { ...p, schedule: { ...p.schedule, daily: { ...p.schedule.daily, days: 'working_days' } } };
}

/**
 * Devices in every status. Ids and codes are deliberately in different orders so that sorting by
 * code is visible: E-002 has id d-e1, E-001 has id d-e2.
 */
export const DEVICES: DeviceState[] = [
  {
    id: 'd-e1',
    code: 'E-002',
    name: '1号客梯',
    location: '1号楼',
    category: 'elevator',
    status: 'in_use',
    officerId: ZHANG,
  },
  {
    id: 'd-e2',
    code: 'E-001',
    name: '2号客梯',
    location: '1号楼',
    category: 'elevator',
    status: 'in_use',
    officerId: ZHANG,
  },
  {
    id: 'd-e3',
    code: 'E-003',
    name: '3号货梯',
    location: '2号楼',
    category: 'elevator',
    status: 'paused',
    officerId: ZHANG,
  },
  {
    id: 'd-c1',
    code: 'C-001',
    name: '桥式起重机',
    location: '总装车间',
    category: 'crane',
    status: 'in_use',
    officerId: LI,
  },
  {
    id: 'd-f1',
    code: 'F-001',
    name: '叉车',
    location: '仓库',
    category: 'field_vehicle',
    status: 'stopped',
    officerId: LI,
  },
  {
    id: 'd-b1',
    code: 'B-001',
    name: '燃气锅炉',
    location: '锅炉房',
    category: 'boiler',
    status: 'scrapped',
    officerId: LI,
  },
];

/** Devices that get a daily task (in_use and paused), in snapshot order. */
export const DAILY_DEVICE_IDS = ['d-e1', 'd-e2', 'd-e3', 'd-c1'];

export function snapshot(over: Partial<UnitSnapshot> = {}): UnitSnapshot {
  return {
    id: UNIT_ID,
    key: UNIT_KEY,
    name: UNIT_NAME,
    policy: defaultPolicy(),
    suspensions: [],
    people: [
      { id: ZHANG, name: '张三' },
      { id: LI, name: '李四' },
      { id: WANG, name: '王五' },
      { id: CHEN, name: '陈总' },
      { id: ZHAO, name: '赵六' },
    ],
    roles: [
      { personId: ZHANG, role: 'officer', categories: ['elevator'] },
      { personId: LI, role: 'officer', categories: ['crane', 'field_vehicle', 'boiler'] },
      { personId: WANG, role: 'director', categories: [] },
      { personId: CHEN, role: 'principal', categories: [] },
    ],
    devices: DEVICES.map((d) => ({ ...d })),
    dailyItems: {
      elevator: [
        { group: '设备', content: '轿厢运行平稳，无异响', standard: '运行平稳', frequency: 'daily', required: true },
        {
          group: '安全附件与保护装置',
          content: '紧急报警装置有效',
          standard: '能与值班室通话',
          frequency: 'daily',
          required: true,
        },
      ],
      crane: [{ group: '设备', content: '制动器动作可靠', standard: '无溜钩', frequency: 'daily', required: true }],
    },
    plannedDate: null,
    plannedWeek: '',
    plannedMonth: '',
    existingTaskKeys: new Set(),
    openTasks: [],
    messageKeys: new Set(),
    acks: new Set(),
    ...over,
  };
}

/** An instant written as Beijing wall-clock time ('2026-12-01 08:30'); China has had no DST since 1991. */
export function cst(local: string): Date {
  return new Date(`${local.replace(' ', 'T')}:00+08:00`);
}

export const iso = (d: Date | null | undefined): string | null => (d ? d.toISOString() : null);

/**
 * A daily task of the default schedule as the store would hand it back: opens 08:30, due 17:30,
 * closes at the next midnight (Beijing time). Id and key differ on purpose (acks use the id).
 */
export function dailyTask(deviceId: string, date: string, over: Partial<TaskState> = {}): TaskState {
  const d = DEVICES.find((x) => x.id === deviceId)!;
  const next = new Date(cst(`${date} 00:00`).getTime() + 86_400_000);
  return {
    id: `id-${date}-${deviceId}`,
    key: `task:${UNIT_KEY}:daily:${date}:${deviceId}`,
    kind: 'daily',
    period: date,
    subjectId: deviceId,
    assigneeId: d.officerId,
    opensAt: cst(`${date} 08:30`),
    dueAt: cst(`${date} 17:30`),
    closesAt: next,
    detail: { category: d.category, paused: d.status === 'paused' },
    ...over,
  };
}

/** The daily tasks of all four daily devices on `date`. */
export function dailyTasks(date: string): TaskState[] {
  return DAILY_DEVICE_IDS.map((id) => dailyTask(id, date));
}

/** A weekly review task given its ISO week, Monday and following Monday (local dates). */
export function weeklyTask(
  directorId: string,
  week: string,
  monday: string,
  nextMonday: string,
  over: Partial<TaskState> = {},
): TaskState {
  const sunday = new Date(cst(`${nextMonday} 18:00`).getTime() - 86_400_000);
  return {
    id: `id-${week}-${directorId}`,
    key: `task:${UNIT_KEY}:weekly:${week}:${directorId}`,
    kind: 'weekly',
    period: week,
    subjectId: directorId,
    assigneeId: directorId,
    opensAt: cst(`${monday} 09:00`),
    dueAt: sunday,
    closesAt: cst(`${nextMonday} 00:00`),
    detail: { categories: [] },
    ...over,
  };
}

/** A monthly dispatch task given its month, open day (25th), last day and the next month's 1st. */
export function monthlyTask(
  month: string,
  lastDay: string,
  nextFirst: string,
  over: Partial<TaskState> = {},
): TaskState {
  return {
    id: `id-${month}-monthly`,
    key: `task:${UNIT_KEY}:monthly:${month}:${UNIT_ID}`,
    kind: 'monthly',
    period: month,
    subjectId: UNIT_ID,
    assigneeId: CHEN,
    opensAt: cst(`${month}-25 09:00`),
    dueAt: cst(`${lastDay} 18:00`),
    closesAt: cst(`${nextFirst} 00:00`),
    detail: null,
    ...over,
  };
}

/** A hazard rectification task of `level` assigned to an officer, due at `dueAt`. */
export function hazardTask(
  id: string,
  level: 'general' | 'serious' | 'major',
  dueAt: Date,
  over: Partial<TaskState> = {},
): TaskState {
  return {
    id: `id-${id}`,
    key: `task:${UNIT_KEY}:hazard:${id}:${id}`,
    kind: 'hazard',
    period: id,
    subjectId: id,
    assigneeId: LI,
    opensAt: new Date(dueAt.getTime() - 86_400_000),
    dueAt,
    closesAt: null,
    detail: { level, description: '制动器磨损', equipmentId: 'd-c1' },
    ...over,
  };
}

/**
 * The snapshot the store would build after recording `d`: new task keys exist, open new tasks join
 * the open ones (id = key), missed ones leave, message keys are recorded and watermarks move.
 * Every open task is kept (not only those whose next action has come), which is the stricter test.
 */
export function afterDecisions(u: UnitSnapshot, d: UnitDecisions): UnitSnapshot {
  const missed = new Set(d.missed.map((t) => t.id));
  const created: TaskState[] = d.tasks
    .filter((t) => t.state === 'open')
    .map((t) => ({
      id: t.key,
      key: t.key,
      kind: t.kind,
      period: t.period,
      subjectId: t.subjectId,
      assigneeId: t.assigneeId,
      opensAt: t.opensAt,
      dueAt: t.dueAt,
      closesAt: t.closesAt,
      detail: t.detail,
    }));
  return {
    ...u,
    plannedDate: d.plannedDate ?? u.plannedDate,
    plannedWeek: d.plannedWeek ?? u.plannedWeek,
    plannedMonth: d.plannedMonth ?? u.plannedMonth,
    existingTaskKeys: new Set([...u.existingTaskKeys, ...d.tasks.map((t) => t.key)]),
    openTasks: [...u.openTasks.filter((t) => !missed.has(t.id)), ...created],
    messageKeys: new Set([...u.messageKeys, ...d.messages.map((m) => m.key)]),
  };
}
