/**
 * Dead letters as the operator and the director meet them: a channel that refuses every send during
 * the morning fan-out gives the director ONE notice naming who was not reached and why (and one to the
 * administrators' chat), however many messages died and in however many drains; `safeduty outbox`
 * lists, retries and drops them while the service's database is in use.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { outboxCounts } from '../../src/adapters/store/operator-queries.js';
import { ChannelError, RecipientUnreachable } from '../../src/app/channel-error.js';
import { channelRegistry } from '../../src/app/channel-registry.js';
import { dispatchOutbox } from '../../src/app/dispatch-outbox.js';
import type { OutboxMessage, PromptSender, Recipient } from '../../src/app/ports.js';
import { GATHER_MS } from '../../src/app/report-dead-letters.js';
import { runTick } from '../../src/app/run-tick.js';
import { runCli } from '../../src/cli.js';
import { demoConfigDir } from '../helpers/config-fixture.js';
import { PROVIDERS } from '../helpers/databases.js';
import { demoEngine, type TestEngine } from '../helpers/engine.js';

/** A channel that refuses sends (not retryable, as Feishu's 400s) while `down`. */
class FlakyChannel implements PromptSender {
  readonly name = 'feishu';
  down = true;
  readonly sent: { message: OutboxMessage; to: Recipient }[] = [];
  async sendPrompt(message: OutboxMessage, to: Recipient) {
    if (this.down) throw new ChannelError('飞书返回 400：消息体无效（code 230001）', false);
    this.sent.push({ message, to });
    return { platformMessageId: `om_${this.sent.length}` };
  }
}

const SERVICE = 'admin_chat: oc_admins\n';

describe.each(PROVIDERS)('dead letters (%s)', (provider) => {
  let e: TestEngine;
  afterEach(async () => e?.close());

  const setUp = async () => {
    e = await demoEngine({ start: '2026-12-01T08:30:00+08:00', provider, service: SERVICE });
    const channel = new FlakyChannel();
    return { channel, deps: { ...e, channels: channelRegistry([channel]) } };
  };

  it('a fan-out that dies is one notice to the director and one to the admin chat, naming who and why', async () => {
    const { channel, deps } = await setUp();
    await runTick(e);
    // Two drains: the first takes 2 messages, the second the rest; every one dies at once.
    const first = await dispatchOutbox(deps, 2);
    const second = await dispatchOutbox(deps);
    const died = first.failed.length + second.failed.length;
    expect(first.failed).toHaveLength(2);
    expect(died).toBeGreaterThanOrEqual(4); // 张三, 李四 (two cards' worth in one message), 赵敏, 李明's weekly
    expect((await e.store.deadLetters({})).length).toBe(died);
    // The operator's metrics count them on the channel that refused them.
    const dead = (await outboxCounts(e.store.db, e.clock.now())).filter((c) => c.state === 'dead');
    expect(dead.map((c) => c.channel)).toEqual(dead.map(() => 'feishu'));
    expect(dead.reduce((n, c) => n + c.count, 0)).toBe(died);
    // The notice waits to gather the whole fan-out: nothing more leaves now, even with the channel back.
    channel.down = false;
    await dispatchOutbox(deps);
    expect(channel.sent).toEqual([]);
    e.clock.advance(GATHER_MS);
    await dispatchOutbox(deps);
    const notices = channel.sent.filter((s) => s.message.purpose === 'notice');
    // 李明 (director) is among those not reached, so the principal is told as well; and the admin chat.
    expect(notices.map((n) => n.to.name).sort()).toEqual(['oc_admins', '李明', '王建国'].sort());
    const text = (notices[0]!.message.payload as { text: string }).text;
    expect(text).toContain(`${died} 条消息多次重试后仍未送达`);
    for (const who of ['张三', '李四', '赵敏', '李明']) expect(text).toContain(who);
    expect(text).toContain('飞书返回 400：消息体无效（code 230001）');
    expect(text).toContain('safeduty outbox retry --all');
    for (const n of notices) expect((n.message.payload as { text: string }).text).toBe(text);

    // A later death is a new notice, listing only itself.
    channel.down = true;
    e.clock.advance(60 * 60_000);
    const principal = notices.find((n) => n.to.name === '王建国')!.message;
    await e.store.putNotice(
      {
        key: 'msg:wanjia-property:test:1',
        unitId: principal.unitId,
        unitName: '测试',
        personId: principal.personId,
        chatId: null,
        text: '一条通知',
        notBefore: e.clock.now(),
      },
      e.clock.now(),
    );
    expect((await dispatchOutbox(deps)).failed).toHaveLength(1);
    channel.down = false;
    e.clock.advance(GATHER_MS);
    await dispatchOutbox(deps);
    const later = channel.sent.filter((s) => s.message.purpose === 'notice').slice(notices.length);
    expect(later.map((n) => n.to.name).sort()).toEqual(['oc_admins', '李明']);
    expect((later[0]!.message.payload as { text: string }).text).toMatch(
      /^【消息未送达】天津万家物业管理有限公司：1 条消息/,
    );
  });

  it('a dead notice about dead letters is not told again (no loop while the channel is down)', async () => {
    const { deps } = await setUp();
    await runTick(e);
    await dispatchOutbox(deps);
    e.clock.advance(GATHER_MS);
    const r = await dispatchOutbox(deps); // the notices die too
    expect(r.failed.every((m) => m.purpose === 'notice')).toBe(true);
    expect(r.failed.length).toBe(3);
    e.clock.advance(GATHER_MS);
    expect((await dispatchOutbox(deps)).failed).toEqual([]);
  });

  it('someone the channel cannot reach is told to the director and to the admin chat, once', async () => {
    const { channel, deps } = await setUp();
    channel.down = false;
    const send = channel.sendPrompt.bind(channel);
    channel.sendPrompt = async (message, to) => {
      if (to.name === '张三')
        throw new RecipientUnreachable('张三 无法收到飞书消息（230013）：不在应用的可用范围内', 'out_of_scope', 230013);
      return send(message, to);
    };
    await runTick(e);
    await dispatchOutbox(deps);
    await dispatchOutbox(deps); // the notices leave at once
    const notices = channel.sent.filter((s) => s.message.purpose === 'notice');
    expect(notices.map((n) => n.to.name).sort()).toEqual(['oc_admins', '李明'].sort());
    const admin = (notices.find((n) => n.to.name === 'oc_admins')!.message.payload as { text: string }).text;
    expect(admin).toBe(
      '【消息无法送达】天津万家物业管理有限公司：张三 无法收到飞书消息（230013）：不在应用的可用范围内\n' +
        '已告知李明；处理后下一条消息送达即恢复（safeduty doctor 可查看所有无法送达的人）。',
    );
    // Another failure of the same episode tells nobody again.
    e.clock.set('2026-12-01T15:31:00+08:00'); // the 15:30 reminders: 张三's fails again
    await runTick(e);
    expect((await dispatchOutbox(deps)).failed.map((m) => m.purpose)).toEqual(['reminder']);
    await dispatchOutbox(deps);
    expect(channel.sent.filter((s) => s.message.purpose === 'notice')).toHaveLength(2);
  });

  it('safeduty outbox lists, retries and drops dead letters', async () => {
    const { channel, deps } = await setUp();
    await runTick(e);
    await dispatchOutbox(deps);
    const letters = await e.store.deadLetters({});
    const out: string[] = [];
    vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
    vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
    const env = { ...process.env };
    process.env.DATABASE_URL = e.db.url;
    const cli = (...args: string[]) => runCli([...args, '--config', demoConfigDir()]);
    try {
      expect(await cli('outbox', 'list')).toBe(0);
      expect(out[0]).toBe(`未送达的消息 ${letters.length} 条：`);
      expect(out.join('\n')).toMatch(
        new RegExp(
          `${letters[0]!.id}  天津万家物业管理有限公司  \\S+  待办  生成 2026-12-01 00:30 UTC  放弃 2026-12-01 00:30 UTC  尝试 1 ` +
            `次\\n    原因：飞书返回 400`,
        ),
      );
      out.length = 0;
      expect(await cli('outbox', 'drop', letters[0]!.id, '--reason', '人员已离职')).toBe(0);
      expect(out).toEqual([`已放弃消息 ${letters[0]!.id}（记录保留，不再发送）。`]);
      // Ids that are not dead letters are said for what they are; a dead one among them is retried.
      out.length = 0;
      expect(await cli('outbox', 'drop', letters[0]!.id)).toBe(1);
      expect(out).toEqual([`消息 ${letters[0]!.id} 已取消或已放弃（不再发送；待办已完成或运维已放弃）`]);
      out.length = 0;
      expect(await cli('outbox', 'retry', 'nope')).toBe(1);
      expect(out).toEqual(['找不到消息 nope：请用 safeduty outbox list 查看未送达消息的 id']);
      out.length = 0;
      expect(await cli('outbox', 'retry', letters[1]!.id, 'nope')).toBe(1);
      expect(out).toEqual([
        '已重新排队 1 条消息，服务将在下一分钟内发送（已完成的待办不会再发）。',
        '找不到消息 nope：请用 safeduty outbox list 查看未送达消息的 id',
      ]);
      out.length = 0;
      expect(await cli('outbox', 'retry', letters[1]!.id)).toBe(1);
      expect(out).toEqual([`消息 ${letters[1]!.id} 仍在发送队列中（等待发送），服务会继续尝试，无需操作`]);
      out.length = 0;
      expect(await cli('outbox', 'retry')).toBe(1);
      expect(out[0]).toMatch(/^错误（USAGE）：请给出消息 id，或用 --all 重发全部。/);
      out.length = 0;
      expect(await cli('outbox', 'list', '--unit', 'nope')).toBe(1);
      expect(out).toEqual(['错误（USAGE）：没有单位“nope”：--unit 请用单位文件中的 key（wanjia-property）']);
      out.length = 0;
      expect(await cli('outbox', 'retry', '--all')).toBe(0);
      expect(out).toEqual([
        `已重新排队 ${letters.length - 2} 条消息，服务将在下一分钟内发送（已完成的待办不会再发）。`,
      ]);
      expect(await cli('outbox', 'frobnicate')).toBe(1);
    } finally {
      process.env = env;
      vi.restoreAllMocks();
    }
    // The retried ones go out with the next drain, the dropped one does not.
    channel.down = false;
    e.clock.advance(60_000);
    const r = await dispatchOutbox(deps);
    expect(r.sent.map((m) => m.id).sort()).toEqual(
      letters
        .slice(1)
        .map((l) => l.id)
        .sort(),
    );
    expect(await e.store.deadLetters({})).toEqual([]);
  });
});
