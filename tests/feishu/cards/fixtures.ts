/** Payloads for the card tests: devices with the real default checklists, long task keys. */
import fs from 'node:fs';
import { parse } from 'yaml';
import type { DailyCheckPayload, RenderContext } from '../../../src/adapters/feishu/cards/index.js';
import type {
  DailyDeviceView,
  HazardNotice,
  ItemView,
  Payload,
  PeriodStats,
} from '../../../src/domain/engine/payloads.js';
import { PAUSED_ITEM } from '../../../src/domain/engine/payloads.js';
import type { Category } from '../../../src/domain/model.js';

/** 2026-12-01 08:00 in Shanghai. */
export const ctx: RenderContext = {
  timeZone: 'Asia/Shanghai',
  now: new Date('2026-12-01T00:00:00Z'),
  taskKey: 'task:demo:weekly:2026-W49:p-director',
};

export function dailyItems(category: Category): ItemView[] {
  const doc = parse(
    fs.readFileSync(new URL(`../../../config/checklists/${category}.yaml`, import.meta.url), 'utf8'),
  ) as {
    items: { group: ItemView['group']; content: string; standard: string; frequency: string; required?: boolean }[];
  };
  return doc.items
    .filter((i) => i.frequency === 'daily')
    .map((i, n) => ({
      seq: n + 1,
      group: i.group,
      content: i.content,
      standard: i.standard,
      required: i.required ?? true,
    }));
}

const CATEGORIES: Category[] = ['elevator', 'boiler', 'pressure_vessel', 'crane'];

/** ~90 characters, like the real ones. */
export const taskKey = (n: number): string =>
  `task:unit-demo-hospital-0001:daily:2026-12-01:person-officer-zhang-0001:equipment-${String(n).padStart(6, '0')}`;

export function device(n: number, over: Partial<DailyDeviceView> = {}): DailyDeviceView {
  const category = CATEGORIES[n % CATEGORIES.length] ?? 'elevator';
  return {
    taskKey: taskKey(n),
    equipmentId: `eq-${n}`,
    code: `SB-${String(n).padStart(3, '0')}`,
    name: `${Math.ceil(n / 4)}号楼${n}号设备`,
    location: `${Math.ceil(n / 4)}号楼地下一层设备间`,
    category,
    paused: false,
    items: dailyItems(category),
    ...over,
  };
}

export const pausedDevice = (n: number): DailyDeviceView => device(n, { paused: true, items: [PAUSED_ITEM] });

export function daily(count: number, devices?: DailyDeviceView[]): DailyCheckPayload {
  return {
    type: 'daily_check',
    unitName: '示范医院',
    date: '2026-12-01',
    dueAt: '2026-12-01T02:00:00Z',
    devices: devices ?? Array.from({ length: count }, (_, i) => device(i + 1)),
  };
}

export const stats: PeriodStats = {
  devices: { inUse: 12, paused: 1, stopped: 2 },
  daily: { due: 60, done: 58, zeroRisk: 55, late: 1, missed: 2 },
  hazards: { found: 3, closed: 2, overdue: 0, open: 1 },
};

export const hazards = [
  {
    hazardId: 'hz-1',
    level: 'general' as const,
    state: 'rectifying',
    description: '轿厢照明一盏不亮',
    device: '1号楼1号设备',
    assignee: '张三',
    deadline: '2026-12-05T10:00:00Z',
  },
  {
    hazardId: 'hz-2',
    level: 'major' as const,
    state: 'open',
    description: '安全阀铅封损坏 <at id=all></at>',
    device: '1号楼2号设备',
    assignee: '李四',
    deadline: '2026-12-02T10:00:00Z',
  },
];

export const people = [
  { id: 'p-zhang', name: '张三' },
  { id: 'p-li', name: '李四' },
  { id: 'p-wang', name: '王总' },
];

export function hazardNotice(action: HazardNotice['action'], level: HazardNotice['level'] = 'serious'): HazardNotice {
  return {
    type: 'hazard_notice',
    unitName: '示范医院',
    hazardId: 'hz-42',
    taskKey: 'task:hz-42',
    action,
    level,
    description: '曳引机异响',
    measures: '已停梯并通知维保单位',
    stoppedUse: true,
    device: '1号楼1号客梯',
    reporter: '张三',
    deadline: '2026-12-03T10:00:00Z',
    ...(action === 'verify' ? { rectification: '更换曳引轮轴承，试运行正常' } : {}),
  };
}

/** One payload of every type, for the “every card is valid” test. */
export function everyPayload(): Payload[] {
  return [
    daily(3),
    {
      type: 'weekly_review',
      unitName: '示范医院',
      period: '2026-W49',
      dueAt: '2026-12-04T10:00:00Z',
      categories: ['elevator', 'boiler'],
      stats,
      openHazards: hazards,
    },
    { type: 'weekly_review', unitName: '示范医院', period: '2026-W49', dueAt: '2026-12-04T10:00:00Z', categories: [] },
    {
      type: 'monthly_dispatch',
      unitName: '示范医院',
      period: '2026-12',
      dueAt: '2026-12-28T10:00:00Z',
      stats,
      openHazards: hazards,
    },
    {
      type: 'reminder',
      unitName: '示范医院',
      kind: 'daily',
      period: '2026-12-01',
      dueAt: '2026-12-01T02:00:00Z',
      items: [{ taskKey: taskKey(1), label: '1号楼1号设备（SB-001）日管控检查' }],
    },
    {
      type: 'escalation',
      unitName: '示范医院',
      kind: 'daily',
      period: '2026-12-01',
      level: 1,
      dueAt: '2026-12-01T02:00:00Z',
      groups: [
        {
          person: { id: 'p-zhang', name: '张三' },
          items: [{ taskKey: taskKey(1), label: '1号楼1号设备（SB-001）日管控检查' }],
        },
      ],
    },
    ...(['confirm', 'rectify', 'verify', 'inform'] as const).map((a) => hazardNotice(a)),
    {
      type: 'advice_request',
      unitName: '示范医院',
      adviceId: 'adv-1',
      taskKey: 'task:adv-1',
      from: '张三',
      content: '建议给地下室加装除湿机',
      dueAt: '2026-12-08T10:00:00Z',
    },
    {
      type: 'advice_answered',
      unitName: '示范医院',
      adviceId: 'adv-1',
      content: '建议给地下室加装除湿机',
      answer: 'adopted',
      reason: '本月内采购',
      by: '王总',
    },
    {
      type: 'resolution_assigned',
      unitName: '示范医院',
      taskKey: 'task:res-1',
      content: '完成电梯应急演练',
      deadline: '2026-12-31',
      from: '王总',
      period: '2026-12',
    },
    { type: 'notice', unitName: '示范医院', text: '系统将于今晚 22:00 维护' },
  ];
}
