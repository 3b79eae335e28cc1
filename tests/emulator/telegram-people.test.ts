/**
 * What people do in the Telegram emulator, as grammY receives it: a photo (getFile + the download
 * route), blocking the bot (my_chat_member, then 403), the test environment's URLs, multipart
 * parameters with a keyboard, and bot.stop() confirming what it handled so a new instance does not
 * see it again.
 */
import { deflateSync } from 'node:zlib';
import type { TelegramEmulator } from '@safeduty/telegram-emulator';
import { Bot, InlineKeyboard, InputFile } from 'grammy';
import { afterEach, describe, expect, it } from 'vitest';
import { apiError, botOn, eventually, telegramWithPeople } from './telegram-helpers.js';

let emu: TelegramEmulator;
afterEach(async () => {
  await emu?.close();
});

/** A real PNG of w×h grey pixels. */
function png(w: number, h: number): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (b: Buffer) => {
    let c = 0xffffffff;
    for (const x of b) c = (crcTable[(c ^ x) & 0xff] ?? 0) ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(body));
    return Buffer.concat([len, body, sum]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr.set([8, 0, 0, 0, 0], 8);
  const rows = Buffer.concat(Array.from({ length: h }, () => Buffer.concat([Buffer.from([0]), Buffer.alloc(w, 128)])));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(rows)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

describe('Telegram emulator: people and their chats', () => {
  it('delivers a photo the person sends; getFile and /file/bot<token>/<path> give its bytes back', async () => {
    const w = await telegramWithPeople();
    emu = w.emu;
    const api = botOn(emu).api;
    emu.start(w.zhang.id);
    const bytes = png(64, 48);
    emu.sendPhoto({ userId: w.zhang.id, bytes, caption: '压力表读数' });
    const photoMsg = (await api.getUpdates()).map((u) => u.message).find((m) => m?.photo);
    expect(photoMsg?.caption).toBe('压力表读数');
    const size = photoMsg?.photo?.[0];
    expect([size?.width, size?.height, size?.file_size]).toEqual([64, 48, bytes.length]);
    const file = await api.getFile(size?.file_id ?? '');
    const res = await fetch(`${emu.url}/file/bot${emu.bot().token}/${file.file_path}`);
    expect(Buffer.from(await res.arrayBuffer())).toEqual(bytes);
    expect((await fetch(`${emu.url}/file/bot1:wrong/${file.file_path}`)).status).toBe(401);
    expect(() => emu.sendPhoto({ userId: w.zhang.id, bytes: Buffer.from('not an image') })).toThrow('PNG or JPEG');
    // the bot can send it on by file_id, and upload a photo of its own
    const again = await api.sendPhoto(w.zhang.id, size?.file_id ?? '');
    expect(again.photo?.[0]?.width).toBe(64);
    const own = await api.sendPhoto(w.zhang.id, new InputFile(png(10, 20), 'chart.png'), { caption: '趋势' });
    expect([own.photo?.[0]?.width, own.photo?.[0]?.height, own.caption]).toEqual([10, 20, '趋势']);
  });

  it(
    'a person blocking the bot sends my_chat_member (member → kicked); ' +
      'sends then fail until Start is pressed again',
    async () => {
      const w = await telegramWithPeople();
      emu = w.emu;
      const api = botOn(emu).api;
      emu.start(w.zhang.id);
      emu.block(w.zhang.id);
      const updates = await api.getUpdates();
      const change = updates.find((u) => u.my_chat_member)?.my_chat_member;
      expect([change?.old_chat_member.status, change?.new_chat_member.status, change?.from.id]).toEqual([
        'member',
        'kicked',
        w.zhang.id,
      ]);
      expect((await apiError(api.sendMessage(w.zhang.id, 'x'))).description).toBe(
        'Forbidden: bot was blocked by the user',
      );
      expect(() => emu.sendText({ userId: w.zhang.id, text: '在吗' })).toThrow('blocked the bot');
      emu.start(w.zhang.id);
      await api.sendMessage(w.zhang.id, '欢迎回来');
    },
  );

  it(
    'a group that removed the bot answers 403 bot was kicked; a group without it, not a member; an @name, ' +
      'chat not found',
    async () => {
      const w = await telegramWithPeople();
      emu = w.emu;
      const api = botOn(emu).api;
      const g = emu.createGroup({ title: '锅炉房', members: [w.zhang.id] });
      await api.sendMessage(g.id, '本周排查');
      emu.setBotInGroup({ userId: w.zhang.id, chatId: g.id, member: false });
      expect((await apiError(api.sendMessage(g.id, 'x'))).description).toBe(
        'Forbidden: bot was kicked from the group chat',
      );
      const change = (await api.getUpdates()).find((u) => u.my_chat_member)?.my_chat_member;
      expect([change?.chat.id, change?.new_chat_member.status]).toEqual([g.id, 'kicked']);
      const other = emu.createGroup({ title: '电梯组', members: [w.li.id], botIsMember: false });
      expect((await apiError(api.sendMessage(other.id, 'x'))).description).toBe(
        'Forbidden: bot is not a member of the group chat',
      );
      expect((await apiError(api.sendMessage('@some_channel', 'x'))).description).toBe('Bad Request: chat not found');
      emu.setBotInGroup({ userId: w.zhang.id, chatId: g.id, member: true });
      await api.sendMessage(g.id, '又回来了');
    },
  );

  it("serves the test environment's /bot<token>/test/<method> URLs (grammY environment: 'test')", async () => {
    const w = await telegramWithPeople();
    emu = w.emu;
    const bot = new Bot(emu.bot().token, { client: { apiRoot: emu.url, environment: 'test' } });
    expect((await bot.api.getMe()).username).toBe(emu.bot().username);
    expect(emu.requests().at(-1)?.method).toBe('getMe');
  });

  it('reads a keyboard sent as JSON text inside a multipart upload', async () => {
    const w = await telegramWithPeople();
    emu = w.emu;
    const api = botOn(emu).api;
    emu.start(w.zhang.id);
    const m = await api.sendDocument(w.zhang.id, new InputFile(Buffer.from('x'), 'a.txt'), {
      reply_markup: new InlineKeyboard().text('再导出', 'exp:1'),
    });
    expect(m.reply_markup?.inline_keyboard[0]?.[0]).toEqual({ text: '再导出', callback_data: 'exp:1' });
    const bad = await apiError(
      api.sendDocument(w.zhang.id, new InputFile(Buffer.from('x'), 'a.txt'), {
        reply_markup: new InlineKeyboard().text('x', 'y'.repeat(65)),
      }),
    );
    expect(bad.description).toBe('Bad Request: BUTTON_DATA_INVALID');
    expect(
      (await apiError(api.sendDocument(w.zhang.id, new InputFile(Buffer.alloc(0), 'empty.txt')))).description,
    ).toBe('Bad Request: file must be non-empty');
  });

  it('bot.stop() confirms what the bot handled: a new instance gets only what came after', async () => {
    const w = await telegramWithPeople();
    emu = w.emu;
    const first = botOn(emu);
    const seen: string[] = [];
    first.on('message:text', (ctx) => void seen.push(`1:${ctx.message.text}`));
    void first.start({ timeout: 1 });
    emu.start(w.zhang.id);
    emu.sendText({ userId: w.zhang.id, text: '甲' });
    await eventually(() => seen.length === 2);
    await first.stop();
    emu.sendText({ userId: w.zhang.id, text: '乙' });
    const second = botOn(emu);
    second.on('message:text', (ctx) => void seen.push(`2:${ctx.message.text}`));
    void second.start({ timeout: 1 });
    await eventually(() => seen.length === 3);
    await second.stop();
    expect(seen).toEqual(['1:/start', '1:甲', '2:乙']);
  });
});
