/**
 * One tick of the duty engine: find the units with something due (cheap checks first, so that an
 * idle tick costs a few queries), plan each of them with the pure planner, and record all decisions
 * in one transaction. Delivery is the dispatcher's job (dispatch-outbox.ts).
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

export async function runTick(deps: EngineDeps, now: Date = deps.clock.now()): Promise<TickResult> {
  const [headers, due] = await Promise.all([deps.store.unitHeaders(), deps.store.unitsWithDueTasks(now)]);
  const candidates = headers
    .map((header) => ({ header, policy: policyOf(deps, header) }))
    .filter(({ header, policy }) => due.has(header.id) || openingsDue({ policy, ...header }, now));
  if (candidates.length === 0) return { at: now, unitsPlanned: 0, decisions: [], nextWakeAt: null };

  const snapshots = await deps.store.loadSnapshots(candidates, now);
  const decisions: UnitDecisions[] = [];
  for (const s of snapshots) {
    try {
      decisions.push(planTick(s, now, deps.calendar));
    } catch (e) {
      // One unit's bad data must not stop the others.
      deps.log.error({ err: e, unit: s.key, unitId: s.id }, 'planning failed for unit');
    }
  }
  await deps.store.recordDecisions(decisions, now);
  const wakes = decisions.map((d) => d.nextWakeAt?.getTime()).filter((t): t is number => t !== undefined);
  return { at: now, unitsPlanned: decisions.length, decisions, nextWakeAt: wakes.length ? new Date(Math.min(...wakes)) : null };
}
