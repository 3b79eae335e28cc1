/**
 * The Metrics port on prom-client, and the registry /metrics serves. Per-process events (sends,
 * failures, tick and callback times) are counters and histograms; what the database holds (the outbox
 * by state, channel and purpose; tasks by kind) is read when scraped (store/operator-queries.ts), so
 * every instance reports the same shared numbers.
 */
import client from 'prom-client';
import type { DeliveryFailure, Metrics } from '../../app/metrics.js';
import type { Clock } from '../../app/ports.js';
import { PURPOSE_WORDS } from '../../app/report-dead-letters.js';
import { KIND_LABELS } from '../../domain/engine/labels.js';
import type { Db } from '../store/db.js';
import { outboxBacklog, outboxCounts, type TaskCounts, taskCounts } from '../store/operator-queries.js';

export class PromMetrics implements Metrics {
  readonly registry = new client.Registry();
  private readonly sends: client.Counter<'channel' | 'purpose'>;
  private readonly failures: client.Counter<'channel' | 'purpose' | 'outcome'>;
  private readonly retries: client.Counter<'channel' | 'purpose'>;
  private readonly deadLetters: client.Counter<'channel' | 'purpose'>;
  private readonly tick: client.Histogram;
  private readonly callback: client.Histogram<'channel'>;
  private taskReading: Promise<TaskCounts[]> | null = null;

  /** `channels`: the configured ones, whose counters start at 0 for every purpose (`increase()` sees the first). */
  constructor(deps: { db: Db; clock: Clock; channels?: readonly string[] }) {
    const registers = [this.registry];
    client.collectDefaultMetrics({ register: this.registry, prefix: 'safeduty_' });
    this.sends = new client.Counter({
      name: 'safeduty_messages_sent_total',
      help: 'Messages delivered by this process',
      labelNames: ['channel', 'purpose'],
      registers,
    });
    this.failures = new client.Counter({
      name: 'safeduty_message_failures_total',
      help: 'Failed delivery attempts by this process (outcome: retry, dead, unreachable)',
      labelNames: ['channel', 'purpose', 'outcome'],
      registers,
    });
    this.retries = new client.Counter({
      name: 'safeduty_message_retries_total',
      help: 'Failed deliveries scheduled for another attempt',
      labelNames: ['channel', 'purpose'],
      registers,
    });
    this.deadLetters = new client.Counter({
      name: 'safeduty_dead_letters_total',
      help: 'Messages given up (no more attempts) by this process',
      labelNames: ['channel', 'purpose'],
      registers,
    });
    this.tick = new client.Histogram({
      name: 'safeduty_tick_duration_seconds',
      help:
        'One tick: plan (and deliver, when the tick drains the outbox itself; else a drainer delivers ' +
        'continuously)',
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
      registers,
    });
    this.callback = new client.Histogram({
      name: 'safeduty_callback_answer_seconds',
      help: 'Time to answer a chat action (card button or form) to the platform',
      labelNames: ['channel'],
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 2.5, 3, 5],
      registers,
    });
    for (const channel of deps.channels ?? [])
      for (const purpose of Object.keys(PURPOSE_WORDS)) {
        for (const c of [this.sends, this.retries, this.deadLetters]) c.inc({ channel, purpose }, 0);
        for (const outcome of ['retry', 'dead', 'unreachable']) this.failures.inc({ channel, purpose, outcome }, 0);
      }
    const { db, clock } = deps;
    new client.Gauge({
      name: 'safeduty_outbox_messages',
      help:
        'Outbox messages by state, channel and purpose (pending, failed, dead: all; sent, cancelled: due ' +
        'in the last 24 hours)',
      labelNames: ['state', 'channel', 'purpose'],
      registers,
      async collect() {
        this.reset();
        for (const r of await outboxCounts(db, clock.now()))
          this.set({ state: r.state, channel: r.channel, purpose: r.purpose }, r.count);
      },
    });
    new client.Gauge({
      name: 'safeduty_outbox_due_oldest_seconds',
      help:
        'How long the oldest message due and not yet delivered (failed ones waiting to retry too) has waited ' +
        '(0: none)',
      registers,
      async collect() {
        const now = clock.now();
        const b = await outboxBacklog(db, now);
        this.set(b.oldestDueAt ? Math.max(0, (now.getTime() - b.oldestDueAt.getTime()) / 1000) : 0);
      },
    });
    // The five task gauges of one scrape share one reading (exposition() starts a new one).
    const counts = () => (this.taskReading ??= taskCounts(db, clock.now()));
    const taskGauge = (name: string, help: string, pick: (t: TaskCounts) => number) =>
      new client.Gauge({
        name,
        help,
        labelNames: ['kind'],
        registers,
        async collect() {
          this.reset();
          // Every kind has its series, 0 included, so that alerts and rates see it from the start.
          for (const kind of Object.keys(KIND_LABELS)) this.set({ kind }, 0);
          for (const t of await counts()) this.set({ kind: t.kind }, pick(t));
        },
      });
    taskGauge(
      'safeduty_tasks_due',
      'Tasks due in the last 24 hours, by kind (cancelled ones not counted)',
      (t) => t.due,
    );
    taskGauge('safeduty_tasks_done', 'Of those, done', (t) => t.done);
    taskGauge('safeduty_tasks_late', 'Of those, done after the due time', (t) => t.late);
    taskGauge('safeduty_tasks_missed', 'Of those, missed (the period closed)', (t) => t.missed);
    taskGauge('safeduty_tasks_overdue', 'Open tasks past their due time', (t) => t.overdue);
  }

  delivered(channel: string, purpose: string): void {
    this.sends.inc({ channel, purpose });
  }

  deliveryFailed(channel: string, purpose: string, outcome: DeliveryFailure): void {
    this.failures.inc({ channel, purpose, outcome });
    if (outcome === 'retry') this.retries.inc({ channel, purpose });
    else this.deadLetters.inc({ channel, purpose });
  }

  tickDone(seconds: number): void {
    this.tick.observe(seconds);
  }

  callbackAnswered(channel: string, seconds: number): void {
    this.callback.observe({ channel }, seconds);
  }

  async exposition(): Promise<{ contentType: string; body: string }> {
    this.taskReading = null;
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
