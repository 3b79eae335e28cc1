/**
 * The read model of the exported documents: the facts of one unit over a range of local dates, as
 * the store reads them, neutral of Prisma. The report composers (compose-*.ts) turn it into
 * documents; nothing here is formatted yet. Names are resolved (a person's name next to the id)
 * because a document shows who did what.
 */

import type { LocalDate } from '../local-time.js';
import type { Category, EquipmentStatus, Role, UnitKind } from '../model.js';
import type { ReportKind } from './report-kind.js';
import type { CategoryDuties } from './role-duties.js';

export interface ExportRequest {
  unitKey: string;
  kind: ReportKind;
  /** local dates, both inclusive */
  from: LocalDate;
  to: LocalDate;
  /** null: every category of the unit (the composer filters) */
  category: Category | null;
}

export interface ExportUnit {
  id: string;
  key: string;
  name: string;
  creditCode: string;
  kind: UnitKind;
  timeZone: string;
}

export interface ExportEquipment {
  id: string;
  code: string;
  registrationNo: string;
  category: Category;
  name: string;
  location: string;
  /** the status now; the history tells the status on a past day */
  status: EquipmentStatus;
  officer: string;
  nextInspection: string | null;
  /** status and officer changes, oldest first */
  changes: {
    field: 'status' | 'officer';
    fromValue: string | null;
    toValue: string;
    at: Date;
    actor: string;
    reason: string;
  }[];
}

export interface ExportTask {
  id: string;
  key: string;
  kind: string;
  period: string;
  subjectId: string;
  assigneeId: string;
  assignee: string;
  opensAt: Date;
  dueAt: Date;
  /** open | done | missed | cancelled */
  state: string;
  doneAt: Date | null;
  late: boolean;
  detail: Record<string, unknown> | null;
}

export interface ExportRecord {
  id: string;
  /** position in the unit's hash chain */
  seq: number;
  kind: string;
  taskId: string | null;
  personId: string | null;
  person: string;
  at: Date;
  late: boolean;
  payload: Record<string, unknown>;
  /** the record this one corrects */
  supersedesId: string | null;
  reason: string;
  hash: string;
}

export interface ExportHazard {
  id: string;
  equipmentId: string | null;
  level: 'general' | 'serious' | 'major';
  description: string;
  measures: string;
  stoppedUse: boolean;
  state: string;
  reporter: string;
  assignee: string;
  deadline: Date;
  pausedDevice: boolean;
  rectification: string | null;
  createdAt: Date;
  rectifiedAt: Date | null;
  verifiedAt: Date | null;
  verifier: string | null;
}

export interface ExportChecklist {
  category: Category;
  version: number;
  status: string;
  effectiveDate: LocalDate;
  title: string;
  items: { seq: number; group: string; content: string; standard: string; frequency: string; required: boolean }[];
}

export interface ExportRole {
  personId: string;
  person: string;
  mobile: string;
  role: Role;
  title: string;
  categories: Category[];
  startAt: Date;
  endAt: Date | null;
  reason: string;
}

export interface ExportAdvice {
  id: string;
  from: string;
  to: string;
  content: string;
  createdAt: Date;
  dueAt: Date;
  answer: 'adopted' | 'rejected' | null;
  reason: string | null;
  answeredAt: Date | null;
  /** who answered, from the answer record (normally the principal) */
  answeredBy: string | null;
  answeredLate: boolean;
}

export interface ExportData {
  unit: ExportUnit;
  request: ExportRequest;
  /** the categories of the unit's equipment and checklists, in the order of CATEGORIES */
  categories: Category[];
  equipment: ExportEquipment[];
  /** tasks of the range (daily: the days; weekly/monthly: the periods overlapping it; others: opened in it) */
  tasks: ExportTask[];
  /** records of those tasks, and hazard steps; corrections included */
  records: ExportRecord[];
  /** days without daily tasks: non-operating (非工作日) or suspended (停产) */
  dayNotes: { date: LocalDate; kind: string; reason: string }[];
  hazards: ExportHazard[];
  /** every version of the unit's checklists (checklist export) */
  checklists: ExportChecklist[];
  /** 《X安全总监职责》《X安全员守则》 in force for the unit (from its configuration), for those two kinds */
  roleDuties?: Partial<Record<Category, CategoryDuties>>;
  /** 设立、调整: every appointment, oldest first (duties export) */
  roles: ExportRole[];
  trainings: { person: string; date: LocalDate; content: string; result: string; assessor: string }[];
  certificates: { person: string; kind: string; number: string; issuedOn: string | null; expiresOn: string | null }[];
  advice: ExportAdvice[];
  /** the unit's last record when the export was made: printed as the record chain's anchor */
  chainHead: { seq: number; hash: string } | null;
}
