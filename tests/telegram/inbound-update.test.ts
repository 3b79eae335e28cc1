/**
 * Telegram updates read into what the transport does, on update shapes as the Bot API documents
 * them (https://core.telegram.org/bots/api#update, #message, #messageentity, #callbackquery,
 * #chatmemberupdated) and the deep link of https://core.telegram.org/bots/features#deep-linking.
 */
import { describe, expect, it } from 'vitest';
import { commandMenu, readText, readUpdate } from '../../src/adapters/telegram/inbound-update.js';

const BOT = 'SafeDutyBot';
const from = { id: 111111, is_bot: false, first_name: '三', last_name: '张', language_code: 'zh-hans' };
const privateChat = { id: 111111, first_name: '三', type: 'private' };
const group = { id: -1001234567890, title: '万家物业安全群', type: 'supergroup' };
const textUpdate = (text: string, entities?: object[], chat: object = privateChat, extra: object = {}) => ({
  update_id: 10001,
  message: { message_id: 5, from, chat, date: 1764640000, text, ...(entities ? { entities } : {}), ...extra },
});

describe('readUpdate', () => {
  it('a private text message is addressed to the bot', () => {
    const r = readUpdate(textUpdate('今日'), BOT);
    expect(r).toMatchObject({
      kind: 'text',
      text: '今日',
      mentioned: true,
      actor: { externalId: '111111', chatId: '111111', chatType: 'p2p', name: '三 张' },
    });
  });
  it('/start <code> from a t.me/<bot>?start=<code> link binds', () => {
    const r = readUpdate(textUpdate('/start AB12CD34', [{ type: 'bot_command', offset: 0, length: 6 }]), BOT);
    expect(r).toMatchObject({ kind: 'text', text: '绑定 AB12CD34', command: 'start' });
    expect(readUpdate(textUpdate('/start', [{ type: 'bot_command', offset: 0, length: 6 }]), BOT)).toMatchObject({
      text: '帮助',
    });
  });
  it('/commands become the Chinese commands of the table, with their arguments', () => {
    expect(readUpdate(textUpdate('/today', [{ type: 'bot_command', offset: 0, length: 6 }]), BOT)).toMatchObject({
      text: '今日',
      command: 'today',
    });
    expect(
      readUpdate(textUpdate('/report_hazard 1号梯 护栏松动', [{ type: 'bot_command', offset: 0, length: 14 }]), BOT),
    ).toMatchObject({ text: '上报隐患 1号梯 护栏松动' });
    // in a group: /cmd@ThisBot is ours, /cmd@OtherBot is not
    const ours = readUpdate(
      textUpdate('/overdue@SafeDutyBot', [{ type: 'bot_command', offset: 0, length: 20 }], group),
      BOT,
    );
    expect(ours).toMatchObject({
      kind: 'text',
      text: '逾期',
      mentioned: true,
      actor: { chatId: '-1001234567890', chatType: 'group' },
    });
    expect(
      readUpdate(textUpdate('/overdue@OtherBot', [{ type: 'bot_command', offset: 0, length: 17 }], group), BOT).kind,
    ).toBe('ignored');
  });
  it('an unknown /word goes to the parser (which suggests the closest command)', () => {
    expect(readUpdate(textUpdate('/todya', [{ type: 'bot_command', offset: 0, length: 6 }]), BOT)).toMatchObject({
      text: 'todya',
    });
  });
  it('in a group: plain text is not addressed; a mention or a reply to the bot is', () => {
    expect(readUpdate(textUpdate('大家好', undefined, group), BOT)).toMatchObject({ kind: 'text', mentioned: false });
    const mention = readUpdate(
      textUpdate('@SafeDutyBot 今日', [{ type: 'mention', offset: 0, length: 12 }], group),
      BOT,
    );
    expect(mention).toMatchObject({ kind: 'text', text: '今日', mentioned: true });
    const replied = readUpdate(
      textUpdate('严重', undefined, group, {
        reply_to_message: {
          message_id: 4,
          from: { id: 999, is_bot: true, first_name: 'SafeDuty', username: BOT },
          chat: group,
          date: 1,
        },
      }),
      BOT,
    );
    expect(replied).toMatchObject({ mentioned: true, text: '严重' });
  });
  it('a callback query (the documented shape) is a tap on a message', () => {
    const r = readUpdate(
      {
        update_id: 10002,
        callback_query: {
          id: '4382bfdwdsb323b2d9',
          from,
          message: { message_id: 77, chat: privateChat, date: 1, text: '日管控' },
          chat_instance: '-123456',
          data: 'p:cm1abc:0:AbCd',
        },
      },
      BOT,
    );
    expect(r).toMatchObject({
      kind: 'callback',
      queryId: '4382bfdwdsb323b2d9',
      data: 'p:cm1abc:0:AbCd',
      messageId: 77,
      actor: { chatId: '111111' },
    });
  });
  it('my_chat_member kicked in a private chat: the person blocked the bot', () => {
    const upd = (status: string) => ({
      update_id: 10003,
      my_chat_member: {
        chat: privateChat,
        from,
        date: 1,
        old_chat_member: { status: 'member', user: { id: 999, is_bot: true, first_name: 'SafeDuty' } },
        new_chat_member: { status, user: { id: 999, is_bot: true, first_name: 'SafeDuty' }, until_date: 0 },
      },
    });
    expect(readUpdate(upd('kicked'), BOT)).toMatchObject({ kind: 'membership', blocked: true });
    expect(readUpdate(upd('member'), BOT)).toMatchObject({ kind: 'membership', blocked: false });
  });
  it('anything unreadable is ignored, never thrown', () => {
    for (const bad of [
      null,
      42,
      'x',
      {},
      { update_id: -1 },
      { update_id: 1, message: { text: 5 } },
      { update_id: 2, edited_message: {} },
      { update_id: 3, message: { message_id: 1, chat: privateChat, date: 1, photo: [] } },
    ])
      expect(readUpdate(bad, BOT).kind).toBe('ignored');
    // a message from a bot is not a person's
    expect(
      readUpdate(
        {
          update_id: 4,
          message: {
            message_id: 1,
            from: { id: 5, is_bot: true, first_name: 'x' },
            chat: privateChat,
            date: 1,
            text: '今日',
          },
        },
        BOT,
      ).kind,
    ).toBe('ignored');
  });
});

describe('readText', () => {
  it('entity offsets are UTF-16 code units, as in the Bot API', () => {
    expect(readText('😀 @SafeDutyBot 今日', [{ type: 'mention', offset: 3, length: 12 }], BOT)).toEqual({
      text: '😀 今日',
      mentioned: true,
    });
  });
});

describe('commandMenu', () => {
  it('names are valid Telegram commands, descriptions Chinese and ≤ 256 characters', () => {
    const menu = commandMenu();
    expect(menu.length).toBeGreaterThan(10);
    expect(menu.length).toBeLessThanOrEqual(100);
    for (const c of menu) {
      expect(c.command).toMatch(/^[a-z0-9_]{1,32}$/);
      expect(c.description.length).toBeGreaterThan(0);
      expect(c.description.length).toBeLessThanOrEqual(256);
    }
    expect(menu.find((c) => c.command === 'today')?.description).toContain('今日');
  });
});
