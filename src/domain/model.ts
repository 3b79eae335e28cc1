/**
 * The words of the product (DESIGN.md “Words”) as code: the closed sets of values that the
 * database stores as plain strings, with the Chinese labels people see.
 */

export const CATEGORIES = [
  'boiler',
  'pressure_vessel',
  'gas_cylinder',
  'pressure_piping',
  'elevator',
  'crane',
  'ropeway',
  'amusement_ride',
  'field_vehicle',
] as const;
export type Category = (typeof CATEGORIES)[number];

export const CATEGORY_LABELS: Record<Category, string> = {
  boiler: '锅炉',
  pressure_vessel: '压力容器',
  gas_cylinder: '气瓶',
  pressure_piping: '压力管道',
  elevator: '电梯',
  crane: '起重机械',
  ropeway: '客运索道',
  amusement_ride: '大型游乐设施',
  field_vehicle: '场(厂)内专用机动车辆',
};

export const UNIT_KINDS = ['user', 'producer', 'filler'] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];
export const UNIT_KIND_LABELS: Record<UnitKind, string> = {
  user: '使用单位',
  producer: '生产单位',
  filler: '充装单位',
};

export const ROLES = ['principal', 'director', 'officer'] as const;
export type Role = (typeof ROLES)[number];

/** Titles by unit kind: a producer's roles are the same roles under 令73's names. */
export function roleTitle(role: Role, kind: UnitKind): string {
  if (role === 'principal') return '主要负责人';
  const quality = kind === 'producer' ? '质量' : '';
  return role === 'director' ? `${quality}安全总监` : `${quality}安全员`;
}

export const EQUIPMENT_STATUSES = ['in_use', 'paused', 'stopped', 'scrapped'] as const;
export type EquipmentStatus = (typeof EQUIPMENT_STATUSES)[number];
export const EQUIPMENT_STATUS_LABELS: Record<EquipmentStatus, string> = {
  in_use: '在用',
  paused: '临时停用',
  stopped: '停用',
  scrapped: '报废',
};

export const CHECK_GROUPS = ['人员', '管理', '设备', '安全附件与保护装置', '环境'] as const;
export type CheckGroup = (typeof CHECK_GROUPS)[number];

export const FREQUENCIES = ['daily', 'weekly', 'monthly'] as const;
export type Frequency = (typeof FREQUENCIES)[number];

export const CHECKLIST_STATUSES = ['draft', 'effective', 'superseded'] as const;
export type ChecklistStatus = (typeof CHECKLIST_STATUSES)[number];

export const DAILY_DAYS = ['every_day', 'working_days'] as const;
export type DailyDays = (typeof DAILY_DAYS)[number];

/** Accepts a code or its Chinese label (“电梯”, “在用”), as people type them in files and chat. */
export function parseCategory(text: string): Category | null {
  const t = text.trim();
  if ((CATEGORIES as readonly string[]).includes(t)) return t as Category;
  const hit = CATEGORIES.find(
    (c) => CATEGORY_LABELS[c] === t || (c === 'field_vehicle' && ['场车', '厂车', '叉车'].includes(t)),
  );
  return hit ?? null;
}

export function parseEquipmentStatus(text: string): EquipmentStatus | null {
  const t = text.trim();
  if ((EQUIPMENT_STATUSES as readonly string[]).includes(t)) return t as EquipmentStatus;
  const hit = EQUIPMENT_STATUSES.find((s) => EQUIPMENT_STATUS_LABELS[s] === t);
  if (hit) return hit;
  return t === '停用中' || t === '维修' ? 'paused' : null;
}
