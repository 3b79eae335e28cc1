/**
 * The one inbound entry on a real database with a fake channel: a replayed event, an unbound
 * account, a bound person's action (tone as data, the prompt redrawn), a refused form opened again,
 * typed text (answered through the channel, privately when it names misses), binding by code, and
 * work slower than the channel's deadline (answered at once, the prompt updated later).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DailyCheckPayload } from '../../src/adapters/feishu/cards/index.js';
import { REPORT_WRITERS } from '../../src/adapters/reports/writers.js';
import { handleText } from '../../src/app/commands/handle-text.js';
import { createInvite } from '../../src/app/commands/invite.js';
import { dispatchOutbox } from '../../src/app/dispatch-outbox.js';
import { handleInbound, type InboundDeps, NOT_BOUND, WORKING } from '../../src/app/inbound/handle-inbound.js';
import type {
  InboundAction,
  InboundEvent,
  InboundText,
  PromptRedraw,
  PromptRef,
} from '../../src/app/inbound/inbound-event.js';
import type { ChatAddress, OutgoingFile, Store } from '../../src/app/ports.js';
import { runTick } from '../../src/app/run-tick.js';
import { demoEngine, type TestEngine } from '../helpers/engine.js';
import { eventually } from '../helpers/feishu-service.js';

/** A channel that records what the app asks of it. */
class FakeChannel {
  readonly name = 'fake';
  readonly texts: { to: ChatAddress; text: string; key: string }[] = [];
  readonly files: { to: ChatAddress; file: OutgoingFile }[] = [];
  readonly updates: { ref: PromptRef; prompt: PromptRedraw }[] = [];
  /** chat ids / accounts that refuse messages (a blocked bot) */
  readonly refusing = new Set<string>();
  constructor(public answerDeadlineMs = 2500) {}
  async updatePrompt(ref: PromptRef, prompt: PromptRedraw): Promise<void> {
    this.updates.push({ ref, prompt });
  }
  async sendText(to: ChatAddress, text: string, key: string): Promise<string> {
    if (this.refusing.has(to.chatId ?? to.externalId ?? '')) throw new Error('blocked');
    this.texts.push({ to, text, key });
    return `t${this.texts.length}`;
  }
  async sendFile(to: ChatAddress, file: OutgoingFile): Promise<string> {
    this.files.push({ to, file });
    return `f${this.files.length}`;
  }
}

describe('handleInbound', () => {
  let e: TestEngine;
  let channel: FakeChannel;
  let deps: InboundDeps;
  const account = { zhang: 'u-zhang', li: 'u-liming' };

  beforeEach(async () => {
    e = await demoEngine({ start: '2026-12-01T00:30:00Z' });
    channel = new FakeChannel();
    deps = inboundDeps(e.store);
    for (const [name, externalId] of [
      ['张三', account.zhang],
      ['李明', account.li],
    ] as const) {
      const p = (await e.store.findPeople(name))[0]!;
      await e.store.db.channelIdentity.create({ data: { personId: p.id, channel: 'fake', externalId } });
    }
    await runTick(e);
    await dispatchOutbox(e);
  }, 30_000);
  afterEach(async () => e?.close());

  const inboundDeps = (store: Store): InboundDeps => ({
    store,
    clock: e.clock,
    log: e.log,
    defaults: e.defaults,
    ids: e.ids,
    channel,
    text: (acct, text) => handleText({ ...e, store, writers: REPORT_WRITERS }, acct, text),
  });
  const dailyPrompt = () => {
    const sent = e.messenger.to('张三').filter((s) => s.message.payload.type === 'daily_check');
    expect(sent).toHaveLength(1);
    const i = e.messenger.sent.indexOf(sent[0]!);
    return { payload: sent[0]!.message.payload as DailyCheckPayload, platformMessageId: `test-${i + 1}` };
  };
  let n = 0;
  const action = (
    externalId: string,
    a: InboundAction['action'],
    platformMessageId?: string,
    form: Record<string, unknown> = {},
    eventId = `ev-${++n}`,
  ): InboundEvent => ({
    type: 'action',
    channel: 'fake',
    eventId,
    actor: { externalId },
    at: e.clock.now(),
    action: a,
    form,
    ...(platformMessageId ? { promptRef: { platformMessageId } } : {}),
  });
  const text = (externalId: string, t: string, extra: Partial<InboundText> = {}): InboundText => ({
    type: 'text',
    channel: 'fake',
    eventId: `m-${++n}`,
    actor: { externalId, chatType: 'p2p' },
    at: e.clock.now(),
    text: t,
    ...extra,
  });
  const records = () => e.store.db.record.count();

  it('tells an unbound account how to bind, and records nothing', async () => {
    const { payload, platformMessageId } = dailyPrompt();
    const before = await records();
    const r = await handleInbound(
      deps,
      action('u-stranger', { a: 'daily_zero_all', k: payload.devices.map((d) => d.taskKey) }, platformMessageId),
    );
    expect(r).toEqual({ notice: { tone: 'danger', text: NOT_BOUND } });
    expect(await records()).toBe(before);
  });

  it(
    'records a bound action once: ' + 'the prompt redrawn with each device, a replay answered without acting twice',
    async () => {
      const { payload, platformMessageId } = dailyPrompt();
      const keys = payload.devices.map((d) => d.taskKey);
      const before = await records();
      const event = action(account.zhang, { a: 'daily_zero_all', k: keys }, platformMessageId);
      const r = await handleInbound(deps, event);
      expect(r.notice).toEqual({
        tone: 'success',
        text: expect.stringMatching(/^已提交 08:30 · 张三 · \d+ 台零风险$/),
      });
      expect(r.prompt?.payload.type).toBe('daily_check');
      expect(Object.keys(r.prompt!.state.devices!).sort()).toEqual([...keys].sort());
      expect(
        Object.values(r.prompt!.state.devices!).every(
          (d) => /^已提交 08:30 · 张三 · 零风险$/.test(d.line) && !d.abnormal && !d.late,
        ),
      ).toBe(true);
      const after = await records();
      expect(after).toBeGreaterThan(before);
      const again = await handleInbound(deps, event);
      expect(again).toMatchObject({ ignored: 'replay', notice: { tone: 'info' } });
      expect(await records()).toBe(after);
      // Someone else's answer on the same card is refused as already done (a new event, same devices).
      const twice = await handleInbound(
        deps,
        action(account.zhang, { a: 'daily_zero', k: keys[0]! }, platformMessageId),
      );
      expect(twice.notice?.tone).toBe('info');
    },
  );

  it('redraws a card tapped before its send was recorded (the outcome written a moment later)', async () => {
    const { payload, platformMessageId } = dailyPrompt();
    const row = await e.store.db.platformMessage.findUniqueOrThrow({ where: { platformMessageId } });
    await e.store.db.platformMessage.delete({ where: { platformMessageId } });
    // the dispatcher's group commit lands while the tap is being answered
    const recorded = new Promise<void>((resolve) =>
      setTimeout(() => void e.store.db.platformMessage.create({ data: row }).then(() => resolve()), 120),
    );
    const keys = payload.devices.map((d) => d.taskKey);
    const r = await handleInbound(deps, action(account.zhang, { a: 'daily_zero_all', k: keys }, platformMessageId));
    await recorded;
    expect(r.notice?.tone).toBe('success');
    expect(r.prompt?.payload.type).toBe('daily_check');
    expect(Object.keys(r.prompt!.state.devices!).sort()).toEqual([...keys].sort());
  });

  it('gives the tone as data: a late answer is a warning on the prompt, not read back from its words', async () => {
    const { payload, platformMessageId } = dailyPrompt();
    e.clock.set(new Date(new Date(payload.dueAt).getTime() + 60_000));
    const r = await handleInbound(
      deps,
      action(account.zhang, { a: 'daily_zero', k: payload.devices[0]!.taskKey }, platformMessageId),
    );
    expect(r.notice).toEqual({ tone: 'success', text: expect.stringMatching(/^逾期提交/) });
    expect(r.prompt!.state.devices![payload.devices[0]!.taskKey]).toMatchObject({
      late: true,
      line: expect.stringMatching(/^逾期提交/),
    });
    // The weekly report, on time: read-only in the success tone.
    const weekly = e.messenger.to('李明').find((s) => s.message.payload.type === 'weekly_review')!;
    const form = {
      lastWeekVerification: '上周隐患均已核实',
      findings: '无',
      evaluation: '总体受控',
      nextWeekFocus: '电梯困人演练',
      decisionsNeeded: '无',
      q_rest: 'normal',
      mt_mode: 'none',
    };
    e.clock.set(new Date('2026-12-06T02:00:00Z'));
    const w = await handleInbound(
      deps,
      action(
        account.li,
        { a: 'weekly_submit', k: weekly.message.taskKeys[0]! },
        `test-${e.messenger.sent.indexOf(weekly) + 1}`,
        form,
      ),
    );
    expect(w.notice).toEqual({
      tone: 'success',
      text: expect.stringMatching(/^已提交 10:00 · 李明 · 2026-W49 周排查报告$/),
    });
    expect(w.prompt?.state.done).toEqual({ tone: 'success', line: w.notice!.text });
  });

  it('opens a device and brings a refused form back open with what was entered and why', async () => {
    const { payload, platformMessageId } = dailyPrompt();
    const k = payload.devices[0]!.taskKey;
    const opened = await handleInbound(deps, action(account.zhang, { a: 'daily_open', k }, platformMessageId));
    expect(opened).toMatchObject({
      notice: { tone: 'info', text: '请逐项选择' },
      prompt: { state: { open: { taskKey: k } } },
    });
    const refused = await handleInbound(
      deps,
      action(account.zhang, { a: 'daily_submit', k }, platformMessageId, { i1: 'normal', x2_desc: '门锁松动' }),
    );
    expect(refused.notice?.tone).toBe('danger');
    expect(refused.prompt?.state.open).toMatchObject({
      taskKey: k,
      entered: { i1: 'normal', x2_desc: '门锁松动' },
      problems: expect.stringContaining('未选择'),
    });
    const gone = await handleInbound(deps, action(account.zhang, { a: 'daily_open', k }, 'om_unknown'));
    expect(gone).toEqual({ notice: { tone: 'danger', text: expect.stringContaining('已过期') } });
  });

  it('answers slow work within the deadline and updates the prompt when done', async () => {
    let committed = false;
    const slow = new Proxy(e.store, {
      get(target, prop, recv) {
        const v = Reflect.get(target, prop, recv) as unknown;
        if (typeof v !== 'function') return v;
        if (prop !== 'commitAnswer') return v.bind(target);
        return async (...args: unknown[]) => {
          await new Promise((r) => setTimeout(r, 400));
          const done = await (v as (...a: unknown[]) => unknown).apply(target, args);
          committed = true;
          return done;
        };
      },
    }) as Store;
    channel.answerDeadlineMs = 50;
    const { payload, platformMessageId } = dailyPrompt();
    const r = await handleInbound(
      inboundDeps(slow),
      action(account.zhang, { a: 'daily_zero_all', k: payload.devices.map((d) => d.taskKey) }, platformMessageId),
    );
    // answered at the 50 ms deadline, before the (400 ms) work was committed: ordered, not timed
    expect(committed).toBe(false);
    expect(r).toEqual({ notice: { tone: 'info', text: WORKING }, late: true });
    const update = await eventually(() => channel.updates[0], 5000);
    expect(update.ref.platformMessageId).toBe(platformMessageId);
    expect(Object.values(update.prompt.state.devices!).length).toBe(payload.devices.length);
  });

  it(
    'answers typed text through the channel; ' +
      'a group hears only what is addressed to the bot, and misses go privately',
    async () => {
      const r = await handleInbound(deps, text(account.zhang, '帮助'));
      expect(r.replies?.[0]?.text).toContain('我可以帮您');
      expect(channel.texts.at(-1)).toMatchObject({
        to: { externalId: account.zhang },
        key: expect.stringMatching(/^reply:m-\d+:text$/),
      });
      const ev = text(account.li, '逾期', { actor: { externalId: account.li, chatId: '-100200', chatType: 'group' } });
      expect(await handleInbound(deps, ev)).toEqual({ ignored: 'not_addressed' });
      const asked = await handleInbound(deps, { ...ev, eventId: 'm-group', mentioned: true });
      expect(asked.replies?.map((x) => x.text)).toEqual([
        expect.stringContaining('逾期'),
        '已私信发送，请在与我的单聊中查看。',
      ]);
      expect(channel.texts.slice(-2).map((t) => t.to)).toEqual([{ externalId: account.li }, { chatId: '-100200' }]);
      // A redelivered message is not answered twice.
      const count = channel.texts.length;
      expect(await handleInbound(deps, { ...ev, eventId: 'm-group', mentioned: true })).toEqual({ ignored: 'replay' });
      expect(channel.texts).toHaveLength(count);
      // The asker cannot be written to privately: the group is told so, without the answer.
      channel.refusing.add(account.li);
      const blocked = await handleInbound(deps, { ...ev, eventId: 'm-blocked', mentioned: true });
      expect(blocked.replies).toEqual([{ text: expect.stringMatching(/^无法私信发送给您/) }]);
      expect(channel.texts.at(-1)!.to).toEqual({ chatId: '-100200' });
    },
  );

  it('binds an account with a code: before, the reply says how; after, its actions count', async () => {
    const before = await handleInbound(deps, text('u-new', '今日'));
    expect(before.replies?.[0]?.text).toMatch(/绑定 邀请码/);
    const wang = (await e.store.findPeople('王建国'))[0]!;
    const { code } = await createInvite(e, wang.id, e.clock.now());
    const bound = await handleInbound(deps, text('u-new', `绑定 ${code}`));
    expect(bound.replies?.[0]?.text).toMatch(/^绑定成功！王建国/);
    expect(await e.store.personByIdentity('fake', 'u-new')).toMatchObject({ id: wang.id });
  });
});
