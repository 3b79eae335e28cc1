/**
 * Migrations: applied at start-up and from `safeduty db migrate` by the typed runner in ./migrate/
 * (each migration in a transaction, recorded in `_prisma_migrations` as Prisma records it). Prisma's
 * schema engine (scripts/migrate-lib.mjs) stays for creating and checking migrations
 * (`npm run migrate:new`, `migrate:check`); the service does not load it.
 *
 * Everything else only needs to know that nothing is pending, which is one read of
 * `_prisma_migrations` (WAL lets it run beside the service): `pendingMigrations` answers that, and
 * `openMigratedStore` (src/cli/open-store.ts) runs the runner only when something is pending.
 */
import fs from 'node:fs';
import { AppError } from '../../app/app-error.js';
import { type Db, openDb, type Provider, providerOf, redactUrl, sqlitePath } from './db.js';
import { dbProblemKind, dbProblemMessage } from './db-errors.js';
import { checksumMatches, readMigrationFiles } from './migrate/migration-files.js';
import { MigrationError, type RunMigrationsOptions, runMigrations } from './migrate/run-migrations.js';

export async function migrateDatabase(
  url: string,
  log: (line: string) => void = () => {},
  o: Pick<RunMigrationsOptions, 'migrationsDir'> = {},
): Promise<string[]> {
  try {
    return await runMigrations(url, { ...o, log: (line) => log(`${redactUrl(url)}: ${line}`) });
  } catch (e) {
    const known =
      e instanceof MigrationError
        ? migrationProblem(e)
        : dbProblemKind(e) === 'locked'
          ? `数据库有待执行的迁移，迁移需要独占 SQLite 数据库 ${redactUrl(url)}，但另一个进程（通常是正在运行的 SafeDuty 服务）正在使用它：请先停止服务，运行 ` +
            `safeduty db migrate，再启动服务`
          : dbProblemMessage(e, url);
    throw new AppError(
      'DB_MIGRATION_FAILED',
      known ? `数据库迁移未完成：${known}` : `数据库迁移失败（${redactUrl(url)}）：${(e as Error).message}`,
      {
        url: redactUrl(url),
        ...(e instanceof MigrationError ? { migration: e.migration, detail: e.message } : {}),
      },
    );
  }
}

/** What happened to which migration, and what to do, in Chinese (the runner's English detail follows). */
function migrationProblem(e: MigrationError): string {
  switch (e.problem) {
    case 'edited':
      return (
        `迁移 ${e.migration} 在执行后被修改过（数据库里记录的校验和与 prisma/migrations 中的文件不同）：请把该文件恢复成执行时的样子，改动写进新的迁移（npm ` +
        `run migrate:new）。（${e.message}）`
      );
    case 'failed-before':
      return `迁移 ${e.migration} 上次执行失败，数据库可能只改了一半：请先修复数据库，再把那条记录标为已回滚，然后重试 safeduty db migrate。（${e.message}）`;
    case 'failed':
      return `迁移 ${e.migration} 执行失败，已整体回滚，数据库没有改动：请检查迁移文件和数据库后重试 safeduty db migrate。（${e.message}）`;
  }
}

/** The migration folders shipped with this version, oldest first. */
export function localMigrations(provider: Provider): string[] {
  return readMigrationFiles(provider).map((m) => m.name);
}

/** Shipped migrations not (successfully) applied, and applied ones whose file has changed since (another checksum). */
async function migrationHistory(
  db: Db,
  provider: Provider,
): Promise<{ local: string[]; pending: string[]; edited: string[]; unknown: string[] }> {
  const files = readMigrationFiles(provider);
  const local = files.map((m) => m.name);
  const exists =
    provider === 'sqlite'
      ? await db.$queryRawUnsafe<unknown[]>(
          `SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_prisma_migrations'`,
        )
      : await db.$queryRawUnsafe<unknown[]>(`SELECT 1 WHERE to_regclass('_prisma_migrations') IS NOT NULL`);
  if (exists.length === 0) return { local, pending: local, edited: [], unknown: [] };
  const rows = await db.$queryRawUnsafe<{ migration_name: string; checksum: string }[]>(
    'SELECT migration_name, checksum FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL',
  );
  const applied = new Map(rows.map((r) => [r.migration_name, r.checksum]));
  return {
    local,
    pending: local.filter((n) => !applied.has(n)),
    edited: files
      .filter((m) => {
        const c = applied.get(m.name);
        return c !== undefined && !checksumMatches(m, c);
      })
      .map((m) => m.name),
    // applied by a newer version (or a development build): this version does not know the schema they made
    unknown: [...applied.keys()].filter((n) => !local.includes(n)).sort(),
  };
}

/**
 * What the runner has to see: shipped migrations not (successfully) applied — all of them on an empty
 * database — and applied ones edited since (the runner refuses those, with what to do). One read.
 */
export async function pendingMigrations(db: Db, provider: Provider): Promise<string[]> {
  const h = await migrationHistory(db, provider);
  return [...h.pending, ...h.edited];
}

export interface MigrationState {
  /** False for a SQLite file that does not exist yet (nothing is created to find out). */
  databaseExists: boolean;
  applied: string[];
  pending: string[];
  /** applied, but the file in prisma/migrations differs from the one applied (the runner refuses to go on) */
  edited: string[];
  /** applied to the database but not shipped with this version (a newer version or a development build migrated it) */
  unknown: string[];
}

/** What `db status` and `doctor` show; reads only, beside a running service. */
export async function migrationState(url: string): Promise<MigrationState> {
  const provider = providerOf(url);
  const local = localMigrations(provider);
  const file = provider === 'sqlite' ? sqlitePath(url) : null;
  if (file && file !== ':memory:' && !fs.existsSync(file))
    return { databaseExists: false, applied: [], pending: local, edited: [], unknown: [] };
  let db: Db | undefined;
  try {
    db = (await openDb(url)).db;
    const { pending, edited, unknown } = await migrationHistory(db, provider);
    return { databaseExists: true, applied: local.filter((n) => !pending.includes(n)), pending, edited, unknown };
  } catch (e) {
    const known = dbProblemMessage(e, url);
    throw new AppError('DB_UNREACHABLE', known ?? `无法读取迁移状态（${redactUrl(url)}）：${(e as Error).message}`, {
      url: redactUrl(url),
    });
  } finally {
    await db?.$disconnect().catch(() => {});
  }
}

/** What to say about migrations applied to the database that this version does not ship. */
export function unknownMigrationsMessage(unknown: string[]): string {
  return (
    `数据库中有本版本没有的迁移 ${unknown.join('、')}：它由更新的 SafeDuty（或开发版）迁移过，本版本不认识其表结构。` +
    '请使用相同或更新版本的 SafeDuty；试用数据库可删除 ./data/ 后重建'
  );
}
