/**
 * `safeduty serve` as an administrator starts it (the real CLI in a child process): a fresh setup
 * opens the sandbox on 127.0.0.1 with the demo unit and writes only JSON lines to stdout; a
 * production setup that cannot work refuses to start with one line that says what to fix.
 */
import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type FeishuEmulator, startFeishuEmulator } from '@safeduty/feishu-emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tmpDir } from '../helpers/tmp.js';

/** The environment without anything a developer's shell may carry into the child. */
function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(
      ([k]) => !/^(FEISHU_|TELEGRAM_|DATABASE_URL|SANDBOX_|PORT$|HTTP_PORT$|SAFEDUTY_)/.test(k),
    ),
  );
  return { ...env, LOG_LEVEL: 'debug', ...extra };
}

function configDir(yaml: string): string {
  const dir = tmpDir('serve');
  fs.writeFileSync(path.join(dir, 'safeduty.yaml'), yaml);
  return dir;
}

/** Runs serve to completion (it must refuse): exit code and stderr. */
function refused(
  dir: string,
  env: Record<string, string>,
): Promise<{ code: number | null; stderr: string; stdout: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['bin/safeduty.mjs', 'serve', '--config', dir],
      { env: cleanEnv(env), timeout: 60_000 },
      (err, stdout, stderr) => resolve({ code: err ? ((err as { code?: number }).code ?? null) : 0, stderr, stdout }),
    );
  });
}

describe('safeduty serve on a fresh setup', () => {
  it('opens the sandbox with the demo unit, on 127.0.0.1 only, logging JSON lines', async () => {
    const dir = configDir(
      `http: { port: 0 }\nsandbox:\n  database: file:${tmpDir('sb')}/sandbox.db\n  clock_start: ` +
        `"2026-12-01T08:25:00+08:00"\n`,
    );
    const child = spawn(process.execPath, ['bin/safeduty.mjs', 'serve', '--config', dir], {
      env: cleanEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString('utf8')));
    try {
      const port = await new Promise<number>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no start line in time:\n${out}`)), 60_000);
        child.stdout.on('data', () => {
          const m = /沙盒已启动：用浏览器打开 http:\/\/localhost:(\d+)\//.exec(out);
          if (m) {
            clearTimeout(timer);
            resolve(Number(m[1]));
          }
        });
      });
      const people = (await (await fetch(`http://127.0.0.1:${port}/sandbox/api/people`)).json()) as { name: string }[];
      expect(people.map((p) => p.name)).toContain('张三');
      // Listening on loopback only: the machine's other addresses are not served.
      const external = Object.values(os.networkInterfaces())
        .flat()
        .find((a) => a && a.family === 'IPv4' && !a.internal)?.address;
      if (external)
        await expect(
          fetch(`http://${external}:${port}/healthz`, { signal: AbortSignal.timeout(3000) }),
        ).rejects.toThrow();
      const started = out
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as Record<string, unknown>);
      expect(started.find((l) => String(l.msg).startsWith('沙盒已启动'))).toMatchObject({
        host: '127.0.0.1',
        units: 'demo',
      });
      // stdout is JSON only, the Lark SDK's lines included (LOG_LEVEL=debug lets them through).
      expect(started.some((l) => l.component === 'lark-sdk')).toBe(true);
    } finally {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
    for (const line of out.split('\n').filter(Boolean)) expect(() => JSON.parse(line) as unknown).not.toThrow();
  }, 90_000);
});

describe('safeduty serve refuses a production setup that cannot work', () => {
  let emu: FeishuEmulator;
  beforeAll(async () => {
    emu = await startFeishuEmulator();
  });
  afterAll(async () => emu?.close());
  const dir = () => configDir(`http: { port: 0 }\ndatabase: { url: "file:${tmpDir('db')}/p.db" }\n`);

  it('credentials Feishu rejects', async () => {
    const r = await refused(dir(), {
      FEISHU_APP_ID: emu.app().appId,
      FEISHU_APP_SECRET: 'not-the-secret',
      FEISHU_DOMAIN: emu.url,
    });
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toEqual([expect.stringMatching(/飞书凭证被拒绝.*FEISHU_APP_SECRET/)]);
  }, 60_000);

  it('a production database without a channel', async () => {
    const r = await refused(configDir('http: { port: 0 }\n'), {
      DATABASE_URL: 'postgresql://app:app@127.0.0.1:1/none',
    });
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(/生产数据库.*FEISHU_APP_ID 和 FEISHU_APP_SECRET/),
    ]);
  }, 60_000);
});
