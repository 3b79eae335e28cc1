/**
 * Backups of the database while the service runs.
 * - SQLite: the online backup API (better-sqlite3's `backup()`, https://www.sqlite.org/backup.html)
 *   copies a consistent snapshot page by page beside the running service's writes (WAL), then the copy
 *   is checked: `PRAGMA integrity_check` and the record chain recomputed on the copy (verifyChain).
 * - PostgreSQL: `pg_dump --format=custom` (a consistent snapshot in one transaction) when the client
 *   tools are installed; restore with `pg_restore` into a new database, then `safeduty verify`.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { ChainReport } from '../../app/ports.js';
import { SQLITE_BUSY_TIMEOUT_MS, sqlitePath } from './db.js';
import { PrismaStore } from './prisma-store.js';

export interface SqliteBackupResult {
  file: string;
  bytes: number;
  integrity: string;
  chains: ChainReport[];
}

/** Copies the SQLite database at `url` to `out` (which must not exist), then checks the copy. */
/** `recordKey`: the record chain's key, so that sealed records are checked on the copy too. */
export async function backupSqlite(
  url: string,
  out: string,
  recordKey: string | null = null,
): Promise<SqliteBackupResult> {
  const source = sqlitePath(url);
  if (!fs.existsSync(source))
    throw Object.assign(new Error(`database file not found: ${source}`), { code: 'ENOENT', path: source });
  if (fs.existsSync(out)) throw Object.assign(new Error(`exists: ${out}`), { code: 'EEXIST', path: out });
  fs.mkdirSync(path.dirname(path.resolve(out)), { recursive: true });
  const db = new Database(source, { readonly: true, fileMustExist: true, timeout: SQLITE_BUSY_TIMEOUT_MS });
  try {
    await db.backup(out);
  } finally {
    db.close();
  }
  const copy = new Database(out, { fileMustExist: true });
  let integrity: string;
  try {
    integrity = (copy.pragma('integrity_check') as { integrity_check: string }[])
      .map((r) => r.integrity_check)
      .join('; ');
  } finally {
    copy.close();
  }
  const store = await PrismaStore.open(`file:${path.resolve(out)}`, { recordKey });
  try {
    return { file: path.resolve(out), bytes: fs.statSync(out).size, integrity, chains: await store.verifyChain() };
  } finally {
    await store.close();
  }
}

/** The pg_dump command for a PostgreSQL URL (the password shown as given: the operator's own terminal). */
export function pgDumpArgs(url: string, out: string): string[] {
  return ['--format=custom', '--no-owner', `--file=${out}`, `--dbname=${url}`];
}

/** Runs pg_dump; resolves with its exit code and what it wrote to stderr (ENOENT when not installed). */
export function runPgDump(url: string, out: string): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('pg_dump', pgDumpArgs(url, out), { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 1, stderr }));
  });
}
