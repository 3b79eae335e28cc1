/**
 * Messages of the emulated tenant, both the bot's and the users', with the current state of each
 * card, and the `uuid` index that makes message.create idempotent for one hour.
 */
import { newId } from './ids.js';
import type { CardJson, EmulatorChat, MentionView, MessageHead, MessageSender, StoredMessage } from './types.js';

/** Feishu: "持有相同 uuid 的请求，在 1 小时内至多成功发送一条消息". */
const UUID_WINDOW_MS = 60 * 60_000;

export interface NewMessage {
  chat: EmulatorChat;
  sender: MessageSender;
  msgType: string;
  content: string;
  card?: CardJson;
  uuid?: string;
  mentions?: MentionView[];
}

export class MessageStore {
  private readonly byId = new Map<string, StoredMessage>();
  private readonly byUuid = new Map<string, { messageId: string; at: number }>();
  private readonly locks = new Map<string, number>();

  constructor(private readonly now: () => number) {}

  /** The message an earlier send with this uuid created, if that was less than an hour ago. */
  findByUuid(uuid: string): StoredMessage | undefined {
    const hit = this.byUuid.get(uuid);
    if (!hit) return undefined;
    if (this.now() - hit.at >= UUID_WINDOW_MS) {
      this.byUuid.delete(uuid);
      return undefined;
    }
    return this.byId.get(hit.messageId);
  }

  add(input: NewMessage): StoredMessage {
    const t = this.now();
    const message: StoredMessage = {
      messageId: newId.messageId(),
      chatId: input.chat.chatId,
      chatType: input.chat.type,
      msgType: input.msgType,
      sender: input.sender,
      content: input.content,
      createTime: t,
      updateTime: t,
      updates: 0,
      ...(input.card ? { card: input.card } : {}),
      ...(input.uuid ? { uuid: input.uuid } : {}),
      ...(input.mentions ? { mentions: input.mentions } : {}),
    };
    this.byId.set(message.messageId, message);
    if (input.uuid) this.byUuid.set(input.uuid, { messageId: message.messageId, at: t });
    return message;
  }

  /** The live record (callers inside the emulator mutate it through replaceCard only). */
  get(messageId: string): StoredMessage | undefined {
    return this.byId.get(messageId);
  }

  /** Replaces a card's current state (PATCH, callback answer or delayed update). */
  replaceCard(messageId: string, card: CardJson): StoredMessage {
    const message = this.byId.get(messageId);
    if (!message) throw new Error(`no message ${messageId}`);
    message.card = card;
    message.content = JSON.stringify(card);
    message.updateTime = this.now();
    message.updates += 1;
    return message;
  }

  /**
   * Who got what and when, without the content: cheap enough to poll while thousands of cards go
   * out (`list` copies every card, which stalls the emulator's own replies at a city's scale).
   */
  heads(): MessageHead[] {
    const out: MessageHead[] = [];
    for (const m of this.byId.values())
      out.push({ messageId: m.messageId, chatId: m.chatId, msgType: m.msgType, createTime: m.createTime });
    return out;
  }

  /** Copies of the messages of some chats (all chats when omitted), oldest first. */
  list(chatIds?: ReadonlySet<string>): StoredMessage[] {
    const out: StoredMessage[] = [];
    for (const m of this.byId.values()) if (!chatIds || chatIds.has(m.chatId)) out.push(structuredClone(m));
    return out;
  }

  /**
   * A card is locked while a user's interaction with it is being answered: Feishu refuses PATCHes
   * then with 230099/11310 “card action is lock” (发送消息 › 230099 子错误码).
   */
  lock(messageId: string): void {
    this.locks.set(messageId, (this.locks.get(messageId) ?? 0) + 1);
  }
  unlock(messageId: string): void {
    const n = (this.locks.get(messageId) ?? 0) - 1;
    if (n > 0) this.locks.set(messageId, n);
    else this.locks.delete(messageId);
  }
  isLocked(messageId: string): boolean {
    return this.locks.has(messageId);
  }

  clear(): void {
    this.byId.clear();
    this.byUuid.clear();
    this.locks.clear();
  }
}

/** A detached copy for callers outside the emulator. */
export function viewOf(message: StoredMessage): StoredMessage {
  return structuredClone(message);
}
