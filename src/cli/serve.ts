/**
 * `safeduty serve`: runs the service until SIGINT/SIGTERM — or the sandbox when nothing production is
 * configured (`npm start` on a fresh clone). `safeduty sandbox` (`npm run sandbox`) always opens the sandbox.
 */

import { systemClock } from '../adapters/clock/system-clock.js';
import { VirtualClock } from '../adapters/clock/virtual-clock.js';
import { createLogger } from '../adapters/log/pino-logger.js';
import { AppError } from '../app/app-error.js';
import type { Logger } from '../app/ports.js';
import { activeChannels, productionWithoutChannel, sandboxWanted } from '../config/channels.js';
import type { Config } from '../config/load-config.js';
import { startService } from '../main.js';
import { loadDevTools } from './dev-tools.js';
import { loadFromFlags, parseOptions, portOption } from './options.js';
import { probeChannel } from './probe-channel.js';

/**
 * One line and no start when the production setup cannot work: a production database without a
 * channel (sandbox auto), or credentials the platform refuses. An unreachable platform only warns:
 * the long connection keeps retrying.
 */
async function refuseBrokenProduction(config: Readonly<Config>, log: Logger): Promise<void> {
  const s = config.service;
  const missing = s.sandbox.enabled === 'auto' ? productionWithoutChannel(s) : undefined;
  if (missing) throw new AppError('CONFIG_INVALID', missing);
  for (const ch of activeChannels(s)) {
    const probe = await probeChannel(ch, s);
    if (probe.rejected)
      throw new AppError('CONFIG_INVALID', `${ch === 'feishu' ? '飞书' : 'Telegram '}${probe.detail}`);
    if (!probe.ok)
      log.warn({ channel: ch, detail: probe.detail }, 'channel not reachable at start; retrying in the background');
  }
}

/** `--clock-start 2026-12-01T08:00:00+08:00 --clock-speed 60`: a virtual clock for trials. */
function virtualClockFrom(start: string | undefined, speed: string | undefined): VirtualClock | null {
  if (start === undefined && speed === undefined) return null;
  const at = new Date(start ?? '');
  if (start === undefined || Number.isNaN(at.getTime()))
    throw new AppError('USAGE', '--clock-start 应为 ISO 时间，例如 2026-12-01T08:00:00+08:00');
  const rate = speed === undefined ? 1 : Number(speed);
  if (!Number.isFinite(rate) || rate <= 0 || rate > 10_000)
    throw new AppError('USAGE', '--clock-speed 应为 0 到 10000 之间的数，例如 60（1 秒 = 1 分钟）');
  return new VirtualClock(at, rate);
}

/** `safeduty sandbox [--port N] [--clock-start T] [--clock-speed R]`: the sandbox whatever the configuration says. */
export function sandbox(args: string[]): Promise<number> {
  return serve(args, { sandbox: true });
}

export async function serve(args: string[], o: { sandbox?: true } = {}): Promise<number> {
  const { values } = parseOptions(args, {
    port: { type: 'string' },
    'clock-start': { type: 'string' },
    'clock-speed': { type: 'string' },
  });
  const loaded = loadFromFlags(values.config);
  const config = o.sandbox
    ? { ...loaded, service: { ...loaded.service, sandbox: { ...loaded.service.sandbox, enabled: true as const } } }
    : loaded;
  const log = createLogger(config.service.log.level);
  const clock = virtualClockFrom(values['clock-start'], values['clock-speed']);
  if (clock) log.info({ start: clock.now().toISOString(), speed: clock.rate }, '虚拟时钟');
  const port = portOption(values.port);
  const portOf = (c: Readonly<Config>): Readonly<Config> =>
    port !== undefined ? { ...c, service: { ...c.service, http: { ...c.service.http, port } } } : c;
  const withPort = portOf(config);
  // Nothing production configured (or sandbox.enabled: true): the sandbox page against the bundled
  // emulator. A production configuration missing or with broken credentials refuses to start.
  const sandbox = sandboxWanted(config.service);
  if (!sandbox) await refuseBrokenProduction(config, log);
  const service = sandbox
    ? await (await loadDevTools()).startSandbox(withPort, {
        log,
        ...(clock ? { start: clock.now(), rate: clock.rate } : {}),
      })
    : await startService(withPort, {
        log,
        clock: clock ?? systemClock,
        tickEveryMs: clock ? Math.max(200, Math.round(60_000 / clock.rate)) : undefined,
        reloadConfig: () => portOf(loadFromFlags(values.config)),
      });
  // SIGHUP: read the configuration folder again (an invalid one is refused and the running one kept).
  const onHup = () => void service.reload?.('SIGHUP');
  process.on('SIGHUP', onHup);
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  process.off('SIGHUP', onHup);
  await service.stop();
  return 0;
}
