/**
 * The whole service with the Telegram channel (real grammY, long polling) against the local
 * Telegram emulator, on the demo unit whose people are bound on Telegram in the unit file
 * (`telegram_id`) and have pressed Start. No Feishu. The clock is a test clock.
 */

import { startTelegramEmulator, type TelegramEmulator } from '@safeduty/telegram-emulator';
import { TELEGRAM_LIMITS } from '../../src/adapters/telegram/send-pacer.js';
import { TELEGRAM_SEND_RATES } from '../../src/app/send-budget.js';
import { loadConfig } from '../../src/config/load-config.js';
import { type Service, type ServiceOptions, startService } from '../../src/main.js';
import { FakeClock } from '../fakes/fake-clock.js';
import { demoConfigDir } from './config-fixture.js';
import { silentLog } from './engine.js';
import { tmpDir } from './tmp.js';

/**
 * Sends to one chat 50 ms apart instead of Telegram's second (the emulator's limits are off here too): these
 * harnesses test what people see and answer, and a guided dialog would otherwise wait a real second per question.
 * The pacing itself is tested in tests/telegram/transport.test.ts.
 */
export const TEST_TELEGRAM_PACING: NonNullable<ServiceOptions['telegramPacing']> = {
  limits: { ...TELEGRAM_LIMITS, perChatIntervalMs: 50 },
  rates: { ...TELEGRAM_SEND_RATES, receiverIntervalMs: 50 },
};

/** The demo unit's people by their Telegram user ids. */
export const TELEGRAM_IDS: Record<string, number> = {
  王建国: 700001,
  李明: 700002,
  张三: 700003,
  李四: 700004,
  赵敏: 700005,
};

export interface TelegramHarness {
  emu: TelegramEmulator;
  dbUrl: string;
  /** where the service keeps evidence photos */
  evidenceDir: string;
  /** the running service (a new one after restart()) */
  readonly service: Service;
  clock: FakeClock;
  /** stops the service and starts it again on the same database, emulator and clock */
  restart(): Promise<void>;
  close(): Promise<void>;
}

export async function telegramHarness(opts: {
  start: string /** more safeduty.yaml */;
  yaml?: string;
}): Promise<TelegramHarness> {
  const emu = await startTelegramEmulator({
    botName: 'SafeDuty',
    limits: { perChatPerSecond: 0, perGroupPerMinute: 0, overallPerSecond: 0 },
  });
  for (const [name, id] of Object.entries(TELEGRAM_IDS)) emu.createUser({ id, firstName: name, started: true });
  const withIds = (yaml: string) =>
    Object.entries(TELEGRAM_IDS).reduce(
      (s, [name, id]) => s.replace(`  - name: ${name}\n`, `  - name: ${name}\n    telegram_id: ${id}\n`),
      yaml,
    );
  const home = tmpDir('tg');
  const dbUrl = `file:${home}/service.db`;
  const evidenceDir = `${home}/evidence`;
  const dir = demoConfigDir(withIds, {
    'safeduty.yaml':
      `database:\n  url: ${dbUrl}\nhttp:\n  port: 0\n  host: 127.0.0.1\nevidence:\n  ` +
      `dir: ${evidenceDir}\n${opts.yaml ?? ''}`,
  });
  const config = loadConfig({ dir, env: { TELEGRAM_BOT_TOKEN: emu.bot().token, TELEGRAM_API_ROOT: emu.url } });
  const clock = new FakeClock(opts.start);
  const start = () =>
    startService(config, { log: silentLog, clock, tickEveryMs: 50, telegramPacing: TEST_TELEGRAM_PACING });
  let service = await start();
  return {
    emu,
    dbUrl,
    evidenceDir,
    get service() {
      return service;
    },
    clock,
    async restart() {
      await service.stop();
      service = await start();
    },
    async close() {
      await service.stop();
      await emu.close();
    },
  };
}
