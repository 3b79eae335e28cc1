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
  /** milliseconds since the last tick finished (null: none yet) and whether one is running, for how long */
  tickAge(): { sinceLastMs: number | null; runningForMs: number | null };
  /** how long a tick may be absent before the instance is not ready */
  maxTickAgeMs: number;
  /** messages due and not delivered: how many, and the age of the oldest (ms) */
  backlog(): Promise<{ due: number; oldestMs: number | null }>;
  /** how long the oldest due message may wait before the outbox counts as stuck */
  maxBacklogAgeMs: number;
}

/** A tick running longer than this counts as stuck. */
const MAX_TICK_RUN_MS = 10 * 60_000;

const minutes = (ms: number) => (ms < 60_000 ? `${Math.round(ms / 1000)} 秒` : `${Math.round(ms / 60_000)} 分钟`);

export async function readiness(
  src: ReadinessSources,
): Promise<{ ok: boolean; checks: Record<string, ReadinessCheck> }> {
  const checks: Record<string, ReadinessCheck> = {};
  try {
    await src.ping();
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
  else if (t.sinceLastMs === null) checks.tick = { ok: false, detail: '尚未完成第一次 tick（启动中）' };
  else if (t.sinceLastMs > src.maxTickAgeMs && t.runningForMs === null)
    checks.tick = { ok: false, detail: `已 ${minutes(t.sinceLastMs)}没有完成 tick：请查看日志中的 tick failed` };
  else checks.tick = { ok: true, detail: `${minutes(t.sinceLastMs)}前完成` };
  if (checks.database.ok) {
    const b = await src.backlog();
    const stuck = b.oldestMs !== null && b.oldestMs > src.maxBacklogAgeMs;
    checks.outbox = stuck
      ? {
          ok: false,
          detail: `${b.due} 条消息待发送，最早一条已等待 ${minutes(b.oldestMs!)}：请检查消息渠道（safeduty outbox list 查看失败消息）`,
        }
      : { ok: true, detail: b.due ? `${b.due} 条待发送` : '无积压' };
  }
  return { ok: Object.values(checks).every((c) => c.ok), checks };
}
