/**
 * Sandbox mode: the whole bot (engine, SQLite, the real Feishu adapter and SDK, the Telegram
 * adapter and grammY) against the bundled Feishu and Telegram emulators, on a virtual clock, with a
 * chat page at the service's HTTP port.
 * `safeduty serve` starts it when no channel credentials are configured (`sandbox.enabled: auto`).
 *
 * Least intrusive wiring: the emulator users are created first, with open_ids derived from the
 * people's mobiles, and the service is started as usual on a configuration whose Feishu channel
 * points at the emulator, whose database is the sandbox's own, and whose people carry those
 * open_ids. The page and its API are served through the service's HTTP extension hook.
 */

import path from 'node:path';
import { type FeishuEmulator, startFeishuEmulator } from '@safeduty/feishu-emulator';
import { startTelegramEmulator, type TelegramEmulator } from '@safeduty/telegram-emulator';
import { wallTimeMs } from '../adapters/clock/wall-time.js';
import { redactUrl } from '../adapters/store/db.js';
import type { Logger } from '../app/ports.js';
import { activeChannels } from '../config/channels.js';
import { BUILTIN_CONFIG_DIR, type Config, loadConfig } from '../config/load-config.js';
import type { ServiceConfig } from '../config/service-config.js';
import { HolidayCalendar } from '../domain/holiday-calendar.js';
import type { UnitSpec } from '../domain/unit-spec.js';
import { type Service, startService } from '../main.js';
import { handleSandboxApi } from './sandbox-api.js';
import { SandboxClock } from './sandbox-clock.js';
import { SandboxController } from './sandbox-controller.js';
import { loadPageFiles, servePage } from './sandbox-page.js';
import { sandboxPeople, withSandboxIdentities } from './sandbox-people.js';
import { nextWorkdayStart } from './sandbox-start.js';

/** Whether `serve` opens the sandbox: see config/channels.ts (decided without loading the sandbox). */
export { sandboxWanted } from '../config/channels.js';

/** The demo unit (config/demo/units), shown when the configuration has no units of its own. */
export function demoUnits(): UnitSpec[] {
  return [...loadConfig({ dir: path.join(BUILTIN_CONFIG_DIR, 'demo'), env: {} }).units];
}

export interface SandboxOptions {
  log: Logger;
  /** clock start; default `sandbox.clock_start`, else the next working day 5 minutes before the daily opening */
  start?: Date;
  /** virtual seconds per real second (default 1) */
  rate?: number;
  /** real ms between scheduled ticks (default 2000; the clock panel ticks at once anyway) */
  tickEveryMs?: number;
}

export interface Sandbox extends Service {
  emulator: FeishuEmulator;
  telegram: TelegramEmulator;
  clock: SandboxClock;
}

export async function startSandbox(config: Readonly<Config>, o: SandboxOptions): Promise<Sandbox> {
  const s = config.service;
  const log = o.log;
  if (s.sandbox.enabled === true && activeChannels(s).length > 0)
    log.warn({}, 'sandbox.enabled 为 true：已配置的飞书/Telegram 凭证本次不使用，机器人只与内置模拟器通信');

  // The configuration's own units, or the demo unit (the default config/ holds none).
  const ownUnits = config.units.length > 0;
  const configUnits = ownUnits ? [...config.units] : demoUnits();
  const people = sandboxPeople(configUnits);
  const emu = await startFeishuEmulator({ ws: { reconnectNonceSec: 0, reconnectIntervalSec: 1 } });
  for (const p of people) emu.createUser({ name: p.name, openId: p.id, mobile: p.mobile });
  const tg = await startTelegramEmulator({ botName: 'SafeDuty' });
  // Bound on Telegram in the unit file, so they pressed Start long ago: the bot may write to them.
  for (const p of people) tg.createUser({ id: p.telegramId, firstName: p.name, started: true });

  const timeZone = configUnits[0]?.timeZone ?? 'Asia/Shanghai';
  const calendar = new HolidayCalendar(config.calendars);
  const configured = s.sandbox.clock_start ? new Date(s.sandbox.clock_start) : undefined;
  const startAt = () =>
    o.start ?? configured ?? nextWorkdayStart(new Date(wallTimeMs()), timeZone, s.schedule.daily.open, calendar);
  const clock = new SandboxClock(startAt(), o.rate ?? 1);

  const app = emu.app();
  const units = withSandboxIdentities(configUnits);
  const service: ServiceConfig = {
    ...s,
    database: { url: s.sandbox.database },
    // The sandbox's photos beside its database, never among the production evidence.
    evidence: { dir: path.join(path.dirname(s.sandbox.database.replace(/^file:/, '')), 'sandbox-evidence') },
    // The page acts as anyone without a login: this machine only, unless sandbox.host says otherwise.
    http: { ...s.http, host: s.sandbox.host },
    channels: {
      feishu: {
        ...s.channels.feishu,
        app_id: app.appId,
        app_secret: app.appSecret,
        domain: emu.url,
        mode: 'long_connection',
        encrypt_key: undefined,
        verification_token: undefined,
      },
      telegram: {
        ...s.channels.telegram,
        token: tg.bot().token,
        api_root: tg.url,
        mode: 'polling',
        webhook_url: undefined,
        webhook_secret: undefined,
      },
    },
  };
  const page = loadPageFiles();

  let running: Service;
  try {
    running = await startService(
      { ...config, service, units },
      {
        log,
        clock,
        tickEveryMs: o.tickEveryMs ?? 2000,
        drainInTick: true,
        extendHttp: (svc) => {
          const controller = new SandboxController({
            emu,
            telegram: tg,
            clock,
            running: svc,
            people,
            units,
            timeZone,
            dailyOpen: s.schedule.daily.open,
            startAt,
            log,
          });
          return async (req, res, url) => servePage(page, req, res, url) || handleSandboxApi(controller, req, res, url);
        },
      },
    );
  } catch (e) {
    await emu.close();
    await tg.close();
    throw e;
  }
  await emu
    .waitForConnection(15_000)
    .catch((e: unknown) =>
      log.warn({ err: e }, 'sandbox: the bot has not connected to the emulator yet; card clicks wait for it'),
    );
  log.info(
    {
      db: redactUrl(s.sandbox.database),
      emulator: emu.url,
      telegramEmulator: tg.url,
      clock: clock.now().toISOString(),
      host: s.sandbox.host,
      units: ownUnits ? 'config' : 'demo',
    },
    `沙盒已启动：用浏览器打开 http://localhost:${running.port}/ 试用（未配置飞书凭证，机器人连接内置飞书模拟器）`,
  );
  return {
    port: running.port,
    emulator: emu,
    telegram: tg,
    clock,
    async stop() {
      await running.stop();
      await emu.close();
      await tg.close();
    },
  };
}
