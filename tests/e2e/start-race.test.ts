/**
 * Several instances started together on one fresh PostgreSQL database all come up: migrations and
 * the units' configuration are applied once, the others wait and find them done (PostgreSQL only;
 * SQLite is one process).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { PrismaStore } from '../../src/adapters/store/prisma-store.js';
import { loadConfig } from '../../src/config/load-config.js';
import { type Service, startService } from '../../src/main.js';
import { FakeClock } from '../fakes/fake-clock.js';
import { demoConfigDir } from '../helpers/config-fixture.js';
import { freshDatabase, TEST_PG_URL, type TestDatabase } from '../helpers/databases.js';
import { silentLog } from '../helpers/engine.js';

describe.skipIf(!TEST_PG_URL)('three instances started together on a fresh PostgreSQL', () => {
  let db: TestDatabase;
  const services: Service[] = [];
  afterAll(async () => {
    await Promise.all(services.map((s) => s.stop()));
    await db?.drop();
  });

  it('all come up, and the unit and its people exist once', async () => {
    db = await freshDatabase('postgresql', { migrate: false });
    const config = loadConfig({
      dir: demoConfigDir(undefined, {
        'safeduty.yaml': `database:\n  url: ${db.url}\nhttp:\n  port: 0\n  host: 127.0.0.1\n`,
      }),
      env: {},
    });
    const started = await Promise.allSettled(
      [0, 1, 2].map(() =>
        startService(config, { log: silentLog, clock: new FakeClock('2026-12-01T00:00:00Z'), tickEveryMs: 60_000 }),
      ),
    );
    for (const s of started) if (s.status === 'fulfilled') services.push(s.value);
    expect(started.map((s) => (s.status === 'rejected' ? String(s.reason) : 'up'))).toEqual(['up', 'up', 'up']);
    const store = await PrismaStore.open(db.url);
    try {
      expect(await store.db.unit.count()).toBe(1);
      expect(await store.db.person.count()).toBe(config.units[0]!.people.length);
      expect(await store.db.roleAssignment.count({ where: { endAt: null } })).toBe(
        config.units[0]!.people.reduce((n, p) => n + p.roles.length, 0),
      );
      expect(await store.db.riskChecklist.count()).toBe(config.units[0]!.checklists.length);
    } finally {
      await store.close();
    }
  }, 120_000);
});
