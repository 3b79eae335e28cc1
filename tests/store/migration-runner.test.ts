/**
 * The run-time migration runner (src/adapters/store/migrate/) on SQLite and, with TEST_PG_URL, on
 * PostgreSQL (a new database per test): a fresh deploy recorded as Prisma records it, a second run
 * that changes nothing, a new migration on top, an edited migration refused, a failing migration
 * rolled back and retried, two runners started together, and a database migrated by Prisma's schema
 * engine (the old path, scripts/migrate-lib.mjs) accepted as it is, with the same records and schema.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, describe, expect, it, vi } from 'vitest';
import {
  MIGRATIONS_ROOT,
  migrationChecksum,
  readMigrationFiles,
} from '../../src/adapters/store/migrate/migration-files.js';
import { MigrationError, runMigrations } from '../../src/adapters/store/migrate/run-migrations.js';
import { migrateDatabase, migrationState } from '../../src/adapters/store/migrations.js';
import { AppError } from '../../src/app/app-error.js';
import { openMigratedStore } from '../../src/cli/open-store.js';
import { runCli } from '../../src/cli.js';
import { PROVIDERS, TEST_PG_URL } from '../helpers/databases.js';
import { tmpDir } from '../helpers/tmp.js';

type Provider = 'sqlite' | 'postgresql';
type Row = Record<string, unknown>;

const dropped: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const d of dropped.splice(0)) await d().catch(() => {});
});

let counter = 0;
/** An empty database: a new SQLite file, or CREATE DATABASE on the test server. */
async function emptyDatabase(provider: Provider): Promise<string> {
  if (provider === 'sqlite') return `file:${path.join(tmpDir('mig'), 'x.db')}`;
  const name = `sd_mig_${process.pid}_${counter++}`;
  const admin = new pg.Client({ connectionString: TEST_PG_URL });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  dropped.push(async () => {
    const c = new pg.Client({ connectionString: TEST_PG_URL });
    await c.connect();
    await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await c.end();
  });
  const url = new URL(TEST_PG_URL!);
  url.pathname = `/${name}`;
  return url.href;
}

async function query(url: string, sql: string): Promise<Row[]> {
  if (url.startsWith('file:')) {
    const db = new Database(url.slice('file:'.length), { readonly: true });
    try {
      return db.prepare(sql).all() as Row[];
    } finally {
      db.close();
    }
  }
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query(sql)).rows as Row[];
  } finally {
    await c.end();
  }
}

async function write(url: string, sql: string): Promise<void> {
  if (url.startsWith('file:')) {
    const db = new Database(url.slice('file:'.length));
    db.exec(sql);
    db.close();
    return;
  }
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  await c.query(sql);
  await c.end();
}

const records = (url: string) =>
  query(url, 'SELECT * FROM "_prisma_migrations" ORDER BY "migration_name", "started_at"');

/** Tables and columns (with types), to compare two databases' schemas. */
async function schemaOf(url: string): Promise<string[]> {
  if (url.startsWith('file:')) {
    const rows = await query(
      url,
      `SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' AND name <> ` +
        `'_prisma_migrations' ORDER BY type, name`,
    );
    return rows.map((r) => `${r.type} ${r.name}: ${String(r.sql).replace(/\s+/g, ' ')}`);
  }
  const cols = await query(
    url,
    `SELECT table_name, column_name, data_type, is_nullable, column_default FROM information_schema.columns ` +
      `WHERE table_schema = 'public' AND table_name <> '_prisma_migrations' ORDER BY table_name, column_name`,
  );
  const idx = await query(
    url,
    `SELECT indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename <> '_prisma_migrations' ORDER ` +
      `BY indexname`,
  );
  const fks = await query(
    url,
    `SELECT conname, pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE contype IN ('f', 'c', 'u') ` +
      `ORDER BY conname`,
  );
  return [
    ...cols.map((c) => JSON.stringify(c)),
    ...idx.map((i) => String(i.indexdef)),
    ...fks.map((f) => `${f.conname} ${f.def}`),
  ];
}

/** A copy of prisma/migrations that a test may change. */
function migrationsCopy(): string {
  const dir = path.join(tmpDir('migs'), 'migrations');
  fs.cpSync(MIGRATIONS_ROOT, dir, { recursive: true });
  return dir;
}

function addMigration(dir: string, provider: Provider, name: string, sql: string): void {
  fs.mkdirSync(path.join(dir, provider, name), { recursive: true });
  fs.writeFileSync(path.join(dir, provider, name, 'migration.sql'), sql);
}

/** The old path: Prisma's schema engine (WASM) through scripts/migrate-lib.mjs. */
async function deployWithSchemaEngine(url: string): Promise<string[]> {
  const lib = (await import(new URL('../../scripts/migrate-lib.mjs', import.meta.url).href)) as {
    deployMigrations(o: { url: string }): Promise<{ applied: string[] }>;
  };
  return (await lib.deployMigrations({ url })).applied;
}

const time = (v: unknown) => (v instanceof Date ? v.getTime() : Date.parse(String(v)));

describe.each(PROVIDERS)('the migration runner on %s', (provider) => {
  const local = readMigrationFiles(provider);

  it('deploys a fresh database and records every migration as Prisma does; a second run changes nothing', async () => {
    const url = await emptyDatabase(provider);
    expect(await runMigrations(url)).toEqual(local.map((m) => m.name));
    const rows = await records(url);
    expect(rows.map((r) => r.migration_name)).toEqual(local.map((m) => m.name));
    for (const [i, r] of rows.entries()) {
      const file = fs.readFileSync(path.join(MIGRATIONS_ROOT, provider, local[i]!.name, 'migration.sql'));
      expect(r.checksum).toBe(migrationChecksum(file));
      expect(r.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(r.applied_steps_count).toBe(1);
      expect(r.logs).toBeNull();
      expect(r.rolled_back_at).toBeNull();
      expect(time(r.finished_at)).toBeGreaterThanOrEqual(time(r.started_at));
      if (provider === 'sqlite') expect(String(r.started_at)).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00$/);
    }
    // the schema is there: the service's tables exist
    const tables = await schemaOf(url);
    expect(tables.some((t) => /\bUnit\b/.test(t))).toBe(true);

    expect(await runMigrations(url)).toEqual([]);
    expect(await records(url)).toEqual(rows);
  });

  it('applies a new migration on top, and only that one', async () => {
    const url = await emptyDatabase(provider);
    const dir = migrationsCopy();
    await runMigrations(url, { migrationsDir: dir });
    addMigration(
      dir,
      provider,
      '29991231000000_extra',
      'CREATE TABLE "Extra" ("id" INTEGER PRIMARY KEY, "note" TEXT);\nCREATE INDEX "Extra_note_idx" ON ' +
        '"Extra"("note");\n',
    );
    const lines: string[] = [];
    expect(await runMigrations(url, { migrationsDir: dir, log: (l) => lines.push(l) })).toEqual([
      '29991231000000_extra',
    ]);
    expect(lines.join('\n')).toContain('29991231000000_extra');
    expect((await records(url)).length).toBe(local.length + 1);
    expect(await query(url, 'SELECT count(*) AS n FROM "Extra"')).toEqual([{ n: provider === 'sqlite' ? 0 : '0' }]);
    // This version (the shipped folder) meets that database as one a newer version migrated: it applies
    // nothing, and `db status` says what to do.
    expect((await migrationState(url)).unknown).toEqual(['29991231000000_extra']);
    expect(await runMigrations(url)).toEqual([]);
    const out: string[] = [];
    const spy = vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
    const env = process.env.DATABASE_URL;
    process.env.DATABASE_URL = url;
    try {
      expect(await runCli(['db', 'status', '--config', 'config/demo'])).toBe(1);
    } finally {
      if (env === undefined) delete process.env.DATABASE_URL;
      else process.env.DATABASE_URL = env;
      spy.mockRestore();
    }
    expect(out.join('\n')).toContain(
      '✗ 数据库中有本版本没有的迁移 29991231000000_extra：它由更新的 SafeDuty（或开发版）迁移过',
    );
  });

  it('refuses a migration edited after it was applied, naming it, and applies nothing', async () => {
    const url = await emptyDatabase(provider);
    const dir = migrationsCopy();
    await runMigrations(url, { migrationsDir: dir });
    const first = local[0]!.name;
    fs.appendFileSync(path.join(dir, provider, first, 'migration.sql'), '\n-- edited afterwards\n');
    addMigration(dir, provider, '29991231000000_extra', 'CREATE TABLE "Extra" ("id" INTEGER PRIMARY KEY);\n');
    const err = await runMigrations(url, { migrationsDir: dir }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MigrationError);
    expect((err as MigrationError).problem).toBe('edited');
    expect((err as MigrationError).migration).toBe(first);
    expect((err as Error).message).toContain(first);
    expect((await records(url)).length).toBe(local.length);
    // through the service's entry point: one Chinese line that says what to do
    const app = await migrateDatabaseIn(url, dir).catch((e: unknown) => e);
    expect(app).toBeInstanceOf(AppError);
    expect((app as AppError).message).toContain(`迁移 ${first} 在执行后被修改过`);
    expect((app as AppError).message).toContain('npm run migrate:new');
  });

  it(
    'at start-up too: a changed checksum of an applied migration ' +
      'stops the store from opening, and db status names it',
    async () => {
      const url = await emptyDatabase(provider);
      await runMigrations(url);
      const first = local[0]!.name;
      await write(
        url,
        `UPDATE "_prisma_migrations" SET "checksum" = '${'0'.repeat(64)}' WHERE "migration_name" = '${first}'`,
      );
      expect((await migrationState(url)).edited).toEqual([first]);
      const err = await openMigratedStore(url).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(AppError);
      expect((err as AppError).code).toBe('DB_MIGRATION_FAILED');
      expect((err as AppError).message).toContain(`迁移 ${first} 在执行后被修改过`);
    },
  );

  it('rolls a failing migration back whole, keeps its error in logs, and applies it once it is fixed', async () => {
    const url = await emptyDatabase(provider);
    const dir = migrationsCopy();
    await runMigrations(url, { migrationsDir: dir });
    const name = '29991231000000_broken';
    addMigration(
      dir,
      provider,
      name,
      'CREATE TABLE "Half" ("id" INTEGER PRIMARY KEY);\nINSERT INTO "NoSuchTable" VALUES (1);\n',
    );
    const err = await runMigrations(url, { migrationsDir: dir }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MigrationError);
    expect((err as MigrationError).problem).toBe('failed');
    expect((err as Error).message).toContain(name);
    // nothing of it stayed: the first statement was rolled back with the second
    const half = await query(
      url,
      provider === 'sqlite'
        ? `SELECT name FROM sqlite_master WHERE name = 'Half'`
        : `SELECT to_regclass('"Half"') AS t`,
    );
    expect(provider === 'sqlite' ? half : half[0]?.t).toEqual(provider === 'sqlite' ? [] : null);
    const failed = (await records(url)).filter((r) => r.migration_name === name);
    expect(failed).toHaveLength(1);
    expect(failed[0]!.finished_at).toBeNull();
    expect(failed[0]!.rolled_back_at).not.toBeNull();
    expect(String(failed[0]!.logs)).toMatch(/NoSuchTable/);

    fs.writeFileSync(
      path.join(dir, provider, name, 'migration.sql'),
      'CREATE TABLE "Half" ("id" INTEGER PRIMARY KEY);\n',
    );
    expect(await runMigrations(url, { migrationsDir: dir })).toEqual([name]);
    const rows = (await records(url)).filter((r) => r.migration_name === name);
    expect(rows.map((r) => [r.finished_at === null, r.rolled_back_at === null])).toEqual([
      [true, false],
      [false, true],
    ]);
  });

  it('accepts a database migrated by Prisma’s schema engine as it is: same records, same schema', {
    timeout: 120_000,
  }, async () => {
    const [old, fresh] = [await emptyDatabase(provider), await emptyDatabase(provider)];
    expect(await deployWithSchemaEngine(old)).toEqual(local.map((m) => m.name));
    const before = await records(old);
    expect(await runMigrations(old)).toEqual([]);
    expect(await records(old)).toEqual(before);

    // the runner writes what the engine wrote (apart from ids and times) and builds the same schema
    await runMigrations(fresh);
    const strip = (rows: Row[]) => rows.map(({ id: _id, started_at: _s, finished_at: _f, ...r }) => r);
    expect(strip(await records(fresh))).toEqual(strip(before));
    expect(await schemaOf(fresh)).toEqual(await schemaOf(old));

    // and a migration the runner adds on top of the engine's history
    const dir = migrationsCopy();
    addMigration(dir, provider, '29991231000000_extra', 'CREATE TABLE "Extra" ("id" INTEGER PRIMARY KEY);\n');
    expect(await runMigrations(old, { migrationsDir: dir })).toEqual(['29991231000000_extra']);
  });
});

/** migrateDatabase (the service's entry point) on another migrations folder. */
async function migrateDatabaseIn(url: string, dir: string): Promise<string[]> {
  return migrateDatabase(url, () => {}, { migrationsDir: dir });
}

describe('line endings', () => {
  it('a checkout that only changed CRLF to LF keeps matching the recorded checksum (as in Prisma)', async () => {
    const url = await emptyDatabase('sqlite');
    const dir = path.join(tmpDir('crlf'), 'migrations');
    const sql = 'CREATE TABLE "A" ("id" INTEGER PRIMARY KEY);\nCREATE TABLE "B" ("id" INTEGER PRIMARY KEY);\n';
    addMigration(dir, 'sqlite', '20000101000000_crlf', sql.replace(/\n/g, '\r\n'));
    expect(await runMigrations(url, { migrationsDir: dir })).toEqual(['20000101000000_crlf']);
    fs.writeFileSync(path.join(dir, 'sqlite', '20000101000000_crlf', 'migration.sql'), sql);
    expect(await runMigrations(url, { migrationsDir: dir })).toEqual([]);
    // a real change is still refused
    fs.writeFileSync(path.join(dir, 'sqlite', '20000101000000_crlf', 'migration.sql'), `${sql}-- more\n`);
    await expect(runMigrations(url, { migrationsDir: dir })).rejects.toThrow(/was changed after it was applied/);
  });
});

describe('SQLite table rebuilds', () => {
  it(
    'keep the rows that reference the rebuilt table (foreign ' +
      'keys off around the transaction, checked before COMMIT)',
    async () => {
      const url = await emptyDatabase('sqlite');
      const dir = path.join(tmpDir('fk'), 'migrations');
      addMigration(
        dir,
        'sqlite',
        '20000101000000_parent_child',
        `CREATE TABLE "Parent" ("id" INTEGER PRIMARY KEY, "name" TEXT);
CREATE TABLE "Child" ("id" INTEGER PRIMARY KEY,
  "parentId" INTEGER NOT NULL REFERENCES "Parent"("id") ON DELETE CASCADE);
INSERT INTO "Parent" VALUES (1, 'p');
INSERT INTO "Child" VALUES (10, 1);
`,
      );
      // What `migrate:new` writes for SQLite when a column changes (Prisma's RedefineTables).
      addMigration(
        dir,
        'sqlite',
        '20000102000000_redefine_parent',
        `-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Parent" ("id" INTEGER PRIMARY KEY, "name" TEXT NOT NULL DEFAULT '');
INSERT INTO "new_Parent" ("id", "name") SELECT "id", coalesce("name", '') FROM "Parent";
DROP TABLE "Parent";
ALTER TABLE "new_Parent" RENAME TO "Parent";
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
`,
      );
      expect(await runMigrations(url, { migrationsDir: dir })).toHaveLength(2);
      expect(await query(url, 'SELECT * FROM "Child"')).toEqual([{ id: 10, parentId: 1 }]);

      // a rebuild that breaks a reference is refused and rolled back
      addMigration(dir, 'sqlite', '20000103000000_orphan', `DELETE FROM "Parent";\n`);
      const err = await runMigrations(url, { migrationsDir: dir }).catch((e: unknown) => e);
      expect((err as Error).message).toMatch(/foreign key/);
      expect(await query(url, 'SELECT * FROM "Parent"')).toEqual([{ id: 1, name: 'p' }]);
    },
  );
});

describe.skipIf(!TEST_PG_URL)('two instances starting together on PostgreSQL', () => {
  it('apply each migration once: one waits on the migration lock, then finds nothing to do', async () => {
    const url = await emptyDatabase('postgresql');
    const local = readMigrationFiles('postgresql');
    const results = await Promise.all([runMigrations(url), runMigrations(url), runMigrations(url)]);
    expect(results.flat().sort()).toEqual(local.map((m) => m.name).sort());
    expect(results.filter((r) => r.length > 0)).toHaveLength(1);
    const rows = await records(url);
    expect(rows).toHaveLength(local.length);
    expect(rows.every((r) => r.finished_at !== null && r.rolled_back_at === null)).toBe(true);
  });
});
