/** Typed commands through the real SDK and the emulator: p2p, @bot in a group, binding a new account. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInvite } from '../../src/app/commands/invite.js';
import { PrismaStore } from '../../src/adapters/store/prisma-store.js';
import { randomIds } from '../../src/adapters/ids/random-ids.js';
import { eventually, feishuHarness, OPEN_IDS, type FeishuHarness } from '../helpers/feishu-service.js';

describe('commands in Feishu', () => {
  let h: FeishuHarness;
  const replies = (openId: string) => h.emu.messages({ user: openId }).filter((m) => m.msgType === 'text' && m.sender.type === 'app').map((m) => (JSON.parse(m.content) as { text: string }).text);

  beforeAll(async () => {
    h = await feishuHarness({ start: '2026-12-01T09:40:00Z' }); // 17:40: the daily checks are late
  }, 30_000);
  afterAll(async () => h?.close());

  it('answers 逾期 in a private chat with what the asker may see', async () => {
    await h.emu.sendUserMessage({ from: OPEN_IDS['张三']!, text: '逾期' });
    const text = await eventually(() => replies(OPEN_IDS['张三']!)[0]);
    expect(text).toMatch(/^逾期 3 项/);
  });

  it('answers @bot in a group, in the group, mentions stripped', async () => {
    const group = h.emu.createGroup({ name: '万家物业安全群', members: [OPEN_IDS['李明']!, OPEN_IDS['张三']!] });
    await h.emu.sendUserMessage({ from: OPEN_IDS['李明']!, chatId: group.chatId, text: '逾期', mentionBot: true });
    const msg = await eventually(() => h.emu.messages({ chatId: group.chatId }).find((m) => m.sender.type === 'app'));
    expect((JSON.parse(msg.content) as { text: string }).text).toMatch(/^逾期 9 项/);
    // Without @bot the bot does not even receive the message (default scope): nothing more is said.
    await h.emu.sendUserMessage({ from: OPEN_IDS['李明']!, chatId: group.chatId, text: '逾期' });
    await new Promise((r) => setTimeout(r, 300));
    expect(h.emu.messages({ chatId: group.chatId }).filter((m) => m.sender.type === 'app')).toHaveLength(1);
  });

  it('binds a new account with a one-time code', async () => {
    const newcomer = h.emu.createUser({ name: '新同事' }).openId;
    await h.emu.sendUserMessage({ from: newcomer, text: '今日' });
    expect(await eventually(() => replies(newcomer)[0])).toMatch(/尚未绑定/);
    const admin = await PrismaStore.open(h.dbUrl);
    const person = (await admin.findPeople('赵敏'))[0]!;
    const { code } = await createInvite({ store: admin, ids: randomIds }, person.id, h.clock.now());
    await admin.close();
    await h.emu.sendUserMessage({ from: newcomer, text: `绑定 ${code}` });
    expect(await eventually(() => replies(newcomer)[1])).toMatch(/^绑定成功！赵敏/);
    await h.emu.sendUserMessage({ from: newcomer, text: '我' });
    expect(await eventually(() => replies(newcomer)[2])).toMatch(/^赵敏（138\*\*\*\*0005）/);
  });
});

describe('导出 in Feishu', () => {
  let h: FeishuHarness;
  beforeAll(async () => {
    h = await feishuHarness({ start: '2026-12-01T09:40:00Z' });
  }, 30_000);
  afterAll(async () => h?.close());

  it('sends the director the daily record as an Excel file; refuses an officer the minutes', async () => {
    await h.emu.sendUserMessage({ from: OPEN_IDS['李明']!, text: '导出 日检 今天 电梯 excel' });
    const file = await eventually(() => h.emu.messages({ user: OPEN_IDS['李明'] }).find((m) => m.msgType === 'file'));
    const key = (JSON.parse(file.content) as { file_key: string }).file_key;
    expect(h.emu.file(key)?.fileName).toMatch(/^每日电梯安全检查记录_天津万家物业管理有限公司_2026-12-01\.xlsx$/);
    await h.emu.sendUserMessage({ from: OPEN_IDS['张三']!, text: '导出 月报' });
    const text = await eventually(() => h.emu.messages({ user: OPEN_IDS['张三'] }).find((m) => m.msgType === 'text' && m.sender.type === 'app'));
    expect(text.content).toContain('安全员可以导出日检记录和隐患台账');
  });
});
