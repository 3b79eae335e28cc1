/**
 * The Telegram emulator driven by the real grammY through `client.apiRoot`: getMe, the Start rule,
 * sendMessage with HTML, edits and "message is not modified", callback queries and their deadline,
 * documents, commands, files. Error texts are the Bot API's own.
 */

import type { TelegramEmulator } from '@safeduty/telegram-emulator';
import { InlineKeyboard, InputFile } from 'grammy';
import { afterEach, describe, expect, it } from 'vitest';
import { apiError, botOn, telegramWithPeople } from './telegram-helpers.js';

let emu: TelegramEmulator;
afterEach(async () => {
  await emu?.close();
});

describe('Telegram emulator: Bot API with grammY', () => {
  it('answers getMe with the bot and refuses a wrong token with 401 Unauthorized', async () => {
    ({ emu } = await telegramWithPeople());
    const me = await botOn(emu, false).api.getMe();
    expect(me).toMatchObject({ id: emu.bot().id, is_bot: true, username: emu.bot().username });
    const { Bot } = await import('grammy');
    const wrong = new Bot(`${emu.bot().id}:not-the-secret`, { client: { apiRoot: emu.url } });
    const e = await apiError(wrong.api.getMe());
    expect([e.error_code, e.description]).toEqual([401, 'Unauthorized']);
  });

  it("refuses to write first (403 bot can't initiate conversation), then delivers after Start", async () => {
    const w = await telegramWithPeople();
    emu = w.emu;
    const bot = botOn(emu);
    const e = await apiError(bot.api.sendMessage(w.zhang.id, '你好'));
    expect([e.error_code, e.description]).toEqual([403, "Forbidden: bot can't initiate conversation with a user"]);
    emu.start(w.zhang.id, 'bind_AB12');
    const sent = await bot.api.sendMessage(w.zhang.id, '<b>今日点检</b> 2 台设备', { parse_mode: 'HTML' });
    expect(sent.text).toBe('今日点检 2 台设备');
    expect(sent.entities).toEqual([{ type: 'bold', offset: 0, length: 4 }]);
    expect(emu.messages(w.zhang.id).map((m) => m.text)).toEqual(['/start bind_AB12', '今日点检 2 台设备']);
  });

  it('answers 403 bot was blocked by the user after a block, and chat not found for an unknown chat', async () => {
    const w = await telegramWithPeople();
    emu = w.emu;
    const bot = botOn(emu);
    emu.start(w.zhang.id);
    emu.block(w.zhang.id);
    const e = await apiError(bot.api.sendMessage(w.zhang.id, 'x'));
    expect([e.error_code, e.description]).toEqual([403, 'Forbidden: bot was blocked by the user']);
    const nf = await apiError(bot.api.sendMessage(123, 'x'));
    expect(nf.description).toBe('Bad Request: chat not found');
  });

  it('validates HTML like the server: unsupported tags, unclosed tags and unescaped characters', async () => {
    const w = await telegramWithPeople();
    emu = w.emu;
    const bot = botOn(emu);
    emu.start(w.zhang.id);
    const html = { parse_mode: 'HTML' as const };
    expect((await apiError(bot.api.sendMessage(w.zhang.id, '<p>段落</p>', html))).description).toBe(
      `Bad Request: can't parse entities: Unsupported start tag "p" at byte offset 0`,
    );
    expect((await apiError(bot.api.sendMessage(w.zhang.id, '<b>粗', html))).description).toBe(
      `Bad Request: can't parse entities: Can't find end tag corresponding to start tag "b"`,
    );
    expect((await apiError(bot.api.sendMessage(w.zhang.id, '<b><i>x</b></i>', html))).description).toBe(
      `Bad Request: can't parse entities: Unmatched end tag at byte offset 7, expected "</i>", found "</b>"`,
    );
    expect((await apiError(bot.api.sendMessage(w.zhang.id, '压力 < 1.6', html))).description).toMatch(
      /^Bad Request: can't parse entities: Unsupported start tag "" at byte offset 7/,
    );
    expect((await apiError(bot.api.sendMessage(w.zhang.id, 'A & B', html))).description).toMatch(
      /^Bad Request: can't parse entities: unescaped "&" at byte offset 2/,
    );
    const ok = await bot.api.sendMessage(
      w.zhang.id,
      '压力 &lt; 1.6 &amp; <a href="https://example.com/a?b=1&amp;c=2">链接</a> <pre><code ' +
        'class="language-text">x</code></pre>',
      html,
    );
    expect(ok.text).toBe('压力 < 1.6 & 链接 x');
    expect(ok.entities).toEqual([
      { type: 'text_link', offset: 11, length: 2, url: 'https://example.com/a?b=1&c=2' },
      { type: 'pre', offset: 14, length: 1, language: 'text' },
    ]);
  });

  it('counts text after entity parsing: 1–4096 characters, captions ≤ 1024', async () => {
    const w = await telegramWithPeople();
    emu = w.emu;
    const bot = botOn(emu);
    emu.start(w.zhang.id);
    await bot.api.sendMessage(w.zhang.id, `<b>${'检'.repeat(4096)}</b>`, { parse_mode: 'HTML' });
    expect((await apiError(bot.api.sendMessage(w.zhang.id, '检'.repeat(4097)))).description).toBe(
      'Bad Request: message is too long',
    );
    expect((await apiError(bot.api.sendMessage(w.zhang.id, '<b> </b>', { parse_mode: 'HTML' }))).description).toBe(
      'Bad Request: message text is empty',
    );
    const file = new InputFile(Buffer.from('a,b\n1,2\n'), '导出.csv');
    expect((await apiError(bot.api.sendDocument(w.zhang.id, file, { caption: '说'.repeat(1025) }))).description).toBe(
      'Bad Request: message caption is too long',
    );
  });

  it('checks inline keyboards: callback_data 1–64 bytes (UTF-8), at most 100 buttons, a label on each', async () => {
    const w = await telegramWithPeople();
    emu = w.emu;
    const bot = botOn(emu);
    emu.start(w.zhang.id);
    // 21 Chinese characters = 63 bytes: fine; 22 = 66 bytes: refused although only 22 characters.
    await bot.api.sendMessage(w.zhang.id, 'ok', { reply_markup: new InlineKeyboard().text('正常', '正'.repeat(21)) });
    expect(
      (
        await apiError(
          bot.api.sendMessage(w.zhang.id, 'x', { reply_markup: new InlineKeyboard().text('正常', '正'.repeat(22)) }),
        )
      ).description,
    ).toBe('Bad Request: BUTTON_DATA_INVALID');
    expect(
      (await apiError(bot.api.sendMessage(w.zhang.id, 'x', { reply_markup: new InlineKeyboard().text('正常', '') })))
        .description,
    ).toBe('Bad Request: BUTTON_DATA_INVALID');
    const big = new InlineKeyboard();
    for (let i = 0; i < 101; i++) big.text(`${i}`, `d${i}`).row();
    expect((await apiError(bot.api.sendMessage(w.zhang.id, 'x', { reply_markup: big }))).description).toBe(
      'Bad Request: reply markup is too long',
    );
  });

  it('edits only changed messages of the bot: not modified, not found, not its own', async () => {
    const w = await telegramWithPeople();
    emu = w.emu;
    const bot = botOn(emu);
    const start = emu.start(w.zhang.id);
    const kb = new InlineKeyboard().text('全部正常', 'd:1:ok').text('异常', 'd:1:bad');
    const m = await bot.api.sendMessage(w.zhang.id, '点检', { reply_markup: kb });
    const same = await apiError(bot.api.editMessageText(w.zhang.id, m.message_id, '点检', { reply_markup: kb }));
    expect(same.description).toBe(
      'Bad Request: message is not modified: specified new message content and reply markup are exactly the ' +
        'same as a current content and reply markup of the message',
    );
    const edited = await bot.api.editMessageText(w.zhang.id, m.message_id, '点检 ✅ 已完成');
    expect(edited).toMatchObject({ text: '点检 ✅ 已完成', edit_date: expect.any(Number) });
    // editMessageText without reply_markup removes the keyboard.
    expect(emu.message(w.zhang.id, m.message_id)?.reply_markup).toBeUndefined();
    expect((await apiError(bot.api.editMessageReplyMarkup(w.zhang.id, m.message_id))).description).toMatch(
      /^Bad Request: message is not modified/,
    );
    await bot.api.editMessageReplyMarkup(w.zhang.id, m.message_id, {
      reply_markup: new InlineKeyboard().text('撤销', 'undo'),
    });
    expect(emu.message(w.zhang.id, m.message_id)?.reply_markup?.inline_keyboard[0]?.[0]?.text).toBe('撤销');
    expect((await apiError(bot.api.editMessageText(w.zhang.id, 999, 'x'))).description).toBe(
      'Bad Request: message to edit not found',
    );
    expect((await apiError(bot.api.editMessageText(w.zhang.id, start.message.message_id, 'x'))).description).toBe(
      "Bad Request: message can't be edited",
    );
  });

  it('turns a tap into a callback_query the bot answers once, within the deadline', async () => {
    let t = Date.UTC(2026, 0, 5, 1, 0, 0);
    const w = await telegramWithPeople({ now: () => t, callbackAnswerMs: 15_000 });
    emu = w.emu;
    const bot = botOn(emu);
    emu.start(w.zhang.id);
    const m = await bot.api.sendMessage(w.zhang.id, '点检', {
      reply_markup: new InlineKeyboard().text('全部正常', 'd:1:ok'),
    });
    const tap = emu.tap({ userId: w.zhang.id, messageId: m.message_id, text: '全部正常' });
    const updates = await bot.api.getUpdates({ offset: 0, timeout: 0 });
    const cq = updates.find((u) => u.callback_query)?.callback_query;
    expect(cq).toMatchObject({
      id: tap.callbackQueryId,
      data: 'd:1:ok',
      from: { id: w.zhang.id },
      message: { message_id: m.message_id },
    });
    expect(
      (await apiError(bot.api.answerCallbackQuery(tap.callbackQueryId, { text: '长'.repeat(201) }))).description,
    ).toBe('Bad Request: MESSAGE_TOO_LONG');
    await bot.api.answerCallbackQuery(tap.callbackQueryId, { text: '已记录' });
    expect((await apiError(bot.api.answerCallbackQuery(tap.callbackQueryId))).description).toBe(
      'Bad Request: query is too old and response timeout expired or query ID is invalid',
    );
    const late = emu.tap({ userId: w.zhang.id, messageId: m.message_id, data: 'd:1:ok' });
    t += 15_001;
    expect((await apiError(bot.api.answerCallbackQuery(late.callbackQueryId))).description).toMatch(
      /^Bad Request: query is too old/,
    );
    expect(emu.callbackAnswers().map((a) => [a.answered?.text ?? null, a.refused ?? null])).toEqual([
      ['已记录', 'answered twice'],
      [null, 'answered after 15001 ms'],
    ]);
  });

  it('stores a multipart sendDocument upload byte for byte; getFile + the download route serve it', async () => {
    const w = await telegramWithPeople();
    emu = w.emu;
    const bot = botOn(emu);
    emu.start(w.zhang.id);
    const bytes = Buffer.from([0, 1, 2, 255, 13, 10, 45, 45, 0x89, 0x50]);
    const sent = await bot.api.sendDocument(w.zhang.id, new InputFile(bytes, '履职记录.pdf'), {
      caption: '<b>导出</b>',
      parse_mode: 'HTML',
    });
    expect(sent.document).toMatchObject({
      file_name: '履职记录.pdf',
      mime_type: 'application/pdf',
      file_size: bytes.length,
    });
    expect(sent.caption).toBe('导出');
    const file = await bot.api.getFile(sent.document?.file_id ?? '');
    const res = await fetch(`${emu.url}/file/bot${emu.bot().token}/${file.file_path}`);
    expect(Buffer.from(await res.arrayBuffer())).toEqual(bytes);
    // the same file again by file_id, no upload
    const again = await bot.api.sendDocument(w.zhang.id, sent.document?.file_id ?? '');
    expect(again.document?.file_id).toBe(sent.document?.file_id);
    expect((await apiError(bot.api.getFile('nope'))).description).toBe('Bad Request: invalid file_id');
  });

  it('keeps commands per scope and language (setMyCommands / getMyCommands)', async () => {
    const w = await telegramWithPeople();
    emu = w.emu;
    const bot = botOn(emu);
    await bot.api.setMyCommands([
      { command: 'check', description: '今日点检' },
      { command: 'export', description: '导出' },
    ]);
    await bot.api.setMyCommands([{ command: 'report', description: '周报' }], { scope: { type: 'all_group_chats' } });
    expect((await bot.api.getMyCommands()).map((c) => c.command)).toEqual(['check', 'export']);
    expect((await bot.api.getMyCommands({ scope: { type: 'all_group_chats' } })).map((c) => c.command)).toEqual([
      'report',
    ]);
    expect((await apiError(bot.api.setMyCommands([{ command: 'Check', description: 'x' }]))).description).toBe(
      'Bad Request: BOT_COMMAND_INVALID',
    );
  });
});
