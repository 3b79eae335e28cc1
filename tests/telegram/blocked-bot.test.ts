/**
 * A person blocks the bot on Telegram (my_chat_member: member →
 * kicked, https://core.telegram.org/bots/api#chatmemberupdated):
 * before any prompt fails, the episode is recorded (doctor lists it) and the director is told who
 * cannot be reached and what to do; Start again ends the episode. The whole service on the
 * Telegram emulator.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PrismaStore } from '../../src/adapters/store/prisma-store.js';
import { eventually } from '../helpers/feishu-service.js';
import { TELEGRAM_IDS, type TelegramHarness, telegramHarness } from '../helpers/telegram-service.js';

let h: TelegramHarness;
beforeAll(async () => {
  h = await telegramHarness({ start: '2026-12-01T00:30:00Z' });
}, 60_000);
afterAll(async () => {
  await h?.close();
});

async function openEpisodes(): Promise<{ cause: string; clearedAt: Date | null }[]> {
  const store = await PrismaStore.open(h.dbUrl);
  try {
    return await store.db.unreachable.findMany({ where: { channel: 'telegram' } });
  } finally {
    await store.close();
  }
}

describe('a person who blocks the bot on Telegram', () => {
  it('is recorded as unreachable and the director is told at once; pressing Start again ends it', async () => {
    const director = TELEGRAM_IDS['李明'] as number;
    const officer = TELEGRAM_IDS['李四'] as number;
    await eventually(() => h.emu.messages(officer).some((m) => m.fromBot));
    h.emu.block(officer);
    const told = await eventually(() =>
      h.emu
        .messages(director)
        .find((m) => m.fromBot && (m.text ?? '').includes('李四') && (m.text ?? '').includes('屏蔽')),
    );
    expect(told.text).toContain('Start');
    expect((await openEpisodes()).filter((e) => e.clearedAt === null)).toHaveLength(1);
    h.emu.start(officer);
    for (let i = 0; i < 200 && (await openEpisodes()).some((e) => e.clearedAt === null); i++)
      await new Promise((r) => setTimeout(r, 50));
    expect((await openEpisodes()).every((e) => e.clearedAt !== null)).toBe(true);
    const notices = h.emu.messages(director).filter((m) => m.fromBot && (m.text ?? '').includes('屏蔽'));
    expect(notices).toHaveLength(1);
  });
});
