/**
 * On the default SQLite, the CLI works while the service runs: a service started in-process (its
 * own connection, ticking on a fast virtual clock so that it keeps writing) and, at the same time,
 * `people invite`, `export`, `verify`, `config apply`, `import` and `db migrate` as an administrator
 * runs them, each a real child process on the same file. Only a migration needs the file alone, and
 * it says so in Chinese.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VirtualClock } from '../../src/adapters/clock/virtual-clock.js';
import { createLogger } from '../../src/adapters/log/pino-logger.js';
import { loadConfig } from '../../src/config/load-config.js';
import { type Service, startService } from '../../src/main.js';
import { tmpDir } from '../helpers/tmp.js';

const dir = tmpDir('beside');
const file = path.join(dir, 'shared.db');
const url = `file:${file}`;
const env = { ...process.env, DATABASE_URL: url, LOG_LEVEL: 'silent' };

function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['bin/safeduty.mjs', ...args, '--config', 'config/demo'],
      { encoding: 'utf8', env, timeout: 170_000 },
      (e, out, err) => resolve({ code: e ? Number((e as { code?: number }).code ?? 1) : 0, out, err }),
    );
  });
}

describe('CLI commands beside a running service on SQLite', () => {
  let service: Service;
  let writtenBefore = 0;
  /** Tasks and messages the service has written so far. */
  const written = () => {
    const db = new Database(file, { readonly: true, timeout: 15_000 });
    try {
      return (
        db.prepare('SELECT (SELECT count(*) FROM Task) + (SELECT count(*) FROM Message) AS n').get() as { n: number }
      ).n;
    } finally {
      db.close();
    }
  };

  beforeAll(async () => {
    const config = loadConfig({ dir: 'config/demo', env: { DATABASE_URL: url } });
    const local = {
      ...config,
      service: { ...config.service, http: { ...config.service.http, host: '127.0.0.1', port: 0 } },
    };
    // 1 real second = 1 hour: the service opens tasks, sends reminders and escalations meanwhile.
    const clock = new VirtualClock(new Date('2026-12-01T08:00:00+08:00'), 3600);
    service = await startService(local, { log: createLogger('silent'), clock, tickEveryMs: 200 });
    writtenBefore = written();
  }, 120_000);
  afterAll(async () => service?.stop());

  it('invites, exports, verifies, applies the configuration and imports at the same time, all in Chinese', async () => {
    const ledger = path.join(dir, 'ledger.csv');
    fs.writeFileSync(ledger, '设备类别,设备代码,设备名称,负责安全员\n电梯,31100000009901,9号楼客梯,张三\n');
    const bad = path.join(dir, 'bad.csv');
    fs.writeFileSync(
      bad,
      '设备类别,设备代码,设备名称,状态,负责安全员\n电梯,31100000009902,A,坏了,张三\n电梯,31100000009903,B,在用,孙悟空\n电梯,31100000009902,C,在用,张三\n',
    );
    const [invite, exported, verified, applied, imported, migrate, refused] = await Promise.all([
      run(['people', 'invite', '张三']),
      run(['export', '日检', '--unit', 'wanjia-property', '--from', '2026-12-01', '--out', path.join(dir, 'out')]),
      run(['verify']),
      run(['config', 'apply']),
      run(['import', 'equipment', ledger, '--unit', 'wanjia-property']),
      run(['db', 'migrate']),
      run(['import', 'equipment', bad, '--unit', 'wanjia-property']),
    ]);
    // Three bad rows, the unknown officer among them, all in one pass.
    expect(refused.code).toBe(1);
    expect(refused.err.trim().split('\n')).toEqual([
      'bad.csv 有 3 处问题，未导入任何数据：',
      '  第 2 行 状态：“坏了”无法识别，可选：在用、临时停用、停用、报废',
      '  第 3 行 负责安全员：“孙悟空”不是本单位负责该类设备的安全员，请先导入人员名单或检查姓名',
      '  第 4 行 设备代码：31100000009902 与第 2 行重复',
    ]);
    for (const r of [invite, exported, verified, applied, imported, migrate])
      expect(r, r.err).toMatchObject({ code: 0, err: '' });
    expect(invite.out).toMatch(/张三 的邀请码：[A-Z0-9]{8}/);
    expect(exported.out).toContain('已导出');
    expect(verified.out).toContain('✓ 天津万家物业管理有限公司（wanjia-property）');
    expect(applied.out).toContain('wanjia-property：');
    expect(imported.out).toContain('导入完成：新增 1');
    expect(migrate.out).toContain('数据库已是最新');
    // The service went on writing meanwhile.
    expect(written()).toBeGreaterThan(writtenBefore);
  }, 180_000);

  it('doctor and db status read beside it', async () => {
    const [doctor, status] = await Promise.all([run(['doctor']), run(['db', 'status'])]);
    expect(doctor.out).toContain('✓ 迁移：已是最新');
    expect(status.out).toContain('待执行：无');
  }, 180_000);

  it('a pending migration asks for the database alone, in Chinese, and changes nothing', async () => {
    const db = new Database(file, { timeout: 15_000 });
    db.prepare(
      'UPDATE _prisma_migrations SET rolled_back_at = finished_at WHERE migration_name = (SELECT ' +
        'max(migration_name) FROM _prisma_migrations)',
    ).run();
    try {
      const r = await run(['people', 'invite', '张三']);
      expect(r.code).toBe(1);
      expect(r.err).toContain('迁移需要独占 SQLite 数据库');
      expect(r.err).toContain('请先停止服务，运行 safeduty db migrate，再启动服务');
      expect(r.err).not.toMatch(/in use|Error:|at \S+\.(ts|js)/);
    } finally {
      db.prepare('UPDATE _prisma_migrations SET rolled_back_at = NULL').run();
      db.close();
    }
  }, 180_000);
});
