/**
 * Deterministic fault injection for the Bot API: the next N calls of a method (or of any method)
 * fail with a given error, answer 5xx, answer a non-JSON 502 page (as a proxy in front of the API
 * would), lose their connection, or come late. Counted, not random, so a test knows exactly which
 * call fails.
 */
import { EmulatorInputError } from '@safeduty/emulator-kit/control-api';
import { BotApiError } from './bot-api-error.js';

export interface TelegramFaultPlan {
  /** the Bot API method the faults hit, case-insensitive (default: any method) */
  method?: string;
  /** the next `times` (default 1) calls answer this error (e.g. 403 “Forbidden: bot was blocked by the user”) */
  failWith?: { code: number; description?: string; retryAfter?: number; times?: number };
  /** the next N calls answer HTTP 500 “Internal Server Error” */
  serverError?: number;
  /** the next N calls answer an HTML 502 Bad Gateway page (grammY: HttpError, not GrammyError) */
  badGateway?: number;
  /** the next N calls lose their connection without an answer */
  dropConnection?: number;
  /** answer calls this many milliseconds late … */
  delayMs?: number;
  /** … for the next N calls (every call while set, when omitted) */
  delayCount?: number;
}

export type Fault = { kind: 'error'; error: BotApiError } | { kind: 'badGateway' } | { kind: 'drop' };

interface Plan {
  errors: { error: BotApiError; times: number }[];
  badGateway: number;
  drop: number;
  delayMs: number;
  delayCount: number;
}

const DEFAULT_DESCRIPTIONS: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
};

export class TelegramFaults {
  private readonly byMethod = new Map<string, Plan>();

  inject(plan: TelegramFaultPlan): void {
    const key = (plan.method ?? 'any').toLowerCase();
    const p = this.byMethod.get(key) ?? { errors: [], badGateway: 0, drop: 0, delayMs: 0, delayCount: 0 };
    const count = (n: unknown, what: string): number => {
      if (n === undefined) return 0;
      if (typeof n !== 'number' || !Number.isInteger(n) || n < 0)
        throw new EmulatorInputError(`${what} must be a whole number ≥ 0`);
      return n;
    };
    if (plan.failWith) {
      const { code, description, retryAfter, times } = plan.failWith;
      if (typeof code !== 'number' || code < 400 || code > 599)
        throw new EmulatorInputError('failWith.code must be an HTTP error status (400–599)');
      const text =
        description ??
        (code === 429 ? `Too Many Requests: retry after ${retryAfter ?? 1}` : (DEFAULT_DESCRIPTIONS[code] ?? 'Error'));
      const params = code === 429 || retryAfter !== undefined ? { retry_after: retryAfter ?? 1 } : undefined;
      p.errors.push({
        error: new BotApiError(code, text, params),
        times: times === undefined ? 1 : count(times, 'failWith.times'),
      });
    }
    const server = count(plan.serverError, 'serverError');
    if (server > 0) p.errors.push({ error: new BotApiError(500, 'Internal Server Error'), times: server });
    p.badGateway += count(plan.badGateway, 'badGateway');
    p.drop += count(plan.dropConnection, 'dropConnection');
    if (plan.delayMs !== undefined) {
      p.delayMs = count(plan.delayMs, 'delayMs');
      p.delayCount = plan.delayCount === undefined ? Number.POSITIVE_INFINITY : count(plan.delayCount, 'delayCount');
    }
    this.byMethod.set(key, p);
  }

  clear(): void {
    this.byMethod.clear();
  }

  /** Milliseconds to hold this call back (consumes one delayed call). */
  takeDelay(method: string): number {
    for (const p of this.plansFor(method)) {
      if (p.delayMs > 0 && p.delayCount > 0) {
        p.delayCount -= 1;
        return p.delayMs;
      }
    }
    return 0;
  }

  /** The injected failure for this call, if any (consumes it). */
  take(method: string): Fault | undefined {
    for (const p of this.plansFor(method)) {
      if (p.drop > 0) {
        p.drop -= 1;
        return { kind: 'drop' };
      }
      if (p.badGateway > 0) {
        p.badGateway -= 1;
        return { kind: 'badGateway' };
      }
      const e = p.errors.find((x) => x.times > 0);
      if (e) {
        e.times -= 1;
        return { kind: 'error', error: e.error };
      }
    }
    return undefined;
  }

  private plansFor(method: string): Plan[] {
    return [this.byMethod.get(method.toLowerCase()), this.byMethod.get('any')].filter(
      (p): p is Plan => p !== undefined,
    );
  }
}
