/**
 * The tamper-evident chain: every record carries the hash of its own content and of the unit's
 * previous record. Changing any stored field (or deleting a record) breaks the chain from there on.
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

export function recordHash(f: ChainFields): string {
  return createHash('sha256').update(canonicalJson(f)).digest('hex');
}
