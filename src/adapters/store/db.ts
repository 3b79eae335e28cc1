/**
 * Opens the database through the Prisma client generated for its provider. Application code is
 * typed against the SQLite client; the shared subset behaves the same on PostgreSQL.
 */
import path from 'node:path';
import type { SqlDriverAdapter, SqlDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import type BetterSqlite3 from 'better-sqlite3';
import { makeDirs } from '../../../scripts/make-dirs.mjs';
import type { PrismaClient as SqliteClient } from '../../generated/sqlite/client.js';
import { CapturingAdapterFactory, type Driver, driverOf } from './driver.js';

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
    const [{ PrismaPg }, { PrismaClient: PgClient }] = await Promise.all([
      import('@prisma/adapter-pg'),
      import('../../generated/postgresql/client.js'),
    ]);
    const factory = new CapturingAdapterFactory(new PrismaPg({ connectionString: url, max: 10 }));
    // Two generated clients have incompatible types although their runtime subset is the same.
    const db = new PgClient({ adapter: factory }) as unknown as Db;
    return { db, driver: driverOf(factory, () => db.$connect()) };
  }
  const file = sqlitePath(url);
  if (file !== ':memory:')
    makeDirs(path.dirname(file), (dir) =>
      Object.assign(new Error(`unable to open database file: cannot create ${dir}`), { code: 'SQLITE_CANTOPEN' }),
    );
  const [{ PrismaBetterSqlite3 }, { PrismaClient: SqliteClient }] = await Promise.all([
    import('@prisma/adapter-better-sqlite3'),
    import('../../generated/sqlite/client.js'),
  ]);
  const factory = new CapturingAdapterFactory(
    new SqliteConnectionSetup(new PrismaBetterSqlite3({ url: file, timeout: SQLITE_BUSY_TIMEOUT_MS }), file),
  );
  const db = new SqliteClient({ adapter: factory });
  await db.$connect();
  return { db, driver: driverOf(factory, () => db.$connect()) };
}

/** How long a SQLite statement waits for another process's write to finish before it fails. */
export const SQLITE_BUSY_TIMEOUT_MS = 15_000;

/**
 * Sets up every SQLite connection Prisma opens so that several processes can share the file (the
 * service, and CLI commands such as people invite, export, verify, config apply, import):
 * - journal_mode=WAL: readers never block the writer nor it them;
 * - busy_timeout: a writer waits for another process's write transaction instead of failing at once;
 * - BEGIN IMMEDIATE for transactions (the adapter sends a plain BEGIN): a transaction takes the write
 *   lock when it starts, waiting through busy_timeout; a deferred one that reads first and then
 *   writes would fail at once (SQLITE_BUSY_SNAPSHOT) when the other process wrote in between.
 * Only migrations need the file alone (see migrations.ts).
 */
class SqliteConnectionSetup implements SqlDriverAdapterFactory {
  readonly provider: SqlDriverAdapterFactory['provider'];
  readonly adapterName: string;

  constructor(
    private readonly inner: SqlDriverAdapterFactory,
    private readonly file: string,
  ) {
    this.provider = inner.provider;
    this.adapterName = inner.adapterName;
  }

  async connect(): Promise<SqlDriverAdapter> {
    const adapter = await this.inner.connect();
    const client = (adapter as unknown as { client?: BetterSqlite3.Database }).client;
    if (!client || typeof client.prepare !== 'function')
      throw new Error('SQLite adapter without a better-sqlite3 client: cannot set WAL and busy_timeout');
    client.pragma(`busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`);
    if (this.file !== ':memory:') client.pragma('journal_mode = WAL');
    const prepare = client.prepare.bind(client);
    client.prepare = ((sql: string) => prepare(sql === 'BEGIN' ? 'BEGIN IMMEDIATE' : sql)) as typeof client.prepare;
    return adapter;
  }
}

/** Hides credentials when a URL is printed or logged. */
export function redactUrl(url: string): string {
  return url.replace(/\/\/([^:/@]+):([^@]*)@/, '//$1:***@');
}
