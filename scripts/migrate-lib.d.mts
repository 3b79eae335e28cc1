// Types for scripts/migrate-lib.mjs (plain JS so that it runs without a build). With
// `module: nodenext`, `import { deployMigrations } from '../../scripts/migrate-lib.mjs'` picks this up.

export type Provider = 'sqlite' | 'postgresql';

/** A failure with a one-line message saying what to do (unreachable server, bad URL, no migrations…). */
export declare class MigrateError extends Error {
  name: 'MigrateError';
  /** What went wrong, for callers that word it for their users. */
  kind: 'locked' | 'unreachable' | 'auth' | 'no-database' | 'shadow' | 'cant-open' | 'usage' | 'failed';
  constructor(message: string, options?: { cause?: unknown; kind?: MigrateError['kind'] });
}

/** Repository root (the folder above scripts/). */
export declare const ROOT: string;
/** `<ROOT>/prisma/migrations`, holding one folder per provider. */
export declare const DEFAULT_MIGRATIONS_DIR: string;
export declare const PROVIDERS: readonly ['sqlite', 'postgresql'];

/** `postgres://` / `postgresql://` → 'postgresql'; anything else is a SQLite file. */
export declare function providerOf(url: string): Provider;
/** `file:./x.db`, `file:///abs/x.db`, `./x.db`, `:memory:` → path (relative to the current directory). */
export declare function sqlitePathOf(url: string): string;
/** pg pool config (discrete fields, never `connectionString`) and the `schema` URL parameter. */
export declare function pgConfigOf(url: string): { cfg: Record<string, unknown>; schema: string | undefined };
/** `<migrationsDir ?? DEFAULT_MIGRATIONS_DIR>/<provider>` */
export declare function migrationsDirOf(migrationsDir: string | undefined, provider: Provider): string;

export interface DeployOptions {
  /** DATABASE_URL: postgres(ql):// or a SQLite file (`file:./data/safeduty.db`, a path). */
  url: string;
  /** Folder holding `sqlite/` and `postgresql/`; default `<repo>/prisma/migrations`. */
  migrationsDir?: string;
  /** Called once with a summary line (no secrets: the password is masked). */
  log?: (message: string) => void;
}

/**
 * Applies pending migrations; idempotent (`applied` is empty when there were none). Creates the parent
 * directory of a SQLite file. Closes all its connections before it resolves, so it does not keep the
 * process alive. Rejects with MigrateError.
 */
export declare function deployMigrations(options: DeployOptions): Promise<{ provider: Provider; applied: string[] }>;

export interface MigrationStatus {
  provider: Provider;
  /** Migration folders, in order. */
  local: string[];
  applied: string[];
  pending: string[];
  /** Recorded in the database but missing from the folder. */
  notInFolder: string[];
  failed: string[];
  /** Applied, but migration.sql changed since. */
  edited: string[];
  hasMigrationsTable: boolean;
  /** false when the SQLite file does not exist (it is not created). */
  databaseExists: boolean;
}
/** Compares the migration folder with `_prisma_migrations`; changes nothing. */
export declare function migrationStatus(options: { url: string; migrationsDir?: string }): Promise<MigrationStatus>;

/** Runs scripts/gen-schemas.mjs (prisma/models.prisma → prisma/<provider>/schema.prisma). */
export declare function writeProviderSchemas(options?: { optional?: boolean }): void;
/** SHADOW_PG_URL or TEST_PG_URL from `env` (default process.env). */
export declare function shadowPgUrlFromEnv(env?: NodeJS.ProcessEnv): string | undefined;

/**
 * SQL that would bring the provider's migrations up to its schema file, or null when they match.
 * PostgreSQL needs `shadowUrl` (a server where the role may CREATE DATABASE); SQLite uses memory.
 */
export declare function pendingSchemaChange(options: {
  provider: Provider;
  shadowUrl?: string;
  migrationsDir?: string;
  /** Default `<repo>/prisma/<provider>/schema.prisma`. */
  schemaPath?: string;
}): Promise<string | null>;

export interface CheckResult {
  provider: Provider;
  status: 'clean' | 'drift' | 'skipped';
  /** The uncovered change, when status is 'drift'. */
  sql?: string;
}
/** Regenerates the provider schemas (unless regenerate: false), then diffs each provider. */
export declare function checkMigrations(options?: {
  providers?: Provider[];
  /** Without it PostgreSQL is 'skipped'. */
  shadowUrl?: string;
  migrationsDir?: string;
  regenerate?: boolean;
}): Promise<{
  clean: boolean;
  results: CheckResult[];
  /** Migration folders present for one provider only (normally both lists are empty). */
  onlyIn: { sqlite: string[]; postgresql: string[] };
}>;

/** UTC yyyymmddHHMMSS */
export declare function migrationStamp(date?: Date): string;

/**
 * Writes `<stamp>_<name>/migration.sql` (+ migration_lock.toml) for each provider with changes, under
 * one folder name. `folder` is null when nothing changed (nothing written).
 */
export declare function createMigration(options: {
  name: string;
  providers?: Provider[];
  shadowUrl?: string;
  migrationsDir?: string;
  now?: Date;
  regenerate?: boolean;
}): Promise<{ folder: string | null; written: string[]; unchanged: Provider[] }>;

/** The engine's MigrationList for one provider folder. */
export declare function readMigrations(dir: string): {
  baseDir: string;
  lockfile: { path: string; content: string | null };
  shadowDbInitScript: string;
  migrationDirectories: {
    path: string;
    migrationFile: { path: string; content: { tag: 'ok'; value: string } | { tag: 'error'; value: string } };
  }[];
};
