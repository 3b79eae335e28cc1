/**
 * Opens the database through the Prisma client generated for its provider. Application code is
 * typed against the SQLite client; the shared subset behaves the same on PostgreSQL.
 */
import fs from 'node:fs';
import path from 'node:path';
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient as SqliteClient } from '../../generated/sqlite/client.js';
import { PrismaClient as PgClient } from '../../generated/postgresql/client.js';

export type Db = SqliteClient;
export type Provider = 'sqlite' | 'postgresql';

export const providerOf = (url: string): Provider => (/^postgres(ql)?:\/\//.test(url) ? 'postgresql' : 'sqlite');

/** `file:./data/x.db` → absolute file path (relative paths are relative to the working directory). */
export function sqlitePath(url: string): string {
  const p = url.replace(/^file:/, '');
  return p === ':memory:' ? p : path.resolve(p);
}

export async function openDb(url: string): Promise<Db> {
  if (providerOf(url) === 'postgresql') {
    // Two generated clients have incompatible types although their runtime subset is the same.
    return new PgClient({ adapter: new PrismaPg({ connectionString: url, max: 10 }) }) as unknown as Db;
  }
  const file = sqlitePath(url);
  if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
  const db = new SqliteClient({ adapter: new PrismaBetterSqlite3({ url: file, timeout: 10_000 }) });
  // WAL lets readers (CLI, exports) work while the service writes.
  if (file !== ':memory:') await db.$queryRawUnsafe('PRAGMA journal_mode=WAL');
  return db;
}

/** Hides credentials when a URL is printed or logged. */
export function redactUrl(url: string): string {
  return url.replace(/\/\/([^:/@]+):([^@]*)@/, '//$1:***@');
}
