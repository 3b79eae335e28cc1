/**
 * The outbox through the channel registry on a real database: each person on the channel(s) they
 * are bound on (Feishu only, Telegram only, both), or the ones their unit file names; someone bound
 * nowhere on the first channel; a message for two channels recorded per channel, a retry skipping
 * the channel already reached, a channel that cannot reach the person told like any unreachable one.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ChannelError, RecipientUnreachable } from '../../src/app/channel-error.js';
import { channelRegistry } from '../../src/app/channel-registry.js';
import { dispatchOutbox } from '../../src/app/dispatch-outbox.js';
import type { OutboxMessage, PromptSender, Recipient } from '../../src/app/ports.js';
import { runTick } from '../../src/app/run-tick.js';
import { PROVIDERS } from '../helpers/databases.js';
import { demoEngine, type TestEngine } from '../helpers/engine.js';

/** A channel that records what it sent; `fail` decides per recipient whether a send throws. */
class Recorder implements PromptSender {
  readonly sent: { message: OutboxMessage; to: Recipient; id: string }[] = [];
  fail: (to: Recipient) => Error | undefined = () => undefined;
  constructor(readonly name: string) {}
  async sendPrompt(message: OutboxMessage, to: Recipient): Promise<{ platformMessageId: string }> {
    const error = this.fail(to);
    if (error) throw error;
    const id = `${this.name}-${this.sent.length + 1}`;
    this.sent.push({ message, to, id });
    return { platformMessageId: id };
  }
  to(name: string) {
    return this.sent.filter((s) => s.to.name === name);
  }
}

describe.each(PROVIDERS)('delivery through the channel registry (%s)', (provider) => {
  let e: TestEngine;
  afterEach(async () => e?.close());

  const setUp = async (edit?: (unit: string) => string) => {
    e = await demoEngine({ start: '2026-12-01T00:30:00Z', provider, ...(edit ? { edit } : {}) });
    const bind = async (name: string, channel: string) => {
      const p = (await e.store.findPeople(name))[0]!;
      await e.store.db.channelIdentity.create({ data: { personId: p.id, channel, externalId: `${channel}:${name}` } });
    };
    await bind('张三', 'feishu');
    await bind('张三', 'telegram');
    await bind('李四', 'feishu');
    await bind('李明', 'telegram');
    const feishu = new Recorder('feishu');
    const telegram = new Recorder('telegram');
    return { feishu, telegram, deps: { ...e, channels: channelRegistry([feishu, telegram]) } };
  };
  const dailyOf = (r: Recorder, name: string) => r.to(name).filter((s) => s.message.payload.type === 'daily_check');

  it(
    'sends each person to the channels they are bound on: Feishu only, Telegram only, both; ' +
      'nobody bound → the first',
    async () => {
      const { feishu, telegram, deps } = await setUp();
      await runTick(e);
      await dispatchOutbox(deps);
      expect(dailyOf(feishu, '李四')).toHaveLength(1);
      expect(dailyOf(telegram, '李四')).toHaveLength(0);
      expect(telegram.to('李明').length).toBeGreaterThan(0);
      expect(feishu.to('李明')).toHaveLength(0);
      const both = [dailyOf(feishu, '张三'), dailyOf(telegram, '张三')];
      expect(both.map((s) => s.length)).toEqual([1, 1]);
      // one message, sent, each channel's delivery recorded; an action on either finds it
      const row = await e.store.db.message.findUniqueOrThrow({ where: { id: both[0]![0]!.message.id } });
      expect(row.state).toBe('sent');
      const deliveries = await e.store.db.messageDelivery.findMany({
        where: { messageId: row.id },
        orderBy: { channel: 'asc' },
      });
      expect(deliveries.map((d) => [d.channel, d.platformMessageId])).toEqual([
        ['feishu', both[0]![0]!.id],
        ['telegram', both[1]![0]!.id],
      ]);
      expect((await e.store.sentMessageByPlatformId(both[1]![0]!.id))?.id).toBe(row.id);
      expect((await e.store.sentMessageByPlatformId(both[0]![0]!.id))?.id).toBe(row.id);
      // 王建国 is bound nowhere: the first channel takes him (and would report him unbound)
      const wang = (await e.store.findPeople('王建国'))[0]!;
      const forWang = await e.store.db.message.findMany({ where: { personId: wang.id } });
      expect(forWang.every((m) => m.channel === null || m.channel === 'feishu')).toBe(true);
      expect(telegram.to('王建国')).toHaveLength(0);
    },
  );

  it('follows the unit file: channels: [telegram] sends 张三 there only, though he is on Feishu too', async () => {
    const { feishu, telegram, deps } = await setUp((u) =>
      u.replace(
        '  - name: 张三\n    mobile: "13800000003"\n',
        '  - name: 张三\n    mobile: "13800000003"\n    channels: [telegram]\n',
      ),
    );
    await runTick(e);
    await dispatchOutbox(deps);
    expect(dailyOf(telegram, '张三')).toHaveLength(1);
    expect(feishu.to('张三')).toHaveLength(0);
  });

  it(
    'retries only the channel that failed, ' + 'and tells the director about a channel that cannot reach the person',
    async () => {
      const { feishu, telegram, deps } = await setUp();
      telegram.fail = (to) =>
        to.name === '张三' ? new ChannelError('Too Many Requests: retry after 5', true, 5000) : undefined;
      await runTick(e);
      await dispatchOutbox(deps);
      const first = dailyOf(feishu, '张三')[0]!;
      expect(dailyOf(telegram, '张三')).toHaveLength(0);
      expect((await e.store.db.message.findUniqueOrThrow({ where: { id: first.message.id } })).state).toBe('failed');
      // The retry: Feishu is not sent twice; Telegram now refuses for good (the bot was blocked).
      telegram.fail = (to) =>
        to.name === '张三'
          ? new RecipientUnreachable(
              '张三 已屏蔽 Telegram 机器人：请其在 Telegram 中解除屏蔽并点“开始”',
              'blocked',
              403,
            )
          : undefined;
      e.clock.advance(10 * 60_000);
      await dispatchOutbox(deps);
      expect(dailyOf(feishu, '张三')).toHaveLength(1);
      expect((await e.store.db.message.findUniqueOrThrow({ where: { id: first.message.id } })).state).toBe('sent');
      const episodes = await e.store.listUnreachable();
      expect(episodes.map((u) => [u.channel, u.who, u.cause])).toEqual([['telegram', '张三', 'blocked']]);
      // the director is told, on his own channel (Telegram)
      e.clock.advance(60_000);
      await dispatchOutbox(deps);
      expect(
        telegram.to('李明').some((s) => JSON.stringify(s.message.payload).includes('已屏蔽 Telegram 机器人')),
      ).toBe(true);
    },
  );
});
