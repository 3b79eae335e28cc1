/**
 * /readyz: is this instance doing its work? The database answers, each channel is connected, a tick
 * finished recently, and the outbox is not stuck (the oldest message due has not waited long). Each
 * check says what it saw; any failing one makes the answer 503 with the reasons in Chinese.
 */
import type { ChannelHealth } from '../app/metrics.js';

export interface ReadinessCheck {
  ok: boolean;
  /** what was seen, in Chinese when something is wrong */
  detail: string;
}

export interface ReadinessSources {
  ping(): Promise<void>;
  /** one per channel: its connection state */
  channels: Record<string, () => ChannelHealth>;
  /**
   * milliseconds since the last tick succeeded (null: none yet), whether one is running and for how long, and
   * how many ticks in a row failed since (with the last failure, said for the operator)
   */
  tickAge(): { sinceLastMs: number | null; runningForMs: number | null; failures?: number; lastError?: string };
  /** how long a tick may be absent before the instance is not ready */
  maxTickAgeMs: number;
  /**
   * messages due and not delivered: how many (of which `retrying` failed and wait for another attempt), and
   * how long the oldest has waited since it was due (ms)
   */
  backlog(): Promise<{ due: number; retrying?: number; oldestMs: number | null }>;
  /** how long the oldest due message may wait before the outbox counts as stuck */
  maxBacklogAgeMs: number;
}

/** A tick running longer than this counts as stuck. */
const MAX_TICK_RUN_MS = 10 * 60_000;
/** Ticks failing in a row (one a minute) before the instance is not ready, whenever the last success was. */
export const MAX_TICK_FAILURES = 3;
/** A database that has not answered the check within this is not ready (a hung connection must not hang /readyz). */
export const CHECK_TIMEOUT_MS = 5_000;

/** `p`, or a rejection saying it did not answer within `ms` (the timer never keeps the process up). */
function within<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${ms / 1000} 秒内没有应答`)), ms);
    timer.unref?.();
  });
  return Promise.race([p, late]).finally(() => clearTimeout(timer));
}

const minutes = (ms: number) => (ms < 60_000 ? `${Math.round(ms / 1000)} 秒` : `${Math.round(ms / 60_000)} 分钟`);

export async function readiness(
  src: ReadinessSources,
): Promise<{ ok: boolean; checks: Record<string, ReadinessCheck> }> {
  const checks: Record<string, ReadinessCheck> = {};
  try {
    await within(src.ping(), CHECK_TIMEOUT_MS);
    checks.database = { ok: true, detail: '可用' };
  } catch (e) {
    checks.database = {
      ok: false,
      detail: `数据库不可用（${(e as Error).message.split('\n')[0]}）：请检查数据库服务和 DATABASE_URL`,
    };
  }
  for (const [name, health] of Object.entries(src.channels)) {
    const h = health();
    checks[`channel:${name}`] = { ok: h.ok, detail: h.detail ?? h.state };
  }
  const t = src.tickAge();
  if (t.runningForMs !== null && t.runningForMs > MAX_TICK_RUN_MS)
    checks.tick = { ok: false, detail: `本次 tick 已运行 ${minutes(t.runningForMs)}，可能卡住：请查看日志` };
  else if ((t.failures ?? 0) >= MAX_TICK_FAILURES)
    checks.tick = {
      ok: false,
      detail: `最近 ${t.failures} 次 tick 都失败了（${t.lastError ?? '原因见日志'}）：请查看日志中的 tick failed`,
    };
  else if (t.sinceLastMs === null) checks.tick = { ok: false, detail: '尚未完成第一次 tick（启动中）' };
  else if (t.sinceLastMs > src.maxTickAgeMs && t.runningForMs === null)
    checks.tick = {
      ok: false,
      detail:
        `已 ${minutes(t.sinceLastMs)}没有成功完成 tick${t.lastError ? `（最近一次失败：${t.lastError}）` : ''}` +
        '：请查看日志中的 tick failed',
    };
  else checks.tick = { ok: true, detail: `${minutes(t.sinceLastMs)}前完成` };
  if (checks.database.ok) {
    try {
      const b = await within(src.backlog(), CHECK_TIMEOUT_MS);
      const stuck = b.oldestMs !== null && b.oldestMs > src.maxBacklogAgeMs;
      const retrying = b.retrying ? `（其中 ${b.retrying} 条发送失败，等待重试）` : '';
      checks.outbox = stuck
        ? {
            ok: false,
            detail:
              `${b.due} 条消息待发送${retrying}，最早一条已等待 ${minutes(b.oldestMs!)}：请检查消息渠道和日志中的 ` +
              'message delivery failed（safeduty outbox list 查看已放弃的消息）',
          }
        : { ok: true, detail: b.due ? `${b.due} 条待发送${retrying}` : '无积压' };
    } catch (e) {
      checks.outbox = {
        ok: false,
        detail: `读不到待发送的消息（${(e as Error).message.split('\n')[0]}）：请检查数据库`,
      };
    }
  }
  return { ok: Object.values(checks).every((c) => c.ok), checks };
}
