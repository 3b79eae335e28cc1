/** Who is asking, in which unit, with which role: every answer shows only what this person may see. */
import type { Category, Role } from '../../domain/model.js';
import type { PersonMatch } from '../ports.js';

export interface Asker {
  personId: string;
  name: string;
  unitId: string;
  unitKey: string;
  /** the highest role in this unit: principal > director > officer */
  role: Role;
  /** categories of that role; empty = all */
  categories: Category[];
}

const RANK: Role[] = ['principal', 'director', 'officer'];

export function askerIn(p: PersonMatch, unitId: string): Asker | null {
  const roles = p.roles.filter((r) => r.unitId === unitId).sort((a, b) => RANK.indexOf(a.role) - RANK.indexOf(b.role));
  const top = roles[0];
  if (!top) return null;
  const same = roles.filter((r) => r.role === top.role);
  const categories = same.some((r) => r.categories.length === 0) ? [] : [...new Set(same.flatMap((r) => r.categories))];
  return { personId: p.id, name: p.name, unitId, unitKey: top.unitKey, role: top.role, categories };
}

export const isManager = (a: Asker): boolean => a.role === 'principal' || a.role === 'director';
