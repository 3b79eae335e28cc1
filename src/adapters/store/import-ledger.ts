/**
 * Applies a validated ledger to one unit in ONE transaction: equipment upserted by 设备代码 and
 * people by 手机号, history kept (status and officer changes, ended and new appointments). Every
 * problem that needs the database (an officer who is not in the unit, a code registered in another
 * unit) is found for every row, valid or not, and reported together with the problems the file
 * itself has (`earlier`), before anything is written; with dryRun nothing is written at all (the
 * plan is computed without a write transaction). New devices are inserted in batches: a
 * 60,000-row ledger is a few hundred statements, not 120,000.
 */

import { AppError } from '../../app/app-error.js';
import type { ImportResult } from '../../app/ports.js';
import {
  type EquipmentRow,
  type LedgerProblem,
  type LedgerRef,
  type PersonRow,
  sortProblems,
} from '../../domain/ledger/parse-ledger.js';
import {
  type Category,
  EQUIPMENT_STATUS_LABELS,
  type EquipmentStatus,
  roleTitle,
  type UnitKind,
} from '../../domain/model.js';
import { BulkInserter, bulkUpdateByIds, type Columns } from './bulk-sql.js';
import type { Db, Provider } from './db.js';
import type { Driver } from './driver.js';
import { timeOrderedId } from './row-ids.js';

export const IMPORT_ACTOR = '台账导入';

/** What the file itself got wrong, and every row's code and officer for the database's checks. */
export interface LedgerChecks {
  issues: LedgerProblem[];
  refs: LedgerRef[];
}

type Tx = Parameters<Parameters<Db['$transaction']>[0]>[0];
type Reader = Db | Tx;

const BATCH = 500;

class DryRun extends Error {}

async function unitOf(db: Reader, unitKey: string): Promise<{ id: string; kind: string }> {
  const unit = await db.unit.findUnique({ where: { key: unitKey }, select: { id: true, kind: true } });
  if (!unit)
    throw new AppError(
      'NOT_FOUND',
      `找不到单位“${unitKey}”：请先在配置中声明该单位（safeduty config check 查看单位 key）`,
    );
  return unit;
}

async function inUnit<T>(
  db: Db,
  unitKey: string,
  dryRun: boolean,
  fn: (tx: Tx, unit: { id: string; kind: string }) => Promise<T>,
): Promise<T> {
  let result: T | undefined;
  try {
    await db.$transaction(
      async (tx) => {
        result = await fn(tx, await unitOf(tx, unitKey));
        if (dryRun) throw new DryRun();
      },
      { timeout: 300_000, maxWait: 30_000 },
    );
  } catch (e) {
    if (!(e instanceof DryRun)) throw e;
  }
  return result!;
}

const failed = (issues: LedgerProblem[]): ImportResult => ({
  ok: false,
  problems: sortProblems(issues).map((p) => p.text),
  created: 0,
  updated: 0,
  unchanged: 0,
  changes: [],
});

function chunks<T>(xs: T[], size = BATCH): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += size) out.push(xs.slice(i, i + size));
  return out;
}

/** What a re-import compares (not the timestamps: 60,000 fewer Dates to hold). */
const EXISTING_FIELDS = {
  id: true,
  code: true,
  unitId: true,
  status: true,
  declaredStatus: true,
  officerId: true,
  registrationNo: true,
  category: true,
  name: true,
  location: true,
  nextInspectionDate: true,
  declaredInspection: true,
} as const;

async function equipmentByCode(db: Reader, codes: string[]) {
  const found = [];
  for (const part of chunks([...new Set(codes)]))
    found.push(...(await db.equipment.findMany({ where: { code: { in: part } }, select: EXISTING_FIELDS })));
  return new Map(found.map((e) => [e.code, e]));
}

type Existing = Awaited<ReturnType<typeof equipmentByCode>> extends Map<string, infer E> ? E : never;

/** Every database problem of every row, and each valid row's officer and current device. */
async function checkEquipment(db: Reader, unitId: string, rows: EquipmentRow[], refs: LedgerRef[]) {
  const officers = await db.roleAssignment.findMany({
    where: { unitId, role: 'officer', endAt: null },
    include: { person: true },
  });
  const issues: LedgerProblem[] = [];
  const officerOf = new Map<number, string>();
  for (const ref of refs) {
    if (!ref.officer) continue;
    const named = officers.filter((o) => o.person.name === ref.officer || o.person.mobile === ref.officer);
    const hits = ref.category
      ? named.filter(
          (o) => (o.categories as Category[]).length === 0 || (o.categories as Category[]).includes(ref.category!),
        )
      : named;
    const ids = [...new Set(hits.map((h) => h.personId))];
    if (ids.length === 1) officerOf.set(ref.line, ids[0]!);
    else
      issues.push({
        line: ref.line,
        text:
          `第 ${ref.line} 行 负责安全` +
          `员：${ids.length ? `有多人名为“${ref.officer}”，请填手机号` : `“${ref.officer}”不是本单位负责该类设备的安全员，请先导入人员名单或检查姓名`}`,
      });
  }
  const existing = await equipmentByCode(
    db,
    refs.filter((r) => r.code).map((r) => r.code),
  );
  for (const ref of refs) {
    const e = existing.get(ref.code);
    if (e && e.unitId !== unitId)
      issues.push({ line: ref.line, text: `第 ${ref.line} 行 设备代码：${ref.code} 已登记在另一单位` });
  }
  const refsOf = new Set(refs.map((r) => r.line));
  // Rows given without refs (callers that parsed elsewhere) are still checked.
  const unreferenced = rows.filter((r) => !refsOf.has(r.line));
  if (unreferenced.length) {
    const more = await checkEquipment(
      db,
      unitId,
      [],
      unreferenced.map((r) => ({ line: r.line, code: r.code, officer: r.officer, category: r.category })),
    );
    issues.push(...more.issues);
    for (const [k, v] of more.officerOf) officerOf.set(k, v);
    for (const [k, v] of more.existing) existing.set(k, v);
  }
  return { issues, officerOf, existing };
}

export async function importEquipment(
  store: { db: Db; driver: Driver; provider: Provider },
  unitKey: string,
  rows: EquipmentRow[],
  at: Date,
  dryRun: boolean,
  earlier: LedgerChecks = { issues: [], refs: [] },
): Promise<ImportResult> {
  // The plan is read without a write transaction (the service keeps working meanwhile); the writes
  // then go in ONE transaction, and a code registered in between makes it roll back.
  const unit = await unitOf(store.db, unitKey);
  const checked = await checkEquipment(store.db, unit.id, rows, earlier.refs);
  const issues = [...earlier.issues, ...checked.issues];
  if (issues.length) return failed(issues);
  const plan = planEquipment(rows, checked.officerOf, checked.existing);
  if (!dryRun) await writeEquipment(store, unit.id, plan, at);
  return plan.result;
}

interface EquipmentPlan {
  result: ImportResult;
  fresh: { r: EquipmentRow; officerId: string }[];
  updates: {
    id: string;
    set: Record<string, string | null>;
    history: { field: string; fromValue: string; toValue: string; reason: string }[];
  }[];
}

function planEquipment(
  rows: EquipmentRow[],
  officerOf: Map<number, string>,
  existing: Map<string, Existing>,
): EquipmentPlan {
  const plan: EquipmentPlan = {
    result: { ok: true, problems: [], created: 0, updated: 0, unchanged: 0, changes: [] },
    fresh: [],
    updates: [],
  };
  const { result } = plan;
  for (const r of rows) {
    const officerId = officerOf.get(r.line)!;
    const cur = existing.get(r.code);
    if (!cur) {
      plan.fresh.push({ r, officerId });
      result.created++;
      result.changes.push(`新增 ${r.code} ${r.name}`);
      continue;
    }
    const fields: Record<string, string | null> = {
      registrationNo: r.registrationNo,
      category: r.category,
      name: r.name,
      location: r.location,
    };
    // A 下次检验日期 recorded in chat (检验 命令) is replaced only by a date the ledger newly declares.
    if (cur.declaredInspection !== r.nextInspection)
      Object.assign(fields, { nextInspectionDate: r.nextInspection, declaredInspection: r.nextInspection });
    const changes: string[] = [];
    const set: Record<string, string | null> = {};
    const history: EquipmentPlan['updates'][number]['history'] = [];
    if (Object.entries(fields).some(([k, v]) => (cur as Record<string, unknown>)[k] !== v)) {
      Object.assign(set, fields);
      changes.push('信息');
    }
    if (cur.declaredStatus !== r.status) {
      Object.assign(set, { status: r.status, declaredStatus: r.status });
      if (cur.status !== r.status) {
        history.push({ field: 'status', fromValue: cur.status, toValue: r.status, reason: '台账导入' });
        changes.push(
          `状态 ${EQUIPMENT_STATUS_LABELS[cur.status as EquipmentStatus]} → ${EQUIPMENT_STATUS_LABELS[r.status]}`,
        );
      }
    }
    if (cur.officerId !== officerId) {
      set.officerId = officerId;
      history.push({ field: 'officer', fromValue: cur.officerId, toValue: officerId, reason: '负责安全员调整' });
      changes.push('负责安全员');
    }
    if (Object.keys(set).length) plan.updates.push({ id: cur.id, set, history });
    if (changes.length) {
      result.updated++;
      result.changes.push(`更新 ${r.code} ${r.name}：${changes.join('、')}`);
    } else result.unchanged++;
  }
  return plan;
}

const DEVICE_COLUMNS: Columns = {
  id: 'text',
  unitId: 'text',
  code: 'text',
  registrationNo: 'text',
  category: 'text',
  name: 'text',
  location: 'text',
  status: 'text',
  declaredStatus: 'text',
  officerId: 'text',
  nextInspectionDate: 'text',
  declaredInspection: 'text',
  createdAt: 'datetime',
  updatedAt: 'datetime',
};
const CHANGE_COLUMNS: Columns = {
  id: 'text',
  equipmentId: 'text',
  field: 'text',
  fromValue: 'text',
  toValue: 'text',
  at: 'datetime',
  byPersonId: 'text',
  actor: 'text',
  reason: 'text',
};

/** Writes the plan in one transaction on the driver: new devices and their history in batches (bulk-sql.ts). */
async function writeEquipment(
  store: { driver: Driver; provider: Provider },
  unitId: string,
  plan: EquipmentPlan,
  at: Date,
): Promise<void> {
  const { driver, provider } = store;
  const ms = at.getTime();
  await driver.transaction(async (tx) => {
    const devices = new BulkInserter(tx, provider, 'Equipment', DEVICE_COLUMNS, ['code']);
    const history = new BulkInserter(tx, provider, 'EquipmentChange', CHANGE_COLUMNS, ['id']);
    const change = (
      equipmentId: string,
      h: { field: string; fromValue: string | null; toValue: string; reason: string },
    ) => history.add({ id: timeOrderedId(ms), equipmentId, ...h, at, byPersonId: null, actor: IMPORT_ACTOR });
    for (const { r, officerId } of plan.fresh) {
      const id = timeOrderedId(ms);
      const row = {
        id,
        unitId,
        code: r.code,
        registrationNo: r.registrationNo,
        category: r.category,
        name: r.name,
        location: r.location,
        status: r.status,
        declaredStatus: r.status,
        officerId,
        nextInspectionDate: r.nextInspection,
        declaredInspection: r.nextInspection,
        createdAt: at,
        updatedAt: at,
      };
      // A device's history goes after the device (foreign key): both batches are flushed together.
      const full = [
        devices.add(row),
        change(id, { field: 'status', fromValue: null, toValue: r.status, reason: '台账导入登记' }),
        change(id, { field: 'officer', fromValue: null, toValue: officerId, reason: '逐台明确负责安全员' }),
      ];
      if (full.some(Boolean)) {
        await devices.flush();
        await history.flush();
      }
    }
    await devices.flush();
    if (devices.inserted !== plan.fresh.length) {
      throw new AppError(
        'EQUIPMENT_IN_OTHER_UNIT',
        `导入期间另有 ${plan.fresh.length - devices.inserted} 个设备代码被登记，未导入任何数据：请重新运行导入`,
      );
    }
    for (const u of plan.updates) {
      const set = Object.entries(u.set).map(([column, value]) => ({ column, type: 'text' as const, value }));
      await bulkUpdateByIds(
        tx,
        provider,
        'Equipment',
        [...set, { column: 'updatedAt', type: 'datetime', value: at }],
        [u.id],
      );
      for (const h of u.history) if (change(u.id, h)) await history.flush();
    }
    await history.flush();
  });
}

export async function importPeople(
  db: Db,
  unitKey: string,
  rows: PersonRow[],
  at: Date,
  dryRun: boolean,
  earlier: LedgerChecks = { issues: [], refs: [] },
): Promise<ImportResult> {
  if (earlier.issues.length) {
    await unitOf(db, unitKey);
    return failed(earlier.issues);
  }
  return inUnit(db, unitKey, dryRun, async (tx, unit) => {
    const result: ImportResult = { ok: true, problems: [], created: 0, updated: 0, unchanged: 0, changes: [] };
    const taken = [];
    for (const part of chunks(rows.map((r) => r.mobile)))
      taken.push(...(await tx.person.findMany({ where: { mobile: { in: part } } })));
    for (const r of rows) {
      const cur = taken.find((p) => p.mobile === r.mobile);
      const person = cur
        ? cur.name === r.name
          ? cur
          : await tx.person.update({ where: { id: cur.id }, data: { name: r.name } })
        : await tx.person.create({ data: { name: r.name, mobile: r.mobile } });
      const changes: string[] = cur && cur.name !== r.name ? [`姓名 ${cur.name} → ${r.name}`] : [];
      const open = await tx.roleAssignment.findMany({ where: { unitId: unit.id, personId: person.id, endAt: null } });
      for (const role of r.roles) {
        const title = roleTitle(role, unit.kind as UnitKind);
        const cats = role === 'principal' ? [] : r.categories;
        const same = open.find(
          (o) =>
            o.role === role &&
            JSON.stringify([...(o.categories as string[])].sort()) === JSON.stringify([...cats].sort()),
        );
        if (same) continue;
        const old = open.find((o) => o.role === role);
        if (old)
          await tx.roleAssignment.update({
            where: { id: old.id },
            data: { endAt: at, reason: old.reason ? `${old.reason}；调整（台账导入）` : '调整（台账导入）' },
          });
        await tx.roleAssignment.create({
          data: {
            unitId: unit.id,
            personId: person.id,
            role,
            categories: cats,
            title,
            startAt: at,
            reason: '台账导入',
          },
        });
        changes.push(`${old ? '调整' : '任命'}${title}`);
      }
      for (const o of open.filter((x) => !r.roles.includes(x.role as never))) {
        await tx.roleAssignment.update({
          where: { id: o.id },
          data: { endAt: at, reason: o.reason ? `${o.reason}；台账中已无此角色` : '台账中已无此角色' },
        });
        changes.push(`免去${o.title}`);
      }
      if (r.certificate) {
        const c = r.certificate;
        await tx.certificate.upsert({
          where: { personId_kind_number: { personId: person.id, kind: c.kind, number: c.number } },
          create: { personId: person.id, kind: c.kind, number: c.number, expiresOn: c.expires },
          update: { expiresOn: c.expires },
        });
      }
      if (!cur) {
        result.created++;
        result.changes.push(`新增 ${r.name}：${changes.join('、')}`);
      } else if (changes.length) {
        result.updated++;
        result.changes.push(`更新 ${r.name}：${changes.join('、')}`);
      } else result.unchanged++;
    }
    return result;
  });
}
