/**
 * The pure parts of the Telegram transport: error classification on the Bot API's own error shapes
 * (https://core.telegram.org/bots/api#making-requests, #responseparameters), the send pacer against
 * the FAQ's limits, and long text cut on line boundaries.
 */

import { GrammyError, HttpError } from 'grammy';
import { describe, expect, it } from 'vitest';
import { TELEGRAM_LIMITS, TelegramPacer, withSharedBudget } from '../../src/adapters/telegram/send-pacer.js';
import { MAX_TEXT_PARTS, planText, splitText, TELEGRAM_TEXT_MAX } from '../../src/adapters/telegram/split-text.js';
import { classifyTelegramError, isNotModified, TelegramFatal } from '../../src/adapters/telegram/telegram-errors.js';
import { ChannelError, RecipientUnreachable } from '../../src/app/channel-error.js';

const apiError = (error_code: number, description: string, parameters?: object, method = 'sendMessage') =>
  new GrammyError(
    `Call to '${method}' failed!`,
    { ok: false, error_code, description, ...(parameters ? { parameters } : {}) } as never,
    method,
    {},
  );

describe('classifyTelegramError', () => {
  it('429 waits what Telegram says (parameters.retry_after, as in the Bot API example)', () => {
    const e = classifyTelegramError(apiError(429, 'Too Many Requests: retry after 35', { retry_after: 35 }));
    expect(e).toBeInstanceOf(ChannelError);
    expect(e.retryable).toBe(true);
    expect(e.retryAfterMs).toBe(35_000);
  });
  it('429 without parameters still reads the description', () => {
    expect(classifyTelegramError(apiError(429, 'Too Many Requests: retry after 7')).retryAfterMs).toBe(7000);
  });
  it('403 blocked / never started / kicked become RecipientUnreachable naming the person and what to do', () => {
    const blocked = classifyTelegramError(apiError(403, 'Forbidden: bot was blocked by the user'), '张三');
    expect(blocked).toBeInstanceOf(RecipientUnreachable);
    expect((blocked as RecipientUnreachable).reason).toBe('blocked');
    expect(blocked.retryable).toBe(false);
    expect(blocked.message).toContain('张三已在 Telegram 中屏蔽了机器人');
    const notStarted = classifyTelegramError(
      apiError(403, "Forbidden: bot can't initiate conversation with a user"),
      '李四',
    );
    expect((notStarted as RecipientUnreachable).reason).toBe('not_started');
    expect(notStarted.message).toContain('Start');
    const kicked = classifyTelegramError(apiError(403, 'Forbidden: bot was kicked from the group chat'), '群 -100123');
    expect((kicked as RecipientUnreachable).reason).toBe('not_in_group');
    const notFound = classifyTelegramError(apiError(400, 'Bad Request: chat not found'), '王五');
    expect(notFound).toBeInstanceOf(RecipientUnreachable);
  });
  it('401 and 409 are fatal for the channel', () => {
    const u = classifyTelegramError(apiError(401, 'Unauthorized', undefined, 'getMe'));
    expect(u).toBeInstanceOf(TelegramFatal);
    expect((u as TelegramFatal).kind).toBe('unauthorized');
    expect(u.message).toContain('TELEGRAM_BOT_TOKEN');
    const c = classifyTelegramError(
      apiError(
        409,
        'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running',
        undefined,
        'getUpdates',
      ),
    );
    expect((c as TelegramFatal).kind).toBe('conflict');
    expect(c.retryable).toBe(false);
  });
  it('5xx and network failures are retried; other 400s fail fast', () => {
    expect(classifyTelegramError(apiError(502, 'Bad Gateway')).retryable).toBe(true);
    expect(
      classifyTelegramError(
        new HttpError(
          "Network request for 'sendMessage' failed!",
          Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }),
        ),
      ).retryable,
    ).toBe(true);
    const bad = classifyTelegramError(
      apiError(400, 'Bad Request: can\'t parse entities: Unsupported start tag "x" at byte offset 0'),
    );
    expect(bad.retryable).toBe(false);
    expect(bad).not.toBeInstanceOf(RecipientUnreachable);
    const migrated = classifyTelegramError(
      apiError(400, 'Bad Request: group chat was upgraded to a supergroup chat', {
        migrate_to_chat_id: -1001234567890,
      }),
    );
    expect(migrated.message).toContain('-1001234567890');
  });
  it('"message is not modified" is recognised (and only that)', () => {
    expect(
      isNotModified(
        apiError(
          400,
          'Bad Request: message is not modified: specified new message content and reply markup are exactly ' +
            'the same as a current content and reply markup of the message',
          undefined,
          'editMessageText',
        ),
      ),
    ).toBe(true);
    expect(isNotModified(apiError(400, 'Bad Request: message to edit not found'))).toBe(false);
  });
});

describe('TelegramPacer', () => {
  const pacer = () => {
    let t = 1_000_000;
    const p = new TelegramPacer(
      TELEGRAM_LIMITS,
      () => t,
      async (ms) => {
        t += ms;
      },
    );
    return { p, at: () => t };
  };
  it('one chat: one message a second', () => {
    const { p } = pacer();
    const slots = [1, 2, 3, 4].map(() => p.reserve('42'));
    expect(slots.map((s) => s - slots[0]!)).toEqual([0, 1100, 2200, 3300]);
  });
  it('a group: at most 20 in any minute', () => {
    const { p } = pacer();
    const slots = Array.from({ length: 45 }, () => p.reserve('-100777'));
    for (let i = 0; i < slots.length; i++)
      expect(slots.filter((s) => s > slots[i]! - 60_000 && s <= slots[i]!).length).toBeLessThanOrEqual(20);
    expect(slots[20]! - slots[0]!).toBeGreaterThanOrEqual(60_000);
  });
  it('overall: at most 30 in any second, across chats reserving in any order', () => {
    const { p } = pacer();
    const slots: number[] = [];
    for (let round = 0; round < 3; round++)
      for (let chat = 0; chat < 100; chat++) slots.push(p.reserve(String(chat + 1)));
    slots.sort((a, b) => a - b);
    for (let i = 0; i < slots.length; i++)
      expect(slots.filter((s) => s >= slots[i]! && s < slots[i]! + 1000).length).toBeLessThanOrEqual(30);
    // 28/s with the margin
    // and not slower than needed: 300 sends in about 10 s
    expect(slots[slots.length - 1]! - slots[0]!).toBeLessThan(11_000);
  });
  it('take waits for the slot; backOff holds the chat', async () => {
    const { p, at } = pacer();
    const start = at();
    await p.take('5');
    p.backOff('5', 35_000);
    await p.take('5');
    expect(at() - start).toBeGreaterThanOrEqual(35_000);
    await p.take('6');
    expect(at() - start).toBeLessThan(36_000);
  });
});

describe('withSharedBudget', () => {
  it(
    'each send waits for the local pacer, then for the budget the instances share; ' + 'a 429 holds the chat locally',
    async () => {
      let t = 0;
      const local = new TelegramPacer(
        TELEGRAM_LIMITS,
        () => t,
        async (ms) => {
          t += ms;
        },
      );
      const shared: string[] = [];
      const pacer = withSharedBudget(local, { take: async (r) => void shared.push(`${r}@${t}`) });
      await pacer.take('-100');
      pacer.backOff('-100', 5000);
      await pacer.take('-100');
      expect(shared).toEqual(['-100@0', '-100@5000']);
    },
  );
});

describe('splitText', () => {
  it('keeps short text whole', () => {
    expect(splitText('今日待办\n1. 叉车')).toEqual(['今日待办\n1. 叉车']);
  });
  it('cuts on line boundaries within 4096', () => {
    const line = '设备'.repeat(50);
    const text = Array.from({ length: 100 }, (_, i) => `${i} ${line}`).join('\n');
    const parts = splitText(text);
    expect(parts.length).toBeGreaterThan(1);
    for (const p of parts) expect(p.length).toBeLessThanOrEqual(TELEGRAM_TEXT_MAX);
    expect(parts.join('\n')).toBe(text);
    for (const p of parts) expect(p.split('\n')[0]).toMatch(/^\d+ 设备/);
  });
  it('cuts a line longer than a message without splitting a surrogate pair', () => {
    const text = `a${'😀'.repeat(3000)}`;
    const parts = splitText(text);
    expect(parts.join('')).toBe(text);
    for (const p of parts) {
      expect(p.length).toBeLessThanOrEqual(TELEGRAM_TEXT_MAX);
      expect(p).not.toMatch(/[\ud800-\udbff]$/);
    }
  });
  it('drops blank parts (Telegram refuses empty text)', () => {
    expect(splitText('\n\n  \n')).toEqual([]);
  });
  it('very long text becomes a document with a caption', () => {
    const text = `导出结果\n${'记录一行\n'.repeat(5000)}`;
    const plan = planText(text);
    expect(plan.kind).toBe('document');
    if (plan.kind !== 'document') return;
    expect(new TextDecoder().decode(plan.bytes)).toBe(text);
    expect(plan.caption).toContain('导出结果');
    expect(plan.caption.length).toBeLessThanOrEqual(1024);
    expect(planText('短').kind).toBe('messages');
    expect(splitText('x\n'.repeat(TELEGRAM_TEXT_MAX * MAX_TEXT_PARTS)).length).toBeGreaterThan(MAX_TEXT_PARTS);
  });
});
