/**
 * The Telegram channel: grammY's Bot API client pointed at `api_root` (Telegram, a local Bot API
 * server, or the emulator), sends paced under Telegram's limits, failures classified once
 * (telegram-errors.ts), and updates received by long polling (default) or a webhook.
 *
 * Receiving. Polling is our own getUpdates loop (https://core.telegram.org/bots/api#getupdates): an
 * update is confirmed by asking with a higher offset, and we ask only after the whole batch was
 * handled, so a crash re-delivers what was not finished (handleInbound drops the ones it saw by
 * their event id). Updates of one chat are handled in order; chats in parallel. In webhook mode
 * (https://core.telegram.org/bots/api#setwebhook) Telegram posts each update to /webhooks/telegram
 * with our `secret_token` in the X-Telegram-Bot-Api-Secret-Token header, checked in constant time
 * before anything is read. 401 (token revoked) and 409 (another poller, or a webhook set) stop the
 * channel with one log line saying what to do; `health()` says it for readyz and doctor.
 *
 * Button taps are answered with answerCallbackQuery (https://core.telegram.org/bots/api#answercallbackquery:
 * the client shows a progress bar until it is called) as soon as handleInbound returns, which it does
 * within `answerDeadlineMs`; the message is then edited to the prompt's new state.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type http from 'node:http';
import { Bot, InputFile } from 'grammy';
import type { InlineKeyboardMarkup, Update, UserFromGetMe } from 'grammy/types';
import { ChannelError, RecipientUnreachable } from '../../app/channel-error.js';
import type { InboundEvent, InboundResult, PromptRedraw, PromptRef } from '../../app/inbound/inbound-event.js';
import type { ChannelHealth } from '../../app/metrics.js';
import type {
  Channel,
  ChatAddress,
  InboundHandler,
  Logger,
  OutboxMessage,
  OutgoingFile,
  Recipient,
} from '../../app/ports.js';
import { commandMenu, readUpdate, type TgActor, type TgInput } from './inbound-update.js';
import { type SendPacer, TELEGRAM_LIMITS, TelegramPacer } from './send-pacer.js';
import { planText, splitText } from './split-text.js';
import { BLOCKED_ADVICE, classifyTelegramError, isNotModified, TelegramFatal } from './telegram-errors.js';
import { plainRenderer, type TelegramMessage, type TelegramRenderer } from './telegram-renderer.js';

export interface TelegramSettings {
  token: string;
  apiRoot: string;
  mode: 'polling' | 'webhook';
  webhookUrl?: string;
  webhookSecret?: string;
  /** long-poll timeout in seconds (default 30) */
  pollTimeoutSeconds?: number;
  /**
   * The watchdog of a long poll: a getUpdates not answered within its timeout plus this is a hung
   * connection (a proxy or NAT that dropped it silently); it is abandoned, logged and asked again
   * at once (default 10 s).
   */
  pollMarginMs?: number;
  /**
   * A send, edit or answer not answered within this is abandoned as a retryable failure (default
   * 10 s; delivery.request_timeout_seconds), well inside the outbox lease, so that a hung request is
   * never still in flight when the message can be claimed again.
   */
  requestTimeoutMs?: number;
}

export interface TelegramChannelDeps {
  log: Logger;
  renderer?: TelegramRenderer;
  pacer?: SendPacer;
  /** the time source for the pacer (wall time) */
  wallMs: () => number;
  /** the instant an event is received (the service's Clock) */
  now: () => Date;
  sleep?: (ms: number) => Promise<void>;
  /** skips getMe (tests) */
  botInfo?: UserFromGetMe;
}

/** Updates we read (https://core.telegram.org/bots/api#getupdates, allowed_updates). */
export const ALLOWED_UPDATES = ['message', 'callback_query', 'my_chat_member'] as const;

/** Command replies and files have no outbox behind them: a retryable failure is tried this many times in all. */
const DIRECT_ATTEMPTS = 3;
/** A revoked token stops sends too; outbox messages wait this long before they are tried again. */
const HALTED_RETRY_MS = 10 * 60_000;
/** callback answer text: “0-200 characters” (https://core.telegram.org/bots/api#answercallbackquery) */
const ANSWER_TEXT_MAX = 200;
/** Webhook: Telegram waits for our answer; after this we answer 200 and finish the update in the background. */
const WEBHOOK_ANSWER_MS = 5_000;

/** grammY's node build types its signals with the abort-controller package; Node's own are the same at run time. */
type ApiSignal = NonNullable<Parameters<Bot['api']['getMe']>[0]>;
const sig = (s: AbortSignal): ApiSignal => s as unknown as ApiSignal;

/** For /readyz and doctor: `stoppedBy` when 401/409 stopped the channel. */
export type TelegramHealth = ChannelHealth & { stoppedBy?: 'unauthorized' | 'conflict' };

export class TelegramChannel implements Channel {
  readonly name = 'telegram';
  /** handleInbound answers within this; Telegram's client spins until answerCallbackQuery */
  readonly answerDeadlineMs = 2_500;
  readonly bot: Bot;
  private readonly log: Logger;
  private readonly renderer: TelegramRenderer;
  private readonly pacer: SendPacer;
  private readonly sleep: (ms: number) => Promise<void>;
  private handler?: InboundHandler;
  private me?: UserFromGetMe;
  private halted?: TelegramFatal;
  private stopped = false;
  private readonly abort = new AbortController();
  private loop?: Promise<void>;
  private offset?: number;
  private lastPollAt?: number;
  /** long polls abandoned by the watchdog */
  private hungPolls = 0;

  constructor(
    private readonly settings: TelegramSettings,
    private readonly deps: TelegramChannelDeps,
  ) {
    this.log = deps.log.child({ channel: 'telegram' });
    this.renderer = deps.renderer ?? plainRenderer;
    this.pacer = deps.pacer ?? new TelegramPacer(TELEGRAM_LIMITS, deps.wallMs);
    this.sleep = deps.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
    // apiRoot without a trailing slash (grammY builds `${apiRoot}/bot${token}/${method}`); a request
    // waits at most the long poll plus a margin (grammY's default is 500 s).
    const timeoutSeconds = (settings.pollTimeoutSeconds ?? 30) + 30;
    this.bot = new Bot(settings.token, {
      client: { apiRoot: settings.apiRoot.replace(/\/+$/, ''), timeoutSeconds },
      ...(deps.botInfo ? { botInfo: deps.botInfo } : {}),
    });
    this.me = deps.botInfo;
  }

  /** The bot's @username once known (for binding links: https://t.me/<username>?start=<code>). */
  get username(): string | undefined {
    return this.me?.username;
  }

  health(): TelegramHealth {
    if (this.halted) return { ok: false, state: 'failed', detail: this.halted.message, stoppedBy: this.halted.kind };
    if (!this.me)
      return {
        ok: false,
        state: 'connecting',
        detail: 'Telegram 尚未连通（getMe 未成功），正在重试：请检查网络和 TELEGRAM_API_ROOT',
      };
    return {
      ok: true,
      state: this.settings.mode === 'polling' ? 'ready' : 'webhook',
      detail: `@${this.me.username} ${this.settings.mode === 'polling' ? '长轮询' : 'webhook'}`,
    };
  }

  ownsChat(chatId: string): boolean {
    return /^-?\d+$/.test(chatId);
  }

  // ------------------------------------------------------------------ sending

  async sendPrompt(message: OutboxMessage, to: Recipient): Promise<{ platformMessageId: string }> {
    const chat = chatOf(to);
    const who = to.chatId ? `群 ${to.chatId}` : to.name;
    const parts = await this.renderer.renderPrompt(message, to);
    const ids: string[] = [];
    for (const part of parts) {
      const sent = await this.call('sendMessage', chat, who, (signal) =>
        this.bot.api.sendMessage(chat, part.text, { ...optionsOf(part) }, sig(signal)),
      );
      ids.push(`${chat}:${sent.message_id}`);
    }
    return { platformMessageId: ids.join(',') };
  }

  async updatePrompt(ref: PromptRef, prompt: PromptRedraw): Promise<void> {
    const at = parseMessageRef(ref.platformMessageId);
    if (!at) throw new ChannelError(`不是 Telegram 消息：${ref.platformMessageId}`, false);
    const m = await this.renderer.renderRedraw(prompt, ref.platformMessageId);
    await this.edit(at.chat, at.messageId, m);
  }

  async sendText(to: ChatAddress, text: string, _key: string): Promise<string> {
    const chat = addressOf(to);
    const plan = planText(text);
    if (plan.kind === 'document')
      return this.sendFile(to, { fileName: plan.fileName, bytes: plan.bytes }, _key, plan.caption);
    let last = '';
    for (const part of plan.parts)
      last = String(
        (await this.direct('sendMessage', chat, (signal) => this.bot.api.sendMessage(chat, part, {}, sig(signal))))
          .message_id,
      );
    return last ? `${chat}:${last}` : '';
  }

  /** sendDocument (https://core.telegram.org/bots/api#senddocument): up to 50 MB; caption 0-1024 characters. */
  async sendFile(to: ChatAddress, file: OutgoingFile, _key: string, caption?: string): Promise<string> {
    const chat = addressOf(to);
    const sent = await this.direct('sendDocument', chat, (signal) =>
      this.bot.api.sendDocument(
        chat,
        new InputFile(file.bytes, file.fileName),
        caption ? { caption: splitText(caption, 1024)[0] } : {},
        sig(signal),
      ),
    );
    return `${chat}:${sent.message_id}`;
  }

  /** Edits a message; “message is not modified” means it already shows this, which is fine. */
  private async edit(chat: string, messageId: number, m: TelegramMessage): Promise<void> {
    try {
      await this.call('editMessageText', chat, `消息 ${chat}:${messageId}`, (signal) =>
        this.bot.api.editMessageText(chat, messageId, m.text, { ...editOptionsOf(m) }, sig(signal)),
      );
    } catch (e) {
      if (isNotModified(e)) return;
      throw e;
    }
  }

  /**
   * One paced API call. Failures become ChannelErrors; a 429 also holds the chat in the pacer; a
   * 401 halts the channel (and the message waits, retryable, instead of becoming a dead letter).
   */
  private async call<T>(
    method: string,
    chat: string,
    who: string,
    fn: (signal: AbortSignal) => Promise<T>,
  ): Promise<T> {
    if (this.halted?.kind === 'unauthorized')
      throw new ChannelError(`Telegram 通道已停止：${this.halted.message}`, true, HALTED_RETRY_MS, 401);
    await this.pacer.take(chat);
    try {
      return await fn(
        AbortSignal.any([this.abort.signal, AbortSignal.timeout(this.settings.requestTimeoutMs ?? 10_000)]),
      );
    } catch (e) {
      if (isNotModified(e)) throw e;
      const c = classifyTelegramError(e, who);
      if (c.retryAfterMs !== undefined) this.pacer.backOff(chat, c.retryAfterMs);
      if (c instanceof TelegramFatal) {
        this.halt(c);
        throw new ChannelError(`Telegram 通道已停止：${c.message}`, true, HALTED_RETRY_MS, c.code);
      }
      this.log.debug({ method, chat, code: c.code, retryable: c.retryable }, 'telegram call failed');
      throw c;
    }
  }

  /**
   * A call without an outbox behind it (replies, files): retried here a few times, waiting what Telegram asks (≤ 30 s).
   */
  private async direct<T>(method: string, chat: string, fn: (signal: AbortSignal) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.call(method, chat, `对话 ${chat}`, fn);
      } catch (e) {
        if (
          !(e instanceof ChannelError) ||
          !e.retryable ||
          attempt >= DIRECT_ATTEMPTS ||
          e.code === 401 ||
          this.stopped
        )
          throw e;
        await this.sleep(Math.min(e.retryAfterMs ?? 1000 * attempt, 30_000));
      }
    }
  }

  // ------------------------------------------------------------------ receiving

  async start(handler: InboundHandler): Promise<void> {
    this.handler = handler;
    this.loop = this.run().catch((e: unknown) =>
      this.log.error({ err: e }, 'telegram: the receiving loop ended unexpectedly'),
    );
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.abort.abort();
    await this.loop;
    // Confirm what was handled, so that the next poller does not get it again.
    if (this.settings.mode === 'polling' && this.offset !== undefined && !this.halted)
      await this.bot.api
        .getUpdates({ offset: this.offset, limit: 1, timeout: 0 }, sig(AbortSignal.timeout(3000)))
        .catch(() => undefined);
  }

  /** getMe (until it answers), the command menu, then polling or the webhook. */
  private async run(): Promise<void> {
    for (let failures = 0; !this.me && !this.stopped; failures++) {
      try {
        this.me = await this.bot.api.getMe(sig(AbortSignal.any([this.abort.signal, AbortSignal.timeout(10_000)])));
      } catch (e) {
        if (this.stopped) return;
        const c = classifyTelegramError(e);
        if (c instanceof TelegramFatal) return this.halt(c);
        const wait = c.retryAfterMs ?? Math.min(1000 * 2 ** failures, 60_000);
        this.log.warn(
          { err: c, retryInMs: wait, apiRoot: this.settings.apiRoot },
          `telegram: getMe failed, retrying: ${c.message}`,
        );
        await this.sleep(wait);
      }
    }
    if (this.stopped || !this.me) return;
    this.log.info({ bot: this.me.username, mode: this.settings.mode }, `telegram: 已连接 @${this.me.username}`);
    await this.bot.api
      .setMyCommands(commandMenu(), {}, sig(this.abort.signal))
      .catch((e: unknown) => this.log.warn({ err: e }, 'telegram: setMyCommands failed; the / menu may be missing'));
    if (this.settings.mode === 'webhook') return this.registerWebhook();
    return this.poll();
  }

  private async registerWebhook(): Promise<void> {
    const { webhookUrl, webhookSecret } = this.settings;
    if (!webhookUrl || !webhookSecret) {
      this.log.error(
        {},
        'telegram: webhook mode needs TELEGRAM_WEBHOOK_URL and TELEGRAM_WEBHOOK_SECRET; nothing is received',
      );
      return;
    }
    try {
      await this.bot.api.setWebhook(
        webhookUrl,
        { secret_token: webhookSecret, allowed_updates: [...ALLOWED_UPDATES] },
        sig(this.abort.signal),
      );
      this.log.info({ url: webhookUrl }, 'telegram: webhook set');
    } catch (e) {
      const c = classifyTelegramError(e);
      if (c instanceof TelegramFatal) return this.halt(c);
      this.log.error(
        { err: c, url: webhookUrl },
        `telegram: setWebhook failed (${c.message}); check that the address is public HTTPS on port 443, 80, ` +
          `88 or 8443`,
      );
    }
  }

  private async poll(): Promise<void> {
    // A webhook left over from a webhook-mode run makes getUpdates answer 409: remove it (keeping its updates).
    await this.bot.api
      .deleteWebhook({ drop_pending_updates: false }, sig(this.abort.signal))
      .catch((e: unknown) => this.log.warn({ err: e }, 'telegram: deleteWebhook failed'));
    const timeout = this.settings.pollTimeoutSeconds ?? 30;
    let failures = 0;
    let first = true;
    const watchdogMs = timeout * 1000 + (this.settings.pollMarginMs ?? 10_000);
    while (!this.stopped) {
      // Telegram answers a long poll within `timeout` (https://core.telegram.org/bots/api#getupdates:
      // “Timeout in seconds for long polling”); no answer by then plus the margin means it hung.
      const hung = AbortSignal.timeout(watchdogMs);
      try {
        const updates = await this.bot.api.getUpdates(
          { offset: this.offset, timeout, limit: 100, ...(first ? { allowed_updates: [...ALLOWED_UPDATES] } : {}) },
          sig(AbortSignal.any([this.abort.signal, hung])),
        );
        first = false;
        failures = 0;
        this.lastPollAt = this.deps.wallMs();
        await this.handleBatch(updates);
        const last = updates[updates.length - 1];
        if (last) this.offset = last.update_id + 1;
      } catch (e) {
        if (this.stopped) return;
        if (hung.aborted) {
          this.hungPolls += 1;
          this.log.warn(
            { timeoutSeconds: timeout, waitedMs: watchdogMs, offset: this.offset, hungPolls: this.hungPolls },
            'telegram: getUpdates did not answer within its long-poll timeout and margin (hung connection); ' +
              'polling again',
          );
          continue;
        }
        const c = classifyTelegramError(e);
        if (c instanceof TelegramFatal) return this.halt(c);
        const wait = c.retryAfterMs ?? Math.min(1000 * 2 ** failures++, 30_000);
        this.log.warn({ err: c, retryInMs: wait }, `telegram: getUpdates failed, retrying: ${c.message}`);
        await this.sleep(wait);
      }
    }
  }

  /** The last successful long poll (wall ms), for a watchdog or readyz. */
  get lastPoll(): number | undefined {
    return this.lastPollAt;
  }

  /** Stops receiving for good, with one line that says what to do. */
  private halt(e: TelegramFatal): void {
    if (this.halted) return;
    this.halted = e;
    this.log.error({ code: e.code, alert: 'telegram_stopped' }, `Telegram 通道已停止：${e.message}`);
  }

  /** One chat's updates in order, chats in parallel; never throws. */
  async handleBatch(updates: readonly Update[]): Promise<void> {
    const byChat = new Map<string, Exclude<TgInput, { kind: 'ignored' }>[]>();
    for (const u of updates) {
      const input = readUpdate(u, this.me?.username ?? '');
      if (input.kind === 'ignored') {
        this.log.debug({ updateId: input.updateId, why: input.why }, 'telegram: update ignored');
        continue;
      }
      const list = byChat.get(input.actor.chatId) ?? [];
      list.push(input);
      byChat.set(input.actor.chatId, list);
    }
    await Promise.all(
      [...byChat.values()].map(async (inputs) => {
        for (const input of inputs) await this.handleInput(input);
      }),
    );
  }

  private async handleInput(input: Exclude<TgInput, { kind: 'ignored' }>): Promise<void> {
    const ids = { updateId: input.updateId, externalId: input.actor.externalId, chatId: input.actor.chatId };
    try {
      if (input.kind === 'callback') return await this.onCallback(input);
      if (input.kind === 'image') {
        await this.dispatch({
          ...this.base(input.actor, `${input.actor.chatId}:${input.messageId}`),
          type: 'image',
          image: {
            download: () => this.downloadFile(input.fileId),
            ...(input.fileSize !== undefined ? { declaredSize: input.fileSize } : {}),
          },
        });
        return;
      }
      if (input.kind === 'membership') {
        // Blocked: recorded as unreachable and the director told at once, as a 403 would; started
        // again: the episode ends (app/inbound/reachability.ts).
        this.log.warn(
          ids,
          input.blocked ? 'telegram: a person blocked the bot' : 'telegram: a person (re)started the bot',
        );
        await this.dispatch({
          ...this.base(input.actor, String(input.updateId)),
          type: 'reachability',
          reachable: !input.blocked,
          ...(input.blocked ? { detail: BLOCKED_ADVICE } : {}),
        });
        return;
      }
      // A command from the / menu (or typed with its slash) is never a dialog's answer: “/photo 3” while a
      // dialog asks for text runs 照片 3 (app/commands/waiting.ts says what happens to the dialog).
      const rendered =
        this.renderer.readText && !input.command ? await this.renderer.readText(input.text, input.actor) : null;
      if (rendered?.type === 'show') {
        if (rendered.send) await this.sendRendered(input.actor.chatId, rendered.send);
        return;
      }
      if (rendered?.type === 'action') {
        // A dialog's last typed answer: the outcome is said in the chat, and the prompt it answers redrawn.
        const result = await this.dispatch({
          ...this.base(input.actor, `${input.actor.chatId}:${input.messageId}`),
          type: 'action',
          action: rendered.action,
          form: rendered.form,
          ...(rendered.promptRef
            ? {
                promptRef: {
                  platformMessageId: rendered.promptRef,
                  ...(rendered.messageId ? { messageId: rendered.messageId } : {}),
                },
              }
            : {}),
        });
        if (result?.notice) await this.sendRendered(input.actor.chatId, { text: result.notice.text });
        if (result?.prompt && rendered.promptRef)
          await this.updatePrompt({ platformMessageId: rendered.promptRef }, result.prompt);
        return;
      }
      await this.dispatch({
        ...this.base(input.actor, `${input.actor.chatId}:${input.messageId}`),
        type: 'text',
        text: input.text,
        mentioned: input.mentioned,
      });
    } catch (e) {
      this.log.error({ ...ids, err: e }, 'telegram: handling an update failed');
    }
  }

  /**
   * A file's bytes: getFile (https://core.telegram.org/bots/api#getfile: “bots can download files of
   * up to 20MB”; the link is valid for at least 1 hour), then GET <api_root>/file/bot<token>/<file_path>
   * (https://core.telegram.org/bots/api#file). Read with the request timeout and a size cap.
   */
  private async downloadFile(fileId: string): Promise<Uint8Array> {
    const file = await this.bot.api.getFile(fileId, sig(this.abort.signal));
    if (!file.file_path) throw new Error(`telegram: getFile gave no file_path for ${fileId}`);
    const url = `${this.settings.apiRoot.replace(/\/+$/, '')}/file/bot${this.settings.token}/${file.file_path}`;
    const res = await fetch(url, { signal: AbortSignal.timeout(this.settings.requestTimeoutMs ?? 10_000) });
    if (!res.ok) throw new Error(`telegram: file download answered ${res.status}`);
    return new Uint8Array(await res.arrayBuffer());
  }

  /** A button tap: understood, answered at once (with the notice), then the message shows its new state. */
  private async onCallback(input: Extract<TgInput, { kind: 'callback' }>): Promise<void> {
    const ref = `${input.actor.chatId}:${input.messageId}`;
    let notice: string | undefined;
    let after: (() => Promise<void>) | undefined;
    try {
      const meaning = await this.renderer.readCallback(input.data, input.actor, ref);
      if (meaning.type === 'stale') notice = meaning.notice;
      else if (meaning.type === 'show') {
        notice = meaning.notice;
        after = async () => {
          if (meaning.edit && input.messageId !== undefined)
            await this.edit(input.actor.chatId, input.messageId, meaning.edit);
          if (meaning.send) await this.sendRendered(input.actor.chatId, meaning.send);
        };
      } else {
        const target = meaning.promptRef ?? ref;
        const result = await this.dispatch({
          ...this.base(input.actor, input.queryId),
          type: 'action',
          action: meaning.action,
          form: meaning.form,
          promptRef: { platformMessageId: target, ...(meaning.messageId ? { messageId: meaning.messageId } : {}) },
        });
        notice = result?.notice?.text;
        if (result?.prompt) {
          const prompt = result.prompt;
          after = () => this.updatePrompt({ platformMessageId: target }, prompt);
        }
      }
    } finally {
      await this.answer(input.queryId, notice);
    }
    await after?.().catch((e: unknown) =>
      this.log.error({ err: e, ref }, 'telegram: the message could not be redrawn'),
    );
  }

  /** answerCallbackQuery, once per tap, whatever happened (the text cut to 200 characters). */
  private async answer(queryId: string, text?: string): Promise<void> {
    const t = text ? [...text].slice(0, ANSWER_TEXT_MAX).join('') : undefined;
    await this.bot.api
      .answerCallbackQuery(
        queryId,
        t ? { text: t, show_alert: [...(text ?? '')].length > 60 } : {},
        sig(this.abort.signal),
      )
      .catch((e: unknown) => this.log.warn({ err: e, queryId }, 'telegram: answerCallbackQuery failed'));
  }

  private async sendRendered(chat: string, m: TelegramMessage): Promise<void> {
    await this.direct('sendMessage', chat, (signal) =>
      this.bot.api.sendMessage(chat, m.text, { ...optionsOf(m) }, sig(signal)),
    );
  }

  private base(actor: TgActor, eventId: string): Pick<InboundEvent, 'channel' | 'eventId' | 'actor' | 'at'> {
    return {
      channel: this.name,
      eventId,
      actor: { externalId: actor.externalId, name: actor.name, chatId: actor.chatId, chatType: actor.chatType },
      at: this.deps.now(),
    };
  }

  private async dispatch(event: InboundEvent): Promise<InboundResult | undefined> {
    if (!this.handler) {
      this.log.warn({ eventId: event.eventId }, 'telegram: an update arrived before the channel was started; dropped');
      return undefined;
    }
    return this.handler(event);
  }

  // ------------------------------------------------------------------ webhook

  /**
   * POST /webhooks/telegram. The secret header is compared in constant time before the body is
   * read as JSON; a wrong or missing one is 401 and nothing is stored. The update is handled and
   * answered 200 within WEBHOOK_ANSWER_MS (longer work goes on; a redelivery is dropped by event id).
   */
  webhook(): (req: http.IncomingMessage, body: string, res: http.ServerResponse) => Promise<void> {
    const secret = this.settings.webhookSecret ?? '';
    return async (req, body, res) => {
      const given = String(req.headers['x-telegram-bot-api-secret-token'] ?? '');
      if (!secret || !sameSecret(given, secret)) {
        this.log.warn(
          { ip: req.socket.remoteAddress },
          'telegram webhook refused: wrong or missing X-Telegram-Bot-Api-Secret-Token; nothing stored',
        );
        return reply(res, 401, { ok: false, error: 'secret token is wrong' });
      }
      let update: unknown;
      try {
        update = JSON.parse(body);
      } catch {
        this.log.warn({ bytes: body.length }, 'telegram webhook: body is not JSON; nothing stored');
        return reply(res, 400, { ok: false, error: 'invalid JSON' });
      }
      const work = this.handleBatch([update as Update]);
      await Promise.race([work, this.sleep(WEBHOOK_ANSWER_MS)]);
      reply(res, 200, { ok: true });
    };
  }
}

function reply(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

/** Equal digests, compared in constant time (the lengths of the secrets do not leak either). */
function sameSecret(a: string, b: string): boolean {
  const d = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(d(a), d(b));
}

/**
 * An edit keeps only an inline keyboard
 * (https://core.telegram.org/bots/api#editmessagetext); a ForceReply cannot be edited in.
 */
function editOptionsOf(m: TelegramMessage): { parse_mode?: 'HTML'; reply_markup?: InlineKeyboardMarkup } {
  const markup = m.reply_markup && 'inline_keyboard' in m.reply_markup ? m.reply_markup : undefined;
  return { ...(m.parse_mode ? { parse_mode: m.parse_mode } : {}), ...(markup ? { reply_markup: markup } : {}) };
}

function optionsOf(m: TelegramMessage): { parse_mode?: 'HTML'; reply_markup?: TelegramMessage['reply_markup'] } {
  return {
    ...(m.parse_mode ? { parse_mode: m.parse_mode } : {}),
    ...(m.reply_markup ? { reply_markup: m.reply_markup } : {}),
  };
}

/** `<chat id>:<message id>` as sendPrompt records it. */
export function parseMessageRef(ref: string): { chat: string; messageId: number } | null {
  const m = /^(-?\d+):(\d+)$/.exec(ref);
  return m ? { chat: m[1]!, messageId: Number(m[2]) } : null;
}

function addressOf(to: ChatAddress): string {
  const id = to.chatId ?? to.externalId;
  if (!id) throw new ChannelError('没有 Telegram 对话可发送', false);
  return id;
}

/**
 * The chat a prompt goes to: the group, or the person's private chat (in the Bot API a private
 * chat's id is the user's id). Nobody bound on Telegram → unreachable until they bind.
 */
function chatOf(to: Recipient): string {
  if (to.chatId) return to.chatId;
  const id = to.identities.find((i) => i.channel === 'telegram')?.externalId;
  if (!id)
    throw new RecipientUnreachable(
      `${to.name} 尚未绑定 Telegram 账号：请用 safeduty people invite 生成邀请码，让其打开 https://t.me/<机器人用户名>?start=<邀请码> ` +
        `并点“开始”（Start），或在单位文件中登记 telegram_id`,
      'unbound',
      'unbound',
    );
  return id;
}
