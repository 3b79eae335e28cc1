/**
 * Recomputes every unit's record chain and names the first broken link: a record whose fields no
 * longer match their digests (the changed field is named), whose hash does not match its content,
 * whose previous-hash does not match the record before it, or a gap in the sequence (a deletion).
 */
import type { ChainReport } from '../../app/ports.js';
import type { Db } from './db.js';
import { fieldHashes, GENESIS, recordHash, type ChainFields } from './record-chain.js';

const BATCH = 2000;

export async function verifyChain(db: Db, unitKey?: string): Promise<ChainReport[]> {
  const units = await db.unit.findMany({ where: unitKey ? { key: unitKey } : {}, select: { id: true, key: true, name: true }, orderBy: { key: 'asc' } });
  const out: ChainReport[] = [];
  for (const u of units) out.push(await verifyUnit(db, u));
  return out;
}

async function verifyUnit(db: Db, u: { id: string; key: string; name: string }): Promise<ChainReport> {
  let prevHash = GENESIS;
  let expectedSeq = 1;
  let count = 0;
  for (let cursor = 0; ; cursor += BATCH) {
    const rows = await db.record.findMany({ where: { unitId: u.id, seq: { gt: cursor } }, orderBy: { seq: 'asc' }, take: BATCH });
    if (rows.length === 0) break;
    for (const r of rows) {
      const at = { recordId: r.id, seq: r.seq, kind: r.kind, recordedAt: r.at };
      if (r.seq !== expectedSeq) return { unitKey: u.key, unitName: u.name, records: count, ok: false, broken: { ...at, field: 'seq', problem: `第 ${expectedSeq} 条记录缺失（被删除？），下一条是第 ${r.seq} 条` } };
      const fields: ChainFields = { unitId: r.unitId, seq: r.seq, kind: r.kind, taskId: r.taskId, personId: r.personId, at: r.at, late: r.late, payload: r.payload, supersedesId: r.supersedesId, reason: r.reason, prevHash: r.prevHash };
      const stored = (r.fieldHashes ?? {}) as Record<string, string>;
      const now = fieldHashes(fields);
      const changed = [...new Set([...Object.keys(now), ...Object.keys(stored)])].find((k) => now[k] !== stored[k]);
      if (changed) return { unitKey: u.key, unitName: u.name, records: count, ok: false, broken: { ...at, field: changed, problem: `字段 ${changed} 与记录时不一致（被修改过）` } };
      if (recordHash(fields, stored) !== r.hash) return { unitKey: u.key, unitName: u.name, records: count, ok: false, broken: { ...at, field: 'hash', problem: '记录的哈希与内容不符（哈希或字段摘要被修改过）' } };
      if (r.prevHash !== prevHash) return { unitKey: u.key, unitName: u.name, records: count, ok: false, broken: { ...at, field: 'prevHash', problem: '与上一条记录的哈希不衔接（上一条记录被改写或删除过）' } };
      prevHash = r.hash;
      expectedSeq++;
      count++;
    }
  }
  return { unitKey: u.key, unitName: u.name, records: count, ok: true };
}
