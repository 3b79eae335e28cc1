/** Who a policy level's targets are for one task, from the unit's current appointments. */
import type { Category } from '../model.js';
import type { Target } from './policy.js';
import type { TaskState, UnitSnapshot } from './snapshot.js';

const deviceIndex = new WeakMap<UnitSnapshot['devices'], Map<string, UnitSnapshot['devices'][number]>>();

/** The unit's devices by id (a unit may have thousands: no linear search per task). */
export function devicesById(u: Pick<UnitSnapshot, 'devices'>): ReadonlyMap<string, UnitSnapshot['devices'][number]> {
  let m = deviceIndex.get(u.devices);
  if (!m) {
    m = new Map(u.devices.map((d) => [d.id, d]));
    deviceIndex.set(u.devices, m);
  }
  return m;
}

const deviceOf = (u: Pick<UnitSnapshot, 'devices'>, id: string | undefined) =>
  id === undefined ? undefined : devicesById(u).get(id);

export function taskCategory(
  u: Pick<UnitSnapshot, 'devices'>,
  t: Pick<TaskState, 'kind' | 'subjectId' | 'detail'>,
): Category | null {
  const fromDetail = t.detail?.category;
  if (typeof fromDetail === 'string') return fromDetail as Category;
  const deviceId = t.kind === 'daily' ? t.subjectId : (t.detail?.equipmentId as string | undefined);
  return deviceOf(u, deviceId)?.category ?? null;
}

const covers = (categories: Category[], c: Category | null) =>
  c === null || categories.length === 0 || categories.includes(c);

export function resolveTargets(
  u: Pick<UnitSnapshot, 'roles' | 'devices'>,
  t: TaskState,
  targets: readonly Target[],
): string[] {
  const out = new Set<string>();
  const category = taskCategory(u, t);
  for (const target of targets) {
    if (target === 'assignee') out.add(t.assigneeId);
    else if (target === 'officer') {
      const deviceId = t.kind === 'daily' ? t.subjectId : (t.detail?.equipmentId as string | undefined);
      out.add(deviceOf(u, deviceId)?.officerId ?? t.assigneeId);
    } else {
      for (const r of u.roles) if (r.role === target && covers(r.categories, category)) out.add(r.personId);
    }
  }
  return [...out];
}
