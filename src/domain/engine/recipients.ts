/** Who a policy level's targets are for one task, from the unit's current appointments. */
import type { Category } from '../model.js';
import type { Target } from './policy.js';
import type { TaskState, UnitSnapshot } from './snapshot.js';

export function taskCategory(u: Pick<UnitSnapshot, 'devices'>, t: Pick<TaskState, 'kind' | 'subjectId' | 'detail'>): Category | null {
  const fromDetail = t.detail?.category;
  if (typeof fromDetail === 'string') return fromDetail as Category;
  const deviceId = t.kind === 'daily' ? t.subjectId : (t.detail?.equipmentId as string | undefined);
  return u.devices.find((d) => d.id === deviceId)?.category ?? null;
}

const covers = (categories: Category[], c: Category | null) => c === null || categories.length === 0 || categories.includes(c);

export function resolveTargets(u: Pick<UnitSnapshot, 'roles' | 'devices'>, t: TaskState, targets: readonly Target[]): string[] {
  const out = new Set<string>();
  const category = taskCategory(u, t);
  for (const target of targets) {
    if (target === 'assignee') out.add(t.assigneeId);
    else if (target === 'officer') {
      const deviceId = t.kind === 'daily' ? t.subjectId : (t.detail?.equipmentId as string | undefined);
      out.add(u.devices.find((d) => d.id === deviceId)?.officerId ?? t.assigneeId);
    } else {
      for (const r of u.roles) if (r.role === target && covers(r.categories, category)) out.add(r.personId);
    }
  }
  return [...out];
}
