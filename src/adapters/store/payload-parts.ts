/**
 * The content-addressed parts of stored payloads (payload-codec.ts): written once whatever the
 * number of messages that use them, read back through a process-wide cache (a part's key is the
 * hash of its content, so a cached part is never stale).
 */
import type { ItemView, Payload } from '../../domain/engine/payloads.js';
import { bulkInsert, type Columns, type RawExecutor } from './bulk-sql.js';
import type { Db, Provider } from './db.js';
import { type PayloadPart, partsOf, unpackPayload } from './payload-codec.js';

const PART_COLUMNS: Columns = { hash: 'text', body: 'json', createdAt: 'datetime' };

/** Inserts the parts that are not there yet (inside the caller's transaction). */
export async function writeParts(
  tx: RawExecutor,
  provider: Provider,
  parts: readonly PayloadPart[],
  now: Date,
): Promise<void> {
  const distinct = new Map<string, PayloadPart>();
  for (const p of parts) distinct.set(p.hash, p);
  if (!distinct.size) return;
  await bulkInsert(
    tx,
    provider,
    'PayloadPart',
    PART_COLUMNS,
    ['hash'],
    [...distinct.values()].map((p) => ({ ...p, createdAt: now })),
  );
}

const cache = new Map<string, ItemView[]>();
const CACHE_SIZE = 2_000;

/** Reads stored payloads back whole, loading the parts they need in one query. */
export async function readPayloads(db: Db, stored: readonly unknown[]): Promise<Payload[]> {
  const wanted = new Set(stored.flatMap(partsOf));
  const missing = [...wanted].filter((h) => !cache.has(h));
  if (missing.length) {
    if (cache.size + missing.length > CACHE_SIZE) cache.clear();
    const rows = await db.payloadPart.findMany({ where: { hash: { in: missing } } });
    for (const r of rows) cache.set(r.hash, r.body as unknown as ItemView[]);
  }
  return stored.map((s) => unpackPayload(s, cache));
}
