/**
 * One tick of the duty engine: find the units with something due (cheap checks first, so that an
 * idle tick costs a few queries), plan each of them with the pure planner, and record the decisions
 * of each slice of units in one transaction. Delivery is the dispatcher's job (dispatch-outbox.ts).
 */

import { openingsDue } from '../domain/engine/plan-openings.js';
import { planTick } from '../domain/engine/plan-tick.js';
import { type PolicyOverrides, resolvePolicy, type UnitPolicy } from '../domain/engine/policy.js';
import type { NewMessage, UnitDecisions, UnitSnapshot } from '../domain/engine/snapshot.js';
import type { EngineDeps } from './engine-deps.js';
import type { EngineStore, UnitHeader } from './ports.js';

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
  /**
   * every unit's decisions, in unit order: only when asked for
   * (`keepDecisions`), as a city's 08:30 tick decides ~50,000 tasks
   */
  decisions?: UnitDecisions[];
  /** the earliest next instant among the planned units (null when none was planned) */
  nextWakeAt: Date | null;
}

export interface TickOptions {
  /** return the decisions themselves (simulations, tests); otherwise each slice's are dropped once recorded */
  keepDecisions?: boolean;
  /**
   * awaited before each slice: people's answers go first (AnswersFirst.turn, app/answers-first.ts),
   * so a card callback arriving during a city's opening tick waits for the slices already under way,
   * not for the next ones too
   */
  yieldTo?: () => Promise<void>;
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
 * Plans a slice's units one at a time as the store consumes them, so that each unit's decisions
 * can be written and dropped before the next is planned (a city's 08:30 slice would otherwise hold
 * thousands of tasks at once). Counts go into `summary` only once the slice is recorded.
 */
async function recordSlice(
  deps: EngineDeps<EngineStore>,
  units: { header: UnitHeader; policy: UnitPolicy }[],
  now: Date,
  keep: boolean,
): Promise<{ summary: TickSummary; units: number; wake: number | null; decisions: UnitDecisions[] }> {
  const snapshots: (UnitSnapshot | null)[] = await deps.store.loadSnapshots(units, now);
  const out = { summary: emptySummary(), units: 0, wake: null as number | null, decisions: [] as UnitDecisions[] };
  function* plans(): Generator<UnitDecisions> {
    for (let i = 0; i < snapshots.length; i++) {
      const s = snapshots[i]!;
      snapshots[i] = null;
      let d: UnitDecisions;
      try {
        d = planTick(s, now, deps.calendar);
      } catch (e) {
        // One unit's bad data must not stop the others.
        deps.log.error({ err: e, unit: s.key, unitId: s.id }, 'planning failed for unit');
        continue;
      }
      out.units++;
      addUp(out.summary, d);
      if (d.nextWakeAt && (out.wake === null || d.nextWakeAt.getTime() < out.wake)) out.wake = d.nextWakeAt.getTime();
      if (keep) out.decisions.push(d);
      yield d;
    }
  }
  await deps.store.recordDecisions(plans(), now);
  return out;
}

const addSummary = (into: TickSummary, s: TickSummary) => {
  into.tasks += s.tasks;
  into.missed += s.missed;
  into.notes += s.notes;
  into.rescheduled += s.rescheduled;
  for (const [p, n] of Object.entries(s.messages) as [NewMessage['purpose'], number][])
    into.messages[p] = (into.messages[p] ?? 0) + n;
};

export async function runTick(
  deps: EngineDeps<EngineStore>,
  now: Date = deps.clock.now(),
  opts: TickOptions = {},
): Promise<TickResult> {
  const [headers, due] = await Promise.all([deps.store.unitHeaders(), deps.store.unitsWithDueTasks(now)]);
  const candidates = headers
    .map((header) => ({ header, policy: policyOf(deps, header) }))
    .filter(({ header, policy }) => due.has(header.id) || openingsDue({ policy, ...header }, now));
  const summary = emptySummary();
  if (candidates.length === 0)
    return { at: now, unitsPlanned: 0, summary, ...(opts.keepDecisions ? { decisions: [] } : {}), nextWakeAt: null };

  // Units are loaded, planned and recorded a slice at a time (one transaction each), a few slices
  // in progress at once, as the store says suits its database (TickShape in ports.ts). Slicing
  // bounds a city's memory and how long SQLite's single writer is held, so answers arriving
  // meanwhile wait for one slice. Each unit's decisions commit with its watermarks, so a tick
  // interrupted between slices is finished by the next (keys are unique: nothing twice).
  const shape = deps.store.tickShape;
  const slices: (typeof candidates)[] = [];
  for (let i = 0; i < candidates.length; i += shape.sliceUnits) slices.push(candidates.slice(i, i + shape.sliceUnits));
  const kept: UnitDecisions[][] = [];
  let unitsPlanned = 0;
  let wake: number | null = null;
  let next = 0;
  let failed = false;
  const worker = async () => {
    while (next < slices.length && !failed) {
      await opts.yieldTo?.();
      if (next >= slices.length || failed) break;
      const i = next++;
      try {
        const r = await recordSlice(deps, slices[i]!, now, opts.keepDecisions === true);
        unitsPlanned += r.units;
        addSummary(summary, r.summary);
        if (r.wake !== null && (wake === null || r.wake < wake)) wake = r.wake;
        if (opts.keepDecisions) kept[i] = r.decisions;
        // SQLite works synchronously: let waiting requests (a card callback's 3 s budget) run between slices.
        await new Promise<void>((resolve) => setImmediate(resolve));
      } catch (e) {
        failed = true; // the other worker finishes its slice and stops
        throw e;
      }
    }
  };
  const outcomes = await Promise.allSettled(
    Array.from({ length: Math.min(shape.concurrentSlices, slices.length) }, worker),
  );
  for (const o of outcomes) if (o.status === 'rejected') throw o.reason;
  return {
    at: now,
    unitsPlanned,
    summary,
    ...(opts.keepDecisions ? { decisions: kept.flat() } : {}),
    nextWakeAt: wake === null ? null : new Date(wake),
  };
}
