/**
 * Applies a validated ledger to one unit in ONE transaction: equipment upserted by 设备代码 and
 * people by 手机号, history kept (status and officer changes, ended and new appointments). Every
 * problem that needs the database (an officer who is not in the unit) is found before anything is
 * written; with dryRun nothing is written at all.
 */
import { EQUIPMENT_STATUS_LABELS, roleTitle, type Category, type EquipmentStatus, type UnitKind } from '../../domain/model.js';
import type { EquipmentRow, PersonRow } from '../../domain/ledger/parse-ledger.js';
import { AppError } from '../../app/app-error.js';
import type { ImportResult } from '../../app/ports.js';
import type { Db } from './db.js';

export const IMPORT_ACTOR = '台账导入';

type Tx = Parameters<Parameters<Db['$transaction']>[0]>[0];

class DryRun extends Error {}

async function inUnit<T>(db: Db, unitKey: string, dryRun: boolean, fn: (tx: Tx, unit: { id: string; kind: string }) => Promise<T>): Promise<T> {
  let result: T | undefined;
  try {
    await db.$transaction(
      async (tx) => {
        const unit = await tx.unit.findUnique({ where: { key: unitKey }, select: { id: true, kind: true } });
        if (!unit) throw new AppError('NOT_FOUND', `找不到单位“${unitKey}”：请先在配置中声明该单位（safeduty config check 查看单位 key）`);
        result = await fn(tx, unit);
        if (dryRun) throw new DryRun();
      },
      { timeout: 300_000, maxWait: 30_000 },
    );
  } catch (e) {
    if (!(e instanceof DryRun)) throw e;
  }
  return result!;
}

export function importEquipment(db: Db, unitKey: string, rows: EquipmentRow[], at: Date, dryRun: boolean): Promise<ImportResult> {
  return inUnit(db, unitKey, dryRun, async (tx, unit) => {
    const officers = await tx.roleAssignment.findMany({ where: { unitId: unit.id, role: 'officer', endAt: null }, include: { person: true } });
    const problems: string[] = [];
    const officerOf = (r: EquipmentRow): string | null => {
      const hits = officers.filter((o) => (o.person.name === r.officer || o.person.mobile === r.officer) && ((o.categories as Category[]).length === 0 || (o.categories as Category[]).includes(r.category)));
      const ids = [...new Set(hits.map((h) => h.personId))];
      if (ids.length === 1) return ids[0]!;
      problems.push(`第 ${r.line} 行 负责安全员：${ids.length ? `有多人名为“${r.officer}”，请填手机号` : `“${r.officer}”不是本单位负责该类设备的安全员，请先导入人员名单或检查姓名`}`);
      return null;
    };
    const resolved = rows.map((r) => ({ r, officerId: officerOf(r) }));
    const existing = await tx.equipment.findMany({ where: { code: { in: rows.map((r) => r.code) } } });
    for (const e of existing) if (e.unitId !== unit.id) problems.push(`第 ${rows.find((r) => r.code === e.code)!.line} 行 设备代码：${e.code} 已登记在另一单位`);
    if (problems.length) return { ok: false, problems, created: 0, updated: 0, unchanged: 0, changes: [] };
    const result: ImportResult = { ok: true, problems: [], created: 0, updated: 0, unchanged: 0, changes: [] };
    for (const { r, officerId } of resolved) {
      const cur = existing.find((e) => e.code === r.code);
      const fields = { registrationNo: r.registrationNo, category: r.category, name: r.name, location: r.location, nextInspectionDate: r.nextInspection };
      if (!cur) {
        const created = await tx.equipment.create({ data: { unitId: unit.id, code: r.code, ...fields, status: r.status, declaredStatus: r.status, officerId: officerId! } });
        await tx.equipmentChange.createMany({
          data: [
            { equipmentId: created.id, field: 'status', fromValue: null, toValue: r.status, at, actor: IMPORT_ACTOR, reason: '台账导入登记' },
            { equipmentId: created.id, field: 'officer', fromValue: null, toValue: officerId!, at, actor: IMPORT_ACTOR, reason: '逐台明确负责安全员' },
          ],
        });
        result.created++;
        result.changes.push(`新增 ${r.code} ${r.name}`);
        continue;
      }
      const changes: string[] = [];
      if (Object.entries(fields).some(([k, v]) => (cur as Record<string, unknown>)[k] !== v)) {
        await tx.equipment.update({ where: { id: cur.id }, data: fields });
        changes.push('信息');
      }
      if (cur.declaredStatus !== r.status) {
        await tx.equipment.update({ where: { id: cur.id }, data: { status: r.status, declaredStatus: r.status } });
        if (cur.status !== r.status) {
          await tx.equipmentChange.create({ data: { equipmentId: cur.id, field: 'status', fromValue: cur.status, toValue: r.status, at, actor: IMPORT_ACTOR, reason: '台账导入' } });
          changes.push(`状态 ${EQUIPMENT_STATUS_LABELS[cur.status as EquipmentStatus]} → ${EQUIPMENT_STATUS_LABELS[r.status]}`);
        }
      }
      if (cur.officerId !== officerId) {
        await tx.equipment.update({ where: { id: cur.id }, data: { officerId: officerId! } });
        await tx.equipmentChange.create({ data: { equipmentId: cur.id, field: 'officer', fromValue: cur.officerId, toValue: officerId!, at, actor: IMPORT_ACTOR, reason: '负责安全员调整' } });
        changes.push('负责安全员');
      }
      if (changes.length) {
        result.updated++;
        result.changes.push(`更新 ${r.code} ${r.name}：${changes.join('、')}`);
      } else result.unchanged++;
    }
    return result;
  });
}

export function importPeople(db: Db, unitKey: string, rows: PersonRow[], at: Date, dryRun: boolean): Promise<ImportResult> {
  return inUnit(db, unitKey, dryRun, async (tx, unit) => {
    const result: ImportResult = { ok: true, problems: [], created: 0, updated: 0, unchanged: 0, changes: [] };
    const taken = await tx.person.findMany({ where: { mobile: { in: rows.map((r) => r.mobile) } } });
    for (const r of rows) {
      const cur = taken.find((p) => p.mobile === r.mobile);
      const person = cur ? (cur.name === r.name ? cur : await tx.person.update({ where: { id: cur.id }, data: { name: r.name } })) : await tx.person.create({ data: { name: r.name, mobile: r.mobile } });
      const changes: string[] = cur && cur.name !== r.name ? [`姓名 ${cur.name} → ${r.name}`] : [];
      const open = await tx.roleAssignment.findMany({ where: { unitId: unit.id, personId: person.id, endAt: null } });
      for (const role of r.roles) {
        const title = roleTitle(role, unit.kind as UnitKind);
        const cats = role === 'principal' ? [] : r.categories;
        const same = open.find((o) => o.role === role && JSON.stringify([...(o.categories as string[])].sort()) === JSON.stringify([...cats].sort()));
        if (same) continue;
        const old = open.find((o) => o.role === role);
        if (old) await tx.roleAssignment.update({ where: { id: old.id }, data: { endAt: at, reason: old.reason ? `${old.reason}；调整（台账导入）` : '调整（台账导入）' } });
        await tx.roleAssignment.create({ data: { unitId: unit.id, personId: person.id, role, categories: cats, title, startAt: at, reason: '台账导入' } });
        changes.push(`${old ? '调整' : '任命'}${title}`);
      }
      for (const o of open.filter((x) => !r.roles.includes(x.role as never))) {
        await tx.roleAssignment.update({ where: { id: o.id }, data: { endAt: at, reason: o.reason ? `${o.reason}；台账中已无此角色` : '台账中已无此角色' } });
        changes.push(`免去${o.title}`);
      }
      if (r.certificate) {
        const c = r.certificate;
        await tx.certificate.upsert({ where: { personId_kind_number: { personId: person.id, kind: c.kind, number: c.number } }, create: { personId: person.id, kind: c.kind, number: c.number, expiresOn: c.expires }, update: { expiresOn: c.expires } });
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
