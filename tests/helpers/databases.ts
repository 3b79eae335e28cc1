/**
 * Fresh, migrated databases for store tests: a SQLite file per test database, and, when TEST_PG_URL
 * points at a PostgreSQL server (as in .ci/run), a new PostgreSQL database per test database.
 */
import path from 'node:path';
import pg from 'pg';
import { migrateDatabase } from '../../src/adapters/store/migrations.js';
import { PrismaStore } from '../../src/adapters/store/prisma-store.js';
import { tmpDir } from './tmp.js';

export interface TestDatabase {
  provider: 'sqlite' | 'postgresql';
  url: string;
  drop(): Promise<void>;
}

export const TEST_PG_URL = process.env.TEST_PG_URL;

export const PROVIDERS: ('sqlite' | 'postgresql')[] = TEST_PG_URL ? ['sqlite', 'postgresql'] : ['sqlite'];

let counter = 0;

/** `migrate: false`: an empty database, as an operator creates it before the first start. */
export async function freshDatabase(
  provider: 'sqlite' | 'postgresql',
  opts: { migrate?: boolean } = {},
): Promise<TestDatabase> {
  if (provider === 'sqlite') {
    const url = `file:${path.join(tmpDir('db'), 'test.db')}`;
    await migrateDatabase(url);
    return { provider, url, drop: async () => {} };
  }
  const base = new URL(TEST_PG_URL!);
  const name = `sd_test_${process.pid}_${Date.now().toString(36)}_${counter++}`;
  const admin = new pg.Client({ connectionString: TEST_PG_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(base.href);
  url.pathname = `/${name}`;
  if (opts.migrate !== false) await migrateDatabase(url.href);
  return {
    provider,
    url: url.href,
    async drop() {
      const c = new pg.Client({ connectionString: TEST_PG_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await c.end();
    },
  };
}

/** A fresh database opened as the store with one unit `u1` (Asia/Urumqi), for store tests; `close` drops it. */
export async function storeWithUnit(
  provider: 'sqlite' | 'postgresql',
): Promise<{ store: PrismaStore; close(): Promise<void> }> {
  const db = await freshDatabase(provider);
  const store = await PrismaStore.open(db.url);
  await store.db.unit.create({
    data: {
      id: 'u1',
      key: 'u1',
      name: '万家物业',
      creditCode: '91120000MA05TEST01',
      kind: 'property',
      timeZone: 'Asia/Urumqi',
    },
  });
  return {
    store,
    async close() {
      await store.close();
      await db.drop();
    },
  };
}
