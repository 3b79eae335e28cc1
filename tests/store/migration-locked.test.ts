/**
 * A second SafeDuty on the same SQLite file is told plainly that the file is in use, not that a server is unreachable.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrateDatabase } from '../../src/adapters/store/migrations.js';

describe('migrating a SQLite file another process holds', () => {
  it('says the file is in use and what to do', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'safeduty-locked-'));
    const file = path.join(dir, 'x.db');
    const holder = new Database(file);
    holder.pragma('journal_mode = WAL');
    holder.exec('CREATE TABLE t (x)');
    holder.exec('BEGIN EXCLUSIVE');
    try {
      const started = Date.now();
      const err = await migrateDatabase(`file:${file}`).catch((e: unknown) => e as Error);
      expect(err).toBeInstanceOf(Error);
      expect((err as Error).message).toContain('数据库迁移未完成');
      expect((err as Error).message).toContain('请先停止服务，运行 safeduty db migrate');
      expect((err as Error).message).not.toMatch(/[A-Za-z]{4,} [a-z]{3,} [a-z]{3,}/); // no English sentence
      expect((err as Error).message).not.toContain('pg-up');
      expect(Date.now() - started).toBeLessThan(60_000);
    } finally {
      holder.exec('ROLLBACK');
      holder.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 90_000);
});
