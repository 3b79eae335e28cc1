/**
 * The tamper-evident chain: every record carries a digest of each of its fields and the hash of
 * all of them together with the unit's previous record's hash. Changing any stored value breaks the
 * chain from there; `verifyChain` names the first broken record and the field that changed.
 */
import { createHash } from 'node:crypto';
import { canonicalJson } from '../../domain/canonical-json.js';

export const GENESIS = '0'.repeat(64);

export interface ChainFields {
  unitId: string;
  seq: number;
  kind: string;
  taskId: string | null;
  personId: string | null;
  at: Date;
  late: boolean;
  payload: unknown;
  supersedesId: string | null;
  reason: string;
  prevHash: string;
}

const digest = (v: unknown): string => createHash('sha256').update(canonicalJson(v === undefined ? null : v)).digest('hex');

export const HASHED_FIELDS = ['unitId', 'seq', 'kind', 'taskId', 'personId', 'at', 'late', 'supersedesId', 'reason', 'prevHash'] as const;

/** One digest per field, and per top-level key of the payload (`payload.items`). */
export function fieldHashes(f: ChainFields): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of HASHED_FIELDS) out[k] = digest(f[k]);
  const p = f.payload;
  if (p && typeof p === 'object' && !Array.isArray(p)) for (const [k, v] of Object.entries(p)) out[`payload.${k}`] = digest(v);
  else out.payload = digest(p);
  return out;
}

export function recordHash(f: ChainFields, hashes: Record<string, string> = fieldHashes(f)): string {
  return createHash('sha256').update(canonicalJson({ ...f, fieldHashes: hashes })).digest('hex');
}
