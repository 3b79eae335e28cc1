/** People and groups a channel cannot reach (the Unreachable table): recorded per episode, listed by doctor. */
import type { UnreachableEntry, UnreachableRow } from '../../app/ports.js';
import type { Db } from './db.js';

const subjectOf = (e: { personId: string | null; chatId: string | null }): string =>
  e.personId ? `person:${e.personId}` : `chat:${e.chatId ?? ''}`;

export async function markUnreachable(
  db: Db,
  e: UnreachableEntry,
  now: Date,
): Promise<{ id: string; episode: number; notified: boolean }> {
  const where = {
    channel_unitId_subject_cause: { channel: e.channel, unitId: e.unitId, subject: subjectOf(e), cause: e.cause },
  };
  const existing = await db.unreachable.findUnique({ where });
  const fresh = !existing || existing.clearedAt !== null;
  const row = await db.unreachable.upsert({
    where,
    create: {
      channel: e.channel,
      unitId: e.unitId,
      subject: subjectOf(e),
      personId: e.personId,
      chatId: e.chatId,
      cause: e.cause,
      code: e.code,
      detail: e.detail.slice(0, 2000),
      since: now,
      lastAt: now,
    },
    // A new episode after one was cleared starts over: new date, nobody told yet.
    update: fresh
      ? {
          code: e.code,
          detail: e.detail.slice(0, 2000),
          since: now,
          lastAt: now,
          failures: 1,
          episode: { increment: 1 },
          notifiedAt: null,
          clearedAt: null,
        }
      : { code: e.code, detail: e.detail.slice(0, 2000), lastAt: now, failures: { increment: 1 } },
  });
  return { id: row.id, episode: row.episode, notified: row.notifiedAt !== null };
}

/** Puts the notice in the outbox (once: the key is unique) and marks the episode as told, together. */
export async function notifyUnreachable(
  db: Db,
  id: string,
  notice: { key: string; unitId: string; personId: string; unitName: string; text: string },
  now: Date,
): Promise<void> {
  await db.$transaction(async (tx) => {
    const exists = await tx.message.findUnique({ where: { key: notice.key }, select: { id: true } });
    if (!exists) {
      await tx.message.create({
        data: {
          key: notice.key,
          groupKey: notice.key.split(':').slice(1, 4).join(':'),
          unitId: notice.unitId,
          personId: notice.personId,
          purpose: 'notice',
          payload: { type: 'notice', unitName: notice.unitName, text: notice.text },
          taskKeys: [],
          notBefore: now,
          createdAt: now,
        },
      });
    }
    await tx.unreachable.update({ where: { id }, data: { notifiedAt: now } });
  });
}

/** Messages reached these people and groups: their open episodes end. */
export async function clearUnreachable(
  db: Db,
  channel: string,
  reached: { personId: string | null; chatId: string | null }[],
  now: Date,
  openedBefore?: Date,
): Promise<void> {
  if (reached.length === 0) return;
  await db.unreachable.updateMany({
    where: {
      channel,
      clearedAt: null,
      subject: { in: [...new Set(reached.map(subjectOf))] },
      ...(openedBefore ? { since: { lt: openedBefore } } : {}),
    },
    data: { clearedAt: now },
  });
}

export async function listUnreachable(db: Db): Promise<UnreachableRow[]> {
  const rows = await db.unreachable.findMany({
    where: { clearedAt: null },
    orderBy: [{ unitId: 'asc' }, { since: 'asc' }],
  });
  const people = await db.person.findMany({
    where: { id: { in: rows.flatMap((r) => (r.personId ? [r.personId] : [])) } },
    select: { id: true, name: true },
  });
  const units = await db.unit.findMany({
    where: { id: { in: [...new Set(rows.map((r) => r.unitId))] } },
    select: { id: true, name: true },
  });
  const name = new Map([...people, ...units].map((x) => [x.id, x.name]));
  return rows.map((r) => ({
    channel: r.channel,
    unitId: r.unitId,
    unitName: name.get(r.unitId) ?? r.unitId,
    personId: r.personId,
    chatId: r.chatId,
    who: r.personId ? (name.get(r.personId) ?? r.personId) : `群 ${r.chatId ?? ''}`,
    cause: r.cause,
    code: r.code,
    detail: r.detail,
    since: r.since,
    lastAt: r.lastAt,
    failures: r.failures,
    notifiedAt: r.notifiedAt,
  }));
}
