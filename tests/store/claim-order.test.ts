/**
 * The outbox claim on SQLite and (with TEST_PG_URL) PostgreSQL: due messages come back urgent
 * first, then by when they became due and were made, whole (payload, task keys, attempts, instants)
 * from the claiming statement itself; a leased message is not claimed again until its lease ends;
 * a message not yet due, sent or cancelled is never claimed; task states are read by key.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PrismaStore } from '../../src/adapters/store/prisma-store.js';
import { PROVIDERS, storeWithUnit } from '../helpers/databases.js';

const T0 = new Date('2026-12-01T00:30:00Z');
const at = (ms: number) => new Date(T0.getTime() + ms);

describe.each(PROVIDERS)('claiming due messages on %s', (provider) => {
  let store: PrismaStore;
  let close: () => Promise<void>;

  const message = (name: string, o: { urgent?: boolean; notBefore?: Date; createdAt?: Date; state?: string }) =>
    store.db.message.create({
      data: {
        key: `msg:u1:${name}`,
        groupKey: 'u1:daily:2026-12-01',
        unitId: 'u1',
        personId: name === 'chat' ? null : 'p1',
        chatId: name === 'chat' ? 'oc_group' : null,
        purpose: o.urgent ? 'hazard' : 'prompt',
        urgent: o.urgent ?? false,
        payload: { type: 'notice', text: `消息 ${name}` },
        taskKeys: [`task:u1:${name}`],
        notBefore: o.notBefore ?? T0,
        createdAt: o.createdAt ?? T0,
        state: o.state ?? 'pending',
      },
    });

  beforeAll(async () => {
    ({ store, close } = await storeWithUnit(provider));
    await message('late-made', { createdAt: at(5) });
    await message('early', { notBefore: at(-60_000), createdAt: at(-120_000) });
    await message('urgent', { urgent: true, notBefore: at(0), createdAt: at(9) });
    await message('chat', { createdAt: at(1) });
    await message('future', { notBefore: at(60_000) });
    await message('sent', { state: 'sent' });
    await message('cancelled', { state: 'cancelled' });
  });
  afterAll(async () => close?.());

  it('urgent first, then by due time and age, whole, each once until its lease ends', async () => {
    const first = await store.claimDueMessages(T0, 2, 30_000);
    expect(first.map((m) => m.key)).toEqual(['msg:u1:urgent', 'msg:u1:early']);
    expect(first[0]).toMatchObject({
      unitId: 'u1',
      personId: 'p1',
      chatId: null,
      purpose: 'hazard',
      urgent: true,
      payload: { type: 'notice', text: '消息 urgent' },
      taskKeys: ['task:u1:urgent'],
      attempts: 1,
    });
    expect(first[0]!.createdAt.toISOString()).toBe(at(9).toISOString());
    const rest = await store.claimDueMessages(T0, 10, 30_000);
    expect(rest.map((m) => [m.key, m.urgent, m.personId, m.chatId])).toEqual([
      ['msg:u1:chat', false, null, 'oc_group'],
      ['msg:u1:late-made', false, 'p1', null],
    ]);
    // leased: nothing until the lease ends; then again, one attempt more
    expect(await store.claimDueMessages(at(29_000), 10, 30_000)).toEqual([]);
    const again = await store.claimDueMessages(at(31_000), 10, 30_000);
    expect(again.map((m) => [m.key, m.attempts])).toEqual([
      ['msg:u1:urgent', 2],
      ['msg:u1:early', 2],
      ['msg:u1:chat', 2],
      ['msg:u1:late-made', 2],
    ]);
    // due by now: the future one
    expect((await store.claimDueMessages(at(61_001), 10, 30_000)).map((m) => m.key)).toContain('msg:u1:future');
  });

  it('reads task states by key, whatever their number', async () => {
    await store.db.task.createMany({
      data: ['a', 'b'].map((k, i) => ({
        key: `task:u1:state-${k}`,
        unitId: 'u1',
        kind: 'daily',
        period: '2026-12-01',
        subjectId: 'd1',
        assigneeId: 'p1',
        state: i ? 'done' : 'open',
        opensAt: T0,
        dueAt: T0,
      })),
    });
    const keys = [...Array.from({ length: 600 }, (_, i) => `task:u1:none-${i}`), 'task:u1:state-a', 'task:u1:state-b'];
    const states = await store.taskStates(keys);
    expect(Object.fromEntries(states)).toEqual({ 'task:u1:state-a': 'open', 'task:u1:state-b': 'done' });
    expect(await store.taskStates([])).toEqual(new Map());
  });
});
