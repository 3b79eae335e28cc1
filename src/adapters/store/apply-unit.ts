/**
 * Applies one configured unit inside a transaction. Idempotent: a second run with the same spec
 * writes nothing. History is appended: roles are ended and re-created, status and officer changes
 * get a change row, checklists get a new version.
 */
import { createHash } from 'node:crypto';
import { AppError } from '../../app/app-error.js';
import type { UnitApplyResult } from '../../app/ports.js';
import { atLocal, localDateOf } from '../../domain/local-time.js';
import { CATEGORY_LABELS, EQUIPMENT_STATUS_LABELS, type EquipmentStatus } from '../../domain/model.js';
import type { ChecklistSpec, RoleSpec, UnitSpec } from '../../domain/unit-spec.js';
import type { Db } from './db.js';
import { followDeviceDay } from './follow-device.js';

type Tx = Omit<Db, '$connect' | '$disconnect' | '$on' | '$transaction' | '$extends'>;

/** The actor recorded on changes made by configuration. */
export const CONFIG_ACTOR = '配置文件';

export async function applyUnit(tx: Tx, spec: UnitSpec, at: Date): Promise<UnitApplyResult> {
  const changes: string[] = [];
  const existing = await tx.unit.findUnique({ where: { key: spec.key } });
  const data = {
    name: spec.name,
    creditCode: spec.creditCode,
    kind: spec.kind,
    timeZone: spec.timeZone,
    dailyDays: spec.dailyDays,
    settings: (spec.settings ?? undefined) as object | undefined,
  };
  const unit = existing
    ? await tx.unit.update({
        where: { id: existing.id },
        data: { ...data, settings: spec.settings === null ? undefined : (spec.settings as object) },
      })
    : await tx.unit.create({ data: { key: spec.key, ...data } });
  if (
    existing &&
    (existing.name !== spec.name || existing.timeZone !== spec.timeZone || existing.dailyDays !== spec.dailyDays)
  )
    changes.push('单位信息已更新');

  for (const s of spec.suspensions) {
    const found = await tx.unitSuspension.findUnique({
      where: { unitId_startDate: { unitId: unit.id, startDate: s.from } },
    });
    if (!found) {
      await tx.unitSuspension.create({
        data: { unitId: unit.id, startDate: s.from, endDate: s.to ?? null, reason: s.reason },
      });
      changes.push(`停产 ${s.from}${s.to ? ` 至 ${s.to}` : ' 起'}：${s.reason}`);
    } else if (found.endDate !== (s.to ?? null) || found.reason !== s.reason) {
      await tx.unitSuspension.update({ where: { id: found.id }, data: { endDate: s.to ?? null, reason: s.reason } });
      changes.push(`停产 ${s.from} 已更新`);
    }
  }

  const personIds = new Map<string, string>();
  for (const p of spec.people) {
    // The channels are written only when the file names them (a person may be in several units' files).
    const channels = p.channels ? { channels: p.channels.length ? p.channels.join(',') : null } : {};
    const person = await tx.person.upsert({
      where: { mobile: p.mobile },
      create: { name: p.name, mobile: p.mobile, ...channels },
      update: { name: p.name, ...channels },
    });
    personIds.set(p.mobile, person.id);
    for (const c of p.certificates) {
      await tx.certificate.upsert({
        where: { personId_kind_number: { personId: person.id, kind: c.kind, number: c.number } },
        create: {
          personId: person.id,
          kind: c.kind,
          number: c.number,
          issuedOn: c.issued ?? null,
          expiresOn: c.expires ?? null,
        },
        update: { issuedOn: c.issued ?? null, expiresOn: c.expires ?? null },
      });
    }
    for (const i of p.identities) {
      // A chat account belongs to one person; configuration may move it (a re-issued account).
      await tx.channelIdentity.upsert({
        where: { channel_externalId: { channel: i.channel, externalId: i.externalId } },
        create: { personId: person.id, channel: i.channel, externalId: i.externalId, boundAt: at },
        update: { personId: person.id },
      });
    }
    for (const t of p.trainings) {
      const key = { unitId: unit.id, personId: person.id, date: t.date, content: t.content };
      await tx.trainingRecord.upsert({
        where: { unitId_personId_date_content: key },
        create: { ...key, result: t.result, assessor: t.assessor },
        update: { result: t.result, assessor: t.assessor },
      });
    }
  }

  await applyRoles(tx, unit.id, spec, personIds, at, changes);
  await applyEquipment(tx, unit.id, spec, personIds, at, changes);
  for (const c of spec.checklists) await applyChecklist(tx, unit.id, spec.timeZone, c, at, changes);
  return { key: spec.key, created: !existing, changes };
}

const roleKey = (personId: string, role: string) => `${personId}:${role}`;
const sameRole = (r: { categories: unknown; title: string }, s: RoleSpec) =>
  JSON.stringify([...(r.categories as string[])].sort()) === JSON.stringify([...s.categories].sort()) &&
  r.title === s.title;

async function applyRoles(
  tx: Tx,
  unitId: string,
  spec: UnitSpec,
  personIds: Map<string, string>,
  at: Date,
  changes: string[],
) {
  const open = await tx.roleAssignment.findMany({ where: { unitId, endAt: null }, include: { person: true } });
  const openByKey = new Map(open.map((r) => [roleKey(r.personId, r.role), r]));
  const wanted = new Set<string>();
  for (const p of spec.people) {
    const personId = personIds.get(p.mobile)!;
    for (const r of p.roles) {
      const k = roleKey(personId, r.role);
      wanted.add(k);
      const cur = openByKey.get(k);
      if (cur && sameRole(cur, r)) continue;
      if (cur)
        await tx.roleAssignment.update({
          where: { id: cur.id },
          data: { endAt: at, reason: cur.reason ? `${cur.reason}；调整` : '调整' },
        });
      const startAt = !cur && r.since ? atLocal(r.since, '00:00', spec.timeZone) : at;
      await tx.roleAssignment.create({
        data: { unitId, personId, role: r.role, categories: r.categories, title: r.title, startAt, reason: r.reason },
      });
      changes.push(
        `${cur ? '调整' : '任命'} ${p.name} ` +
          `为${r.title}${r.categories.length ? `（${r.categories.map((c) => CATEGORY_LABELS[c]).join('、')}）` : ''}`,
      );
    }
  }
  for (const r of open) {
    if (wanted.has(roleKey(r.personId, r.role))) continue;
    await tx.roleAssignment.update({
      where: { id: r.id },
      data: { endAt: at, reason: r.reason ? `${r.reason}；已从配置中移除` : '已从配置中移除' },
    });
    changes.push(`免去 ${r.person.name} 的${r.title}`);
  }
}

async function applyEquipment(
  tx: Tx,
  unitId: string,
  spec: UnitSpec,
  personIds: Map<string, string>,
  at: Date,
  changes: string[],
) {
  for (const e of spec.equipment) {
    const officerId = personIds.get(e.officerMobile)!;
    const cur = await tx.equipment.findUnique({ where: { code: e.code } });
    const fields: Record<string, string | null> = {
      registrationNo: e.registrationNo,
      category: e.category,
      name: e.name,
      location: e.location,
    };
    // 下次检验日期 like the status: the file's date is applied when the file says something new, so
    // that a date recorded in chat (检验 命令) is not undone by a restart.
    const declared = e.nextInspection ?? null;
    if (!cur || cur.declaredInspection !== declared)
      Object.assign(fields, { nextInspectionDate: declared, declaredInspection: declared });
    if (cur && cur.unitId !== unitId) {
      throw new AppError('EQUIPMENT_IN_OTHER_UNIT', `设备代码 ${e.code} 已登记在另一单位，请核对设备代码`, {
        code: e.code,
      });
    }
    if (!cur) {
      const created = await tx.equipment.create({
        data: {
          unitId,
          code: e.code,
          ...(fields as { registrationNo: string; category: string; name: string }),
          status: e.status,
          declaredStatus: e.status,
          officerId,
        },
      });
      await tx.equipmentChange.createMany({
        data: [
          {
            equipmentId: created.id,
            field: 'status',
            fromValue: null,
            toValue: e.status,
            at,
            actor: CONFIG_ACTOR,
            reason: e.statusReason || '登记',
          },
          {
            equipmentId: created.id,
            field: 'officer',
            fromValue: null,
            toValue: officerId,
            at,
            actor: CONFIG_ACTOR,
            reason: '逐台明确负责安全员',
          },
        ],
      });
      changes.push(`登记设备 ${e.code} ${e.name}（${EQUIPMENT_STATUS_LABELS[e.status]}）`);
      continue;
    }
    const differs = Object.entries(fields).some(([k, v]) => (cur as Record<string, unknown>)[k] !== v);
    if (differs) {
      await tx.equipment.update({ where: { id: cur.id }, data: fields });
      changes.push(`设备 ${e.code} 信息已更新`);
    }
    if (await applyStatus(tx, cur, e.code, e.status, e.statusReason, at, changes))
      await followDeviceDay(
        tx,
        { id: unitId, key: spec.key },
        { id: cur.id, category: e.category, officerId },
        e.status,
        e.statusReason || '配置调整',
        at,
      );
    if (cur.officerId !== officerId) {
      await tx.equipment.update({ where: { id: cur.id }, data: { officerId } });
      await tx.equipmentChange.create({
        data: {
          equipmentId: cur.id,
          field: 'officer',
          fromValue: cur.officerId,
          toValue: officerId,
          at,
          actor: CONFIG_ACTOR,
          reason: '负责安全员调整',
        },
      });
      changes.push(`设备 ${e.code} 负责安全员已调整`);
    }
  }
}

/**
 * The configured status is applied only when configuration now says something new: a status
 * changed since in chat (停用/启用, a serious hazard) must not be undone by a restart.
 */
/** Whether the status changed (the day's obligation then follows it: follow-device.ts). */
async function applyStatus(
  tx: Tx,
  cur: { id: string; status: string; declaredStatus: string | null },
  code: string,
  wanted: EquipmentStatus,
  reason: string,
  at: Date,
  changes: string[],
): Promise<boolean> {
  if (cur.declaredStatus === wanted) return false;
  await tx.equipment.update({ where: { id: cur.id }, data: { status: wanted, declaredStatus: wanted } });
  if (cur.status === wanted) return false;
  await tx.equipmentChange.create({
    data: {
      equipmentId: cur.id,
      field: 'status',
      fromValue: cur.status,
      toValue: wanted,
      at,
      actor: CONFIG_ACTOR,
      reason: reason || '配置调整',
    },
  });
  changes.push(
    `设备 ${code} 状态 ${EQUIPMENT_STATUS_LABELS[cur.status as EquipmentStatus]} → ${EQUIPMENT_STATUS_LABELS[wanted]}`,
  );
  return true;
}

export function checklistHash(c: ChecklistSpec): string {
  return createHash('sha256')
    .update(JSON.stringify({ title: c.title, items: c.items }))
    .digest('hex');
}

async function applyChecklist(tx: Tx, unitId: string, tz: string, c: ChecklistSpec, at: Date, changes: string[]) {
  const hash = checklistHash(c);
  const latest = await tx.riskChecklist.findFirst({
    where: { unitId, category: c.category, status: { not: 'draft' } },
    orderBy: { version: 'desc' },
  });
  if (latest?.contentHash === hash) return;
  const today = localDateOf(at, tz);
  const effectiveDate = c.effectiveDate ?? today;
  const max = await tx.riskChecklist.aggregate({ where: { unitId, category: c.category }, _max: { version: true } });
  const version = (max._max.version ?? 0) + 1;
  if (effectiveDate <= today) {
    await tx.riskChecklist.updateMany({
      where: { unitId, category: c.category, status: 'effective', effectiveDate: { lte: effectiveDate } },
      data: { status: 'superseded' },
    });
  }
  await tx.riskChecklist.create({
    data: {
      unitId,
      category: c.category,
      version,
      status: 'effective',
      effectiveDate,
      title: c.title,
      contentHash: hash,
      items: {
        create: c.items.map((it, i) => ({
          seq: i + 1,
          group: it.group,
          content: it.content,
          standard: it.standard,
          frequency: it.frequency,
          required: it.required,
          photo: it.photo ?? null,
        })),
      },
    },
  });
  changes.push(`${c.title} 第 ${version} 版，${effectiveDate} 起生效`);
}
