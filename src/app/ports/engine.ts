/**
 * The Store as the duty engine uses it: a tick reads the units, loads what is due, records what it
 * decided (tasks, reminders, escalations); the planner lease keeps one instance planning.
 */

import type { UnitPolicy } from '../../domain/engine/policy.js';
import type { UnitDecisions, UnitSnapshot } from '../../domain/engine/snapshot.js';

/** How the engine should cut a tick's work for this database (run-tick.ts). */
export interface TickShape {
  /** units loaded, planned and recorded in one transaction */
  sliceUnits: number;
  /** slices in progress at once */
  concurrentSlices: number;
}

/** A unit as the tick first sees it: enough to decide whether it has anything to do. */
export interface UnitHeader {
  id: string;
  key: string;
  name: string;
  timeZone: string;
  /** the unit's policy overrides as configured (validated when applied) */
  settings: unknown;
  plannedDate: string | null;
  plannedWeek: string;
  plannedMonth: string;
  /** 停产 periods (local dates) */
  suspensions: { from: string; to?: string | null; reason: string }[];
}

export interface EngineStore {
  /** how ticks should cut their work for this database */
  readonly tickShape: TickShape;
  unitHeaders(): Promise<UnitHeader[]>;
  /** ids of units with open tasks whose next instant has come */
  unitsWithDueTasks(now: Date): Promise<Set<string>>;
  loadSnapshots(units: { header: UnitHeader; policy: UnitPolicy }[], now: Date): Promise<UnitSnapshot[]>;
  /** Records decisions in one transaction; they may be produced one unit at a time as they are consumed. */
  recordDecisions(decisions: Iterable<UnitDecisions>, now: Date): Promise<void>;
  /** the earliest next instant of any open task, for simulated clocks */
  nextTaskActionAt(): Promise<Date | null>;
  // ---- instances sharing the database
  /** takes or renews a lease (compare-and-set); false: another instance holds it */
  takeLease(name: string, holder: string, now: Date, ttlMs: number): Promise<boolean>;
  releaseLease(name: string, holder: string): Promise<void>;
}
