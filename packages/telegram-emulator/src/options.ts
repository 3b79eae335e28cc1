/**
 * Options of the Telegram Bot API emulator. Defaults are Telegram's documented values; every limit
 * and deadline is adjustable so tests can hit them quickly.
 */
import { wallTimeMs } from '@safeduty/emulator-kit/clock';

/**
 * Flood control (https://core.telegram.org/bots/faq#my-bot-is-hitting-limits-how-do-i-avoid-this:
 * “avoid sending more than one message per second” in one chat, “not be able to send more than 20
 * messages per minute to the same group”, bulk notifications “about 30 messages per second”).
 * Exceeding one → HTTP 429 with `parameters.retry_after`. 0 switches a rule off.
 */
export interface FloodLimits {
  perChatPerSecond: number;
  perGroupPerMinute: number;
  overallPerSecond: number;
}

export interface WebhookDeliveryOptions {
  /** how long the emulator waits for the bot's answer to one POST */
  timeoutMs: number;
  /** delays before each new attempt of an update the bot did not accept (the last one repeats) */
  retryDelaysMs: number[];
}

export interface TelegramEmulatorOptions {
  /** the bot's token, `<bot id>:<secret>` (https://core.telegram.org/bots/api#authorizing-your-bot) */
  token?: string;
  botName?: string;
  /** the bot's @username, ending in “bot” */
  botUsername?: string;
  host?: string;
  /** 0 (default) → a random free port */
  port?: number;
  /** time source for message dates, flood windows and callback deadlines */
  now?: () => number;
  limits?: Partial<FloodLimits>;
  /** a callback query must be answered within this time (reports say 10–15 s; Telegram documents none) */
  callbackAnswerMs?: number;
  webhook?: Partial<WebhookDeliveryOptions>;
  /**
   * group privacy mode (https://core.telegram.org/bots/features#privacy-mode, on by default): in
   * groups the bot receives only commands, replies to its messages and mentions of it
   */
  privacyMode?: boolean;
  /** at most this many buttons in one inline keyboard (“reply markup is too long” beyond) */
  maxInlineButtons?: number;
  /** the first update_id handed out (Telegram starts from “a certain positive number”) */
  firstUpdateId?: number;
}

export interface ResolvedOptions {
  token: string;
  botId: number;
  botName: string;
  botUsername: string;
  host: string;
  port: number;
  now: () => number;
  limits: FloodLimits;
  callbackAnswerMs: number;
  webhook: WebhookDeliveryOptions;
  privacyMode: boolean;
  maxInlineButtons: number;
  firstUpdateId: number;
}

export const DEFAULT_FLOOD_LIMITS: FloodLimits = { perChatPerSecond: 1, perGroupPerMinute: 20, overallPerSecond: 30 };

/** https://core.telegram.org/bots/api#authorizing-your-bot: “123456:ABC-DEF1234ghIkl-zyx57W2v1u123ew11” */
const TOKEN_SHAPE = /^(\d{1,20}):([A-Za-z0-9_-]{1,100})$/;

export function resolveOptions(o: TelegramEmulatorOptions = {}): ResolvedOptions {
  const token = o.token ?? '7000000001:AAEmulatorTokenForSafeDutyLoopback0000';
  const m = TOKEN_SHAPE.exec(token);
  if (!m)
    throw new Error(
      `Telegram emulator: token "${token}" must look like <bot id>:<secret> (digits, a colon, then letters, ` +
        `digits, _ or -)`,
    );
  const botUsername = o.botUsername ?? 'safeduty_emulator_bot';
  if (!/^[A-Za-z][A-Za-z0-9_]{3,30}bot$/i.test(botUsername))
    throw new Error(`Telegram emulator: bot username "${botUsername}" must be 5–32 characters ending in "bot"`);
  return {
    token,
    botId: Number(m[1]),
    botName: o.botName ?? 'SafeDuty',
    botUsername,
    host: o.host ?? '127.0.0.1',
    port: o.port ?? 0,
    now: o.now ?? wallTimeMs,
    limits: { ...DEFAULT_FLOOD_LIMITS, ...o.limits },
    callbackAnswerMs: o.callbackAnswerMs ?? 15_000,
    webhook: { timeoutMs: 60_000, retryDelaysMs: [1000, 2000, 4000, 8000, 16000, 32000, 60000], ...o.webhook },
    privacyMode: o.privacyMode ?? true,
    maxInlineButtons: o.maxInlineButtons ?? 100,
    firstUpdateId: o.firstUpdateId ?? 100_000_000 + Math.floor(Math.random() * 800_000_000),
  };
}
