/**
 * The Feishu channel assembled: client, rate limiter, messenger and receiver (long connection, or a
 * webhook handler that the HTTP server mounts at /webhooks/feishu).
 */
import type http from 'node:http';
import type { EngineDefaults } from '../../app/engine-deps.js';
import type { Clock, Ids, Logger, Store } from '../../app/ports.js';
import type { ChannelHealth, Metrics } from '../../app/metrics.js';
import type { Reply } from '../../app/commands/handle-text.js';
import { wallTimeMs } from '../clock/wall-time.js';
import { createFeishuClient, type FeishuClient } from './feishu-client.js';
import { FeishuMessenger } from './feishu-messenger.js';
import { describeResolution, resolveOpenIds } from './resolve-open-ids.js';
import { createDispatcher, startLongConnection, webhookHandler, type ReceiverSettings } from './feishu-receiver.js';
import { FEISHU_SEND_LIMITS, RateLimiter } from './rate-limiter.js';

export interface FeishuChannelDeps {
  store: Store;
  clock: Clock;
  log: Logger;
  ids: Ids;
  defaults: EngineDefaults;
  reply: (account: { channel: 'feishu'; externalId: string }, text: string) => Promise<Reply>;
  metrics?: Metrics;
}

export interface FeishuChannel {
  messenger: FeishuMessenger;
  /** set in webhook mode: handles POST /webhooks/feishu */
  webhook?: (req: http.IncomingMessage, body: string, res: http.ServerResponse) => Promise<void>;
  /** the connection's state, for /readyz (webhook mode: Feishu calls us, nothing to hold open) */
  health(): ChannelHealth;
  stop(): void;
}

/**
 * A recipient without a usable open_id at send time (added to 可用范围 since the start, or bound to
 * another app's id): ask Feishu by mobile, at most once an hour per person.
 */
export function openIdAskedAtMostHourly(feishu: FeishuClient, store: Store, now: () => Date, log: Logger): (personId: string) => Promise<string | undefined> {
  const asked = new Map<string, number>();
  return async (personId) => {
    const t = wallTimeMs();
    if ((asked.get(personId) ?? Number.NEGATIVE_INFINITY) > t - 3600_000) return undefined;
    asked.set(personId, t);
    try {
      return (await resolveOpenIds(feishu, store, now(), log, [personId])).found.get(personId);
    } catch (e) {
      log.warn({ personId, err: e }, 'feishu: could not look up an open_id by mobile');
      return undefined;
    }
  };
}

export async function startFeishuChannel(settings: ReceiverSettings, deps: FeishuChannelDeps): Promise<FeishuChannel> {
  const log = deps.log.child({ channel: 'feishu' });
  const feishu = createFeishuClient(settings, log);
  const messenger = new FeishuMessenger({
    feishu,
    limiter: new RateLimiter(FEISHU_SEND_LIMITS, wallTimeMs),
    now: () => deps.clock.now(),
    peopleOf: async (unitId) => (await deps.store.loadUnitContext(unitId))?.people.map((p) => ({ id: p.id, name: p.name })) ?? [],
    openIdOf: openIdAskedAtMostHourly(feishu, deps.store, () => deps.clock.now(), log),
  });
  try {
    log.info({}, describeResolution(await resolveOpenIds(feishu, deps.store, deps.clock.now(), log)));
  } catch (e) {
    log.warn({ err: e }, `feishu: open_ids could not be found by mobile; binding codes (绑定) still work: ${(e as Error).message}`);
  }
  let botOpenId: string | undefined;
  try {
    const info = (await feishu.client.request({ method: 'GET', url: '/open-apis/bot/v3/info' })) as { bot?: { open_id?: string } };
    botOpenId = info.bot?.open_id;
  } catch (e) {
    log.warn({ err: e }, 'feishu: could not read the bot identity; @mentions in groups are not recognised until it can');
  }
  const dispatcher = createDispatcher(
    settings,
    { ...deps, log, messenger },
    { store: deps.store, log, now: () => deps.clock.now(), messenger, botOpenId: () => botOpenId, reply: deps.reply },
    log,
  );
  if (settings.mode === 'webhook') return { messenger, webhook: webhookHandler(settings, dispatcher, log), health: () => ({ ok: true, state: 'webhook' }), stop() {} };
  const conn = startLongConnection(settings, dispatcher, log);
  return { messenger, health: () => conn.health(), stop: () => conn.stop() };
}
