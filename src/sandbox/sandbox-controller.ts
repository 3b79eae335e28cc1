/**
 * What the sandbox page (and any script) can do: list the demo people and their chats with the
 * bot, act on a card or type as one of them — through the emulator, exactly as Feishu would deliver
 * it — and move the virtual clock, ticking the engine at every scheduled instant on the way.
 */

import type { FeishuEmulator, FormFieldValue, StoredMessage, Toast } from '@safeduty/feishu-emulator';
import type { ChatMessage, MessageEntity, TelegramEmulator } from '@safeduty/telegram-emulator';
import type { Logger } from '../app/ports.js';
import { policyOf } from '../app/run-tick.js';
import { nextOpeningAt } from '../domain/engine/next-wake.js';
import type { UnitSpec } from '../domain/unit-spec.js';
import type { RunningService } from '../main.js';
import type { SandboxClock } from './sandbox-clock.js';
import type { SandboxPerson } from './sandbox-people.js';
import { nextDayStart } from './sandbox-start.js';
import { wipeSandboxDatabase } from './wipe-database.js';

/** A refusal the API answers with `status` and this Chinese message. */
export class SandboxError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export interface SandboxControllerDeps {
  emu: FeishuEmulator;
  telegram: TelegramEmulator;
  clock: SandboxClock;
  running: RunningService;
  people: SandboxPerson[];
  /** the units as the service applies them (with the sandbox accounts) */
  units: readonly UnitSpec[];
  timeZone: string;
  dailyOpen: string;
  /** where the clock starts, now and after 重置演示 */
  startAt: () => Date;
  log: Logger;
}

export interface MessageView {
  id: string;
  from: 'bot' | 'user';
  kind: 'card' | 'text' | 'file' | 'image' | 'other';
  text?: string;
  /** the card JSON 2.0 in its current state */
  card?: unknown;
  /** virtual time the message was sent */
  at: string;
  /** how many times the card was replaced since */
  updates: number;
  /** a file message: download it from /sandbox/api/files/<fileKey> */
  fileKey?: string;
}

/** A message of a person's Telegram chat with the bot, as the chat shows it now. */
export interface TelegramMessageView {
  id: number;
  from: 'bot' | 'user';
  kind: 'text' | 'file' | 'photo';
  /** the text (or caption) after entity parsing, with its entities (bold, links…) */
  text: string;
  entities: MessageEntity[];
  /** the inline keyboard now: rows of buttons; `data` is what a tap sends */
  keyboard: { text: string; data?: string; url?: string }[][];
  /** virtual time the message was sent */
  at: string;
  /** how many times the bot edited it */
  edits: number;
  /** a document or photo: download it from /sandbox/api/telegram/files/<fileId> */
  fileId?: string;
}

export interface ClockView {
  now: string;
  timeZone: string;
  /** virtual seconds per real second */
  rate: number;
  /** the next instant at which the engine has something to do, or null */
  nextEvent: string | null;
}

export type Advance = 'next' | 'hour' | 'day';

/** Ticks in one jump at most (each scheduled instant on the way is one). */
const MAX_STEPS = 200;
const HOUR_MS = 3_600_000;

const FAILURES: Record<string, string> = {
  required_missing: '请先填写必填项',
  invalid_value: '填写的值无效',
  disabled: '按钮已禁用',
  no_callback: '这个组件不会向机器人发送任何内容',
  expired: '卡片已超过 14 天，不能再操作',
  timeout: '机器人未在 3 秒内响应，请稍后再试',
  no_receiver: '机器人未连接，请稍后再试',
  bot_error: '机器人处理出错，请查看服务日志',
  invalid_answer: '机器人的回应无效，请查看服务日志',
};

export class SandboxController {
  private readonly seen = new Map<string, number>();
  private readonly seenTelegram = new Map<number, number>();

  constructor(private readonly d: SandboxControllerDeps) {}

  people(): (SandboxPerson & { unread: number; messages: number; telegramUnread: number; telegramMessages: number })[] {
    return this.d.people.map((p) => {
      const count = this.botMessages(p.id).length;
      const tg = this.telegramBotMessages(p.telegramId);
      return {
        ...p,
        messages: count,
        unread: Math.max(0, count - (this.seen.get(p.id) ?? 0)),
        telegramMessages: tg,
        telegramUnread: Math.max(0, tg - (this.seenTelegram.get(p.telegramId) ?? 0)),
      };
    });
  }

  /**
   * The person's Telegram chat with the bot, oldest first, drawn from
   * what the bot actually sent; reading it marks it read unless `peek`.
   */
  telegramMessages(ref: string, peek = false): TelegramMessageView[] {
    const p = this.person(ref);
    const list = this.d.telegram.messages(p.telegramId);
    if (!peek) this.seenTelegram.set(p.telegramId, list.filter((m) => m.fromBot).length);
    return list.map((m) => this.telegramView(m));
  }

  /**
   * The person taps a button under a Telegram message: a callback_query to the bot, whose answer
   * (the toast Telegram shows) is awaited while the bot takes updates.
   */
  async telegramTap(r: { person: string; messageId: number; data: string }) {
    const p = this.person(r.person);
    const tap = this.d.telegram.tap({ userId: p.telegramId, messageId: r.messageId, data: r.data });
    if (!this.d.telegram.receiving()) {
      return {
        ok: false,
        error: '机器人还没有接收 Telegram 消息（Telegram 渠道未运行）：点按已排队，渠道启动后处理',
        message: this.telegramMessage(p.telegramId, r.messageId),
      };
    }
    const answer = await this.d.telegram.waitForAnswer(tap.callbackQueryId, 10_000);
    if (answer) await this.d.running.tick();
    return {
      ok: answer !== undefined,
      ...(answer?.answered?.text ? { toast: { content: answer.answered.text, alert: answer.answered.showAlert } } : {}),
      ...(answer ? {} : { error: '机器人 10 秒内没有回应这次点按：请查看服务日志' }),
      message: this.telegramMessage(p.telegramId, r.messageId),
    };
  }

  telegramText(ref: string, text: string) {
    const p = this.person(ref);
    return this.telegramSent(p.telegramId, this.d.telegram.sendText({ userId: p.telegramId, text }));
  }

  /** The person sends a picture in their Telegram chat (a photo message, as the app sends one). */
  telegramPhoto(ref: string, bytes: Buffer) {
    const p = this.person(ref);
    return this.telegramSent(p.telegramId, this.d.telegram.sendPhoto({ userId: p.telegramId, bytes }));
  }

  /** What the page shows after the person sent something: the message as stored, and whether the bot got it. */
  private telegramSent(userId: number, r: { message: { message_id: number }; updateId?: number }) {
    const m = this.d.telegram.message(userId, r.message.message_id);
    return {
      ok: true,
      delivered: r.updateId !== undefined,
      receiving: this.d.telegram.receiving(),
      ...(m ? { message: this.telegramView(m) } : {}),
    };
  }

  /** A file the bot sent on Telegram (an export), for download. */
  telegramFile(fileId: string): { name: string; bytes: Buffer } {
    const f = this.d.telegram.file(fileId);
    if (!f) throw new SandboxError(404, `没有文件 ${fileId}：文件在重置演示后失效，请重新导出`);
    return { name: f.fileName ?? f.filePath.split('/').pop() ?? 'file', bytes: f.bytes };
  }

  /** Someone by id (open_id), name or mobile. */
  person(ref: string): SandboxPerson {
    const p = this.d.people.find((x) => x.id === ref || x.name === ref || x.mobile === ref);
    if (!p) throw new SandboxError(404, `找不到人员“${ref}”：请用 GET /sandbox/api/people 列出的 id 或姓名`);
    return p;
  }

  /** The person's chat with the bot, oldest first; reading it marks it read unless `peek`. */
  messages(ref: string, peek = false): MessageView[] {
    const p = this.person(ref);
    const list = this.d.emu.messages({ user: p.id });
    if (!peek) this.seen.set(p.id, list.filter((m) => m.sender.type === 'app').length);
    return list.map((m) => this.view(m));
  }

  async act(r: {
    person: string;
    messageId: string;
    element: string;
    form?: Record<string, FormFieldValue>;
    value?: FormFieldValue;
  }) {
    const p = this.person(r.person);
    this.ownMessage(p, r.messageId);
    const result = await this.d.emu.actOnCard({
      messageId: r.messageId,
      user: p.id,
      element: r.element,
      ...(r.form ? { form: r.form } : {}),
      ...(r.value !== undefined ? { value: r.value } : {}),
    });
    // Follow-ups (the director's hazard card, a notice to the adviser) leave with this tick.
    if (result.ok) await this.d.running.tick();
    const problem = result.failure
      ? `${FAILURES[result.failure] ?? result.failure}${result.missing?.length ? `：${result.missing.join('、')}` : ''}`
      : undefined;
    return {
      ok: result.ok,
      ...(result.toast ? { toast: result.toast as Toast } : {}),
      ...(result.failure ? { failure: result.failure, error: problem, detail: result.detail ?? null } : {}),
      ...(result.missing ? { missing: result.missing } : {}),
      message: this.view(this.d.emu.message(r.messageId) ?? result.message),
    };
  }

  async text(ref: string, text: string) {
    const p = this.person(ref);
    const r = await this.d.emu.sendUserMessage({ from: p.id, text });
    return { ok: true, delivered: r.delivered, message: this.view(r.message) };
  }

  /** The person sends a picture in their Feishu chat with the bot (an image message). */
  async photo(ref: string, bytes: Buffer) {
    const p = this.person(ref);
    const r = await this.d.emu.sendUserImage({ from: p.id, bytes });
    return { ok: true, delivered: r.delivered, message: this.view(r.message) };
  }

  async clockView(): Promise<ClockView> {
    const now = this.d.clock.now();
    const next = await this.nextEventAt(now);
    return {
      now: now.toISOString(),
      timeZone: this.d.timeZone,
      rate: this.d.clock.rate,
      nextEvent: next?.toISOString() ?? null,
    };
  }

  async advance(kind: Advance) {
    const now = this.d.clock.now();
    let target: Date | null;
    if (kind === 'hour') target = new Date(now.getTime() + HOUR_MS);
    else if (kind === 'day') target = nextDayStart(now, this.d.timeZone, this.d.dailyOpen);
    else target = await this.nextEventAt(now);
    if (!target) throw new SandboxError(409, '没有已排定的事件：请用 +1 小时 或 下一天');
    return this.moveTo(target);
  }

  async set(at: Date) {
    if (at.getTime() < this.d.clock.now().getTime())
      throw new SandboxError(
        409,
        `时间只能向后调整（现在是 ${this.d.clock.now().toISOString()}）；要从头开始请重置演示`,
      );
    return this.moveTo(at);
  }

  /** 重置演示: messages, database and clock back to the start, configuration applied again. */
  async reset(): Promise<ClockView> {
    await this.d.running.exclusive(async (tickOnce) => {
      this.d.emu.reset();
      this.d.telegram.reset();
      this.seenTelegram.clear();
      await wipeSandboxDatabase(this.d.running.store);
      this.d.clock.restart(this.d.startAt());
      this.seen.clear();
      await this.d.running.store.applyUnits(this.d.units, this.d.clock.now());
      await tickOnce();
    });
    this.d.log.info({ at: this.d.clock.now().toISOString() }, '沙盒已重置');
    return this.clockView();
  }

  /** Steps through every scheduled instant up to `target`, ticking at each, then ticks at `target`. */
  private async moveTo(target: Date) {
    const from = this.d.clock.now();
    const steps = await this.d.running.exclusive(async (tickOnce) => {
      let n = 0;
      for (; n < MAX_STEPS; n++) {
        const next = await this.nextEventAt(this.d.clock.now());
        if (!next || next >= target) break;
        this.d.clock.set(next);
        await tickOnce();
      }
      if (target > this.d.clock.now()) this.d.clock.set(target);
      await tickOnce();
      return n + 1;
    });
    return { from: from.toISOString(), ticks: steps, clock: await this.clockView() };
  }

  /** As the simulation computes it: the next task level or close, held message, or opening. */
  private async nextEventAt(now: Date): Promise<Date | null> {
    const { store, engine } = this.d.running;
    const headers = await store.unitHeaders();
    const candidates = [
      await store.nextTaskActionAt(),
      await store.nextMessageAt(),
      ...headers.map((h) => nextOpeningAt(policyOf(engine, h), now)),
    ];
    const future = candidates.filter((c): c is Date => c !== null && c > now).map((c) => c.getTime());
    return future.length ? new Date(Math.min(...future)) : null;
  }

  /** A file the bot sent (an export), for download. */
  file(fileKey: string): { name: string; bytes: Buffer } {
    const f = this.d.emu.file(fileKey);
    if (!f) throw new SandboxError(404, `没有文件 ${fileKey}：文件在重置演示后失效，请重新导出`);
    return { name: f.fileName, bytes: f.bytes };
  }

  private botMessages(openId: string): StoredMessage[] {
    return this.d.emu.messages({ user: openId }).filter((m) => m.sender.type === 'app');
  }

  private telegramBotMessages(chatId: number): number {
    return this.d.telegram.messages(chatId).filter((m) => m.fromBot).length;
  }

  private telegramMessage(chatId: number, messageId: number): TelegramMessageView | null {
    const m = this.d.telegram.message(chatId, messageId);
    return m ? this.telegramView(m) : null;
  }

  private telegramView(m: ChatMessage): TelegramMessageView {
    const file = m.document ?? m.photo?.[m.photo.length - 1];
    return {
      id: m.message_id,
      from: m.fromBot ? 'bot' : 'user',
      kind: m.document ? 'file' : m.photo ? 'photo' : 'text',
      text: m.text ?? m.caption ?? m.document?.file_name ?? '',
      entities: m.entities ?? m.caption_entities ?? [],
      keyboard: (m.reply_markup?.inline_keyboard ?? []).map((row) =>
        row.map((b) => ({
          text: b.text,
          ...(b.callback_data !== undefined ? { data: b.callback_data } : {}),
          ...(typeof b.url === 'string' ? { url: b.url } : {}),
        })),
      ),
      at: new Date(this.d.clock.virtualAt(m.sentAt)).toISOString(),
      edits: m.edits,
      ...(file ? { fileId: file.file_id } : {}),
    };
  }

  private ownMessage(p: SandboxPerson, messageId: string): void {
    if (!this.d.emu.messages({ user: p.id }).some((m) => m.messageId === messageId)) {
      throw new SandboxError(
        404,
        `${p.name} 的会话中没有消息 ${messageId}：请用 GET /sandbox/api/messages?person=${encodeURIComponent(p.name)} 取得 id`,
      );
    }
  }

  private view(m: StoredMessage): MessageView {
    const at = new Date(this.d.clock.virtualAt(m.createTime)).toISOString();
    const from = m.sender.type === 'app' ? 'bot' : 'user';
    const base = { id: m.messageId, from, at, updates: m.updates } as const;
    if (m.msgType === 'interactive') return { ...base, kind: 'card', card: m.card };
    const content = parseContent(m.content);
    if (m.msgType === 'text')
      return { ...base, kind: 'text', text: typeof content['text'] === 'string' ? content['text'] : '' };
    if (m.msgType === 'file') {
      const key = typeof content['file_key'] === 'string' ? content['file_key'] : '';
      return { ...base, kind: 'file', text: this.d.emu.file(key)?.fileName ?? '文件', fileKey: key };
    }
    if (m.msgType === 'image') return { ...base, kind: 'image', text: '🖼 图片' };
    return { ...base, kind: 'other', text: `[${m.msgType}]` };
  }
}

function parseContent(s: string): Record<string, unknown> {
  try {
    const v: unknown = JSON.parse(s);
    return v !== null && typeof v === 'object' ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
