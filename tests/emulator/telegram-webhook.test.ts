/**
 * Webhook delivery from the Telegram emulator to grammY's own webhookCallback: the
 * X-Telegram-Bot-Api-Secret-Token header, refused deliveries retried until accepted (in order, the
 * same update_id), getWebhookInfo's pending count and last error, deleteWebhook back to polling.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TelegramEmulator } from '@safeduty/telegram-emulator';
import { webhookCallback } from 'grammy';
import { afterEach, describe, expect, it } from 'vitest';
import { botOn, eventually, telegramWithPeople } from './telegram-helpers.js';

let emu: TelegramEmulator;
let server: Server | undefined;
afterEach(async () => {
  await emu?.close();
  server?.closeAllConnections();
  await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
  server = undefined;
});

async function serve(
  handler: (req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => Promise<unknown>,
): Promise<string> {
  server = createServer((req, res) => {
    handler(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  await new Promise<void>((r) => server?.listen(0, '127.0.0.1', () => r()));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/tg`;
}

describe('Telegram emulator: webhooks', () => {
  it(
    'POSTs updates with the secret token; a wrong secret is refused by grammY (401) and retried until the ' +
      'webhook is fixed',
    async () => {
      const w = await telegramWithPeople({ webhook: { retryDelaysMs: [50] } });
      emu = w.emu;
      const bot = botOn(emu);
      const got: string[] = [];
      bot.on('message:text', (ctx) => void got.push(ctx.message.text));
      const url = await serve(webhookCallback(bot, 'http', { secretToken: 'right_secret-1' }));
      await bot.api.setWebhook(url, { secret_token: 'wrong_secret' });
      emu.start(w.zhang.id);
      await eventually(() => emu.webhookDeliveries().length >= 2);
      expect(emu.webhookDeliveries()[0]).toMatchObject({
        status: 401,
        error: 'Wrong response from the webhook: 401 Unauthorized',
      });
      const info = await bot.api.getWebhookInfo();
      expect(info).toMatchObject({
        url,
        pending_update_count: 1,
        last_error_message: 'Wrong response from the webhook: 401 Unauthorized',
      });
      expect(got).toEqual([]);
      await bot.api.setWebhook(url, { secret_token: 'right_secret-1' });
      await eventually(() => got.length === 1);
      emu.sendText({ userId: w.zhang.id, text: '第二条' });
      await eventually(() => got.length === 2);
      expect(got).toEqual(['/start', '第二条']);
      expect((await bot.api.getWebhookInfo()).pending_update_count).toBe(0);
      const ids = emu.webhookDeliveries().map((d) => d.updateId);
      expect(new Set(ids).size).toBe(2);
    },
  );

  it('re-delivers an update whose handler failed (HTTP 500), so a handler can see it twice', async () => {
    const w = await telegramWithPeople({ webhook: { retryDelaysMs: [30] } });
    emu = w.emu;
    const bot = botOn(emu);
    const seen: number[] = [];
    bot.on('message', (ctx) => {
      seen.push(ctx.update.update_id);
      if (seen.length === 1) throw new Error('database busy');
    });
    const url = await serve(webhookCallback(bot, 'http'));
    await bot.api.setWebhook(url);
    emu.start(w.zhang.id);
    await eventually(() => seen.length === 2);
    expect(seen[0]).toBe(seen[1]);
    await eventually(() => emu.webhookDeliveries().length === 2);
    expect(emu.webhookDeliveries().map((d) => d.status)).toEqual([500, 200]);
  });

  it('rejects a secret_token with characters outside A-Z a-z 0-9 _ -; deleteWebhook returns to polling', async () => {
    const w = await telegramWithPeople();
    emu = w.emu;
    const bot = botOn(emu);
    await expect(bot.api.setWebhook('http://127.0.0.1:9/x', { secret_token: 'has space' })).rejects.toThrow(
      'Bad Request: secret token contains unallowed characters',
    );
    await bot.api.setWebhook('http://127.0.0.1:9/x', { secret_token: 'ok' });
    emu.start(w.zhang.id);
    await bot.api.deleteWebhook();
    expect((await bot.api.getUpdates()).map((u) => u.message?.text)).toEqual(['/start']);
    expect((await bot.api.getWebhookInfo()).url).toBe('');
  });
});

describe('Telegram emulator: webhook delivery order and replies', () => {
  it('delivers different chats in parallel (up to max_connections) and one chat in order', async () => {
    const w = await telegramWithPeople({ webhook: { retryDelaysMs: [30] } });
    emu = w.emu;
    const bot = botOn(emu);
    const log: string[] = [];
    let open = 0;
    let maxOpen = 0;
    bot.on('message:text', async (ctx) => {
      open += 1;
      maxOpen = Math.max(maxOpen, open);
      log.push(`${ctx.from.first_name}:${ctx.message.text}:in`);
      await new Promise((r) => setTimeout(r, 150));
      log.push(`${ctx.from.first_name}:${ctx.message.text}:out`);
      open -= 1;
    });
    const url = await serve(webhookCallback(bot, 'http'));
    emu.start(w.zhang.id);
    emu.start(w.li.id);
    emu.sendText({ userId: w.zhang.id, text: '1' });
    emu.sendText({ userId: w.li.id, text: '1' });
    await bot.api.setWebhook(url, { max_connections: 2 });
    await eventually(() => log.length === 8, 8000);
    expect(maxOpen).toBe(2);
    // each person's two messages strictly one after the other
    for (const who of ['张安全', '李总监']) {
      expect(log.filter((l) => l.startsWith(who))).toEqual([
        `${who}:/start:in`,
        `${who}:/start:out`,
        `${who}:1:in`,
        `${who}:1:out`,
      ]);
    }
  });

  it("executes a method named in the webhook answer (grammY's webhook reply)", async () => {
    const w = await telegramWithPeople();
    emu = w.emu;
    const { Bot } = await import('grammy');
    const bot = new Bot(emu.bot().token, {
      client: { apiRoot: emu.url, canUseWebhookReply: (m) => m === 'sendMessage' },
      botInfo: emu.botInfo() as never,
    });
    bot.on('message:text', (ctx) => ctx.reply(`收到：${ctx.message.text}`));
    const url = await serve(webhookCallback(bot, 'http'));
    await bot.api.setWebhook(url);
    emu.start(w.zhang.id);
    await eventually(() => emu.messages(w.zhang.id).some((m) => m.fromBot));
    expect(emu.messages(w.zhang.id).map((m) => m.text)).toEqual(['/start', '收到：/start']);
    expect(emu.requests().find((r) => r.via === 'webhookReply')).toMatchObject({ method: 'sendMessage', status: 200 });
  });
});
