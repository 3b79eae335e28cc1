/**
 * Migrations: applied at start-up and from `safeduty db migrate` through the WASM schema engine (no
 * download needed; the engine lives in scripts/migrate-lib.mjs, shared with the npm scripts that
 * create and check migrations).
 *
 * Applying migrations to SQLite takes the file for itself (the engine sets locking_mode=EXCLUSIVE),
 * so it fails while the service has the file open. Everything else only needs to know that nothing
 * is pending, which is one read of `_prisma_migrations` (WAL lets it run beside the service):
 * `pendingMigrations` answers that, and `openMigratedStore` (src/cli/open-store.ts) runs the engine
 * only when something is pending.
 */
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { AppError } from '../../app/app-error.js';
import { type Db, openDb, type Provider, providerOf, redactUrl, sqlitePath } from './db.js';
import { dbProblemKind, dbProblemMessage } from './db-errors.js';

interface MigrateLib {
  deployMigrations(o: { url: string; log?: (line: string) => void }): Promise<{ applied: string[] }>;
}

async function lib(): Promise<MigrateLib> {
  // Plain JS shared with the npm scripts; resolved relative to this file in src/ and in dist/.
  return (await import(new URL('../../../scripts/migrate-lib.mjs', import.meta.url).href)) as MigrateLib;
}

export async function migrateDatabase(url: string, log: (line: string) => void = () => {}): Promise<string[]> {
  try {
    const { applied } = await (await lib()).deployMigrations({ url, log });
    return applied;
  } catch (e) {
    const known =
      dbProblemKind(e) === 'locked'
        ? `数据库有待执行的迁移，迁移需要独占 SQLite 数据库 ${redactUrl(url)}，但另一个进程（通常是正在运行的 SafeDuty 服务）正在使用它：请先停止服务，运行 safeduty db migrate，再启动服务`
        : dbProblemMessage(e, url);
    throw new AppError(
      'DB_MIGRATION_FAILED',
      known ? `数据库迁移未完成：${known}` : `数据库迁移失败（${redactUrl(url)}）：${(e as Error).message}`,
      { url: redactUrl(url) },
    );
  }
}

/** The migration folders shipped with this version, oldest first (same folder as migrate-lib reads). */
export function localMigrations(provider: Provider): string[] {
  const dir = fileURLToPath(new URL(`../../../prisma/migrations/${provider}/`, import.meta.url));
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(`${dir}${d.name}/migration.sql`))
    .map((d) => d.name)
    .sort();
}

/** Shipped migrations that the database has not (successfully) applied; all of them on an empty database. */
export async function pendingMigrations(db: Db, provider: Provider): Promise<string[]> {
  const local = localMigrations(provider);
  const exists =
    provider === 'sqlite'
      ? await db.$queryRawUnsafe<unknown[]>(
          `SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_prisma_migrations'`,
        )
      : await db.$queryRawUnsafe<unknown[]>(`SELECT 1 WHERE to_regclass('_prisma_migrations') IS NOT NULL`);
  if (exists.length === 0) return local;
  const rows = await db.$queryRawUnsafe<{ migration_name: string }[]>(
    'SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL',
  );
  const applied = new Set(rows.map((r) => r.migration_name));
  return local.filter((n) => !applied.has(n));
}

export interface MigrationState {
  /** False for a SQLite file that does not exist yet (nothing is created to find out). */
  databaseExists: boolean;
  applied: string[];
  pending: string[];
}

/** What `db status` and `doctor` show; reads only, beside a running service. */
export async function migrationState(url: string): Promise<MigrationState> {
  const provider = providerOf(url);
  const local = localMigrations(provider);
  const file = provider === 'sqlite' ? sqlitePath(url) : null;
  if (file && file !== ':memory:' && !fs.existsSync(file))
    return { databaseExists: false, applied: [], pending: local };
  let db: Db | undefined;
  try {
    db = (await openDb(url)).db;
    const pending = await pendingMigrations(db, provider);
    return { databaseExists: true, applied: local.filter((n) => !pending.includes(n)), pending };
  } catch (e) {
    const known = dbProblemMessage(e, url);
    throw new AppError('DB_UNREACHABLE', known ?? `无法读取迁移状态（${redactUrl(url)}）：${(e as Error).message}`, {
      url: redactUrl(url),
    });
  } finally {
    await db?.$disconnect().catch(() => {});
  }
}
