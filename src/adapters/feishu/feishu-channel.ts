/**
 * The Feishu channel assembled (the Channel port): client, rate limiter, messenger and receiver (long
 * connection, or a webhook handler that the HTTP server mounts at /webhooks/feishu).
 */
import type http from 'node:http';
import type * as lark from '@larksuiteoapi/node-sdk';
import type { ChannelHealth, Metrics } from '../../app/metrics.js';
import type { AnswersStore, Channel, Clock, InboxStore, Logger, OutboxStore } from '../../app/ports.js';
import { FEISHU_SEND_RATES, SharedSendBudget } from '../../app/send-budget.js';
import { wallTimeMs } from '../clock/wall-time.js';
import { createFeishuClient, type FeishuClient } from './feishu-client.js';
import { FeishuMessenger } from './feishu-messenger.js';
import { createDispatcher, type ReceiverSettings, startLongConnection, webhookHandler } from './feishu-receiver.js';
import { describeResolution, resolveOpenIds } from './resolve-open-ids.js';

export interface FeishuChannelDeps {
  /** the send budget (outbox), open_ids found by mobile (inbox), a unit's people for the receiver (answers) */
  store: OutboxStore & InboxStore & AnswersStore;
  clock: Clock;
  log: Logger;
  metrics?: Metrics;
}

/** The Feishu Channel: the messenger's sending and updating, and receiving once started. */
export interface FeishuChannel extends Channel {
  messenger: FeishuMessenger;
  /** set in webhook mode once started: handles POST /webhooks/feishu */
  webhook?: (req: http.IncomingMessage, body: string, res: http.ServerResponse) => Promise<void>;
  /** the connection's state, for /readyz (webhook mode: Feishu calls us, nothing to hold open) */
  health(): ChannelHealth;
}

/**
 * A recipient without a usable open_id at send time (added to 可用范围 since the start, or bound to
 * another app's id): ask Feishu by mobile, at most once an hour per person.
 */
export function openIdAskedAtMostHourly(
  feishu: FeishuClient,
  store: InboxStore,
  now: () => Date,
  log: Logger,
): (personId: string) => Promise<string | undefined> {
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

/**
 * Builds the Feishu channel: client, rate limiter, messenger; resolves open_ids from mobiles and
 * reads the bot's identity. Receiving starts with start(handler): the long connection, or the
 * webhook handler the HTTP server mounts.
 */
export async function createFeishuChannel(settings: ReceiverSettings, deps: FeishuChannelDeps): Promise<FeishuChannel> {
  const log = deps.log.child({ channel: 'feishu' });
  const feishu = createFeishuClient(settings, log);
  const messenger = new FeishuMessenger({
    feishu,
    // One budget per Feishu app, held in the database: the instances together stay inside Feishu's limits.
    limiter: new SharedSendBudget(
      deps.store,
      `feishu:${settings.appId}`,
      FEISHU_SEND_RATES,
      wallTimeMs,
      undefined,
      (err, key) => log.warn({ err, key }, 'feishu: a rate-limit hold was not shared with the other instances'),
    ),
    now: () => deps.clock.now(),
    peopleOf: async (unitId) =>
      (await deps.store.loadUnitContext(unitId))?.people.map((p) => ({ id: p.id, name: p.name })) ?? [],
    openIdOf: openIdAskedAtMostHourly(feishu, deps.store, () => deps.clock.now(), log),
    log,
  });
  try {
    log.info({}, describeResolution(await resolveOpenIds(feishu, deps.store, deps.clock.now(), log)));
  } catch (e) {
    log.warn(
      { err: e },
      `feishu: open_ids could not be found by mobile; binding codes (绑定) still work: ${(e as Error).message}`,
    );
  }
  let botOpenId: string | undefined;
  try {
    const info = (await feishu.client.request({ method: 'GET', url: '/open-apis/bot/v3/info' })) as {
      bot?: { open_id?: string };
    };
    botOpenId = info.bot?.open_id;
  } catch (e) {
    log.warn(
      { err: e },
      'feishu: could not read the bot identity; @mentions in groups are not recognised until it can',
    );
  }
  let conn: { stop(): void; health(): ChannelHealth } | undefined;
  const channel: FeishuChannel = {
    name: messenger.name,
    answerDeadlineMs: messenger.answerDeadlineMs,
    messenger,
    sendPrompt: (m, to) => messenger.sendPrompt(m, to),
    updatePrompt: (ref, prompt) => messenger.updatePrompt(ref, prompt),
    sendText: (to, text, key) => messenger.sendText(to, text, key),
    sendFile: (to, file, key) => messenger.sendFile(to, file, key),
    ownsChat: (chatId) => chatId.startsWith('oc_'),
    health: () =>
      settings.mode === 'webhook'
        ? { ok: true, state: 'webhook' }
        : (conn?.health() ?? { ok: false, state: 'connecting', detail: '飞书长连接尚未启动' }),
    async start(handle) {
      const clock = deps.clock;
      const dispatcher = createDispatcher(
        settings,
        { log, clock, messenger, handle, ...(deps.metrics ? { metrics: deps.metrics } : {}) },
        {
          log,
          clock,
          botOpenId: () => botOpenId,
          handle,
          downloadImage: (id, key) => downloadImage(feishu.client, id, key),
        },
        log,
      );
      if (settings.mode === 'webhook') channel.webhook = webhookHandler(settings, dispatcher, log);
      else conn = startLongConnection(settings, dispatcher, log);
    },
    async stop() {
      conn?.stop();
    },
  };
  return channel;
}

/**
 * A picture's bytes are refused beyond this while they arrive (photos are ≤ 10 MB; the rest is read to say how large).
 */
const IMAGE_READ_LIMIT = 32 * 1024 * 1024;

/**
 * The bytes of a picture a person sent: 获取消息中的资源文件,
 * GET /open-apis/im/v1/messages/:message_id/resources/:file_key?type=image (scope im:resource;
 * https://open.feishu.cn/document/uAjLw4CM/ukTMukTMukTM/reference/im-v1/message-resource/get).
 * Read as a stream and cut off beyond IMAGE_READ_LIMIT, so a huge file cannot fill the memory.
 */
export async function downloadImage(client: lark.Client, messageId: string, imageKey: string): Promise<Uint8Array> {
  const res = await client.im.messageResource.get({
    path: { message_id: messageId, file_key: imageKey },
    params: { type: 'image' },
  });
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of res.getReadableStream()) {
    const b = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
    size += b.length;
    if (size > IMAGE_READ_LIMIT) break;
    chunks.push(b);
  }
  return Buffer.concat(chunks);
}
