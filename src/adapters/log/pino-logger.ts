/** Logger port on pino: JSON lines on stdout, readable and greppable by ids. */
import { pino } from 'pino';
import type { Logger } from '../../app/ports.js';

export function createLogger(level: string, destination?: NodeJS.WritableStream): Logger {
  const base = pino(
    { level, base: { svc: 'safeduty' }, timestamp: pino.stdTimeFunctions.isoTime },
    destination as never,
  );
  return base as unknown as Logger;
}
