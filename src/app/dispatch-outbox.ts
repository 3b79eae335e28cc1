/**
 * Drains the outbox through the channel: due messages are claimed (a lease, so that two instances
 * never send the same one at once), checked against the states of their tasks by then (deliveryOf:
 * work done → cancelled; a period closed → requests cancelled, escalations delivered as 已缺失), sent with the
 * message key as idempotency key, and their outcome recorded. Failures back off and finally land in
 * a dead-letter state with an alert in the log, and the unit's director is told (report-dead-letters.ts).
 * One bad message never stops the loop.
 *
 * `drainOutbox` keeps claiming while due work exists, urgent messages first (the claim orders
 * them ahead), with several sends in flight: an unanswered send (cut off by the channel's request
 * timeout) holds up only itself. The channel's send budget paces the workers, so the outbox drains
 * at the platform's rate, not a fixed batch per tick. `startOutboxDrainer` runs it continuously.
 */
import { deliveryOf } from '../domain/engine/delivery.js';
import { ChannelError, RecipientUnreachable } from './channel-error.js';
import type { EngineDeps } from './engine-deps.js';
import { enrichPayload } from './enrich-payload.js';
import type { AnswersStore, OutboxMessage, OutboxOutcome, OutboxStore, PromptSender, Recipient } from './ports.js';
import { DEAD_LETTER_KEY, reportDeadLetters } from './report-dead-letters.js';
import { reportUnreachable } from './report-unreachable.js';

export const MAX_ATTEMPTS = 8;
/** a claimed message is claimed again after this long if its instance died before recording the outcome */
const LEASE_MS = 30_000;

type DispatchDeps = Pick<
  EngineDeps<OutboxStore & AnswersStore>,
  'store' | 'clock' | 'log' | 'channels' | 'metrics' | 'defaults' | 'photosKept'
>;
type Outcome = 'sent' | 'cancelled' | 'failed';

export interface DispatchResult {
  sent: OutboxMessage[];
  cancelled: OutboxMessage[];
  failed: OutboxMessage[];
}

/** 30 s, 1 min, 2 min … capped at 30 min. */
export function backoffMs(attempt: number): number {
  return Math.min(30_000 * 2 ** Math.max(0, attempt - 1), 30 * 60_000);
}

/**
 * A claimed message with what its delivery needs, read for the whole claim at once (task states,
 * recipient): a few queries per claim, not several per message.
 */
interface Claimed {
  m: OutboxMessage;
  to: Recipient;
  states: ReadonlyMap<string, string>;
  /** when the task states were read (clock ms) */
  readAt: number;
}

/**
 * Task states read with the claim are used for this long; a message that waited longer in the queue
 * (its channel's budget paces the workers) has its tasks read again just before it is sent, so that
 * work done meanwhile still cancels it.
 */
const STATES_FRESH_MS = 1_000;

async function claim(deps: DispatchDeps, limit: number): Promise<Claimed[]> {
  const { store, clock } = deps;
  const batch = await store.claimDueMessages(clock.now(), limit, LEASE_MS);
  if (batch.length === 0) return [];
  const [states, recipients] = await Promise.all([
    store.taskStates([...new Set(batch.flatMap((m) => m.taskKeys))]),
    store.recipientsOf(batch),
  ]);
  const readAt = clock.now().getTime();
  return batch.map((m, i) => ({ m, to: recipients[i]!, states, readAt }));
}

/**
 * Outcomes written together (a group commit): each delivery still waits until its outcome is
 * recorded before its worker takes the next message, but the outcomes that arrive while a write is
 * under way go into the next write, together (OutboxStore.recordOutcomes: one statement). At the
 * platform's pace that is one write per send, as before; when sends cost nothing, one write per
 * `concurrency` sends.
 */
class OutcomeLog {
  private waiting: { outcome: OutboxOutcome; done: (err: Error | null) => void }[] = [];
  private writing = false;

  constructor(private readonly store: OutboxStore) {}

  record(outcome: OutboxOutcome): Promise<void> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ outcome, done: (err) => (err ? reject(err) : resolve()) });
      // The write starts once this turn of the event loop is over, with every outcome it brought
      // (SQLite's driver runs a statement synchronously: nothing could join a write started now).
      if (!this.writing) {
        this.writing = true;
        setImmediate(() => void this.write());
      }
    });
  }

  private async write(): Promise<void> {
    while (this.waiting.length) {
      const batch = this.waiting.splice(0, 500);
      const err = await this.store.recordOutcomes(batch.map((w) => w.outcome)).then(
        () => null,
        (e: unknown) => (e instanceof Error ? e : new Error(String(e))),
      );
      for (const w of batch) w.done(err);
    }
    this.writing = false;
  }
}

/** One claim of up to `limit` due messages, delivered `concurrency` at a time (default: one by one, in claim order). */
export async function dispatchOutbox(deps: DispatchDeps, limit = 200, concurrency = 1): Promise<DispatchResult> {
  const result: DispatchResult = { sent: [], cancelled: [], failed: [] };
  const batch = await claim(deps, limit);
  const reached = new Reached();
  const outcomes = new OutcomeLog(deps.store);
  await inParallel(batch, concurrency, async (c) => {
    const outcome = await deliverOne(deps, c, reached, outcomes);
    result[outcome].push(c.m);
  });
  await reached.flush(deps);
  return result;
}

/**
 * Who messages reached, per channel: their unreachable episodes end (on that channel); and which
 * units had messages given up: their directors are told (report-dead-letters.ts).
 */
class Reached {
  private byChannel = new Map<string, { who: { personId: string | null; chatId: string | null }[]; sentAt: Date }>();
  private died: { unitId: string; at: Date }[] = [];
  /**
   * `sentAt`: when the send began. Only episodes opened before it end: a person who blocked the bot
   * while this send was on its way (Telegram's my_chat_member) stays unreachable.
   */
  add(channel: string, m: OutboxMessage, sentAt: Date): void {
    const seen = this.byChannel.get(channel);
    if (!seen) this.byChannel.set(channel, { who: [{ personId: m.personId, chatId: m.chatId }], sentAt });
    else {
      seen.who.push({ personId: m.personId, chatId: m.chatId });
      if (sentAt < seen.sentAt) seen.sentAt = sentAt;
    }
  }
  dead(m: OutboxMessage, at: Date): void {
    this.died.push({ unitId: m.unitId, at });
  }
  async flush(deps: DispatchDeps): Promise<void> {
    const { store, clock, log } = deps;
    const [reached, died] = [this.byChannel, this.died];
    this.byChannel = new Map();
    this.died = [];
    if (died.length)
      await reportDeadLetters(deps, died).catch((err: unknown) =>
        log.error({ err }, 'could not tell the director about dead letters'),
      );
    for (const [channel, { who, sentAt }] of reached)
      await store
        .clearUnreachable(channel, who, clock.now(), sentAt)
        .catch((err: unknown) => log.error({ err, channel }, 'could not clear unreachable recipients'));
  }
}

/** Delivers one claimed message to its recipient's channel(s) and records the outcome; never throws. */
async function deliverOne(deps: DispatchDeps, c: Claimed, reached: Reached, outcomes: OutcomeLog): Promise<Outcome> {
  const { store, clock, log, channels } = deps;
  const { m, to } = c;
  const ids = { messageId: m.id, key: m.key, unitId: m.unitId, personId: m.personId, attempt: m.attempts };
  let channel = channels.all[0]?.name ?? 'none';
  try {
    const fresh = clock.now().getTime() - c.readAt <= STATES_FRESH_MS;
    const delivery = deliveryOf(m, fresh ? c.states : await store.taskStates(m.taskKeys));
    if (!delivery.send) {
      await outcomes.record({ id: m.id, state: 'cancelled', reason: delivery.reason });
      return 'cancelled';
    }
    const payload = await enrichPayload(
      store,
      { ...m, payload: delivery.payload },
      to.timeZone,
      clock.now(),
      deps.photosKept === true,
    );
    const route = channels.routeOf(to);
    if (route.length === 1) {
      const only = route[0]!;
      channel = only.name;
      const sentAt = clock.now();
      const { platformMessageId } = await only.sendPrompt({ ...m, payload }, to);
      await outcomes.record({ id: m.id, state: 'sent', channel: only.name, platformMessageId, at: clock.now() });
      deps.metrics?.delivered(only.name, m.purpose);
      reached.add(only.name, m, sentAt);
      return 'sent';
    }
    return await deliverToSeveral(deps, { ...m, payload }, to, route, reached, (name) => (channel = name), outcomes);
  } catch (e) {
    const retryable = !(e instanceof ChannelError) || e.retryable;
    const dead = !retryable || m.attempts >= MAX_ATTEMPTS;
    const wait = e instanceof ChannelError && e.retryAfterMs !== undefined ? e.retryAfterMs : backoffMs(m.attempts);
    // A death is dated for the dead-letter notice unless the unreachable notice tells it.
    const told = dead && !(e instanceof RecipientUnreachable) && !m.key.includes(DEAD_LETTER_KEY);
    if (told) reached.dead(m, clock.now());
    await store
      .markFailed(
        m.id,
        (e as Error).message,
        dead ? null : new Date(clock.now().getTime() + wait),
        told ? clock.now() : undefined,
        channels.all.length ? channel : undefined,
      )
      .catch((err: unknown) => log.error({ ...ids, err }, 'could not record delivery failure'));
    deps.metrics?.deliveryFailed(
      channel,
      m.purpose,
      e instanceof RecipientUnreachable ? 'unreachable' : dead ? 'dead' : 'retry',
    );
    if (dead)
      log.error({ ...ids, channel, err: e, alert: 'dead_letter' }, `消息投递失败且不再重试：${(e as Error).message}`);
    else log.warn({ ...ids, channel, err: e, retryInMs: wait }, 'message delivery failed, will retry');
    if (e instanceof RecipientUnreachable)
      await reportUnreachable(deps, channel, m, e).catch((err: unknown) =>
        log.error({ ...ids, err }, 'could not record an unreachable recipient'),
      );
    return 'failed';
  }
}

/**
 * A message for someone on several channels (Feishu and Telegram): each channel is tried and each
 * delivery recorded (MessageDelivery), so a retry skips the channels already reached. A channel that
 * cannot reach the person is recorded and told like any unreachable person; the message is sent once
 * any channel reached them. A retryable failure retries the message (on the channels still missing);
 * when no channel can reach them at all, it fails as one unreachable recipient.
 */
async function deliverToSeveral(
  deps: DispatchDeps,
  m: OutboxMessage,
  to: Recipient,
  route: readonly PromptSender[],
  reached: Reached,
  failedOn: (channel: string) => void,
  outcomes: OutcomeLog,
): Promise<Outcome> {
  const { store, clock, log } = deps;
  const ids = { messageId: m.id, key: m.key, unitId: m.unitId, personId: m.personId, attempt: m.attempts };
  const delivered = await store.deliveriesOf(m.id);
  const unreachable: { channel: string; error: RecipientUnreachable }[] = [];
  let retry: unknown;
  for (const c of route) {
    if (delivered.some((d) => d.channel === c.name)) continue;
    try {
      const sentAt = clock.now();
      const { platformMessageId } = await c.sendPrompt(m, to);
      await store.recordDelivery(m.id, c.name, platformMessageId, clock.now());
      delivered.push({ channel: c.name, platformMessageId });
      deps.metrics?.delivered(c.name, m.purpose);
      reached.add(c.name, m, sentAt);
    } catch (e) {
      if (e instanceof RecipientUnreachable) unreachable.push({ channel: c.name, error: e });
      else if (retry === undefined) {
        retry = e;
        failedOn(c.name);
      }
      log.warn({ ...ids, channel: c.name, err: e }, 'delivery on one of several channels failed');
    }
  }
  const tell = async (u: { channel: string; error: RecipientUnreachable }) => {
    deps.metrics?.deliveryFailed(u.channel, m.purpose, 'unreachable');
    await reportUnreachable(deps, u.channel, m, u.error).catch((err: unknown) =>
      log.error({ ...ids, err }, 'could not record an unreachable recipient'),
    );
  };
  // Nobody reached on any channel: it fails as one unreachable recipient (the caller records the first).
  const [firstUnreachable, ...others] = unreachable;
  if (delivered.length === 0 && retry === undefined && firstUnreachable) {
    for (const u of others) await tell(u);
    failedOn(firstUnreachable.channel);
    throw firstUnreachable.error;
  }
  for (const u of unreachable) await tell(u);
  if (retry !== undefined) throw retry;
  const first = delivered[0]!;
  await outcomes.record({
    id: m.id,
    state: 'sent',
    channel: first.channel,
    platformMessageId: first.platformMessageId,
    at: clock.now(),
  });
  return 'sent';
}

/** Runs `fn` over `items` with at most `n` in flight, taking them in order. */
async function inParallel<T>(items: readonly T[], n: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(n, items.length)) }, worker));
}

export interface DrainOptions {
  /** sends in flight at once */
  concurrency: number;
  /**
   * messages claimed at a time; default: what the channel delivers in CLAIM_WINDOW_MS at its recent
   * pace, at least 2 × concurrency (small claims at a platform's pace keep urgent messages near the
   * front; large ones when sends are fast keep the claims' share of the bookkeeping small)
   */
  claimSize?: number;
  /** asked before each message: true ends the drain (the service is stopping) */
  stopped?: () => boolean;
  /** awaited before each message: people's answers go first (AnswersFirst.turn, app/answers-first.ts) */
  yieldTo?: () => Promise<void>;
}

export type DrainTotals = Record<Outcome, number>;

/** A claim holds about this much sending at the recent pace: an urgent message waits behind no more. */
const CLAIM_WINDOW_MS = 250;
const MAX_CLAIM = 500;

/**
 * Claims and delivers until no message is due: `concurrency` workers share a claimed queue, refilled
 * (urgent first) whenever it runs short, by about what they deliver in CLAIM_WINDOW_MS. Returns how
 * many were sent, cancelled, failed.
 */
export async function drainOutbox(deps: DispatchDeps, opts: DrainOptions): Promise<DrainTotals> {
  const { store, log } = deps;
  const totals: DrainTotals = { sent: 0, cancelled: 0, failed: 0 };
  const queue: Claimed[] = [];
  const reached = new Reached();
  const outcomes = new OutcomeLog(store);
  let exhausted = false;
  let claiming: Promise<void> | undefined;
  // The recent pace: deliveries since the last claim, and when it was made (real time).
  let paceFrom = performance.now();
  let paceCount = 0;
  const claimSize = (): number => {
    if (opts.claimSize) return opts.claimSize;
    const atPace = Math.round((paceCount * CLAIM_WINDOW_MS) / Math.max(1, performance.now() - paceFrom));
    paceFrom = performance.now();
    paceCount = 0;
    return Math.min(MAX_CLAIM, Math.max(opts.concurrency * 2, atPace));
  };
  const refill = (): Promise<void> =>
    (claiming ??= (async () => {
      try {
        await reached.flush(deps);
        const got = await claim(deps, claimSize());
        queue.push(...got);
        if (got.length === 0) exhausted = true;
      } catch (err) {
        log.error({ err }, 'could not claim outbox messages; the next drain retries');
        exhausted = true;
      } finally {
        claiming = undefined;
      }
    })());
  const worker = async () => {
    while (!opts.stopped?.()) {
      const c = queue.shift();
      if (!c) {
        if (exhausted) return;
        await refill();
        continue;
      }
      if (queue.length < opts.concurrency && !exhausted) void refill();
      await opts.yieldTo?.();
      totals[await deliverOne(deps, c, reached, outcomes)] += 1;
      paceCount += 1;
    }
  };
  await Promise.all(Array.from({ length: opts.concurrency }, worker));
  await claiming;
  await reached.flush(deps);
  return totals;
}

export interface OutboxDrainer {
  /** drain now (e.g. after a tick planned new messages) */
  wake(): void;
  /** finishes the sends in flight, then resolves */
  stop(): Promise<void>;
}

/**
 * Drains continuously: after each drain it waits for `wake()` or `idleMs` (messages that became due
 * by time — quiet hours ending, retries — or that another instance planned), then drains again.
 */
export function startOutboxDrainer(
  deps: DispatchDeps,
  opts: DrainOptions & { idleMs?: number; onDrained?: (t: DrainTotals) => void },
): OutboxDrainer {
  let stopping = false;
  let wakeUp: (() => void) | undefined;
  let woken = false;
  const loop = (async () => {
    while (!stopping) {
      woken = false;
      const t = await drainOutbox(deps, { ...opts, stopped: () => stopping });
      if (t.sent + t.cancelled + t.failed > 0) opts.onDrained?.(t);
      if (stopping || woken) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, opts.idleMs ?? 1000);
        wakeUp = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wakeUp = undefined;
    }
  })();
  return {
    wake() {
      woken = true;
      wakeUp?.();
    },
    async stop() {
      stopping = true;
      wakeUp?.();
      await loop;
    },
  };
}
