/** A fresh database for one benchmark run: a SQLite file in a temporary folder, or a new PostgreSQL database on the server given. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';

export interface BenchDatabase {
  url: string;
  drop(): Promise<void>;
}

let made = 0;

export async function createDatabase(provider: 'sqlite' | 'postgresql', pgUrl?: string): Promise<BenchDatabase> {
  if (provider === 'sqlite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'safeduty-bench-'));
    return {
      url: `file:${path.join(dir, 'bench.db')}`,
      drop: async () => fs.rmSync(dir, { recursive: true, force: true }),
    };
  }
  if (!pgUrl) throw new Error('PostgreSQL needs BENCH_PG_URL (or TEST_PG_URL)');
  const name = `sd_bench_${process.pid}_${Math.floor(performance.timeOrigin).toString(36)}_${made++}`;
  const admin = async (sql: string) => {
    const c = new pg.Client({ connectionString: pgUrl });
    await c.connect();
    try {
      await c.query(sql);
    } finally {
      await c.end();
    }
  };
  await admin(`CREATE DATABASE "${name}"`);
  const url = new URL(pgUrl);
  url.pathname = `/${name}`;
  return { url: url.href, drop: () => admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`) };
}
