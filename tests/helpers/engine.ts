/** A real engine on a fresh database with the demo unit, a fake clock and a recording messenger. */

import { randomIds } from '../../src/adapters/ids/random-ids.js';
import { PrismaStore } from '../../src/adapters/store/prisma-store.js';
import { channelRegistry } from '../../src/app/channel-registry.js';
import type { EngineDeps } from '../../src/app/engine-deps.js';
import type { Ids, Logger } from '../../src/app/ports.js';
import { loadConfig } from '../../src/config/load-config.js';
import { HolidayCalendar } from '../../src/domain/holiday-calendar.js';
import { FakeClock } from '../fakes/fake-clock.js';
import { RecordingMessenger } from '../fakes/recording-messenger.js';
import { demoConfigDir } from './config-fixture.js';
import { freshDatabase, type TestDatabase } from './databases.js';

export const silentLog: Logger = { debug() {}, info() {}, warn() {}, error() {}, child: () => silentLog };

export interface TestEngine extends EngineDeps {
  store: PrismaStore;
  clock: FakeClock;
  /** the only channel of `channels` */
  messenger: RecordingMessenger;
  ids: Ids;
  db: TestDatabase;
  close(): Promise<void>;
}

export async function demoEngine(opts: {
  start: string;
  provider?: 'sqlite' | 'postgresql';
  edit?: (unitYaml: string) => string;
  service?: string;
  files?: Record<string, string>;
  env?: Record<string, string>;
}): Promise<TestEngine> {
  const config = loadConfig({
    dir: demoConfigDir(opts.edit, {
      ...(opts.service ? { 'safeduty.yaml': opts.service } : {}),
      ...(opts.files ?? {}),
    }),
    env: opts.env ?? {},
  });
  const db = await freshDatabase(opts.provider ?? 'sqlite');
  const store = await PrismaStore.open(db.url, { recordKey: config.recordKey });
  const clock = new FakeClock(opts.start);
  await store.applyUnits(config.units, clock.now());
  const messenger = new RecordingMessenger();
  return {
    store,
    clock,
    log: silentLog,
    calendar: new HolidayCalendar(config.calendars),
    defaults: config.service,
    messenger,
    channels: channelRegistry([messenger]),
    ids: randomIds,
    db,
    async close() {
      await store.close();
      await db.drop();
    },
  };
}
