/**
 * Configuration changes reach the running service without a restart: a reload (what SIGHUP does)
 * applies a new device to the database and says what changed; an invalid folder is refused with its
 * problems logged and the running configuration kept; `safeduty config apply` beside the service makes
 * it reload on its next tick, picking up a new holiday calendar.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { VirtualClock } from '../../src/adapters/clock/virtual-clock.js';
import type { Logger } from '../../src/app/ports.js';
import { runCli } from '../../src/cli.js';
import { loadConfig } from '../../src/config/load-config.js';
import { type Service, startService } from '../../src/main.js';
import { demoConfigDir } from '../helpers/config-fixture.js';
import { eventually } from '../helpers/feishu-service.js';
import { tmpDir } from '../helpers/tmp.js';

const lines: { level: string; obj: Record<string, unknown>; msg: string }[] = [];
const log: Logger = {
  debug: () => {},
  info: (obj, msg = '') => void lines.push({ level: 'info', obj: obj as Record<string, unknown>, msg }),
  warn: (obj, msg = '') => void lines.push({ level: 'warn', obj: obj as Record<string, unknown>, msg }),
  error: (obj, msg = '') => void lines.push({ level: 'error', obj: obj as Record<string, unknown>, msg }),
  child: () => log,
};

describe('configuration reload while the service runs', () => {
  const dir = demoConfigDir();
  const file = path.join(tmpDir('reload'), 'live.db');
  const env = { DATABASE_URL: `file:${file}` };
  const unitFile = path.join(dir, 'units', 'wanjia-property.yaml');
  const calendars = path.relative(process.cwd(), path.join(dir, 'calendars'));
  const original = fs.readFileSync(unitFile, 'utf8');
  const load = () => {
    const c = loadConfig({ dir, env });
    return { ...c, service: { ...c.service, http: { ...c.service.http, host: '127.0.0.1', port: 0 } } };
  };
  const devices = () => {
    const db = new Database(file, { readonly: true });
    try {
      return (db.prepare('SELECT code FROM Equipment ORDER BY code').all() as { code: string }[]).map((r) => r.code);
    } finally {
      db.close();
    }
  };
  let service: Service;

  beforeAll(async () => {
    service = await startService(load(), {
      log,
      clock: new VirtualClock(new Date('2026-12-01T08:00:00+08:00'), 60),
      tickEveryMs: 200,
      reloadConfig: load,
    });
  }, 60_000);
  afterAll(async () => service?.stop());

  it('warns at start that next year’s holiday calendar is missing, saying what to add', () => {
    expect(
      lines.some(
        (l) =>
          l.level === 'warn' &&
          // the folder in use (not a fixed config/), and the file to add there
          String(l.obj.warning).startsWith(`${calendars}/ 中没有 2027 年的节假日安排`) &&
          String(l.obj.warning).includes(`添加 ${calendars}/cn-2027.yaml`),
      ),
    ).toBe(true);
  });

  it('applies a new device on reload and logs what changed', async () => {
    const added = original.replace(
      /^equipment:\n/m,
      'equipment:\n  - { code: "31101201169999", category: elevator, name: 3号楼客梯, officer: 张三 }\n',
    );
    expect(added).not.toBe(original);
    fs.writeFileSync(unitFile, added);
    expect(await service.reload!('SIGHUP')).toBe(true);
    expect(devices()).toContain('31101201169999');
    const changed = lines.find((l) => l.msg === 'configuration reloaded: unit changed')!;
    expect(changed.obj).toMatchObject({ reason: 'SIGHUP', unit: 'wanjia-property' });
    expect(String(changed.obj.changes)).toContain('31101201169999');
  });

  it('refuses an invalid folder, logs every problem with its file, and keeps running on the old one', async () => {
    fs.writeFileSync(
      unitFile,
      original
        .replace('kind: user', 'kind: [user')
        .replace(
          /^equipment:\n/m,
          'equipment:\n  - { code: "31101201168888", category: elevator, name: X, officer: 张三 }\n',
        ),
    );
    expect(await service.reload!('SIGHUP')).toBe(false);
    const refused = lines.find((l) => l.level === 'error' && l.msg.startsWith('配置重新加载失败，继续使用原配置'))!;
    expect(String((refused.obj.issues as string[])[0])).toMatch(
      /wanjia-property\.yaml: 第 \d+ 行第 \d+ 列: YAML 语法错误/,
    );
    expect(devices()).not.toContain('31101201168888');
    expect((await fetch(`http://127.0.0.1:${service.port}/healthz`)).status).toBe(200);
  });

  it('`safeduty config apply` beside it makes it reload on its next tick: the new calendar is in force', async () => {
    fs.writeFileSync(unitFile, original);
    fs.mkdirSync(path.join(dir, 'calendars'), { recursive: true });
    fs.writeFileSync(
      path.join(dir, 'calendars', 'cn-2027.yaml'),
      'region: CN\nyear: 2027\nsource: 测试\nholidays:\n  - { name: 元旦, from: "2027-01-01", to: "2027-01-01", ' +
        'workdays: [] }\n',
    );
    const saved = { ...process.env };
    const out: string[] = [];
    vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
    try {
      process.env.DATABASE_URL = env.DATABASE_URL;
      expect(await runCli(['config', 'apply', '--config', dir])).toBe(0);
    } finally {
      process.env = saved;
      vi.restoreAllMocks();
    }
    expect(out.at(-1)).toBe(
      '已写入数据库；运行中的服务将在一分钟内重新加载配置（节假日安排、全局时间表等），也可向其发送 SIGHUP 立即生效。',
    );
    const reloaded = await eventually(
      () => lines.find((l) => l.msg === '配置已重新加载' && l.obj.reason === 'config apply'),
      15_000,
    );
    expect(reloaded.obj).toMatchObject({
      calendars: expect.arrayContaining([2025, 2026, 2027]),
      calendarsChanged: true,
    });
  }, 30_000);
});
