/**
 * The configured channels and the routing of each outbox message to the recipient's channel(s).
 * A chat id belongs to exactly one channel; a person may be on Feishu, Telegram or both.
 */
import type { ChannelRegistry, PromptSender, Recipient } from './ports.js';

/**
 * The channel a group chat id belongs to, by its shape: Feishu chat ids are `oc_…`
 * (https://open.feishu.cn/document/server-docs/group/chat/chat-id-description), Telegram chat ids
 * are integers, groups negative (https://core.telegram.org/bots/api#chat: “id: Integer”).
 */
export function channelOfChatId(chatId: string): string | undefined {
  if (/^oc_/.test(chatId)) return 'feishu';
  if (/^-?\d+$/.test(chatId)) return 'telegram';
  return undefined;
}

export function channelRegistry<C extends PromptSender & { ownsChat?(chatId: string): boolean }>(
  channels: readonly C[],
): ChannelRegistry<C> {
  const all = [...channels];
  const get = (name: string) => all.find((c) => c.name === name);
  return {
    all,
    get,
    routeOf(to: Recipient): C[] {
      const first = all.slice(0, 1);
      if (to.chatId) {
        const chatId = to.chatId;
        const owner =
          all.find((c) => c.ownsChat?.(chatId)) ??
          (() => {
            const name = channelOfChatId(chatId);
            return name ? get(name) : undefined;
          })();
        return owner ? [owner] : first;
      }
      const chosen = (to.channels ?? []).map(get).filter((c): c is C => c !== undefined);
      if (chosen.length > 0) return chosen;
      const bound = all.filter((c) => to.identities.some((i) => i.channel === c.name));
      return bound.length > 0 ? bound : first;
    },
  };
}
