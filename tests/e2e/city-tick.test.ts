/**
 * A tick over many slices (the store's TickShape: 50 units per transaction on SQLite, 100 two at a
 * time on PostgreSQL): every unit is planned and recorded exactly once, the result lists the units
 * in order, and a repeated tick adds nothing. SQLite and (with TEST_PG_URL) PostgreSQL.
 */

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PrismaStore } from '../../src/adapters/store/prisma-store.js';
import { channelRegistry } from '../../src/app/channel-registry.js';
import type { EngineDeps } from '../../src/app/engine-deps.js';
import { runTick } from '../../src/app/run-tick.js';
import { loadConfig } from '../../src/config/load-config.js';
import { HolidayCalendar } from '../../src/domain/holiday-calendar.js';
import { roleTitle } from '../../src/domain/model.js';
import type { UnitSpec } from '../../src/domain/unit-spec.js';
import { FakeClock } from '../fakes/fake-clock.js';
import { RecordingMessenger } from '../fakes/recording-messenger.js';
import { freshDatabase, PROVIDERS, type TestDatabase } from '../helpers/databases.js';
import { silentLog } from '../helpers/engine.js';

const UNITS = 290;
const pad = (n: number) => String(n).padStart(4, '0');

function unit(i: number, checklists: UnitSpec['checklists']): UnitSpec {
  const person = (k: number, role: 'principal' | 'director' | 'officer') => ({
    name: `${role}${i}`,
    mobile: `137${String(i * 10 + k).padStart(8, '0')}`,
    roles: [{ role, categories: [], title: roleTitle(role, 'user'), reason: '' }],
    certificates: [],
    trainings: [],
    identities: [],
  });
  const people = [person(0, 'principal'), person(1, 'director'), person(2, 'officer')];
  return {
    key: `city-${pad(i)}`,
    name: `城市单位${i}`,
    creditCode: `91120000${String(i).padStart(10, '0')}`,
    kind: 'user',
    timeZone: 'Asia/Shanghai',
    dailyDays: 'every_day',
    settings: null,
    suspensions: [],
    people,
    equipment: [0, 1].map((j) => ({
      code: `8${pad(i)}${j}`,
      registrationNo: '',
      category: 'elevator' as const,
      name: `${j + 1}号梯`,
      location: '',
      status: 'in_use' as const,
      statusReason: '',
      officerMobile: people[2]!.mobile,
    })),
    checklists,
  };
}

describe.each(PROVIDERS)('a city tick on %s', (provider) => {
  let db: TestDatabase;
  let deps: EngineDeps & { store: PrismaStore };

  beforeAll(async () => {
    const config = loadConfig({ dir: 'config', env: {} });
    const elevator = config.checklists.get('elevator')!;
    db = await freshDatabase(provider);
    const store = await PrismaStore.open(db.url);
    const clock = new FakeClock('2026-11-30T16:30:00Z');
    await store.applyUnits(
      Array.from({ length: UNITS }, (_, i) =>
        unit(i, [{ category: 'elevator', title: elevator.title, items: elevator.items }]),
      ),
      clock.now(),
    );
    deps = {
      store,
      clock,
      log: silentLog,
      calendar: new HolidayCalendar(config.calendars),
      defaults: config.service,
      channels: channelRegistry([new RecordingMessenger()]),
    };
  }, 120_000);
  afterAll(async () => {
    await deps?.store.close();
    await db?.drop();
  });

  it('plans and records every unit once, in unit order', async () => {
    await runTick(deps, new Date('2026-12-01T00:00:00Z'));
    expect(UNITS).toBeGreaterThan(2 * deps.store.tickShape.sliceUnits);
    const r = await runTick(deps, new Date('2026-12-01T00:30:00Z'), { keepDecisions: true });
    expect(r.unitsPlanned).toBe(UNITS);
    expect(r.summary).toEqual({ tasks: UNITS * 2, messages: { prompt: UNITS }, missed: 0, notes: 0, rescheduled: 0 });
    expect(r.decisions!.map((d) => d.unitKey)).toEqual(Array.from({ length: UNITS }, (_, i) => `city-${pad(i)}`));
    expect(await deps.store.db.task.count({ where: { kind: 'daily', period: '2026-12-01' } })).toBe(UNITS * 2);
    expect(await deps.store.db.task.count({ where: { kind: 'weekly' } })).toBe(UNITS);
    expect(
      await deps.store.db.message.count({ where: { purpose: 'prompt', groupKey: { endsWith: ':daily:2026-12-01' } } }),
    ).toBe(UNITS);
    expect(
      await deps.store.db.plannerState.count({ where: { plannedDate: '2026-12-01', plannedWeek: '2026-W49' } }),
    ).toBe(UNITS);
  }, 60_000);

  it('adds nothing when the tick runs again', async () => {
    const before = await Promise.all([deps.store.db.task.count(), deps.store.db.message.count()]);
    const r = await runTick(deps, new Date('2026-12-01T00:30:00Z'));
    expect(r.unitsPlanned).toBe(0);
    expect(await Promise.all([deps.store.db.task.count(), deps.store.db.message.count()])).toEqual(before);
  });

  it('reminds every officer at 15:30, across slices', async () => {
    const r = await runTick(deps, new Date('2026-12-01T07:30:00Z'));
    expect(r.unitsPlanned).toBe(UNITS);
    expect(await deps.store.db.message.count({ where: { purpose: 'reminder' } })).toBe(UNITS);
    expect(
      await deps.store.db.task.count({ where: { kind: 'daily', nextActionAt: new Date('2026-12-01T09:30:00Z') } }),
    ).toBe(UNITS * 2);
  }, 60_000);
});
