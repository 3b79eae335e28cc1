/**
 * The delivered prompts about a task, with each copy (InboxStore.sentPromptsOfTask: what is redrawn
 * when photos arrive), on SQLite and (with TEST_PG_URL) PostgreSQL: only the groups asked, only
 * messages about the task, only delivered ones; a message for one channel has the channel recorded
 * on it, one sent to several has each channel's delivery; its payload and time zone read back.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PrismaStore } from '../../src/adapters/store/prisma-store.js';
import { PROVIDERS, storeWithUnit } from '../helpers/databases.js';

const T0 = new Date('2026-12-01T00:30:00Z');
const TASK = 'task:u1:hazard:2026-12-01:h1:verify:2';

describe.each(PROVIDERS)('sent prompts of a task on %s', (provider) => {
  let store: PrismaStore;
  let close = async () => {};
  let n = 0;

  const message = async (groupKey: string, taskKeys: string[], text: string) =>
    (
      await store.db.message.create({
        data: {
          key: `msg:u1:${++n}`,
          groupKey,
          unitId: 'u1',
          purpose: 'hazard',
          payload: { type: 'notice', unitName: '万家物业', text },
          taskKeys,
          notBefore: T0,
          createdAt: T0,
        },
      })
    ).id;

  beforeAll(async () => {
    ({ store, close } = await storeWithUnit(provider));
  });
  afterAll(() => close());

  it('finds the delivered prompts of the groups asked that are about the task, with every copy', async () => {
    const notice = await message('u1:hazard:h1', [TASK], '核实');
    const reminder = await message('u1:hazard:h1:verify:2', ['other', TASK], '提醒');
    const earlier = await message('u1:hazard:h1', ['task:u1:hazard:2026-12-01:h1:rectify:1'], '整改');
    const pending = await message('u1:hazard:h1', [TASK], '未发送');
    const elsewhere = await message('u1:hazard:h2', [TASK], '别的隐患');
    await store.markSent(notice, 'feishu', 'om_1', T0);
    await store.recordDelivery(reminder, 'feishu', 'om_2', T0);
    await store.recordDelivery(reminder, 'telegram', '700002:5', T0);
    await store.markSent(reminder, 'feishu', 'om_2', T0);
    await store.markSent(earlier, 'feishu', 'om_3', T0);
    await store.markSent(elsewhere, 'feishu', 'om_4', T0);
    expect(pending).toBeTruthy();

    const found = await store.sentPromptsOfTask(['u1:hazard:h1', 'u1:hazard:h1:verify:2'], TASK);
    const byId = Object.fromEntries(found.map((f) => [f.sent.id, f]));
    expect(Object.keys(byId).sort()).toEqual([notice, reminder].sort());
    expect(byId[notice]!.copies).toEqual([{ channel: 'feishu', platformMessageId: 'om_1' }]);
    expect(byId[reminder]!.copies.map((c) => `${c.channel} ${c.platformMessageId}`).sort()).toEqual([
      'feishu om_2',
      'telegram 700002:5',
    ]);
    expect(byId[notice]!.sent).toMatchObject({ unitId: 'u1', timeZone: 'Asia/Urumqi', payload: { text: '核实' } });
    expect(await store.sentPromptsOfTask(['u1:hazard:h9'], TASK)).toEqual([]);
  });
});
