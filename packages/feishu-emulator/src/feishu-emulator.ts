/**
 * The Feishu emulator object: a loopback Feishu Open Platform (HTTP + long connection) that the
 * unmodified SDK talks to, plus the driver API tests and the sandbox page use to play the users.
 * The same operations are served as JSON under `/_emulator/...` (see control-routes.ts).
 */
import type { Server } from 'node:http';
import { closeLoopback, listenLoopback } from '@safeduty/emulator-kit/loopback-server';
import type { UserPatch } from './directory.js';
import { createCore, type EmulatorCore, newCounters } from './emulator-core.js';
import type { FaultPlan } from './faults.js';
import { EmulatorInputError } from './feishu-error.js';
import { createEmulatorServer } from './http-server.js';
import { type DeliveryOptions, type FeishuEmulatorOptions, type RateLimits, resolveOptions } from './options.js';
import type {
  CardActionRequest,
  CardActionResult,
  DeliveryRecord,
  EmulatorChat,
  EmulatorCounters,
  EmulatorUser,
  MessageHead,
  NewGroup,
  NewUser,
  RequestLogEntry,
  StoredMessage,
  UploadedFile,
  UserImageRequest,
  UserMessageRequest,
  UserMessageResult,
} from './types.js';
import { type UrlVerificationResult, verifyWebhookUrl } from './url-verification.js';
import { actOnCard, sendUserImage, sendUserMessage } from './user-actions.js';

/** The app the emulator impersonates; give these to the SDK. */
export interface EmulatorApp {
  appId: string;
  appSecret: string;
  tenantKey: string;
  botOpenId: string;
  botName: string;
}

export class FeishuEmulator {
  /** `http://127.0.0.1:<port>` once listening: the SDK's `domain` */
  url = '';
  port = 0;
  private readonly core: EmulatorCore;
  private readonly initialLimits: RateLimits;
  private server: Server | undefined;

  constructor(options: FeishuEmulatorOptions = {}) {
    this.core = createCore(resolveOptions(options));
    this.initialLimits = { ...this.core.opts.limits };
  }

  app(): EmulatorApp {
    const { appId, appSecret, tenantKey, botOpenId, botName } = this.core.opts;
    return { appId, appSecret, tenantKey, botOpenId, botName };
  }

  // ── people and chats ──
  createUser(input: NewUser): EmulatorUser {
    return this.core.directory.addUser(input);
  }
  updateUser(openId: string, patch: UserPatch): EmulatorUser {
    return this.core.directory.updateUser(openId, patch);
  }
  users(): EmulatorUser[] {
    return this.core.directory.users();
  }
  createGroup(input: NewGroup): EmulatorChat {
    return this.core.directory.addGroup(input);
  }
  chats(): EmulatorChat[] {
    return this.core.directory.chats();
  }

  // ── what users see and do ──
  /** Messages (cards in their current state), oldest first: all, one user's chats, or one chat. */
  messages(filter: { user?: string; chatId?: string } = {}): StoredMessage[] {
    const { directory } = this.core;
    if (filter.user) directory.requireUser(filter.user);
    const chats = directory
      .chats()
      .filter(
        (c) =>
          (!filter.user || c.memberOpenIds.includes(filter.user)) && (!filter.chatId || c.chatId === filter.chatId),
      );
    return this.core.messages.list(filter.user || filter.chatId ? new Set(chats.map((c) => c.chatId)) : undefined);
  }
  /** Every message's id, chat, type and time, oldest first, without copying contents (benchmarks poll this). */
  messageHeads(): MessageHead[] {
    return this.core.messages.heads();
  }
  message(messageId: string): StoredMessage | undefined {
    return this.core.messages.list().find((m) => m.messageId === messageId);
  }
  sendUserMessage(req: UserMessageRequest): Promise<UserMessageResult> {
    return sendUserMessage(this.core, req);
  }
  /** A user sends a picture in a chat: an image message (content `{"image_key"}`) pushed as im.message.receive_v1. */
  sendUserImage(req: UserImageRequest): Promise<UserMessageResult> {
    return sendUserImage(this.core, req);
  }
  actOnCard(req: CardActionRequest): Promise<CardActionResult> {
    return actOnCard(this.core, req);
  }
  /** Delivers an earlier card callback again with the same event_id (a replay); its raw answer. */
  async replayCallback(eventId: string): Promise<{ ok: boolean; answer?: unknown; detail?: string }> {
    const r = await this.core.delivery.replayCallback(eventId);
    if (!r) throw new EmulatorInputError(`no callback ${eventId} was sent`);
    return r.ok ? { ok: true, answer: r.answer } : { ok: false, detail: r.detail };
  }

  // ── observation ──
  counters(): EmulatorCounters {
    return structuredClone(this.core.counters);
  }
  deliveries(): DeliveryRecord[] {
    return this.core.delivery.records();
  }
  requests(): RequestLogEntry[] {
    return this.core.requestLog.map((r) => ({ ...r }));
  }
  files(): Omit<UploadedFile, 'bytes'>[] {
    return [...this.core.files.values()].map(({ bytes: _bytes, ...meta }) => meta);
  }
  file(fileKey: string): UploadedFile | undefined {
    return this.core.files.get(fileKey);
  }
  connectionCount(): number {
    return this.core.gateway.connectionCount();
  }
  /** Resolves once a long-connection client is connected (immediately if one is). */
  waitForConnection(timeoutMs = 5000): Promise<void> {
    return this.core.gateway.waitForConnection(timeoutMs);
  }

  // ── control ──
  /**
   * Forgets messages, files, counters, faults, pending re-pushes and
   * restores the start limits; `all` also drops users and chats.
   */
  reset(options: { all?: boolean } = {}): void {
    const c = this.core;
    c.messages.clear();
    c.files.clear();
    c.images.clear();
    c.cardTokens.clear();
    c.limiter.clear();
    c.faults.clear();
    c.delivery.cancelAll();
    c.requestLog.length = 0;
    Object.assign(c.counters, newCounters());
    Object.assign(c.opts.limits, this.initialLimits);
    if (options.all) c.directory.clear();
  }
  injectFaults(plan: FaultPlan): void {
    this.core.faults.inject(plan);
  }
  clearFaults(): void {
    this.core.faults.clear();
  }
  limits(): RateLimits {
    return { ...this.core.opts.limits };
  }
  setLimits(patch: Partial<RateLimits>): RateLimits {
    for (const [k, v] of Object.entries(patch)) {
      if (!(k in this.initialLimits) || typeof v !== 'number' || !(v >= 0))
        throw new EmulatorInputError(`limit ${k} must be a number ≥ 0`);
    }
    Object.assign(this.core.opts.limits, patch);
    return this.limits();
  }
  delivery(): DeliveryOptions {
    return structuredClone(this.core.opts.delivery);
  }
  configureDelivery(patch: Partial<DeliveryOptions>): DeliveryOptions {
    if (patch.mode !== undefined && patch.mode !== 'ws' && patch.mode !== 'webhook')
      throw new EmulatorInputError('delivery.mode is ws or webhook');
    Object.assign(this.core.opts.delivery, patch);
    return this.delivery();
  }
  /** Server-side drop of every long connection; the SDK reconnects on its own. */
  dropConnections(how: 'close' | 'terminate' = 'close'): number {
    return this.core.gateway.drop(how);
  }
  /** Invalidates every tenant_access_token (later calls with them fail with 99991663). */
  revokeTokens(): void {
    this.core.tokens.revokeAll();
  }
  verifyWebhookUrl(): Promise<UrlVerificationResult> {
    return verifyWebhookUrl(this.core);
  }

  // ── lifecycle ──
  async listen(): Promise<void> {
    const server = createEmulatorServer(this.core, this);
    this.server = server;
    ({ port: this.port, url: this.url } = await listenLoopback(server, this.core.opts.host, this.core.opts.port));
    this.core.baseUrl = this.url;
  }

  async close(): Promise<void> {
    this.core.delivery.cancelAll();
    this.core.gateway.close();
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    await closeLoopback(server);
  }
}

/** Starts an emulator on 127.0.0.1 (a random port unless `port` is given). */
export async function startFeishuEmulator(options: FeishuEmulatorOptions = {}): Promise<FeishuEmulator> {
  const emulator = new FeishuEmulator(options);
  await emulator.listen();
  return emulator;
}
