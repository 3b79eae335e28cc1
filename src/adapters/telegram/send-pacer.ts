/**
 * Keeps Telegram sends under the limits Telegram asks bots to respect, before Telegram has to refuse
 * them with 429 (https://core.telegram.org/bots/faq#my-bot-is-hitting-limits-how-do-i-avoid-this):
 * “avoid sending more than one message per second” in a chat, “not … more than 20 messages per minute”
 * to the same group, and about 30 messages per second for bulk notifications. Edits count as sends
 * (https://grammy.dev/advanced/flood). The exact limits are unspecified and change; the 429
 * `retry_after` that still comes is honoured through `backOff`.
 *
 * Every `take` reserves its slot at once (synchronously), so concurrent callers never pick the same
 * one, then waits until it. The pacer sits behind `SendPacer` so that a budget shared by several
 * instances (in the database) can replace it.
 */

export interface SendPacer {
  /** waits until a message to `chatId` may go, and counts it */
  take(chatId: string): Promise<void>;
  /** Telegram answered 429 for `chatId`: nothing more to it (or to anyone, without a chat) for `ms` */
  backOff(chatId: string | undefined, ms: number): void;
}

export interface TelegramLimits {
  /** spacing of sends to one chat */
  perChatIntervalMs: number;
  /** messages per minute to one group (negative chat ids are groups, supergroups and channels) */
  groupPerMinute: number;
  /** messages per second overall */
  overallPerSecond: number;
}

/**
 * With a margin: two sends a limit apart when they leave can arrive closer together (one waited
 * longer for its connection), and Telegram counts on arrival.
 */
export const TELEGRAM_LIMITS: TelegramLimits = { perChatIntervalMs: 1100, groupPerMinute: 20, overallPerSecond: 28 };

/** In the Bot API, groups, supergroups and channels have negative ids; people have positive ones. */
export const isGroupChat = (chatId: string): boolean => chatId.startsWith('-');

export class TelegramPacer implements SendPacer {
  /** reserved send instants, overall (ascending) */
  private readonly overall: number[] = [];
  /** the last reserved instant per chat (every chat's own slots only grow) */
  private readonly chatLast = new Map<string, number>();
  /** reserved instants per group within the last minute (ascending) */
  private readonly groupSlots = new Map<string, number[]>();
  private pausedUntil = 0;
  private forgotAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly limits: TelegramLimits,
    private readonly now: () => number,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
  ) {}

  async take(chatId: string): Promise<void> {
    const slot = this.reserve(chatId);
    const wait = slot - this.now();
    if (wait > 0) await this.sleep(wait);
  }

  backOff(chatId: string | undefined, ms: number): void {
    const until = this.now() + ms;
    if (chatId === undefined) this.pausedUntil = Math.max(this.pausedUntil, until);
    else this.chatLast.set(chatId, Math.max(this.chatLast.get(chatId) ?? 0, until - this.limits.perChatIntervalMs));
  }

  /** The earliest instant that fits every limit, recorded as taken. */
  reserve(chatId: string): number {
    const t0 = this.now();
    this.forget(t0);
    let t = Math.max(t0, this.pausedUntil);
    const last = this.chatLast.get(chatId);
    if (last !== undefined) t = Math.max(t, last + this.limits.perChatIntervalMs);
    const group = isGroupChat(chatId) ? (this.groupSlots.get(chatId) ?? []) : undefined;
    if (group && group.length >= this.limits.groupPerMinute)
      t = Math.max(t, group[group.length - this.limits.groupPerMinute]! + 61_000);
    t = this.overallGap(t);
    this.chatLast.set(chatId, t);
    if (group) this.groupSlots.set(chatId, [...group, t]);
    this.overall.splice(sortedIndex(this.overall, t), 0, t);
    return t;
  }

  /**
   * The first instant ≥ t at least 1000/overallPerSecond ms away from every other reservation: no
   * window of one second then holds more than overallPerSecond sends, whatever order chats reserve in.
   */
  private overallGap(t: number): number {
    const gap = Math.ceil(1000 / this.limits.overallPerSecond);
    let i = sortedIndex(this.overall, t - gap + 1);
    while (i < this.overall.length && this.overall[i]! < t + gap) {
      t = Math.max(t, this.overall[i]! + gap);
      i++;
    }
    return t;
  }

  /** Drops what no longer constrains anything. */
  private forget(now: number): void {
    const gap = Math.ceil(1000 / this.limits.overallPerSecond);
    let drop = 0;
    while (drop < this.overall.length && this.overall[drop]! <= now - gap) drop++;
    if (drop) this.overall.splice(0, drop);
    // The maps are swept at most once a second: a fan-out to thousands of chats stays linear.
    if (now - this.forgotAt < 1000) return;
    this.forgotAt = now;
    for (const [chat, last] of this.chatLast)
      if (last + this.limits.perChatIntervalMs <= now) this.chatLast.delete(chat);
    for (const [chat, slots] of this.groupSlots) {
      const kept = slots.filter((s) => s > now - 60_000);
      if (kept.length) this.groupSlots.set(chat, kept);
      else this.groupSlots.delete(chat);
    }
  }
}

/** Index of the first element ≥ x in an ascending array. */
function sortedIndex(a: number[], x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (a[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The local pacer (groups' 20 a minute, 429 back-off) in front of a budget every instance shares in
 * the database (app/send-budget.ts: overall and per-chat spacing across instances).
 */
export function withSharedBudget(local: SendPacer, shared: { take(receiver: string): Promise<void> }): SendPacer {
  return {
    async take(chatId) {
      await local.take(chatId);
      await shared.take(chatId);
    },
    backOff: (chatId, ms) => local.backOff(chatId, ms),
  };
}
