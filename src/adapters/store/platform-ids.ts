/**
 * The platform message ids of sent messages, one PlatformMessage row per id, so that a card callback
 * (or a Telegram button) finds its message by key instead of matching the ','-joined lists that
 * Message.platformMessageId and MessageDelivery.platformMessageId keep (a prompt may be sent as
 * several cards). Written where those lists are (recordOutcomes, markSent, recordDelivery), in ONE
 * statement per batch whose rows travel as one JSON parameter (as bulk-sql.ts).
 */
import type { OutboxOutcome } from '../../app/ports.js';
import type { Provider } from './db.js';
import type { DriverQueryable } from './driver.js';

export interface SentIds {
  messageId: string;
  channel: string;
  /** the platform's ids, joined by ',' */
  platformMessageId: string;
}

/** The ids of a ','-joined list (empty entries left out). */
export const platformIdsOf = (list: string | null | undefined): string[] => (list ?? '').split(',').filter(Boolean);

/**
 * Records which message each platform id belongs to. An id recorded before is given to the message
 * recorded last (platform ids are unique per platform; only a test's made-up ids repeat).
 */
export async function recordPlatformIds(
  driver: DriverQueryable,
  provider: Provider,
  sent: readonly SentIds[],
): Promise<void> {
  const rows = platformIdRows(sent);
  if (rows.length === 0) return;
  if (provider === 'sqlite') {
    // `WHERE true`: SQLite's parser needs it before ON CONFLICT in an INSERT … SELECT (sqlite.org/lang_upsert.html).
    await driver.execute(
      `INSERT INTO "PlatformMessage" ("platformMessageId", "messageId", "channel")
       SELECT j.value ->> 0, j.value ->> 1, j.value ->> 2 FROM json_each(?) AS j WHERE true ${ON_CONFLICT}`,
      [JSON.stringify(rows)],
    );
    return;
  }
  await driver.execute(pgInsertPlatformIds('$1'), [pgPlatformIdsParam(rows)]);
}

const ON_CONFLICT = `ON CONFLICT ("platformMessageId") DO UPDATE SET "messageId" = excluded."messageId",
       "channel" = excluded."channel"`;

/** One row per platform id: [id, messageId, channel] (an id listed twice: the later message's). */
function platformIdRows(sent: readonly SentIds[]): [string, string, string][] {
  const rows = new Map<string, [string, string, string]>();
  for (const s of sent) for (const id of platformIdsOf(s.platformMessageId)) rows.set(id, [id, s.messageId, s.channel]);
  return [...rows.values()];
}

/** PostgreSQL: the INSERT of the rows in the JSON parameter `param` (pgPlatformIdsParam), for a CTE or alone. */
export const pgInsertPlatformIds = (param: string): string =>
  `INSERT INTO "PlatformMessage" ("platformMessageId", "messageId", "channel")
     SELECT j.id, j."messageId", j.channel
     FROM jsonb_to_recordset(${param}::jsonb) AS j(id text, "messageId" text, channel text)
     ${ON_CONFLICT}`;

const pgPlatformIdsParam = (rows: readonly [string, string, string][]): string =>
  JSON.stringify(rows.map(([id, messageId, channel]) => ({ id, messageId, channel })));

/** PostgreSQL: the parameter of pgInsertPlatformIds for a batch's sent outcomes. */
export function pgOutcomeIdsParam(outcomes: readonly OutboxOutcome[]): string {
  return pgPlatformIdsParam(platformIdRows(sentOf(outcomes)));
}

const sentOf = (outcomes: readonly OutboxOutcome[]): SentIds[] =>
  outcomes.flatMap((o) =>
    o.state === 'sent' ? [{ messageId: o.id, channel: o.channel, platformMessageId: o.platformMessageId }] : [],
  );

/** The platform ids of a batch's sent outcomes (recordOutcomes on SQLite), in one statement. */
export function recordOutcomeIds(
  driver: DriverQueryable,
  provider: Provider,
  outcomes: readonly OutboxOutcome[],
): Promise<void> {
  return recordPlatformIds(driver, provider, sentOf(outcomes));
}
