/**
 * The emulator's state and subsystems in one object, shared by the Open API routes, the control
 * routes and the in-process driver API, so all three see and change the same world.
 */

import { RateLimiter } from '@safeduty/emulator-kit/rate-limiter';
import { CardTokens } from './card-tokens.js';
import { Delivery } from './delivery.js';
import { Directory } from './directory.js';
import type { AppIdentity } from './envelopes.js';
import { Faults } from './faults.js';
import { MessageStore } from './message-store.js';
import type { ResolvedOptions } from './options.js';
import { TokenStore } from './token-store.js';
import type { EmulatorCounters, RequestLogEntry, SentImage, UploadedFile } from './types.js';
import { WsGateway } from './ws-gateway.js';

export interface EmulatorCore {
  /** live settings: limits, delivery and ws options can change at runtime */
  opts: ResolvedOptions;
  app: AppIdentity;
  now: () => number;
  directory: Directory;
  messages: MessageStore;
  tokens: TokenStore;
  cardTokens: CardTokens;
  limiter: RateLimiter;
  faults: Faults;
  counters: EmulatorCounters;
  files: Map<string, UploadedFile>;
  /** images users sent in chat, by image_key (downloaded through the message resource API) */
  images: Map<string, SentImage>;
  requestLog: RequestLogEntry[];
  gateway: WsGateway;
  delivery: Delivery;
  /** http://host:port once listening */
  baseUrl: string;
}

export function newCounters(): EmulatorCounters {
  return {
    tokensIssued: 0,
    sends: 0,
    messagesCreated: 0,
    dedupedSends: 0,
    patches: 0,
    delayedUpdates: 0,
    callbackCardUpdates: 0,
    uploads: 0,
    downloads: 0,
    idLookups: 0,
    rejections: {},
    eventPushes: 0,
    eventsAcknowledged: 0,
    eventRepushes: 0,
    callbacks: 0,
    callbacksFailed: 0,
    lateAnswers: 0,
  };
}

export function createCore(opts: ResolvedOptions): EmulatorCore {
  const now = opts.now;
  const counters = newCounters();
  const faults = new Faults();
  const gateway = new WsGateway(
    () => opts.ws,
    () => (counters.lateAnswers += 1),
  );
  const app: AppIdentity = {
    appId: opts.appId,
    tenantKey: opts.tenantKey,
    botOpenId: opts.botOpenId,
    botName: opts.botName,
    get verificationToken() {
      return opts.delivery.verificationToken;
    },
  };
  return {
    opts,
    app,
    now,
    directory: new Directory(),
    messages: new MessageStore(now),
    tokens: new TokenStore(now, opts.tokenTtlSeconds),
    cardTokens: new CardTokens(now),
    limiter: new RateLimiter(now),
    faults,
    counters,
    files: new Map(),
    images: new Map(),
    requestLog: [],
    gateway,
    delivery: new Delivery({ gateway, faults, settings: () => opts.delivery, now, counters }),
    baseUrl: '',
  };
}

/** Counts an error response by Feishu code. */
export function countRejection(core: EmulatorCore, code: number): void {
  const key = String(code);
  core.counters.rejections[key] = (core.counters.rejections[key] ?? 0) + 1;
}

const MAX_REQUEST_LOG = 1000;

export function logRequest(core: EmulatorCore, entry: RequestLogEntry): void {
  core.requestLog.push(entry);
  if (core.requestLog.length > MAX_REQUEST_LOG) core.requestLog.shift();
}
