/**
 * Dead letters: messages given up after their last attempt (state dead, `deadAt` set). The operator
 * lists, retries or drops them (`safeduty outbox`); the dispatcher tells the unit's director about the
 * ones that died since its last notice (app/report-dead-letters.ts), one notice per unit and window.
 */
import type { DeadLetter, NoticeDraft } from '../../app/ports.js';
import type { Db } from './db.js';

/** Dead messages, oldest death first: of one unit or all, since an instant or ever. */
export async function deadLetters(
  db: Db,
  filter: { unitId?: string; unitKey?: string; since?: Date; limit?: number },
): Promise<DeadLetter[]> {
  const rows = await db.message.findMany({
    where: {
      state: 'dead',
      ...(filter.unitId ? { unitId: filter.unitId } : {}),
      ...(filter.unitKey
        ? { unitId: (await db.unit.findUnique({ where: { key: filter.unitKey }, select: { id: true } }))?.id ?? '-' }
        : {}),
      ...(filter.since ? { deadAt: { gte: filter.since } } : {}),
    },
    orderBy: [{ deadAt: 'asc' }, { createdAt: 'asc' }],
    take: filter.limit ?? 1000,
    select: {
      id: true,
      key: true,
      unitId: true,
      personId: true,
      chatId: true,
      purpose: true,
      attempts: true,
      lastError: true,
      createdAt: true,
      deadAt: true,
    },
  });
  const [people, units] = await Promise.all([
    db.person.findMany({
      where: { id: { in: [...new Set(rows.flatMap((r) => (r.personId ? [r.personId] : [])))] } },
      select: { id: true, name: true },
    }),
    db.unit.findMany({
      where: { id: { in: [...new Set(rows.map((r) => r.unitId))] } },
      select: { id: true, key: true, name: true },
    }),
  ]);
  const nameOf = new Map(people.map((p) => [p.id, p.name]));
  const unitOf = new Map(units.map((u) => [u.id, u]));
  return rows.map((r) => ({
    id: r.id,
    key: r.key,
    unitId: r.unitId,
    unitKey: unitOf.get(r.unitId)?.key ?? '',
    unitName: unitOf.get(r.unitId)?.name ?? '',
    personId: r.personId,
    who: r.personId ? (nameOf.get(r.personId) ?? '（已删除的人员）') : `群 ${r.chatId ?? ''}`,
    purpose: r.purpose,
    attempts: r.attempts,
    error: r.lastError ?? '',
    createdAt: r.createdAt,
    deadAt: r.deadAt,
  }));
}

/** Dead messages due again at once (their time has passed): a fresh set of attempts. Returns how many. */
export async function retryDeadLetters(db: Db, ids: string[] | 'all'): Promise<number> {
  const r = await db.message.updateMany({
    where: { state: 'dead', ...(ids === 'all' ? {} : { id: { in: ids } }) },
    data: { state: 'pending', attempts: 0, nextAttemptAt: null, deadAt: null },
  });
  return r.count;
}

/** What became of messages by id (those that exist): their state and when they were sent, for the operator. */
export async function messageStates(
  db: Db,
  ids: string[],
): Promise<Map<string, { state: string; sentAt: Date | null; notBefore: Date }>> {
  const rows = await db.message.findMany({
    where: { id: { in: ids } },
    select: { id: true, state: true, sentAt: true, notBefore: true },
  });
  return new Map(rows.map((r) => [r.id, { state: r.state, sentAt: r.sentAt, notBefore: r.notBefore }]));
}

/** A dead message given up for good (kept, as cancelled, with who dropped it). */
export async function dropDeadLetter(db: Db, id: string, reason: string): Promise<boolean> {
  const r = await db.message.updateMany({
    where: { id, state: 'dead' },
    data: { state: 'cancelled', lastError: reason, nextAttemptAt: null },
  });
  return r.count === 1;
}

/**
 * Writes a notice message, or rewrites it while it has not left yet (pending, no attempt, its time
 * not come): a fan-out failure grows one notice instead of sending hundreds. Returns what happened.
 */
export async function putNotice(db: Db, n: NoticeDraft, now: Date): Promise<'created' | 'updated' | 'gone'> {
  const payload = { type: 'notice', unitName: n.unitName, text: n.text };
  const existing = await db.message.findUnique({
    where: { key: n.key },
    select: { id: true, state: true, attempts: true, notBefore: true },
  });
  if (!existing) {
    try {
      await db.message.create({
        data: {
          key: n.key,
          groupKey: n.key.split(':').slice(1, 4).join(':'),
          unitId: n.unitId,
          personId: n.personId,
          chatId: n.chatId,
          purpose: 'notice',
          payload,
          taskKeys: [],
          notBefore: n.notBefore,
          createdAt: now,
        },
      });
      return 'created';
    } catch {
      return 'gone'; // another instance wrote it meanwhile (unique key)
    }
  }
  const r = await db.message.updateMany({
    where: { id: existing.id, state: 'pending', attempts: 0, notBefore: { gt: now } },
    data: { payload },
  });
  return r.count === 1 ? 'updated' : 'gone';
}

/** The latest notice whose key starts with this prefix (the last dead-letter notice of a unit). */
export async function latestNotice(
  db: Db,
  keyPrefix: string,
): Promise<{ key: string; notBefore: Date; pending: boolean } | null> {
  const m = await db.message.findFirst({
    where: { key: { startsWith: keyPrefix } },
    orderBy: { notBefore: 'desc' },
    select: { key: true, notBefore: true, state: true, attempts: true },
  });
  return m ? { key: m.key, notBefore: m.notBefore, pending: m.state === 'pending' && m.attempts === 0 } : null;
}
