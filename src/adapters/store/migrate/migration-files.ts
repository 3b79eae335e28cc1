/**
 * The migration folders of one provider: prisma/migrations/<provider>/<yyyymmddHHMMSS>_<name>/migration.sql,
 * applied in the order of their names (= of their timestamps). Written by `npm run migrate:new`
 * (scripts/migrate-lib.mjs, Prisma's schema engine); read here to apply them at run time.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Provider } from '../db.js';

export interface MigrationFile {
  /** the folder name, recorded as `_prisma_migrations.migration_name` */
  name: string;
  sql: string;
  /** SHA-256 of migration.sql in lower-case hex, as Prisma records it in `_prisma_migrations.checksum` */
  checksum: string;
}

/** prisma/migrations of this installation (the same folder in src/ through tsx and in dist/). */
export const MIGRATIONS_ROOT = fileURLToPath(new URL('../../../../prisma/migrations/', import.meta.url));

/** Prisma's checksum of a migration script: SHA-256 of the file's bytes, lower-case hex. */
export function migrationChecksum(bytes: Buffer | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * Whether a recorded checksum is this file's. Like Prisma's schema engine, a checkout that only
 * changed the line endings (CRLF ↔ LF, e.g. git's autocrlf on Windows) still matches.
 */
export function checksumMatches(m: MigrationFile, recorded: string): boolean {
  if (m.checksum === recorded) return true;
  const lf = m.sql.replace(/\r\n/g, '\n');
  return migrationChecksum(lf) === recorded || migrationChecksum(lf.replace(/\n/g, '\r\n')) === recorded;
}

/** The provider's migrations, oldest first; a folder without migration.sql is an error (Prisma refuses it too). */
export function readMigrationFiles(provider: Provider, root: string = MIGRATIONS_ROOT): MigrationFile[] {
  const dir = path.join(root, provider);
  if (!fs.existsSync(dir)) return [];
  const lock = path.join(dir, 'migration_lock.toml');
  const declared = fs.existsSync(lock)
    ? /^\s*provider\s*=\s*"([^"]+)"/m.exec(fs.readFileSync(lock, 'utf8'))?.[1]
    : undefined;
  if (declared && declared !== provider) throw new Error(`${lock} says provider "${declared}", expected "${provider}"`);
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const file = path.join(dir, name, 'migration.sql');
      if (!fs.existsSync(file)) throw new Error(`${file} is missing: every migration folder holds a migration.sql`);
      const bytes = fs.readFileSync(file);
      return { name, sql: bytes.toString('utf8'), checksum: migrationChecksum(bytes) };
    });
}
