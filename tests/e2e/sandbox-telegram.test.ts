/**
 * The sandbox's Telegram side: every demo person has a Telegram account in the bundled emulator
 * (pressed Start long ago, bound in the units the service applies), the service's Telegram channel
 * points at it, and the page shows each person's Telegram chat as the bot left it — messages with
 * their formatting and keyboards after edits, files — next to the Feishu one. Here a grammY client
 * plays what the bot sends (the Telegram adapter is tested on its own); the person's taps and texts
 * go through /sandbox/api/telegram/… and, in a browser, through the page.
 */
import fs from 'node:fs';
import { Bot, InlineKeyboard, InputFile } from 'grammy';
import { type BrowserContext, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { type Sandbox, startSandbox } from '../../src/sandbox/sandbox-mode.js';
import { sandboxTelegramId } from '../../src/sandbox/sandbox-people.js';
import { demoConfigDir } from '../helpers/config-fixture.js';
import { silentLog } from '../helpers/engine.js';
import { tmpDir } from '../helpers/tmp.js';

interface TgView {
  id: number;
  from: 'bot' | 'user';
  text: string;
  entities: { type: string; offset: number; length: number }[];
  keyboard: { text: string; data?: string }[][];
  edits: number;
  fileId?: string;
}

const CHROMIUM = '/usr/bin/chromium';

describe('the sandbox on Telegram', () => {
  let sandbox: Sandbox;
  let base: string;
  let bot: Bot;
  let zhang: { id: string; telegramId: number; name: string };

  const call = async (method: 'GET' | 'POST', path: string, body?: unknown) => {
    const r = await fetch(`${base}${path}`, {
      method,
      ...(body !== undefined ? { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } } : {}),
    });
    return { status: r.status, body: (await r.json()) as Record<string, unknown> & unknown[] };
  };
  const chat = async (person: string) =>
    (await call('GET', `/telegram/messages?person=${encodeURIComponent(person)}`)).body as unknown as TgView[];

  beforeAll(async () => {
    const dir = demoConfigDir((s) => s, {
      'safeduty.yaml':
        `http: { host: 127.0.0.1, port: 0 }\nsandbox:\n  database: file:${tmpDir('sandbox-tg')}` +
        `/sandbox.db\n  clock_start: "2026-12-01T08:25:00+08:00"\n`,
    });
    sandbox = await startSandbox(loadConfig({ dir, env: {} }), { log: silentLog, tickEveryMs: 60_000 });
    base = `http://127.0.0.1:${sandbox.port}/sandbox/api`;
    bot = new Bot(sandbox.telegram.bot().token, { client: { apiRoot: sandbox.telegram.url } });
    // This client sends to one chat faster than Telegram's 1 message/s (the limits have their own tests).
    sandbox.telegram.setLimits({ perChatPerSecond: 0 });
    const people = (await call('GET', '/people')).body as unknown as {
      id: string;
      telegramId: number;
      name: string;
      mobile: string;
    }[];
    const found = people.find((p) => p.name === '张三');
    if (!found) throw new Error('张三 missing from the demo');
    zhang = found;
  }, 60_000);
  afterAll(async () => sandbox?.stop());

  it('gives every person a started Telegram account derived from their mobile', async () => {
    const people = (await call('GET', '/people')).body as unknown as {
      telegramId: number;
      mobile: string;
      name: string;
    }[];
    expect(people.length).toBeGreaterThan(3);
    for (const p of people) {
      expect(p.telegramId).toBe(sandboxTelegramId(p.mobile));
      expect(sandbox.telegram.user(p.telegramId)).toMatchObject({ first_name: p.name, started: true, blocked: false });
    }
  });

  it('shows what the bot sent on Telegram, formatted, with its keyboard, and the state after an edit', async () => {
    const sent = await bot.api.sendMessage(zhang.telegramId, '<b>日管控</b> 12月1日\n2 台设备待检', {
      parse_mode: 'HTML',
      reply_markup: new InlineKeyboard().text('全部正常', 'p:1:0').text('逐台填写', 'p:1:1'),
    });
    let view = (await chat('张三')).find((m) => m.id === sent.message_id);
    expect(view).toMatchObject({
      from: 'bot',
      text: '日管控 12月1日\n2 台设备待检',
      entities: [{ type: 'bold', offset: 0, length: 3 }],
      edits: 0,
    });
    expect(view?.keyboard).toEqual([
      [
        { text: '全部正常', data: 'p:1:0' },
        { text: '逐台填写', data: 'p:1:1' },
      ],
    ]);
    await bot.api.editMessageText(zhang.telegramId, sent.message_id, '日管控 12月1日 ✅ 已全部正常');
    view = (await chat('张三')).find((m) => m.id === sent.message_id);
    expect(view).toMatchObject({ text: '日管控 12月1日 ✅ 已全部正常', keyboard: [], edits: 1 });
  });

  it('taps a button and types as the person through /sandbox/api/telegram', async () => {
    const sent = await bot.api.sendMessage(zhang.telegramId, '周排查', {
      reply_markup: new InlineKeyboard().text('保持草稿', 'w:9:keep'),
    });
    const tap = await call('POST', '/telegram/tap', { person: '张三', messageId: sent.message_id, data: 'w:9:keep' });
    expect(tap.status).toBe(200);
    expect(sandbox.telegram.callbackAnswers().some((a) => a.data === 'w:9:keep' && a.userId === zhang.telegramId)).toBe(
      true,
    );
    const text = await call('POST', '/telegram/text', { person: zhang.id, text: '/help' });
    expect(text.body).toMatchObject({ ok: true, message: { from: 'user', text: '/help' } });
    const wrong = await call('POST', '/telegram/tap', { person: '张三', messageId: sent.message_id, data: 'nope' });
    expect(wrong.status).toBe(400);
    expect(wrong.body['error']).toMatch(/^操作无效：.*data 是消息上现有按钮的 data/);
    expect((await call('POST', '/telegram/tap', { person: '张三', messageId: 'x', data: 'a' })).status).toBe(400);
  });

  it('serves the files the bot sent on Telegram for download', async () => {
    const bytes = Buffer.from('设备,日期\n1号锅炉,12-01\n');
    const sent = await bot.api.sendDocument(zhang.telegramId, new InputFile(bytes, '日管控记录.csv'));
    const view = (await chat('张三')).find((m) => m.id === sent.message_id);
    const res = await fetch(`${base}/telegram/files/${encodeURIComponent(view?.fileId ?? '')}`);
    expect(res.status).toBe(200);
    expect(Buffer.from(await res.arrayBuffer())).toEqual(bytes);
    expect(res.headers.get('content-disposition')).toContain(encodeURIComponent('日管控记录.csv'));
  });

  describe.skipIf(!fs.existsSync(CHROMIUM))('in a browser', () => {
    let browser: BrowserContext;
    // biome-ignore lint/suspicious/noDuplicateTestHooks: describe.skipIf opens its own scope (Biome sees the outer one)
    afterAll(async () => browser?.close());

    it('draws the Telegram chat next to the Feishu one; a button on the page taps it in the emulator', async () => {
      const sent = await bot.api.sendMessage(zhang.telegramId, '<b>隐患</b> 待研判 &lt;严重&gt;', {
        parse_mode: 'HTML',
        reply_markup: new InlineKeyboard().text('已知悉', 'h:3:ack'),
      });
      browser = await chromium.launchPersistentContext(tmpDir('chromium-tg'), {
        executablePath: CHROMIUM,
        args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'],
        viewport: { width: 1400, height: 860 },
        locale: 'zh-CN',
      });
      const page = browser.pages()[0] ?? (await browser.newPage());
      await page.goto(`http://127.0.0.1:${sandbox.port}/`);
      await page.click('[data-person-name="张三"]');
      const bubble = page.locator(`[data-tg-id="${sent.message_id}"]`);
      await bubble.waitFor();
      await expect(bubble.locator('.tg-bubble b').textContent()).resolves.toBe('隐患');
      await expect(bubble.locator('.tg-bubble').textContent()).resolves.toContain('待研判 <严重>');
      await bubble.getByRole('button', { name: '已知悉' }).click();
      await expect
        .poll(() => sandbox.telegram.callbackAnswers().some((a) => a.data === 'h:3:ack'), { timeout: 10_000 })
        .toBe(true);
      await bot.api.editMessageText(zhang.telegramId, sent.message_id, '隐患 已知悉 ✅');
      await bubble.locator('.tg-bubble', { hasText: '已知悉 ✅' }).waitFor({ timeout: 10_000 });
      expect(await bubble.getByRole('button').count()).toBe(0);
    });
  });
});
