/** The inbound side: who a chat account is, which events were already handled, what a sent card showed. */

import type { DeviceStatusRow, SentMessage } from '../../app/ports.js';
import type { Db, Provider } from './db.js';
import type { DriverQueryable } from './driver.js';
import { readPayloads } from './payload-parts.js';
import { platformIdsOf, recordPlatformIds, type SentIds } from './platform-ids.js';

export async function personByIdentity(
  db: Db,
  channel: string,
  externalId: string,
): Promise<{ id: string; name: string } | null> {
  const i = await db.channelIdentity.findUnique({
    where: { channel_externalId: { channel, externalId } },
    include: { person: { select: { id: true, name: true } } },
  });
  return i ? i.person : null;
}

/** true the first time an event id is seen, false for a redelivery. */
export async function firstDelivery(db: Db, channel: string, externalId: string, now: Date): Promise<boolean> {
  try {
    await db.inboundEvent.create({ data: { channel, externalId, receivedAt: now } });
    return true;
  } catch (e) {
    if ((e as { code?: string }).code === 'P2002') return false;
    throw e;
  }
}

/**
 * The message a platform message belongs to, by key (PlatformMessage, platform-ids.ts); null for an
 * unknown id. `platformMessageIds` are the list the id was sent in: the message's own (markSent,
 * recordOutcomes), else that channel's delivery of a message sent to several (MessageDelivery), else
 * — an older copy whose list was since replaced — the id alone.
 */
export async function sentMessageByPlatformId(
  db: Db,
  driver: DriverQueryable,
  provider: Provider,
  platformMessageId: string,
): Promise<SentMessage | null> {
  // One statement (a card callback waits for it): the id's message, its unit's zone, and the list
  // of that channel's delivery when the message went to several channels.
  const p = provider === 'sqlite' ? '?' : '$1';
  const [row] = await driver.query(
    `SELECT m.id, m."unitId", m."personId", ${provider === 'sqlite' ? 'm.payload' : 'm.payload::text'},
       m."platformMessageId", u."timeZone", d."platformMessageId"
     FROM "PlatformMessage" pm JOIN "Message" m ON m.id = pm."messageId"
       LEFT JOIN "Unit" u ON u.id = m."unitId"
       LEFT JOIN "MessageDelivery" d ON d."messageId" = m.id AND d.channel = pm.channel
     WHERE pm."platformMessageId" = ${p}`,
    [platformMessageId],
  );
  if (!row) return null;
  const [id, unitId, personId, payload, own, timeZone, delivered] = row as [
    string,
    string,
    string | null,
    string,
    string | null,
    string | null,
    string | null,
  ];
  const list = [own, delivered].find((l) => platformIdsOf(l).includes(platformMessageId)) ?? platformMessageId;
  return {
    id,
    unitId,
    personId,
    payload: (await readPayloads(db, [JSON.parse(payload)]))[0]!,
    platformMessageIds: list.split(','),
    timeZone: timeZone ?? 'Asia/Shanghai',
  };
}

/** The channels a message sent to several was delivered on so far, with their platform ids. */
export async function deliveriesOf(
  db: Db,
  messageId: string,
): Promise<{ channel: string; platformMessageId: string }[]> {
  return db.messageDelivery.findMany({
    where: { messageId },
    orderBy: { sentAt: 'asc' },
    select: { channel: true, platformMessageId: true },
  });
}

/** Records one channel's delivery of a message sent to several (once per channel). */
export async function recordDelivery(
  db: Db,
  driver: DriverQueryable,
  provider: Provider,
  sent: SentIds,
  now: Date,
): Promise<void> {
  const { messageId, channel, platformMessageId } = sent;
  await recordPlatformIds(driver, provider, [sent]);
  await db.messageDelivery.upsert({
    where: { messageId_channel: { messageId, channel } },
    create: { messageId, channel, platformMessageId, sentAt: now },
    update: { platformMessageId, sentAt: now },
  });
}

/**
 * A delivered message by its outbox row id (what a Telegram button carries); null when unknown or
 * never tried. A send that timed out may have reached the person although the row says failed (a
 * retry is due) or dead: a button on that copy still works (the use case checks the task).
 */
export async function sentMessageById(db: Db, id: string): Promise<SentMessage | null> {
  const m = await db.message.findUnique({ where: { id } });
  return m && (m.state === 'sent' || m.state === 'failed' || m.state === 'dead') ? sentMessageOf(db, m) : null;
}

export async function sentMessageOf(
  db: Db,
  m: { id: string; unitId: string; personId: string | null; payload: unknown; platformMessageId: string | null },
): Promise<SentMessage> {
  const unit = await db.unit.findUnique({ where: { id: m.unitId }, select: { timeZone: true } });
  return {
    id: m.id,
    unitId: m.unitId,
    personId: m.personId,
    payload: (await readPayloads(db, [m.payload]))[0]!,
    platformMessageIds: (m.platformMessageId ?? '').split(','),
    timeZone: unit?.timeZone ?? 'Asia/Shanghai',
  };
}

/** For each done daily task: who submitted when, late or not, how many items were 异常. */
export async function dailyStatuses(db: Db, taskKeys: string[]): Promise<DeviceStatusRow[]> {
  const tasks = await db.task.findMany({
    where: { key: { in: taskKeys }, state: { in: ['done', 'missed', 'cancelled'] } },
    select: { id: true, key: true, state: true, late: true, detail: true },
  });
  const records = await db.record.findMany({
    where: { taskId: { in: tasks.map((t) => t.id) }, kind: 'daily_check' },
    orderBy: { seq: 'desc' },
  });
  const people = new Map(
    (
      await db.person.findMany({
        where: { id: { in: records.map((r) => r.personId).filter((x): x is string => !!x) } },
        select: { id: true, name: true },
      })
    ).map((p) => [p.id, p.name]),
  );
  return tasks.map((t) => {
    const r = records.find((x) => x.taskId === t.id);
    const items = (r?.payload as { items?: { result: string }[] } | undefined)?.items ?? [];
    const reason = (t.detail as { cancelled?: { reason?: string } } | null)?.cancelled?.reason;
    return {
      taskKey: t.key,
      state: t.state as DeviceStatusRow['state'],
      ...(reason ? { reason } : {}),
      at: r?.at ?? null,
      by: r?.personId ? (people.get(r.personId) ?? '') : '',
      late: t.late,
      abnormal: items.filter((i) => i.result === 'abnormal').length,
    };
  });
}
