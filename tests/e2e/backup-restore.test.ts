/**
 * Backup and restore as an operator does it: `safeduty backup` while the service runs and writes
 * (a real child process beside an in-process service on a fast virtual clock), the copy restored into
 * a new database, `safeduty verify` on it, and the service started on it and ready. SQLite always;
 * PostgreSQL (pg_dump → createdb → pg_restore) when TEST_PG_URL is set.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { VirtualClock } from '../../src/adapters/clock/virtual-clock.js';
import { createLogger } from '../../src/adapters/log/pino-logger.js';
import { loadConfig } from '../../src/config/load-config.js';
import { type Service, startService } from '../../src/main.js';
import { startSandbox } from '../../src/sandbox/sandbox-mode.js';
import { demoConfigDir } from '../helpers/config-fixture.js';
import { freshDatabase, TEST_PG_URL } from '../helpers/databases.js';
import { silentLog } from '../helpers/engine.js';
import { tmpDir } from '../helpers/tmp.js';

function run(args: string[], url: string): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['bin/safeduty.mjs', ...args, '--config', 'config/demo'],
      { encoding: 'utf8', env: { ...process.env, DATABASE_URL: url, LOG_LEVEL: 'silent' }, timeout: 170_000 },
      (e, out, err) => resolve({ code: e ? Number((e as { code?: number }).code ?? 1) : 0, out, err }),
    );
  });
}

async function serviceOn(url: string): Promise<Service> {
  const config = loadConfig({ dir: 'config/demo', env: { DATABASE_URL: url } });
  const local = {
    ...config,
    service: { ...config.service, http: { ...config.service.http, host: '127.0.0.1', port: 0 } },
  };
  // 1 real second = 1 hour: tasks, reminders and escalations are written while the backup runs.
  return startService(local, {
    log: createLogger('silent'),
    clock: new VirtualClock(new Date('2026-12-01T08:00:00+08:00'), 3600),
    tickEveryMs: 200,
  });
}

async function ready(
  service: Service,
): Promise<{ status: number; body: { ok: boolean; checks: Record<string, { ok: boolean }> } }> {
  const r = await fetch(`http://127.0.0.1:${service.port}/readyz`);
  return { status: r.status, body: (await r.json()) as never };
}

describe('backup and restore', () => {
  const services: Service[] = [];
  afterEach(async () => {
    for (const s of services.splice(0)) await s.stop();
  });

  it('SQLite: an online backup while the service runs, restored, verified, and the service starts on it', async () => {
    const dir = tmpDir('backup');
    const url = `file:${path.join(dir, 'live.db')}`;
    // The sandbox is the service with the Feishu emulator: 张三 answers his card, so records exist.
    const config = demoConfigDir((x) => x, {
      'safeduty.yaml':
        `http: { host: 127.0.0.1, port: 0 }\nsandbox:\n  database: ${url}\n  clock_start: ` +
        `"2026-12-01T08:25:00+08:00"\n`,
    });
    const sandbox = await startSandbox(loadConfig({ dir: config, env: {} }), { log: silentLog, tickEveryMs: 200 });
    services.push(sandbox);
    const api = `http://127.0.0.1:${sandbox.port}/sandbox/api`;
    await fetch(`${api}/clock`, { method: 'POST', body: JSON.stringify({ advance: 'next' }) });
    const [card] = (await (await fetch(`${api}/messages?person=${encodeURIComponent('张三')}`)).json()) as {
      id: string;
    }[];
    expect(
      await (
        await fetch(`${api}/act`, {
          method: 'POST',
          body: JSON.stringify({ person: '张三', messageId: card!.id, element: 'd1_zero' }),
        })
      ).json(),
    ).toMatchObject({ ok: true });
    const out = path.join(dir, 'copies', 'copy.db');
    const b = await run(['backup', '--out', out], url);
    expect(b, b.err).toMatchObject({ code: 0, err: '' });
    expect(b.out).toContain('✓ 副本完整性检查通过');
    expect(b.out).toMatch(/✓ 天津万家物业管理有限公司（wanjia-property）：\d+ 条记录，链完整/);
    expect(b.out).toContain('备份可用');
    // the photos are files beside the database: said where they are, to be copied too
    expect(b.out).toMatch(/照片证据(目录 \S+ 目前没有文件|.* 个文件在 \S+，不在数据库备份中：请一并备份)/);
    expect(await run(['backup', '--out', out], url)).toMatchObject({
      code: 1,
      err: expect.stringContaining('已存在：请换一个 --out 文件名'),
    });

    // Restore: the copy becomes a new database file.
    const restored = path.join(dir, 'restored.db');
    fs.copyFileSync(out, restored);
    const copy = new Database(restored, { readonly: true });
    const counts = copy
      .prepare('SELECT (SELECT count(*) FROM Task) AS tasks, (SELECT count(*) FROM Record) AS records')
      .get() as { tasks: number; records: number };
    // every card sent is in the copy's PlatformMessage too: its callbacks still find their message
    const sentIds = (
      copy.prepare('SELECT "platformMessageId" AS ids FROM "Message" WHERE "platformMessageId" IS NOT NULL').all() as {
        ids: string;
      }[]
    ).flatMap((r) => r.ids.split(','));
    const keyed = copy.prepare('SELECT "platformMessageId" AS id FROM "PlatformMessage"').all() as { id: string }[];
    copy.close();
    expect(counts.tasks).toBeGreaterThan(0);
    expect(counts.records).toBeGreaterThan(0);
    expect(sentIds).toContain(card!.id);
    expect(sentIds.filter((id) => !keyed.some((k) => k.id === id))).toEqual([]);
    const v = await run(['verify'], `file:${restored}`);
    expect(v).toMatchObject({
      code: 0,
      out: expect.stringContaining(`✓ 天津万家物业管理有限公司（wanjia-property）：${counts.records} 条记录，链完整`),
    });
    await services.pop()!.stop();
    const again = await serviceOn(`file:${restored}`);
    services.push(again);
    expect(await ready(again)).toMatchObject({ status: 200, body: { ok: true } });
  }, 180_000);

  it.skipIf(!TEST_PG_URL)(
    'PostgreSQL: pg_dump while the service writes, pg_restore into a new database, verified, and the service ' +
      'starts on it',
    async () => {
      const dir = tmpDir('pgbackup');
      const live = await freshDatabase('postgresql');
      const target = await freshDatabase('postgresql');
      try {
        services.push(await serviceOn(live.url));
        const out = path.join(dir, 'copy.dump');
        const b = await run(['backup', '--out', out], live.url);
        expect(b, b.err).toMatchObject({ code: 0 });
        expect(b.out).toContain('已用 pg_dump 写入');
        // the restore commands name this server, not placeholders
        expect(b.out).toContain(`createdb -h ${new URL(live.url).hostname} -p ${new URL(live.url).port || '5432'} -U`);
        // Restore into an empty database (the fresh one's migrations dropped first: pg_restore brings its own).
        const c = new pg.Client({ connectionString: target.url });
        await c.connect();
        await c.query('DROP SCHEMA public CASCADE; CREATE SCHEMA public');
        await c.end();
        const restore = await new Promise<number>((resolve) =>
          execFile('pg_restore', ['--no-owner', `--dbname=${target.url}`, out], (e) => resolve(e ? 1 : 0)),
        );
        expect(restore).toBe(0);
        expect(await run(['verify'], target.url)).toMatchObject({
          code: 0,
          out: expect.stringMatching(/✓ 天津万家物业管理有限公司（wanjia-property）：\d+ 条记录，链完整/),
        });
        await services.pop()!.stop();
        const again = await serviceOn(target.url);
        services.push(again);
        expect(await ready(again)).toMatchObject({ status: 200, body: { ok: true } });
      } finally {
        for (const s of services.splice(0)) await s.stop();
        await live.drop();
        await target.drop();
      }
    },
    180_000,
  );
});
