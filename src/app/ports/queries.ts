/**
 * The Store as read models use it: what chat commands list and find (people, tasks, hazards,
 * devices, credentials), the facts an export shows, and the lookups of simulations.
 */

import type { DeviceState, TaskState } from '../../domain/engine/snapshot.js';
import type { Category, Role } from '../../domain/model.js';
import type { ExportData, ExportRequest } from '../../domain/reports/export-data.js';
import type { EvidenceRow } from '../evidence/evidence-port.js';

/** A person found by name, mobile or id, with the current appointments. */
export interface PersonMatch {
  id: string;
  name: string;
  mobile: string;
  roles: { unitId: string; unitKey: string; role: Role; categories: Category[] }[];
}

export interface HazardRow {
  id: string;
  /** 隐患号 (null only for a hazard written before numbers existed and not yet migrated) */
  no: number | null;
  level: 'general' | 'serious' | 'major';
  state: string;
  description: string;
  equipmentId: string | null;
  assigneeId: string;
  deadline: Date;
  createdAt: Date;
}

/** One step of a hazard's history, from its record. */
export interface HazardStep {
  kind: string;
  at: Date;
  person: string;
  seq: number;
  payload: Record<string, unknown>;
}

/** A task as commands list it. */
export interface TaskRow {
  key: string;
  kind: string;
  period: string;
  state: string;
  dueAt: Date;
  doneAt: Date | null;
  late: boolean;
  assignee: string;
  assigneeId: string;
  device: string | null;
  detail: Record<string, unknown> | null;
}
export type OverdueRow = TaskRow;

export interface DeviceRow extends DeviceState {
  officer: string;
  nextInspection: string | null;
  registrationNo: string | null;
}

/** Someone's certificates and training, for the flags in 我 and 单位. */
export interface PersonCredentials {
  personId: string;
  name: string;
  certificates: { kind: string; number: string; expiresOn: string | null }[];
  trainings: number;
}

export interface QueriesStore {
  findPeople(query: string): Promise<PersonMatch[]>;
  findPeopleByIds(ids: string[]): Promise<{ id: string; name: string }[]>;
  openTasksOf(personId: string, kinds: string[]): Promise<(TaskState & { unitId: string })[]>;
  escalatedOpenTasks(personId: string): Promise<string[]>;
  /** newest first */
  listHazards(unitId: string, openOnly: boolean): Promise<HazardRow[]>;
  /** the hazard with this 隐患号 in the unit */
  hazardByNo(unitId: string, no: number): Promise<HazardRow | null>;
  /** a hazard's steps from the record chain, oldest first: who did what, when (its history) */
  hazardHistory(unitId: string, hazardId: string): Promise<HazardStep[]>;
  /** exact code / name / 登记证 first, else names containing the text */
  findDevices(unitId: string, query: string): Promise<DeviceState[]>;
  listDevices(unitId: string, category: Category | null): Promise<DeviceRow[]>;
  tasksOfPerson(personId: string, unitId: string, dayStart: Date, dayEnd: Date): Promise<TaskRow[]>;
  overdueTasks(
    unitId: string,
    now: Date,
    assigneeId: string | null,
    limit: number,
  ): Promise<{ rows: OverdueRow[]; total: number }>;
  /** tasks closed as missed (缺失) due at or after `since`, oldest first */
  missedTasks(
    unitId: string,
    since: Date,
    assigneeId: string | null,
    limit: number,
  ): Promise<{ rows: TaskRow[]; total: number }>;
  /** the unit's appointed people with their certificates and how many training records they have */
  unitCredentials(unitId: string): Promise<PersonCredentials[]>;

  // ---- exports
  /** the facts of one unit over a range of local dates that a document shows; null for an unknown unit */
  exportData(request: ExportRequest): Promise<ExportData | null>;
  /** photos kept for these hazards (app/evidence), oldest first */
  evidenceOfHazards(hazardIds: readonly string[]): Promise<EvidenceRow[]>;
}
