/**
 * Counts the statements the process sends to its database, Prisma's and the engine's driver
 * statements alike (both go through the driver adapter's queryRaw/executeRaw): the dispatch steps
 * report queries per message with it. The adapters' shared Queryable class is patched once (a
 * benchmark's own instrumentation, never loaded by the service).
 */
import { performance } from 'node:perf_hooks';
import type { Provider } from '../src/adapters/store/db.js';

let statements = 0;
/**
 * BENCH_SQL_TIMES: time spent per statement text: until its promise settles (PostgreSQL's pool wait
 * included) and in the call itself (SQLite's driver runs the statement there, synchronously).
 */
const timed = process.env.BENCH_SQL_TIMES ? new Map<string, { n: number; ms: number; syncMs: number }>() : null;

/** The statements that took longest since the last call (BENCH_SQL_TIMES), and forgets them. */
export function statementTimes(top = 12): string {
  if (!timed) return '';
  const rows = [...timed].sort((a, b) => b[1].ms + b[1].syncMs - a[1].ms - a[1].syncMs).slice(0, top);
  timed.clear();
  const ms = (x: number) => x.toFixed(0).padStart(7);
  return rows
    .map(([sql, t]) => `${ms(t.ms)} ms ${ms(t.syncMs)} ms in call ${String(t.n).padStart(6)}× ${sql}`)
    .join('\n');
}
const PATCHED = Symbol.for('safeduty.bench.countQueries');

type Queryable = Record<'queryRaw' | 'executeRaw', (...args: unknown[]) => Promise<unknown>> & { [PATCHED]?: true };

function patch(adapter: object): void {
  let owner = Object.getPrototypeOf(adapter) as Queryable | null;
  while (owner && !Object.hasOwn(owner, 'queryRaw')) owner = Object.getPrototypeOf(owner) as Queryable | null;
  if (!owner || owner[PATCHED]) return;
  for (const name of ['queryRaw', 'executeRaw'] as const) {
    const inner = owner[name];
    owner[name] = function (this: unknown, ...args: unknown[]) {
      statements++;
      if (!timed) return inner.apply(this, args);
      const sql = String((args[0] as { sql?: string }).sql ?? '')
        .replace(/\s+/g, ' ')
        .slice(0, 110);
      const t0 = performance.now();
      const t = timed.get(sql) ?? { n: 0, ms: 0, syncMs: 0 };
      timed.set(sql, t);
      const done = () => {
        t.n++;
        t.ms += performance.now() - t0;
      };
      const r = inner.apply(this, args);
      t.syncMs += performance.now() - t0;
      r.then(done, done);
      return r;
    };
  }
  owner[PATCHED] = true;
}

/** Starts counting: connects a throwaway adapter of the provider's kind to reach its class. */
export async function countStatements(provider: Provider, url: string): Promise<() => number> {
  if (provider === 'sqlite') {
    const { PrismaBetterSqlite3 } = await import('@prisma/adapter-better-sqlite3');
    const adapter = await new PrismaBetterSqlite3({ url: ':memory:' }).connect();
    patch(adapter);
    await adapter.dispose();
  } else {
    const { PrismaPg } = await import('@prisma/adapter-pg');
    const adapter = await new PrismaPg({ connectionString: url, max: 1 }).connect();
    patch(adapter);
    await adapter.dispose();
  }
  return () => statements;
}
