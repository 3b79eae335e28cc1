/** Chat accounts found by the platform from a person's mobile number (Feishu batch_get_id). */
import type { Db } from './db.js';

export async function peopleWithMobiles(
  db: Db,
  channel: string,
  personIds?: string[],
): Promise<{ id: string; name: string; mobile: string; externalIds: string[] }[]> {
  const rows = await db.person.findMany({
    ...(personIds ? { where: { id: { in: personIds } } } : {}),
    select: { id: true, name: true, mobile: true, identities: { where: { channel }, select: { externalId: true } } },
    orderBy: { mobile: 'asc' },
  });
  return rows.map((p) => ({
    id: p.id,
    name: p.name,
    mobile: p.mobile,
    externalIds: p.identities.map((i) => i.externalId),
  }));
}

/**
 * Makes `externalId` the person's account on this channel. The platform's answer for the person's
 * own mobile wins over a hand-copied id: other accounts of the person on this channel (another
 * app's open_id, a typo) are removed, and an id bound to someone else moves to this person.
 */
export async function bindResolvedIdentity(
  db: Db,
  channel: string,
  personId: string,
  externalId: string,
  now: Date,
): Promise<{ outcome: 'unchanged' | 'bound' | 'replaced'; replaced: string[] }> {
  return db.$transaction(async (tx) => {
    const mine = await tx.channelIdentity.findMany({
      where: { channel, personId },
      select: { id: true, externalId: true },
    });
    const stale = mine.filter((i) => i.externalId !== externalId);
    if (mine.some((i) => i.externalId === externalId) && stale.length === 0)
      return { outcome: 'unchanged' as const, replaced: [] };
    if (stale.length) await tx.channelIdentity.deleteMany({ where: { id: { in: stale.map((i) => i.id) } } });
    await tx.channelIdentity.upsert({
      where: { channel_externalId: { channel, externalId } },
      create: { personId, channel, externalId, boundAt: now },
      update: { personId },
    });
    return {
      outcome: stale.length ? ('replaced' as const) : ('bound' as const),
      replaced: stale.map((i) => i.externalId),
    };
  });
}
