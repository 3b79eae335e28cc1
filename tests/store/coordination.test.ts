/**
 * What instances sharing one database agree on, on SQLite and (with TEST_PG_URL) PostgreSQL, each
 * instance with its own connection: the planner lease (one holder, renewed, taken over only after it
 * expired, given up on a clean stop) and send slots (evenly spaced per key, never shared).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PrismaStore } from '../../src/adapters/store/prisma-store.js';
import { freshDatabase, PROVIDERS, type TestDatabase } from '../helpers/databases.js';

const T0 = new Date('2026-12-01T00:30:00Z');
const at = (ms: number) => new Date(T0.getTime() + ms);

describe.each(PROVIDERS)('instances on one %s database', (provider) => {
  let db: TestDatabase;
  let a: PrismaStore;
  let b: PrismaStore;
  let c: PrismaStore;

  beforeAll(async () => {
    db = await freshDatabase(provider);
    [a, b, c] = await Promise.all([PrismaStore.open(db.url), PrismaStore.open(db.url), PrismaStore.open(db.url)]);
  });
  afterAll(async () => {
    await Promise.all([a, b, c].map((s) => s?.close()));
    await db?.drop();
  });

  it('the lease has one holder at a time: renewed by it, taken over only once it expired', async () => {
    const first = await Promise.all([
      a.takeLease('planner', 'A', T0, 60_000),
      b.takeLease('planner', 'B', T0, 60_000),
      c.takeLease('planner', 'C', T0, 60_000),
    ]);
    expect(first.filter(Boolean)).toHaveLength(1);
    const holder = ['A', 'B', 'C'][first.indexOf(true)]!;
    const [other, store] = holder === 'A' ? ['B', b] : ['A', a];
    const holderStore = [a, b, c][first.indexOf(true)]!;
    expect(await holderStore.takeLease('planner', holder, at(20_000), 60_000)).toBe(true); // renewed until +80 s
    expect(await store.takeLease('planner', other, at(70_000), 60_000)).toBe(false);
    // The holder dies: nobody renews; after the expiry another instance takes it over.
    expect(await store.takeLease('planner', other, at(80_001), 60_000)).toBe(true);
    expect(await holderStore.takeLease('planner', holder, at(80_002), 60_000)).toBe(false);
    // A clean stop gives it up at once.
    await store.releaseLease('planner', other);
    expect(await holderStore.takeLease('planner', holder, at(80_003), 60_000)).toBe(true);
  });

  it('send slots: reserved together by three instances, evenly spaced per app and per receiver', async () => {
    const app = { key: 'feishu:cli_test', intervalMs: 61 };
    const receiver = (i: number) => ({ key: `feishu:cli_test>ou_${i % 4}`, intervalMs: 250 });
    // SQLite's driver waits for a lock synchronously: three connections in one test process would
    // block each other; there, one store takes the concurrent reservations (one process per file).
    const stores = provider === 'postgresql' ? [a, b, c] : [a];
    const slots = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        stores[i % stores.length]!.reserveSendSlot([app, receiver(i)], T0).then((slot) => ({
          i,
          slot: slot.getTime(),
        })),
      ),
    );
    const sorted = slots.map((s) => s.slot).sort((x, y) => x - y);
    for (let k = 1; k < sorted.length; k++) expect(sorted[k]! - sorted[k - 1]!).toBeGreaterThanOrEqual(61);
    for (let r = 0; r < 4; r++) {
      const mine = slots
        .filter((s) => s.i % 4 === r)
        .map((s) => s.slot)
        .sort((x, y) => x - y);
      for (let k = 1; k < mine.length; k++) expect(mine[k]! - mine[k - 1]!).toBeGreaterThanOrEqual(250);
    }
    expect(sorted[0]).toBe(T0.getTime());
    // Slots long past are pruned (receivers pile up over a fan-out).
    expect(await a.pruneSendSlots(at(3_600_000))).toBe(5);
  });

  it(
    'a rate-limit hold: the slot is not before it, ' + 'a shorter hold never shortens it, reserving leaves it',
    async () => {
      const hold = { key: 'feishu:cli_hold!hold', intervalMs: 0, hold: true };
      const app = { key: 'feishu:cli_hold', intervalMs: 62 };
      // SQLite is one process: its slots (and holds) live in that
      // process; PostgreSQL's in the database, for every instance
      const [first, other] = provider === 'sqlite' ? [a, a] : [a, b];
      await first.holdSendSlot(hold.key, at(1000));
      await first.holdSendSlot(hold.key, at(400));
      expect((await other.reserveSendSlot([app, hold], T0)).getTime()).toBe(at(1000).getTime());
      expect((await other.reserveSendSlot([app, hold], T0)).getTime()).toBe(at(1062).getTime());
      expect((await other.reserveSendSlot([app, hold], at(5000))).getTime()).toBe(at(5000).getTime());
    },
  );
});
