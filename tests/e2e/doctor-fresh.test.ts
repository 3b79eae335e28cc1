/**
 * `safeduty doctor` and the other commands' failure paths as a person meets them on a fresh install:
 * Chinese lines that say what to do, never a raw English Prisma or driver message.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tmpDir } from '../helpers/tmp.js';

const BIN = path.resolve('bin/safeduty.mjs');
const ENGLISH = /Prisma|does not exist|Error|underlying|failed|table|refused|reach/;

/** A port nothing listens on (taken from the OS, then let go). */
function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function run(
  cwd: string,
  args: string[],
  extra: Record<string, string> = {},
): Promise<{ code: number; out: string; err: string }> {
  const env: Record<string, string | undefined> = { ...process.env, LOG_LEVEL: 'silent', ...extra };
  if (!extra.DATABASE_URL) delete env.DATABASE_URL;
  delete env.SAFEDUTY_CONFIG;
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env, timeout: 120_000 }, (e, out, err) =>
      resolve({ code: e ? Number((e as { code?: number }).code ?? 1) : 0, out, err }),
    );
  });
}

describe('doctor on a fresh install', () => {
  it('with no configuration: says where it looked and what to do', async () => {
    const r = await run(tmpDir('fresh-empty'), ['doctor']);
    expect(r.code).toBe(1);
    expect(r.out).toContain(
      '✗ 配置：找不到配置目录 config：请在 SafeDuty 的目录中运行，或用 --config 指定含 safeduty.yaml 的目录',
    );
    expect(r.out).toContain('✗ 数据库：未检查');
    expect(r.out + r.err).not.toMatch(ENGLISH);
  }, 120_000);

  it('with the shipped configuration and no database yet: ' +
    'ready, the database made on first start, nothing created', async () => {
    const dir = tmpDir('fresh-config');
    fs.cpSync('config', path.join(dir, 'config'), { recursive: true });
    const r = await run(dir, ['doctor']);
    expect(r.out).toContain('✓ 配置：');
    expect(r.out).toContain(
      '✓ 数据库：file:./data/safeduty.db 尚未创建：首次运行 safeduty serve（或 safeduty db migrate）时自动创建并建表',
    );
    expect(r.out + r.err).not.toMatch(ENGLISH);
    expect(r.code).toBe(0);
    expect(fs.existsSync(path.join(dir, 'data'))).toBe(false);
    const status = await run(dir, ['db', 'status']);
    expect(status.out).toContain('尚未创建');
    // An empty file (made by something else) is a database without tables, not an English error.
    fs.mkdirSync(path.join(dir, 'data'));
    fs.writeFileSync(path.join(dir, 'data', 'safeduty.db'), '');
    const empty = await run(dir, ['doctor']);
    expect(empty.out).toMatch(/✗ 迁移：待执行 \d+ 个/);
    expect(empty.out + empty.err).not.toMatch(ENGLISH);
  }, 240_000);

  it('an unreachable or unopenable database is said in Chinese by doctor and by the commands', async () => {
    const dir = tmpDir('fresh-bad-db');
    fs.cpSync('config', path.join(dir, 'config'), { recursive: true });
    const pg = { DATABASE_URL: 'postgresql://app:secret@127.0.0.1:1/app?connect_timeout=2' };
    const [doctor, invite, sqlite, template, feishu] = await Promise.all([
      run(dir, ['doctor'], pg),
      run(dir, ['people', 'invite', '张三'], pg),
      run(dir, ['verify'], { DATABASE_URL: 'file:/proc/nope/x.db' }),
      run(dir, ['import', 'template', 'equipment', '--out', '/nonexistent/x.xlsx']),
      run(dir, ['doctor'], {
        FEISHU_APP_ID: 'cli_a1b2c3d4e5f60718',
        FEISHU_APP_SECRET: 'y'.repeat(32),
        FEISHU_DOMAIN: `http://127.0.0.1:${await closedPort()}`,
      }),
    ]);
    expect(feishu.out).toContain('✗ 飞书：无法连接（连接被拒绝，ECONNREFUSED）：请检查网络、代理和域名配置');
    expect(template.err.trim()).toBe(
      '错误：找不到文件或目录“/nonexistent/x.xlsx”：请检查路径，输出目录需要先存在或用 --out 指定',
    );
    expect(doctor.out).toContain('✗ 数据库：无法连接数据库 postgresql://app:***@127.0.0.1:1/app');
    expect(invite.err).toContain('无法连接数据库 postgresql://app:***@127.0.0.1:1/app');
    expect(sqlite.err).toContain('无法打开或创建 SQLite 数据库');
    for (const r of [doctor, invite, sqlite, template, feishu]) {
      expect(r.code).toBe(1);
      expect(r.out + r.err).not.toMatch(ENGLISH);
      expect(r.out + r.err).not.toContain('secret');
    }
  }, 240_000);
});
