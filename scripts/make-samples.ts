/**
 * Regenerates docs/samples/: simulates December 2026 on the demo unit (config/demo) with the
 * answers in docs/examples/answers-december.yaml, through the real engine and use cases on a
 * throw-away SQLite database, then exports every document in Word and Excel.
 *
 *   npx tsx scripts/make-samples.ts [--out docs/samples] [--all-categories]
 *
 * Per-category documents are written for 电梯 (where the month's story happens: a missed day, a
 * serious hazard, a paused elevator); --all-categories writes them for every category.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ManualClock } from '../src/adapters/clock/manual-clock.js';
import { randomIds } from '../src/adapters/ids/random-ids.js';
import { REPORT_WRITERS } from '../src/adapters/reports/writers.js';
import { migrateDatabase } from '../src/adapters/store/migrations.js';
import { PrismaStore } from '../src/adapters/store/prisma-store.js';
import { exportReport } from '../src/app/export-report.js';
import type { Logger } from '../src/app/ports.js';
import { runSimulation } from '../src/app/simulation/run-simulation.js';
import { scriptSchema } from '../src/app/simulation/script.js';
import { saveFiles } from '../src/cli/export.js';
import { timedActions } from '../src/cli/simulate.js';
import { ConfigError } from '../src/config/config-error.js';
import { loadConfig } from '../src/config/load-config.js';
import { readYamlFile } from '../src/config/read-yaml.js';
import { HolidayCalendar } from '../src/domain/holiday-calendar.js';
import { atLocal } from '../src/domain/local-time.js';

const { values } = parseArgs({
  options: { out: { type: 'string', default: 'docs/samples' }, 'all-categories': { type: 'boolean', default: false } },
});
const quiet: Logger = { debug() {}, info() {}, warn() {}, error() {}, child: () => quiet };
const TZ = 'Asia/Shanghai';

const config = loadConfig({ dir: 'config/demo', env: {} });
const issues: ConstructorParameters<typeof ConfigError>[0] = [];
const script = readYamlFile(path.resolve('docs/examples/answers-december.yaml'), scriptSchema, issues);
if (!script) throw new ConfigError(issues);

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'safeduty-samples-'));
const url = `file:${path.join(dir, 'samples.db')}`;
await migrateDatabase(url);
const store = await PrismaStore.open(url);
try {
  const start = atLocal('2026-12-01', '00:00', TZ);
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
  await runSimulation(
    deps,
    start,
    atLocal('2027-01-01', '00:00', TZ),
    timedActions(script, '2026-12-01', '2026-12-31', TZ),
    () => {},
  );

  // Exported on the first morning of January, as an inspector would ask for December.
  const exportDeps = { store, clock: { now: () => atLocal('2027-01-04', '09:00', TZ) }, writers: REPORT_WRITERS };
  const unitKey = config.units[0]!.key;
  const category = values['all-categories'] ? undefined : '电梯';
  const jobs = [
    { kind: 'checklist', from: '2026-12-31', category },
    { kind: 'daily', from: '2026-12-01', to: '2026-12-07', category },
    { kind: 'weekly', from: '2026-12-01', to: '2026-12-31', category },
    { kind: 'monthly', from: '2026-12-01', to: '2026-12-31', category },
    { kind: 'hazards', from: '2026-12-01', to: '2026-12-31' },
    { kind: 'duties', from: '2026-12-01', to: '2026-12-31' },
  ];
  fs.mkdirSync(values.out!, { recursive: true });
  for (const job of jobs) {
    for (const format of ['docx', 'xlsx']) {
      const files = await exportReport(exportDeps, { unitKey, ...job, format });
      for (const p of saveFiles(files, values.out!)) process.stdout.write(`${p}\n`);
    }
  }
} finally {
  await store.close();
  fs.rmSync(dir, { recursive: true, force: true });
}
