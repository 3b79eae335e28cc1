/**
 * The emulator's state and subsystems in one object, shared by the Bot API methods, the control
 * routes and the in-process driver API, so all three see and change the same world.
 */
import { RateLimiter } from '@safeduty/emulator-kit/rate-limiter';
import { TelegramFaults } from './faults.js';
import type { ResolvedOptions } from './options.js';
import type { CallbackAnswer, RequestLogEntry, TgUser } from './types.js';
import { UpdateQueue } from './updates.js';
import { World } from './world.js';

export interface BotCommand {
  command: string;
  description: string;
}

export interface TgCounters {
  calls: number;
  messagesSent: number;
  edits: number;
  uploads: number;
  updatesCreated: number;
  /** error answers by description */
  rejections: Record<string, number>;
}

export interface TgCore {
  opts: ResolvedOptions;
  bot: TgUser;
  world: World;
  updates: UpdateQueue;
  faults: TelegramFaults;
  limiter: RateLimiter;
  callbacks: Map<string, CallbackAnswer>;
  /** setMyCommands lists by scope + language (key: JSON of both) */
  commands: Map<string, BotCommand[]>;
  requestLog: RequestLogEntry[];
  counters: TgCounters;
  /** http://host:port once listening */
  baseUrl: string;
}

export function newCounters(): TgCounters {
  return { calls: 0, messagesSent: 0, edits: 0, uploads: 0, updatesCreated: 0, rejections: {} };
}

export function createCore(opts: ResolvedOptions): TgCore {
  const bot: TgUser = { id: opts.botId, is_bot: true, first_name: opts.botName, username: opts.botUsername };
  return {
    opts,
    bot,
    world: new World(bot),
    updates: new UpdateQueue(opts.firstUpdateId, opts.now, () => opts.webhook),
    faults: new TelegramFaults(),
    limiter: new RateLimiter(opts.now),
    callbacks: new Map(),
    commands: new Map(),
    requestLog: [],
    counters: newCounters(),
    baseUrl: '',
  };
}

const MAX_REQUEST_LOG = 2000;

export function logRequest(core: TgCore, entry: RequestLogEntry): void {
  core.requestLog.push(entry);
  if (core.requestLog.length > MAX_REQUEST_LOG) core.requestLog.shift();
  if (entry.status >= 400) {
    const key = `${entry.status} ${entry.description ?? ''}`.trim();
    core.counters.rejections[key] = (core.counters.rejections[key] ?? 0) + 1;
  }
}

/** Seconds since the epoch on the emulator's clock (Message.date). */
export function unixNow(core: TgCore): number {
  return Math.floor(core.opts.now() / 1000);
}
