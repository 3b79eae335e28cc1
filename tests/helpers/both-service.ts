/**
 * The whole service with BOTH channels: Feishu (real SDK, long connection) against the Feishu
 * emulator and Telegram (real grammY, long polling) against the Telegram emulator, the demo unit's
 * people bound on both. The clock is a test clock.
 */

import { type FeishuEmulator, startFeishuEmulator } from '@safeduty/feishu-emulator';
import { startTelegramEmulator, type TelegramEmulator } from '@safeduty/telegram-emulator';
import { loadConfig } from '../../src/config/load-config.js';
import { type Service, startService } from '../../src/main.js';
import { FakeClock } from '../fakes/fake-clock.js';
import { demoConfigDir } from './config-fixture.js';
import { silentLog } from './engine.js';
import { MOBILES, OPEN_IDS } from './feishu-service.js';
import { TELEGRAM_IDS, TEST_TELEGRAM_PACING } from './telegram-service.js';
import { tmpDir } from './tmp.js';

export interface BothHarness {
  feishu: FeishuEmulator;
  telegram: TelegramEmulator;
  dbUrl: string;
  service: Service;
  clock: FakeClock;
  close(): Promise<void>;
}

export async function bothHarness(opts: {
  start: string;
  /** edits the demo unit file (after the chat ids are added) */
  edit?: (unitYaml: string) => string;
  /** more files in the configuration folder, by relative path */
  files?: Record<string, string>;
}): Promise<BothHarness> {
  const feishu = await startFeishuEmulator({ ws: { reconnectNonceSec: 0, reconnectIntervalSec: 0.05 } });
  for (const [name, openId] of Object.entries(OPEN_IDS)) feishu.createUser({ name, openId, mobile: MOBILES[name] });
  const telegram = await startTelegramEmulator({
    botName: 'SafeDuty',
    limits: { perChatPerSecond: 0, perGroupPerMinute: 0, overallPerSecond: 0 },
  });
  for (const [name, id] of Object.entries(TELEGRAM_IDS)) telegram.createUser({ id, firstName: name, started: true });
  const withIds = (yaml: string) =>
    Object.keys(OPEN_IDS).reduce(
      (s, name) =>
        s.replace(
          `  - name: ${name}\n`,
          `  - name: ${name}\n    feishu_open_id: ${OPEN_IDS[name]}\n    telegram_id: ${TELEGRAM_IDS[name]}\n`,
        ),
      yaml,
    );
  const dbUrl = `file:${tmpDir('both')}/service.db`;
  const dir = demoConfigDir((y) => (opts.edit ?? ((x) => x))(withIds(y)), {
    'safeduty.yaml': `database:\n  url: ${dbUrl}\nhttp:\n  port: 0\n  host: 127.0.0.1\n`,
    ...opts.files,
  });
  const app = feishu.app();
  const config = loadConfig({
    dir,
    env: {
      FEISHU_APP_ID: app.appId,
      FEISHU_APP_SECRET: app.appSecret,
      FEISHU_DOMAIN: feishu.url,
      FEISHU_MODE: 'long_connection',
      TELEGRAM_BOT_TOKEN: telegram.bot().token,
      TELEGRAM_API_ROOT: telegram.url,
    },
  });
  const clock = new FakeClock(opts.start);
  const service = await startService(config, {
    log: silentLog,
    clock,
    tickEveryMs: 50,
    telegramPacing: TEST_TELEGRAM_PACING,
  });
  await feishu.waitForConnection(10_000);
  return {
    feishu,
    telegram,
    dbUrl,
    service,
    clock,
    async close() {
      await service.stop();
      await Promise.all([feishu.close(), telegram.close()]);
    },
  };
}
