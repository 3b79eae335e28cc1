/**
 * Options of the Feishu emulator. Defaults are Feishu's documented values; every limit and
 * deadline is adjustable so tests can hit them quickly.
 */
import { wallTimeMs } from '@safeduty/emulator-kit/clock';

/** Rate limits (documented Feishu values as defaults). */
export interface RateLimits {
  /** gateway limit per API per app per second → HTTP 429, code 99991400 */
  apiPerSecond: number;
  /** gateway limit per API per app per minute → HTTP 429, code 99991400 */
  apiPerMinute: number;
  /** message sends to one user or one chat per second → HTTP 400, code 230020 */
  perReceiverPerSecond: number;
  /** PATCHes of one message per second → HTTP 400, code 230020 */
  patchPerMessagePerSecond: number;
}

/** How events and callbacks reach the bot. */
export interface DeliveryOptions {
  /** long connection (the SDK's WSClient) or HTTP POST to `webhookUrl` */
  mode: 'ws' | 'webhook';
  webhookUrl?: string;
  /** webhook mode: encrypt bodies (AES-256-CBC) and sign requests with this key */
  encryptKey?: string;
  /** `header.token` of every envelope (Feishu's Verification Token) */
  verificationToken: string;
  /** the bot must answer within this time (Feishu: 3 s) */
  ackDeadlineMs: number;
  /** delays before each re-push of an unacknowledged event (same event_id); callbacks are never re-pushed */
  redeliveryDelaysMs: number[];
  /** group messages reach the bot only when they @mention it (default scope) or always */
  groupMessages: 'at_only' | 'all';
}

/** Long-connection settings sent to the SDK as ClientConfig (seconds, fractions allowed). */
export interface WsOptions {
  pingIntervalSec: number;
  reconnectCount: number;
  reconnectIntervalSec: number;
  reconnectNonceSec: number;
  maxConnections: number;
  /** split event payloads into frames of at most this many bytes (0 = one frame) */
  fragmentBytes: number;
}

export interface FeishuEmulatorOptions {
  /** must match /^cli_[0-9a-fA-F]{16}$/ for the SDK's WSClient */
  appId?: string;
  appSecret?: string;
  tenantKey?: string;
  botName?: string;
  botOpenId?: string;
  host?: string;
  /** 0 (default) → a random free port */
  port?: number;
  /** time source for token expiry, uuid de-duplication, rate-limit windows and card windows */
  now?: () => number;
  tokenTtlSeconds?: number;
  limits?: Partial<RateLimits>;
  delivery?: Partial<DeliveryOptions>;
  ws?: Partial<WsOptions>;
}

export interface ResolvedOptions {
  appId: string;
  appSecret: string;
  tenantKey: string;
  botName: string;
  botOpenId: string;
  host: string;
  port: number;
  now: () => number;
  tokenTtlSeconds: number;
  limits: RateLimits;
  delivery: DeliveryOptions;
  ws: WsOptions;
}

export const DEFAULT_LIMITS: RateLimits = {
  apiPerSecond: 50,
  apiPerMinute: 1000,
  perReceiverPerSecond: 5,
  patchPerMessagePerSecond: 5,
};

// Feishu's historic webhook retry schedule: 5 s, 5 min, 1 h, 6 h.
const DEFAULT_REDELIVERY_MS = [5_000, 300_000, 3_600_000, 21_600_000];

export function resolveOptions(o: FeishuEmulatorOptions = {}): ResolvedOptions {
  const appId = o.appId ?? 'cli_a1b2c3d4e5f60718';
  if (!/^cli_[0-9a-fA-F]{16}$/.test(appId)) {
    throw new Error(
      `Feishu emulator: appId "${appId}" must look like cli_ + 16 hex digits (the SDK's WSClient refuses others)`,
    );
  }
  return {
    appId,
    appSecret: o.appSecret ?? 'emulator-app-secret',
    tenantKey: o.tenantKey ?? '2ca1d211f64f6438',
    botName: o.botName ?? 'SafeDuty',
    botOpenId: o.botOpenId ?? 'ou_bot0000000000000000000000000000',
    host: o.host ?? '127.0.0.1',
    port: o.port ?? 0,
    now: o.now ?? wallTimeMs,
    tokenTtlSeconds: o.tokenTtlSeconds ?? 7200,
    limits: { ...DEFAULT_LIMITS, ...o.limits },
    delivery: {
      mode: 'ws',
      verificationToken: 'emulator-verification-token',
      ackDeadlineMs: 3000,
      redeliveryDelaysMs: DEFAULT_REDELIVERY_MS,
      groupMessages: 'at_only',
      ...o.delivery,
    },
    ws: {
      pingIntervalSec: 120,
      reconnectCount: -1,
      reconnectIntervalSec: 120,
      reconnectNonceSec: 30,
      maxConnections: 50,
      fragmentBytes: 0,
      ...o.ws,
    },
  };
}
