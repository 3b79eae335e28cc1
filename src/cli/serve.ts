/** `safeduty serve`: runs the service until SIGINT/SIGTERM. */
import { createLogger } from '../adapters/log/pino-logger.js';
import { systemClock } from '../adapters/clock/system-clock.js';
import { startService } from '../main.js';
import { loadFromFlags, parseOptions } from './options.js';

export async function serve(args: string[]): Promise<number> {
  const { values } = parseOptions(args, { port: { type: 'string' } });
  const config = loadFromFlags(values.config);
  const log = createLogger(config.service.log.level);
  const service = await startService(
    values.port ? { ...config, service: { ...config.service, http: { ...config.service.http, port: Number(values.port) } } } : config,
    { log, clock: systemClock },
  );
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await service.stop();
  return 0;
}
