/**
 * /readyz turns NOT ready when the instance does not do its work, as an operator would break it: the
 * ticks fail every time (a table the planner needs is gone) while the database still answers `SELECT 1`,
 * and the Feishu send API answers 500 for 20 minutes, so every card waits in back-off between
 * attempts. Both come back to ready once repaired. The real service and SDK against the Feishu emulator.
 */
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, type FeishuHarness, feishuHarness } from '../helpers/feishu-service.js';

type Ready = { ok: boolean; checks: Record<string, { ok: boolean; detail: string }> };

describe('readiness when the work does not get done', () => {
  let h: FeishuHarness;
  let db: Database.Database;
  const ready = async (): Promise<{ status: number; body: Ready }> => {
    const r = await fetch(`http://127.0.0.1:${h.service.port}/readyz`);
    return { status: r.status, body: (await r.json()) as Ready };
  };
  /** Polls /readyz until `check` holds. */
  const readyUntil = async (check: (r: { status: number; body: Ready }) => boolean): Promise<Ready> => {
    const until = Date.now() + 15_000;
    for (;;) {
      const r = await ready();
      if (check(r)) return r.body;
      if (Date.now() > until) throw new Error(`readyz stayed ${JSON.stringify(r.body)}`);
      await new Promise((res) => setTimeout(res, 50));
    }
  };
  const messages = () =>
    db.prepare(`SELECT state, attempts, purpose FROM Message ORDER BY createdAt`).all() as {
      state: string;
      attempts: number;
      purpose: string;
    }[];

  beforeAll(async () => {
    h = await feishuHarness({ start: '2026-12-01T08:29:30+08:00' });
    db = new Database(h.dbUrl.slice('file:'.length), { timeout: 15_000 });
    await eventually(() => messages().length > 0 && messages().every((m) => m.state === 'sent'));
  }, 60_000);
  afterAll(async () => {
    db?.close();
    await h?.close();
  });

  it('is ready while the ticks succeed', async () => {
    const r = await readyUntil((x) => x.status === 200);
    expect(r.checks.tick?.ok).toBe(true);
  });

  it('ticks that fail every time make it not ready, with the cause, while the database still answers', async () => {
    db.exec('ALTER TABLE "Lease" RENAME TO "Lease_gone"');
    try {
      const r = await readyUntil((x) => x.status === 503);
      expect(r.checks.database).toEqual({ ok: true, detail: '可用' });
      expect(r.checks.tick?.ok).toBe(false);
      expect(r.checks.tick?.detail).toMatch(
        /^最近 \d+ 次 tick 都失败了（数据库尚未建好表结构.*请查看日志中的 tick failed$/,
      );
    } finally {
      db.exec('ALTER TABLE "Lease_gone" RENAME TO "Lease"');
    }
    expect((await readyUntil((x) => x.status === 200)).checks.tick?.ok).toBe(true);
  });

  it('cards failing for 20 minutes (waiting in back-off between attempts) make it not ready', async () => {
    h.emu.injectFaults({ api: 'send', serverError: 100_000 });
    h.clock.set('2026-12-01T08:30:05+08:00'); // the daily cards are due and fail
    await eventually(() => messages().some((m) => m.purpose === 'prompt' && m.state === 'failed'));
    // Still young: ready, and the check says how many wait for another attempt.
    expect((await readyUntil((x) => x.status === 200)).checks.outbox?.detail).toMatch(/发送失败，等待重试/);
    h.clock.set('2026-12-01T08:50:05+08:00'); // retried, failed again: the next attempt is minutes away
    await eventually(() =>
      messages()
        .filter((m) => m.state === 'failed')
        .every((m) => m.attempts >= 2),
    );
    const r = await readyUntil((x) => x.status === 503);
    expect(r.checks.outbox?.ok).toBe(false);
    expect(r.checks.outbox?.detail).toMatch(
      /^\d+ 条消息待发送（其中 \d+ 条发送失败，等待重试），最早一条已等待 20 分钟/,
    );
    const metrics = await (await fetch(`http://127.0.0.1:${h.service.port}/metrics`)).text();
    expect(Number(/^safeduty_outbox_due_oldest_seconds (\S+)$/m.exec(metrics)?.[1])).toBeGreaterThan(15 * 60);
    // The channel is back: the next attempts deliver and the instance is ready again.
    h.emu.clearFaults();
    h.clock.set('2026-12-01T09:00:00+08:00');
    await readyUntil((x) => x.status === 200 && x.body.checks.outbox?.detail === '无积压');
  });
});
