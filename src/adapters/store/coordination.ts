/**
 * What the instances sharing one database agree on: leases (one planner per minute) and the send
 * budget of each platform app (slots reserved in the database, so N instances together stay inside
 * the platform's limits).
 */
import type { SlotKey } from '../../app/ports.js';
import { nextSlot } from '../../app/send-budget.js';
import type { Db, Provider } from './db.js';

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

/**
 * Reserves the next send slot common to all `keys` (e.g. the app and one receiver) in the database
 * (app/send-budget.ts nextSlot), so the pace holds whichever instance sends. Reservations of one
 * app take turns (an advisory lock on PostgreSQL; SQLite's transactions are serial).
 */
export async function reserveSendSlot(db: Db, provider: Provider, keys: readonly SlotKey[], now: Date): Promise<Date> {
  return db.$transaction(
    async (tx) => {
      if (provider === 'postgresql')
        await tx.$queryRaw`SELECT 1 AS ok FROM pg_advisory_xact_lock(hashtext(${keys[0]!.key}))`;
      const rows = new Map(
        (await tx.sendSlot.findMany({ where: { key: { in: keys.map((k) => k.key) } } })).map((r) => [
          r.key,
          r.nextAt.getTime(),
        ]),
      );
      const { slot, next } = nextSlot(
        keys,
        keys.map((k) => rows.get(k.key)),
        now.getTime(),
      );
      for (const [i, k] of keys.entries()) {
        if (k.hold) continue;
        const nextAt = new Date(next[i]!);
        await tx.sendSlot.upsert({ where: { key: k.key }, create: { key: k.key, nextAt }, update: { nextAt } });
      }
      return new Date(slot);
    },
    { maxWait: 15_000, timeout: 15_000 },
  );
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
