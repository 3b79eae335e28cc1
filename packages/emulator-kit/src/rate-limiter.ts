/**
 * Fixed-window rate counting on an injected clock, shared by the emulators. Windows are aligned to
 * multiples of their length (Feishu's per-second / per-minute gateway windows, Telegram's per-chat,
 * per-group and overall flood windows), so a fake clock gives exact, reproducible results and the
 * time left in the refusing window is what the client is told to wait (`x-ogw-ratelimit-reset`,
 * `retry_after`).
 */

export interface LimitRule {
  key: string;
  limit: number;
  windowMs: number;
}

export interface LimitVerdict {
  ok: boolean;
  /** the rule that refused (when not ok) */
  rule?: LimitRule;
  /** whole seconds until the refusing window ends (≥ 1) */
  resetSec: number;
}

interface Window {
  start: number;
  count: number;
}

export class RateLimiter {
  private readonly windows = new Map<string, Window>();

  constructor(private readonly now: () => number) {}

  /**
   * Takes one unit from every rule, or from none when any rule is exhausted: a refused request
   * does not consume quota, so a client that honours the reset header gets through afterwards.
   */
  take(rules: readonly LimitRule[]): LimitVerdict {
    const t = this.now();
    const current = rules.map((rule) => ({ rule, window: this.windowFor(rule, t) }));
    for (const { rule, window } of current) {
      if (window.count >= rule.limit) {
        return { ok: false, rule, resetSec: Math.max(1, Math.ceil((window.start + rule.windowMs - t) / 1000)) };
      }
    }
    for (const { window } of current) window.count += 1;
    return { ok: true, resetSec: 0 };
  }

  clear(): void {
    this.windows.clear();
  }

  private windowFor(rule: LimitRule, t: number): Window {
    const start = Math.floor(t / rule.windowMs) * rule.windowMs;
    const id = `${rule.windowMs}:${rule.key}`;
    const existing = this.windows.get(id);
    if (existing && existing.start === start) return existing;
    if (this.windows.size > 10_000) this.pruneBefore(t - 60_000);
    const fresh = { start, count: 0 };
    this.windows.set(id, fresh);
    return fresh;
  }

  private pruneBefore(t: number): void {
    for (const [id, w] of this.windows) if (w.start < t) this.windows.delete(id);
  }
}
