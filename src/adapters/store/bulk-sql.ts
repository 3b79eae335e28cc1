/**
 * Set-based writes for the engine's bulk paths: one statement per batch of rows, whose
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
 * Statements stay small (BULK_ROWS rows, about BULK_CHARS characters), so that only one batch is
 * held encoded at a time.
 */
import type { Provider } from './db.js';

export type ColumnType = 'text' | 'int' | 'bool' | 'datetime' | 'json';
export type Columns = Record<string, ColumnType>;

/** What runs the statements: the driver or one of its transactions (driver.ts). */
export interface RawExecutor {
  execute(sql: string, args?: readonly unknown[]): Promise<number>;
}

/**
 * Rows per statement, and about this many characters of text per statement. Small batches are
 * written before they outlive the young generation: rows encoded and held across many units would
 * be promoted and linger in the old one, and a city's tick would take ~50 MB more memory.
 */
export const BULK_ROWS = 500;
const BULK_CHARS = 60_000;

const PG_TYPES: Record<ColumnType, string> = {
  text: 'text',
  int: 'integer',
  bool: 'boolean',
  datetime: 'timestamp(3)',
  json: 'jsonb',
};

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
 */
export async function bulkInsert(
  db: RawExecutor,
  provider: Provider,
  table: string,
  columns: Columns,
  conflict: string[],
  rows: readonly Record<string, unknown>[],
): Promise<number> {
  const inserter = new BulkInserter(db, provider, table, columns, conflict);
  for (const r of rows) if (inserter.add(r)) await inserter.flush();
  await inserter.flush();
  return inserter.inserted;
}

/**
 * Rows added one at a time, written a batch at a time: each row is encoded when added, so the
 * caller can drop its objects at once (a city's tick streams 50,000 tasks through this without
 * holding them). `add` is synchronous and says when the batch is full; the caller then awaits
 * `flush()` (and once more at the end). A batch is full at BULK_ROWS rows or about BULK_CHARS
 * characters.
 *
 * A column whose value is the same in every row of a batch (a day's opening instants, the tick's
 * time, a kind) is sent once as a parameter, not once per row: half of a task's fourteen columns.
 */
export class BulkInserter {
  inserted = 0;
  private readonly names: string[];
  private batch: unknown[][] = [];
  private chars = 0;

  constructor(
    private readonly db: RawExecutor,
    private readonly provider: Provider,
    private readonly table: string,
    private readonly columns: Columns,
    private readonly conflict: string[],
  ) {
    this.names = Object.keys(columns);
  }

  /**
   * Encodes a row into the batch; true when the batch is full and must be flushed before the next
   * `add`. `extra` supplies columns the row object lacks (an id, the unit, the time of writing)
   * without copying the row.
   */
  add(row: object, extra?: Record<string, unknown>): boolean {
    const r = row as Record<string, unknown>;
    const e = this.names.map((c) => encode(this.provider, this.columns[c]!, extra && c in extra ? extra[c] : r[c]));
    this.batch.push(e);
    this.chars += textSize(e);
    return this.batch.length >= BULK_ROWS || this.chars >= BULK_CHARS;
  }

  async flush(): Promise<void> {
    const batch = this.batch;
    if (!batch.length) return;
    this.batch = [];
    this.chars = 0;
    const constant = this.names.map((_, i) => batch.every((r) => r[i] === batch[0]![i]));
    const { sql, args } = (this.provider === 'sqlite' ? sqliteInsert : postgresInsert)(
      this.table,
      this.columns,
      constant,
      batch,
    );
    this.inserted += await this.db.execute(`${sql} ON CONFLICT (${quote(this.conflict)}) DO NOTHING`, args);
  }
}

/**
 * SQLite: the varying columns travel as ONE JSON parameter, an array of rows (each an array of
 * values), unpacked by `json_each`; the constants come once in a CTE (better-sqlite3 binds
 * positional `?` only, so a parameter cannot be referenced twice). One parameter instead of
 * thousands spares the Prisma client its per-parameter work, which dominated a city's 08:30 tick.
 * Json values are spliced into the text as they are and read back with `->` (their JSON text,
 * exactly as written); booleans go as 0/1.
 */
function sqliteInsert(
  table: string,
  columns: Columns,
  constant: boolean[],
  batch: unknown[][],
): { sql: string; args: unknown[] } {
  const names = Object.keys(columns);
  const args: unknown[] = [];
  const constants = names.flatMap((_, i) => (constant[i] ? [i] : []));
  const varying = names.flatMap((_, i) => (constant[i] ? [] : [i]));
  const isJson = names.map((c) => columns[c] === 'json');
  for (const i of constants) args.push(sqliteValue(batch[0]![i]));
  if (varying.length) {
    // Pieces joined once: one flat string, no rope for the driver to flatten.
    const pieces: string[] = [];
    for (const r of batch) {
      pieces.push(pieces.length ? ',[' : '[[');
      varying.forEach((i, n) => {
        const v = r[i];
        pieces.push(
          (n ? ',' : '') + (isJson[i] ? ((v as string | null) ?? 'null') : JSON.stringify(sqliteValue(v) ?? null)),
        );
      });
      pieces.push(']');
    }
    pieces.push(']');
    args.push(pieces.join(''));
  }
  const select = names.map((_, i) => {
    if (constant[i]) return `k.c${i}`;
    const n = varying.indexOf(i);
    // `->` gives a Json value's text; a JSON null stands for SQL NULL, as Prisma writes it.
    return isJson[i] ? `nullif(j.value -> ${n}, 'null')` : `j.value ->> ${n}`;
  });
  const withK = constants.length ? `WITH k AS (SELECT ${constants.map((i) => `? AS c${i}`).join(', ')}) ` : '';
  const from = [varying.length ? 'json_each(?) AS j' : '', constants.length ? 'k' : ''].filter(Boolean).join(', ');
  // `WHERE true` keeps SQLite from reading ON CONFLICT as part of the SELECT's join.
  return {
    sql: `${withK}INSERT INTO "${table}" (${quote(names)}) SELECT ${select.join(', ')} FROM ${from} WHERE true`,
    args,
  };
}

const sqliteValue = (v: unknown) => (typeof v === 'boolean' ? (v ? 1 : 0) : v);

/**
 * PostgreSQL: the varying columns travel as ONE jsonb parameter that jsonb_to_recordset types
 * column by column (Json values are spliced in as they are, not escaped into strings); constants
 * are typed parameters, sent as text.
 */
function postgresInsert(
  table: string,
  columns: Columns,
  constant: boolean[],
  batch: unknown[][],
): { sql: string; args: unknown[] } {
  const names = Object.keys(columns);
  const args: unknown[] = [null];
  const select = names.map((c, i) => {
    if (!constant[i]) return `x."${c}"`;
    const v = batch[0]![i];
    args.push(v === null || typeof v === 'string' ? v : JSON.stringify(v));
    return `$${args.length}::${PG_TYPES[columns[c]!]}`;
  });
  const varying = names.flatMap((c, i) =>
    constant[i] ? [] : [{ i, key: `${JSON.stringify(c)}:`, json: columns[c] === 'json' }],
  );
  const field = (v: unknown, json: boolean) => (json && v !== null ? (v as string) : JSON.stringify(v));
  args[0] = `[${batch.map((r) => `{${varying.map((c) => c.key + field(r[c.i], c.json)).join(',')}}`).join(',')}]`;
  const record = varying.map(({ i }) => `"${names[i]}" ${PG_TYPES[columns[names[i]!]!]}`).join(', ');
  const from = varying.length
    ? `FROM jsonb_to_recordset($1::jsonb) AS x(${record})`
    : `FROM jsonb_array_elements($1::jsonb)`;
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
  const list =
    provider === 'sqlite'
      ? 'SELECT value FROM json_each(?)'
      : `SELECT jsonb_array_elements_text($${set.length + 1}::jsonb)`;
  const sql = `UPDATE "${table}" SET ${assignments} WHERE "id" IN (${list}) AND ${where}`;
  // PostgreSQL gets text parameters and casts them itself.
  const values = set.map((s) => {
    const v = encode(provider, s.type, s.value);
    return provider === 'postgresql' && v !== null && typeof v !== 'string' ? JSON.stringify(v) : v;
  });
  let updated = 0;
  for (let i = 0; i < ids.length; i += BULK_ROWS)
    updated += await db.execute(sql, [...values, JSON.stringify(ids.slice(i, i + BULK_ROWS))]);
  return updated;
}

function textSize(e: unknown): number {
  if (typeof e === 'string') return e.length;
  if (Array.isArray(e)) return e.reduce((n: number, v) => n + (typeof v === 'string' ? v.length : 8), 0);
  return 8;
}
