/**
 * One tick of the duty engine: find the units with something due (cheap checks first, so that an
 * idle tick costs a few queries), plan each of them with the pure planner, and record the decisions
 * of each slice of units in one transaction. Delivery is the dispatcher's job (dispatch-outbox.ts).
 */
import { resolvePolicy, type PolicyOverrides, type UnitPolicy } from '../domain/engine/policy.js';
import { openingsDue } from '../domain/engine/plan-openings.js';
import { planTick } from '../domain/engine/plan-tick.js';
import type { UnitDecisions } from '../domain/engine/snapshot.js';
import type { EngineDeps } from './engine-deps.js';
import type { UnitHeader } from './ports.js';

export interface TickResult {
  at: Date;
  unitsPlanned: number;
  decisions: UnitDecisions[];
  /** the earliest next instant among the planned units (null when none was planned) */
  nextWakeAt: Date | null;
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

export async function runTick(deps: EngineDeps, now: Date = deps.clock.now()): Promise<TickResult> {
  const [headers, due] = await Promise.all([deps.store.unitHeaders(), deps.store.unitsWithDueTasks(now)]);
  const candidates = headers
    .map((header) => ({ header, policy: policyOf(deps, header) }))
    .filter(({ header, policy }) => due.has(header.id) || openingsDue({ policy, ...header }, now));
  if (candidates.length === 0) return { at: now, unitsPlanned: 0, decisions: [], nextWakeAt: null };

  const slices: (typeof candidates)[] = [];
  for (let i = 0; i < candidates.length; i += TICK_SLICE) slices.push(candidates.slice(i, i + TICK_SLICE));
  const planned: UnitDecisions[][] = [];
  let next = 0;
  let failed = false;
  const worker = async () => {
    while (next < slices.length && !failed) {
      const i = next++;
      try {
        const slice = await planSlice(deps, slices[i]!, now);
        await deps.store.recordDecisions(slice, now);
        planned[i] = slice;
      } catch (e) {
        failed = true; // the other worker finishes its slice and stops
        throw e;
      }
    }
  };
  const outcomes = await Promise.allSettled(Array.from({ length: Math.min(TICK_WORKERS, slices.length) }, worker));
  for (const o of outcomes) if (o.status === 'rejected') throw o.reason;
  const decisions = planned.flat();
  let wake: number | null = null;
  for (const d of decisions) if (d.nextWakeAt && (wake === null || d.nextWakeAt.getTime() < wake)) wake = d.nextWakeAt.getTime();
  return { at: now, unitsPlanned: decisions.length, decisions, nextWakeAt: wake === null ? null : new Date(wake) };
}
