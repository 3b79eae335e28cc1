/**
 * The Telegram emulator object: a loopback Telegram Bot API server that the unmodified grammY
 * talks to (`new Bot(token, { client: { apiRoot: emulator.url } })`), plus the driver API tests
 * and the sandbox page use to play the people. The same operations are served as JSON under
 * `/_control/...` (control-routes.ts). See docs/telegram-emulator.md.
 */
import type { Server } from 'node:http';
import { dispatchControl, EmulatorInputError } from '@safeduty/emulator-kit/control-api';
import { sendJson } from '@safeduty/emulator-kit/http-io';
import { closeLoopback, createLoopbackServer, listenLoopback } from '@safeduty/emulator-kit/loopback-server';
import { handleBotApi, isBotApiPath, runWebhookReply } from './bot-api-router.js';
import { controlRoutes } from './control-routes.js';
import { type BotCommand, createCore, newCounters, type TgCore, type TgCounters } from './core.js';
import type { TelegramFaultPlan } from './faults.js';
import { type FloodLimits, resolveOptions, type TelegramEmulatorOptions } from './options.js';
import type {
  CallbackAnswer,
  ChatMessage,
  EmulatorChat,
  EmulatorUser,
  NewGroup,
  NewUser,
  RequestLogEntry,
  StoredFile,
  TgUpdate,
  WebhookDeliveryRecord,
} from './types.js';
import {
  blockBot,
  pressStart,
  sendPhoto,
  sendText,
  setBotInGroup,
  type TapRequest,
  type TapResult,
  tapButton,
  type UserMessageResult,
  waitForAnswer,
} from './user-actions.js';

export interface TelegramBotIdentity {
  token: string;
  id: number;
  name: string;
  username: string;
}

export class TelegramEmulator {
  /** `http://127.0.0.1:<port>` once listening: grammY's `client.apiRoot` */
  url = '';
  port = 0;
  private readonly core: TgCore;
  private readonly initialLimits: FloodLimits;
  private server: Server | undefined;

  constructor(options: TelegramEmulatorOptions = {}) {
    this.core = createCore(resolveOptions(options));
    this.core.updates.onWebhookReply = (body) => runWebhookReply(this.core, body);
    this.initialLimits = { ...this.core.opts.limits };
  }

  bot(): TelegramBotIdentity {
    const o = this.core.opts;
    return { token: o.token, id: o.botId, name: o.botName, username: o.botUsername };
  }

  /** What grammY's `botInfo` option wants (skips getMe), as getMe answers it. */
  botInfo(): Record<string, unknown> {
    return {
      ...this.core.bot,
      can_join_groups: true,
      can_read_all_group_messages: !this.core.opts.privacyMode,
      supports_inline_queries: false,
      can_connect_to_business: false,
      has_main_web_app: false,
    };
  }

  // ── people and chats ──
  createUser(input: NewUser): EmulatorUser {
    return this.core.world.addUser(input);
  }
  users(): EmulatorUser[] {
    return this.core.world.allUsers();
  }
  user(id: number): EmulatorUser | undefined {
    const u = this.core.world.user(id);
    return u ? { ...u } : undefined;
  }
  createGroup(input: NewGroup): EmulatorChat {
    return this.core.world.addGroup(input);
  }
  chats(): EmulatorChat[] {
    return this.core.world.allChats();
  }

  // ── what people do ──
  /** The person presses Start (optionally through a t.me/<bot>?start=<payload> link). */
  start(userId: number, payload?: string): UserMessageResult {
    return pressStart(this.core, userId, payload);
  }
  sendText(req: { userId: number; chatId?: number; text: string; replyToMessageId?: number }): UserMessageResult {
    return sendText(this.core, req);
  }
  sendPhoto(req: {
    userId: number;
    chatId?: number;
    bytes: Buffer;
    caption?: string;
    fileName?: string;
  }): UserMessageResult {
    return sendPhoto(this.core, req);
  }
  tap(req: TapRequest): TapResult {
    return tapButton(this.core, req);
  }
  /** The bot's answer to a tap, once given (undefined if none came within `timeoutMs`). */
  waitForAnswer(callbackQueryId: string, timeoutMs = 5000): Promise<CallbackAnswer | undefined> {
    return waitForAnswer(this.core, callbackQueryId, timeoutMs);
  }
  block(userId: number): void {
    blockBot(this.core, userId);
  }
  /** A member removes the bot from a group (`member: false`) or adds it back. */
  setBotInGroup(req: { userId: number; chatId: number; member: boolean }): void {
    setBotInGroup(this.core, req);
  }

  // ── what people see ──
  /** The chat's messages as shown now (texts and keyboards after edits), oldest first. */
  messages(chatId: number): ChatMessage[] {
    this.core.world.requireChat(chatId);
    return this.core.world.chatMessages(chatId);
  }
  message(chatId: number, messageId: number): ChatMessage | undefined {
    const m = this.core.world.message(chatId, messageId);
    return m ? structuredClone(m) : undefined;
  }
  callbackAnswers(): CallbackAnswer[] {
    return structuredClone([...this.core.callbacks.values()]);
  }
  file(fileId: string): StoredFile | undefined {
    return this.core.world.files.get(fileId);
  }
  files(): Omit<StoredFile, 'bytes'>[] {
    return [...this.core.world.files.values()].map(({ bytes, ...meta }) => ({ ...meta, size: bytes.length }));
  }
  commands(
    scope: { type: string; chat_id?: number; user_id?: number } = { type: 'default' },
    languageCode = '',
  ): BotCommand[] {
    return structuredClone(
      this.core.commands.get(
        JSON.stringify([scope.type, scope.chat_id ?? null, scope.user_id ?? null, languageCode]),
      ) ?? [],
    );
  }

  // ── observation ──
  requests(): RequestLogEntry[] {
    return structuredClone(this.core.requestLog);
  }
  counters(): TgCounters {
    return structuredClone(this.core.counters);
  }
  pendingUpdates(): TgUpdate[] {
    return this.core.updates.pendingUpdates();
  }
  /** A bot is taking updates (webhook set, or getUpdates called within the last `withinMs`, default 35 s). */
  receiving(withinMs = 35_000): boolean {
    return this.core.updates.receiving(withinMs);
  }
  webhook(): { url: string; secretToken?: string; lastErrorMessage?: string } | undefined {
    const w = this.core.updates.webhook;
    return w ? { ...w } : undefined;
  }
  webhookDeliveries(): WebhookDeliveryRecord[] {
    return structuredClone(this.core.updates.deliveries);
  }

  // ── control ──
  injectFaults(plan: TelegramFaultPlan): void {
    this.core.faults.inject(plan);
  }
  clearFaults(): void {
    this.core.faults.clear();
  }
  limits(): FloodLimits {
    return { ...this.core.opts.limits };
  }
  setLimits(patch: Partial<FloodLimits>): FloodLimits {
    for (const [k, v] of Object.entries(patch)) {
      if (!(k in this.initialLimits) || typeof v !== 'number' || !(v >= 0))
        throw new EmulatorInputError(`limit ${k} must be a number ≥ 0`);
    }
    Object.assign(this.core.opts.limits, patch);
    return this.limits();
  }
  setCallbackAnswerMs(ms: number): void {
    if (!(ms >= 0)) throw new EmulatorInputError('callbackAnswerMs must be ≥ 0');
    this.core.opts.callbackAnswerMs = ms;
  }
  /**
   * Forgets messages, files, updates, callbacks, faults, the log and counters,
   * and restores the start limits; `all` also drops people and chats.
   */
  reset(options: { all?: boolean } = {}): void {
    const c = this.core;
    c.world.clear(options.all === true);
    c.updates.drop();
    c.callbacks.clear();
    c.faults.clear();
    c.limiter.clear();
    c.requestLog.length = 0;
    Object.assign(c.counters, newCounters());
    Object.assign(c.opts.limits, this.initialLimits);
  }

  // ── lifecycle ──
  async listen(): Promise<void> {
    const server = createLoopbackServer(
      async (req, res, url) =>
        url.pathname.startsWith('/_control')
          ? dispatchControl(controlRoutes, this, req, res, url)
          : isBotApiPath(url.pathname)
            ? handleBotApi(this.core, req, res, url)
            : sendJson(res, 404, { ok: false, error_code: 404, description: 'Not Found' }),
      (message) => ({ ok: false, error_code: 500, description: `Internal Server Error: emulator bug: ${message}` }),
    );
    this.server = server;
    ({ port: this.port, url: this.url } = await listenLoopback(server, this.core.opts.host, this.core.opts.port));
    this.core.baseUrl = this.url;
  }

  async close(): Promise<void> {
    this.core.updates.close();
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    await closeLoopback(server);
  }
}

/** Starts an emulator on 127.0.0.1 (a random port unless `port` is given). */
export async function startTelegramEmulator(options: TelegramEmulatorOptions = {}): Promise<TelegramEmulator> {
  const emulator = new TelegramEmulator(options);
  await emulator.listen();
  return emulator;
}
