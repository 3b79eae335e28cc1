/**
 * A person on both channels (Feishu and Telegram bound in the unit file): each prompt reaches both,
 * and whichever copy they answer, the other turns to the same state — read-only once done — so
 * no copy asks for what is already recorded. One service, both emulators, both real SDKs.
 */

import type { ChatMessage } from '@safeduty/telegram-emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PrismaStore } from '../../src/adapters/store/prisma-store.js';
import { type BothHarness, bothHarness } from '../helpers/both-service.js';
import { eventually, OPEN_IDS } from '../helpers/feishu-service.js';
import { TELEGRAM_IDS } from '../helpers/telegram-service.js';

const START = '2026-12-01T00:30:00Z'; // Tuesday 08:30 in Tianjin

let h: BothHarness;
beforeAll(async () => {
  h = await bothHarness({ start: START });
}, 60_000);
afterAll(async () => {
  await h?.close();
});

const card = (who: string, text: string) =>
  h.feishu
    .messages({ user: OPEN_IDS[who] })
    .filter((m) => m.card && JSON.stringify(m.card).includes(text))
    .at(-1);
const cardAsks = (messageId: string) => {
  const c = JSON.stringify(h.feishu.message(messageId)?.card ?? {});
  return c.includes('"tag":"button"') || c.includes('"tag":"form"');
};
const buttons = (m: ChatMessage | undefined) => (m?.reply_markup?.inline_keyboard ?? []).flat();
const tgPrompt = (who: string, text: string) =>
  h.telegram
    .messages(TELEGRAM_IDS[who]!)
    .filter((m) => m.fromBot && (m.text ?? '').includes(text) && buttons(m).length > 0)
    .at(-1);
const tgMessage = (who: string, id: number) => h.telegram.message(TELEGRAM_IDS[who]!, id);
async function tap(who: string, messageId: number, label: string): Promise<string> {
  const b = buttons(tgMessage(who, messageId)).find((x) => x.text.includes(label));
  if (!b?.callback_data) throw new Error(`no button “${label}”`);
  const t = h.telegram.tap({ userId: TELEGRAM_IDS[who]!, messageId, data: b.callback_data });
  return (await h.telegram.waitForAnswer(t.callbackQueryId, 8000))?.answered?.text ?? '';
}
async function records(kind: string): Promise<number> {
  const store = await PrismaStore.open(h.dbUrl);
  try {
    return await store.db.record.count({ where: { kind } });
  } finally {
    await store.close();
  }
}

describe('a person bound on Feishu and Telegram', () => {
  it('gets the prompt on both; answered on Telegram, the Feishu card turns read-only', async () => {
    const f = await eventually(() => card('李四', '日管控'));
    const t = await eventually(() => tgPrompt('李四', '日管控'));
    expect(await tap('李四', t.message_id, '全部正常')).toContain('3 台零风险');
    await eventually(() => buttons(tgMessage('李四', t.message_id)).length === 0);
    await eventually(() => !cardAsks(f.messageId));
    expect(JSON.stringify(h.feishu.message(f.messageId)?.card)).toContain('零风险');
    expect(await records('daily_check')).toBe(3);
  });

  it('answered on Feishu, the Telegram message shows it: the device answered there has no buttons left', async () => {
    const f = await eventually(() => card('张三', '日管控'));
    const t = await eventually(() => tgPrompt('张三', '日管控'));
    const before = buttons(tgMessage('张三', t.message_id)).length;
    const r = await h.feishu.actOnCard({ messageId: f.messageId, user: OPEN_IDS['张三']!, element: 'd1_zero' });
    expect(r.ok).toBe(true);
    await eventually(() => buttons(tgMessage('张三', t.message_id)).length < before);
    expect(tgMessage('张三', t.message_id)?.text).toContain('已提交');
    // the other device is still open
    expect(buttons(tgMessage('张三', t.message_id)).some((b) => b.text.includes('零风险'))).toBe(true);
  });

  it(
    'a dialog on Telegram ends in the Telegram message redrawn (not the Feishu id), ' +
      'and the Feishu card read-only too',
    async () => {
      await h.feishu.sendUserMessage({ from: OPEN_IDS['李明']!, text: '意见 建议给叉车加装倒车影像' });
      const fc = await eventually(() => card('王建国', '倒车影像'));
      const t = await eventually(() => tgPrompt('王建国', '倒车影像'));
      const after = h.telegram.messages(TELEGRAM_IDS['王建国']!).at(-1)!.message_id;
      await tap('王建国', t.message_id, '采纳');
      await eventually(() =>
        h.telegram.messages(TELEGRAM_IDS['王建国']!).some((m) => m.fromBot && m.message_id > after),
      );
      h.telegram.sendText({ userId: TELEGRAM_IDS['王建国']!, text: '同意，下月采购' });
      await eventually(() => buttons(tgMessage('王建国', t.message_id)).length === 0);
      await eventually(() => !cardAsks(fc.messageId));
      expect(await records('advice_answer')).toBe(1);
    },
  );
});
