/**
 * The sandbox page in a real browser (playwright-core + Debian's chromium): 张三 answers his daily
 * card with one item 异常 严重 and the rest zero-risk, the director sees the hazard, and an officer
 * who never answers (李四) is escalated to the director at the deadline and to the principal 3 hours
 * later — all by clicking the page, as a visitor would. 张三 attaches the photo the bot asks for
 * with the composer's 📷 (the file input → POST /sandbox/api/photo → the
 * emulator's image message). Skipped when /usr/bin/chromium is missing
 * (CI installs it). `SAVE_SCREENSHOT=1` also writes docs/screenshot.png.
 */
import fs from 'node:fs';
import path from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { type Sandbox, startSandbox } from '../../src/sandbox/sandbox-mode.js';
import { demoConfigDir } from '../helpers/config-fixture.js';
import { silentLog } from '../helpers/engine.js';
import { png } from '../helpers/images.js';
import { tmpDir } from '../helpers/tmp.js';

const CHROMIUM = '/usr/bin/chromium';
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

describe.skipIf(!fs.existsSync(CHROMIUM))('the sandbox page in a browser', () => {
  let sandbox: Sandbox;
  let browser: BrowserContext;
  let page: Page;

  const card = (title: string) => page.locator('.cd-card', { has: page.locator('.cd-title', { hasText: title }) });
  const choose = async (name: string) => {
    await page.click(`[data-person-name="${name}"]`);
    await page.locator('#chat-name', { hasText: name }).waitFor();
  };
  const clockButton = (label: string) => page.getByRole('button', { name: label, exact: true });
  /** Clicks a clock button and waits until the page has redrawn after the jump. */
  const advance = async (label: string) => {
    await clockButton(label).click();
    // Page code as a string: the tests are type-checked without the DOM library.
    await page.waitForFunction(`!document.querySelector('[data-advance="next"]').disabled`);
  };

  beforeAll(async () => {
    const dir = demoConfigDir((s) => s, {
      'safeduty.yaml': [
        'http: { host: 127.0.0.1, port: 0 }',
        'sandbox:',
        `  database: file:${tmpDir('sandbox')}/sandbox.db`,
        '  clock_start: "2026-12-01T08:25:00+08:00"',
        '',
      ].join('\n'),
    });
    sandbox = await startSandbox(loadConfig({ dir, env: {} }), { log: silentLog });
    browser = await chromium.launchPersistentContext(tmpDir('chromium'), {
      executablePath: CHROMIUM,
      args: ARGS,
      viewport: { width: 1280, height: 860 },
      locale: 'zh-CN',
    });
    page = browser.pages()[0] ?? (await browser.newPage());
    await page.goto(`http://127.0.0.1:${sandbox.port}/`);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await sandbox?.stop();
  });

  it('shows the people and the virtual clock', async () => {
    for (const name of ['张三', '李四', '赵敏', '李明', '王建国'])
      await page.locator(`[data-person-name="${name}"]`).waitFor();
    await expect(page.locator(`[data-person-name="李明"] .role`).textContent()).resolves.toContain('安全总监');
    await page.locator('#clock-date', { hasText: '2026年12月1日 周二' }).waitFor();
    await expect(page.locator('#clock-time').textContent()).resolves.toMatch(/^08:2\d:\d\d$/);
  });

  it('delivers 张三 his daily card at 08:30 and takes one item 异常 严重 and the rest zero-risk', async () => {
    await choose('张三');
    await advance('下一个事件');
    await page.locator('#clock-time', { hasText: /^08:30/ }).waitFor();
    const daily = card('日管控');
    await daily.waitFor();

    await daily.locator('[data-el="d1_open"]').click();
    await daily.locator('select[name="d1_i1"]').waitFor();
    await daily.locator('select[name="d1_i1"]').selectOption('abnormal');
    await daily.locator('select[name="d1_rest"]').selectOption('normal');
    await daily.locator('select[name="d1_a1_item"]').selectOption('1');
    await daily.locator('[name="d1_a1_desc"]').fill('轿门关闭时有异响');
    await daily.locator('select[name="d1_a1_level"]').selectOption('serious');
    await daily.locator('[name="d1_a1_measures"]').fill('已停梯并通知维保单位');
    await daily.locator('select[name="d1_a1_stop"]').selectOption('yes');
    await daily.locator('[data-el="d1_submit"]').click();
    await page.locator('#toast', { hasText: '1 项异常' }).waitFor();

    await daily.locator('[data-el="d2_zero"]').click();
    await daily.locator('[data-el="d2_zero"]').waitFor({ state: 'detached' });
    await daily.locator('[data-el="d3_zero"]').click();

    const done = card('已完成');
    await done.waitFor();
    await expect(done.locator('.cd-header').getAttribute('class')).resolves.toContain('cd-tpl-orange');
    expect(await done.locator('button').count()).toBe(0);
    await expect(done.textContent()).resolves.toMatch(/已提交 08:3\d · 张三 · 2 台零风险 · 1 项异常/);
  });

  it('lets 张三 attach the photo the bot asks for with the 📷 of the composer, then 完成', async () => {
    const bot = (text: string | RegExp) => page.locator('#messages .msg-bot .bubble', { hasText: text });
    await bot('发送现场照片（最多9张，此项必须附照片）').waitFor();
    await page.setInputFiles('#composer-photo', {
      name: '现场.png',
      mimeType: 'image/png',
      buffer: png(8, 6, [220, 40, 40]),
    });
    await page.locator('#messages .msg-user .bubble', { hasText: '🖼 图片' }).waitFor();
    await bot('已收到第 1 张照片').waitFor();
    await page.fill('#composer-text', '完成');
    await page.press('#composer-text', 'Enter');
    await bot(/^已保存 1 张照片（隐患#1（.+）），照片的哈希已记入记录链。$/).waitFor();
  });

  it('shows the director the serious hazard', async () => {
    await choose('李明');
    const hazard = card('严重隐患');
    await hazard.waitFor();
    await expect(hazard.textContent()).resolves.toContain('轿门关闭时有异响');
    await expect(hazard.locator('.cd-header').getAttribute('class')).resolves.toContain('cd-tpl-red');
    await hazard.locator('[data-el="confirm_submit"]').waitFor();
  });

  it('escalates 李四’s missed check to the director after 17:30, then to the principal 3 hours later', async () => {
    for (let i = 0; i < 12 && (await card('催办').count()) === 0; i++) await advance('下一个事件');
    const escalation = card('催办');
    await escalation.waitFor();
    await expect(escalation.textContent()).resolves.toContain('李四');
    await expect(escalation.textContent()).resolves.not.toContain('张三');
    await expect(page.locator('#clock-time').textContent()).resolves.toMatch(/^17:3\d/);
    if (process.env.SAVE_SCREENSHOT) {
      await escalation.scrollIntoViewIfNeeded();
      await page.evaluate(`document.getElementById('toast').hidden = true`);
      await page.screenshot({ path: path.resolve('docs/screenshot.png') });
    }

    await choose('王建国');
    expect(await card('催办').count()).toBe(0);
    for (let i = 0; i < 3; i++) await advance('+1 小时');
    await page.locator('#clock-time', { hasText: /^20:3\d/ }).waitFor();
    const toPrincipal = card('催办');
    await toPrincipal.waitFor();
    await expect(toPrincipal.textContent()).resolves.toContain('李四');
    await expect(toPrincipal.locator('.cd-subtitle').textContent()).resolves.toContain('第2级催办');
  });
});
