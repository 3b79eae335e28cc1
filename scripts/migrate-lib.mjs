// Offline Prisma migrations for SafeDuty, on SQLite and PostgreSQL, through the WASM schema engine
// (@prisma/schema-engine-wasm) and our driver adapters. The Prisma CLI cannot be used for migrations
// here: it wants to download a native schema engine, and this machine has no route to binaries.prisma.sh.
//
// Layout: prisma/migrations/<provider>/<yyyymmddHHMMSS>_<name>/migration.sql (+ migration_lock.toml),
// one folder per provider, same folder names for the same change. Types: migrate-lib.d.mts.
//
// Importing this module has no side effects: the engine (5 MB of WASM) is compiled on first use, and
// every operation closes the database connections it opened, so a short-lived process (CLI, test)
// exits as soon as it is done. See closeAdapters() for why we must do that ourselves.

import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaPg } from '@prisma/adapter-pg';
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';
import { makeDirs } from './make-dirs.mjs';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const DEFAULT_MIGRATIONS_DIR = path.join(ROOT, 'prisma', 'migrations');
/** @type {readonly ['sqlite', 'postgresql']} */
export const PROVIDERS = ['sqlite', 'postgresql'];
const NO_FILTER = { externalTables: [], externalEnums: [] };

/** A clear, one-line, user-facing failure (the CLI prints only the message). */
export class MigrateError extends Error {
  name = 'MigrateError';
  /**
   * What went wrong, for callers that word it for their users (the SafeDuty CLI says it in Chinese):
   * locked | unreachable | auth | no-database | shadow | cant-open | usage | failed.
   * @type {string}
   */
  kind;
  /** @param {string} message @param {{ cause?: unknown, kind?: string }} [options] */
  constructor(message, options) {
    super(message, options);
    this.kind = options?.kind ?? 'usage';
  }
}

// ---------------------------------------------------------------- urls

/** @param {string} url @returns {'sqlite' | 'postgresql'} */
export function providerOf(url) {
  return /^postgres(ql)?:\/\//i.test(url) ? 'postgresql' : 'sqlite';
}

/**
 * `file:./data/safeduty.db`, `file:///abs/x.db`, `./x.db` or `:memory:` → file system path.
 * Relative paths are relative to the current directory, as in the app's PrismaBetterSqlite3({ url }).
 * @param {string} url
 */
export function sqlitePathOf(url) {
  if (url.startsWith('file://')) return fileURLToPath(url.split('?')[0]);
  return url.replace(/^file:/, '').split('?')[0];
}

/**
 * pg pool config from discrete fields. Never pass `connectionString` on: pg lets it override
 * `database`, so PrismaPg's own connectToShadowDb ({ ...config, database: shadow }) would replay the
 * migration history into the MAIN database (toolchain.md §1d, problem 2).
 * Understood query parameters: sslmode (disable | require | no-verify | verify-full), host (socket
 * directory), connect_timeout (seconds), schema.
 * @param {string} url
 */
export function pgConfigOf(url) {
  const u = new URL(url);
  const q = u.searchParams;
  const dec = decodeURIComponent;
  /** @type {Record<string, any>} */
  const cfg = {
    host: q.get('host') ?? (dec(u.hostname).replace(/^\[(.*)\]$/, '$1') || 'localhost'),
    port: u.port ? Number(u.port) : 5432,
    user: dec(u.username) || undefined,
    password: u.password ? dec(u.password) : undefined,
    database: dec(u.pathname.replace(/^\//, '')) || undefined,
    // Fail within seconds when nothing answers (default: wait for the OS TCP timeout).
    connectionTimeoutMillis: 1000 * Number(q.get('connect_timeout') ?? 10),
  };
  const sslmode = q.get('sslmode');
  if (sslmode === 'require' || sslmode === 'prefer' || sslmode === 'no-verify') cfg.ssl = { rejectUnauthorized: false };
  else if (sslmode === 'verify-ca' || sslmode === 'verify-full') cfg.ssl = true;
  const schema = q.get('schema');
  if (schema) cfg.options = `-c search_path="${schema}"`;
  return { cfg, schema: schema ?? undefined };
}

/** postgresql://user:***@host:port/db, for messages. @param {string} url */
function redact(url) {
  if (providerOf(url) === 'sqlite') return url;
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgresql://…';
  }
}

// ---------------------------------------------------------------- engine

/** @type {Promise<typeof import('@prisma/schema-engine-wasm')> | undefined} */
let enginePromise;

/**
 * Compiles the WASM schema engine once per process. The package's own entry point does
 * `import * as wasm from './schema_engine_bg.wasm'` (ES module integration for WASM), which Node 20
 * cannot load without --experimental-wasm-modules, so we instantiate it from its JS glue ourselves.
 */
function loadEngine() {
  enginePromise ??= (async () => {
    const glueUrl = import.meta.resolve('@prisma/schema-engine-wasm/schema_engine_bg');
    const glue = await import(glueUrl);
    const bytes = await fs.promises.readFile(new URL('schema_engine_bg.wasm', glueUrl));
    /** @type {Record<string, unknown>} */
    const imports = { ...glue };
    for (const key of Object.keys(glue)) {
      // The engine's timers are timeouts raced against database I/O: applyMigrations on PostgreSQL
      // starts one of 10 s (most likely the limit on taking Prisma's migration advisory lock). The
      // glue imports setTimeout but not clearTimeout, so the timer of a race that was won stays
      // pending and held the process for 10 s. Unref'd, it no longer keeps Node alive (it may still
      // fire, harmlessly); withEngine() keeps the process alive while an operation runs.
      if (key.startsWith('__wbg_setTimeout_')) {
        imports[key] = (/** @type {() => void} */ fn, /** @type {number} */ ms) => setTimeout(fn, ms >>> 0).unref();
      }
    }
    const { instance } = await WebAssembly.instantiate(bytes, { './schema_engine_bg.js': imports });
    glue.__wbg_set_wasm(instance.exports);
    /** @type {any} */ (instance.exports).__wbindgen_start();
    return glue;
  })();
  return enginePromise;
}

/**
 * A migration-aware adapter factory for `url` that remembers every adapter it hands out, so that we
 * can close them afterwards (closeAdapters).
 * @param {string} url
 */
function adapterFactoryFor(url) {
  /** @type {any[]} */
  const opened = [];
  /** @param {any} a */
  const track = (a) => {
    const dispose = a.dispose.bind(a);
    let closed = false;
    a.dispose = async () => {
      if (closed) return;
      closed = true;
      await dispose();
    };
    opened.push(a);
    return a;
  };
  const factory = providerOf(url) === 'postgresql' ? pgFactory(url, track) : sqliteFactory(url, track);
  return {
    factory,
    /**
     * The engine never disposes the adapters it got, not even on free(). With pg, the idle pool
     * client then keeps the event loop alive until pg's idleTimeoutMillis (10 s) runs out. That,
     * together with the engine's own leftover 10 s timer (see loadEngine), is the "10 s pending
     * timer" after applyMigrations. Closing them here lets the process exit at once, with no
     * process.exit().
     */
    async closeAdapters() {
      const all = opened.splice(0).reverse(); // shadow adapters (opened last) before the main one
      for (const a of all) {
        await a
          .dispose()
          .catch((/** @type {Error} */ e) => process.emitWarning(`migrate: closing a connection failed: ${e.message}`));
      }
    },
  };
}

/** @param {string} url @param {(a: any) => any} track */
function sqliteFactory(url, track) {
  const file = sqlitePathOf(url);
  const inner = new PrismaBetterSqlite3({ url: file });
  return {
    provider: 'sqlite',
    adapterName: inner.adapterName,
    async connect() {
      if (file !== ':memory:' && file !== '') {
        const fail = (/** @type {string} */ dir, /** @type {Error} */ e) =>
          new MigrateError(`cannot create the directory ${dir} for the SQLite database: ${e.message}`, {
            kind: 'cant-open',
          });
        makeDirs(path.dirname(path.resolve(file)), fail);
      }
      return track(allowScriptsInExecuteRaw(await inner.connect()));
    },
    // In-memory shadow database: generating SQLite migrations needs no server.
    async connectToShadowDb() {
      return track(allowScriptsInExecuteRaw(await inner.connectToShadowDb()));
    },
  };
}

/**
 * The engine replays each migration into the shadow database with executeRaw(whole script, no args);
 * better-sqlite3's prepare() accepts a single statement only and throws "The supplied SQL string
 * contains more than one statement" (surfacing as P3006 "External error id#0" from the second
 * migration on). Such calls are passed to executeScript (db.exec) instead.
 * @param {any} adapter
 */
function allowScriptsInExecuteRaw(adapter) {
  const executeRaw = adapter.executeRaw.bind(adapter);
  adapter.executeRaw = async (/** @type {any} */ query) => {
    try {
      return await executeRaw(query);
    } catch (e) {
      if (query.args.length === 0 && e instanceof RangeError && /more than one statement/.test(e.message)) {
        await adapter.executeScript(query.sql);
        return 0;
      }
      throw e;
    }
  };
  return adapter;
}

/** @param {string} url @param {(a: any) => any} track */
function pgFactory(url, track) {
  const { cfg, schema } = pgConfigOf(url);
  const options = schema ? { schema } : undefined;
  const inner = new PrismaPg(/** @type {any} */ (cfg), options);
  const connect = async () => fixPgAdapter(await inner.connect());
  return {
    provider: 'postgres',
    adapterName: inner.adapterName,
    async connect() {
      return track(await connect());
    },
    /**
     * Our own shadow database, instead of PrismaPg.connectToShadowDb, which drops the database before
     * it ends the shadow pool ("database … is being accessed by other users": the diff result is
     * lost). Here: end the pool first, then DROP DATABASE through the admin connection.
     */
    async connectToShadowDb() {
      const admin = await connect();
      const name = `prisma_migrate_shadow_db_${randomUUID().replace(/-/g, '')}`;
      try {
        await admin.executeScript(`CREATE DATABASE "${name}"`);
      } catch (e) {
        await admin.dispose();
        throw e;
      }
      const shadow = fixPgAdapter(
        await new PrismaPg(/** @type {any} */ ({ ...cfg, database: name }), options).connect(),
      );
      const endPool = shadow.dispose.bind(shadow);
      shadow.dispose = async () => {
        try {
          await endPool();
          await admin.executeScript(`DROP DATABASE IF EXISTS "${name}"`);
        } finally {
          await admin.dispose();
        }
      };
      return track(shadow);
    },
  };
}

/**
 * Two fixes to a PrismaPg adapter (and the transactions it starts):
 * - introspection reads pg_catalog columns of type "char" (OID 18), which adapter-pg 7.10.1 rejects
 *   ("Column type 'char' could not be deserialized"); pg already returns them as strings, so we
 *   report them as text (OID 25);
 * - executeScript splits the script at every ';' (even inside string literals such as
 *   DEFAULT 'a;b'), running each piece on its own. We send the whole script as one simple-protocol
 *   query instead, as Prisma's native engine does: correct splitting, and all-or-nothing (implicit
 *   transaction).
 * @param {any} adapter
 */
function fixPgAdapter(adapter) {
  const performIO = adapter.performIO.bind(adapter);
  adapter.performIO = async (/** @type {any} */ query) => {
    const result = await performIO(query);
    for (const field of result?.fields ?? []) if (field.dataTypeID === 18) field.dataTypeID = 25;
    return result;
  };
  if (typeof adapter.startTransaction === 'function') {
    const startTransaction = adapter.startTransaction.bind(adapter);
    adapter.startTransaction = async (/** @type {any} */ ...args) => fixPgAdapter(await startTransaction(...args));
  }
  if (typeof adapter.executeScript === 'function' && typeof adapter.underlyingDriver === 'function') {
    adapter.executeScript = async (/** @type {string} */ script) => {
      try {
        await adapter.underlyingDriver().query(script);
      } catch (e) {
        adapter.onError(e);
      }
    };
  }
  return adapter;
}

/**
 * Runs `fn` with a schema engine connected to `url`, then frees the engine and closes every
 * connection. Engine errors become a MigrateError with one clear line.
 * @template T
 * @param {string} url
 * @param {string | undefined} schema Prisma schema text (only needed for diffs)
 * @param {(engine: any) => Promise<T>} fn
 * @param {string} what e.g. 'deploy'
 * @returns {Promise<T>}
 */
async function withEngine(url, schema, fn, what) {
  const { SchemaEngine } = await loadEngine();
  const { factory, closeAdapters } = adapterFactoryFor(url);
  const bound = bindMigrationAwareSqlAdapterFactory(/** @type {any} */ (factory));
  /** @type {any} */
  let engine;
  // Keeps Node alive while the engine works, since its own timers are unref'd (see loadEngine).
  const keepAlive = setInterval(() => {}, 1 << 30);
  try {
    engine = await SchemaEngine.new(
      { datamodels: schema === undefined ? undefined : [['schema.prisma', schema]] },
      (/** @type {string} */ line) => {
        if (process.env.MIGRATE_DEBUG) process.stderr.write(`[schema-engine] ${line}\n`);
      },
      bound,
    );
    return await fn(engine);
  } catch (e) {
    throw explain(e, bound.errorRegistry, url, what);
  } finally {
    engine?.free();
    await closeAdapters();
    clearInterval(keepAlive);
  }
}

/**
 * Turns engine and driver errors into one line saying what went wrong and what to do.
 * Errors thrown by our JS adapters reach the engine as "External error id#N"; the original is in the
 * adapter's error registry.
 * @param {any} e @param {any} registry @param {string} url @param {string} what
 */
function explain(e, registry, url, what) {
  if (e instanceof MigrateError) return e;
  let message = String(e?.message ?? e);
  const ext = /External error id#(\d+)/.exec(message);
  const original = ext ? registry?.consumeError?.(Number(ext[1]))?.error : undefined;
  if (original instanceof MigrateError) return original;
  if (original) message = message.replace(ext[0], String(original?.message ?? original));
  const where = redact(url);
  const text = `${message} ${String(original?.code ?? '')} ${String(e?.cause?.kind ?? '')}`;
  /** @type {string} */
  let line;
  let kind = 'failed';
  const sqlite = /^file:/.test(url);
  if (sqlite && /SocketTimeout|database is locked|SQLITE_BUSY|timeout/i.test(text)) {
    // The adapter reports SQLite's "database is locked" as a timeout.
    line =
      `the SQLite database ${where} is in use by another process (is SafeDuty already running on it?): ` +
      `stop that process first`;
    kind = 'locked';
  } else if (
    !sqlite &&
    new RegExp(
      'ECONNREFUSED|ENOTFOUND|EHOSTUNREACH|ETIMEDOUT|' +
        "Can't reach database|DatabaseNotReachable|timeout expired|Connection terminated",
      'i',
    ).test(text)
  ) {
    line = `cannot reach the database at ${where}: is the server running? (local test server: bash scripts/pg-up.sh)`;
    kind = 'unreachable';
  } else if (
    /password authentication failed|AuthenticationFailed|28P01|role .* does not exist|denied access/i.test(text)
  ) {
    line = `the database at ${where} refused the user/password in the URL`;
    kind = 'auth';
  } else if (/database .* does not exist|DatabaseDoesNotExist|3D000/i.test(text)) {
    line = `the database in ${where} does not exist: create it first (createdb), or fix the URL`;
    kind = 'no-database';
  } else if (/permission denied to create database|42501/i.test(text) && what !== 'deploy') {
    line = `the role in ${where} may not create the temporary shadow database: ALTER ROLE … CREATEDB`;
    kind = 'shadow';
  } else if (/unable to open database file|SQLITE_CANTOPEN/i.test(text)) {
    line = `cannot open the SQLite database ${where}: check the path and its permissions`;
    kind = 'cant-open';
  } else {
    // Drop the engine's span trace ("0: schema_engine_wasm::…", "at …/engine.rs:242", "with …").
    const lines = message
      .split('\n')
      .map((s) => s.trim())
      .filter((s) => s && !/^\d+: [\w:]+$|^at \S+\.rs:\d+$|^with /.test(s));
    line = `${what} failed on ${where}: ${lines.join(' | ')}`;
  }
  return new MigrateError(line, { cause: original ?? e, kind });
}

// ---------------------------------------------------------------- migration folders

/** @param {string | undefined} migrationsDir @param {'sqlite' | 'postgresql'} provider */
export function migrationsDirOf(migrationsDir, provider) {
  return path.join(migrationsDir ?? DEFAULT_MIGRATIONS_DIR, provider);
}

/**
 * The engine's MigrationList for one provider folder (folders sorted by name = by timestamp).
 * A folder without migration.sql is passed as an error entry: the engine reports it.
 * @param {string} dir
 */
export function readMigrations(dir) {
  const lockPath = path.join(dir, 'migration_lock.toml');
  const entries = fs.existsSync(dir) ? fs.readdirSync(dir, { withFileTypes: true }) : [];
  const migrationDirectories = entries
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const file = path.join(dir, name, 'migration.sql');
      /** @type {{ tag: 'ok', value: string } | { tag: 'error', value: string }} */
      let content;
      try {
        content = { tag: 'ok', value: fs.readFileSync(file, 'utf8') };
      } catch (e) {
        content = {
          tag: 'error',
          value: `cannot read ${path.relative(ROOT, file)}: ${/** @type {Error} */ (e).message}`,
        };
      }
      return { path: name, migrationFile: { path: 'migration.sql', content } };
    });
  return {
    baseDir: dir,
    lockfile: {
      path: 'migration_lock.toml',
      content: fs.existsSync(lockPath) ? fs.readFileSync(lockPath, 'utf8') : null,
    },
    shadowDbInitScript: '',
    migrationDirectories,
  };
}

/** @param {ReturnType<typeof readMigrations>} list @param {'sqlite' | 'postgresql'} provider */
function assertLockfile(list, provider) {
  const content = list.lockfile.content;
  if (content === null) return;
  const m = /^\s*provider\s*=\s*"([^"]+)"/m.exec(content);
  if (m && m[1] !== provider) {
    throw new MigrateError(
      `${path.relative(ROOT, list.baseDir)}/migration_lock.toml says provider "${m[1]}", expected "${provider}"`,
    );
  }
}

// ---------------------------------------------------------------- deploy / status

/**
 * Applies the pending migrations of the URL's provider. Idempotent. Creates the parent directory of a
 * SQLite file. Throws MigrateError with a one-line message on failure.
 * @param {{ url: string, migrationsDir?: string, log?: (message: string) => void }} options
 * @returns {Promise<{ provider: 'sqlite' | 'postgresql', applied: string[] }>}
 */
export async function deployMigrations({ url, migrationsDir, log = () => {} }) {
  if (!url) throw new MigrateError('no database URL: set DATABASE_URL (e.g. file:./data/safeduty.db)');
  const provider = providerOf(url);
  const list = readMigrations(migrationsDirOf(migrationsDir, provider));
  assertLockfile(list, provider);
  if (list.migrationDirectories.length === 0) {
    throw new MigrateError(`no migrations in ${list.baseDir}: create one with npm run migrate:new -- <name>`);
  }
  const out = await withEngine(
    url,
    undefined,
    (engine) => engine.applyMigrations({ migrationsList: list, filters: NO_FILTER }),
    'deploy',
  );
  const applied = /** @type {string[]} */ (out.appliedMigrationNames);
  log(
    applied.length
      ? `applied ${applied.length} migration(s) to ${redact(url)}: ${applied.join(', ')}`
      : `no pending migrations for ${redact(url)}`,
  );
  return { provider, applied };
}

/**
 * Compares the migrations folder with the database's _prisma_migrations table. Does not change the
 * database (a missing SQLite file is not created).
 * @param {{ url: string, migrationsDir?: string }} options
 */
export async function migrationStatus({ url, migrationsDir }) {
  if (!url) throw new MigrateError('no database URL: set DATABASE_URL (e.g. file:./data/safeduty.db)');
  const provider = providerOf(url);
  const list = readMigrations(migrationsDirOf(migrationsDir, provider));
  assertLockfile(list, provider);
  const local = list.migrationDirectories.map((d) => d.path);
  const empty = {
    provider,
    local,
    applied: [],
    pending: local,
    notInFolder: [],
    failed: [],
    edited: [],
    hasMigrationsTable: false,
  };
  if (provider === 'sqlite') {
    const file = sqlitePathOf(url);
    if (file !== ':memory:' && !fs.existsSync(file)) return { ...empty, databaseExists: false };
  }
  const d = await withEngine(
    url,
    undefined,
    (engine) =>
      engine.diagnoseMigrationHistory({ migrationsList: list, optInToShadowDatabase: false, filters: NO_FILTER }),
    'status',
  );
  const h = d.history;
  /** @type {string[]} */
  const pending = h?.unappliedMigrationNames ?? [];
  /** @type {string[]} */
  const notInFolder = h?.unpersistedMigrationNames ?? [];
  return {
    provider,
    local,
    applied: d.hasMigrationsTable
      ? local.filter((n) => !pending.includes(n) && !d.failedMigrationNames.includes(n))
      : [],
    pending: d.hasMigrationsTable ? pending : local,
    notInFolder,
    failed: /** @type {string[]} */ (d.failedMigrationNames),
    edited: /** @type {string[]} */ (d.editedMigrationNames),
    hasMigrationsTable: /** @type {boolean} */ (d.hasMigrationsTable),
    databaseExists: true,
  };
}

// ---------------------------------------------------------------- new / check

/**
 * Rewrites prisma/<provider>/schema.prisma from prisma/models.prisma (scripts/gen-schemas.mjs, run as
 * a child process so that a long-lived caller always gets the current file, never a cached import).
 * `optional`: ignore failures, for commands that do not read the schema (deploy, status), e.g. in
 * the container image, where prisma/ belongs to root and the app runs as `node`.
 * @param {{ optional?: boolean }} [options]
 */
export function writeProviderSchemas({ optional = false } = {}) {
  try {
    execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'gen-schemas.mjs')], {
      stdio: ['ignore', 'inherit', 'pipe'],
    });
  } catch (e) {
    if (optional) return;
    const err = /** @type {any} */ (e);
    const why =
      String(err.stderr ?? '')
        .split('\n')
        .find((l) => /Error/.test(l)) ?? err.message;
    throw new MigrateError(`scripts/gen-schemas.mjs failed: ${why.trim()}`);
  }
}

/** The URL of a PostgreSQL server for shadow databases, from SHADOW_PG_URL or TEST_PG_URL. */
export function shadowPgUrlFromEnv(env = process.env) {
  return env.SHADOW_PG_URL || env.TEST_PG_URL || undefined;
}

/** @param {string | undefined} shadowUrl @returns {string} */
function requireShadowUrl(shadowUrl) {
  if (shadowUrl && providerOf(shadowUrl) === 'postgresql') return shadowUrl;
  throw new MigrateError(
    'PostgreSQL migrations need a server for a temporary shadow database: run `bash scripts/pg-up.sh` and set ' +
      'SHADOW_PG_URL=postgresql://app:app@127.0.0.1:54329/app (or pass `sqlite` to handle SQLite only)',
  );
}

/**
 * SQL that would bring the migrations of `provider` up to the schema, or null when they match.
 * The migrations are replayed into a shadow database (in memory for SQLite; a temporary database on
 * `shadowUrl` for PostgreSQL, which must allow CREATE DATABASE).
 * @param {{ provider: 'sqlite' | 'postgresql', shadowUrl?:
 * string, migrationsDir?: string, schemaPath?: string }} options
 * @returns {Promise<string | null>}
 */
export async function pendingSchemaChange({ provider, shadowUrl, migrationsDir, schemaPath }) {
  const schemaFile = schemaPath ?? path.join(ROOT, 'prisma', provider, 'schema.prisma');
  const schema = fs.readFileSync(schemaFile, 'utf8');
  const list = readMigrations(migrationsDirOf(migrationsDir, provider));
  assertLockfile(list, provider);
  let url = 'file::memory:';
  if (provider === 'postgresql') url = requireShadowUrl(shadowUrl);
  // Always diff from the replayed migrations, also for the first one: a diff from { tag: 'empty' }
  // on PostgreSQL starts with CREATE SCHEMA IF NOT EXISTS "public", which needs the CREATE privilege
  // on the database even when the schema exists. The engine finds the connector in the lock file,
  // so an empty folder gets one in memory.
  const lockfile = { ...list.lockfile, content: list.lockfile.content ?? `provider = "${provider}"\n` };
  const from = { tag: 'migrations', ...list, lockfile };
  const to = { tag: 'schemaDatamodel', files: [{ path: schemaFile, content: schema }] };
  const result = await withEngine(
    url,
    schema,
    (engine) => engine.diff({ from, to, script: true, exitCode: true, filters: NO_FILTER }),
    `diff (${provider})`,
  );
  // With exitCode: true the engine answers 2 when the diff is not empty, 0 when it is.
  return result.exitCode === 2 ? (result.stdout ?? '') : null;
}

/**
 * Whether prisma/models.prisma has changes that no migration covers, per provider.
 * PostgreSQL is checked only when a shadow server URL is given (else reported as skipped).
 * @param {{ providers?: ('sqlite' | 'postgresql')[], shadowUrl?:
 * string, migrationsDir?: string, regenerate?: boolean }} [options]
 */
export async function checkMigrations({
  providers = [...PROVIDERS],
  shadowUrl,
  migrationsDir,
  regenerate = true,
} = {}) {
  if (regenerate) writeProviderSchemas();
  /** @type {{ provider: 'sqlite' | 'postgresql', status: 'clean' | 'drift' | 'skipped', sql?: string }[]} */
  const results = [];
  for (const provider of providers) {
    if (provider === 'postgresql' && !shadowUrl) {
      results.push({ provider, status: 'skipped' });
      continue;
    }
    const sql = await pendingSchemaChange({ provider, shadowUrl, migrationsDir });
    results.push(sql === null ? { provider, status: 'clean' } : { provider, status: 'drift', sql });
  }
  // Same change → same folder name in both providers; report folders that exist on one side only.
  const [a, b] = PROVIDERS.map((p) =>
    readMigrations(migrationsDirOf(migrationsDir, p)).migrationDirectories.map((d) => d.path),
  );
  const onlyIn = { sqlite: a.filter((n) => !b.includes(n)), postgresql: b.filter((n) => !a.includes(n)) };
  return { clean: results.every((r) => r.status !== 'drift'), results, onlyIn };
}

/** UTC yyyymmddHHMMSS. @param {Date} d */
export function migrationStamp(d = new Date()) {
  return d.toISOString().replace(/[-:T]/g, '').slice(0, 14);
}

/**
 * Writes a migration for each provider whose migrations do not cover the schema, all under the same
 * folder name <stamp>_<name>. Computes every provider's SQL before writing anything, so a failure
 * (e.g. no PostgreSQL server) leaves no half-made migration behind.
 * @param {{ name: string, providers?: ('sqlite' | 'postgresql')[], shadowUrl?:
 * string, migrationsDir?: string, now?: Date, regenerate?: boolean }} options
 * @returns {Promise<{ folder: string | null, written: string[], unchanged: ('sqlite' | 'postgresql')[] }>}
 */
export async function createMigration({
  name,
  providers = [...PROVIDERS],
  shadowUrl,
  migrationsDir,
  now = new Date(),
  regenerate = true,
}) {
  const slug = String(name ?? '')
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  if (!slug) throw new MigrateError('give the migration a name: npm run migrate:new -- <name> [sqlite|postgresql]');
  if (providers.includes('postgresql')) requireShadowUrl(shadowUrl);
  if (regenerate) writeProviderSchemas();
  /** @type {{ provider: 'sqlite' | 'postgresql', sql: string }[]} */
  const changes = [];
  /** @type {('sqlite' | 'postgresql')[]} */
  const unchanged = [];
  for (const provider of providers) {
    const sql = await pendingSchemaChange({ provider, shadowUrl, migrationsDir });
    if (sql === null) unchanged.push(provider);
    else changes.push({ provider, sql });
  }
  if (changes.length === 0) return { folder: null, written: [], unchanged };

  const folder = `${migrationStamp(now)}_${slug}`;
  for (const { provider } of changes) {
    const dir = migrationsDirOf(migrationsDir, provider);
    const last = readMigrations(dir).migrationDirectories.at(-1)?.path;
    if (last && last >= folder) {
      throw new MigrateError(
        `${provider}: the new migration ${folder} would not sort after the last one (${last}); check the clock`,
      );
    }
  }
  /** @type {string[]} */
  const written = [];
  for (const { provider, sql } of changes) {
    const dir = migrationsDirOf(migrationsDir, provider);
    fs.mkdirSync(path.join(dir, folder), { recursive: true });
    const header = `-- ${folder} (${provider}), generated by scripts/migrate.mjs from prisma/models.prisma\n`;
    fs.writeFileSync(path.join(dir, folder, 'migration.sql'), header + sql.replace(/\s*$/, '\n'));
    const lock = path.join(dir, 'migration_lock.toml');
    if (!fs.existsSync(lock)) {
      fs.writeFileSync(
        lock,
        `# Written by scripts/migrate.mjs; keep it in version control.\nprovider = "${provider}"\n`,
      );
    }
    written.push(path.join(dir, folder, 'migration.sql'));
  }
  return { folder, written, unchanged };
}
