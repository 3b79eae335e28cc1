/**
 * Flood control and injected faults of the Telegram emulator as grammY sees them: 429 with
 * parameters.retry_after per chat, per group and overall; failWith / 5xx / an HTML 502 / a dropped
 * connection / a slow answer; the control API over HTTP.
 */

import type { TelegramEmulator } from '@safeduty/telegram-emulator';
import { GrammyError, HttpError } from 'grammy';
import { afterEach, describe, expect, it } from 'vitest';
import { apiError, botOn, telegramWithPeople } from './telegram-helpers.js';

let emu: TelegramEmulator;
afterEach(async () => {
  await emu?.close();
});

describe('Telegram emulator: flood control', () => {
  it(
    'one message per second per chat: ' +
      'the second answers 429 Too Many Requests with retry_after; other chats still go',
    async () => {
      let t = Date.UTC(2026, 0, 5, 1, 0, 0, 0);
      const w = await telegramWithPeople({
        now: () => t,
        limits: { perChatPerSecond: 1, perGroupPerMinute: 20, overallPerSecond: 30 },
      });
      emu = w.emu;
      const api = botOn(emu).api;
      emu.start(w.zhang.id);
      emu.start(w.li.id);
      await api.sendMessage(w.zhang.id, '1');
      const e = await apiError(api.sendMessage(w.zhang.id, '2'));
      expect([e.error_code, e.description, e.parameters.retry_after]).toEqual([
        429,
        'Too Many Requests: retry after 1',
        1,
      ]);
      await api.sendMessage(w.li.id, '1');
      t += 1000;
      await api.sendMessage(w.zhang.id, '2');
      expect(
        emu
          .messages(w.zhang.id)
          .filter((m) => m.fromBot)
          .map((m) => m.text),
      ).toEqual(['1', '2']);
    },
  );

  it('20 messages a minute per group, 30 a second overall (limits adjustable at run time)', async () => {
    let t = Date.UTC(2026, 0, 5, 1, 0, 0, 0);
    const w = await telegramWithPeople({ now: () => t });
    emu = w.emu;
    emu.setLimits({ perChatPerSecond: 0, perGroupPerMinute: 3, overallPerSecond: 0 });
    const api = botOn(emu).api;
    const g = emu.createGroup({ title: '设备组', members: [w.zhang.id] });
    for (let i = 0; i < 3; i++) await api.sendMessage(g.id, `第${i + 1}条`);
    t += 20_000;
    const e = await apiError(api.sendMessage(g.id, '第4条'));
    expect([e.error_code, e.parameters.retry_after]).toEqual([429, 40]);
    emu.setLimits({ perGroupPerMinute: 0, overallPerSecond: 2 });
    emu.start(w.zhang.id);
    emu.start(w.li.id);
    await api.sendMessage(w.zhang.id, 'a');
    await api.sendMessage(w.li.id, 'b');
    expect((await apiError(api.sendMessage(g.id, 'c'))).error_code).toBe(429);
  });
});

describe('Telegram emulator: faults', () => {
  it('fails the next N calls of a method with a given error, then works again', async () => {
    const w = await telegramWithPeople();
    emu = w.emu;
    const api = botOn(emu).api;
    emu.start(w.zhang.id);
    emu.injectFaults({ method: 'sendMessage', failWith: { code: 429, retryAfter: 7, times: 2 } });
    for (let i = 0; i < 2; i++) {
      const e = await apiError(api.sendMessage(w.zhang.id, 'x'));
      expect([e.error_code, e.description, e.parameters.retry_after]).toEqual([
        429,
        'Too Many Requests: retry after 7',
        7,
      ]);
    }
    await api.getMe(); // other methods untouched
    await api.sendMessage(w.zhang.id, 'x');
    emu.injectFaults({ serverError: 1 });
    const e = await apiError(api.getMe());
    expect([e.error_code, e.description]).toEqual([500, 'Internal Server Error']);
    expect(
      emu
        .requests()
        .filter((r) => r.fault)
        .map((r) => [r.method, r.status]),
    ).toEqual([
      ['sendMessage', 429],
      ['sendMessage', 429],
      ['getMe', 500],
    ]);
  });

  it('a non-JSON 502 and a dropped connection reach grammY as HttpError, not GrammyError', async () => {
    ({ emu } = await telegramWithPeople());
    const api = botOn(emu).api;
    emu.injectFaults({ badGateway: 1 });
    const bad = await api.getMe().catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(HttpError);
    expect(bad).not.toBeInstanceOf(GrammyError);
    emu.injectFaults({ method: 'getMe', dropConnection: 1 });
    expect(await api.getMe().catch((e: unknown) => e)).toBeInstanceOf(HttpError);
    expect((await api.getMe()).is_bot).toBe(true);
  });

  it('answers late while a delay is set', async () => {
    ({ emu } = await telegramWithPeople());
    const api = botOn(emu).api;
    emu.injectFaults({ delayMs: 400, delayCount: 1 });
    const t0 = performance.now();
    await api.getMe();
    expect(performance.now() - t0).toBeGreaterThanOrEqual(380);
    const t1 = performance.now();
    await api.getMe();
    expect(performance.now() - t1).toBeLessThan(300);
  });
});

describe('Telegram emulator: control API over HTTP', () => {
  it('creates people, presses Start, types, taps and reads the chat as it looks after edits', async () => {
    ({ emu } = await telegramWithPeople());
    const api = botOn(emu).api;
    const call = async (method: string, path: string, body?: unknown) => {
      const res = await fetch(`${emu.url}/_control${path}`, {
        method,
        ...(body ? { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } } : {}),
      });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> & unknown[] };
    };
    const user = (await call('POST', '/users', { firstName: '王五' })).body as unknown as { id: number };
    expect((await call('POST', `/users/${user.id}/messages`, { text: '在吗' })).body).toMatchObject({
      error: expect.stringContaining('has not pressed Start'),
    });
    expect((await call('POST', `/users/${user.id}/start`, { payload: 'bind_9Z' })).status).toBe(200);
    const sent = await api.sendMessage(user.id, '点检', {
      reply_markup: { inline_keyboard: [[{ text: '全部正常', callback_data: 'ok' }]] },
    });
    const tap = await call('POST', `/users/${user.id}/taps`, { messageId: sent.message_id, text: '全部正常' });
    expect(tap.body).toMatchObject({ callbackQueryId: expect.any(String) });
    const updates = await api.getUpdates();
    await api.answerCallbackQuery(updates[1]?.callback_query?.id ?? '', { text: '好' });
    await api.editMessageText(user.id, sent.message_id, '点检 ✅');
    const chat = (await call('GET', `/chats/${user.id}/messages`)).body as unknown as {
      text: string;
      fromBot: boolean;
      edits: number;
    }[];
    expect(chat.map((m) => [m.text, m.fromBot, m.edits])).toEqual([
      ['/start bind_9Z', false, 0],
      ['点检 ✅', true, 1],
    ]);
    expect((await call('GET', '/callbacks')).body).toMatchObject([{ data: 'ok', answered: { text: '好' } }]);
    const log = (await call('GET', '/requests')).body as unknown as { method: string }[];
    expect(log.map((r) => r.method)).toEqual(['sendMessage', 'getUpdates', 'answerCallbackQuery', 'editMessageText']);
    expect(
      (
        await call('POST', '/faults', {
          method: 'sendMessage',
          failWith: { code: 403, description: 'Forbidden: bot was blocked by the user' },
        })
      ).status,
    ).toBe(200);
    expect((await apiError(api.sendMessage(user.id, 'x'))).description).toBe('Forbidden: bot was blocked by the user');
    expect((await call('POST', '/users/1/taps', { messageId: 1 })).status).toBe(400);
  });
});
