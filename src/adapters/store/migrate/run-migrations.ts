/**
 * Applies the migration folders at run time (start-up, `safeduty db migrate`), without Prisma's
 * schema engine: each pending prisma/migrations/<provider>/<folder>/migration.sql in order, each in
 * one transaction with its `_prisma_migrations` row, recorded exactly as `prisma migrate deploy`
 * records it (id, checksum = SHA-256 of the file, started_at, finished_at, applied_steps_count 1), so
 * a database migrated by either path is accepted by the other. The schema engine stays for creating
 * and checking migrations (`npm run migrate:new`, `migrate:check`).
 *
 * Refuses, with the reason, a migration edited after it was applied (another checksum) and a
 * migration that failed half-way outside a transaction (finished_at and rolled_back_at empty: the
 * database must be repaired first, as Prisma's P3009). Several instances starting together on
 * PostgreSQL queue on Prisma's migration advisory lock; on SQLite the runner holds the file alone
 * (one process), and the list is read again inside each transaction anyway.
 */
import { randomUUID } from 'node:crypto';
import { type MigrationDb, type MigrationRecord, openMigrationDb } from './migration-db.js';
import { checksumMatches, type MigrationFile, readMigrationFiles } from './migration-files.js';

export type MigrationProblem = 'edited' | 'failed-before' | 'failed';

export class MigrationError extends Error {
  override name = 'MigrationError';
  constructor(
    readonly problem: MigrationProblem,
    readonly migration: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export interface RunMigrationsOptions {
  /** prisma/migrations of this installation by default (tests pass a folder of their own) */
  migrationsDir?: string;
  log?: (line: string) => void;
}

/** Applied = finished and not rolled back (Prisma: a rolled-back row is ignored, the migration is pending again). */
const isApplied = (r: MigrationRecord) => r.finished_at !== null && r.rolled_back_at === null;
const isBroken = (r: MigrationRecord) => r.finished_at === null && r.rolled_back_at === null;

/**
 * PostgreSQL cannot run these inside a transaction block; such a script runs as Prisma runs every
 * script (outside a transaction), and a failure then leaves a failed row behind.
 */
const OUTSIDE_TRANSACTION = new RegExp(
  String.raw`\b(CREATE|DROP)\s+INDEX\s+CONCURRENTLY\b|\bREINDEX\b[^;]*\bCONCURRENTLY\b|\bVACUUM\b|` +
    String.raw`\bALTER\s+SYSTEM\b|\b(CREATE|DROP)\s+DATABASE\b`,
  'i',
);

/** The names of the migrations applied now (none when the database is current). */
export async function runMigrations(url: string, o: RunMigrationsOptions = {}): Promise<string[]> {
  const log = o.log ?? (() => {});
  const db = await openMigrationDb(url);
  try {
    const files = readMigrationFiles(db.provider, o.migrationsDir);
    if (files.length === 0)
      throw new Error(`no migrations for ${db.provider} in ${o.migrationsDir ?? 'prisma/migrations'}`);
    await db.lock();
    try {
      await db.ensureTable();
      const records = await db.records();
      checkHistory(files, records, log);
      const applied: string[] = [];
      for (const m of files) {
        if ((await applyOne(db, m)) === 'applied') {
          applied.push(m.name);
          log(`applied migration ${m.name}`);
        }
      }
      log(applied.length ? `applied ${applied.length} migration(s): ${applied.join(', ')}` : 'no pending migrations');
      return applied;
    } finally {
      await db.unlock().catch(() => {});
    }
  } finally {
    await db.close();
  }
}

/** What must hold before anything is applied: no edited migration, no migration left half-done. */
function checkHistory(files: MigrationFile[], records: MigrationRecord[], log: (line: string) => void): void {
  for (const r of records.filter(isBroken)) {
    throw new MigrationError(
      'failed-before',
      r.migration_name,
      `migration ${r.migration_name} failed earlier and may have left the database half-changed ` +
        `(${firstLine(r.logs)}); ` +
        `repair the database, then mark it: UPDATE "_prisma_migrations" SET "rolled_back_at" = now() WHERE ` +
        `"id" = '${r.id}'`,
    );
  }
  const local = new Map(files.map((f) => [f.name, f]));
  for (const r of records.filter(isApplied)) {
    const f = local.get(r.migration_name);
    if (!f) {
      log(
        `the database has migration ${r.migration_name}, which this version does not ship (a newer version ran on it)`,
      );
      continue;
    }
    if (!checksumMatches(f, r.checksum)) {
      throw new MigrationError(
        'edited',
        r.migration_name,
        `migration ${r.migration_name} was changed after it was applied (checksum ${r.checksum.slice(0, 12)}… ` +
          `in the database, ` +
          `${f.checksum.slice(0, 12)}… in prisma/migrations): restore the file as it was applied and put the ` +
          `change in a new migration (npm run migrate:new)`,
      );
    }
  }
}

/** Applies one migration unless it is applied already (checked again inside the transaction). */
async function applyOne(db: MigrationDb, m: MigrationFile): Promise<'applied' | 'skipped'> {
  const id = randomUUID();
  const alreadyApplied = async () => (await db.records()).some((r) => r.migration_name === m.name && isApplied(r));
  if (await alreadyApplied()) return 'skipped';
  const inTransaction = !(db.provider === 'postgresql' && OUTSIDE_TRANSACTION.test(stripComments(m.sql)));
  try {
    const run = async () => {
      if (await alreadyApplied()) return 'skipped' as const;
      await db.insertStarted({ id, checksum: m.checksum, name: m.name });
      await db.script(m.sql);
      await db.markFinished(id);
      return 'applied' as const;
    };
    return inTransaction ? await db.transaction(run) : await run();
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    // The error stays in `_prisma_migrations.logs` for the operator; a rolled-back attempt is retried next time.
    await db
      .recordFailure({ id, checksum: m.checksum, name: m.name, logs: why, rolledBack: inTransaction })
      .catch(() => {});
    throw new MigrationError(
      'failed',
      m.name,
      `migration ${m.name} failed${inTransaction ? ' and was rolled back' : ''}: ${firstLine(why)}`,
      { cause: e },
    );
  }
}

function stripComments(sql: string): string {
  return sql.replace(/--[^\n]*/g, '').replace(/\/\*[\s\S]*?\*\//g, '');
}

function firstLine(text: string | null): string {
  return (text ?? '').split('\n')[0]?.trim() || 'no log';
}
