/** The outbox side of the store: claiming due messages, recipients, and delivery outcomes. */

import type { OutboxMessage, OutboxOutcome, Recipient } from '../../app/ports.js';
import { encodeInstant } from './bulk-sql.js';
import type { Db, Provider } from './db.js';
import type { DriverQueryable } from './driver.js';
import { readPayloads } from './payload-parts.js';
import { pgInsertPlatformIds, pgOutcomeIdsParam, recordOutcomeIds } from './platform-ids.js';

/** An instant read through the driver: epoch milliseconds, or SQLite's ISO text. */
const instantMs = (v: unknown): number => (typeof v === 'number' ? v : Date.parse(String(v)));

/**
 * Claims up to `limit` due messages, urgent first, in ONE statement: the rows are chosen and leased
 * (attempts + 1, nextAttemptAt = now + lease) together, so exactly one instance wins each message.
 * PostgreSQL: `FOR UPDATE SKIP LOCKED`, so that instances claiming at once take different rows
 * instead of waiting for each other (a row another instance leased meanwhile is checked again and
 * left out). SQLite: one writer at a time, the statement is atomic. The lease makes the message due
 * again (same idempotency key) if the instance dies before recording the outcome.
 */
export async function claimDueMessages(
  db: Db,
  driver: DriverQueryable,
  provider: Provider,
  now: Date,
  limit: number,
  leaseMs: number,
): Promise<OutboxMessage[]> {
  const at = encodeInstant(provider, now);
  const until = encodeInstant(provider, new Date(now.getTime() + leaseMs));
  const order = 'ORDER BY urgent DESC, "notBefore" ASC, "createdAt" ASC, id ASC';
  // The claimed rows come back from the UPDATE itself: PostgreSQL's instants as epoch milliseconds
  // and JSON as text; SQLite's as stored (ISO text, JSON text).
  const m = provider === 'sqlite' ? '' : 'm.';
  const ms = (col: string) => (provider === 'sqlite' ? col : `(extract(epoch from ${col}) * 1000)::float8`);
  const text = (col: string) => (provider === 'sqlite' ? col : `${col}::text`);
  const returning = [
    ...['id', 'key', '"unitId"', '"personId"', '"chatId"', 'purpose', 'urgent'].map((c) => m + c),
    text(`${m}payload`),
    text(`${m}"taskKeys"`),
    `${m}attempts`,
    ms(`${m}"createdAt"`),
    ms(`${m}"notBefore"`),
  ].join(', ');
  const claimed =
    provider === 'sqlite'
      ? await driver.query(
          `UPDATE "Message" SET attempts = attempts + 1, "nextAttemptAt" = ?
           WHERE id IN (SELECT id FROM "Message" WHERE state IN ('pending', 'failed') AND "notBefore" <= ?
             AND ("nextAttemptAt" IS NULL OR "nextAttemptAt" <= ?) ${order} LIMIT ?)
           RETURNING ${returning}`,
          [until, at, at, limit],
        )
      : await driver.query(
          `UPDATE "Message" m SET attempts = m.attempts + 1, "nextAttemptAt" = $1::timestamp(3)
           FROM (SELECT id FROM "Message" WHERE state IN ('pending', 'failed') AND "notBefore" <= $2::timestamp(3)
             AND ("nextAttemptAt" IS NULL OR "nextAttemptAt" <= $2::timestamp(3)) ${order}
             LIMIT $3 FOR UPDATE SKIP LOCKED) c
           WHERE m.id = c.id RETURNING ${returning}`,
          [until, at, limit],
        );
  if (claimed.length === 0) return [];
  const rows = claimed.map((r) => ({
    id: r[0] as string,
    key: r[1] as string,
    unitId: r[2] as string,
    personId: r[3] as string | null,
    chatId: r[4] as string | null,
    purpose: r[5] as string,
    urgent: r[6] === true || Number(r[6]) === 1,
    payload: JSON.parse(r[7] as string) as unknown,
    taskKeys: JSON.parse(r[8] as string) as string[],
    attempts: Number(r[9]),
    createdAt: instantMs(r[10]),
    notBefore: instantMs(r[11]),
  }));
  // RETURNING gives no order: the claim's own (urgent first)
  rows.sort(
    (a, b) =>
      Number(b.urgent) - Number(a.urgent) ||
      a.notBefore - b.notBefore ||
      a.createdAt - b.createdAt ||
      (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
  const payloads = await readPayloads(
    db,
    rows.map((m) => m.payload),
  );
  return rows.map((m, i) => ({
    id: m.id,
    key: m.key,
    unitId: m.unitId,
    personId: m.personId,
    chatId: m.chatId,
    purpose: m.purpose,
    urgent: m.urgent,
    payload: payloads[i]!,
    taskKeys: m.taskKeys,
    attempts: m.attempts,
    createdAt: new Date(m.createdAt),
  }));
}

export async function taskStates(
  driver: DriverQueryable,
  provider: Provider,
  taskKeys: readonly string[],
): Promise<Map<string, string>> {
  if (taskKeys.length === 0) return new Map();
  const keys = provider === 'sqlite' ? 'SELECT value FROM json_each(?)' : 'SELECT jsonb_array_elements_text($1::jsonb)';
  const rows = await driver.query(`SELECT key, state FROM "Task" WHERE key IN (${keys})`, [JSON.stringify(taskKeys)]);
  return new Map(rows.map((r) => [r[0] as string, r[1] as string]));
}

/**
 * The recipients of a batch of messages, in its order: two reads
 * (units, people with their accounts), not two per message.
 */
export async function recipientsOf(db: Db, ms: readonly OutboxMessage[]): Promise<Recipient[]> {
  const personIds = [...new Set(ms.flatMap((m) => (m.personId ? [m.personId] : [])))];
  const [units, people] = await Promise.all([
    db.unit.findMany({
      where: { id: { in: [...new Set(ms.map((m) => m.unitId))] } },
      select: { id: true, timeZone: true },
    }),
    personIds.length ? db.person.findMany({ where: { id: { in: personIds } }, include: { identities: true } }) : [],
  ]);
  const zoneOf = new Map(units.map((u) => [u.id, u.timeZone]));
  const personOf = new Map(people.map((p) => [p.id, p]));
  return ms.map((m) => {
    const timeZone = zoneOf.get(m.unitId) ?? 'Asia/Shanghai';
    if (!m.personId) return { personId: null, name: m.chatId ?? '', timeZone, chatId: m.chatId, identities: [] };
    const p = personOf.get(m.personId);
    return {
      personId: m.personId,
      name: p?.name ?? '（未知）',
      timeZone,
      chatId: null,
      identities: (p?.identities ?? []).map((i) => ({ channel: i.channel, externalId: i.externalId })),
      ...(p?.channels ? { channels: p.channels.split(',') } : {}),
    };
  });
}

/**
 * Records the outcomes of many deliveries in ONE statement (their rows travel as one JSON
 * parameter, as in bulk-sql.ts): sent (channel, platform id, when) or cancelled (why). A sent
 * message's error is cleared; a cancelled one keeps its reason as lastError. Neither is due again.
 * The sent ones' platform ids go to PlatformMessage with them: on PostgreSQL in the same statement
 * (a data-modifying CTE), on SQLite (where a statement costs no round trip) in one more, first.
 */
export async function recordOutcomes(
  driver: DriverQueryable,
  provider: Provider,
  outcomes: readonly OutboxOutcome[],
): Promise<void> {
  if (outcomes.length === 0) return;
  const rows = outcomes.map((o) =>
    o.state === 'sent'
      ? [o.id, 'sent', o.channel, o.platformMessageId, encodeInstant(provider, o.at), null]
      : [o.id, 'cancelled', null, null, null, o.reason],
  );
  if (provider === 'sqlite') {
    // First: should the process stop before the rows say sent, the cards already in chat find their message.
    await recordOutcomeIds(driver, provider, outcomes);
    await driver.execute(
      `UPDATE "Message" SET state = j.value ->> 1, channel = coalesce(j.value ->> 2, channel),
         "platformMessageId" = coalesce(j.value ->> 3, "platformMessageId"),
         "sentAt" = coalesce(j.value ->> 4, "sentAt"), "lastError" = j.value ->> 5, "nextAttemptAt" = NULL
       FROM json_each(?) AS j WHERE "Message".id = j.value ->> 0`,
      [JSON.stringify(rows)],
    );
    return;
  }
  const records = rows.map(([id, state, channel, pid, sentAt, lastError]) => ({
    id,
    state,
    channel,
    pid,
    sentAt,
    lastError,
  }));
  await driver.execute(
    `WITH ids AS (${pgInsertPlatformIds('$2')} RETURNING 1)
     UPDATE "Message" m SET state = j.state, channel = coalesce(j.channel, m.channel),
       "platformMessageId" = coalesce(j.pid, m."platformMessageId"),
       "sentAt" = coalesce(j."sentAt", m."sentAt"), "lastError" = j."lastError", "nextAttemptAt" = NULL
     FROM jsonb_to_recordset($1::jsonb)
       AS j(id text, state text, channel text, pid text, "sentAt" timestamp(3), "lastError" text)
     WHERE m.id = j.id`,
    [JSON.stringify(records), pgOutcomeIdsParam(outcomes)],
  );
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
