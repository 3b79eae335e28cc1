/**
 * The Store as answers use it: the context to judge an action (a task, a hazard, a unit, the 清单 in
 * force, a period's numbers) and the one transaction that records what the action changed
 * (daily checks, hazard steps, reports, advice, corrections).
 */

import type { HazardView, PeriodStats } from '../../domain/engine/payloads.js';
import type { DeviceState, RoleRef, TaskState } from '../../domain/engine/snapshot.js';
import type { Category, ChecklistStatus } from '../../domain/model.js';
import type { ChecklistItem } from '../../domain/unit-spec.js';
import type { AnswerBundle } from '../answer-bundle.js';

/** A unit (and possibly one of its devices) with its people, for judging an action. */
export interface UnitContext {
  unit: { id: string; key: string; name: string; timeZone: string; settings: unknown };
  /** the device concerned, if any */
  device: DeviceState | null;
  /** the unit's people with their current appointments */
  people: { id: string; name: string; roles: RoleRef[] }[];
}

/** A task with what a use case needs to judge an action on it. */
export interface TaskContext extends UnitContext {
  task: TaskState & { state: string; doneAt: Date | null; late: boolean };
}

/** A hazard, its open task and the context to judge an action on it. */
export interface HazardContext {
  hazard: {
    id: string;
    no: number | null;
    level: 'general' | 'serious' | 'major';
    state: string;
    description: string;
    measures: string;
    stoppedUse: boolean;
    reporterId: string;
    assigneeId: string;
    deadline: Date;
    pausedDevice: boolean;
    rectification: string | null;
    equipmentId: string | null;
  };
  /** how many tasks (rectify, verify, rework) the hazard has had */
  taskCount: number;
  openTask: TaskContext | null;
  /** unit, people and device (from the latest task) */
  ctx: TaskContext;
  /** other unverified hazards that keep the same device paused */
  otherPausingHazards: number;
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

/** A stored record, as a correction needs it. */
export interface RecordRow {
  id: string;
  unitId: string;
  seq: number;
  kind: string;
  taskKey: string | null;
  personId: string | null;
  late: boolean;
  payload: unknown;
  /** the record that corrected this one, if any */
  supersededBySeq: number | null;
}

export interface AnswersStore {
  loadTaskContexts(taskKeys: string[]): Promise<TaskContext[]>;
  loadHazardContext(hazardId: string): Promise<HazardContext | null>;
  loadUnitContext(unitId: string, equipmentId?: string): Promise<UnitContext | null>;
  /** numbers of a period (local dates from..to, instants fromAt..toAt) for the given categories (empty = all) */
  periodStats(
    unitId: string,
    range: { from: string; to: string; fromAt: Date; toAt: Date },
    now: Date,
    categories: string[],
  ): Promise<{ stats: PeriodStats; openHazards: HazardView[] }>;
  /** the 安全风险管控清单 version in force on a local date, or null before the first one */
  checklistInForce(unitKey: string, category: Category, date: string): Promise<ChecklistView | null>;
  /** the unit's 清单 in force on `date`, one per category it has (of `categories`; empty = all), in category order */
  checklistsInForce(unitId: string, categories: readonly Category[], date: string): Promise<ChecklistView[]>;
  /** a record by its place in the unit's chain (-1: the latest), for a correction */
  loadRecord(unitKey: string, seq: number): Promise<RecordRow | null>;
  /** writes everything one action changes in one transaction; throws StaleStateError when someone acted first */
  commitAnswer(bundle: AnswerBundle): Promise<{ id: string; seq: number; kind: string; hash: string }[]>;
}
