/**
 * The measured part of the benchmark, run in a child process per provider (so that peak RSS is the
 * provider's own): a day of the engine on a seeded city.
 *
 *   00:00Z (08:00 local)  pre-open tick: no daily work yet; opens the week's reviews (not a target)
 *   00:01Z                outbox: the week's review cards through a no-op messenger (each card
 *                         counts its unit's week when it is drawn)
 *   00:30Z (08:30 local)  opening tick: every device's daily task and one prompt per officer
 *   00:31Z                idle ticks: nothing is due
 *   00:40Z                outbox: the 08:30 fan-out (the first BENCH_DISPATCH messages, default all)
 *                         through a no-op messenger, as the service drains it (drainOutbox with
 *                         the configured concurrency): messages/s and statements per message
 *   07:30Z (15:30 local)  reminder tick: every daily task is looked at again
 *   09:30Z (17:30 local)  escalation tick: every unit's director hears about all its devices
 *
 * Usage: node .bench-build/bench/scenario.js <database url> (compiled by bench/run.ts); prints one
 * line `BENCH_RESULT <json>`.
 */

import { ManualClock } from '../src/adapters/clock/manual-clock.js';
import { providerOf } from '../src/adapters/store/db.js';
import { PrismaStore } from '../src/adapters/store/prisma-store.js';
import { channelRegistry } from '../src/app/channel-registry.js';
import { drainOutbox } from '../src/app/dispatch-outbox.js';
import type { EngineDeps } from '../src/app/engine-deps.js';
import type { Logger, PromptSender } from '../src/app/ports.js';
import { runTick, type TickResult } from '../src/app/run-tick.js';
import { loadConfig } from '../src/config/load-config.js';
import { HolidayCalendar } from '../src/domain/holiday-calendar.js';
import { countStatements, statementTimes } from './count-queries.js';
import { maxRssMb, measure, type StepResult } from './measure.js';

/** Messages the fan-out dispatch step sends at most (default: all of them). */
const DISPATCH_CAP = Number(process.env.BENCH_DISPATCH ?? Number.POSITIVE_INFINITY);

const quiet: Logger = { debug() {}, info() {}, warn() {}, error() {}, child: () => quiet };
const n = (x: number) => x.toLocaleString('en-US');

function summarise(r: TickResult): { work: string } {
  const { tasks, messages, rescheduled } = r.summary;
  const msgs = Object.entries(messages)
    .map(([p, c]) => `${n(c)} ${p}s`)
    .join(', ');
  if (r.unitsPlanned === 0) return { work: 'nothing due' };
  const parts = [
    `${n(r.unitsPlanned)} units`,
    tasks ? `${n(tasks)} tasks` : '',
    msgs,
    rescheduled ? `${n(rescheduled)} tasks rescheduled` : '',
  ];
  return { work: parts.filter(Boolean).join(', ') || 'nothing due' };
}

async function main(url: string): Promise<void> {
  const config = loadConfig({ dir: 'config', env: {} });
  const store = await PrismaStore.open(url);
  const clock = new ManualClock(new Date('2026-12-01T00:00:00Z'));
  let sent = 0;
  const messenger: PromptSender = { name: 'bench', sendPrompt: async () => ({ platformMessageId: `bench-${++sent}` }) };
  const deps: EngineDeps = {
    store,
    clock,
    log: quiet,
    calendar: new HolidayCalendar(config.calendars),
    defaults: config.service,
    channels: channelRegistry([messenger]),
  };
  const tick = (at: string) => async () => {
    clock.set(new Date(at));
    return summarise(await runTick(deps, clock.now()));
  };

  await store.ping();
  const statements = await countStatements(providerOf(url), url);
  const startRssMb = Math.round(process.memoryUsage.rss() / 1024 / 1024);
  const steps: StepResult[] = [];
  /** Drains the outbox as the service does (drainOutbox, the configured concurrency), at most `cap` sends. */
  const dispatch =
    (at: string, what: string, cap = Number.POSITIVE_INFINITY) =>
    async () => {
      clock.set(new Date(at));
      const pending = await store.db.message.count({ where: { state: 'pending' } });
      statementTimes();
      const [sent0, q0] = [sent, statements()];
      const t = await drainOutbox(deps, {
        concurrency: config.service.delivery.concurrency,
        stopped: () => sent - sent0 >= cap,
      });
      const total = t.sent + t.cancelled + t.failed;
      const perMessage = (statements() - q0) / Math.max(1, total);
      if (process.env.BENCH_SQL_TIMES) process.stderr.write(`${what}: statements by time\n${statementTimes()}\n`);
      return {
        work: `${n(t.sent)} ${what} sent of ${n(pending)} pending, ${n(t.cancelled)} cancelled, ${n(t.failed)} failed; ${perMessage.toFixed(2)} statements/message`,
        count: total,
      };
    };
  steps.push(await measure('pre-open tick 08:00', tick('2026-12-01T00:00:00Z')));
  steps.push(await measure('dispatch 08:00 (weekly cards)', dispatch('2026-12-01T00:01:00Z', 'weekly cards')));
  steps.push(await measure('opening tick 08:30', tick('2026-12-01T00:30:00Z')));
  const idle: StepResult[] = [];
  for (let i = 0; i < 5; i++) idle.push(await measure('idle tick', tick(`2026-12-01T00:3${1 + i}:00Z`)));
  const median = [...idle].sort((a, b) => a.ms - b.ms)[2]!;
  steps.push({
    ...median,
    name: 'idle tick (median of 5)',
    work: `${median.work}; min ${Math.min(...idle.map((s) => s.ms))} ms, max ${Math.max(...idle.map((s) => s.ms))} ms`,
  });
  steps.push(await measure('dispatch 08:30 fan-out', dispatch('2026-12-01T00:40:00Z', 'daily prompts', DISPATCH_CAP)));
  steps.push(await measure('reminder tick 15:30', tick('2026-12-01T07:30:00Z')));
  steps.push(await measure('escalation tick 17:30', tick('2026-12-01T09:30:00Z')));
  // What the day left in the database, as a check that every step really wrote what it planned.
  const [tasks, messages] = await Promise.all([
    store.db.task.groupBy({ by: ['kind'], _count: { _all: true } }),
    store.db.message.groupBy({ by: ['purpose'], _count: { _all: true } }),
  ]);
  const rows = [
    ...tasks.map((t) => `${n(t._count._all)} ${t.kind} tasks`),
    ...messages.map((m) => `${n(m._count._all)} ${m.purpose} messages`),
  ].join(', ');
  const counts = await store.counts();
  await store.close();
  process.stdout.write(`BENCH_RESULT ${JSON.stringify({ steps, maxRssMb: maxRssMb(), startRssMb, counts, rows })}\n`);
}

const url = process.argv[2];
if (!url) {
  process.stderr.write('usage: tsx bench/scenario.ts <database url>\n');
  process.exit(2);
}
main(url).catch((e: unknown) => {
  process.stderr.write(`${(e as Error).stack ?? String(e)}\n`);
  process.exit(1);
});
