/**
 * Loads planner snapshots in bulk: a handful of queries per chunk of units, whatever the number of
 * devices, so that the 08:30 opening tick of a city's worth of units stays fast. Rows are grouped
 * by unit in maps (never filtered per unit), and every `IN` list is cut to the bind-parameter
 * limit Prisma enforces on SQLite (999).
 */

import type { UnitHeader } from '../../app/ports.js';
import { messageGroup } from '../../domain/engine/plan-messages.js';
import { periodsToOpen } from '../../domain/engine/plan-openings.js';
import type { TaskKind, UnitPolicy } from '../../domain/engine/policy.js';
import type { CertificateState, TaskState, UnitSnapshot } from '../../domain/engine/snapshot.js';
import { localDateOf } from '../../domain/local-time.js';
import type { Category, Role } from '../../domain/model.js';
import type { ChecklistItem } from '../../domain/unit-spec.js';
import type { Db, Provider } from './db.js';
import { toDevice } from './device-row.js';
import type { DriverQueryable } from './driver.js';

/** How the store reaches the database here: Prisma for the small reads, the driver for the big ones. */
export interface SnapshotSource {
  db: Db;
  driver: DriverQueryable;
  provider: Provider;
}

const CHUNK = 400;
/** Ids per `IN (...)` list: under Prisma's SQLite limit of 999 bind values per query. */
const IN_LIST = 900;

const TASK_STATE_SELECT = {
  id: true,
  key: true,
  unitId: true,
  kind: true,
  period: true,
  subjectId: true,
  assigneeId: true,
  opensAt: true,
  dueAt: true,
  closesAt: true,
  detail: true,
} as const;

export async function loadSnapshots(
  src: SnapshotSource,
  units: { header: UnitHeader; policy: UnitPolicy }[],
  now: Date,
): Promise<UnitSnapshot[]> {
  const out: UnitSnapshot[] = [];
  for (let i = 0; i < units.length; i += CHUNK) out.push(...(await loadChunk(src, units.slice(i, i + CHUNK), now)));
  return out;
}

/** `IN` over a JSON array parameter: one parameter whatever the number of values. */
const inJson = (provider: Provider, n: number) =>
  provider === 'sqlite' ? 'SELECT value FROM json_each(?)' : `SELECT jsonb_array_elements_text($${n}::jsonb)`;

interface RoleRow {
  unitId: string;
  personId: string;
  role: string;
  categories: Category[];
  name: string;
}

interface DeviceRow {
  id: string;
  unitId: string;
  code: string;
  name: string;
  location: string;
  category: string;
  status: string;
  officerId: string;
  nextInspectionDate: string | null;
}

// Most appointments have the same few category lists ('[]'): parsed once each.
const categoryLists = new Map<string, Category[]>();
function categoriesOf(v: unknown): Category[] {
  if (typeof v !== 'string') return (v as Category[] | null) ?? [];
  let list = categoryLists.get(v);
  if (!list) {
    if (categoryLists.size > 1_000) categoryLists.clear();
    list = JSON.parse(v) as Category[];
    categoryLists.set(v, list);
  }
  return list;
}

/**
 * The big reads of a chunk (a city has ~25 devices and 5
 * appointments per unit), rows as arrays straight from the driver.
 */
async function loadRolesAndDevices(
  src: SnapshotSource,
  ids: string[],
  periods: string[],
): Promise<{ roles: RoleRow[]; devices: DeviceRow[]; existing: { key: string; unitId: string }[] }> {
  const { driver, provider } = src;
  const unitIds = JSON.stringify(ids);
  const [roleRows, deviceRows, existingRows] = await Promise.all([
    driver.query(
      `SELECT r."unitId", r."personId", r."role", r."categories", p."name" FROM "RoleAssignment" r JOIN ` +
        `"Person" p ON p."id" = r."personId" WHERE r."unitId" IN (${inJson(provider, 1)}) AND r."endAt" IS ` +
        `NULL ORDER BY r."unitId", r."startAt", r."createdAt"`,
      [unitIds],
    ),
    driver.query(
      `SELECT "id", "unitId", "code", "name", "location", "category", "status", "officerId", ` +
        `"nextInspectionDate" FROM "Equipment" WHERE "unitId" IN (${inJson(provider, 1)}) AND "status" IN ` +
        `('in_use', 'paused', 'stopped')`,
      [unitIds],
    ),
    driver.query(
      `SELECT "key", "unitId" FROM "Task" WHERE "unitId" IN (${inJson(provider, 1)}) AND "period" IN ` +
        `(${inJson(provider, 2)})`,
      [unitIds, JSON.stringify(periods)],
    ),
  ]);
  const str = (v: unknown) => String(v ?? '');
  return {
    roles: roleRows.map((r) => ({
      unitId: str(r[0]),
      personId: str(r[1]),
      role: str(r[2]),
      categories: categoriesOf(r[3]),
      name: str(r[4]),
    })),
    devices: deviceRows.map((r) => ({
      id: str(r[0]),
      unitId: str(r[1]),
      code: str(r[2]),
      name: str(r[3]),
      location: str(r[4]),
      category: str(r[5]),
      status: str(r[6]),
      officerId: str(r[7]),
      nextInspectionDate: r[8] == null ? null : str(r[8]),
    })),
    existing: existingRows.map((r) => ({ key: str(r[0]), unitId: str(r[1]) })),
  };
}

async function loadChunk(
  src: SnapshotSource,
  units: { header: UnitHeader; policy: UnitPolicy }[],
  now: Date,
): Promise<UnitSnapshot[]> {
  const db = src.db;
  const ids = units.map((u) => u.header.id);
  const periods = [
    ...new Set(units.flatMap((u) => periodsToOpen({ policy: u.policy, plannedDate: u.header.plannedDate }, now))),
  ];
  const [{ roles, devices, existing }, suspensions, checklists, dueTasks] = await Promise.all([
    loadRolesAndDevices(src, ids, periods),
    db.unitSuspension.findMany({ where: { unitId: { in: ids } } }),
    db.riskChecklist.findMany({
      where: { unitId: { in: ids }, status: { not: 'draft' } },
      orderBy: { version: 'desc' },
      select: { id: true, unitId: true, category: true, effectiveDate: true, contentHash: true },
    }),
    db.task.findMany({
      where: { unitId: { in: ids }, state: 'open', nextActionAt: { lte: now } },
      select: TASK_STATE_SELECT,
    }),
  ]);
  // An officer is normally also appointed in the unit; anyone who is not is named from Person.
  const appointed = new Set(roles.map((r) => r.personId));
  const others = [...new Set(devices.map((d) => d.officerId).filter((id) => !appointed.has(id)))];
  const otherNames = new Map(
    (
      await inLists(others, (part) =>
        db.person.findMany({ where: { id: { in: part } }, select: { id: true, name: true } }),
      )
    ).map((p) => [p.id, p.name]),
  );
  const keyOf = new Map(units.map((u) => [u.header.id, u.header.key]));
  // Deadlines and the chain anchor are decided when a unit opens a new day: only then are they read.
  const opening = units
    .filter((u) => u.header.plannedDate !== localDateOf(now, u.policy.timeZone))
    .map((u) => u.header.id);
  const { certificatesOf, headOf } = await loadDeadlineFacts(src, opening, roles, devices);
  const groupKeys = [...new Set(dueTasks.map((t) => `${keyOf.get(t.unitId)}:${messageGroup(toTaskState(t))}`))];

  // The checklist in force today for each unit and category (local date per unit).
  const inForce = new Map<string, { id: string; contentHash: string }>();
  const todayOf = new Map(units.map((u) => [u.header.id, localDateOf(now, u.policy.timeZone)]));
  for (const c of checklists) {
    const k = `${c.unitId}:${c.category}`;
    if (!inForce.has(k) && c.effectiveDate <= todayOf.get(c.unitId)!) inForce.set(k, c);
  }
  const [messages, acks, itemsByHash] = await Promise.all([
    inLists(groupKeys, (part) =>
      db.message.findMany({ where: { groupKey: { in: part } }, select: { key: true, unitId: true } }),
    ),
    inLists(
      dueTasks.map((t) => t.id),
      (part) => db.ack.findMany({ where: { taskId: { in: part } }, select: { taskId: true, personId: true } }),
    ),
    loadDailyItems(db, [...inForce.values()]),
  ]);

  const dailyItemsOf = new Map<string, Partial<Record<Category, ChecklistItem[]>>>();
  for (const [k, c] of inForce) {
    const [unitId, category] = k.split(':') as [string, Category];
    const byCategory = dailyItemsOf.get(unitId) ?? {};
    byCategory[category] = itemsByHash.get(c.contentHash) ?? [];
    dailyItemsOf.set(unitId, byCategory);
  }
  const rolesOf = groupBy(roles, (r) => r.unitId);
  const devicesOf = groupBy(devices, (d) => d.unitId);
  const suspensionsOf = groupBy(suspensions, (s) => s.unitId);
  const existingOf = groupBy(existing, (t) => t.unitId);
  const dueOf = groupBy(dueTasks, (t) => t.unitId);
  const messagesOf = groupBy(messages, (m) => m.unitId);
  const ackKeys = new Set(acks.map((a) => `${a.taskId}:${a.personId}`));

  return units.map(({ header, policy }) => {
    const id = header.id;
    const unitRoles = rolesOf.get(id) ?? [];
    const unitDevices = devicesOf.get(id) ?? [];
    const people = new Map<string, string>();
    for (const r of unitRoles) people.set(r.personId, r.name);
    for (const d of unitDevices)
      if (!people.has(d.officerId)) people.set(d.officerId, otherNames.get(d.officerId) ?? '（未知）');
    return {
      id,
      key: header.key,
      name: header.name,
      policy,
      suspensions: (suspensionsOf.get(id) ?? []).map((s) => ({ from: s.startDate, to: s.endDate, reason: s.reason })),
      people: [...people].map(([pid, name]) => ({ id: pid, name })),
      roles: unitRoles.map((r) => ({ personId: r.personId, role: r.role as Role, categories: r.categories })),
      devices: unitDevices.map((d) => ({
        ...toDevice(d),
        nextInspectionDate: d.nextInspectionDate,
      })),
      certificates: [...people.keys()].flatMap((pid) => certificatesOf.get(pid) ?? []),
      chainHead: headOf.get(id) ?? null,
      dailyItems: dailyItemsOf.get(id) ?? {},
      plannedDate: header.plannedDate,
      plannedWeek: header.plannedWeek,
      plannedMonth: header.plannedMonth,
      existingTaskKeys: new Set((existingOf.get(id) ?? []).map((t) => t.key)),
      openTasks: (dueOf.get(id) ?? []).map(toTaskState),
      messageKeys: new Set((messagesOf.get(id) ?? []).map((m) => m.key)),
      // Only this unit's tasks are looked up, so sharing the chunk's set is safe and saves copies.
      acks: ackKeys,
    };
  });
}

/** The certificates (with an expiry) of the opening units' people, and each opening unit's chain head. */
async function loadDeadlineFacts(
  src: SnapshotSource,
  unitIds: string[],
  roles: RoleRow[],
  devices: DeviceRow[],
): Promise<{ certificatesOf: Map<string, CertificateState[]>; headOf: Map<string, { seq: number; hash: string }> }> {
  if (unitIds.length === 0) return { certificatesOf: new Map(), headOf: new Map() };
  const opening = new Set(unitIds);
  const people = [
    ...new Set([
      ...roles.filter((r) => opening.has(r.unitId)).map((r) => r.personId),
      ...devices.filter((d) => opening.has(d.unitId)).map((d) => d.officerId),
    ]),
  ];
  const { db, driver, provider } = src;
  const [certs, heads] = await Promise.all([
    inLists(people, (part) =>
      db.certificate.findMany({
        where: { personId: { in: part }, expiresOn: { not: null } },
        select: { id: true, personId: true, kind: true, number: true, expiresOn: true },
      }),
    ),
    driver.query(
      `SELECT r."unitId", r."seq", r."hash" FROM "Record" r JOIN (SELECT "unitId", MAX("seq") AS "top" FROM ` +
        `"Record" WHERE "unitId" IN (${inJson(provider, 1)}) GROUP BY "unitId") h ON h."unitId" = r."unitId" ` +
        `AND h."top" = r."seq"`,
      [JSON.stringify(unitIds)],
    ),
  ]);
  const certificatesOf = groupBy(
    certs.map((c) => ({ id: c.id, personId: c.personId, kind: c.kind, number: c.number, expiresOn: c.expiresOn! })),
    (c) => c.personId,
  );
  return {
    certificatesOf,
    headOf: new Map(heads.map((r) => [String(r[0]), { seq: Number(r[1]), hash: String(r[2]) }])),
  };
}

/**
 * Daily items by checklist content hash. A checklist version never changes once written
 * (apply-unit.ts adds a new version instead), and its items follow from its content hash, so the
 * thousands of units that use the same default checklist share one list, read once per process.
 */
const dailyItemsByHash = new Map<string, ChecklistItem[]>();
const ITEM_CACHE_SIZE = 5_000;

async function loadDailyItems(
  db: Db,
  lists: { id: string; contentHash: string }[],
): Promise<Map<string, ChecklistItem[]>> {
  if (dailyItemsByHash.size > ITEM_CACHE_SIZE) dailyItemsByHash.clear();
  const idOf = new Map<string, string>();
  for (const c of lists) if (!dailyItemsByHash.has(c.contentHash)) idOf.set(c.contentHash, c.id);
  const rows = await inLists([...idOf.values()], (part) =>
    db.riskChecklistItem.findMany({
      where: { checklistId: { in: part }, frequency: 'daily' },
      orderBy: { seq: 'asc' },
    }),
  );
  const byList = groupBy(rows, (it) => it.checklistId);
  for (const [hash, id] of idOf) {
    const items = (byList.get(id) ?? []).map(
      (it): ChecklistItem => ({
        group: it.group as ChecklistItem['group'],
        content: it.content,
        standard: it.standard,
        frequency: 'daily',
        required: it.required,
      }),
    );
    dailyItemsByHash.set(hash, items);
  }
  return new Map(lists.map((c) => [c.contentHash, dailyItemsByHash.get(c.contentHash) ?? []]));
}

function groupBy<T>(rows: readonly T[], keyOf: (r: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const r of rows) {
    const k = keyOf(r);
    const list = out.get(k);
    if (list) list.push(r);
    else out.set(k, [r]);
  }
  return out;
}

/** Runs a query per slice of an `IN` list and concatenates the rows. */
async function inLists<T>(values: string[], query: (part: string[]) => Promise<T[]>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < values.length; i += IN_LIST) out.push(...(await query(values.slice(i, i + IN_LIST))));
  return out;
}

export function toTaskState(t: {
  id: string;
  key: string;
  kind: string;
  period: string;
  subjectId: string;
  assigneeId: string;
  opensAt: Date;
  dueAt: Date;
  closesAt: Date | null;
  detail: unknown;
}): TaskState {
  return {
    id: t.id,
    key: t.key,
    kind: t.kind as TaskKind,
    period: t.period,
    subjectId: t.subjectId,
    assigneeId: t.assigneeId,
    opensAt: t.opensAt,
    dueAt: t.dueAt,
    closesAt: t.closesAt,
    detail: (t.detail as Record<string, unknown> | null) ?? null,
  };
}
