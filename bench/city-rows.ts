/**
 * The rows `store.applyUnits` would create for a fresh database, built in memory so that the
 * benchmark can write 2,000 units in seconds instead of a few hundred thousand ORM round trips.
 * Mirrors src/adapters/store/apply-unit.ts for a first apply: unit, people, one role assignment
 * per role, equipment with its two registration changes, one effective checklist version per
 * category in use with all its items.
 */
import { randomUUID } from 'node:crypto';
import { CONFIG_ACTOR, checklistHash } from '../src/adapters/store/apply-unit.js';
import { atLocal, localDateOf } from '../src/domain/local-time.js';
import type { UnitSpec } from '../src/domain/unit-spec.js';

export type Cell = string | number | boolean | Date | null | { json: unknown };
export type Row = Record<string, Cell>;

/** Table name → rows, in foreign-key order. */
export type CityRows = [table: string, rows: Row[]][];

export function cityRows(specs: readonly UnitSpec[], at: Date): CityRows {
  const t: Record<string, Row[]> = {
    Unit: [],
    Person: [],
    RoleAssignment: [],
    Equipment: [],
    EquipmentChange: [],
    RiskChecklist: [],
    RiskChecklistItem: [],
  };
  for (const spec of specs) {
    const unitId = randomUUID();
    t.Unit!.push({
      id: unitId,
      key: spec.key,
      name: spec.name,
      creditCode: spec.creditCode,
      kind: spec.kind,
      timeZone: spec.timeZone,
      dailyDays: spec.dailyDays,
      settings: spec.settings ? { json: spec.settings } : null,
      createdAt: at,
      updatedAt: at,
    });
    const personIds = new Map<string, string>();
    for (const p of spec.people) {
      const personId = randomUUID();
      personIds.set(p.mobile, personId);
      t.Person!.push({ id: personId, name: p.name, mobile: p.mobile, createdAt: at, updatedAt: at });
      for (const r of p.roles) {
        const startAt = r.since ? atLocal(r.since, '00:00', spec.timeZone) : at;
        t.RoleAssignment!.push({
          id: randomUUID(),
          unitId,
          personId,
          role: r.role,
          categories: { json: r.categories },
          title: r.title,
          startAt,
          endAt: null,
          reason: r.reason,
          createdAt: at,
        });
      }
    }
    for (const e of spec.equipment) {
      const id = randomUUID();
      const officerId = personIds.get(e.officerMobile)!;
      t.Equipment!.push({
        id,
        unitId,
        code: e.code,
        registrationNo: e.registrationNo,
        category: e.category,
        name: e.name,
        location: e.location,
        status: e.status,
        declaredStatus: e.status,
        officerId,
        nextInspectionDate: e.nextInspection ?? null,
        createdAt: at,
        updatedAt: at,
      });
      t.EquipmentChange!.push(
        {
          id: randomUUID(),
          equipmentId: id,
          field: 'status',
          fromValue: null,
          toValue: e.status,
          at,
          byPersonId: null,
          actor: CONFIG_ACTOR,
          reason: e.statusReason || '登记',
        },
        {
          id: randomUUID(),
          equipmentId: id,
          field: 'officer',
          fromValue: null,
          toValue: officerId,
          at,
          byPersonId: null,
          actor: CONFIG_ACTOR,
          reason: '逐台明确负责安全员',
        },
      );
    }
    for (const c of spec.checklists) {
      const checklistId = randomUUID();
      const effectiveDate = c.effectiveDate ?? localDateOf(at, spec.timeZone);
      t.RiskChecklist!.push({
        id: checklistId,
        unitId,
        category: c.category,
        version: 1,
        status: 'effective',
        effectiveDate,
        title: c.title,
        contentHash: checklistHash(c),
        createdAt: at,
      });
      c.items.forEach((it, i) => {
        t.RiskChecklistItem!.push({
          id: randomUUID(),
          checklistId,
          seq: i + 1,
          group: it.group,
          content: it.content,
          standard: it.standard,
          frequency: it.frequency,
          required: it.required,
        });
      });
    }
  }
  return Object.entries(t);
}
