/**
 * `safeduty sandbox` (`npm run sandbox`), the explicit command: the sandbox opens even where `serve`
 * would run the production service (channel credentials set), and the real platforms are not called.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tmpDir } from '../helpers/tmp.js';

describe('safeduty sandbox', () => {
  it('opens the sandbox although Feishu and Telegram credentials are set, and stops on SIGTERM', {
    timeout: 120_000,
  }, async () => {
    const dir = tmpDir('sbcmd');
    fs.writeFileSync(
      path.join(dir, 'safeduty.yaml'),
      `http: { port: 0 }\nsandbox:\n  database: file:${dir}/sandbox.db\n  clock_start: "2026-12-01T08:25:00+08:00"\n`,
    );
    const env = Object.fromEntries(
      Object.entries(process.env).filter(
        ([k]) => !/^(FEISHU_|TELEGRAM_|DATABASE_URL|SANDBOX_|PORT$|SAFEDUTY_)/.test(k),
      ),
    );
    const child = spawn(process.execPath, ['bin/safeduty.mjs', 'sandbox', '--config', dir], {
      // credentials that `serve` would check against the real platforms (unreachable from here)
      env: {
        ...env,
        FEISHU_APP_ID: 'cli_a1b2c3d4e5f60718',
        FEISHU_APP_SECRET: 'not-a-real-secret',
        TELEGRAM_BOT_TOKEN: '123456:not-a-real-token',
        LOG_LEVEL: 'info',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (err += c.toString('utf8')));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      const port = await new Promise<number>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no start line in time:\n${out}\n${err}`)), 90_000);
        child.stdout.on('data', () => {
          const m = /沙盒已启动：用浏览器打开 http:\/\/localhost:(\d+)\//.exec(out);
          if (m) {
            clearTimeout(timer);
            resolve(Number(m[1]));
          }
        });
        void exited.then((code) => reject(new Error(`exited ${code} before starting:\n${out}\n${err}`)));
      });
      const people = (await (await fetch(`http://127.0.0.1:${port}/sandbox/api/people`)).json()) as { name: string }[];
      expect(people.map((p) => p.name)).toContain('张三');
      // it says that the configured credentials are not used this time
      expect(out).toContain('已配置的飞书/Telegram 凭证本次不使用');
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  });
});
