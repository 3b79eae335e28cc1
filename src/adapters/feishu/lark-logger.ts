/**
 * The Lark SDK's logger, routed into the service's pino logger so that stdout stays JSON lines
 * (the SDK's default logger writes `[info]: …` text with console.*). The SDK passes each call's
 * arguments as one array; errors are reduced to what helps (message, HTTP status, Feishu code/msg)
 * and anything named like a secret is redacted — the SDK logs whole axios errors, whose request
 * config holds the tenant token.
 */
import * as lark from '@larksuiteoapi/node-sdk';
import type { Logger } from '../../app/ports.js';

const SECRET_KEY = /token|secret|authorization|password|encrypt/i;
const MAX_DETAIL = 500;

function describe(part: unknown): unknown {
  if (typeof part === 'string') return part;
  if (part instanceof Error) {
    const e = part as Error & { code?: unknown; response?: { status?: unknown; data?: unknown } };
    return {
      error: e.message,
      ...(e.code !== undefined ? { code: e.code } : {}),
      ...(e.response ? { status: e.response.status, data: e.response.data } : {}),
    };
  }
  try {
    const text = JSON.stringify(part, (k, v: unknown) => (k && SECRET_KEY.test(k) ? '[redacted]' : v));
    return text === undefined ? String(part) : text.length > MAX_DETAIL ? `${text.slice(0, MAX_DETAIL)}…` : text;
  } catch {
    return String(part);
  }
}

function fields(args: unknown[]): { sdk: 'lark'; detail: unknown[] } {
  const flat = args.length === 1 && Array.isArray(args[0]) ? (args[0] as unknown[]) : args;
  return { sdk: 'lark', detail: flat.map(describe) };
}

/**
 * SDK errors become warnings: the adapter itself logs every failure that matters with the ids to
 * trace it (messenger, receiver); the SDK's own line is context. Its info lines are debug here.
 */
export function larkLogger(log: Logger): { logger: object; loggerLevel: lark.LoggerLevel } {
  const l = log.child({ component: 'lark-sdk' });
  return {
    loggerLevel: lark.LoggerLevel.info,
    logger: {
      error: (...a: unknown[]) => l.warn(fields(a), 'lark sdk error'),
      warn: (...a: unknown[]) => l.warn(fields(a), 'lark sdk warning'),
      info: (...a: unknown[]) => l.debug(fields(a), 'lark sdk'),
      debug: (...a: unknown[]) => l.debug(fields(a), 'lark sdk'),
      trace: () => undefined,
    },
  };
}
