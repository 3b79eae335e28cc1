/**
 * Every prompt kind, drawn for Telegram, sent with the real grammY to the Telegram emulator (which
 * checks HTML parse mode, text length and keyboards as the Bot API documents them), tapped there,
 * and edited to its read-only state; each dialog question of a form sent the same way.
 */

import type { TelegramEmulator } from '@safeduty/telegram-emulator';
import type { Bot, Context } from 'grammy';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeCallback } from '../../src/adapters/telegram/render/callback-data.js';
import { renderDialogQuestion, type TelegramMessage } from '../../src/adapters/telegram/render/dialog-message.js';
import { visibleText } from '../../src/adapters/telegram/render/html.js';
import { DEVICES_PER_PAGE, renderPrompt } from '../../src/adapters/telegram/render/render-prompt.js';
import { dialogForAction, promptActions } from '../../src/app/dialogs/prompt-actions.js';
import { viewOf } from '../../src/app/prompts/views.js';
import type { Payload } from '../../src/domain/engine/payloads.js';
import { botOn, telegramWithPeople } from '../emulator/telegram-helpers.js';
import { ctx, daily, device, everyPayload, people } from '../feishu/cards/fixtures.js';

const HOSTILE = '<b>坏</b> & <a href="tg://x">链</a> </pre> &lt;';
const payloads: Payload[] = [
  ...everyPayload(),
  daily(60),
  daily(2, [device(1, { name: HOSTILE }), device(2)]),
  { type: 'notice', unitName: HOSTILE, text: HOSTILE.repeat(500) },
];

describe('prompts through the Telegram emulator with grammY', () => {
  let emu: TelegramEmulator;
  let bot: Bot<Context>;
  let user: number;

  beforeAll(async () => {
    const w = await telegramWithPeople();
    emu = w.emu;
    user = w.zhang.id;
    emu.start(user);
    bot = botOn(emu);
  });
  afterAll(async () => emu?.close());

  const send = (m: TelegramMessage) =>
    bot.api.sendMessage(user, m.text, {
      parse_mode: m.parse_mode,
      ...(m.reply_markup ? { reply_markup: m.reply_markup } : {}),
    });

  it.each(payloads.map((p, i) => [`${i} ${p.type}`, p] as const))(
    '%s: accepted, shown as escaped, tappable, then read-only',
    async (_, payload) => {
      const view = viewOf(payload, { ...ctx, people });
      const pages = Math.ceil((view.devices?.length ?? 0) / DEVICES_PER_PAGE) || 1;
      for (let page = 0; page < pages; page++) {
        const m = renderPrompt(view, { messageId: 'cmx1abcdefghijklmnopqrstu', page });
        const sent = await send(m);
        const stored = emu.message(user, sent.message_id)!;
        expect(stored.text).toBe(visibleText(m.text));
        for (const row of stored.reply_markup?.inline_keyboard ?? []) {
          for (const b of row) {
            const tap = emu.tap({ userId: user, messageId: sent.message_id, data: b.callback_data! });
            expect(tap.callbackQueryId).toBeTruthy();
            expect(decodeCallback(b.callback_data)).not.toBeNull();
          }
        }
        const done = renderPrompt(
          viewOf(payload, { ...ctx, people }, { done: { line: '已处理 · 测试', tone: 'success' } }),
          { messageId: 'm1' },
        );
        await bot.api.editMessageText(user, sent.message_id, done.text, {
          parse_mode: 'HTML',
          reply_markup: { inline_keyboard: [] },
        });
        expect(emu.message(user, sent.message_id)?.reply_markup).toBeUndefined();
        expect(emu.message(user, sent.message_id)?.text).toContain('已处理 · 测试');
      }
      // every dialog a button starts: its first question is a valid message too
      for (const action of promptActions(view)) {
        const t = dialogForAction(view, action, { dialogId: 'd1', messageId: 'm1', zone: 'Asia/Shanghai' });
        if (t?.type !== 'ask') continue;
        for (const chat of ['p2p', 'group'] as const) {
          const q = renderDialogQuestion(t.question, chat);
          const sent = await send(q);
          expect(emu.message(user, sent.message_id)?.text).toBe(visibleText(q.text));
        }
      }
    },
  );
});
