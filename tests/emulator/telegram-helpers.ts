/** Shared pieces of the Telegram emulator tests: an emulator with people, grammY bots pointed at it. */

import {
  startTelegramEmulator,
  type TelegramEmulator,
  type TelegramEmulatorOptions,
} from '@safeduty/telegram-emulator';
import { Bot, type Context, GrammyError } from 'grammy';
import type { UserFromGetMe } from 'grammy/types';

export async function telegramWithPeople(options: TelegramEmulatorOptions = {}) {
  const emu = await startTelegramEmulator({
    limits: { perChatPerSecond: 0, perGroupPerMinute: 0, overallPerSecond: 0 },
    ...options,
  });
  const zhang = emu.createUser({ firstName: '张安全', username: 'zhang_aq' });
  const li = emu.createUser({ firstName: '李总监' });
  return { emu, zhang, li };
}

/** A real grammY bot on the emulator (botInfo given, so no getMe at start unless asked). */
export function botOn(emu: TelegramEmulator, withInfo = true): Bot<Context> {
  const { token } = emu.bot();
  return new Bot(token, {
    client: { apiRoot: emu.url, timeoutSeconds: 10 },
    ...(withInfo ? { botInfo: emu.botInfo() as unknown as UserFromGetMe } : {}),
  });
}

/** The GrammyError a call failed with (fails the test when it did not fail that way). */
export async function apiError(call: Promise<unknown>): Promise<GrammyError> {
  try {
    await call;
  } catch (e) {
    if (e instanceof GrammyError) return e;
    throw e;
  }
  throw new Error('the call succeeded');
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Polls `check` until it returns something truthy (or fails after `ms`). */
export async function eventually<T>(check: () => T | undefined | false, ms = 5000): Promise<T> {
  for (let waited = 0; ; waited += 20) {
    const v = check();
    if (v) return v;
    if (waited >= ms) throw new Error('condition not met in time');
    await sleep(20);
  }
}
