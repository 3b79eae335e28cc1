/**
 * A platform's send budget shared by every instance on the database: each send reserves a slot
 * common to the app and its receiver (OutboxStore.reserveSendSlot), so the sends through one app are at
 * least the app's interval apart and those to one receiver at least the receiver's interval apart,
 * whichever instance makes them. Slots are evenly spaced, so no window of any alignment holds more
 * than the platform allows.
 */
import type { OutboxStore, SendLimiter, SlotKey } from './ports.js';

export interface SendRates {
  /** least time between two sends through the app, on average */
  appIntervalMs: number;
  /** how far the app may run ahead of that pace (a short burst) */
  appBurstMs: number;
  /** least time between two sends to one user or chat, on average */
  receiverIntervalMs: number;
  receiverBurstMs: number;
}

/**
 * The slot common to `keys` (a generic cell rate algorithm per key): `next[i]` is key i's
 * theoretical next instant (undefined: never used). The slot is the earliest instant ≥ now at which
 * no key runs more than its burst ahead of its pace; each key's next instant then moves on by its
 * interval. Any window of length W then holds at most (W + burst) / interval sends through a key.
 * A hold key (a platform's 429) keeps the slot at or after its instant and is not moved on.
 */
export function nextSlot(
  keys: readonly SlotKey[],
  next: readonly (number | undefined)[],
  now: number,
): { slot: number; next: number[] } {
  const slot = Math.max(now, ...keys.map((k, i) => (next[i] ?? now) - (k.burstMs ?? 0)));
  // a hold only delays the slot: it stays where the platform put it
  return { slot, next: keys.map((k, i) => (k.hold ? (next[i] ?? 0) : Math.max(next[i] ?? slot, slot) + k.intervalMs)) };
}

/**
 * Feishu, message.create: “1000 次/分钟、50 次/秒” per app (频控策略: “请求速率达到任意上限（QPS 或 QPM）
 * 都会触发限流”, https://open.feishu.cn/document/server-docs/api-call-guide/frequency-control), and
 * 5 QPS to one user or one group (发送消息, https://open.feishu.cn/document/server-docs/im-v1/message/create;
 * platforms.md A3). The minute limit is the binding one: 62 ms apart with a burst of 20 is at most
 * 967 + 20 = 987 in any minute and 16 + 20 = 36 in any second; to one receiver 250 ms apart is 4
 * in any second (one short of the limit: a late send may arrive beside the next one).
 */
export const FEISHU_SEND_RATES: SendRates = {
  appIntervalMs: 62,
  appBurstMs: 20 * 62,
  receiverIntervalMs: 250,
  receiverBurstMs: 0,
};

/**
 * Telegram: about 30 messages a second overall and one a second to one chat
 * (https://core.telegram.org/bots/faq#my-bot-is-hitting-limits-how-do-i-avoid-this).
 */
export const TELEGRAM_SEND_RATES: SendRates = {
  appIntervalMs: 35,
  appBurstMs: 0,
  receiverIntervalMs: 1050,
  receiverBurstMs: 0,
};

/**
 * The budget of one platform app, shared through the database. A rate-limit refusal (Feishu's
 * gateway 429 / 99991400 is per app: 频控策略, “应用维度”,
 * https://open.feishu.cn/document/server-docs/api-call-guide/frequency-control) holds every send
 * of the app — or to the receiver it names — for the wait the platform named, in every instance:
 * the hold is a row of the send budget (OutboxStore.holdSendSlot) that each reservation reads with its
 * own slots, so another instance's next send waits it out too. This instance also keeps it in
 * memory, and waits without asking the database again.
 */
export class SharedSendBudget implements SendLimiter {
  /** instants before which nothing goes out: '' for the whole app, else per receiver (a platform's 429) */
  private readonly holds = new Map<string, number>();
  constructor(
    private readonly store: Pick<OutboxStore, 'reserveSendSlot' | 'holdSendSlot'>,
    /** the platform app, e.g. `feishu:cli_a1b2…` (instances of one app share it) */
    private readonly app: string,
    private readonly rates: SendRates,
    private readonly now: () => number,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
    /** where a hold that could not be shared is told (it still holds this instance) */
    private readonly onError: (err: unknown, key: string) => void = () => undefined,
  ) {}

  /** The hold rows: the app's, and one receiver's. */
  private holdKey(receiver: string | null): string {
    return receiver === null ? `${this.app}!hold` : `${this.app}>${receiver}!hold`;
  }

  backOff(receiver: string | null, ms: number): void {
    const key = receiver ?? '';
    const until = Math.max(this.holds.get(key) ?? 0, this.now() + ms);
    this.holds.set(key, until);
    const shared = this.holdKey(receiver);
    void this.store.holdSendSlot(shared, new Date(until)).catch((err: unknown) => this.onError(err, shared));
  }

  async take(receiver: string): Promise<void> {
    for (;;) {
      const until = Math.max(this.holds.get('') ?? 0, this.holds.get(receiver) ?? 0);
      if (until <= this.now()) break;
      await this.sleep(until - this.now());
    }
    const slot = await this.store.reserveSendSlot(
      [
        { key: this.app, intervalMs: this.rates.appIntervalMs, burstMs: this.rates.appBurstMs },
        {
          key: `${this.app}>${receiver}`,
          intervalMs: this.rates.receiverIntervalMs,
          burstMs: this.rates.receiverBurstMs,
        },
        // another instance's 429: the app's, or this receiver's
        { key: this.holdKey(null), intervalMs: 0, hold: true },
        { key: this.holdKey(receiver), intervalMs: 0, hold: true },
      ],
      new Date(this.now()),
    );
    const wait = slot.getTime() - this.now();
    if (wait > 0) await this.sleep(wait);
  }
}
