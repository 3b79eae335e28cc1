/**
 * The Telegram transport with the real grammY against the Telegram Bot API emulator: what a person
 * sees in the chat (messages, keyboards after edits, documents), what the bot gets from what they do
 * (texts, /start deep links, taps answered at once), and how failures are handled (403 → unreachable,
 * 429 → wait, 401/409 → the channel stops and says why). The handler stands in for handleInbound.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { startTelegramEmulator, type TelegramEmulator } from '@safeduty/telegram-emulator';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { wallTimeMs } from '../../src/adapters/clock/wall-time.js';
import { TelegramChannel, type TelegramSettings } from '../../src/adapters/telegram/telegram-channel.js';
import type { TelegramRenderer } from '../../src/adapters/telegram/telegram-renderer.js';
import { ChannelError, RecipientUnreachable } from '../../src/app/channel-error.js';
import type { InboundEvent, InboundResult } from '../../src/app/inbound/inbound-event.js';
import type { Logger, OutboxMessage, Recipient } from '../../src/app/ports.js';

const lines: { level: string; obj: object; msg?: string }[] = [];
const log: Logger = {
  debug: (obj, msg) => void lines.push({ level: 'debug', obj, msg }),
  info: (obj, msg) => void lines.push({ level: 'info', obj, msg }),
  warn: (obj, msg) => void lines.push({ level: 'warn', obj, msg }),
  error: (obj, msg) => void lines.push({ level: 'error', obj, msg }),
  child: () => log,
};

/** A renderer with one button per prompt, so taps can be driven (the real one is tg-render's). */
const renderer: TelegramRenderer = {
  renderPrompt: (m) => [
    {
      text: `<b>提示</b> ${m.key}`,
      parse_mode: 'HTML',
      reply_markup: {
        inline_keyboard: [
          [
            { text: '已知悉', callback_data: `ack:${m.id}` },
            { text: '旧', callback_data: 'old' },
          ],
        ],
      },
    },
  ],
  renderRedraw: (r) => ({ text: `已处理：${r.state.done?.line ?? ''}` }),
  readCallback: async (data) =>
    data.startsWith('ack:')
      ? { type: 'action', action: { a: 'ack', k: 'task:x' }, form: {} }
      : { type: 'stale', notice: '此按钮已失效' },
};

const message = (id: string): OutboxMessage => ({
  id,
  key: `msg:${id}`,
  unitId: 'u1',
  personId: 'p1',
  chatId: null,
  purpose: 'notice',
  urgent: false,
  payload: { type: 'notice', text: 'x' } as never,
  taskKeys: [],
  attempts: 0,
  createdAt: new Date(),
});
const to = (userId: number | undefined, name = '张三'): Recipient => ({
  personId: 'p1',
  name,
  timeZone: 'Asia/Shanghai',
  chatId: null,
  identities: userId === undefined ? [] : [{ channel: 'telegram', externalId: String(userId) }],
});

let emu: TelegramEmulator;
const channels: TelegramChannel[] = [];
const open = (
  events: InboundEvent[] = [],
  result: (e: InboundEvent) => InboundResult = () => ({}),
  settings: Partial<TelegramSettings> = {},
) => {
  const ch = new TelegramChannel(
    { token: emu.bot().token, apiRoot: emu.url, mode: 'polling', pollTimeoutSeconds: 1, ...settings },
    { log, renderer, wallMs: wallTimeMs, now: () => new Date() },
  );
  channels.push(ch);
  void ch.start(async (e) => {
    events.push(e);
    return result(e);
  });
  return ch;
};
const until = async (what: () => boolean, ms = 8000) => {
  const end = Date.now() + ms;
  while (!what()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 25));
  }
};

beforeEach(async () => {
  lines.length = 0;
  emu = await startTelegramEmulator({ botUsername: 'safeduty_test_bot' });
});
afterEach(async () => {
  await Promise.all(channels.splice(0).map((c) => c.stop()));
  await emu.close();
});

describe('sending', () => {
  it('a prompt arrives with its keyboard; its id names chat and message', async () => {
    const ch = open();
    const u = emu.createUser({ firstName: '三', lastName: '张' });
    emu.start(u.id);
    const { platformMessageId } = await ch.sendPrompt(message('m1'), to(u.id));
    const shown = emu.messages(u.id).filter((m) => m.fromBot);
    expect(shown).toHaveLength(1);
    expect(platformMessageId).toBe(`${u.id}:${shown[0]!.message_id}`);
    expect(shown[0]!.text).toBe('提示 msg:m1');
    expect(shown[0]!.reply_markup?.inline_keyboard[0]?.map((b) => b.callback_data)).toEqual(['ack:m1', 'old']);
  });

  it(
    'someone who never pressed Start, or blocked the bot, ' + 'is unreachable with what to do; nobody bound too',
    async () => {
      const ch = open();
      const never = emu.createUser({ firstName: '四', lastName: '李' });
      const e1 = await ch.sendPrompt(message('m2'), to(never.id, '李四')).catch((e: unknown) => e);
      expect(e1).toBeInstanceOf(RecipientUnreachable);
      expect((e1 as RecipientUnreachable).reason).toBe('not_started');
      expect((e1 as Error).message).toMatch(/^李四还没有在 Telegram 中启动机器人/);
      const blocker = emu.createUser({ firstName: '五', lastName: '王' });
      emu.start(blocker.id);
      emu.block(blocker.id);
      const e2 = await ch.sendPrompt(message('m3'), to(blocker.id, '王五')).catch((e: unknown) => e);
      expect((e2 as RecipientUnreachable).reason).toBe('blocked');
      const e3 = await ch.sendPrompt(message('m4'), to(undefined, '赵六')).catch((e: unknown) => e);
      expect((e3 as RecipientUnreachable).reason).toBe('unbound');
      expect((e3 as Error).message).toContain('start=');
    },
  );

  it('429 is retryable after what Telegram said; a 5xx and a lost connection are retryable', async () => {
    const ch = open();
    const u = emu.createUser({ firstName: 'A' });
    emu.start(u.id);
    emu.injectFaults({ method: 'sendMessage', failWith: { code: 429, retryAfter: 2 } });
    const e = (await ch.sendPrompt(message('m5'), to(u.id)).catch((x: unknown) => x)) as ChannelError;
    expect(e.retryable).toBe(true);
    expect(e.retryAfterMs).toBe(2000);
    emu.injectFaults({ method: 'sendMessage', serverError: 1 });
    expect(((await ch.sendPrompt(message('m6'), to(u.id)).catch((x: unknown) => x)) as ChannelError).retryable).toBe(
      true,
    );
    emu.injectFaults({ method: 'sendMessage', dropConnection: 1 });
    expect(((await ch.sendPrompt(message('m7'), to(u.id)).catch((x: unknown) => x)) as ChannelError).retryable).toBe(
      true,
    );
  });

  it(
    'a send Telegram does not answer in time is abandoned ' + 'as retryable (it never outlives the outbox lease)',
    async () => {
      const ch = open([], () => ({}), { requestTimeoutMs: 300 });
      const u = emu.createUser({ firstName: 'T' });
      emu.start(u.id);
      emu.injectFaults({ method: 'sendMessage', delayMs: 3000, delayCount: 1 });
      const t0 = Date.now();
      const e = (await ch.sendPrompt(message('slow'), to(u.id)).catch((x: unknown) => x)) as ChannelError;
      expect(e).toBeInstanceOf(ChannelError);
      expect(e.retryable).toBe(true);
      expect(Date.now() - t0).toBeLessThan(2000);
    },
  );

  it('sends to one chat are paced (no 429 from the emulator at 1 message/s)', async () => {
    const ch = open();
    const u = emu.createUser({ firstName: 'B' });
    emu.start(u.id);
    const t0 = Date.now();
    for (const id of ['a', 'b', 'c']) await ch.sendPrompt(message(id), to(u.id));
    expect(Date.now() - t0).toBeGreaterThanOrEqual(1900);
    expect(emu.requests().filter((r) => r.status === 429)).toHaveLength(0);
  });

  it('long text is split on line boundaries; very long text is one document; files are documents', async () => {
    const ch = open();
    const u = emu.createUser({ firstName: 'C' });
    emu.start(u.id);
    const text = Array.from({ length: 60 }, (_, i) => `${i + 1}. ${'检查记录'.repeat(20)}`).join('\n');
    await ch.sendText({ externalId: String(u.id) }, text, 'k1');
    const parts = emu
      .messages(u.id)
      .filter((m) => m.fromBot)
      .map((m) => m.text ?? '');
    expect(parts.length).toBe(2);
    expect(parts.join('\n')).toBe(text);
    const huge = `导出摘要\n${'一行记录\n'.repeat(6000)}`;
    await ch.sendText({ externalId: String(u.id) }, huge, 'k2');
    await ch.sendFile(
      { chatId: String(u.id) },
      { fileName: '日检记录.xlsx', bytes: new Uint8Array([80, 75, 3, 4]) },
      'k3',
    );
    const docs = emu.messages(u.id).filter((m) => m.document);
    expect(docs.map((m) => m.document!.file_name)).toEqual(['消息全文.txt', '日检记录.xlsx']);
    expect(docs[0]!.caption).toContain('导出摘要');
    expect(emu.file(docs[1]!.document!.file_id)?.bytes.length).toBe(4);
  });

  it('an edit that changes nothing is fine ("message is not modified" ignored)', async () => {
    const ch = open();
    const u = emu.createUser({ firstName: 'D' });
    emu.start(u.id);
    const { platformMessageId } = await ch.sendPrompt(message('m8'), to(u.id));
    const redraw = {
      payload: { type: 'notice' } as never,
      state: { done: { line: '已知悉', tone: 'success' as const } },
      unitId: 'u1',
      timeZone: 'Asia/Shanghai',
    };
    await ch.updatePrompt({ platformMessageId }, redraw);
    await ch.updatePrompt({ platformMessageId }, redraw);
    const m = emu.messages(u.id).find((x) => x.fromBot)!;
    expect(m.text).toBe('已处理：已知悉');
    expect(m.reply_markup).toBeUndefined();
    expect(m.edits).toBe(1);
  });
});

describe('receiving (long polling)', () => {
  it('texts, /commands and /start <code> reach the handler once, with event ids', async () => {
    const events: InboundEvent[] = [];
    open(events);
    const u = emu.createUser({ firstName: '三', lastName: '张' });
    emu.start(u.id, 'AB12CD34');
    emu.sendText({ userId: u.id, text: '/today' });
    emu.sendText({ userId: u.id, text: '逾期' });
    await until(() => events.length === 3);
    expect(events.map((e) => (e.type === 'text' ? e.text : ''))).toEqual(['绑定 AB12CD34', '今日', '逾期']);
    expect(events[0]).toMatchObject({
      channel: 'telegram',
      actor: { externalId: String(u.id), chatId: String(u.id), chatType: 'p2p' },
    });
    expect(new Set(events.map((e) => e.eventId)).size).toBe(3);
    // the command menu was set, in Chinese
    expect(emu.commands().find((c) => c.command === 'today')?.description).toContain('今日');
  });

  it('a tap is answered with the notice at once, then the message shows its new state', async () => {
    const events: InboundEvent[] = [];
    const ch = open(events, () => ({
      notice: { tone: 'success', text: '已知悉，谢谢' },
      prompt: {
        payload: { type: 'notice' } as never,
        state: { done: { line: '张三 已知悉', tone: 'success' } },
        unitId: 'u1',
        timeZone: 'Asia/Shanghai',
      },
    }));
    const u = emu.createUser({ firstName: '三' });
    emu.start(u.id);
    const { platformMessageId } = await ch.sendPrompt(message('m9'), to(u.id));
    const messageId = Number(platformMessageId.split(':')[1]);
    const tap = emu.tap({ userId: u.id, messageId, data: 'ack:m9' });
    const answer = await emu.waitForAnswer(tap.callbackQueryId);
    expect(answer?.answered?.text).toBe('已知悉，谢谢');
    expect(answer!.answered!.at - answer!.at).toBeLessThan(1000);
    await until(() => emu.message(u.id, messageId)?.text === '已处理：张三 已知悉');
    expect(events.find((e) => e.type === 'action')).toMatchObject({
      type: 'action',
      action: { a: 'ack' },
      promptRef: { platformMessageId },
    });
    // a button we cannot read any more is answered too, never left spinning
    const other = await ch.sendPrompt(message('m12'), to(u.id));
    const stale = await emu.waitForAnswer(
      emu.tap({ userId: u.id, messageId: Number(other.platformMessageId.split(':')[1]), data: 'old' }).callbackQueryId,
    );
    expect(stale?.answered?.text).toBe('此按钮已失效');
  });

  it('a tap whose handling fails is still answered, and the failure logged with ids', async () => {
    const ch = open([], () => {
      throw new Error('database gone');
    });
    const u = emu.createUser({ firstName: '三' });
    emu.start(u.id);
    const { platformMessageId } = await ch.sendPrompt(message('m11'), to(u.id));
    const tap = emu.tap({ userId: u.id, messageId: Number(platformMessageId.split(':')[1]), data: 'ack:m11' });
    const answer = await emu.waitForAnswer(tap.callbackQueryId);
    expect(answer?.answered).toBeDefined();
    expect(answer?.refused).toBeUndefined();
    expect(
      lines.find((l) => l.level === 'error' && (l.obj as { updateId?: number }).updateId !== undefined),
    ).toBeDefined();
  });

  it(
    'a long poll that hangs past its timeout is abandoned by the watchdog, ' +
      'logged, and polled again: nothing is lost',
    async () => {
      const events: InboundEvent[] = [];
      // The first getUpdates is held for 6 s (a connection that went silent), far beyond 1 s + 0.3 s.
      emu.injectFaults({ method: 'getUpdates', delayMs: 6000, delayCount: 1 });
      open(events, () => ({}), { pollTimeoutSeconds: 1, pollMarginMs: 300 });
      const u = emu.createUser({ firstName: '三', lastName: '张' });
      emu.start(u.id);
      emu.sendText({ userId: u.id, text: '今日' });
      await until(() => events.length === 2, 4000);
      expect(events[1]).toMatchObject({ type: 'text', text: '今日' });
      expect(lines.some((l) => l.level === 'warn' && /hung connection/.test(l.msg ?? ''))).toBe(true);
    },
  );

  it('a second poller for the same token: 409 stops one channel, with one clear line', async () => {
    const a = open();
    await until(() => a.health().ok);
    const b = open();
    const stoppedBy = (c: TelegramChannel) => ('stoppedBy' in c.health() ? c : undefined);
    await until(() => !!(stoppedBy(a) ?? stoppedBy(b)), 15_000);
    const stopped = (stoppedBy(a) ?? stoppedBy(b))!;
    expect(stopped.health()).toMatchObject({ ok: false, stoppedBy: 'conflict' });
    const line = lines.filter((l) => l.level === 'error' && String(l.msg).startsWith('Telegram 通道已停止'));
    expect(line.length).toBe(1);
    expect(line[0]!.msg).toContain('webhook');
  });

  it('a revoked token (401): the channel stops, says so, and sends wait instead of dying', async () => {
    emu.injectFaults({ method: 'getMe', failWith: { code: 401, description: 'Unauthorized' } });
    const ch = open();
    await until(() => ch.health().ok === false && 'stoppedBy' in ch.health());
    expect(ch.health()).toMatchObject({ stoppedBy: 'unauthorized' });
    const u = emu.createUser({ firstName: 'E' });
    emu.start(u.id);
    emu.injectFaults({ method: 'sendMessage', failWith: { code: 401, description: 'Unauthorized' } });
    const e = (await ch.sendPrompt(message('m10'), to(u.id)).catch((x: unknown) => x)) as ChannelError;
    expect(e.retryable).toBe(true);
    expect(e.retryAfterMs).toBeGreaterThanOrEqual(60_000);
    expect(e.message).toContain('TELEGRAM_BOT_TOKEN');
  });
});

describe('receiving (webhook)', () => {
  it('updates come with the secret; a wrong secret is refused before anything is read', async () => {
    const events: InboundEvent[] = [];
    let handler: ((req: http.IncomingMessage, body: string, res: http.ServerResponse) => Promise<void>) | undefined;
    const server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString('utf8')));
      req.on('end', () => void handler?.(req, body, res));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/telegram`;
    try {
      const ch = open(events, () => ({}), { mode: 'webhook', webhookUrl: url, webhookSecret: 'good_secret-1' });
      handler = ch.webhook();
      await until(() => emu.webhook()?.url === url);
      const u = emu.createUser({ firstName: '三' });
      emu.start(u.id);
      emu.sendText({ userId: u.id, text: '今日' });
      await until(() => events.length === 2);
      expect(events.map((e) => (e.type === 'text' ? e.text : ''))).toEqual(['帮助', '今日']);
      const refused = await fetch(url, {
        method: 'POST',
        headers: { 'x-telegram-bot-api-secret-token': 'wrong' },
        body: JSON.stringify({
          update_id: 1,
          message: {
            message_id: 1,
            date: 1,
            chat: { id: 1, type: 'private' },
            from: { id: 1, is_bot: false, first_name: 'x' },
            text: '今日',
          },
        }),
      });
      expect(refused.status).toBe(401);
      expect(events).toHaveLength(2);
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });
});
