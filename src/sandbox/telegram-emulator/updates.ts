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
 *   delays) until accepted or the webhook is removed. One update at a time, in order.
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
  private delivering = false;
  private retryTimer: NodeJS.Timeout | undefined;
  private attempt = 0;
  readonly deliveries: WebhookDeliveryRecord[] = [];
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
    return this.webhook !== undefined || this.poll !== undefined || (this.lastPollAt !== undefined && this.now() - this.lastPollAt <= withinMs);
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
    if (this.webhook) this.deliverSoon(0);
  }

  // ── webhook ──
  setWebhook(state: WebhookState, dropPending: boolean): void {
    if (dropPending) this.drop();
    this.endPoll(TgError.terminatedBySetWebhook());
    const changed = this.webhook?.url !== state.url;
    this.webhook = { ...state };
    if (changed) this.attempt = 0;
    this.deliverSoon(0);
  }

  deleteWebhook(dropPending: boolean): void {
    this.webhook = undefined;
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    if (dropPending) this.drop();
  }

  close(): void {
    this.closed = true;
    this.deleteWebhook(false);
    this.endPoll(new BotApiError(500, 'Internal Server Error: the emulator is closing'));
  }

  private deliverSoon(delayMs: number): void {
    if (this.delivering || this.retryTimer || this.closed) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      void this.deliverNext();
    }, delayMs);
  }

  private async deliverNext(): Promise<void> {
    const hook = this.webhook;
    const update = this.pending[0];
    if (!hook || !update || this.delivering) return;
    this.delivering = true;
    const record: WebhookDeliveryRecord = { updateId: update.update_id, at: this.now(), attempt: this.attempt + 1 };
    let ok = false;
    try {
      const res = await fetch(hook.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(hook.secretToken ? { 'x-telegram-bot-api-secret-token': hook.secretToken } : {}) },
        body: JSON.stringify(update),
        signal: AbortSignal.timeout(this.delivery().timeoutMs),
      });
      await res.arrayBuffer().catch(() => undefined);
      record.status = res.status;
      ok = res.status >= 200 && res.status < 300;
      // The wording of getWebhookInfo's last_error_message on a refused delivery.
      if (!ok) record.error = `Wrong response from the webhook: ${res.status} ${res.statusText}`.trim();
    } catch (e) {
      record.error = e instanceof Error && e.name === 'TimeoutError' ? 'Read timeout expired' : `Connection refused: ${e instanceof Error ? e.message : String(e)}`;
    }
    this.deliveries.push(record);
    if (this.deliveries.length > 1000) this.deliveries.shift();
    this.delivering = false;
    if (this.webhook !== hook) return this.deliverSoon(0);
    if (ok) {
      if (this.pending[0]?.update_id === update.update_id) this.pending.shift();
      this.attempt = 0;
      this.deliverSoon(0);
      return;
    }
    hook.lastErrorDate = Math.floor(this.now() / 1000);
    hook.lastErrorMessage = record.error ?? 'error';
    const delays = this.delivery().retryDelaysMs;
    const delay = delays[Math.min(this.attempt, delays.length - 1)] ?? 1000;
    this.attempt += 1;
    this.deliverSoon(delay);
  }
}
