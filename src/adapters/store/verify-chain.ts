/**
 * Recomputes every unit's record chain and names the first broken link: a record whose fields no
 * longer match their digests (the changed field is named), whose hash does not match its content,
 * whose previous-hash does not match the record before it, or a gap in the sequence (a deletion).
 *
 * Keyed records (record-chain.ts) are checked with the configured key; an unkeyed record after a
 * keyed one is a forgery. Then each anchor (a chain head seen outside the database: an export, the
 * principal's daily chat message) is compared with the record at its position: a different hash is
 * a rewrite, a position beyond the database's last record names the deleted records. Records after
 * the last anchor are named as not yet anchored.
 */
import type { ChainAnchor, ChainReport } from '../../app/ports.js';
import type { Db } from './db.js';
import {
  type ChainFields,
  fieldHashes,
  GENESIS,
  keyIdOf,
  MAC_FIELD,
  type RecordKey,
  recordHash,
} from './record-chain.js';

const BATCH = 2000;

type Broken = NonNullable<ChainReport['broken']>;

export async function verifyChain(
  db: Db,
  unitKey: string | undefined,
  key: RecordKey | null,
  anchors: readonly ChainAnchor[] = [],
): Promise<ChainReport[]> {
  const units = await db.unit.findMany({
    where: unitKey ? { key: unitKey } : {},
    select: { id: true, key: true, name: true },
    orderBy: { key: 'asc' },
  });
  const out: ChainReport[] = [];
  for (const u of units)
    out.push(
      await verifyUnit(
        db,
        u,
        key,
        anchors.filter((a) => a.unitKey === u.key || (a.unitKey === null && units.length === 1)),
      ),
    );
  return out;
}

async function verifyUnit(
  db: Db,
  u: { id: string; key: string; name: string },
  key: RecordKey | null,
  anchors: readonly ChainAnchor[],
): Promise<ChainReport> {
  const scan = await scanChain(db, u.id, key, new Set(anchors.map((a) => a.seq)));
  const checked = anchors.map((a) => checkAnchor(a, scan.head, scan.hashAt.get(a.seq)));
  const lastGood = Math.max(0, ...checked.filter((a) => a.ok).map((a) => a.seq));
  const head = scan.head;
  return {
    unitKey: u.key,
    unitName: u.name,
    records: scan.count,
    ok: !scan.broken && checked.every((a) => a.ok),
    ...(scan.broken ? { broken: scan.broken } : {}),
    head,
    keyedFrom: scan.keyedFrom,
    anchors: checked,
    unanchored: head && head.seq > lastGood ? { from: lastGood + 1, to: head.seq } : null,
  };
}

function checkAnchor(
  a: ChainAnchor,
  head: { seq: number } | null,
  stored: string | undefined,
): ChainReport['anchors'][number] {
  const base = { seq: a.seq, hash: a.hash, source: a.source };
  const last = head?.seq ?? 0;
  if (a.seq > last) {
    const missing = a.seq - last === 1 ? `第 ${a.seq} 条` : `第 ${last + 1}–${a.seq} 条（共 ${a.seq - last} 条）`;
    return {
      ...base,
      ok: false,
      problem: `锚点记到第 ${a.seq} 条，数据库只到第 ${last} 条：${missing}记录缺失（被删除）`,
    };
  }
  if (stored === undefined) return { ...base, ok: false, problem: `第 ${a.seq} 条记录缺失（被删除）` };
  if (stored !== a.hash)
    return { ...base, ok: false, problem: `第 ${a.seq} 条记录的哈希与锚点不符：此条或之前的记录被改写过` };
  return { ...base, ok: true };
}

interface Scan {
  count: number;
  broken: Broken | null;
  head: { seq: number; hash: string } | null;
  keyedFrom: number | null;
  /** stored hashes at the anchors' positions */
  hashAt: Map<number, string>;
}

async function scanChain(
  db: Db,
  unitId: string,
  key: RecordKey | null,
  anchorSeqs: ReadonlySet<number>,
): Promise<Scan> {
  const s: Scan = { count: 0, broken: null, head: null, keyedFrom: null, hashAt: new Map() };
  let prevHash = GENESIS;
  let expectedSeq = 1;
  for (let cursor = 0; ; cursor += BATCH) {
    const rows = await db.record.findMany({
      where: { unitId, seq: { gt: cursor } },
      orderBy: { seq: 'asc' },
      take: BATCH,
    });
    if (rows.length === 0) break;
    for (const r of rows) {
      s.head = { seq: r.seq, hash: r.hash };
      if (anchorSeqs.has(r.seq)) s.hashAt.set(r.seq, r.hash);
      if (s.broken) continue;
      const at = { recordId: r.id, seq: r.seq, kind: r.kind, recordedAt: r.at };
      const fail = (field: string, problem: string) => (s.broken = { ...at, field, problem });
      if (r.seq !== expectedSeq) {
        fail('seq', `第 ${expectedSeq} 条记录缺失（被删除？），下一条是第 ${r.seq} 条`);
        continue;
      }
      const fields: ChainFields = {
        unitId: r.unitId,
        seq: r.seq,
        kind: r.kind,
        taskId: r.taskId,
        personId: r.personId,
        at: r.at,
        late: r.late,
        payload: r.payload,
        supersedesId: r.supersedesId,
        reason: r.reason,
        prevHash: r.prevHash,
      };
      const stored = (r.fieldHashes ?? {}) as Record<string, string>;
      const keyId = keyIdOf(stored);
      const problem = keyProblem(keyId, key, s.keyedFrom);
      if (problem) {
        fail(MAC_FIELD, problem);
        continue;
      }
      if (keyId !== null) s.keyedFrom ??= r.seq;
      const now = fieldHashes(fields, keyId === null ? null : key);
      const changed = [...new Set([...Object.keys(now), ...Object.keys(stored)])].find((k) => now[k] !== stored[k]);
      if (changed) fail(changed, `字段 ${changed} 与记录时不一致（被修改过）`);
      else if (recordHash(fields, stored, key) !== r.hash)
        fail(
          'hash',
          keyId === null
            ? '记录的哈希与内容不符（哈希或字段摘要被修改过）'
            : '记录的密钥签名与内容不符（被修改过，或由不持有记录密钥者伪造）',
        );
      else if (r.prevHash !== prevHash) fail('prevHash', '与上一条记录的哈希不衔接（上一条记录被改写或删除过）');
      else {
        prevHash = r.hash;
        expectedSeq++;
        s.count++;
      }
    }
  }
  return s;
}

function keyProblem(keyId: string | null, key: RecordKey | null, keyedFrom: number | null): string | null {
  if (keyId === null)
    return keyedFrom === null
      ? null
      : `第 ${keyedFrom} 条起的记录都带密钥签名，这一条却没有：在密钥之外写入或重算过（伪造）`;
  if (!key)
    return `记录带密钥签名（指纹 ${keyId}），当前未配置记录密钥，无法核验：请设置 SAFEDUTY_RECORD_KEY（或 records.key_file）后再核验`;
  if (key.id !== keyId)
    return `记录所用密钥（指纹 ${keyId}）与当前配置的密钥（指纹 ${key.id}）不同：请用原密钥核验，或记录由不持有密钥者伪造`;
  return null;
}
