/**
 * `safeduty backup [--out FILE]`: a consistent copy of the database while the service runs.
 * SQLite: the online backup API, then the copy checked (integrity and the record chain). PostgreSQL:
 * pg_dump (custom format) when installed, else the command to run. Restore: README “Backup and restore”.
 */
import fs from 'node:fs';
import path from 'node:path';
import { systemClock } from '../adapters/clock/system-clock.js';
import { backupSqlite, pgDumpArgs, runPgDump } from '../adapters/store/backup.js';
import { providerOf, redactUrl } from '../adapters/store/db.js';
import { AppError } from '../app/app-error.js';
import { loadFromFlags, parseOptions } from './options.js';
import { chainLine } from './verify.js';

const stampOf = (d: Date) => d.toISOString().slice(0, 19).replace(/[-:]/g, '').replace('T', '-');

export async function backup(args: string[]): Promise<number> {
  const { values } = parseOptions(args, { out: { type: 'string' } });
  const config = loadFromFlags(values.config);
  const url = config.service.database.url;
  const postgres = providerOf(url) === 'postgresql';
  const out = values.out ?? `backups/safeduty-${stampOf(systemClock.now())}.${postgres ? 'dump' : 'db'}`;
  if (fs.existsSync(out)) throw new AppError('USAGE', `${out} 已存在：请换一个 --out 文件名，备份不会覆盖已有文件`);
  if (postgres) {
    const code = await backupPostgres(url, out);
    console.log(evidenceLine(config.service.evidence.dir));
    return code;
  }

  console.log(`正在备份 ${redactUrl(url)} → ${out}（服务可继续运行）…`);
  const r = await backupSqlite(url, out, config.recordKey);
  console.log(`已写入 ${r.file}（${(r.bytes / 1024 / 1024).toFixed(1)} MB）`);
  const intact = r.integrity === 'ok';
  console.log(intact ? '✓ 副本完整性检查通过（PRAGMA integrity_check）' : `✗ 副本完整性检查失败：${r.integrity}`);
  for (const c of r.chains) console.log(chainLine(c));
  const ok = intact && r.chains.every((c) => c.ok);
  console.log(evidenceLine(config.service.evidence.dir));
  console.log(
    ok
      ? `备份可用。恢复：停止服务，把 ${out} 复制为数据库文件（或把 DATABASE_URL 指向它），再启动。`
      : '备份未通过核验：请检查原数据库（safeduty verify）后重新备份。',
  );
  return ok ? 0 : 2;
}

async function backupPostgres(url: string, out: string): Promise<number> {
  const shown = ['pg_dump', ...pgDumpArgs(redactUrl(url), out)].join(' ');
  fs.mkdirSync(path.dirname(path.resolve(out)), { recursive: true });
  try {
    const r = await runPgDump(url, out);
    if (r.code !== 0) {
      console.error(
        `pg_dump 失败（退出码 ${r.code}）：${r.stderr.trim().split('\n')[0] ?? ''}\n请检查 DATABASE_URL 和 pg_dump ` +
          `版本（不低于服务器版本）；命令：${shown}`,
      );
      return 1;
    }
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    console.log(
      '本机没有 pg_dump（PostgreSQL 客户端，Debian/Ubuntu：apt-get install postgresql-client）。请在能连接数据库的机器上运行：',
    );
    console.log(`  ${shown}`);
    printRestore(out, url);
    return 0;
  }
  console.log(
    `已用 pg_dump 写入 ${out}（${(fs.statSync(out).size / 1024 / 1024).toFixed(1)} MB，服务运行中的一致快照）`,
  );
  printRestore(out, url);
  return 0;
}

function printRestore(out: string, url: string): void {
  const u = new URL(url);
  const [host, port, user] = [u.hostname, u.port || '5432', decodeURIComponent(u.username) || '用户'];
  const target = `postgresql://${user}:密码@${host}:${port}/safeduty_restore`;
  console.log('恢复到新数据库并核验：');
  console.log(
    `  createdb -h ${host} -p ${port} -U ${user} safeduty_restore && pg_restore --no-owner --dbname=${target} ${out}`,
  );
  console.log(`  DATABASE_URL=${target} npx safeduty verify`);
}

/**
 * The evidence photos are files, not rows (evidence.dir): the database copy holds only their hashes, so
 * the operator is told where they are and how to copy them alongside.
 */
function evidenceLine(dir: string): string {
  const files = fs.existsSync(dir) ? fs.readdirSync(dir, { recursive: true, withFileTypes: true }) : [];
  const n = files.filter((f) => f.isFile()).length;
  return n === 0
    ? `照片证据目录 ${dir} 目前没有文件（有照片后请与数据库一并备份）。`
    : `照片证据 ${n} 个文件在 ${dir}，不在数据库备份中：请一并备份，例如 tar czf evidence.tgz -C ` +
        `${path.dirname(dir)} ${path.basename(dir)}（记录链里有它们的哈希，safeduty verify 会指出缺失或被替换的照片）。`;
}
