/**
 * Keeps sends within Feishu's limits before the platform has to refuse them: 50/s and 1000/min per
 * app, 5/s per receiver (platforms.md A3), with a margin. Callers await `take(receiver)`.
 */
export interface Limits {
  perSecond: number;
  perMinute: number;
  perReceiverPerSecond: number;
}

export class RateLimiter {
  private readonly sent: number[] = [];
  private readonly byReceiver = new Map<string, number[]>();

  constructor(
    private readonly limits: Limits,
    private readonly now: () => number,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
  ) {}

  /** Waits until a send to `receiver` fits all windows, then records it. */
  async take(receiver: string): Promise<void> {
    for (;;) {
      const wait = this.waitMs(receiver);
      if (wait <= 0) break;
      await this.sleep(wait);
    }
    const t = this.now();
    this.sent.push(t);
    const r = this.byReceiver.get(receiver) ?? [];
    r.push(t);
    this.byReceiver.set(receiver, r);
  }

  private waitMs(receiver: string): number {
    const t = this.now();
    prune(this.sent, t - 60_000);
    const r = this.byReceiver.get(receiver) ?? [];
    prune(r, t - 1000);
    if (r.length === 0) this.byReceiver.delete(receiver);
    const lastSecond = this.sent.filter((x) => x > t - 1000);
    const waits = [
      lastSecond.length >= this.limits.perSecond
        ? lastSecond[lastSecond.length - this.limits.perSecond]! + 1000 - t
        : 0,
      this.sent.length >= this.limits.perMinute ? this.sent[this.sent.length - this.limits.perMinute]! + 60_000 - t : 0,
      r.length >= this.limits.perReceiverPerSecond ? r[r.length - this.limits.perReceiverPerSecond]! + 1000 - t : 0,
    ];
    return Math.max(...waits);
  }
}

function prune(list: number[], before: number): void {
  while (list.length && list[0]! <= before) list.shift();
}
