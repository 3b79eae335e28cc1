/**
 * The engine's hot path talks to the database driver directly: the same connection (SQLite) or
 * pool (PostgreSQL) that the Prisma client uses, through Prisma's public driver-adapter interface.
 *
 * Why: a city's 08:30 tick writes ~50,000 tasks and reads ~50,000 devices. Through the Prisma
 * client, every raw statement's parameters are serialised to JSON and parsed back, and every row
 * read becomes several intermediate objects; that was most of the tick's memory churn. Here a
 * statement goes straight to the driver, and rows come back as plain arrays.
 *
 * Transactions follow the protocol the Prisma client itself uses: `startTransaction` (which takes
 * the SQLite adapter's lock, so a driver transaction and a Prisma transaction never interleave;
 * on PostgreSQL it holds one pooled connection), then COMMIT or ROLLBACK sent as a statement
 * unless the adapter handles it itself (`usePhantomQuery`), then `commit()`/`rollback()` to
 * release the lock or the connection.
 */
import type { ArgType, SqlDriverAdapter, SqlDriverAdapterFactory, SqlQueryable } from '@prisma/driver-adapter-utils';

/**
 * Wraps a driver adapter factory to keep hold of the adapter Prisma connects with. Prisma calls
 * `connect()` on its first query (and again after a disconnect): the latest adapter is the live one.
 */
export class CapturingAdapterFactory implements SqlDriverAdapterFactory {
  readonly provider: SqlDriverAdapterFactory['provider'];
  readonly adapterName: string;
  private current: Promise<SqlDriverAdapter> | null = null;

  constructor(private readonly inner: SqlDriverAdapterFactory) {
    this.provider = inner.provider;
    this.adapterName = inner.adapterName;
  }

  connect(): Promise<SqlDriverAdapter> {
    const connecting: Promise<SqlDriverAdapter> = this.inner.connect().then((adapter) => {
      // When Prisma lets this connection go ($disconnect), forget it: the next use reconnects.
      const dispose = adapter.dispose.bind(adapter);
      adapter.dispose = () => {
        if (this.current === connecting) this.current = null;
        return dispose();
      };
      return adapter;
    });
    this.current = connecting;
    return connecting;
  }

  /** The adapter Prisma is using, or null before its first connection. */
  connected(): Promise<SqlDriverAdapter> | null {
    return this.current;
  }
}

/** Something statements can run on: the adapter itself, or a transaction of it. */
export interface DriverQueryable {
  /** Rows as arrays of column values, in the order of the SELECT list. */
  query(sql: string, args?: readonly unknown[]): Promise<unknown[][]>;
  /** The number of rows changed. */
  execute(sql: string, args?: readonly unknown[]): Promise<number>;
}

export interface Driver extends DriverQueryable {
  /** Runs `fn` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: DriverQueryable) => Promise<T>): Promise<T>;
}

// Every parameter the engine sends is text, a number, a boolean or null.
function argType(v: unknown): ArgType {
  if (typeof v === 'number') return { scalarType: Number.isInteger(v) ? 'int' : 'float', arity: 'scalar' };
  if (typeof v === 'boolean') return { scalarType: 'boolean', arity: 'scalar' };
  return { scalarType: 'string', arity: 'scalar' };
}

function queryable(q: SqlQueryable): DriverQueryable {
  const statement = (sql: string, args: readonly unknown[]) => ({ sql, args: [...args], argTypes: args.map(argType) });
  return {
    query: async (sql, args = []) => (await q.queryRaw(statement(sql, args))).rows,
    execute: (sql, args = []) => q.executeRaw(statement(sql, args)),
  };
}

/** A Driver over the adapter Prisma connected with (connecting first through `ensureConnected`). */
export function driverOf(factory: CapturingAdapterFactory, ensureConnected: () => Promise<void>): Driver {
  const adapter = async (): Promise<SqlDriverAdapter> => {
    if (!factory.connected()) await ensureConnected();
    const a = factory.connected();
    if (!a) throw new Error('the database driver is not connected');
    return a;
  };
  const control = (sql: string) => ({ sql, args: [], argTypes: [] });
  return {
    query: async (sql, args) => queryable(await adapter()).query(sql, args),
    execute: async (sql, args) => queryable(await adapter()).execute(sql, args),
    async transaction<T>(fn: (tx: DriverQueryable) => Promise<T>): Promise<T> {
      const tx = await (await adapter()).startTransaction();
      let result: T;
      try {
        result = await fn(queryable(tx));
      } catch (e) {
        try {
          if (!tx.options.usePhantomQuery) await tx.executeRaw(control('ROLLBACK'));
        } catch {
          // The error that made us roll back is the one worth reporting.
        } finally {
          await tx.rollback();
        }
        throw e;
      }
      if (tx.options.usePhantomQuery) await tx.commit();
      else {
        try {
          await tx.executeRaw(control('COMMIT'));
        } catch (e) {
          await tx.rollback();
          throw e;
        }
        await tx.commit();
      }
      return result;
    },
  };
}
