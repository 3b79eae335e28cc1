/**
 * A person on several channels gets each prompt on each of them (MessageDelivery). After they
 * answer on one, the copies on the others are redrawn to the same new state, so no copy keeps asking
 * for what is done: a Feishu card and a Telegram message of one prompt never disagree. A copy
 * that cannot be redrawn (deleted, too old to edit) is logged; acting on it is still refused by
 * the use case (the task is done), never recorded twice.
 */
import type { ChannelRegistry, InboxStore, Logger, OutboxStore } from '../ports.js';
import type { PromptRedraw, PromptRef } from './inbound-event.js';

export interface ElsewhereDeps {
  store: InboxStore & OutboxStore;
  channels: Pick<ChannelRegistry, 'get'>;
  log: Logger;
}

/** Redraws the copies of the prompt `ref` names on every channel but `from`. */
export async function redrawElsewhere(
  deps: ElsewhereDeps,
  from: string,
  ref: PromptRef,
  prompt: PromptRedraw,
): Promise<void> {
  const sent =
    (await deps.store.sentMessageByPlatformId(ref.platformMessageId)) ??
    (ref.messageId ? await deps.store.sentMessageById(ref.messageId) : null);
  if (!sent) return;
  for (const d of await deps.store.deliveriesOf(sent.id)) {
    const channel = d.channel === from ? undefined : deps.channels.get(d.channel);
    if (!channel) continue;
    const ids = d.platformMessageId.split(',').filter(Boolean);
    // A view opened on one channel (a device's form) stays there; a prompt in several parts is redrawn part by part.
    const { open: _open, part: _part, ...state } = prompt.state;
    for (const [i, id] of ids.entries()) {
      const redraw: PromptRedraw = {
        ...prompt,
        state: { ...state, ...(ids.length > 1 ? { part: { index: i + 1, of: ids.length } } : {}) },
      };
      await channel
        .updatePrompt({ platformMessageId: id }, redraw)
        .catch((err: unknown) =>
          deps.log.warn(
            { messageId: sent.id, channel: d.channel, platformMessageId: id, err },
            'the copy of an answered prompt on another channel could not be redrawn',
          ),
        );
    }
  }
}
