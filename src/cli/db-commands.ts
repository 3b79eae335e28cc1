/** `safeduty db migrate` and `safeduty db status`. */

import { providerOf, redactUrl } from '../adapters/store/db.js';
import { migrateDatabase, migrationState, unknownMigrationsMessage } from '../adapters/store/migrations.js';
import { loadFromFlags, parseOptions } from './options.js';

export async function dbMigrate(args: string[]): Promise<number> {
  const { values } = parseOptions(args, {});
  const url = loadFromFlags(values.config).service.database.url;
  // Nothing pending: say so with one read, without writing (the runner would create _prisma_migrations).
  const before = await migrationState(url);
  const applied =
    before.databaseExists && before.pending.length === 0 && before.edited.length === 0
      ? []
      : await migrateDatabase(url);
  console.log(
    applied.length
      ? `已执行 ${applied.length} 个迁移（${redactUrl(url)}）：${applied.join('、')}`
      : `数据库已是最新（${redactUrl(url)}）`,
  );
  return 0;
}

export async function dbStatus(args: string[]): Promise<number> {
  const { values } = parseOptions(args, {});
  const url = loadFromFlags(values.config).service.database.url;
  const s = await migrationState(url);
  console.log(
    `数据库：${redactUrl(url)}${s.databaseExists ? '' : '（尚未创建：首次启动服务或运行 safeduty db migrate 时自动创建）'}`,
  );
  console.log(`已执行：${s.applied.join('、') || '无'}`);
  if (s.edited.length)
    console.log(`执行后被修改过：${s.edited.join('、')}（请把这些文件恢复成执行时的样子，改动写进新的迁移）`);
  if (s.unknown.length) console.log(`✗ ${unknownMigrationsMessage(s.unknown)}`);
  console.log(
    `待执行：${s.pending.join('、') || '无'}` +
      (s.pending.length
        ? '（运行 safeduty db migrate，或直接启动服务' +
          (providerOf(url) === 'sqlite' ? '；SQLite 上迁移需要独占数据库，请先停止正在运行的服务' : '') +
          '）'
        : ''),
  );
  return s.unknown.length || s.edited.length ? 1 : 0;
}
