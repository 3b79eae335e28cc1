/**
 * Updating a card after a user acted on it, as Feishu documents it and the adapter does it:
 * - 延时更新消息卡片 (interactive/v1/card/update): the callback's token, 30 minutes, two uses;
 *   errors 300020 (format), 300030 (expired), 300040 (used up);
 * - while the interaction is still being answered the card is locked: a PATCH is refused with
 *   230099 / ErrCode 11310 “card action is lock”, and the adapter retries until the lock is gone;
 * - 通过手机号或邮箱获取用户 ID (contact/v3/users/batch_get_id) answers the doc's example request.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as lark from '@larksuiteoapi/node-sdk';
import type { EmulatorUser, FeishuEmulator } from '@safeduty/feishu-emulator';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFeishuClient } from '../../src/adapters/feishu/feishu-client.js';
import { FeishuMessenger } from '../../src/adapters/feishu/feishu-messenger.js';
import { RateLimiter } from '../../src/adapters/feishu/rate-limiter.js';
import { ChannelError } from '../../src/app/channel-error.js';
import {
  dailyCard,
  emulatorWithPeople,
  type FakeClock,
  fakeClock,
  feishuFailure,
  larkClient,
  silentLogger,
  sleep,
  submittedCard,
} from './helpers.js';

const card = (text: string) => ({
  schema: '2.0',
  config: { update_multi: true },
  body: { elements: [{ tag: 'markdown', content: text }] },
});

let emu: FeishuEmulator;
let alice: EmulatorUser;
let receiver: Server;
let clock: FakeClock;
let answerDelayMs: number;
let tokens: string[];
let messenger: FeishuMessenger;

beforeEach(async () => {
  clock = fakeClock(Date.now());
  ({ emu, alice } = await emulatorWithPeople({ now: () => clock.now(), delivery: { mode: 'webhook' } }));
  tokens = [];
  answerDelayMs = 0;
  const dispatcher = new lark.EventDispatcher({ logger: silentLogger, loggerLevel: lark.LoggerLevel.fatal }).register<
    Record<string, (data: never) => unknown>
  >({
    'card.action.trigger': async (e: { token: string }) => {
      tokens.push(e.token);
      await sleep(answerDelayMs);
      return { toast: { type: 'info', content: '已收到，正在处理…' } };
    },
  });
  const handle = lark.adaptDefault('/feishu/events', dispatcher, { autoChallenge: true });
  receiver = createServer((req, res) => void handle(req, res));
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  emu.configureDelivery({ webhookUrl: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/feishu/events` });
  const app = emu.app();
  messenger = new FeishuMessenger({
    feishu: createFeishuClient({ appId: app.appId, appSecret: app.appSecret, domain: emu.url }),
    limiter: new RateLimiter({ perSecond: 100, perMinute: 1000, perReceiverPerSecond: 5 }, () => clock.now()),
    now: () => new Date(clock.now()),
    peopleOf: async () => [],
    sleep: (ms) => sleep(Math.min(ms, 100)),
  });
});
afterEach(async () => {
  await emu.close();
  receiver.closeAllConnections();
  await new Promise((r) => receiver.close(r));
});

async function sentCard(): Promise<string> {
  const res = await larkClient(emu).im.v1.message.create({
    params: { receive_id_type: 'open_id' },
    data: { receive_id: alice.openId, msg_type: 'interactive', content: JSON.stringify(dailyCard()) },
  });
  return res.data!.message_id!;
}
const click = (messageId: string) => emu.actOnCard({ messageId, user: alice.openId, element: 'later_btn' });

describe('the card lock during an interaction', () => {
  it('refuses a PATCH with 230099 / 11310 “card action is lock” while the answer is pending', async () => {
    const id = await sentCard();
    answerDelayMs = 600;
    const acting = click(id);
    await sleep(150);
    const refused = await larkClient(emu)
      .im.v1.message.patch({ path: { message_id: id }, data: { content: JSON.stringify(submittedCard()) } })
      .then(() => undefined, feishuFailure);
    expect(refused).toMatchObject({ status: 400, code: 230099 });
    expect(refused!.msg).toMatch(/ErrCode: 11310; ErrMsg: card action is lock/);
    expect((await acting).ok).toBe(true);
    // Answered: the lock is gone.
    await larkClient(emu).im.v1.message.patch({
      path: { message_id: id },
      data: { content: JSON.stringify(submittedCard()) },
    });
  });

  it('the adapter waits out the lock and its update is the one that stays', async () => {
    const id = await sentCard();
    answerDelayMs = 600;
    const acting = click(id);
    await sleep(150);
    await messenger.updateCard(id, card('已处理完毕'));
    expect((await acting).ok).toBe(true);
    expect(emu.counters().rejections['230099']).toBeGreaterThanOrEqual(1);
    expect(JSON.stringify(emu.message(id)!.card)).toContain('已处理完毕');
  });
});

describe('delayed update with the callback token', () => {
  it('updates twice with one token, then 300040; an expired token 300030; a malformed one 300020', async () => {
    const id = await sentCard();
    expect((await click(id)).ok).toBe(true);
    const [token] = tokens;
    expect(token).toMatch(/^c-/);
    await messenger.updateCardWithToken(token!, card('第一次'));
    await messenger.updateCardWithToken(token!, card('第二次'));
    expect(JSON.stringify(emu.message(id)!.card)).toContain('第二次');
    const usedUp = await messenger.updateCardWithToken(token!, card('第三次')).catch((e: unknown) => e);
    expect(usedUp).toBeInstanceOf(ChannelError);
    expect((usedUp as ChannelError).code).toBe(300040);

    expect((await click(await sentCard())).ok).toBe(true);
    clock.advance(30 * 60_000);
    const expired = await messenger.updateCardWithToken(tokens[1]!, card('太晚')).catch((e: unknown) => e);
    expect((expired as ChannelError).code).toBe(300030);
    const malformed = await messenger.updateCardWithToken('not-a-token', card('x')).catch((e: unknown) => e);
    expect((malformed as ChannelError).code).toBe(300020);
  });
});

describe('contact/v3/users/batch_get_id', () => {
  it(
    "answers the doc's example request: " + 'one entry per email and mobile, user_id only for people the app can see',
    async () => {
      const wang = emu.createUser({ name: '王建国', mobile: '13011111111' });
      emu.createUser({ name: '外包', mobile: '+8613022222222', available: false });
      const res = await larkClient(emu).contact.v3.user.batchGetId({
        params: { user_id_type: 'open_id' },
        data: {
          emails: ['zhangsan@z.com', 'lisi@a.com'],
          mobiles: ['13011111111', '13022222222'],
          include_resigned: true,
        },
      });
      expect(res.code).toBe(0);
      const list = res.data!.user_list!;
      expect(list.map((u) => u.email ?? u.mobile)).toEqual([
        'zhangsan@z.com',
        'lisi@a.com',
        '13011111111',
        '13022222222',
      ]);
      expect(list[2]).toEqual({
        user_id: wang.openId,
        mobile: '13011111111',
        status: { is_frozen: false, is_resigned: false, is_activated: true, is_exited: false, is_unjoin: false },
      });
      expect(list[3]!.user_id).toBeUndefined();
      expect(list[0]!.user_id).toBeUndefined();
    },
  );

  it('refuses more than 50 mobiles, and answers 99991672 when the scope is missing', async () => {
    const many = Array.from({ length: 51 }, (_, i) => `139${String(i).padStart(8, '0')}`);
    const tooMany = await larkClient(emu)
      .contact.v3.user.batchGetId({ data: { mobiles: many } })
      .then(() => undefined, feishuFailure);
    expect(tooMany).toMatchObject({ status: 400, code: 99992402 });
    emu.injectFaults({ api: 'contact', failWith: { code: 99991672 } });
    const noScope = await larkClient(emu)
      .contact.v3.user.batchGetId({ data: { mobiles: ['13011111111'] } })
      .then(() => undefined, feishuFailure);
    expect(noScope).toMatchObject({ status: 400, code: 99991672 });
    expect(noScope!.msg).toContain('contact:user.id:readonly');
  });
});
