/**
 * A sent message found by one of its platform message ids, by key (PlatformMessage), on SQLite and
 * (with TEST_PG_URL) PostgreSQL: ids recorded by a batch's outcomes (one statement for the batch),
 * by markSent and by each channel's delivery of a message sent to several; a prompt sent as several
 * cards found from any of them with its whole list; a copy whose list was since replaced still
 * found; an unknown id, or a piece of a known one, found nowhere. And a database upgraded from the
 * migration before the table: the messages sent before it are found by the ids they were sent with.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DriverQueryable } from '../../src/adapters/store/driver.js';
import { MIGRATIONS_ROOT, readMigrationFiles } from '../../src/adapters/store/migrate/migration-files.js';
import { migrateDatabase } from '../../src/adapters/store/migrations.js';
import { recordOutcomes } from '../../src/adapters/store/outbox.js';
import { PrismaStore } from '../../src/adapters/store/prisma-store.js';
import { freshDatabase, PROVIDERS, storeWithUnit, type TestDatabase } from '../helpers/databases.js';
import { tmpDir } from '../helpers/tmp.js';

const T0 = new Date('2026-12-01T00:30:00Z');
const MIGRATION = 'platform_message_ids';

describe.each(PROVIDERS)('sent messages by platform id on %s', (provider) => {
  let store: PrismaStore;
  let close: () => Promise<void>;
  let n = 0;

  /** A pending message of the unit, as the engine writes one. */
  const message = async () =>
    (
      await store.db.message.create({
        data: {
          key: `msg:u1:${++n}`,
          groupKey: 'u1:daily:2026-12-01',
          unitId: 'u1',
          purpose: 'prompt',
          payload: { type: 'notice', text: `第 ${n} 条` },
          taskKeys: [],
          notBefore: T0,
          createdAt: T0,
        },
      })
    ).id;

  const found = async (platformMessageId: string) => {
    const s = await store.sentMessageByPlatformId(platformMessageId);
    return s && { id: s.id, ids: s.platformMessageIds, payload: s.payload, timeZone: s.timeZone };
  };

  beforeAll(async () => {
    ({ store, close } = await storeWithUnit(provider));
  });
  afterAll(async () => close?.());

  it(
    'finds a batch of sent messages from any of their cards, ' +
      'recorded with the batch (PostgreSQL: in its statement)',
    async () => {
      const [single, split, cancelled] = [await message(), await message(), await message()];
      const statements: string[] = [];
      const counting: DriverQueryable = {
        query: (sql, args) => store.driver.query(sql, args),
        execute: (sql, args) => {
          statements.push(sql);
          return store.driver.execute(sql, args);
        },
      };
      await recordOutcomes(counting, provider, [
        { id: single, state: 'sent', channel: 'feishu', platformMessageId: 'om_single', at: T0 },
        { id: split, state: 'sent', channel: 'feishu', platformMessageId: 'om_p1,om_p2,om_p3', at: T0 },
        { id: cancelled, state: 'cancelled', reason: '任务已完成' },
      ]);
      expect(statements).toHaveLength(provider === 'sqlite' ? 2 : 1);
      expect(await found('om_single')).toEqual({
        id: single,
        ids: ['om_single'],
        payload: { type: 'notice', text: '第 1 条' },
        timeZone: 'Asia/Urumqi',
      });
      for (const part of ['om_p1', 'om_p2', 'om_p3'])
        expect(await found(part)).toMatchObject({ id: split, ids: ['om_p1', 'om_p2', 'om_p3'] });
      expect(await store.db.platformMessage.count({ where: { messageId: cancelled } })).toBe(0);
      // only whole ids are keys: no list, piece or neighbour of one matches
      for (const other of ['om_p1,om_p2', 'om_p', 'p2', 'om_p2,', ',om_p2', 'om_single2', '', 'om_unknown'])
        expect(await found(other)).toBeNull();
    },
  );

  it('finds what markSent recorded, and each channel’s copy of a message sent to several, with its list', async () => {
    const one = await message();
    await store.markSent(one, 'telegram', '-100123:7', T0);
    expect(await found('-100123:7')).toMatchObject({ id: one, ids: ['-100123:7'] });

    const both = await message();
    await store.recordDelivery(both, 'feishu', 'om_b1,om_b2', T0);
    await store.recordDelivery(both, 'telegram', '555:1,555:2', T0);
    // the message itself records the first channel's ids (dispatch-outbox.ts deliverToSeveral)
    await store.recordOutcomes([
      { id: both, state: 'sent', channel: 'feishu', platformMessageId: 'om_b1,om_b2', at: T0 },
    ]);
    expect(await found('om_b2')).toMatchObject({ id: both, ids: ['om_b1', 'om_b2'] });
    expect(await found('555:2')).toMatchObject({ id: both, ids: ['555:1', '555:2'] });
    expect(await found('555:1')).toMatchObject({ id: both, ids: ['555:1', '555:2'] });
    expect((await store.deliveriesOf(both)).map((d) => d.platformMessageId)).toEqual(['om_b1,om_b2', '555:1,555:2']);
  });

  it('still finds an older copy of a message after it was sent again with other ids', async () => {
    const again = await message();
    // sent, but the lease ran out before the outcome was recorded by this instance; another sent it too
    await store.recordOutcomes([
      { id: again, state: 'sent', channel: 'feishu', platformMessageId: 'om_old1,om_old2', at: T0 },
    ]);
    await store.recordOutcomes([
      { id: again, state: 'sent', channel: 'feishu', platformMessageId: 'om_new1,om_new2', at: T0 },
    ]);
    expect(await found('om_new2')).toMatchObject({ id: again, ids: ['om_new1', 'om_new2'] });
    // the older copy is still in chat: it finds its message (its own id only: its list was replaced)
    expect(await found('om_old2')).toMatchObject({ id: again, ids: ['om_old2'] });
    const row = await store.db.message.findUniqueOrThrow({ where: { id: again } });
    expect(row.platformMessageId).toBe('om_new1,om_new2');
  });

  it('gives an id recorded again to the message recorded last', async () => {
    const [first, second] = [await message(), await message()];
    await store.recordOutcomes([
      { id: first, state: 'sent', channel: 'console', platformMessageId: 'dup-1', at: T0 },
      { id: second, state: 'sent', channel: 'console', platformMessageId: 'dup-1,dup-2', at: T0 },
    ]);
    expect(await found('dup-1')).toMatchObject({ id: second, ids: ['dup-1', 'dup-2'] });
    await store.recordOutcomes([{ id: first, state: 'sent', channel: 'console', platformMessageId: 'dup-2', at: T0 }]);
    expect(await found('dup-2')).toMatchObject({ id: first, ids: ['dup-2'] });
  });
});

describe.each(PROVIDERS)('a database upgraded to the PlatformMessage table on %s', (provider) => {
  let db: TestDatabase;
  let store: PrismaStore | undefined;
  afterAll(async () => {
    await store?.close();
    await db?.drop();
  });

  /** prisma/migrations without this change's migration (and any after it): the database as it was. */
  function migrationsBefore(): string {
    const dir = path.join(tmpDir('migs'), 'migrations');
    fs.cpSync(MIGRATIONS_ROOT, dir, { recursive: true });
    const ours = readMigrationFiles(provider).findIndex((m) => m.name.endsWith(`_${MIGRATION}`));
    expect(ours).toBeGreaterThan(0);
    for (const later of readMigrationFiles(provider).slice(ours))
      fs.rmSync(path.join(dir, provider, later.name), { recursive: true });
    return dir;
  }

  it('finds the messages sent before the upgrade by the ids they were sent with', async () => {
    db =
      provider === 'sqlite'
        ? { provider, url: `file:${path.join(tmpDir('upg'), 'old.db')}`, drop: async () => {} }
        : await freshDatabase(provider, { migrate: false });
    await migrateDatabase(db.url, () => {}, { migrationsDir: migrationsBefore() });
    const old = await PrismaStore.open(db.url);
    const at = provider === 'sqlite' ? '2026-12-01T00:30:00.000+00:00' : '2026-12-01 00:30:00';
    try {
      const row = (id: string, state: string, channel: string | null, pids: string | null) =>
        `('${id}', 'msg:${id}', 'u1:daily', 'u1', 'prompt', '{"type":"notice","text":"${id}"}', '[]', '${at}', ` +
        `'${state}', ${channel ? `'${channel}'` : 'NULL'}, ${pids ? `'${pids}'` : 'NULL'}, '${at}')`;
      await old.driver.execute(
        `INSERT INTO "Message" ("id", "key", "groupKey", "unitId", "purpose", "payload", "taskKeys", "notBefore",
           "state", "channel", "platformMessageId", "createdAt") VALUES
         ${[
           row('m-single', 'sent', 'feishu', 'om_s'),
           row('m-split', 'sent', 'feishu', 'om_a,om_b,om_c'),
           row('m-both', 'sent', 'feishu', 'om_x'),
           row('m-pending', 'pending', null, null),
           row('m-empty', 'sent', 'console', ''),
         ].join(',\n')}`,
      );
      await old.driver.execute(
        `INSERT INTO "MessageDelivery" ("id", "messageId", "channel", "platformMessageId", "sentAt") VALUES
         ('d1', 'm-both', 'feishu', 'om_x', '${at}'), ('d2', 'm-both', 'telegram', '42:1,42:2', '${at}')`,
      );
    } finally {
      await old.close();
    }

    expect(await migrateDatabase(db.url)).toEqual([expect.stringMatching(new RegExp(`_${MIGRATION}$`))]);
    store = await PrismaStore.open(db.url);
    const found = async (id: string) => {
      const s = await store!.sentMessageByPlatformId(id);
      return s && { id: s.id, ids: s.platformMessageIds };
    };
    expect(await found('om_s')).toEqual({ id: 'm-single', ids: ['om_s'] });
    for (const id of ['om_a', 'om_b', 'om_c'])
      expect(await found(id)).toEqual({ id: 'm-split', ids: ['om_a', 'om_b', 'om_c'] });
    expect(await found('om_x')).toEqual({ id: 'm-both', ids: ['om_x'] });
    expect(await found('42:2')).toEqual({ id: 'm-both', ids: ['42:1', '42:2'] });
    expect(await found('om_a,om_b')).toBeNull();
    const rows = await store.db.platformMessage.findMany();
    expect(rows.map((r) => [r.platformMessageId, r.messageId, r.channel]).sort()).toEqual([
      ['42:1', 'm-both', 'telegram'],
      ['42:2', 'm-both', 'telegram'],
      ['om_a', 'm-split', 'feishu'],
      ['om_b', 'm-split', 'feishu'],
      ['om_c', 'm-split', 'feishu'],
      ['om_s', 'm-single', 'feishu'],
      ['om_x', 'm-both', 'feishu'],
    ]);
    // and what is sent after the upgrade is recorded beside them
    await store.recordOutcomes([
      { id: 'm-pending', state: 'sent', channel: 'feishu', platformMessageId: 'om_n', at: T0 },
    ]);
    expect(await found('om_n')).toEqual({ id: 'm-pending', ids: ['om_n'] });
  });
});
