/**
 * Updates from the Telegram emulator to a real grammY bot: long polling with bot.start() (commands
 * with entities, callback queries answered), offsets confirming updates, a restart getting the
 * unconfirmed ones again, 409 for a second poller and while a webhook is set, allowed_updates.
 */

import type { TelegramEmulator } from '@safeduty/telegram-emulator';
import { GrammyError, InlineKeyboard } from 'grammy';
import { afterEach, describe, expect, it } from 'vitest';
import { apiError, botOn, eventually, sleep, telegramWithPeople } from './telegram-helpers.js';

let emu: TelegramEmulator;
const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const s of stops.splice(0)) await s().catch(() => undefined);
  await emu?.close();
});

describe('Telegram emulator: getUpdates', () => {
  it(
    'feeds bot.start(): /start payload and typed commands match bot.command, taps reach callbackQuery and ' +
      'are answered',
    async () => {
      const w = await telegramWithPeople();
      emu = w.emu;
      const bot = botOn(emu);
      const seen: string[] = [];
      bot.command('start', async (ctx) => {
        seen.push(`start:${ctx.match}`);
        await ctx.reply('已绑定', { reply_markup: new InlineKeyboard().text('全部正常', 'd:1:ok') });
      });
      bot.command('check', (ctx) => void seen.push(`check:${ctx.match}`));
      bot.on('callback_query:data', async (ctx) => {
        seen.push(`tap:${ctx.callbackQuery.data}`);
        await ctx.answerCallbackQuery({ text: '已记录' });
        await ctx.editMessageText('已记录 ✅');
      });
      bot.catch(() => undefined);
      void bot.start({ timeout: 1 });
      stops.push(() => bot.stop());
      emu.start(w.zhang.id, 'AB12');
      const reply = await eventually(() => emu.messages(w.zhang.id).find((m) => m.fromBot));
      emu.sendText({ userId: w.zhang.id, text: `/check@${emu.bot().username} 1号锅炉` });
      emu.sendText({ userId: w.zhang.id, text: '/check@other_bot x' });
      const tap = emu.tap({ userId: w.zhang.id, messageId: reply.message_id, data: 'd:1:ok' });
      expect((await emu.waitForAnswer(tap.callbackQueryId))?.answered?.text).toBe('已记录');
      await eventually(() => emu.message(w.zhang.id, reply.message_id)?.text === '已记录 ✅');
      expect(seen).toEqual(['start:AB12', 'check:1号锅炉', 'tap:d:1:ok']);
      expect(emu.message(w.zhang.id, reply.message_id)?.reply_markup).toBeUndefined();
    },
  );

  it('keeps updates until an offset confirms them; a restarted bot gets the unconfirmed ones again', async () => {
    const w = await telegramWithPeople();
    emu = w.emu;
    const api = botOn(emu).api;
    emu.start(w.zhang.id);
    emu.sendText({ userId: w.zhang.id, text: '一' });
    emu.sendText({ userId: w.zhang.id, text: '二' });
    const first = await api.getUpdates({ limit: 2 });
    expect(first.map((u) => u.message?.text)).toEqual(['/start', '一']);
    // not confirmed yet: the same two again (what a crashed bot sees after a restart)
    expect((await api.getUpdates({ limit: 2 })).map((u) => u.update_id)).toEqual(first.map((u) => u.update_id));
    const last = first[1]?.update_id ?? 0;
    expect((await api.getUpdates({ offset: last + 1 })).map((u) => u.message?.text)).toEqual(['二']);
    expect(emu.pendingUpdates()).toHaveLength(1);
    // negative offset: only the last one
    emu.sendText({ userId: w.zhang.id, text: '三' });
    expect((await api.getUpdates({ offset: -1 })).map((u) => u.message?.text)).toEqual(['三']);
    expect(emu.pendingUpdates().map((u) => u.message?.text)).toEqual(['三']);
  });

  it(
    'long-polls: an update made during the wait answers the poll at once; ' + 'an empty poll ends after timeout',
    async () => {
      const w = await telegramWithPeople();
      emu = w.emu;
      const api = botOn(emu).api;
      emu.start(w.zhang.id);
      const update_id = (await api.getUpdates())[0]?.update_id;
      const t0 = performance.now();
      const poll = api.getUpdates({ offset: (update_id ?? 0) + 1, timeout: 5 });
      await sleep(150);
      emu.sendText({ userId: w.zhang.id, text: '到' });
      expect((await poll).map((u) => u.message?.text)).toEqual(['到']);
      expect(performance.now() - t0).toBeLessThan(2000);
      const t1 = performance.now();
      expect(await api.getUpdates({ offset: (update_id ?? 0) + 2, timeout: 1 })).toEqual([]);
      expect(performance.now() - t1).toBeGreaterThanOrEqual(950);
    },
  );

  it('ends the first of two concurrent pollers with 409 Conflict (two instances of one bot)', async () => {
    ({ emu } = await telegramWithPeople());
    const a = botOn(emu).api;
    const b = botOn(emu).api;
    const first = a.getUpdates({ timeout: 5 });
    await sleep(100);
    const second = b.getUpdates({ timeout: 1 });
    const e = await apiError(first);
    expect([e.error_code, e.description]).toEqual([
      409,
      'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running',
    ]);
    expect(await second).toEqual([]);
  });

  it('a second bot.start() knocks the first one out with 409, which grammY does not retry', async () => {
    ({ emu } = await telegramWithPeople());
    const one = botOn(emu);
    const two = botOn(emu);
    const firstEnded = one.start({ timeout: 2 }).then(
      () => 'stopped',
      (e: unknown) => e,
    );
    await sleep(200);
    void two.start({ timeout: 2 }).catch(() => undefined);
    stops.push(() => two.stop());
    const result = await firstEnded;
    expect(result).toBeInstanceOf(GrammyError);
    expect((result as GrammyError).error_code).toBe(409);
  });

  it('refuses getUpdates while a webhook is set, and filters by allowed_updates from then on', async () => {
    const w = await telegramWithPeople();
    emu = w.emu;
    const api = botOn(emu).api;
    emu.start(w.zhang.id);
    await api.setWebhook('http://127.0.0.1:9/hook');
    const e = await apiError(api.getUpdates());
    expect([e.error_code, e.description]).toEqual([
      409,
      "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
    ]);
    expect((await api.getWebhookInfo()).pending_update_count).toBe(1);
    await api.deleteWebhook({ drop_pending_updates: true });
    expect(await api.getUpdates({ allowed_updates: ['callback_query'] })).toEqual([]);
    emu.sendText({ userId: w.zhang.id, text: '不会送达' });
    const m = await api.sendMessage(w.zhang.id, 'x', { reply_markup: new InlineKeyboard().text('好', 'ok') });
    emu.tap({ userId: w.zhang.id, messageId: m.message_id, data: 'ok' });
    expect((await api.getUpdates()).map((u) => Object.keys(u).filter((k) => k !== 'update_id'))).toEqual([
      ['callback_query'],
    ]);
  });

  it('group privacy mode: the bot sees commands and mentions, not chatter', async () => {
    const w = await telegramWithPeople();
    emu = w.emu;
    const api = botOn(emu).api;
    const g = emu.createGroup({ title: '锅炉房', members: [w.zhang.id, w.li.id] });
    expect(emu.sendText({ userId: w.li.id, chatId: g.id, text: '大家好' }).updateId).toBeUndefined();
    expect(emu.sendText({ userId: w.li.id, chatId: g.id, text: '/week' }).updateId).toBeDefined();
    expect(
      emu.sendText({ userId: w.li.id, chatId: g.id, text: `请 @${emu.bot().username} 看看` }).updateId,
    ).toBeDefined();
    const texts = (await api.getUpdates()).map((u) => u.message?.text);
    expect(texts).toEqual(['/week', `请 @${emu.bot().username} 看看`]);
  });
});
