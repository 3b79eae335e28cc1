/**
 * Composition root: from a loaded configuration, build the adapters, wire the use cases and start.
 * Returns a handle whose stop() ends everything in order (HTTP, scheduler, database).
 */

import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import cron from 'node-cron';
import { wallTimeMs } from './adapters/clock/wall-time.js';
import { ConsoleMessenger } from './adapters/console/console-messenger.js';
import { DiskEvidenceFiles } from './adapters/evidence/disk-evidence-files.js';
import { sharpThumbnails } from './adapters/evidence/sharp-thumbnails.js';
import type { FeishuChannel } from './adapters/feishu/feishu-channel.js';
import { randomIds } from './adapters/ids/random-ids.js';
import { PromMetrics } from './adapters/metrics/prom-metrics.js';
import { REPORT_WRITERS } from './adapters/reports/writers.js';
import { redactUrl } from './adapters/store/db.js';
import { dbProblemMessage } from './adapters/store/db-errors.js';
import { outboxBacklog } from './adapters/store/operator-queries.js';
import type { PrismaStore } from './adapters/store/prisma-store.js';
import { telegramRenderer } from './adapters/telegram/render/index.js';
import {
  TELEGRAM_LIMITS,
  type TelegramLimits,
  TelegramPacer,
  withSharedBudget,
} from './adapters/telegram/send-pacer.js';
import type { TelegramChannel } from './adapters/telegram/telegram-channel.js';
import { AnswersFirst } from './app/answers-first.js';
import { channelRegistry } from './app/channel-registry.js';
import type { ChatAccount } from './app/commands/conversation.js';
import { handleText } from './app/commands/handle-text.js';
import { openPhotoStep } from './app/commands/waiting.js';
import { drainOutbox, startOutboxDrainer } from './app/dispatch-outbox.js';
import type { EngineDeps } from './app/engine-deps.js';
import type { PhotoAsk } from './app/evidence/photo-flow.js';
import { handleInbound } from './app/inbound/handle-inbound.js';
import { redrawElsewhere } from './app/inbound/redraw-elsewhere.js';
import { redrawHazardPrompts } from './app/inbound/redraw-hazard-prompts.js';
import type { ChannelHealth } from './app/metrics.js';
import { LeaseKeeper, PLANNER_LEASE } from './app/planner-lease.js';
import type { Channel, Clock, InboundHandler, Logger } from './app/ports.js';
import { viewOf } from './app/prompts/views.js';
import { runTick } from './app/run-tick.js';
import { type SendRates, SharedSendBudget, TELEGRAM_SEND_RATES } from './app/send-budget.js';
import { openMigratedStore } from './cli/open-store.js';
import { calendarWarnings } from './config/calendar-warnings.js';
import { activeChannels } from './config/channels.js';
import type { Config } from './config/load-config.js';
import { dutiesLookup } from './config/load-duties.js';
import { HolidayCalendar } from './domain/holiday-calendar.js';
import { createHttpServer, type HttpExtension } from './http/server.js';
import { configReloader } from './service-reload.js';

export const VERSION = '0.1.0';

export interface Service {
  port: number;
  /** reads the configuration folder again and applies it (SIGHUP); false when it is invalid (the old one is kept) */
  reload?(reason: string): Promise<boolean>;
  stop(): Promise<void>;
}

export interface ServiceOptions {
  log: Logger;
  clock: Clock;
  /** tick every this many real milliseconds instead of every minute (virtual clocks run faster) */
  tickEveryMs?: number;
  /**
   * each tick drains the outbox before it returns (the sandbox: its
   * clock jumps wait for the cards); else a drainer runs continuously
   */
  drainInTick?: boolean;
  /** a hook (the sandbox) that serves extra HTTP routes with access to the running engine */
  extendHttp?: (running: RunningService) => HttpExtension;
  /** reads and validates the configuration folder again, for reloads without a restart (service-reload.ts) */
  reloadConfig?: () => Readonly<Config>;
  /**
   * Telegram's send pacing, by default its documented limits (TELEGRAM_LIMITS, TELEGRAM_SEND_RATES). Tests whose
   * subject is not the pacing (tests/telegram/transport.test.ts proves it) space sends to one chat closer, so that
   * a guided dialog does not wait a real second per question.
   */
  telegramPacing?: { limits: TelegramLimits; rates: SendRates };
}

/** What a hook sees of the running service. */
export interface RunningService {
  store: PrismaStore;
  engine: EngineDeps;
  /** one tick (plan, then deliver the outbox) after any tick in progress */
  tick(): Promise<void>;
  /** runs `fn` with no tick in progress meanwhile; `fn` may tick itself through its argument */
  exclusive<T>(fn: (tickOnce: () => Promise<void>) => Promise<T>): Promise<T>;
}

/** A tick's failure for /readyz: the database's problem in Chinese, else the error's last line (Prisma's cause). */
function problemOf(e: unknown): string {
  const known = dbProblemMessage(e);
  if (known) return known;
  const lines = String((e as Error)?.message ?? e)
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  return (lines.at(-1) ?? '原因不明').slice(0, 200);
}

export async function startService(config: Readonly<Config>, deps: ServiceOptions): Promise<Service> {
  const { log, clock } = deps;
  for (const w of [...config.warnings, ...calendarWarnings(config.calendars, clock.now(), config.dir)])
    log.warn({ warning: w }, 'configuration');
  const url = config.service.database.url;
  const store = await openMigratedStore(url, (line) => log.info({ db: redactUrl(url) }, line), {
    recordKey: config.recordKey,
  });
  const results = await store.applyUnits(config.units, clock.now());
  for (const r of results)
    log.info(
      { unit: r.key, created: r.created, changes: r.changes },
      r.changes.length ? 'unit configuration applied' : 'unit configuration unchanged',
    );

  const channels = activeChannels(config.service);
  if (channels.length === 0) log.info({}, 'no channel configured: messages are written to this log');
  let defaults = config.service; // replaced by a reload (read by each inbound event)
  const commandSettings = {
    missedDays: config.service.commands.missed_days,
    questionMinutes: config.service.commands.question_minutes,
  };
  // The registry of channels: each outbox message goes to its recipient's channel(s) (app/channel-registry.ts).
  const started: Channel[] = [];
  let feishu: FeishuChannel | undefined;
  const metrics = new PromMetrics({ db: store.db, clock, channels });
  // Photos as evidence (app/evidence): files by SHA-256 under evidence.dir. Once photos are recorded, the
  // hazards' open prompts are drawn again on every channel (the 核实 card's missing-photo line goes).
  const evidence = new DiskEvidenceFiles(path.resolve(config.service.evidence.dir));
  const photosRecorded = (hazardIds: string[]) =>
    redrawHazardPrompts({ store, channels: registry, clock, log }, hazardIds);
  /** each channel's connection state, for /readyz */
  const channelHealth: Record<string, () => ChannelHealth> = {};
  if (channels.includes('feishu')) {
    const f = config.service.channels.feishu;
    // Each platform's SDK is loaded only when its channel is configured (the Feishu SDK alone is a 6 MB script).
    const { createFeishuChannel } = await import('./adapters/feishu/feishu-channel.js');
    feishu = await createFeishuChannel(
      {
        appId: f.app_id!,
        appSecret: f.app_secret!,
        domain: f.domain,
        mode: f.mode,
        encryptKey: f.encrypt_key,
        verificationToken: f.verification_token,
        requestTimeoutMs: config.service.delivery.request_timeout_seconds * 1000,
      },
      { store, clock, log, metrics },
    );
    started.push(feishu);
    channelHealth.feishu = feishu.health;
  }
  let telegram: TelegramChannel | undefined;
  if (channels.includes('telegram')) {
    const t = config.service.channels.telegram;
    const { TelegramChannel } = await import('./adapters/telegram/telegram-channel.js');
    const tg = new TelegramChannel(
      {
        token: t.token!,
        apiRoot: t.api_root,
        mode: t.mode,
        webhookUrl: t.webhook_url,
        webhookSecret: t.webhook_secret,
        requestTimeoutMs: config.service.delivery.request_timeout_seconds * 1000,
      },
      {
        log,
        wallMs: wallTimeMs,
        now: () => clock.now(),
        // Instances of one bot share its budget (the token's bot
        // id names it; the secret part stays out of the database).
        pacer: withSharedBudget(
          new TelegramPacer(deps.telegramPacing?.limits ?? TELEGRAM_LIMITS, wallTimeMs),
          new SharedSendBudget(
            store,
            `telegram:${t.token!.split(':')[0]}`,
            deps.telegramPacing?.rates ?? TELEGRAM_SEND_RATES,
            wallTimeMs,
          ),
        ),
        renderer: telegramRenderer({
          store,
          clock,
          log,
          viewOf,
          settings: commandSettings,
          evidence,
          photosRecorded,
        }),
      },
    );
    started.push(tg);
    channelHealth.telegram = () => tg.health();
    telegram = tg;
  }
  // No channel: every message is written to this log.
  if (started.length === 0) started.push(new ConsoleMessenger(log));
  const registry = channelRegistry(started);
  // One inbound entry for every channel: each event is handled by the app and answered through its own channel.
  // A photo step opened by a command (照片, 整改, 上报) first puts aside what the account waited for (waiting.ts).
  const askPhotos = (account: ChatAccount, ask: PhotoAsk) =>
    openPhotoStep({ store, clock, log, settings: commandSettings, files: evidence, photosRecorded }, account, ask);
  const commandDeps = {
    store,
    clock,
    log,
    ids: randomIds,
    defaults,
    writers: REPORT_WRITERS,
    settings: commandSettings,
    askPhotos,
    evidence,
    photosRecorded,
    duties: dutiesLookup(config.duties),
    thumbnails: sharpThumbnails,
  };
  // Card callbacks (answered within the platform's deadline) go before the outbox's sends.
  const answersFirst = new AnswersFirst();
  const inbound =
    (channel: Channel): InboundHandler =>
    (event) => {
      const handle = () =>
        handleInbound(
          {
            store,
            clock,
            log,
            ids: randomIds,
            defaults,
            channel,
            evidence,
            photosRecorded,
            settings: commandSettings,
            text: (account, text) => handleText(commandDeps, account, text),
            elsewhere: (ref, prompt) => redrawElsewhere({ store, channels: registry, log }, channel.name, ref, prompt),
          },
          event,
        );
      return event.type === 'action' ? answersFirst.answer(handle) : handle();
    };
  for (const c of registry.all) await c.start(inbound(c));

  const engine: EngineDeps = {
    store,
    clock,
    log,
    calendar: new HolidayCalendar(config.calendars),
    defaults,
    channels: registry,
    metrics,
    photosKept: true,
  };
  // The outbox drains continuously at the channel's pace (woken by each tick, else every second).
  const concurrency = config.service.delivery.concurrency;
  const drainer = deps.drainInTick
    ? null
    : startOutboxDrainer(engine, {
        concurrency,
        yieldTo: () => answersFirst.turn(),
        onDrained: (t) => log.info(t, 'outbox drained'),
      });
  // The tick: every minute the engine decides what is due and delivers the outbox. The first one
  // runs at once, catching up on whatever became due while the service was down.
  // Real (monotonic) time of the tick for /readyz and /metrics, whatever clock the engine runs on: when the
  // last one succeeded, and how many failed since (a tick that fails every minute is not work done).
  const ticks = {
    startedAt: null as number | null,
    succeededAt: null as number | null,
    failures: 0,
    lastError: undefined as string | undefined,
  };
  // One instance plans each minute (the planner lease, app/planner-lease.ts); every instance delivers.
  const wallNow = () => new Date(wallTimeMs());
  const planner = new LeaseKeeper(
    store,
    PLANNER_LEASE,
    `${os.hostname()}/${process.pid}/${randomIds.newId().slice(0, 8)}`,
    wallNow,
    log,
  );
  const tick = async () => {
    ticks.startedAt = performance.now();
    let failure: unknown = null;
    try {
      if (await planner.refresh()) {
        const r = await runTick(engine, engine.clock.now(), { yieldTo: () => answersFirst.turn() });
        if (r.unitsPlanned) log.info({ units: r.unitsPlanned, ...r.summary }, 'tick');
        // Receivers' send slots pile up over a fan-out; an hour later they say nothing any more.
        await store.pruneSendSlots(new Date(wallTimeMs() - 3600_000));
      }
      // The lease could not be read or written: nobody may be planning (logged by the keeper).
      failure = planner.failure;
      if (drainer) drainer.wake();
      else await drainOutbox(engine, { concurrency });
    } catch (e) {
      failure = e;
      log.error({ err: e }, 'tick failed; the next tick retries');
    }
    const finishedAt = performance.now();
    if (failure === null) Object.assign(ticks, { succeededAt: finishedAt, failures: 0, lastError: undefined });
    else Object.assign(ticks, { failures: ticks.failures + 1, lastError: problemOf(failure) });
    metrics.tickDone((finishedAt - ticks.startedAt) / 1000);
    ticks.startedAt = null;
  };
  // Ticks run one after another: the scheduled ones, and those a hook asks for (the sandbox's clock jumps).
  let queue: Promise<unknown> = Promise.resolve();
  const exclusive = <T>(fn: (tickOnce: () => Promise<void>) => Promise<T>): Promise<T> => {
    const run = queue.then(() => fn(tick));
    queue = run.catch(() => undefined);
    return run;
  };
  const tickNow = () => exclusive(tick);
  const reloader = deps.reloadConfig
    ? configReloader(config, {
        store,
        log,
        now: () => clock.now(),
        load: deps.reloadConfig,
        exclusive: (fn) => exclusive(fn),
        install: (next) => {
          defaults = next.service;
          commandDeps.defaults = next.service;
          commandDeps.duties = dutiesLookup(next.duties);
          engine.defaults = next.service;
          engine.calendar = new HolidayCalendar(next.calendars);
        },
      })
    : null;

  const extension = deps.extendHttp?.({ store, engine, tick: tickNow, exclusive });
  const tickEveryMs = deps.tickEveryMs ?? 60_000;
  const server = createHttpServer({
    store,
    log,
    version: VERSION,
    posts: {
      ...(feishu?.webhook ? { '/webhooks/feishu': feishu.webhook } : {}),
      ...(telegram && config.service.channels.telegram.mode === 'webhook'
        ? { '/webhooks/telegram': telegram.webhook() }
        : {}),
    },
    extension,
    metrics: () => metrics.exposition(),
    ready: {
      channels: channelHealth,
      tickAge: () => {
        const now = performance.now();
        return {
          sinceLastMs: ticks.succeededAt === null ? null : now - ticks.succeededAt,
          runningForMs: ticks.startedAt === null ? null : now - ticks.startedAt,
          failures: ticks.failures,
          ...(ticks.lastError ? { lastError: ticks.lastError } : {}),
        };
      },
      maxTickAgeMs: Math.max(3 * tickEveryMs, 3 * 60_000),
      backlog: async () => {
        const now = clock.now();
        const b = await outboxBacklog(store.db, now);
        return {
          due: b.due,
          retrying: b.retrying,
          oldestMs: b.oldestDueAt ? now.getTime() - b.oldestDueAt.getTime() : null,
        };
      },
      maxBacklogAgeMs: 15 * 60_000,
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.service.http.port, config.service.http.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  log.info({ port, db: redactUrl(url), channels }, `SafeDuty 已启动：http://localhost:${port}`);

  await tickNow();
  planner.start();
  let running = false;
  const guarded = async () => {
    if (running) return;
    running = true;
    await (reloader?.checkMark() ?? Promise.resolve()).then(tickNow).finally(() => (running = false));
  };
  const cronTask = deps.tickEveryMs ? null : cron.schedule('* * * * *', guarded, { name: 'tick', noOverlap: true });
  const interval = deps.tickEveryMs ? setInterval(() => void guarded(), deps.tickEveryMs) : null;

  return {
    port,
    ...(reloader ? { reload: reloader.reload } : {}),
    async stop() {
      await cronTask?.destroy();
      if (interval) clearInterval(interval);
      await drainer?.stop();
      await planner.stop();
      for (const c of registry.all)
        await c.stop().catch((err: unknown) => log.warn({ err, channel: c.name }, 'channel did not stop cleanly'));
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await store.close();
      log.info({}, 'SafeDuty 已停止');
    },
  };
}
