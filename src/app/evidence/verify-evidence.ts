/**
 * The photo files against the record chain: every hash an `evidence_added` record lists must be in
 * the evidence files with exactly that content. The chain proves the list (its records are hashed
 * and keyed); this proves the files. A file deleted or replaced behind the database's back is named
 * with the record that lists it.
 */
import type { AdminStore } from '../ports.js';
import type { EvidenceFiles } from './evidence-port.js';

export interface EvidenceProblem {
  unitKey: string;
  seq: number;
  hash: string;
  problem: 'missing' | 'replaced';
  /** the file's SHA-256 now, when replaced */
  found?: string;
}

export interface EvidenceCheck {
  unitKey: string;
  unitName: string;
  photos: number;
  problems: EvidenceProblem[];
}

export async function verifyEvidence(
  store: AdminStore,
  files: EvidenceFiles,
  unitKey?: string,
): Promise<EvidenceCheck[]> {
  const byUnit = new Map<string, EvidenceCheck>();
  for (const r of await store.evidenceRecords(unitKey)) {
    const u = byUnit.get(r.unitKey) ?? { unitKey: r.unitKey, unitName: r.unitName, photos: 0, problems: [] };
    byUnit.set(r.unitKey, u);
    for (const p of r.photos) {
      u.photos += 1;
      const digest = await files.digestOf(p.hash);
      if (digest === null) u.problems.push({ unitKey: r.unitKey, seq: r.seq, hash: p.hash, problem: 'missing' });
      else if (digest !== p.hash)
        u.problems.push({ unitKey: r.unitKey, seq: r.seq, hash: p.hash, problem: 'replaced', found: digest });
    }
  }
  return [...byUnit.values()];
}

/** One unit's photos as a line for people: ✓ all present, or ✗ with each missing or replaced file. */
export function evidenceLines(c: EvidenceCheck): string[] {
  const name = `${c.unitName}（${c.unitKey}）`;
  if (c.problems.length === 0) return [`✓ ${name}：${c.photos} 张证据照片，文件与记录链一致`];
  return [
    `✗ ${name}：${c.photos} 张证据照片中 ${c.problems.length} 张与记录链不符`,
    ...c.problems.map(
      (p) =>
        `  ✗ 第 ${p.seq} 条记录所列照片 ${p.hash.slice(0, 16)}` +
        `…：${p.problem === 'missing' ? '文件已缺失（被删除或移走）' : `文件内容已被替换（现在的哈希 ${p.found!.slice(0, 16)}…）`}`,
    ),
  ];
}
