/** `safeduty doctor` lists who the channels cannot reach, and what to change, one line each. */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PrismaStore } from '../../src/adapters/store/prisma-store.js';
import { tmpDir } from '../helpers/tmp.js';

const BIN = path.resolve('bin/safeduty.mjs');

function run(cwd: string, args: string[]): Promise<{ code: number; out: string }> {
  const env: Record<string, string | undefined> = { ...process.env, LOG_LEVEL: 'silent' };
  delete env.DATABASE_URL;
  delete env.SAFEDUTY_CONFIG;
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env, timeout: 120_000 }, (e, out) =>
      resolve({ code: e ? Number((e as { code?: number }).code ?? 1) : 0, out }),
    );
  });
}

describe('doctor and unreachable people', () => {
  it('names each person the bot cannot reach, why, and since when; fails until it is fixed', async () => {
    const dir = tmpDir('doctor-unreachable');
    fs.cpSync('config', path.join(dir, 'config'), { recursive: true });
    expect((await run(dir, ['db', 'migrate'])).code).toBe(0);
    const store = await PrismaStore.open(`file:${path.join(dir, 'data', 'safeduty.db')}`);
    try {
      const person = await store.db.person.create({ data: { name: '张三', mobile: '13800000003' } });
      await store.markUnreachable(
        {
          channel: 'feishu',
          unitId: 'u1',
          personId: person.id,
          chatId: null,
          cause: 'out_of_scope',
          code: '230013',
          detail:
            '张三 无法收到飞书消息（230013）：不在飞书应用的可用范围内（或已离职）：请管理员在开发者后台「版本管理与发布」把此人加入可用范围并发布新版本',
        },
        new Date('2026-12-01T00:30:00Z'),
      );
    } finally {
      await store.close();
    }
    const r = await run(dir, ['doctor']);
    expect(r.out).toMatch(
      /✗ 无法送达（u1）：张三 无法收到飞书消息（230013）：不在飞书应用的可用范围内.*（feishu 230013，自 2026-12-01 00:30 UTC 起 1 次）/,
    );
    expect(r.code).toBe(1);
  }, 240_000);
});
