/**
 * One planner per minute among the instances sharing a database: the `planner` lease is taken and
 * renewed with compare-and-set (EngineStore.takeLease) every RENEW_MS and before each tick; it lasts TTL_MS,
 * so when its holder dies another instance takes it over within TTL_MS + RENEW_MS (80 s). Every
 * instance delivers the outbox whether it plans or not.
 */
import type { EngineStore, Logger } from './ports.js';

export const PLANNER_LEASE = 'planner';
export const LEASE_TTL_MS = 60_000;
export const LEASE_RENEW_MS = 20_000;

export class LeaseKeeper {
  private held = false;
  /** the last refresh's failure (null: it reached the database), for the tick's health */
  failure: unknown = null;
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly store: EngineStore,
    private readonly name: string,
    /** this instance (host, process, a random part) */
    readonly holder: string,
    /** real time: the lease is compared between processes */
    private readonly now: () => Date,
    private readonly log: Logger,
    private readonly ttlMs = LEASE_TTL_MS,
  ) {}

  /** Takes or renews the lease; true while this instance holds it. A database failure counts as not held. */
  async refresh(): Promise<boolean> {
    let held = false;
    this.failure = null;
    try {
      held = await this.store.takeLease(this.name, this.holder, this.now(), this.ttlMs);
    } catch (err) {
      this.failure = err;
      this.log.warn({ err, lease: this.name }, 'lease: could not take or renew it; not planning until it can');
    }
    if (held !== this.held)
      this.log.info(
        { lease: this.name, holder: this.holder },
        held ? 'lease taken: this instance plans' : 'lease lost: another instance plans',
      );
    this.held = held;
    return held;
  }

  /** Renews every `everyMs` in the background. */
  start(everyMs = LEASE_RENEW_MS): void {
    this.timer = setInterval(() => void this.refresh(), everyMs);
    this.timer.unref?.();
  }

  /** Stops renewing and gives the lease up, so that another instance takes it at once. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    if (!this.held) return;
    this.held = false;
    await this.store
      .releaseLease(this.name, this.holder)
      .catch((err: unknown) =>
        this.log.warn({ err, lease: this.name }, 'lease: could not release it; it expires by itself'),
      );
  }
}
