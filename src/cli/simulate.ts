/**
 * `safeduty simulate --from D --to D [--config DIR] [--answers FILE] [--json]`: the real engine on a
 * virtual clock against a throw-away database built from the configuration; prints day by day every
 * prompt, reminder, escalation, record and hazard step (or one JSON object per line).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ManualClock } from '../adapters/clock/manual-clock.js';
import { randomIds } from '../adapters/ids/random-ids.js';
import { migrateDatabase } from '../adapters/store/migrations.js';
import { PrismaStore } from '../adapters/store/prisma-store.js';
import { AppError } from '../app/app-error.js';
import type { Logger } from '../app/ports.js';
import type { SimEvent } from '../app/simulation/events.js';
import { runSimulation, type TimedAction } from '../app/simulation/run-simulation.js';
import { type Script, scriptSchema } from '../app/simulation/script.js';
import { ConfigError } from '../config/config-error.js';
import { readYamlFile } from '../config/read-yaml.js';
import { HolidayCalendar } from '../domain/holiday-calendar.js';
import { addDays, atLocal, daysBetween, eachDay, parseLocalDate } from '../domain/local-time.js';
import { formatEvent } from './format-event.js';
import { loadFromFlags, parseOptions } from './options.js';

const quiet: Logger = { debug() {}, info() {}, warn() {}, error() {}, child: () => quiet };

export async function simulate(args: string[]): Promise<number> {
  const { values } = parseOptions(args, {
    from: { type: 'string' },
    to: { type: 'string' },
    answers: { type: 'string' },
    json: { type: 'boolean' },
  });
  const from = parseLocalDate(values.from ?? '');
  const to = parseLocalDate(values.to ?? '');
  if (!from || !to) throw new AppError('USAGE', '请用 --from 和 --to 指定日期，例如 --from 2026-12-01 --to 2026-12-31');
  if (to < from || daysBetween(from, to) > 366) throw new AppError('USAGE', '--to 须不早于 --from，且模拟不超过一年');
  const config = loadFromFlags(values.config);
  if (config.units.length === 0) throw new AppError('USAGE', '配置中没有单位，无可模拟：请在 units/ 中添加单位文件');
  const tz = config.units[0]!.timeZone;
  const script = values.answers ? readScript(values.answers) : { answers: [], routine: [] };

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'safeduty-sim-'));
  const url = `file:${path.join(dir, 'sim.db')}`;
  try {
    await migrateDatabase(url);
    const store = await PrismaStore.open(url);
    try {
      const start = atLocal(from, '00:00', tz);
      await store.applyUnits(config.units, start);
      const clock = new ManualClock(start);
      const deps = {
        store,
        clock,
        log: quiet,
        calendar: new HolidayCalendar(config.calendars),
        defaults: config.service,
        ids: randomIds,
      };
      let lastDay = '';
      const emit = (e: SimEvent) => {
        if (values.json) return void console.log(JSON.stringify(e));
        const { day, line } = formatEvent(e, tz);
        if (day !== lastDay) console.log(`\n── ${day} ──`);
        lastDay = day;
        console.log(line);
      };
      await runSimulation(deps, start, atLocal(addDays(to, 1), '00:00', tz), timedActions(script, from, to, tz), emit);
    } finally {
      await store.close();
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return 0;
}

function readScript(file: string): Script {
  const issues: ConstructorParameters<typeof ConfigError>[0] = [];
  const s = readYamlFile(path.resolve(file), scriptSchema, issues);
  if (!s) throw new ConfigError(issues);
  return s;
}

/** One-off answers at their time; routines every day of the range except the listed dates. */
export function timedActions(s: Script, from: string, to: string, tz: string): TimedAction[] {
  const out: TimedAction[] = [];
  for (const a of s.answers) {
    const [date, time] = a.when.split(' ') as [string, string];
    out.push({ at: atLocal(date, time, tz), who: a.who, action: a });
  }
  for (const r of s.routine) {
    for (const d of eachDay(from, to))
      if (!r.except.includes(d)) out.push({ at: atLocal(d, r.at, tz), who: r.who, action: r });
  }
  return out;
}
