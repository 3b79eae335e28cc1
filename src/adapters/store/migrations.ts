/**
 * Applies pending migrations at start-up and from `safeduty db migrate`, through the WASM schema
 * engine (no download needed). The engine itself lives in scripts/migrate-lib.mjs, shared with the
 * npm scripts that create and check migrations.
 */
import { AppError } from '../../app/app-error.js';
import { redactUrl } from './db.js';

interface MigrateLib {
  deployMigrations(o: { url: string; log?: (line: string) => void }): Promise<{ applied: string[] }>;
  migrationStatus(o: { url: string }): Promise<{ applied: string[]; pending: string[] }>;
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
    throw new AppError('DB_MIGRATION_FAILED', `数据库迁移失败（${redactUrl(url)}）：${(e as Error).message}`, { url: redactUrl(url) });
  }
}

export async function migrationStatus(url: string): Promise<{ applied: string[]; pending: string[] }> {
  try {
    return await (await lib()).migrationStatus({ url });
  } catch (e) {
    throw new AppError('DB_UNREACHABLE', `无法读取迁移状态（${redactUrl(url)}）：${(e as Error).message}`, { url: redactUrl(url) });
  }
}
