/**
 * Writes the city's rows straight through the drivers, in the formats Prisma uses on each
 * provider: SQLite keeps DateTime as ISO text with `+00:00` and Json as text, PostgreSQL uses
 * timestamp(3) (UTC wall time) and jsonb.
 */
import { createRequire } from 'node:module';
import pg from 'pg';
import type { Cell, CityRows, Row } from './city-rows.js';

/** The few better-sqlite3 calls the seeder makes (the package ships no types of its own). */
interface SqliteDb {
  pragma(sql: string): unknown;
  prepare(sql: string): { run(params: unknown[]): unknown };
  transaction(fn: () => void): () => void;
  close(): void;
}
const Database = createRequire(import.meta.url)('better-sqlite3') as new (file: string) => SqliteDb;

const isJson = (v: Cell): v is { json: unknown } => typeof v === 'object' && v !== null && !(v instanceof Date);

function sqliteValue(v: Cell): string | number | null {
  if (v instanceof Date) return v.toISOString().replace('Z', '+00:00');
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (isJson(v)) return JSON.stringify(v.json);
  return v;
}

function pgValue(v: Cell): string | number | boolean | null {
  // timestamp(3) without time zone holds UTC wall time; never let the driver apply a local offset.
  if (v instanceof Date) return v.toISOString().replace('Z', '');
  if (isJson(v)) return JSON.stringify(v.json);
  return v;
}

const columns = (rows: Row[]) => Object.keys(rows[0]!);
const quoted = (cols: string[]) => cols.map((c) => `"${c}"`).join(', ');

export function seedSqlite(file: string, tables: CityRows): void {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.transaction(() => {
    for (const [table, rows] of tables) {
      if (!rows.length) continue;
      const cols = columns(rows);
      const insert = db.prepare(`INSERT INTO "${table}" (${quoted(cols)}) VALUES (${cols.map(() => '?').join(', ')})`);
      for (const r of rows) insert.run(cols.map((c) => sqliteValue(r[c]!)));
    }
  })();
  db.close();
}

export async function seedPostgres(url: string, tables: CityRows): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('BEGIN');
    for (const [table, rows] of tables) {
      if (!rows.length) continue;
      const cols = columns(rows);
      // PostgreSQL allows 65,535 parameters per statement.
      const per = Math.floor(60_000 / cols.length);
      for (let i = 0; i < rows.length; i += per) {
        const chunk = rows.slice(i, i + per);
        const values = chunk
          .map((_, r) => `(${cols.map((__, c) => `$${r * cols.length + c + 1}`).join(', ')})`)
          .join(', ');
        await client.query(
          `INSERT INTO "${table}" (${quoted(cols)}) VALUES ${values}`,
          chunk.flatMap((r) => cols.map((c) => pgValue(r[c]!))),
        );
      }
    }
    await client.query('COMMIT');
    await client.query('ANALYZE');
  } finally {
    await client.end();
  }
}
