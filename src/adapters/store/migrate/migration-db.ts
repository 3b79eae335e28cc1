/**
 * The few statements the migration runner needs, on SQLite (better-sqlite3) and PostgreSQL (pg),
 * on one connection of its own. `_prisma_migrations` is created exactly as Prisma's schema engine
 * creates it, so that a database migrated by either keeps working with the other.
 */
import path from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import type pg from 'pg';
import { makeDirs } from '../../../../scripts/make-dirs.mjs';
import { type Provider, providerOf, SQLITE_BUSY_TIMEOUT_MS, sqlitePath } from '../db.js';

/**
 * One row of `_prisma_migrations`. Times as the database returns them (Date on PostgreSQL, RFC 3339 text on SQLite).
 */
export interface MigrationRecord {
  id: string;
  checksum: string;
  finished_at: Date | string | null;
  migration_name: string;
  logs: string | null;
  rolled_back_at: Date | string | null;
  started_at: Date | string;
  applied_steps_count: number;
}

export interface MigrationDb {
  readonly provider: Provider;
  /** creates `_prisma_migrations` when it is missing */
  ensureTable(): Promise<void>;
  records(): Promise<MigrationRecord[]>;
  /**
   * PostgreSQL: waits for the migration lock (Prisma's own advisory lock
   * key); SQLite: nothing (the file is held alone from open to close)
   */
  lock(): Promise<void>;
  unlock(): Promise<void>;
  /**
   * Runs `fn` in one transaction (SQLite: BEGIN IMMEDIATE, with foreign keys off around it, checked
   * with foreign_key_check before COMMIT — sqlite.org/lang_altertable.html#otheralter), rolled back
   * when it throws.
   */
  transaction<T>(fn: () => Promise<T>): Promise<T>;
  /** runs a whole migration script (several statements) */
  script(sql: string): Promise<void>;
  insertStarted(r: { id: string; checksum: string; name: string }): Promise<void>;
  markFinished(id: string): Promise<void>;
  /** a failed attempt: its error in `logs`; rolled back (`rolled_back_at` set) when nothing of it stayed */
  recordFailure(r: { id: string; checksum: string; name: string; logs: string; rolledBack: boolean }): Promise<void>;
  close(): Promise<void>;
}

/**
 * Prisma's advisory lock key for migrations (schema engine,
 * sql-schema-connector): the old and the new path exclude each other.
 */
export const PRISMA_MIGRATE_LOCK_KEY = 72707369;

const SQLITE_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    TEXT PRIMARY KEY NOT NULL,
    "checksum"              TEXT NOT NULL,
    "finished_at"           DATETIME,
    "migration_name"        TEXT NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        DATETIME,
    "started_at"            DATETIME NOT NULL DEFAULT current_timestamp,
    "applied_steps_count"   INTEGER UNSIGNED NOT NULL DEFAULT 0
)`;

const PG_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

/** SQLite has no time type: Prisma writes RFC 3339 UTC with milliseconds, e.g. 2026-12-03T02:57:16.990+00:00. */
const SQLITE_NOW = `strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now')`;

const SELECT_RECORDS = 'SELECT * FROM "_prisma_migrations" ORDER BY "started_at", "migration_name"';

export async function openMigrationDb(url: string): Promise<MigrationDb> {
  return providerOf(url) === 'postgresql' ? openPg(url) : openSqlite(url);
}

async function openSqlite(url: string): Promise<MigrationDb> {
  const file = sqlitePath(url);
  if (file !== ':memory:')
    makeDirs(path.dirname(file), (dir) =>
      Object.assign(new Error(`unable to open database file: cannot create ${dir}`), { code: 'SQLITE_CANTOPEN' }),
    );
  const { default: Database } = await import('better-sqlite3');
  const db: BetterSqlite3.Database = new Database(file, { timeout: SQLITE_BUSY_TIMEOUT_MS });
  try {
    if (file !== ':memory:') db.pragma('journal_mode = WAL');
    // The file alone, as Prisma's engine takes it: a migration never runs under a service (or a tool)
    // of another version that has the file open. In WAL mode the exclusive lock is refused while
    // any other connection exists (SQLITE_BUSY after the busy timeout), and is kept until close.
    db.pragma('locking_mode = EXCLUSIVE');
    db.exec('BEGIN IMMEDIATE');
    db.exec('COMMIT');
  } catch (e) {
    db.close();
    throw e;
  }
  return {
    provider: 'sqlite',
    async ensureTable() {
      db.exec(SQLITE_TABLE);
    },
    async records() {
      return db.prepare(SELECT_RECORDS).all() as MigrationRecord[];
    },
    async lock() {},
    async unlock() {},
    async transaction(fn) {
      // PRAGMA foreign_keys is a no-op inside a transaction: a migration that rebuilds a table would
      // otherwise cascade the DROP of the old table to the rows that reference it.
      const fks = db.pragma('foreign_keys', { simple: true }) as number;
      db.pragma('foreign_keys = OFF');
      try {
        db.exec('BEGIN IMMEDIATE');
        try {
          const out = await fn();
          const broken = db.pragma('foreign_key_check') as { table: string; parent: string }[];
          if (broken.length)
            throw new Error(
              `foreign key check failed after the migration: ${broken
                .slice(0, 3)
                .map((b) => `${b.table} → ${b.parent}`)
                .join(', ')}`,
            );
          db.exec('COMMIT');
          return out;
        } catch (e) {
          if (db.inTransaction) db.exec('ROLLBACK');
          throw e;
        }
      } finally {
        db.pragma(`foreign_keys = ${fks ? 'ON' : 'OFF'}`);
      }
    },
    async script(sql) {
      db.exec(sql);
    },
    async insertStarted(r) {
      db.prepare(
        `INSERT INTO "_prisma_migrations" ("id", "checksum", "migration_name", "started_at", ` +
          `"applied_steps_count") VALUES (?, ?, ?, ${SQLITE_NOW}, 0)`,
      ).run(r.id, r.checksum, r.name);
    },
    async markFinished(id) {
      db.prepare(
        `UPDATE "_prisma_migrations" SET "finished_at" = ${SQLITE_NOW}, "applied_steps_count" = 1 WHERE "id" = ?`,
      ).run(id);
    },
    async recordFailure(r) {
      db.prepare(
        `INSERT INTO "_prisma_migrations"
           ("id", "checksum", "migration_name", "logs", "started_at", "rolled_back_at", "applied_steps_count")
         VALUES (?, ?, ?, ?, ${SQLITE_NOW}, ${r.rolledBack ? SQLITE_NOW : 'NULL'}, 0)
         ON CONFLICT ("id") DO UPDATE SET "logs" = excluded."logs", "rolled_back_at" = excluded."rolled_back_at"`,
      ).run(r.id, r.checksum, r.name, r.logs);
    },
    async close() {
      db.close();
    },
  };
}

async function openPg(url: string): Promise<MigrationDb> {
  const { default: pgLib } = await import('pg');
  const client: pg.Client = new pgLib.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  // An error on an idle client (the server restarts) must not crash the process: the next query fails instead.
  client.on('error', () => {});
  await client.connect();
  return {
    provider: 'postgresql',
    async ensureTable() {
      await client.query(PG_TABLE);
    },
    async records() {
      return (await client.query<MigrationRecord>(SELECT_RECORDS)).rows;
    },
    async lock() {
      await client.query('SELECT pg_advisory_lock($1)', [PRISMA_MIGRATE_LOCK_KEY]);
    },
    async unlock() {
      await client.query('SELECT pg_advisory_unlock($1)', [PRISMA_MIGRATE_LOCK_KEY]);
    },
    async transaction(fn) {
      await client.query('BEGIN');
      try {
        const out = await fn();
        await client.query('COMMIT');
        return out;
      } catch (e) {
        await client.query('ROLLBACK').catch(() => {});
        throw e;
      }
    },
    async script(sql) {
      // The simple query protocol (no parameters) runs a script of several statements.
      await client.query(sql);
    },
    async insertStarted(r) {
      await client.query(
        `INSERT INTO "_prisma_migrations" ("id", "checksum", "migration_name", "started_at", ` +
          `"applied_steps_count") VALUES ($1, $2, $3, clock_timestamp(), 0)`,
        [r.id, r.checksum, r.name],
      );
    },
    async markFinished(id) {
      await client.query(
        `UPDATE "_prisma_migrations" SET "finished_at" = clock_timestamp(), "applied_steps_count" = 1 WHERE "id" = $1`,
        [id],
      );
    },
    async recordFailure(r) {
      await client.query(
        `INSERT INTO "_prisma_migrations"
           ("id", "checksum", "migration_name", "logs", "started_at", "rolled_back_at", "applied_steps_count")
         VALUES ($1, $2, $3, $4, clock_timestamp(), CASE WHEN $5 THEN clock_timestamp() END, 0)
         ON CONFLICT ("id") DO UPDATE SET "logs" = excluded."logs", "rolled_back_at" = excluded."rolled_back_at"`,
        [r.id, r.checksum, r.name, r.logs, r.rolledBack],
      );
    },
    async close() {
      await client.end().catch(() => {});
    },
  };
}
