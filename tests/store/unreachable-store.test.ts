/**
 * Unreachable episodes and identities found by mobile, on SQLite and (with TEST_PG_URL) PostgreSQL:
 * one row per person/group and cause, one notice per episode, cleared by the next delivery; the
 * platform's open_id replaces other ids of the person on that channel.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PrismaStore } from '../../src/adapters/store/prisma-store.js';
import { freshDatabase, PROVIDERS, type TestDatabase } from '../helpers/databases.js';

const T0 = new Date('2026-12-01T00:30:00Z');
const T1 = new Date('2026-12-01T01:30:00Z');

describe.each(PROVIDERS)('unreachable people on %s', (provider) => {
  let db: TestDatabase;
  let store: PrismaStore;
  let zhang = '';
  let li = '';

  beforeAll(async () => {
    db = await freshDatabase(provider);
    store = await PrismaStore.open(db.url);
    await store.db.unit.create({
      data: { id: 'u1', key: 'u1', name: '万家物业', creditCode: '91120000MA05TEST01', kind: 'property' },
    });
    zhang = (await store.db.person.create({ data: { name: '张三', mobile: '13800000003' } })).id;
    li = (await store.db.person.create({ data: { name: '李明', mobile: '13800000002' } })).id;
  });
  afterAll(async () => {
    await store?.close();
    await db?.drop();
  });

  const entry = () => ({
    channel: 'feishu',
    unitId: 'u1',
    personId: zhang,
    chatId: null,
    cause: 'out_of_scope',
    code: '230013',
    detail: '张三 无法收到飞书消息（230013）',
  });
  const notice = (key: string) => ({ key, unitId: 'u1', personId: li, unitName: '万家物业', text: '张三 收不到消息' });

  it('counts failures in one episode and puts one notice in the outbox', async () => {
    const first = await store.markUnreachable(entry(), T0);
    expect(first).toMatchObject({ episode: 1, notified: false });
    await store.notifyUnreachable(first.id, notice('msg:u1:unreachable:z:1'), T0);
    await store.notifyUnreachable(first.id, notice('msg:u1:unreachable:z:1'), T0);
    const second = await store.markUnreachable(entry(), T1);
    expect(second).toMatchObject({ id: first.id, episode: 1, notified: true });
    expect(await store.db.message.count({ where: { key: 'msg:u1:unreachable:z:1', personId: li } })).toBe(1);
    const [row] = await store.listUnreachable();
    expect(row).toMatchObject({ who: '张三', failures: 2, code: '230013', since: T0, lastAt: T1 });
  });

  it('ends the episode when a message reaches the person; a later failure is a new episode', async () => {
    await store.clearUnreachable('feishu', [{ personId: zhang, chatId: null }], T1);
    expect(await store.listUnreachable()).toEqual([]);
    expect(await store.markUnreachable(entry(), T1)).toMatchObject({ episode: 2, notified: false });
  });

  it(
    'keeps an episode that opened while a successful send ' + 'was on its way (the person blocked the bot meanwhile)',
    async () => {
      // episode 2 opened at T1; a send that began at T0 and succeeded afterwards proves nothing about T1
      await store.clearUnreachable('feishu', [{ personId: zhang, chatId: null }], T1, T0);
      expect(await store.listUnreachable()).toHaveLength(1);
      // a send that began after the episode opened ends it
      await store.clearUnreachable('feishu', [{ personId: zhang, chatId: null }], T1, new Date(T1.getTime() + 1));
      expect(await store.listUnreachable()).toEqual([]);
    },
  );

  it("makes the platform's open_id the person's only account on the channel", async () => {
    await store.db.channelIdentity.create({ data: { personId: zhang, channel: 'feishu', externalId: 'ou_other_app' } });
    expect(await store.bindResolvedIdentity('feishu', zhang, 'ou_this_app', T0)).toEqual({
      outcome: 'replaced',
      replaced: ['ou_other_app'],
    });
    expect(await store.bindResolvedIdentity('feishu', zhang, 'ou_this_app', T1)).toEqual({
      outcome: 'unchanged',
      replaced: [],
    });
    expect(await store.bindResolvedIdentity('feishu', li, 'ou_li', T0)).toEqual({ outcome: 'bound', replaced: [] });
    const people = await store.peopleWithMobiles('feishu', [zhang]);
    expect(people).toEqual([{ id: zhang, name: '张三', mobile: '13800000003', externalIds: ['ou_this_app'] }]);
  });
});
