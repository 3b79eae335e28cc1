/** /readyz's judgement: each check says what it saw; any failing one makes the instance not ready. */
import { describe, expect, it } from 'vitest';
import { CHECK_TIMEOUT_MS, type ReadinessSources, readiness } from '../../src/http/readiness.js';

const healthy: ReadinessSources = {
  ping: async () => {},
  channels: { feishu: () => ({ ok: true, state: 'ready' }) },
  tickAge: () => ({ sinceLastMs: 20_000, runningForMs: null }),
  maxTickAgeMs: 180_000,
  backlog: async () => ({ due: 3, oldestMs: 2_000 }),
  maxBacklogAgeMs: 900_000,
};

describe('readiness', () => {
  it(
    'is ready when the database answers, channels are connected, ' + 'a tick finished lately and the outbox moves',
    async () => {
      expect(await readiness(healthy)).toEqual({
        ok: true,
        checks: {
          database: { ok: true, detail: '可用' },
          'channel:feishu': { ok: true, detail: 'ready' },
          tick: { ok: true, detail: '20 秒前完成' },
          outbox: { ok: true, detail: '3 条待发送' },
        },
      });
    },
  );

  it('names every reason it is not ready, in Chinese with what to do', async () => {
    const r = await readiness({
      ...healthy,
      channels: { feishu: () => ({ ok: false, state: 'reconnecting', detail: '飞书长连接已断开，正在重连' }) },
      tickAge: () => ({ sinceLastMs: 400_000, runningForMs: null }),
      backlog: async () => ({ due: 1200, oldestMs: 1_800_000 }),
    });
    expect(r.ok).toBe(false);
    expect(r.checks['channel:feishu']).toEqual({ ok: false, detail: '飞书长连接已断开，正在重连' });
    expect(r.checks.tick).toEqual({ ok: false, detail: '已 7 分钟没有成功完成 tick：请查看日志中的 tick failed' });
    expect(r.checks.outbox).toEqual({
      ok: false,
      detail:
        '1200 条消息待发送，最早一条已等待 30 分钟：请检查消息渠道和日志中的 message delivery failed' +
        '（safeduty outbox list 查看已放弃的消息）',
    });
    expect(r.checks.database?.ok).toBe(true);
  });

  it('a database that does not answer is not ready, and the outbox is not asked', async () => {
    let asked = false;
    const r = await readiness({
      ...healthy,
      ping: async () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:5432')),
      backlog: async () => {
        asked = true;
        return { due: 0, oldestMs: null };
      },
    });
    expect(r).toMatchObject({
      ok: false,
      checks: {
        database: {
          ok: false,
          detail: '数据库不可用（connect ECONNREFUSED 127.0.0.1:5432）：请检查数据库服务和 DATABASE_URL',
        },
      },
    });
    expect(asked).toBe(false);
  });

  it('ticks failing in a row are not ready whenever the last success was, and say why', async () => {
    const failing = (failures: number) =>
      readiness({
        ...healthy,
        tickAge: () => ({ sinceLastMs: 20_000, runningForMs: null, failures, lastError: '数据库尚未建好表结构' }),
      });
    expect((await failing(2)).checks.tick?.ok).toBe(true);
    expect((await failing(3)).checks.tick).toEqual({
      ok: false,
      detail: '最近 3 次 tick 都失败了（数据库尚未建好表结构）：请查看日志中的 tick failed',
    });
  });

  it('a database that never answers is not ready within the check timeout, not hung', async () => {
    const r = await readiness({ ...healthy, ping: () => new Promise<void>(() => {}) });
    expect(r.checks.database).toEqual({
      ok: false,
      detail: `数据库不可用（${CHECK_TIMEOUT_MS / 1000} 秒内没有应答）：请检查数据库服务和 DATABASE_URL`,
    });
  }, 10_000);

  it(
    'a tick still running is fine for a while, stuck after ten minutes; ' + 'none finished yet is starting up',
    async () => {
      expect(
        (await readiness({ ...healthy, tickAge: () => ({ sinceLastMs: 400_000, runningForMs: 90_000 }) })).checks.tick
          ?.ok,
      ).toBe(true);
      expect(
        (await readiness({ ...healthy, tickAge: () => ({ sinceLastMs: 900_000, runningForMs: 700_000 }) })).checks.tick,
      ).toEqual({ ok: false, detail: '本次 tick 已运行 12 分钟，可能卡住：请查看日志' });
      expect(
        (await readiness({ ...healthy, tickAge: () => ({ sinceLastMs: null, runningForMs: 1_000 }) })).checks.tick,
      ).toEqual({ ok: false, detail: '尚未完成第一次 tick（启动中）' });
    },
  );
});
