/**
 * The emulated Telegram: people, chats (a private chat per person, groups), the messages in each
 * chat in their current state, and stored files. Shared by the Bot API methods and the control API.
 */
import { randomBytes } from 'node:crypto';
import { EmulatorInputError } from '@safeduty/emulator-kit/control-api';
import type {
  ChatMessage,
  EmulatorChat,
  EmulatorUser,
  NewGroup,
  NewUser,
  StoredFile,
  TgChat,
  TgUser,
} from './types.js';

export class World {
  private readonly users = new Map<number, EmulatorUser>();
  private readonly chats = new Map<number, EmulatorChat>();
  private readonly messages = new Map<number, ChatMessage[]>();
  private readonly nextMessageId = new Map<number, number>();
  readonly files = new Map<string, StoredFile>();
  private nextUserId = 500_000_001;
  private nextGroupId = 4_000_000_001;
  private fileCount = 0;

  constructor(readonly bot: TgUser) {}

  // ── people and chats ──
  addUser(input: NewUser): EmulatorUser {
    if (typeof input?.firstName !== 'string' || input.firstName.trim() === '')
      throw new EmulatorInputError('firstName is required');
    const id = input.id ?? this.nextUserId++;
    if (!Number.isSafeInteger(id) || id <= 0) throw new EmulatorInputError('id must be a positive integer');
    if (this.users.has(id) || id === this.bot.id) throw new EmulatorInputError(`user ${id} exists already`);
    const user: EmulatorUser = {
      id,
      is_bot: false,
      first_name: input.firstName,
      ...(input.lastName ? { last_name: input.lastName } : {}),
      ...(input.username ? { username: input.username } : {}),
      ...(input.languageCode ? { language_code: input.languageCode } : {}),
      started: input.started === true,
      blocked: false,
    };
    this.users.set(id, user);
    const chat: EmulatorChat = {
      id,
      type: 'private',
      first_name: user.first_name,
      memberIds: [id],
      botIsMember: true,
      ...(user.last_name ? { last_name: user.last_name } : {}),
      ...(user.username ? { username: user.username } : {}),
    };
    this.chats.set(id, chat);
    return { ...user };
  }

  addGroup(input: NewGroup): EmulatorChat {
    if (typeof input?.title !== 'string' || input.title.trim() === '')
      throw new EmulatorInputError('title is required');
    const members = Array.isArray(input.members) ? input.members : [];
    for (const m of members) this.requireUser(m);
    const n = this.nextGroupId++;
    // Basic groups have small negative ids, supergroups -100… (https://core.telegram.org/bots/api#chat).
    const type = input.type ?? 'group';
    const id = type === 'supergroup' ? -(1_000_000_000_000 + n) : -n;
    const chat: EmulatorChat = {
      id,
      type,
      title: input.title,
      memberIds: [...members],
      botIsMember: input.botIsMember ?? true,
    };
    this.chats.set(id, chat);
    return { ...chat, memberIds: [...chat.memberIds] };
  }

  requireUser(id: number): EmulatorUser {
    const u = this.users.get(Number(id));
    if (!u) throw new EmulatorInputError(`user ${id} not found`);
    return u;
  }

  user(id: number): EmulatorUser | undefined {
    return this.users.get(id);
  }

  allUsers(): EmulatorUser[] {
    return [...this.users.values()].map((u) => ({ ...u }));
  }

  chat(id: number): EmulatorChat | undefined {
    return this.chats.get(id);
  }

  requireChat(id: number): EmulatorChat {
    const c = this.chats.get(Number(id));
    if (!c) throw new EmulatorInputError(`chat ${id} not found`);
    return c;
  }

  allChats(): EmulatorChat[] {
    return [...this.chats.values()].map((c) => ({ ...c, memberIds: [...c.memberIds] }));
  }

  /** The Chat object as it appears inside a Message. */
  chatObject(chat: EmulatorChat): TgChat {
    const { memberIds: _m, botIsMember: _b, botKicked: _k, ...rest } = chat;
    return rest;
  }

  /** The User object (without the emulator's flags). */
  userObject(user: EmulatorUser): TgUser {
    const { started: _s, blocked: _b, ...rest } = user;
    return rest;
  }

  // ── messages ──
  addMessage(chatId: number, build: (messageId: number) => ChatMessage): ChatMessage {
    const id = this.nextMessageId.get(chatId) ?? 1;
    this.nextMessageId.set(chatId, id + 1);
    const message = build(id);
    const list = this.messages.get(chatId) ?? [];
    list.push(message);
    this.messages.set(chatId, list);
    return message;
  }

  message(chatId: number, messageId: number): ChatMessage | undefined {
    return this.messages.get(chatId)?.find((m) => m.message_id === messageId);
  }

  deleteMessage(chatId: number, messageId: number): boolean {
    const list = this.messages.get(chatId);
    const i = list?.findIndex((m) => m.message_id === messageId) ?? -1;
    if (!list || i < 0) return false;
    list.splice(i, 1);
    return true;
  }

  chatMessages(chatId: number): ChatMessage[] {
    return structuredClone(this.messages.get(chatId) ?? []);
  }

  // ── files ──
  storeFile(
    bytes: Buffer,
    meta: { fileName?: string; mimeType?: string; folder: string; extension: string },
  ): StoredFile {
    this.fileCount += 1;
    const fileUniqueId = `AgAD${randomBytes(6).toString('base64url')}`;
    const file: StoredFile = {
      fileId: `BQACAgIAAxk${randomBytes(18).toString('base64url')}`,
      fileUniqueId,
      filePath: `${meta.folder}/file_${this.fileCount}.${meta.extension}`,
      bytes: Buffer.from(bytes),
      ...(meta.fileName ? { fileName: meta.fileName } : {}),
      ...(meta.mimeType ? { mimeType: meta.mimeType } : {}),
    };
    this.files.set(file.fileId, file);
    return file;
  }

  fileByPath(path: string): StoredFile | undefined {
    return [...this.files.values()].find((f) => f.filePath === path);
  }

  /** Forgets messages and files; `all` also people and chats. */
  clear(all: boolean): void {
    this.messages.clear();
    this.nextMessageId.clear();
    this.files.clear();
    if (all) {
      this.users.clear();
      this.chats.clear();
    }
  }
}
