/**
 * The bot's update queue and the two ways it leaves the server (https://core.telegram.org/bots/api#getting-updates):
 * - `getUpdates` long polling: updates wait until the bot calls getUpdates with an `offset` higher
 *   than their id (“An update is considered confirmed as soon as getUpdates is called with an offset
 *   higher than its update_id”); a negative offset keeps only the last |offset| updates; `limit`
 *   1–100; `timeout` seconds of long polling; a second poll ends the first with 409 “terminated by
 *   other getUpdates request”; while a webhook is set getUpdates answers 409.
 * - a webhook (https://core.telegram.org/bots/api#setwebhook): each update is POSTed as JSON, with
 *   `X-Telegram-Bot-Api-Secret-Token` when a secret_token was set; “In case of an unsuccessful
 *   request (a request with response HTTP status code different from 2XY), we will repeat the
 *   request and give up after a reasonable amount of attempts” — here, retried (with the configured
 *   delays) until accepted or the webhook is removed. Up to `max_connections` POSTs at once
 *   (“Maximum allowed number of simultaneous HTTPS connections to the webhook for update
 *   delivery”), the updates of one chat one after another, in order. An answer whose JSON body
 *   names a `method` is executed as a call of that method
 * (https://core.telegram.org/bots/api#making-requests-when-getting-updates).
 * `allowed_updates` filters updates when they are created (“doesn't affect updates created before
 * the call”); the default leaves out chat_member, message_reaction and message_reaction_count.
 */
import { BotApiError, TgError } from './bot-api-error.js';
import type { WebhookDeliveryOptions } from './options.js';
import type { TgUpdate, WebhookDeliveryRecord } from './types.js';

export type UpdateBody = Omit<TgUpdate, 'update_id'>;

const NOT_BY_DEFAULT = new Set(['chat_member', 'message_reaction', 'message_reaction_count']);

interface Poll {
  offset: number | undefined;
  limit: number;
  resolve: (updates: TgUpdate[]) => void;
  reject: (e: BotApiError) => void;
  timer: NodeJS.Timeout | undefined;
}

export interface WebhookState {
  url: string;
  secretToken?: string;
  maxConnections: number;
  lastErrorDate?: number;
  lastErrorMessage?: string;
}

export class UpdateQueue {
  private pending: TgUpdate[] = [];
  private nextId: number;
  private allowed: string[] = [];
  private poll: Poll | undefined;
  webhook: WebhookState | undefined;
  /** update ids being POSTed now → their chat */
  private readonly inFlight = new Map<number, string>();
  /** chats with an update in flight or waiting to be retried (their later updates wait) */
  private readonly busyChats = new Set<string>();
  private readonly attempts = new Map<number, number>();
  private readonly retryTimers = new Set<NodeJS.Timeout>();
  readonly deliveries: WebhookDeliveryRecord[] = [];
  /** runs a method named in a webhook answer's body (set by the emulator) */
  onWebhookReply: ((body: Record<string, unknown>) => Promise<void>) | undefined;
  /** updates not created because allowed_updates leaves their type out */
  filtered = 0;
  /** when getUpdates was last called (emulator clock, ms) */
  lastPollAt: number | undefined;
  private closed = false;

  constructor(
    firstUpdateId: number,
    private readonly now: () => number,
    private readonly delivery: () => WebhookDeliveryOptions,
  ) {
    this.nextId = firstUpdateId;
  }

  /** Adds an update (unless allowed_updates leaves its type out); its id, or undefined when filtered. */
  push(body: UpdateBody): number | undefined {
    const type = Object.keys(body)[0] ?? '';
    const allowed = this.allowed.length === 0 ? !NOT_BY_DEFAULT.has(type) : this.allowed.includes(type);
    if (!allowed) {
      this.filtered += 1;
      return undefined;
    }
    const update = { update_id: this.nextId++, ...body } as TgUpdate;
    this.pending.push(update);
    this.wake();
    return update.update_id;
  }

  /** A bot takes updates: a webhook is set, a poll waits, or one came within `withinMs`. */
  receiving(withinMs: number): boolean {
    return (
      this.webhook !== undefined ||
      this.poll !== undefined ||
      (this.lastPollAt !== undefined && this.now() - this.lastPollAt <= withinMs)
    );
  }

  pendingCount(): number {
    return this.pending.length;
  }

  pendingUpdates(): TgUpdate[] {
    return structuredClone(this.pending);
  }

  setAllowed(types: string[] | undefined): void {
    if (types !== undefined) this.allowed = [...types];
  }

  allowedUpdates(): string[] {
    return [...this.allowed];
  }

  drop(): void {
    this.pending = [];
  }

  // ── long polling ──
  /** One getUpdates call; `gone` fires when the caller hangs up (grammY's bot.stop() aborts its poll). */
  getUpdates(offset: number | undefined, limit: number, timeoutSec: number, gone?: AbortSignal): Promise<TgUpdate[]> {
    if (this.webhook) return Promise.reject(TgError.webhookActive());
    this.lastPollAt = this.now();
    this.confirm(offset);
    // A newer poll ends the one still waiting (two bot instances knock each other out).
    this.endPoll(TgError.pollConflict());
    const ready = this.take(limit);
    if (ready.length > 0 || timeoutSec <= 0) return Promise.resolve(ready);
    return new Promise<TgUpdate[]>((resolve, reject) => {
      const poll: Poll = { offset, limit, resolve, reject, timer: undefined };
      poll.timer = setTimeout(() => {
        if (this.poll === poll) this.poll = undefined;
        resolve(this.take(limit));
      }, timeoutSec * 1000);
      this.poll = poll;
      gone?.addEventListener('abort', () => {
        if (this.poll !== poll) return;
        clearTimeout(poll.timer);
        this.poll = undefined;
      });
    });
  }

  private confirm(offset: number | undefined): void {
    if (offset === undefined || offset === 0) return;
    if (offset < 0) this.pending = this.pending.slice(Math.max(0, this.pending.length + offset));
    else this.pending = this.pending.filter((u) => u.update_id >= offset);
  }

  private take(limit: number): TgUpdate[] {
    return structuredClone(this.pending.slice(0, limit));
  }

  private endPoll(error: BotApiError): void {
    const p = this.poll;
    if (!p) return;
    this.poll = undefined;
    clearTimeout(p.timer);
    p.reject(error);
  }

  private wake(): void {
    const p = this.poll;
    if (p) {
      this.poll = undefined;
      clearTimeout(p.timer);
      // Answer on the next tick so that several updates made together travel in one answer.
      setImmediate(() => p.resolve(this.take(p.limit)));
    }
    this.pump();
  }

  // ── webhook ──
  setWebhook(state: WebhookState, dropPending: boolean): void {
    if (dropPending) this.drop();
    this.endPoll(TgError.terminatedBySetWebhook());
    if (this.webhook?.url !== state.url) this.attempts.clear();
    this.webhook = { ...state };
    // A new setting delivers at once: retries waiting for the old one are not waited for.
    this.stopRetries();
    this.pump();
  }

  deleteWebhook(dropPending: boolean): void {
    this.webhook = undefined;
    this.stopRetries();
    if (dropPending) this.drop();
  }

  private stopRetries(): void {
    for (const t of this.retryTimers) clearTimeout(t);
    this.retryTimers.clear();
    this.busyChats.clear();
    for (const chat of this.inFlight.values()) this.busyChats.add(chat);
  }

  close(): void {
    this.closed = true;
    this.deleteWebhook(false);
    this.endPoll(new BotApiError(500, 'Internal Server Error: the emulator is closing'));
  }

  /** Starts POSTs for the next deliverable updates: oldest first, one per chat, at most max_connections. */
  private pump(): void {
    const hook = this.webhook;
    if (!hook || this.closed) return;
    const seen = new Set<string>();
    for (const update of this.pending) {
      if (this.inFlight.size >= hook.maxConnections) return;
      const chat = chatKey(update);
      if (seen.has(chat)) continue;
      seen.add(chat);
      if (this.busyChats.has(chat) || this.inFlight.has(update.update_id)) continue;
      void this.deliver(hook, update, chat);
    }
  }

  private async deliver(hook: WebhookState, update: TgUpdate, chat: string): Promise<void> {
    this.inFlight.set(update.update_id, chat);
    this.busyChats.add(chat);
    const attempt = (this.attempts.get(update.update_id) ?? 0) + 1;
    this.attempts.set(update.update_id, attempt);
    const record: WebhookDeliveryRecord = { updateId: update.update_id, at: this.now(), attempt };
    let ok = false;
    let reply: unknown;
    try {
      const res = await fetch(hook.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(hook.secretToken ? { 'x-telegram-bot-api-secret-token': hook.secretToken } : {}),
        },
        body: JSON.stringify(update),
        signal: AbortSignal.timeout(this.delivery().timeoutMs),
      });
      const text = await res.text().catch(() => '');
      record.status = res.status;
      ok = res.status >= 200 && res.status < 300;
      // The wording of getWebhookInfo's last_error_message on a refused delivery.
      if (!ok) record.error = `Wrong response from the webhook: ${res.status} ${res.statusText}`.trim();
      else if ((res.headers.get('content-type') ?? '').includes('json')) reply = safeJson(text);
    } catch (e) {
      record.error =
        e instanceof Error && e.name === 'TimeoutError'
          ? 'Read timeout expired'
          : `Connection refused: ${e instanceof Error ? e.message : String(e)}`;
    }
    this.deliveries.push(record);
    if (this.deliveries.length > 1000) this.deliveries.shift();
    this.inFlight.delete(update.update_id);
    if (this.webhook !== hook) {
      // The webhook changed or went away meanwhile: the update stays pending for what comes next.
      this.busyChats.delete(chat);
      this.pump();
      return;
    }
    if (ok) {
      this.pending = this.pending.filter((u) => u.update_id !== update.update_id);
      this.attempts.delete(update.update_id);
      if (reply && typeof reply === 'object' && typeof (reply as { method?: unknown }).method === 'string') {
        await this.onWebhookReply?.(reply as Record<string, unknown>).catch(() => undefined);
      }
      this.busyChats.delete(chat);
      this.pump();
      return;
    }
    hook.lastErrorDate = Math.floor(this.now() / 1000);
    hook.lastErrorMessage = record.error ?? 'error';
    const delays = this.delivery().retryDelaysMs;
    const timer = setTimeout(
      () => {
        this.retryTimers.delete(timer);
        this.busyChats.delete(chat);
        this.pump();
      },
      delays[Math.min(attempt - 1, delays.length - 1)] ?? 1000,
    );
    this.retryTimers.add(timer);
  }
}

/** Which chat an update belongs to (updates of one chat are delivered in order). */
function chatKey(u: TgUpdate): string {
  const chat = u.message?.chat.id ?? u.callback_query?.message.chat.id ?? u.my_chat_member?.chat.id;
  return chat === undefined ? `update:${u.update_id}` : `chat:${chat}`;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
