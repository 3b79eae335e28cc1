/** Writes an AnswerBundle in one transaction (see app/answer-bundle.ts). */
import { type AnswerBundle, StaleStateError } from '../../app/answer-bundle.js';
import { AppError } from '../../app/app-error.js';
import type { EquipmentStatus } from '../../domain/model.js';
import type { Db, Provider } from './db.js';
import { followDeviceDay } from './follow-device.js';
import { packPayload } from './payload-codec.js';
import { writeParts } from './payload-parts.js';
import { fieldHashes, GENESIS, keyIdOf, type RecordKey, recordHash } from './record-chain.js';

type Tx = Parameters<Parameters<Db['$transaction']>[0]>[0];

export interface CommittedRecord {
  id: string;
  seq: number;
  kind: string;
  hash: string;
}

export async function commitBundle(
  db: Db,
  provider: Provider,
  b: AnswerBundle,
  key: RecordKey | null = null,
): Promise<CommittedRecord[]> {
  // Two concurrent writers of one unit's chain (PostgreSQL) collide on (unitId, seq): try again.
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.$transaction((tx) => write(tx, provider, b, key), { timeout: 60_000, maxWait: 30_000 });
    } catch (e) {
      // … and so do two writers numbering the same unit's new hazards on (unitId, no).
      const chainClash = (e as { code?: string }).code === 'P2002' && /seq|\bno\b/.test(String((e as Error).message));
      if (!chainClash || attempt >= 5) throw e;
    }
  }
}

async function write(tx: Tx, provider: Provider, b: AnswerBundle, key: RecordKey | null): Promise<CommittedRecord[]> {
  for (const t of b.completeTasks) {
    const r = await tx.task.updateMany({
      where: { key: t.key, state: 'open' },
      data: { state: 'done', doneAt: b.at, late: t.late, nextActionAt: null },
    });
    if (r.count !== 1) throw new StaleStateError(t.key);
  }
  for (const key of b.cancelTasks) {
    const r = await tx.task.updateMany({
      where: { key, state: 'open' },
      data: { state: 'cancelled', nextActionAt: null },
    });
    if (r.count !== 1) throw new StaleStateError(key);
  }
  for (const u of b.hazardUpdates) {
    const r = await tx.hazard.updateMany({ where: { id: u.id, state: { in: u.fromStates } }, data: u.data });
    if (r.count !== 1) throw new StaleStateError(`hazard ${u.id}`);
  }
  if (b.hazards.length) {
    const numbers = await numberHazards(tx, b);
    await tx.hazard.createMany({
      data: b.hazards.map((h) => ({ ...h, no: numbers.get(h.id)!, unitId: b.unitId, createdAt: b.at })),
    });
  }
  if (b.tasks.length) {
    await tx.task.createMany({
      data: b.tasks.map((t) => ({
        ...t,
        unitId: b.unitId,
        detail: (t.detail ?? undefined) as object | undefined,
        createdAt: b.at,
      })),
    });
  }
  for (const c of b.statusChanges) {
    const eq = await tx.equipment.findUniqueOrThrow({ where: { id: c.equipmentId } });
    if (eq.status === c.toStatus) continue;
    await tx.equipment.update({ where: { id: eq.id }, data: { status: c.toStatus } });
    await tx.equipmentChange.create({
      data: {
        equipmentId: eq.id,
        field: 'status',
        fromValue: eq.status,
        toValue: c.toStatus,
        at: b.at,
        byPersonId: c.actorPersonId,
        actor: c.actor,
        reason: c.reason,
      },
    });
    await followDeviceDay(tx, { id: b.unitId, key: b.unitKey }, eq, c.toStatus as EquipmentStatus, c.reason, b.at);
  }
  for (const d of b.inspectionDates ?? [])
    await tx.equipment.update({ where: { id: d.equipmentId }, data: { nextInspectionDate: d.nextInspectionDate } });
  for (const a of b.advice) await tx.advice.create({ data: { ...a, unitId: b.unitId, createdAt: b.at } });
  for (const a of b.adviceAnswers) {
    const r = await tx.advice.updateMany({
      where: { id: a.id, answer: null },
      data: { answer: a.answer, reason: a.reason, answeredAt: b.at },
    });
    if (r.count !== 1) throw new StaleStateError(`advice ${a.id}`);
  }
  for (const a of b.acks) {
    const exists = await tx.ack.findUnique({ where: { taskId_personId: a } });
    if (!exists) await tx.ack.create({ data: { ...a, at: b.at } });
  }
  const committed = await appendRecords(tx, b, key);
  if (b.evidence?.length) {
    await tx.evidence.createMany({
      data: b.evidence.map(({ recordIndex, ...e }) => ({
        ...e,
        unitId: b.unitId,
        recordId: committed[recordIndex]!.id,
      })),
    });
  }
  if (b.messages.length) {
    const packed = b.messages.map((m) => packPayload(m.payload));
    await writeParts(
      { execute: (sql, args = []) => tx.$executeRawUnsafe(sql, ...args) },
      provider,
      packed.flatMap((p) => p.parts),
      b.at,
    );
    await tx.message.createMany({
      data: b.messages.map((m, i) => ({
        key: m.key,
        groupKey: `${b.unitKey}:${m.group}`,
        unitId: b.unitId,
        personId: m.personId,
        chatId: m.chatId,
        purpose: m.purpose,
        urgent: m.urgent,
        payload: packed[i]!.stored,
        taskKeys: m.taskKeys,
        notBefore: m.notBefore,
        createdAt: b.at,
      })),
    });
  }
  return committed;
}

/**
 * 隐患号: the unit's next numbers for the new hazards, written into every record and message of
 * the bundle that names one of them (`hazardId` → `hazardNo`), so cards and the record chain show
 * the number people type; their tasks carry it in `detail.hazardNo` (reminders show
 * it). A concurrent writer taking the same number fails on (unitId, no) and the
 * whole transaction is tried again.
 */
async function numberHazards(tx: Tx, b: AnswerBundle): Promise<Map<string, number>> {
  const last = await tx.hazard.aggregate({ where: { unitId: b.unitId }, _max: { no: true } });
  let next = last._max.no ?? 0;
  const numbers = new Map(b.hazards.map((h) => [h.id, ++next]));
  const withNo = <T extends Record<string, unknown>>(p: T): T => {
    const no = typeof p.hazardId === 'string' ? numbers.get(p.hazardId) : undefined;
    return no === undefined ? p : { ...p, hazardNo: no };
  };
  b.records = b.records.map((r) => ({ ...r, payload: withNo(r.payload) }));
  b.messages = b.messages.map((m) => ({ ...m, payload: withNo(m.payload as never) }));
  b.tasks = b.tasks.map((t) =>
    t.kind === 'hazard' && numbers.has(t.subjectId)
      ? { ...t, detail: { ...t.detail, hazardNo: numbers.get(t.subjectId)! } }
      : t,
  );
  return numbers;
}

async function appendRecords(tx: Tx, b: AnswerBundle, key: RecordKey | null): Promise<CommittedRecord[]> {
  if (b.records.length === 0) return [];
  const keys = b.records.map((r) => r.taskKey).filter((k): k is string => !!k);
  const taskIds = new Map(
    (await tx.task.findMany({ where: { key: { in: keys } }, select: { id: true, key: true } })).map((t) => [
      t.key,
      t.id,
    ]),
  );
  const last = await tx.record.findFirst({
    where: { unitId: b.unitId },
    orderBy: { seq: 'desc' },
    select: { seq: true, hash: true, fieldHashes: true },
  });
  assertKeyFits(last ? keyIdOf(last.fieldHashes as Record<string, string>) : null, key);
  let seq = last?.seq ?? 0;
  let prevHash = last?.hash ?? GENESIS;
  const out: CommittedRecord[] = [];
  for (const r of b.records) {
    seq += 1;
    const fields = {
      unitId: b.unitId,
      seq,
      kind: r.kind,
      taskId: r.taskKey ? (taskIds.get(r.taskKey) ?? null) : null,
      personId: r.personId,
      at: b.at,
      late: r.late,
      payload: r.payload,
      supersedesId: r.supersedesId ?? null,
      reason: r.reason ?? '',
      prevHash,
    };
    const hashes = fieldHashes(fields, key);
    const hash = recordHash(fields, hashes, key)!;
    const row = await tx.record.create({
      data: { ...fields, payload: r.payload as object, fieldHashes: hashes, hash },
    });
    out.push({ id: row.id, seq, kind: r.kind, hash });
    prevHash = hash;
  }
  return out;
}

/**
 * A chain sealed with a key goes on only with that key: an unkeyed record after a keyed one would
 * break it (verify refuses it as a forgery), and so would one under another key.
 */
function assertKeyFits(lastKeyId: string | null, key: RecordKey | null): void {
  if (lastKeyId === null) return;
  if (!key)
    throw new AppError(
      'RECORD_KEY',
      '记录链已使用记录密钥签名，当前未配置密钥，不能写入新记录：请设置环境变量 SAFEDUTY_RECORD_KEY（或 safeduty.yaml 的 records.key_file）后重启',
      { keyId: lastKeyId },
    );
  if (key.id !== lastKeyId)
    throw new AppError(
      'RECORD_KEY',
      `当前记录密钥（指纹 ${key.id}）与记录链所用密钥（指纹 ${lastKeyId}）不同，不能写入新记录：请换回原密钥`,
      { keyId: lastKeyId, configured: key.id },
    );
}
