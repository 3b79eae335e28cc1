/**
 * Opens the database through the Prisma client generated for its provider. Application code is
 * typed against the SQLite client; the shared subset behaves the same on PostgreSQL.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { PrismaClient as SqliteClient } from '../../generated/sqlite/client.js';
import { CapturingAdapterFactory, driverOf, type Driver } from './driver.js';

export type Db = SqliteClient;
export type Provider = 'sqlite' | 'postgresql';

export const providerOf = (url: string): Provider => (/^postgres(ql)?:\/\//.test(url) ? 'postgresql' : 'sqlite');

/** `file:./data/x.db` → absolute file path (relative paths are relative to the working directory). */
export function sqlitePath(url: string): string {
  const p = url.replace(/^file:/, '');
  return p === ':memory:' ? p : path.resolve(p);
}

/** The Prisma client, and the driver under it for the engine's bulk statements (driver.ts). */
export async function openDb(url: string): Promise<{ db: Db; driver: Driver }> {
  // Only the provider's own client and driver are loaded (each costs memory for the whole process).
  if (providerOf(url) === 'postgresql') {
    const [{ PrismaPg }, { PrismaClient: PgClient }] = await Promise.all([import('@prisma/adapter-pg'), import('../../generated/postgresql/client.js')]);
    const factory = new CapturingAdapterFactory(new PrismaPg({ connectionString: url, max: 10 }));
    // Two generated clients have incompatible types although their runtime subset is the same.
    const db = new PgClient({ adapter: factory }) as unknown as Db;
    return { db, driver: driverOf(factory, () => db.$connect()) };
  }
  const file = sqlitePath(url);
  if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
  const [{ PrismaBetterSqlite3 }, { PrismaClient: SqliteClient }] = await Promise.all([import('@prisma/adapter-better-sqlite3'), import('../../generated/sqlite/client.js')]);
  const factory = new CapturingAdapterFactory(new PrismaBetterSqlite3({ url: file, timeout: 10_000 }));
  const db = new SqliteClient({ adapter: factory });
  // WAL lets readers (CLI, exports) work while the service writes.
  if (file !== ':memory:') await db.$queryRawUnsafe('PRAGMA journal_mode=WAL');
  return { db, driver: driverOf(factory, () => db.$connect()) };
}

/** Hides credentials when a URL is printed or logged. */
export function redactUrl(url: string): string {
  return url.replace(/\/\/([^:/@]+):([^@]*)@/, '//$1:***@');
}
