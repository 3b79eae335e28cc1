/**
 * Database failures in the words a person running SafeDuty needs: what happened and what to do, in
 * Chinese. Used for the migration engine's errors (MigrateError.kind) and for raw driver / Prisma
 * errors that reach the CLI, so that no command prints an English Prisma message.
 */
import { redactUrl } from './db.js';

export type DbProblemKind = 'locked' | 'unreachable' | 'auth' | 'no-database' | 'cant-open' | 'not-migrated' | 'shadow';

/** The kind of a database failure, from the migration engine's classification or the error's text. */
export function dbProblemKind(e: unknown): DbProblemKind | null {
  const err = e as {
    kind?: unknown;
    code?: unknown;
    message?: unknown;
    cause?: { kind?: unknown; message?: unknown };
  } | null;
  if (err && typeof err.kind === 'string' && err.kind !== 'usage' && err.kind !== 'failed')
    return err.kind as DbProblemKind;
  const text =
    `${String(err?.message ?? e)} ${String(err?.code ?? '')} ${String(err?.cause?.kind ?? '')}` +
    ` ${String(err?.cause?.message ?? '')}`;
  if (/database is locked|SQLITE_BUSY|SocketTimeout|P1008|in use by another process/i.test(text)) return 'locked';
  if (
    new RegExp(
      'ECONNREFUSED|ENOTFOUND|EHOSTUNREACH|ETIMEDOUT|' +
        "Can't reach database|DatabaseNotReachable|P1001|Connection terminated",
      'i',
    ).test(text)
  )
    return 'unreachable';
  if (/password authentication failed|AuthenticationFailed|28P01|P1000/i.test(text)) return 'auth';
  if (/DatabaseDoesNotExist|3D000|P1003|database "[^"]*" does not exist/i.test(text)) return 'no-database';
  if (/unable to open database file|SQLITE_CANTOPEN|cannot create the directory/i.test(text)) return 'cant-open';
  if (/no such table|P2021|TableDoesNotExist|does not exist in the current database|_prisma_migrations/i.test(text))
    return 'not-migrated';
  return null;
}

/** One Chinese line for a classified failure, or null when the failure is not a known kind. */
export function dbProblemMessage(e: unknown, url?: string): string | null {
  const where = url ? ` ${redactUrl(url)} ` : '';
  switch (dbProblemKind(e)) {
    case 'locked':
      return (
        `数据库${where}正忙：另一个进程（通常是正在运行的 SafeDuty 服务）占用它超过了等待时间。请稍后重试；若是执行迁移（升级后首次启动、safeduty db migrate），` +
        `迁移需要独占数据库，请先停止服务，运行 safeduty db migrate，再启动服务`
      );
    case 'unreachable':
      return `无法连接数据库${where}：请确认数据库服务器已启动，地址和端口（DATABASE_URL）正确`;
    case 'auth':
      return `数据库${where}拒绝了 DATABASE_URL 中的用户名或密码：请检查后重试`;
    case 'no-database':
      return `数据库${where}不存在：请先创建它（createdb），或修改 DATABASE_URL`;
    case 'cant-open':
      return `无法打开或创建 SQLite 数据库${where}：请检查路径是否存在、当前用户是否有写权限（DATABASE_URL 或 safeduty.yaml 的 database.url）`;
    case 'not-migrated':
      return `数据库${where}尚未建好表结构：请运行 safeduty db migrate（或直接启动服务，首次启动会自动建库）`;
    case 'shadow':
      return `数据库${where}的用户无权创建临时数据库（开发命令 migrate:new/check 需要）：ALTER ROLE … CREATEDB`;
    default:
      return null;
  }
}
