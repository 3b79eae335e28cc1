/**
 * Counts the statements the process sends to its database, Prisma's and the engine's driver
 * statements alike (both go through the driver adapter's queryRaw/executeRaw): the dispatch steps
 * report queries per message with it. The adapters' shared Queryable class is patched once (a
 * benchmark's own instrumentation, never loaded by the service).
 */
import type { Provider } from '../src/adapters/store/db.js';

let statements = 0;
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
      return inner.apply(this, args);
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
