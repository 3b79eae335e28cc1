/**
 * The tamper-evident chain: every record carries a digest of each of its fields and the hash of
 * all of them together with the unit's previous record's hash. Changing any stored value breaks the
 * chain from there; `verifyChain` names the first broken record and the field that changed.
 *
 * Keyed records: when a record key (SAFEDUTY_RECORD_KEY or records.key_file, kept outside the
 * database) is configured, the hash is an HMAC-SHA256 under it, and the field digests carry the
 * key's fingerprint under `$hmac`. Someone who can write the database but does not hold the key
 * cannot recompute a keyed record. Records written before the first keyed one stay plain SHA-256
 * (legacy); after it, every record must be keyed.
 */
import { createHash, createHmac } from 'node:crypto';
import type { ChainAnchor } from '../../app/ports.js';
import { canonicalJson } from '../../domain/canonical-json.js';

export const GENESIS = '0'.repeat(64);

/** The field-digest entry that marks a keyed record (its value: the key's fingerprint). */
export const MAC_FIELD = '$hmac';

export interface RecordKey {
  secret: string;
  /** fingerprint: names the key in records and messages without revealing it */
  id: string;
}

export const recordKeyOf = (secret: string): RecordKey => ({
  secret,
  id: createHash('sha256').update(`safeduty-record-key:${secret}`).digest('hex').slice(0, 12),
});

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

const digest = (v: unknown): string =>
  createHash('sha256')
    .update(canonicalJson(v === undefined ? null : v))
    .digest('hex');

export const HASHED_FIELDS = [
  'unitId',
  'seq',
  'kind',
  'taskId',
  'personId',
  'at',
  'late',
  'supersedesId',
  'reason',
  'prevHash',
] as const;

/** One digest per field, and per top-level key of the payload (`payload.items`); keyed: the key's fingerprint too. */
export function fieldHashes(f: ChainFields, key: RecordKey | null = null): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of HASHED_FIELDS) out[k] = digest(f[k]);
  const p = f.payload;
  if (p && typeof p === 'object' && !Array.isArray(p))
    for (const [k, v] of Object.entries(p)) out[`payload.${k}`] = digest(v);
  else out.payload = digest(p);
  if (key) out[MAC_FIELD] = key.id;
  return out;
}

/** The fingerprint of the key a record was sealed with, or null for a legacy (unkeyed) record. */
export const keyIdOf = (hashes: Record<string, string>): string | null => hashes[MAC_FIELD] ?? null;

/**
 * The record's hash: HMAC-SHA256 under the key when its digests name one, else SHA-256. Null when
 * the record is keyed and `key` is not the key it names (it cannot be checked or written here).
 */
export function recordHash(
  f: ChainFields,
  hashes: Record<string, string> = fieldHashes(f),
  key: RecordKey | null = null,
): string | null {
  const body = canonicalJson({ ...f, fieldHashes: hashes });
  const id = keyIdOf(hashes);
  if (id === null) return createHash('sha256').update(body).digest('hex');
  if (!key || key.id !== id) return null;
  return createHmac('sha256', key.secret).update(body).digest('hex');
}

/** `unit:seq:hash` — the form printed on exports and sent to the principal, and typed to `verify --anchor`. */
export const anchorText = (unitKey: string, head: { seq: number; hash: string }): string =>
  `${unitKey}:${head.seq}:${head.hash}`;

const ANCHOR_RE = /(?:([A-Za-z0-9][\w.-]*):)?(\d+):([0-9a-f]{64})(?![0-9a-f])/g;

/** Every anchor in a text (an export's XML, a copied chat message, a typed `seq:hash`). */
export function anchorsIn(text: string, source: string): ChainAnchor[] {
  return [...text.matchAll(ANCHOR_RE)].map((m) => ({ unitKey: m[1] ?? null, seq: Number(m[2]), hash: m[3]!, source }));
}
