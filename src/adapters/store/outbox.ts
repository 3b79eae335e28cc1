/** The outbox side of the store: claiming due messages, recipients, and delivery outcomes. */

import type { OutboxMessage, Recipient } from '../../app/ports.js';
import type { Db } from './db.js';
import { readPayloads } from './payload-parts.js';

export async function claimDueMessages(db: Db, now: Date, limit: number, leaseMs: number): Promise<OutboxMessage[]> {
  // Several instances read the same head of the queue at once: candidates beyond `limit` let the
  // ones that lose a compare-and-set still claim work instead of coming back empty-handed.
  const candidates = await db.message.findMany({
    where: {
      state: { in: ['pending', 'failed'] },
      notBefore: { lte: now },
      OR: [{ nextAttemptAt: null }, { nextAttemptAt: { lte: now } }],
    },
    orderBy: [{ urgent: 'desc' }, { notBefore: 'asc' }, { createdAt: 'asc' }],
    take: limit * 4,
  });
  const won: typeof candidates = [];
  for (const m of candidates) {
    if (won.length >= limit) break;
    // Compare-and-set on attempts: exactly one instance wins each message. The lease makes it
    // retry (with the same idempotency key) if the winner dies before recording the outcome.
    const r = await db.message.updateMany({
      where: { id: m.id, attempts: m.attempts, state: m.state },
      data: { attempts: m.attempts + 1, nextAttemptAt: new Date(now.getTime() + leaseMs) },
    });
    if (r.count === 1) won.push(m);
  }
  const payloads = await readPayloads(
    db,
    won.map((m) => m.payload),
  );
  return won.map((m, i) => ({
    id: m.id,
    key: m.key,
    unitId: m.unitId,
    personId: m.personId,
    chatId: m.chatId,
    purpose: m.purpose,
    urgent: m.urgent,
    payload: payloads[i]!,
    taskKeys: m.taskKeys as string[],
    attempts: m.attempts + 1,
    createdAt: m.createdAt,
  }));
}

export async function taskStates(db: Db, taskKeys: string[]): Promise<Map<string, string>> {
  if (taskKeys.length === 0) return new Map();
  const rows = await db.task.findMany({ where: { key: { in: taskKeys } }, select: { key: true, state: true } });
  return new Map(rows.map((t) => [t.key, t.state]));
}

export async function recipientOf(db: Db, m: OutboxMessage): Promise<Recipient> {
  const unit = await db.unit.findUnique({ where: { id: m.unitId }, select: { timeZone: true } });
  const timeZone = unit?.timeZone ?? 'Asia/Shanghai';
  if (!m.personId) return { personId: null, name: m.chatId ?? '', timeZone, chatId: m.chatId, identities: [] };
  const p = await db.person.findUnique({ where: { id: m.personId }, include: { identities: true } });
  return {
    personId: m.personId,
    name: p?.name ?? '（未知）',
    timeZone,
    chatId: null,
    identities: (p?.identities ?? []).map((i) => ({ channel: i.channel, externalId: i.externalId })),
    ...(p?.channels ? { channels: p.channels.split(',') } : {}),
  };
}

export async function nextMessageAt(db: Db): Promise<Date | null> {
  const [pending, retry] = await Promise.all([
    db.message.findFirst({
      where: { state: 'pending', nextAttemptAt: null },
      orderBy: { notBefore: 'asc' },
      select: { notBefore: true },
    }),
    db.message.findFirst({
      where: { state: { in: ['pending', 'failed'] }, nextAttemptAt: { not: null } },
      orderBy: { nextAttemptAt: 'asc' },
      select: { nextAttemptAt: true },
    }),
  ]);
  const times = [pending?.notBefore, retry?.nextAttemptAt].filter((d): d is Date => !!d);
  return times.length ? new Date(Math.min(...times.map((d) => d.getTime()))) : null;
}
