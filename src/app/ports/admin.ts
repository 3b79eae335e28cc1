/**
 * The Store as operators use it: units applied from their files, ledger imports, history, the
 * record chain verified, counts and health (the CLI, service reload, doctor, /readyz).
 */

import type { EquipmentRow, LedgerProblem, LedgerRef, PersonRow } from '../../domain/ledger/parse-ledger.js';
import type { Category, Role } from '../../domain/model.js';
import type { UnitSpec } from '../../domain/unit-spec.js';
import type { EvidenceRecord } from '../evidence/evidence-port.js';

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

export interface StoreCounts {
  units: number;
  people: number;
  equipment: number;
  roleAssignments: number;
  checklists: number;
}

/** What an import did (or, with dryRun, would do). */
export interface ImportResult {
  ok: boolean;
  problems: string[];
  created: number;
  updated: number;
  unchanged: number;
  changes: string[];
}

/** The result of recomputing one unit's record chain. */
export interface ChainReport {
  unitKey: string;
  unitName: string;
  /** records checked before the first broken one (all of them when ok) */
  records: number;
  ok: boolean;
  broken?: { recordId: string; seq: number; kind: string; recordedAt: Date; field: string; problem: string };
  /** the last record in the database */
  head: { seq: number; hash: string } | null;
  /** the first record sealed with the record key (HMAC); null: every record is legacy (plain SHA-256) */
  keyedFrom: number | null;
  /** each anchor given for this unit, checked against the database */
  anchors: { seq: number; hash: string; source: string; ok: boolean; problem?: string }[];
  /** records after the last matching anchor: no outside proof yet that they were not deleted or rewritten */
  unanchored: { from: number; to: number } | null;
}

/** An anchor: a unit's chain head as it was seen outside the database (an export, a chat message). */
export interface ChainAnchor {
  /** null: the only unit (or the one `verify --unit` names) */
  unitKey: string | null;
  seq: number;
  hash: string;
  /** where it came from, to name it in the report */
  source: string;
}

export interface AdminStore {
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
  counts(): Promise<StoreCounts>;

  /**
   * Ledger imports, validated rows in; one transaction; nothing written with dryRun or on a problem.
   * `earlier`: the file's own problems and every row's code and officer; the database's problems for
   * those rows are added and all reported together (nothing is written while there is any).
   */
  importEquipment(
    unitKey: string,
    rows: EquipmentRow[],
    at: Date,
    dryRun: boolean,
    earlier?: { issues: LedgerProblem[]; refs: LedgerRef[] },
  ): Promise<ImportResult>;
  importPeople(
    unitKey: string,
    rows: PersonRow[],
    at: Date,
    dryRun: boolean,
    earlier?: { issues: LedgerProblem[]; refs: LedgerRef[] },
  ): Promise<ImportResult>;

  /** the unit's chain checked record by record (with the record key, when configured) and against the anchors given */
  verifyChain(unitKey?: string, anchors?: readonly ChainAnchor[]): Promise<ChainReport[]>;
  /** the chain records listing photos, for verify to check the files against */
  evidenceRecords(unitKey?: string): Promise<EvidenceRecord[]>;

  /** throws when the database cannot be reached */
  ping(): Promise<void>;
  close(): Promise<void>;
}
