/** The delivered prompts about one task, with every copy of each (to draw them again when what they show changes). */

import type { SentPromptCopies } from '../../app/ports.js';
import type { Db } from './db.js';
import { sentMessageOf } from './inbound.js';

/**
 * Messages of the given groups (Message.groupKey: the index) that were delivered and are about
 * `taskKey`, each with its copies: one per channel for a message sent to several (MessageDelivery),
 * else the channel recorded on the message.
 */
export async function sentPromptsOfTask(db: Db, groupKeys: string[], taskKey: string): Promise<SentPromptCopies[]> {
  const rows = await db.message.findMany({ where: { groupKey: { in: groupKeys }, state: 'sent' } });
  const out: SentPromptCopies[] = [];
  for (const m of rows) {
    if (!Array.isArray(m.taskKeys) || !m.taskKeys.includes(taskKey)) continue;
    const deliveries = await db.messageDelivery.findMany({
      where: { messageId: m.id },
      select: { channel: true, platformMessageId: true },
    });
    const copies = deliveries.length
      ? deliveries
      : m.channel && m.platformMessageId
        ? [{ channel: m.channel, platformMessageId: m.platformMessageId }]
        : [];
    out.push({ sent: await sentMessageOf(db, m), copies });
  }
  return out;
}
