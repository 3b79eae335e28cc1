/**
 * Everything one person's action changes, decided by a use case as data and written by the store
 * in ONE transaction: immutable records (hash-chained), completed tasks (compare-and-set, so a
 * double submission fails cleanly), hazards, follow-up tasks, equipment status changes, messages.
 */
import type { NewMessage, NewTask } from '../domain/engine/snapshot.js';

export interface RecordDraft {
  kind: string;
  taskKey: string | null;
  personId: string | null;
  late: boolean;
  payload: Record<string, unknown>;
  supersedesId?: string;
  reason?: string;
}

export interface HazardDraft {
  id: string;
  equipmentId: string | null;
  level: string;
  description: string;
  measures: string;
  stoppedUse: boolean;
  state: string;
  reporterId: string;
  assigneeId: string;
  deadline: Date;
  pausedDevice: boolean;
}

export interface HazardUpdate {
  id: string;
  /** the state it must be in for the update to apply (compare-and-set) */
  fromStates: string[];
  data: {
    state?: string;
    rectification?: string;
    rectifiedAt?: Date;
    verifiedAt?: Date;
    verifierId?: string;
    assigneeId?: string;
    deadline?: Date;
  };
}

export interface StatusChange {
  equipmentId: string;
  toStatus: string;
  actorPersonId: string | null;
  actor: string;
  reason: string;
}

export interface AdviceDraft {
  id: string;
  fromId: string;
  toId: string;
  content: string;
  dueAt: Date;
}

export interface AnswerBundle {
  unitId: string;
  unitKey: string;
  at: Date;
  records: RecordDraft[];
  /** tasks to mark done: each must still be open, or nothing is written */
  completeTasks: { key: string; late: boolean }[];
  /** open tasks replaced by another (a hazard reassigned or extended): each must still be open */
  cancelTasks: string[];
  hazards: HazardDraft[];
  hazardUpdates: HazardUpdate[];
  tasks: NewTask[];
  statusChanges: StatusChange[];
  advice: AdviceDraft[];
  adviceAnswers: { id: string; answer: 'adopted' | 'rejected'; reason: string }[];
  acks: { taskId: string; personId: string }[];
  messages: NewMessage[];
  /** 定期检验 recorded (检验 命令): the device's new 下次检验日期 */
  inspectionDates?: { equipmentId: string; nextInspectionDate: string }[];
  /**
   * photos kept as evidence (app/evidence): one row each, linked
   * to the bundle's record `recordIndex` that lists their hashes
   */
  evidence?: EvidenceDraft[];
}

export interface EvidenceDraft {
  hash: string;
  size: number;
  mime: string;
  personId: string;
  channel: string;
  /** when the photo was received */
  at: Date;
  hazardId: string | null;
  stage: 'found' | 'rectified';
  /** index into `records` of the record listing this photo */
  recordIndex: number;
}

export function emptyBundle(unitId: string, unitKey: string, at: Date): AnswerBundle {
  return {
    unitId,
    unitKey,
    at,
    records: [],
    completeTasks: [],
    cancelTasks: [],
    hazards: [],
    hazardUpdates: [],
    tasks: [],
    statusChanges: [],
    advice: [],
    adviceAnswers: [],
    acks: [],
    messages: [],
  };
}

/** Thrown by the store when a compare-and-set fails: someone acted first. */
export class StaleStateError extends Error {
  constructor(readonly what: string) {
    super(`state changed meanwhile: ${what}`);
    this.name = 'StaleStateError';
  }
}
