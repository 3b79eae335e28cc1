/**
 * Feishu's documented failure codes, through the real SDK and the emulator, as the dispatcher meets
 * them: rate limits and “being sent” retried with the same uuid, token errors refreshed, and people
 * who cannot be reached (230013, 99992361, 230002, unbound) recorded once per episode, listed for
 * doctor and told to the director — or to the principal when the director is the one.
 */

import { type FeishuEmulator, startFeishuEmulator } from '@safeduty/feishu-emulator';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openIdAskedAtMostHourly } from '../../src/adapters/feishu/feishu-channel.js';
import { createFeishuClient } from '../../src/adapters/feishu/feishu-client.js';
import { FeishuMessenger, feishuUuid, replyUuid } from '../../src/adapters/feishu/feishu-messenger.js';
import { RateLimiter } from '../../src/adapters/feishu/rate-limiter.js';
import { channelRegistry } from '../../src/app/channel-registry.js';
import { dispatchOutbox } from '../../src/app/dispatch-outbox.js';
import { demoEngine, silentLog, type TestEngine } from '../helpers/engine.js';

const PEOPLE = { 王建国: '13800000001', 李明: '13800000002', 张三: '13800000003' } as const;
type Name = keyof typeof PEOPLE;

describe('Feishu delivery failures', () => {
  let e: TestEngine;
  let emu: FeishuEmulator;
  let messenger: FeishuMessenger;
  const openIds = {} as Record<Name, string>;
  const personIds = {} as Record<Name, string>;
  let unitId = '';
  let unitKey = '';
  let n = 0;

  beforeEach(async () => {
    emu = await startFeishuEmulator();
    e = await demoEngine({ start: '2026-12-01T02:00:00Z' });
    const unit = await e.store.db.unit.findFirstOrThrow();
    unitId = unit.id;
    unitKey = unit.key;
    for (const [name, mobile] of Object.entries(PEOPLE) as [Name, string][]) {
      const person = await e.store.db.person.findUniqueOrThrow({ where: { mobile } });
      personIds[name] = person.id;
      openIds[name] = emu.createUser({ name, mobile }).openId;
      await e.store.db.channelIdentity.create({
        data: { personId: person.id, channel: 'feishu', externalId: openIds[name] },
      });
    }
    const app = emu.app();
    messenger = new FeishuMessenger({
      feishu: createFeishuClient({ appId: app.appId, appSecret: app.appSecret, domain: emu.url }),
      limiter: new RateLimiter(
        { perSecond: 1000, perMinute: 100_000, perReceiverPerSecond: 100 },
        () => e.clock.now().getTime(),
        async (ms) => e.clock.advance(ms),
      ),
      now: () => e.clock.now(),
      peopleOf: async () => [],
      sleep: async () => {},
    });
  }, 30_000);
  afterEach(async () => {
    await e?.close();
    await emu?.close();
  });

  async function notice(to: Name | { chatId: string }, text = '请于本周五前完成特种设备安全培训签到'): Promise<string> {
    const key = `msg:${unitKey}:notice:test:${n++}:x`;
    await e.store.db.message.create({
      data: {
        key,
        groupKey: `${unitKey}:notice:test`,
        unitId,
        ...(typeof to === 'string' ? { personId: personIds[to] } : { chatId: to.chatId }),
        purpose: 'notice',
        payload: { type: 'notice', unitName: '万家物业', text },
        taskKeys: [],
        notBefore: e.clock.now(),
        createdAt: e.clock.now(),
      },
    });
    return key;
  }
  const dispatch = () => dispatchOutbox({ ...e, channels: channelRegistry([messenger]) });
  const messageOf = (key: string) => e.store.db.message.findUniqueOrThrow({ where: { key } });
  const noticesTo = async (name: Name) =>
    (
      await e.store.db.message.findMany({ where: { personId: personIds[name], key: { contains: ':unreachable:' } } })
    ).map((m) => (m.payload as { text: string }).text);

  for (const code of [11232, 11233, 11247, 230020]) {
    it(`retries the rate limit ${code} later, then delivers once`, async () => {
      const key = await notice('张三');
      emu.injectFaults({ failWith: { code } });
      await dispatch();
      const failed = await messageOf(key);
      expect(failed.state).toBe('failed');
      expect(failed.nextAttemptAt!.getTime()).toBeGreaterThan(e.clock.now().getTime());
      e.clock.advance(60_000);
      await dispatch();
      expect((await messageOf(key)).state).toBe('sent');
      expect(emu.counters().messagesCreated).toBe(1);
      expect(emu.counters().rejections[String(code)]).toBe(1);
    });
  }

  it('asks again with the same uuid after 230049 “The message is being sent”', async () => {
    const key = await notice('张三');
    emu.injectFaults({ failWith: { code: 230049 } });
    await dispatch();
    const failed = await messageOf(key);
    expect(failed.state).toBe('failed');
    expect(failed.nextAttemptAt!.getTime() - e.clock.now().getTime()).toBeLessThanOrEqual(5_000);
    e.clock.advance(5_000);
    await dispatch();
    expect((await messageOf(key)).state).toBe('sent');
    const sent = emu.messages({ user: openIds['张三'] });
    expect(sent).toHaveLength(1);
    expect(sent[0]!.uuid).toBe(feishuUuid(key, 0));
  });

  for (const code of [99991664, 99991665]) {
    it(`drops the token on ${code} and sends with a new one at once`, async () => {
      const key = await notice('张三');
      await dispatch(); // a token is cached
      const tokenCalls = () => emu.requests().filter((r) => r.path.includes('tenant_access_token')).length;
      const before = tokenCalls();
      const second = await notice('张三');
      emu.injectFaults({ failWith: { code } });
      await dispatch();
      expect((await messageOf(key)).state).toBe('sent');
      expect((await messageOf(second)).state).toBe('sent');
      expect(tokenCalls()).toBe(before + 1);
      expect(emu.counters().rejections[String(code)]).toBe(1);
    });
  }

  it('retries a command reply on 230049 and 11232 with the same uuid, and gives up at once on 230013', async () => {
    emu.injectFaults({ failWith: { code: 230049 } });
    emu.injectFaults({ failWith: { code: 11232 } });
    await messenger.sendText({ externalId: openIds['张三'] }, '今日待办：无', 'reply-uuid-1');
    const sent = emu.messages({ user: openIds['张三'] });
    expect(sent.map((m) => m.uuid)).toEqual([replyUuid('reply-uuid-1')]);
    expect(emu.counters().sends).toBe(3);
    emu.updateUser(openIds['张三'], { available: false });
    await expect(messenger.sendText({ externalId: openIds['张三'] }, '第二条', 'reply-uuid-2')).rejects.toMatchObject({
      name: 'RecipientUnreachable',
      reason: 'out_of_scope',
    });
    expect(emu.counters().sends).toBe(4);
  });

  it(
    'does not retry a person outside the 可用范围 (230013): recorded once, the director told once, cleared when ' +
      'reached again',
    async () => {
      emu.updateUser(openIds['张三'], { available: false });
      const first = await notice('张三');
      const second = await notice('张三', '第二条');
      await dispatch();
      for (const key of [first, second]) {
        const m = await messageOf(key);
        expect(m.state).toBe('dead');
        expect(m.lastError).toContain('230013');
      }
      expect(emu.counters().rejections['230013']).toBe(2); // each tried once, never again
      const open = await e.store.listUnreachable();
      expect(open).toHaveLength(1);
      expect(open[0]).toMatchObject({ who: '张三', cause: 'out_of_scope', code: '230013', failures: 2 });
      expect(open[0]!.detail).toContain('可用范围');
      const told = await noticesTo('李明');
      expect(told).toHaveLength(1);
      expect(told[0]).toContain('张三');
      expect(told[0]).toContain('可用范围');
      // The director's notice goes out through Feishu like any message.
      await dispatch();
      const card = JSON.stringify(emu.messages({ user: openIds['李明'] }).at(-1)?.card ?? {});
      expect(card).toContain('张三');
      expect(open[0]!.notifiedAt).not.toBeNull();

      // A minute later the administrator adds 张三 to the availability: the next message reaches them,
      // the episode ends. (A send that began before the episode opened does not end it.)
      e.clock.advance(60_000);
      emu.updateUser(openIds['张三'], { available: true });
      const third = await notice('张三', '第三条');
      await dispatch();
      expect((await messageOf(third)).state).toBe('sent');
      expect(await e.store.listUnreachable()).toEqual([]);

      // A new episode later is told again.
      emu.updateUser(openIds['张三'], { available: false });
      await notice('张三', '第四条');
      await dispatch();
      expect(await noticesTo('李明')).toHaveLength(2);
    },
  );

  it('tells the principal when the director is the one who cannot be reached', async () => {
    emu.updateUser(openIds['李明'], { available: false });
    await notice('李明');
    await dispatch();
    expect(await noticesTo('李明')).toEqual([]);
    const told = await noticesTo('王建国');
    expect(told).toHaveLength(1);
    expect(told[0]).toContain('李明');
  });

  it('names an open_id of another app (99992361) and what to do about it', async () => {
    const other = emu.users().find((u) => u.openId === openIds['张三'])!.otherAppOpenId;
    await e.store.db.channelIdentity.updateMany({
      where: { personId: personIds['张三'] },
      data: { externalId: other },
    });
    const key = await notice('张三');
    await dispatch();
    expect((await messageOf(key)).state).toBe('dead');
    expect(emu.counters().rejections['99992361']).toBe(1);
    const [row] = await e.store.listUnreachable();
    expect(row).toMatchObject({ who: '张三', cause: 'other_app', code: '99992361' });
    expect((await noticesTo('李明'))[0]).toMatch(/另一个飞书应用/);
  });

  it('names a group the bot is not in (230002)', async () => {
    const group = emu.createGroup({ name: '安全群', members: [openIds['张三']], botIsMember: false });
    const key = await notice({ chatId: group.chatId });
    await dispatch();
    expect((await messageOf(key)).state).toBe('dead');
    const [row] = await e.store.listUnreachable();
    expect(row).toMatchObject({ cause: 'not_in_group', code: '230002', chatId: group.chatId });
    expect((await noticesTo('李明'))[0]).toMatch(/机器人添加到群/);
  });

  it('finds an unbound person, or one bound to another app, by mobile at send time (once an hour)', async () => {
    const app = emu.app();
    const feishu = createFeishuClient({ appId: app.appId, appSecret: app.appSecret, domain: emu.url });
    const finding = new FeishuMessenger({
      feishu,
      limiter: new RateLimiter({ perSecond: 1000, perMinute: 100_000, perReceiverPerSecond: 100 }, () =>
        e.clock.now().getTime(),
      ),
      now: () => e.clock.now(),
      peopleOf: async () => [],
      openIdOf: openIdAskedAtMostHourly(feishu, e.store, () => e.clock.now(), silentLog),
    });
    await e.store.db.channelIdentity.deleteMany({ where: { personId: personIds['张三'] } });
    const other = emu.users().find((u) => u.openId === openIds['李明'])!.otherAppOpenId;
    await e.store.db.channelIdentity.updateMany({
      where: { personId: personIds['李明'] },
      data: { externalId: other },
    });
    const [a, b] = [await notice('张三'), await notice('李明')];
    await dispatchOutbox({ ...e, channels: channelRegistry([finding]) });
    expect((await messageOf(a)).state).toBe('sent');
    expect((await messageOf(b)).state).toBe('sent');
    expect(emu.counters().rejections['99992361']).toBe(1);
    const bound = await e.store.db.channelIdentity.findMany({
      where: { personId: { in: [personIds['张三'], personIds['李明']] } },
    });
    expect(bound.map((i) => i.externalId).sort()).toEqual([openIds['张三'], openIds['李明']].sort());
    expect(await e.store.listUnreachable()).toEqual([]);

    // Someone Feishu does not return is asked about at most once an hour.
    await e.store.db.channelIdentity.deleteMany({ where: { personId: personIds['张三'] } });
    emu.updateUser(openIds['张三'], { available: false });
    await notice('张三');
    await dispatchOutbox({ ...e, channels: channelRegistry([finding]) });
    const lookups = emu.counters().idLookups;
    emu.updateUser(openIds['张三'], { available: true });
    const later = await notice('张三', '第二条');
    await dispatchOutbox({ ...e, channels: channelRegistry([finding]) });
    expect(emu.counters().idLookups).toBe(lookups);
    expect((await messageOf(later)).state).toBe('dead');
  });

  it('names a person with no Feishu account bound', async () => {
    await e.store.db.channelIdentity.deleteMany({ where: { personId: personIds['张三'] } });
    await notice('张三');
    await dispatch();
    const [row] = await e.store.listUnreachable();
    expect(row).toMatchObject({ who: '张三', cause: 'unbound' });
    expect((await noticesTo('李明'))[0]).toMatch(/绑定/);
  });
});
