/**
 * The emulated tenant's people and chats. Every user has a p2p chat with the bot (created on first
 * use, as Feishu does when a bot first messages someone); groups are created explicitly.
 */
import { EmulatorInputError } from './feishu-error.js';
import { newId } from './ids.js';
import type { EmulatorChat, EmulatorUser, NewGroup, NewUser } from './types.js';

export type UserPatch = Partial<Pick<EmulatorUser, 'name' | 'available' | 'blockedBot'>>;

export class Directory {
  private readonly byOpenId = new Map<string, EmulatorUser>();
  private readonly chatsById = new Map<string, EmulatorChat>();
  private readonly p2pByOpenId = new Map<string, string>();

  addUser(input: NewUser): EmulatorUser {
    if (!input.name) throw new EmulatorInputError('a user needs a name');
    const user: EmulatorUser = {
      openId: input.openId ?? newId.openId(),
      userId: input.userId ?? newId.userId(),
      unionId: input.unionId ?? newId.unionId(),
      name: input.name,
      ...(input.mobile ? { mobile: input.mobile } : {}),
      otherAppOpenId: newId.openId(),
      available: input.available ?? true,
      blockedBot: input.blockedBot ?? false,
    };
    if (this.byOpenId.has(user.openId)) throw new EmulatorInputError(`user ${user.openId} exists already`);
    if (this.userByUserId(user.userId)) throw new EmulatorInputError(`user_id ${user.userId} is taken`);
    this.byOpenId.set(user.openId, user);
    return { ...user };
  }

  updateUser(openId: string, patch: UserPatch): EmulatorUser {
    const user = this.requireUser(openId);
    Object.assign(user, patch);
    return { ...user };
  }

  user(openId: string): EmulatorUser | undefined {
    return this.byOpenId.get(openId);
  }

  userByUserId(userId: string): EmulatorUser | undefined {
    for (const u of this.byOpenId.values()) if (u.userId === userId) return u;
    return undefined;
  }

  /** The user whose open_id under another app this is (those ids fail with 99992361). */
  userByOtherAppOpenId(openId: string): EmulatorUser | undefined {
    for (const u of this.byOpenId.values()) if (u.otherAppOpenId === openId) return u;
    return undefined;
  }

  /** Users by mobile; `+86` in front of a mainland number is optional on either side. */
  userByMobile(mobile: string): EmulatorUser | undefined {
    const norm = (m: string): string => m.replace(/[\s-]/g, '').replace(/^\+86(?=1\d{10}$)/, '');
    const want = norm(mobile);
    for (const u of this.byOpenId.values()) if (u.mobile && norm(u.mobile) === want) return u;
    return undefined;
  }

  requireUser(openId: string): EmulatorUser {
    const user = this.byOpenId.get(openId);
    if (!user) throw new EmulatorInputError(`no user with open_id ${openId}`);
    return user;
  }

  users(): EmulatorUser[] {
    return [...this.byOpenId.values()].map((u) => ({ ...u }));
  }

  addGroup(input: NewGroup): EmulatorChat {
    if (!input.name) throw new EmulatorInputError('a group needs a name');
    for (const m of input.members) this.requireUser(m);
    const chat: EmulatorChat = {
      chatId: input.chatId ?? newId.chatId(),
      type: 'group',
      name: input.name,
      memberOpenIds: [...new Set(input.members)],
      botIsMember: input.botIsMember ?? true,
    };
    if (this.chatsById.has(chat.chatId)) throw new EmulatorInputError(`chat ${chat.chatId} exists already`);
    this.chatsById.set(chat.chatId, chat);
    return { ...chat, memberOpenIds: [...chat.memberOpenIds] };
  }

  chat(chatId: string): EmulatorChat | undefined {
    return this.chatsById.get(chatId);
  }

  /** The p2p chat between a user and the bot, created on first use. */
  p2pChat(openId: string): EmulatorChat {
    const user = this.requireUser(openId);
    const existing = this.p2pByOpenId.get(openId);
    if (existing) return this.chatsById.get(existing)!;
    const chat: EmulatorChat = {
      chatId: newId.chatId(),
      type: 'p2p',
      name: user.name,
      memberOpenIds: [openId],
      botIsMember: true,
    };
    this.chatsById.set(chat.chatId, chat);
    this.p2pByOpenId.set(openId, chat.chatId);
    return chat;
  }

  chats(): EmulatorChat[] {
    return [...this.chatsById.values()].map((c) => ({ ...c, memberOpenIds: [...c.memberOpenIds] }));
  }

  clear(): void {
    this.byOpenId.clear();
    this.chatsById.clear();
    this.p2pByOpenId.clear();
  }
}
