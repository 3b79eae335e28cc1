/**
 * What the running service counts for its operator (/metrics). Use cases and the dispatcher call
 * these few intention-named members; the adapter (adapters/metrics/prom-metrics.ts) turns them into
 * Prometheus series. Counts that the database already holds (the outbox by state, tasks by kind) are
 * read from it when scraped, so they agree across instances; these are the per-process events.
 */
export type DeliveryFailure = 'retry' | 'dead' | 'unreachable';

export interface Metrics {
  /** a message reached its recipient */
  delivered(channel: string, purpose: string): void;
  /** a delivery attempt failed: retried later, dead (no more attempts) or the recipient unreachable */
  deliveryFailed(channel: string, purpose: string, outcome: DeliveryFailure): void;
  /** one tick (planning; delivery too when the tick drains the outbox itself) took this long */
  tickDone(seconds: number): void;
  /** a chat action (card button, form) was answered to the platform after this long */
  callbackAnswered(channel: string, seconds: number): void;
}

export const noMetrics: Metrics = { delivered() {}, deliveryFailed() {}, tickDone() {}, callbackAnswered() {} };

/** A channel's connection as /readyz reports it (e.g. Feishu's long connection: ready, reconnecting). */
export interface ChannelHealth {
  ok: boolean;
  /** connecting | ready | reconnecting | failed | webhook | console … */
  state: string;
  /** in Chinese: what is wrong and what to do */
  detail?: string;
}
