/**
 * What the planner sees of one unit at a tick, and what it decides. Plain data: the store builds
 * the snapshot, the planner returns decisions, the executor records them in one transaction.
 */
import type { Category, EquipmentStatus, Role } from '../model.js';
import type { ChecklistItem } from '../unit-spec.js';
import type { Payload } from './payloads.js';
import type { TaskKind, UnitPolicy } from './policy.js';

export interface PersonRef {
  id: string;
  name: string;
}

export interface RoleRef {
  personId: string;
  role: Role;
  /** empty = all categories */
  categories: Category[];
}

export interface DeviceState {
  id: string;
  code: string;
  name: string;
  location: string;
  category: Category;
  status: EquipmentStatus;
  officerId: string;
  /** 下次检验日期 (local date), when known */
  nextInspectionDate?: string | null;
}

/** A certificate (作业人员证, 安全管理人员证) of someone in the unit, with its expiry. */
export interface CertificateState {
  id: string;
  personId: string;
  kind: string;
  number: string;
  /** local date; certificates without one are never reminded of */
  expiresOn: string;
}

export interface TaskState {
  id: string;
  key: string;
  kind: TaskKind;
  period: string;
  subjectId: string;
  assigneeId: string;
  opensAt: Date;
  dueAt: Date;
  closesAt: Date | null;
  /** for hazard tasks: general | serious | major; for daily: the device category */
  detail: Record<string, unknown> | null;
}

export interface UnitSnapshot {
  id: string;
  key: string;
  name: string;
  policy: UnitPolicy;
  suspensions: { from: string; to?: string | null; reason: string }[];
  people: PersonRef[];
  roles: RoleRef[];
  devices: DeviceState[];
  /** daily items of the checklist in force today, by category */
  dailyItems: Partial<Record<Category, ChecklistItem[]>>;
  /** last local date whose daily tasks were opened (null: never planned) */
  plannedDate: string | null;
  /** ISO week and month whose review / dispatch tasks were opened ('' : none yet) */
  plannedWeek: string;
  plannedMonth: string;
  /** keys of tasks that exist for the periods the planner may open */
  existingTaskKeys: ReadonlySet<string>;
  /** open tasks that need a look now (their nextActionAt has come), of any period */
  openTasks: TaskState[];
  /** keys of messages already recorded for those tasks */
  messageKeys: ReadonlySet<string>;
  /** `${taskId}:${personId}` of 已知悉 acknowledgements */
  acks: ReadonlySet<string>;
  /** certificates with an expiry of the unit's people (appointed or responsible for a device) */
  certificates?: CertificateState[];
  /** the unit's last record (its chain head), sent daily to the principal as an anchor */
  chainHead?: { seq: number; hash: string } | null;
}

/** A task the planner or a use case opens: a TaskState without its database id yet. */
export interface NewTask extends Omit<TaskState, 'id'> {
  /** 'missed' when the task is opened after its period closed (catch-up after downtime) */
  state: 'open' | 'missed';
  nextActionAt: Date | null;
}

export interface NewMessage {
  key: string;
  /** the task group it is about (daily:2026-12-01, hazard:<id>...) */
  group: string;
  personId: string | null;
  chatId: string | null;
  purpose: 'prompt' | 'reminder' | 'escalation' | 'hazard' | 'advice' | 'notice';
  urgent: boolean;
  payload: Payload;
  taskKeys: string[];
  notBefore: Date;
}

export interface DayNote {
  /** the day (for a week: its Monday) */
  date: string;
  kind: 'non_operating' | 'suspended' | 'non_operating_week';
  reason: string;
}

export interface UnitDecisions {
  unitId: string;
  unitKey: string;
  tasks: NewTask[];
  messages: NewMessage[];
  notes: DayNote[];
  /** open tasks whose period has closed: they become missed */
  missed: TaskState[];
  /** new watermarks, when they move */
  plannedDate: string | null;
  plannedWeek: string | null;
  plannedMonth: string | null;
  /** the next look at each loaded open task that stays open */
  taskUpdates: { id: string; nextActionAt: Date | null }[];
  /** the next instant at which this unit has something to do (for simulations and the sandbox clock) */
  nextWakeAt: Date | null;
}
