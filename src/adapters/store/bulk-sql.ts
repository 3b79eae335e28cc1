/**
 * Set-based writes for the engine's bulk paths: one statement per batch of up to 1,000 rows, whose
 * rows travel as ONE JSON parameter (SQLite: unpacked by `json_each`; PostgreSQL: by
 * `jsonb_to_recordset`), instead of Prisma's createMany, whose per-row argument handling
 * dominated the 08:30 opening tick of a city.
 *
 * Values are encoded exactly as Prisma stores them, so that Prisma reads the rows back unchanged
 * (tests/store/record-decisions.test.ts proves it on both providers):
 * - DateTime: SQLite text `2026-12-01T00:30:00.000+00:00` (the better-sqlite3 adapter's iso8601
 *   format, which its comparisons rely on); PostgreSQL timestamp(3) holding UTC wall time;
 * - Json: SQLite text (JSON.stringify); PostgreSQL jsonb;
 * - Boolean: SQLite 0/1; PostgreSQL boolean.
 *
 * Statements stay small (≤ 1,000 rows, ≤ ~100,000 characters), so that only one batch is held
 * encoded at a time.
 */
import type { Provider } from './db.js';

export type ColumnType = 'text' | 'int' | 'bool' | 'datetime' | 'json';
export type Columns = Record<string, ColumnType>;

/** What runs the statements: the driver or one of its transactions (driver.ts). */
export interface RawExecutor {
  execute(sql: string, args?: readonly unknown[]): Promise<number>;
}

/** Rows per statement, to keep each statement's parameters (and memory) bounded. */
export const BULK_ROWS = 1000;
/** …and its text under about this many characters (message payloads are ~10,000 each). */
const BULK_CHARS = 100_000;

const PG_TYPES: Record<ColumnType, string> = { text: 'text', int: 'integer', bool: 'boolean', datetime: 'timestamp(3)', json: 'jsonb' };

/** A DateTime as Prisma writes it on the provider (null stays null). */
export function encodeInstant(provider: Provider, d: Date | null): string | null {
  if (d === null) return null;
  // A tick's tasks share a handful of instants: remember the last ones' text.
  const memo = instantText[provider];
  const ms = d.getTime();
  let text = memo.get(ms);
  if (text === undefined) {
    const iso = d.toISOString();
    // SQLite: the better-sqlite3 adapter's iso8601 format. PostgreSQL: timestamp(3) without time
    // zone holds the UTC wall time.
    text = provider === 'sqlite' ? iso.replace('Z', '+00:00') : iso.slice(0, -1);
    if (memo.size >= 256) memo.clear();
    memo.set(ms, text);
  }
  return text;
}

const instantText: Record<Provider, Map<number, string>> = { sqlite: new Map(), postgresql: new Map() };

/**
 * One value for a statement. DateTime goes as the text Prisma's adapter writes (formatting it here
 * spares the adapter a Date round trip per value) and Json as its text; SQLite booleans are turned
 * into 0/1 by the adapter as for its own queries.
 */
function encode(provider: Provider, type: ColumnType, v: unknown): unknown {
  if (v === null || v === undefined) return null;
  if (type === 'datetime') return encodeInstant(provider, v as Date);
  if (type === 'json') return JSON.stringify(v);
  return v;
}

const quote = (names: string[]) => names.map((c) => `"${c}"`).join(', ');

/**
 * Inserts rows, skipping any whose `conflict` columns are already taken (on both providers, so that
 * a repeated or concurrent tick adds nothing twice). Returns the number of rows inserted.
 *
 * A column whose value is the same in every row of a batch (a day's opening instants, the tick's
 * time, a kind) is sent once as a parameter, not once per row: half of a task's fourteen columns.
 */
export async function bulkInsert(db: RawExecutor, provider: Provider, table: string, columns: Columns, conflict: string[], rows: readonly Record<string, unknown>[]): Promise<number> {
  const names = Object.keys(columns);
  const statement = provider === 'sqlite' ? sqliteInsert : postgresInsert;
  let inserted = 0;
  for (const batch of batches(rows, (r) => names.map((c) => encode(provider, columns[c]!, r[c])), BULK_ROWS)) {
    const constant = names.map((_, i) => batch.every((r) => r[i] === batch[0]![i]));
    const { sql, args } = statement(table, columns, constant, batch);
    inserted += await db.execute(`${sql} ON CONFLICT (${quote(conflict)}) DO NOTHING`, args);
  }
  return inserted;
}

/**
 * SQLite: the varying columns travel as ONE JSON parameter, an array of rows (each an array of
 * values), unpacked by `json_each`; the constants come once in a CTE (better-sqlite3 binds
 * positional `?` only, so a parameter cannot be referenced twice). One parameter instead of
 * thousands spares the Prisma client its per-parameter work, which dominated a city's 08:30 tick.
 * Json columns go as their JSON text (a string inside the row), so that they are stored exactly as
 * Prisma stores them; booleans as 0/1.
 */
function sqliteInsert(table: string, columns: Columns, constant: boolean[], batch: unknown[][]): { sql: string; args: unknown[] } {
  const names = Object.keys(columns);
  const args: unknown[] = [];
  const constants = names.flatMap((_, i) => (constant[i] ? [i] : []));
  const varying = names.flatMap((_, i) => (constant[i] ? [] : [i]));
  const sqliteValue = (v: unknown) => (typeof v === 'boolean' ? (v ? 1 : 0) : v);
  for (const i of constants) args.push(sqliteValue(batch[0]![i]));
  if (varying.length) args.push(JSON.stringify(batch.map((r) => varying.map((i) => sqliteValue(r[i])))));
  const select = names.map((_, i) => (constant[i] ? `k.c${i}` : `j.value ->> ${varying.indexOf(i)}`));
  const withK = constants.length ? `WITH k AS (SELECT ${constants.map((i) => `? AS c${i}`).join(', ')}) ` : '';
  const from = [varying.length ? 'json_each(?) AS j' : '', constants.length ? 'k' : ''].filter(Boolean).join(', ');
  // `WHERE true` keeps SQLite from reading ON CONFLICT as part of the SELECT's join.
  return { sql: `${withK}INSERT INTO "${table}" (${quote(names)}) SELECT ${select.join(', ')} FROM ${from} WHERE true`, args };
}

/**
 * PostgreSQL: the varying columns travel as ONE jsonb parameter that jsonb_to_recordset types
 * column by column (Json values are spliced in as they are, not escaped into strings); constants
 * are typed parameters, sent as text.
 */
function postgresInsert(table: string, columns: Columns, constant: boolean[], batch: unknown[][]): { sql: string; args: unknown[] } {
  const names = Object.keys(columns);
  const args: unknown[] = [null];
  const select = names.map((c, i) => {
    if (!constant[i]) return `x."${c}"`;
    const v = batch[0]![i];
    args.push(v === null || typeof v === 'string' ? v : JSON.stringify(v));
    return `$${args.length}::${PG_TYPES[columns[c]!]}`;
  });
  const varying = names.flatMap((c, i) => (constant[i] ? [] : [{ i, key: `${JSON.stringify(c)}:`, json: columns[c] === 'json' }]));
  const field = (v: unknown, json: boolean) => (json && v !== null ? (v as string) : JSON.stringify(v));
  args[0] = `[${batch.map((r) => `{${varying.map((c) => c.key + field(r[c.i], c.json)).join(',')}}`).join(',')}]`;
  const record = varying.map(({ i }) => `"${names[i]}" ${PG_TYPES[columns[names[i]!]!]}`).join(', ');
  const from = varying.length ? `FROM jsonb_to_recordset($1::jsonb) AS x(${record})` : `FROM jsonb_array_elements($1::jsonb)`;
  return { sql: `INSERT INTO "${table}" (${quote(names)}) SELECT ${select.join(', ')} ${from}`, args };
}

/** Sets the same values on every listed row (by id) that also meets `where` (trusted SQL). */
export async function bulkUpdateByIds(
  db: RawExecutor,
  provider: Provider,
  table: string,
  set: { column: string; type: ColumnType; value: unknown }[],
  ids: readonly string[],
  where = 'true',
): Promise<number> {
  const param = (i: number, type: ColumnType) => (provider === 'sqlite' ? '?' : `$${i}::${PG_TYPES[type]}`);
  const assignments = set.map((s, i) => `"${s.column}" = ${param(i + 1, s.type)}`).join(', ');
  const list = provider === 'sqlite' ? 'SELECT value FROM json_each(?)' : `SELECT jsonb_array_elements_text($${set.length + 1}::jsonb)`;
  const sql = `UPDATE "${table}" SET ${assignments} WHERE "id" IN (${list}) AND ${where}`;
  // PostgreSQL gets text parameters and casts them itself.
  const values = set.map((s) => {
    const v = encode(provider, s.type, s.value);
    return provider === 'postgresql' && v !== null && typeof v !== 'string' ? JSON.stringify(v) : v;
  });
  let updated = 0;
  for (const batch of batches(ids, (id) => id, BULK_ROWS)) updated += await db.execute(sql, [...values, JSON.stringify(batch)]);
  return updated;
}

/**
 * Encodes rows lazily into batches of at most `maxRows` rows and about BULK_CHARS characters of
 * text, so that only one batch is held encoded at a time.
 */
function* batches<T, E>(rows: readonly T[], encodeRow: (r: T) => E, maxRows: number): Generator<E[]> {
  let batch: E[] = [];
  let chars = 0;
  for (const r of rows) {
    const e = encodeRow(r);
    const size = textSize(e);
    if (batch.length && (batch.length >= maxRows || chars + size > BULK_CHARS)) {
      yield batch;
      batch = [];
      chars = 0;
    }
    batch.push(e);
    chars += size;
  }
  if (batch.length) yield batch;
}

function textSize(e: unknown): number {
  if (typeof e === 'string') return e.length;
  if (Array.isArray(e)) return e.reduce((n: number, v) => n + (typeof v === 'string' ? v.length : 8), 0);
  return 8;
}
