/**
 * The ports through which use cases reach the outside world. Each is narrow and named after
 * intentions; adapters implement them (Prisma store, console/Feishu/Telegram messengers, clocks).
 */
import type { Category, ChecklistStatus, Role } from '../domain/model.js';
import type { ChecklistItem, UnitSpec } from '../domain/unit-spec.js';

export interface Clock {
  now(): Date;
}

/** Structured logging; every failure is logged with the ids needed to trace it. */
export interface Logger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
  child(bindings: object): Logger;
}

export interface UnitApplyResult {
  key: string;
  created: boolean;
  /** one line per change, in Chinese, e.g. “设备 31101201160003 状态 在用 → 临时停用” */
  changes: string[];
}

export interface RoleHistoryRow {
  personName: string;
  mobile: string;
  role: Role;
  title: string;
  categories: Category[];
  startAt: Date;
  endAt: Date | null;
  reason: string;
}

export interface EquipmentChangeRow {
  field: 'status' | 'officer';
  fromValue: string | null;
  toValue: string;
  at: Date;
  actor: string;
  reason: string;
}

export interface ChecklistView {
  unitKey: string;
  category: Category;
  version: number;
  status: ChecklistStatus;
  effectiveDate: string;
  title: string;
  items: ChecklistItem[];
}

export interface StoreCounts {
  units: number;
  people: number;
  equipment: number;
  roleAssignments: number;
  checklists: number;
}

export interface Store {
  /**
   * Makes the database hold the units as configured: creates what is new, updates what changed,
   * never duplicates and never deletes. Ended roles, status and officer changes and superseded
   * checklists are kept as history. Each unit is applied in one transaction.
   */
  applyUnits(units: readonly UnitSpec[], at: Date): Promise<UnitApplyResult[]>;
  /** every appointment and adjustment of a unit, oldest first (设立、调整 records) */
  roleHistory(unitKey: string): Promise<RoleHistoryRow[]>;
  /** status and officer changes of one device, oldest first */
  equipmentHistory(code: string): Promise<EquipmentChangeRow[]>;
  /** the 安全风险管控清单 version in force on a local date, or null before the first one */
  checklistInForce(unitKey: string, category: Category, date: string): Promise<ChecklistView | null>;
  counts(): Promise<StoreCounts>;
  /** throws when the database cannot be reached */
  ping(): Promise<void>;
  close(): Promise<void>;
}
