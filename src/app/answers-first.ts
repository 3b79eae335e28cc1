/**
 * People's answers go before the outbox. A card callback must be answered within the platform's
 * deadline (Feishu 3 s, our budget 2.5 s), while the 08:30 fan-out keeps the process and the
 * database busy with sends (cards drawn, slots reserved, outcomes written). While an answer is being
 * worked out, the outbox's workers wait before starting their next message, so that the answer's
 * statements and its card are not queued behind theirs.
 *
 * A worker waits at most `maxHoldMs` per message: with answers arriving back to back the outbox
 * still moves, and a hold shorter than the send budget's burst (Feishu: 20 sends) costs the fan-out
 * no pace, since the budget lets the sends held back catch up (app/send-budget.ts).
 */
export class AnswersFirst {
  private answering = 0;
  private waiting: (() => void)[] = [];

  constructor(private readonly maxHoldMs = 250) {}

  /** Runs an answer; the outbox holds back until it (and any other answer under way) is done. */
  async answer<T>(fn: () => Promise<T>): Promise<T> {
    this.answering += 1;
    try {
      return await fn();
    } finally {
      this.answering -= 1;
      if (this.answering === 0) for (const go of this.waiting.splice(0)) go();
    }
  }

  /** Resolves at once when no answer is under way, else when none is or after `maxHoldMs`. */
  turn(): Promise<void> {
    if (this.answering === 0) return Promise.resolve();
    return new Promise((resolve) => {
      const go = () => {
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        this.waiting = this.waiting.filter((w) => w !== go);
        resolve();
      }, this.maxHoldMs);
      this.waiting.push(go);
    });
  }

  /** answers under way (tests, metrics) */
  get busy(): number {
    return this.answering;
  }
}
