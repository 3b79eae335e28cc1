/**
 * One tick of the duty engine: find the units with something due (cheap checks first, so that an
 * idle tick costs a few queries), plan each of them with the pure planner, and record the decisions
 * of each slice of units in one transaction. Delivery is the dispatcher's job (dispatch-outbox.ts).
 */
import { resolvePolicy, type PolicyOverrides, type UnitPolicy } from '../domain/engine/policy.js';
import { openingsDue } from '../domain/engine/plan-openings.js';
import { planTick } from '../domain/engine/plan-tick.js';
import type { NewMessage, UnitDecisions } from '../domain/engine/snapshot.js';
import type { EngineDeps } from './engine-deps.js';
import type { UnitHeader } from './ports.js';

/** What a tick did, in numbers. */
export interface TickSummary {
  /** tasks opened */
  tasks: number;
  /** messages put in the outbox, by purpose */
  messages: Partial<Record<NewMessage['purpose'], number>>;
  /** open tasks whose period closed (now missed) */
  missed: number;
  /** non-operating / suspended day notes */
  notes: number;
  /** open tasks given a new next look */
  rescheduled: number;
}

export interface TickResult {
  at: Date;
  unitsPlanned: number;
  summary: TickSummary;
  /** every unit's decisions, in unit order: only when asked for (`keepDecisions`), as a city's 08:30 tick decides ~50,000 tasks */
  decisions?: UnitDecisions[];
  /** the earliest next instant among the planned units (null when none was planned) */
  nextWakeAt: Date | null;
}

export interface TickOptions {
  /** return the decisions themselves (simulations, tests); otherwise each slice's are dropped once recorded */
  keepDecisions?: boolean;
}

const emptySummary = (): TickSummary => ({ tasks: 0, messages: {}, missed: 0, notes: 0, rescheduled: 0 });

function addUp(s: TickSummary, d: UnitDecisions): void {
  s.tasks += d.tasks.length;
  s.missed += d.missed.length;
  s.notes += d.notes.length;
  s.rescheduled += d.taskUpdates.length;
  for (const m of d.messages) s.messages[m.purpose] = (s.messages[m.purpose] ?? 0) + 1;
}

export function policyOf(deps: Pick<EngineDeps, 'defaults'>, h: Pick<UnitHeader, 'timeZone' | 'settings'>): UnitPolicy {
  return resolvePolicy(deps.defaults, h.timeZone, (h.settings as PolicyOverrides | null) ?? null);
}

/**
 * Units loaded, planned and recorded together. Slicing bounds the memory of a city's 08:30 tick (only
 * the slices in hand are held) and how long a transaction holds SQLite's single writer, so that
 * answers arriving meanwhile wait for one slice, not the whole tick. Everything a unit decides is
 * recorded in one transaction with its watermarks, so a tick interrupted between slices is finished
 * by the next one (keys are unique: nothing is decided twice).
 */
export const TICK_SLICE = 250;
/**
 * Slices in progress at once. Slices touch disjoint units, so two can run side by side: while the
 * database writes one (PostgreSQL works in its own process), Node loads, plans and encodes the
 * other. On SQLite the driver runs one transaction at a time and they simply take turns.
 */
const TICK_WORKERS = 2;

async function planSlice(deps: EngineDeps, units: { header: UnitHeader; policy: UnitPolicy }[], now: Date): Promise<UnitDecisions[]> {
  const out: UnitDecisions[] = [];
  for (const s of await deps.store.loadSnapshots(units, now)) {
    try {
      out.push(planTick(s, now, deps.calendar));
    } catch (e) {
      // One unit's bad data must not stop the others.
      deps.log.error({ err: e, unit: s.key, unitId: s.id }, 'planning failed for unit');
    }
  }
  return out;
}

export async function runTick(deps: EngineDeps, now: Date = deps.clock.now(), opts: TickOptions = {}): Promise<TickResult> {
  const [headers, due] = await Promise.all([deps.store.unitHeaders(), deps.store.unitsWithDueTasks(now)]);
  const candidates = headers
    .map((header) => ({ header, policy: policyOf(deps, header) }))
    .filter(({ header, policy }) => due.has(header.id) || openingsDue({ policy, ...header }, now));
  const summary = emptySummary();
  if (candidates.length === 0) return { at: now, unitsPlanned: 0, summary, ...(opts.keepDecisions ? { decisions: [] } : {}), nextWakeAt: null };

  const slices: (typeof candidates)[] = [];
  for (let i = 0; i < candidates.length; i += TICK_SLICE) slices.push(candidates.slice(i, i + TICK_SLICE));
  const kept: UnitDecisions[][] = [];
  let unitsPlanned = 0;
  let wake: number | null = null;
  let next = 0;
  let failed = false;
  const worker = async () => {
    while (next < slices.length && !failed) {
      const i = next++;
      try {
        const slice = await planSlice(deps, slices[i]!, now);
        await deps.store.recordDecisions(slice, now);
        unitsPlanned += slice.length;
        for (const d of slice) {
          addUp(summary, d);
          if (d.nextWakeAt && (wake === null || d.nextWakeAt.getTime() < wake)) wake = d.nextWakeAt.getTime();
        }
        if (opts.keepDecisions) kept[i] = slice;
      } catch (e) {
        failed = true; // the other worker finishes its slice and stops
        throw e;
      }
    }
  };
  const outcomes = await Promise.allSettled(Array.from({ length: Math.min(TICK_WORKERS, slices.length) }, worker));
  for (const o of outcomes) if (o.status === 'rejected') throw o.reason;
  return { at: now, unitsPlanned, summary, ...(opts.keepDecisions ? { decisions: kept.flat() } : {}), nextWakeAt: wake === null ? null : new Date(wake) };
}
