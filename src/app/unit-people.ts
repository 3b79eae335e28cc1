/** Finding people by role in a task's unit (directors covering a category, principals). */
import type { Category } from '../domain/model.js';
import type { TaskContext } from './ports.js';

export function peopleWithRole(
  ctx: Pick<TaskContext, 'people'>,
  role: 'principal' | 'director' | 'officer',
  category: Category | null = null,
): { id: string; name: string }[] {
  return ctx.people
    .filter((p) =>
      p.roles.some(
        (r) => r.role === role && (category === null || r.categories.length === 0 || r.categories.includes(category)),
      ),
    )
    .map((p) => ({ id: p.id, name: p.name }));
}

export const nameOf = (ctx: Pick<TaskContext, 'people'>, id: string): string =>
  ctx.people.find((p) => p.id === id)?.name ?? '（未知）';

export const hasRole = (
  ctx: Pick<TaskContext, 'people'>,
  id: string,
  role: 'principal' | 'director' | 'officer',
): boolean => ctx.people.some((p) => p.id === id && p.roles.some((r) => r.role === role));
