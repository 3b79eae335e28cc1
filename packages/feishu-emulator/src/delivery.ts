/**
 * Delivers events and callbacks to the bot through the configured transport, with Feishu's
 * semantics: an answer must arrive within the deadline (3 s); an event that is not acknowledged
 * in time is pushed again later with the SAME event_id (so the bot must de-duplicate); a callback
 * is never retried — the user just sees an error.
 */
import type { EventEnvelope } from './envelopes.js';
import type { Faults } from './faults.js';
import type { DeliveryOptions } from './options.js';
import type { DeliveryOutcome, DeliveryRecord, EmulatorCounters } from './types.js';
import { postToWebhook } from './webhook-sender.js';
import type { WsGateway } from './ws-gateway.js';

export type AttemptResult =
  | { ok: true; transport: 'ws' | 'webhook'; answer: unknown }
  | { ok: false; transport: 'ws' | 'webhook'; outcome: Exclude<DeliveryOutcome, 'ok'>; detail: string };

export interface DeliveryDeps {
  gateway: WsGateway;
  faults: Faults;
  settings: () => DeliveryOptions;
  now: () => number;
  counters: EmulatorCounters;
}

const MAX_LOG = 1000;

export class Delivery {
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly log: DeliveryRecord[] = [];
  private readonly sentCallbacks = new Map<string, EventEnvelope>();

  constructor(private readonly deps: DeliveryDeps) {}

  /** Pushes an event; resolves with the first attempt and schedules re-pushes when it failed. */
  async pushEvent(envelope: EventEnvelope): Promise<AttemptResult> {
    const first = await this.attempt(envelope, 1);
    if (!first.ok) this.scheduleRepush(envelope, 1);
    return first;
  }

  /** Sends a card callback exactly once. */
  sendCallback(envelope: EventEnvelope): Promise<AttemptResult> {
    this.sentCallbacks.set(envelope.header.event_id, envelope);
    if (this.sentCallbacks.size > MAX_LOG) this.sentCallbacks.delete(this.sentCallbacks.keys().next().value!);
    return this.attempt(envelope, 1);
  }

  /**
   * Sends an earlier callback again, unchanged (same event_id): what a replayed capture or a
   * duplicated frame looks like to the bot. Feishu itself never retries callbacks.
   */
  replayCallback(eventId: string): Promise<AttemptResult> | undefined {
    const envelope = this.sentCallbacks.get(eventId);
    return envelope ? this.attempt(envelope, 2) : undefined;
  }

  records(): DeliveryRecord[] {
    return this.log.map((r) => ({ ...r }));
  }

  /** Cancels pending re-pushes and forgets the log (reset, close). */
  cancelAll(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.log.length = 0;
    this.sentCallbacks.clear();
  }

  private scheduleRepush(envelope: EventEnvelope, attemptsSoFar: number): void {
    const delay = this.deps.settings().redeliveryDelaysMs[attemptsSoFar - 1];
    if (delay === undefined) return;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.deps.counters.eventRepushes += 1;
      void this.attempt(envelope, attemptsSoFar + 1).then((r) => {
        if (!r.ok) this.scheduleRepush(envelope, attemptsSoFar + 1);
      });
    }, delay);
    this.timers.add(timer);
  }

  private async attempt(envelope: EventEnvelope, attempt: number): Promise<AttemptResult> {
    const settings = this.deps.settings();
    const isCallback = envelope.header.event_type === 'card.action.trigger';
    if (isCallback) this.deps.counters.callbacks += 1;
    else this.deps.counters.eventPushes += 1;
    const result =
      settings.mode === 'ws' ? await this.viaWs(envelope, settings) : await this.viaWebhook(envelope, settings);
    if (result.ok && !isCallback) this.deps.counters.eventsAcknowledged += 1;
    if (!result.ok && isCallback) this.deps.counters.callbacksFailed += 1;
    this.log.push({
      eventId: envelope.header.event_id,
      eventType: envelope.header.event_type,
      attempt,
      transport: result.transport,
      outcome: result.ok ? 'ok' : result.outcome,
      at: this.deps.now(),
    });
    if (this.log.length > MAX_LOG) this.log.shift();
    return result;
  }

  private async viaWs(envelope: EventEnvelope, settings: DeliveryOptions): Promise<AttemptResult> {
    const r = await this.deps.gateway.push(new TextEncoder().encode(JSON.stringify(envelope)), settings.ackDeadlineMs);
    const fail = (outcome: Exclude<DeliveryOutcome, 'ok'>, detail: string): AttemptResult => ({
      ok: false,
      transport: 'ws',
      outcome,
      detail,
    });
    if (r.status === 'no_connection') return fail('no_receiver', 'no long-connection client is connected');
    if (r.status === 'timeout') return fail('timeout', `no ACK within ${settings.ackDeadlineMs} ms`);
    if (r.status === 'connection_lost') return fail('error', 'the connection closed before the ACK');
    if (r.code !== 200) return fail('error', `the client answered code ${r.code} (its handler threw)`);
    return {
      ok: true,
      transport: 'ws',
      answer: r.data === undefined ? undefined : decodeJson(Buffer.from(r.data, 'base64').toString('utf8')),
    };
  }

  private async viaWebhook(envelope: EventEnvelope, settings: DeliveryOptions): Promise<AttemptResult> {
    const fail = (outcome: Exclude<DeliveryOutcome, 'ok'>, detail: string): AttemptResult => ({
      ok: false,
      transport: 'webhook',
      outcome,
      detail,
    });
    if (!settings.webhookUrl) return fail('no_receiver', 'webhook mode without a webhookUrl');
    const target = {
      url: settings.webhookUrl,
      encryptKey: settings.encryptKey,
      forgeSignature: this.deps.faults.takeForgedSignature(),
    };
    const r = await postToWebhook(target, envelope, this.deps.now(), settings.ackDeadlineMs);
    if (r.status === 'timeout') return fail('timeout', r.detail);
    if (r.status === 'unreachable') return fail('no_receiver', r.detail);
    if (r.httpStatus < 200 || r.httpStatus > 299) return fail('error', `the webhook answered HTTP ${r.httpStatus}`);
    return { ok: true, transport: 'webhook', answer: r.body.trim() === '' ? undefined : decodeJson(r.body) };
  }
}

/** Parses an answer body; a non-JSON answer is kept as its text so the caller can report it. */
function decodeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
