/**
 * The Telegram answer path on a real database: a prompt as sent, its buttons tapped as a person
 * taps them (callback data only), the 异常 dialog answered across a restart (a new store on the same
 * database), the end handed to the same use case as a card form; stale, forged and unbound taps
 * refused; a dialog expiring.
 */

import type { InlineKeyboardButton, InlineKeyboardMarkup } from 'grammy/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PrismaStore } from '../../src/adapters/store/prisma-store.js';
import {
  answerCallback,
  answerText,
  type TelegramAnswer,
  type TelegramAnswerDeps,
} from '../../src/adapters/telegram/render/answers.js';
import type { TelegramMessage } from '../../src/adapters/telegram/render/dialog-message.js';
import { renderPrompt } from '../../src/adapters/telegram/render/render-prompt.js';
import { BIND_HELP } from '../../src/app/commands/handle-text.js';
import { dispatchOutbox } from '../../src/app/dispatch-outbox.js';
import { handleCardAction } from '../../src/app/handle-card-action.js';
import { viewOf } from '../../src/app/prompts/views.js';
import { runTick } from '../../src/app/run-tick.js';
import { demoEngine, type TestEngine } from '../helpers/engine.js';

const HOSTILE = '<b>门</b> & </i><script>x</script>';

describe('Telegram: a daily prompt answered through buttons and a dialog', () => {
  let e: TestEngine;
  let zhang: { id: string };
  let messageId: string;
  const acct = { channel: 'telegram' as const, externalId: '1001' };
  let n = 0;
  const deps = (store = e.store): TelegramAnswerDeps => ({
    store,
    clock: e.clock,
    viewOf,
    newDialogId: () => `dlg${++n}`,
  });
  const buttonsOf = (m: TelegramMessage): InlineKeyboardButton.CallbackButton[] =>
    ((m.reply_markup as InlineKeyboardMarkup).inline_keyboard ?? []).flat() as InlineKeyboardButton.CallbackButton[];
  const press = (m: TelegramMessage, text: string) => {
    const b = buttonsOf(m).find((x) => x.text === text || x.text.includes(text));
    if (!b)
      throw new Error(
        `no button “${text}” in ${buttonsOf(m)
          .map((x) => x.text)
          .join(' / ')}`,
      );
    return b.callback_data;
  };
  const sent = (a: TelegramAnswer | null): TelegramMessage => {
    if (a?.type !== 'send') throw new Error(`expected a question, got ${JSON.stringify(a)}`);
    return a.message;
  };
  async function prompt(): Promise<TelegramMessage> {
    const s = (await e.store.sentMessageById(messageId))!;
    return renderPrompt(viewOf(s.payload, { timeZone: s.timeZone, now: e.clock.now() }), { messageId });
  }

  beforeAll(async () => {
    e = await demoEngine({ start: '2026-12-01T00:30:00Z' });
    await runTick(e);
    await dispatchOutbox(e);
    zhang = (await e.store.findPeople('张三'))[0]!;
    await e.store.db.channelIdentity.create({
      data: { personId: zhang.id, channel: 'telegram', externalId: acct.externalId },
    });
    messageId = (
      await e.store.db.message.findFirstOrThrow({ where: { personId: zhang.id, purpose: 'prompt', state: 'sent' } })
    ).id;
  });
  afterAll(async () => e?.close());

  it('有异常 starts the dialog; answers survive a restart; the end is the card form the use case records', async () => {
    const m = await prompt();
    let q = sent(await answerCallback(deps(), acct, press(m, '有异常'), 'p2p'));
    expect(q.text).toContain('哪一项异常');
    q = sent(await answerCallback(deps(), acct, buttonsOf(q)[1]!.callback_data, 'p2p'));
    expect(q.text).toContain('问题描述');
    q = sent(await answerText(deps(), acct, HOSTILE, 'p2p'));
    expect(q.text).toContain('隐患等级');

    // The service restarts: a new store on the same database, nothing kept in memory.
    const again = await PrismaStore.open(e.db.url);
    try {
      q = sent(await answerCallback(deps(again), acct, press(q, '一般隐患'), 'p2p'));
      q = sent(await answerText(deps(again), acct, '已设置警示', 'p2p'));
      q = sent(await answerCallback(deps(again), acct, press(q, '未停止使用'), 'p2p'));
      expect(q.text).toContain(
        `问题描述：${HOSTILE.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')}`,
      );
      const end = await answerCallback(deps(again), acct, press(q, '其余各项均正常'), 'p2p');
      if (end.type !== 'run') throw new Error(JSON.stringify(end));
      expect(end.action.a).toBe('daily_submit');
      expect(end.promptRef.platformMessageId).toMatch(/^test-/);
      const outcome = await handleCardAction(e, zhang.id, { ...end.action, form: end.form });
      expect(outcome.ok).toBe(true);
      const hazard = await e.store.db.hazard.findFirstOrThrow({ where: { description: { contains: HOSTILE } } });
      expect(hazard.level).toBe('general');
    } finally {
      await again.close();
    }
  });

  it('零风险 runs at once (no dialog), for the device the button names', async () => {
    const m = await prompt();
    const zero = buttonsOf(m).filter((b) => b.text.endsWith('零风险') && !b.text.includes('全部'));
    const a = await answerCallback(deps(), acct, zero[1]!.callback_data, 'p2p');
    const s = (await e.store.sentMessageById(messageId))!;
    if (s.payload.type !== 'daily_check') throw new Error('not a daily prompt');
    expect(a).toMatchObject({ type: 'run', action: { a: 'daily_zero', k: s.payload.devices[1]!.taskKey }, form: {} });
    if (a.type !== 'run') return;
    expect((await handleCardAction(e, zhang.id, { ...a.action, form: a.form })).ok).toBe(true);
    // Drawing a page again (g:) reads the devices' state now: the answered one has its line and no buttons.
    const page = await answerCallback(deps(), acct, `g:${messageId}:0`, 'p2p');
    if (page.type !== 'edit') throw new Error(JSON.stringify(page));
    expect(page.message.text).toContain(`${s.payload.devices[1]!.name}`);
    expect(page.message.text).toMatch(/已提交 \d\d:\d\d · 张三 · 零风险/);
    // device 1 was answered by the 异常 dialog above, device 2 just now: only device 3 still asks
    expect(buttonsOf(page.message).map((b) => b.text)).toEqual([
      `✅ ${s.payload.devices[2]!.name} 零风险`,
      '⚠️ 有异常 / 不适用',
    ]);
  });

  it('refuses a forged digest, an unknown message, an old dialog button and an unbound account', async () => {
    const data = press(await prompt(), '有异常');
    const forged = data.replace(/:[A-Za-z0-9_-]{4}$/, ':AAAA');
    expect(await answerCallback(deps(), acct, forged, 'p2p')).toMatchObject({
      type: 'notice',
      text: expect.stringContaining('已更新或已失效'),
    });
    expect(await answerCallback(deps(), acct, data.replace(/^p:[^:]+/, 'p:nosuchmessage'), 'p2p')).toMatchObject({
      type: 'notice',
    });
    expect(await answerCallback(deps(), acct, 'd:dlg1:0:0', 'p2p')).toMatchObject({
      type: 'notice',
      text: expect.stringContaining('已结束或已超时'),
    });
    expect(await answerCallback(deps(), { channel: 'telegram', externalId: '999' }, data, 'p2p')).toEqual({
      type: 'notice',
      text: BIND_HELP,
    });
  });

  it('a dialog expires after the question time; typed text then goes to the commands', async () => {
    sent(await answerCallback(deps(), acct, press(await prompt(), '有异常'), 'p2p'));
    e.clock.set(new Date(e.clock.now().getTime() + 11 * 60_000).toISOString());
    expect(await answerText(deps(), acct, '1', 'p2p')).toBeNull();
  });

  it('取消 ends the dialog and says nothing was saved', async () => {
    sent(await answerCallback(deps(), acct, press(await prompt(), '有异常'), 'p2p'));
    expect(await answerText(deps(), acct, '取消', 'p2p')).toMatchObject({
      type: 'notice',
      text: expect.stringContaining('没有保存'),
    });
    expect(await answerText(deps(), acct, '随便说点什么', 'p2p')).toBeNull();
  });
});
