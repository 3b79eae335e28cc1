/**
 * What the instances sharing one database agree on: leases (one planner per minute) and the send
 * budget of each platform app (slots reserved in the database, so N instances together stay inside
 * the platform's limits).
 */
import type { SlotKey } from '../../app/ports.js';
import { nextSlot } from '../../app/send-budget.js';
import { encodeInstant } from './bulk-sql.js';
import type { Db } from './db.js';
import type { Driver } from './driver.js';

const isUniqueClash = (e: unknown) => (e as { code?: string }).code === 'P2002';

/**
 * Takes or renews the lease `name` for `holder` until now + ttl, with compare-and-set: renewed when
 * `holder` has it, taken over when it expired, created when nobody ever held it. False: another
 * instance holds it.
 */
export async function takeLease(db: Db, name: string, holder: string, now: Date, ttlMs: number): Promise<boolean> {
  const expiresAt = new Date(now.getTime() + ttlMs);
  if ((await db.lease.updateMany({ where: { name, holder }, data: { expiresAt } })).count === 1) return true;
  if (
    (await db.lease.updateMany({ where: { name, expiresAt: { lt: now } }, data: { holder, expiresAt, takenAt: now } }))
      .count === 1
  )
    return true;
  try {
    await db.lease.create({ data: { name, holder, expiresAt, takenAt: now } });
    return true;
  } catch (e) {
    if (isUniqueClash(e)) return false;
    throw e;
  }
}

/** Gives the lease up (a clean stop): the next instance takes it at once instead of after its expiry. */
export async function releaseLease(db: Db, name: string, holder: string): Promise<void> {
  await db.lease.updateMany({ where: { name, holder }, data: { expiresAt: new Date(0) } });
}

/** One reservation: the keys of a send (its app first) and when it was asked for. */
export interface SlotRequest {
  keys: readonly SlotKey[];
  now: Date;
}

/**
 * Reserves, in order, the next send slot common to each request's keys (e.g. the app and one
 * receiver), in the database (app/send-budget.ts nextSlot), so the pace holds whichever instance
 * sends. PostgreSQL only (SQLite: one process, its slots live in memory). All requests are of one
 * app (`requests[0].keys[0]`): its reservations take turns on a transaction-scoped advisory lock,
 * taken BEFORE the rows are read (a statement's snapshot predates a lock it waits for). One
 * transaction of three statements through the driver for the whole batch — the lock, the rows, the
 * new instants — instead of an interactive Prisma transaction of five per send: at a city's fan-out
 * the reservations are the budget's only serial step.
 */
export async function reserveSendSlots(driver: Driver, requests: readonly SlotRequest[]): Promise<Date[]> {
  if (requests.length === 0) return [];
  const app = requests[0]!.keys[0]!.key;
  const keys = [...new Set(requests.flatMap((r) => r.keys.map((k) => k.key)))];
  return driver.transaction(async (tx) => {
    await tx.query('SELECT 1 AS ok FROM pg_advisory_xact_lock(hashtext($1))', [app]);
    const rows = await tx.query(
      `SELECT key, (extract(epoch from "nextAt") * 1000)::float8 FROM "SendSlot"
       WHERE key IN (SELECT jsonb_array_elements_text($1::jsonb))`,
      [JSON.stringify(keys)],
    );
    const nextAt = new Map(rows.map((r) => [r[0] as string, Math.round(Number(r[1]))]));
    const moved = new Set<string>();
    const slots = requests.map(({ keys: ks, now }) => {
      const { slot, next } = nextSlot(
        ks,
        ks.map((k) => nextAt.get(k.key)),
        now.getTime(),
      );
      for (const [i, k] of ks.entries()) {
        if (k.hold) continue;
        nextAt.set(k.key, next[i]!);
        moved.add(k.key);
      }
      return new Date(slot);
    });
    const written = [...moved].map((key) => ({ key, at: encodeInstant('postgresql', new Date(nextAt.get(key)!)) }));
    await tx.execute(
      `INSERT INTO "SendSlot" (key, "nextAt")
       SELECT j.key, j.at FROM jsonb_to_recordset($1::jsonb) AS j(key text, at timestamp(3))
       ON CONFLICT (key) DO UPDATE SET "nextAt" = EXCLUDED."nextAt"`,
      [JSON.stringify(written)],
    );
    return slots;
  });
}

/**
 * A rate-limit hold until `until` (never earlier than one already set): a conditional update, else
 * a new row; two instances holding at once keep the later instant.
 */
export async function holdSendSlot(db: Db, key: string, until: Date): Promise<void> {
  if ((await db.sendSlot.updateMany({ where: { key, nextAt: { lt: until } }, data: { nextAt: until } })).count > 0)
    return;
  try {
    await db.sendSlot.create({ data: { key, nextAt: until } });
  } catch (e) {
    // the row exists: held as long already, or another instance created it meanwhile
    if (!isUniqueClash(e)) throw e;
    await db.sendSlot.updateMany({ where: { key, nextAt: { lt: until } }, data: { nextAt: until } });
  }
}

/** Forgets slots that are long past (receivers' keys pile up over a fan-out). */
export async function pruneSendSlots(db: Db, before: Date): Promise<number> {
  return (await db.sendSlot.deleteMany({ where: { nextAt: { lt: before } } })).count;
}
