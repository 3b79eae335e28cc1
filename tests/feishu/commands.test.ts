/** Typed commands through the real SDK and the emulator: p2p, @bot in a group, binding a new account. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomIds } from '../../src/adapters/ids/random-ids.js';
import { PrismaStore } from '../../src/adapters/store/prisma-store.js';
import { createInvite } from '../../src/app/commands/invite.js';
import { eventually, type FeishuHarness, feishuHarness, OPEN_IDS } from '../helpers/feishu-service.js';

describe('commands in Feishu', () => {
  let h: FeishuHarness;
  const replies = (openId: string) =>
    h.emu
      .messages({ user: openId })
      .filter((m) => m.msgType === 'text' && m.sender.type === 'app')
      .map((m) => (JSON.parse(m.content) as { text: string }).text);

  beforeAll(async () => {
    h = await feishuHarness({ start: '2026-12-01T09:40:00Z' }); // 17:40: the daily checks are late
  }, 30_000);
  afterAll(async () => h?.close());

  it('answers 逾期 in a private chat with what the asker may see', async () => {
    await h.emu.sendUserMessage({ from: OPEN_IDS['张三']!, text: '逾期' });
    const text = await eventually(() => replies(OPEN_IDS['张三']!)[0]);
    expect(text).toMatch(/^逾期 3 项/);
  });

  it('answers @bot 逾期 in a group privately: the group is told 已私信发送, never who missed what', async () => {
    const group = h.emu.createGroup({ name: '万家物业安全群', members: [OPEN_IDS['李明']!, OPEN_IDS['张三']!] });
    await h.emu.sendUserMessage({ from: OPEN_IDS['李明']!, chatId: group.chatId, text: '逾期', mentionBot: true });
    const msg = await eventually(() => h.emu.messages({ chatId: group.chatId }).find((m) => m.sender.type === 'app'));
    expect((JSON.parse(msg.content) as { text: string }).text).toBe('已私信发送，请在与我的单聊中查看。');
    const p2p = h.emu.chats().find((c) => c.type === 'p2p' && c.memberOpenIds.includes(OPEN_IDS['李明']!))!;
    const privately = await eventually(() =>
      h.emu.messages({ chatId: p2p.chatId }).find((m) => m.sender.type === 'app' && m.msgType === 'text'),
    );
    expect((JSON.parse(privately.content) as { text: string }).text).toMatch(/^逾期 9 项 · 缺失 0 项/);
    expect((JSON.parse(privately.content) as { text: string }).text).toContain('张三（3 项）');
    // 帮助 is not private: it is answered in the group.
    await h.emu.sendUserMessage({ from: OPEN_IDS['李明']!, chatId: group.chatId, text: '帮助', mentionBot: true });
    await eventually(() => h.emu.messages({ chatId: group.chatId }).filter((m) => m.sender.type === 'app')[1]);
    expect(h.emu.messages({ chatId: group.chatId }).filter((m) => m.sender.type === 'app')[1]!.content).toContain(
      '我可以帮您',
    );
    // Without @bot the bot does not even receive the message (default scope): nothing more is said.
    await h.emu.sendUserMessage({ from: OPEN_IDS['李明']!, chatId: group.chatId, text: '逾期' });
    await new Promise((r) => setTimeout(r, 300));
    expect(h.emu.messages({ chatId: group.chatId }).filter((m) => m.sender.type === 'app')).toHaveLength(2);
    // Someone who blocked the bot cannot get it privately: the group is told so, and still sees no names.
    h.emu.updateUser(OPEN_IDS['张三']!, { blockedBot: true });
    await h.emu.sendUserMessage({ from: OPEN_IDS['张三']!, chatId: group.chatId, text: '逾期', mentionBot: true });
    const refused = await eventually(
      () => h.emu.messages({ chatId: group.chatId }).filter((m) => m.sender.type === 'app')[2],
    );
    expect((JSON.parse(refused.content) as { text: string }).text).toBe(
      '无法私信发送给您：请先在飞书中打开与我的单聊，再发送一次。',
    );
    h.emu.updateUser(OPEN_IDS['张三']!, { blockedBot: false });
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
    const text = await eventually(() =>
      h.emu.messages({ user: OPEN_IDS['张三'] }).find((m) => m.msgType === 'text' && m.sender.type === 'app'),
    );
    expect(text.content).toContain('安全员可以导出日检记录和隐患台账');
  });
});

/**
 * Issue 11, as a person acts in Feishu: missed work stays visible after its day closes, a pending
 * question never leaks into later input, devices are found as people name them, scoped answers
 * say so, and every accepted input gets an answer (never the internal-error reply).
 */
describe('typed commands keep the loop closed', () => {
  let h: FeishuHarness;
  let admin: PrismaStore;
  const p2pTexts = (openId: string) => {
    const chat = h.emu.chats().find((c) => c.type === 'p2p' && c.memberOpenIds.includes(openId));
    return chat
      ? h.emu
          .messages({ chatId: chat.chatId })
          .filter((m) => m.msgType === 'text' && m.sender.type === 'app')
          .map((m) => (JSON.parse(m.content) as { text: string }).text)
      : [];
  };
  /** Types a message as `name` would and waits for the bot's answer. */
  const say = async (name: string, text: string, from = OPEN_IDS[name]!): Promise<string> => {
    const before = p2pTexts(from).length;
    await h.emu.sendUserMessage({ from, text });
    return eventually(() => p2pTexts(from)[before]);
  };
  const deviceStatus = async (code: string) => (await admin.db.equipment.findUniqueOrThrow({ where: { code } })).status;

  beforeAll(async () => {
    h = await feishuHarness({ start: '2026-12-01T09:40:00Z' }); // Tue 17:40: the day's checks are late
    admin = await PrismaStore.open(h.dbUrl);
  }, 30_000);
  afterAll(async () => {
    await admin?.close();
    await h?.close();
  });

  it('逾期 the morning after still shows the missed checks, labelled 缺失, in the asker’s scope', async () => {
    h.clock.set('2026-12-02T00:10:00Z'); // Wed 08:10: Tuesday has closed, today's checks not yet open
    const tuesday = { kind: 'daily', period: '2026-12-01' };
    let missed = 0;
    for (let tries = 0; tries < 200 && !missed; tries++) {
      await new Promise((r) => setTimeout(r, 40));
      const open = await admin.db.task.count({ where: { ...tuesday, state: 'open' } });
      missed = open ? 0 : await admin.db.task.count({ where: { ...tuesday, state: 'missed' } });
    }
    expect(missed).toBeGreaterThanOrEqual(8);
    const director = await say('李明', '逾期');
    expect(director).toMatch(
      new RegExp(`^逾期 0 项 · 缺失 ${missed} 项：\n本单位目前没有逾期未完成的事项。\n近 7 天缺失 ${missed} 项：`),
    );
    expect(director).toContain('张三（3 项）：\n  · 【缺失】日管控 12月1日 1号楼1号客梯（截止 12月1日 17:30）');
    expect(director).toContain('赵敏（3 项）');
    const officer = await say('张三', '逾期');
    expect(officer).toMatch(/^逾期 0 项 · 缺失 3 项：/);
    expect(officer).not.toContain('李四');
    expect(officer).not.toContain('2号楼');
  });

  it('a pending level question is cancelled by another command and never answered by a later digit', async () => {
    expect(await say('张三', '上报隐患 1号楼1号 护栏松动')).toMatch(
      /^上报 1号楼1号客梯：护栏松动\n请回复隐患等级：1 一般 \/ 2 严重 \/ 3 重大/,
    );
    expect(await say('张三', '今日')).toMatch(/^（已取消未完成的上报隐患（1号楼1号客梯：护栏松动）。）\n/);
    expect(await say('张三', '3')).toMatch(/^现在没有等待您回复的问题（提问 10 分钟内有效）/);
    expect(await admin.db.hazard.count()).toBe(0);
    expect(await deviceStatus('31101201160001')).toBe('in_use');
  });

  it(
    'a reply that fits nothing is asked again; a typed 重大 is confirmed before the device is paused; text is ' +
      'stored as typed',
    async () => {
      expect(await say('张三', '上报隐患　１号楼１号　护栏松动（约５ｃｍ）')).toMatch(
        /^上报 1号楼1号客梯：护栏松动（约５ｃｍ）/,
      );
      expect(await say('张三', '好像挺严重')).toMatch(/^正在等您回复 1号楼1号客梯 的隐患等级/);
      expect(await say('张三', '3')).toMatch(
        /^确认上报重大隐患：1号楼1号客梯 护栏松动（约５ｃｍ）？\n确认后该设备将立即停用/,
      );
      expect(await deviceStatus('31101201160001')).toBe('in_use');
      expect(await say('张三', '确认')).toMatch(/^已上报重大隐患：1号楼1号客梯 护栏松动（约５ｃｍ）。设备已停用/);
      expect(await deviceStatus('31101201160001')).toBe('paused');
      const hazard = await admin.db.hazard.findFirstOrThrow();
      expect(hazard).toMatchObject({ level: 'major', description: '护栏松动（约５ｃｍ）' });
    },
  );

  it('a question expires after 10 minutes', async () => {
    // the serious hazard's photo step, still open from above, is put aside for the new question, and it says so
    expect(await say('张三', '上报隐患 1号楼2号 门灯不亮')).toMatch(
      /^（隐患#\d+的现场照片先放一边：稍后发送“照片 \d+”补发，此项必须补上。）\n上报 1号楼2号客梯：门灯不亮/,
    );
    h.clock.advance(11 * 60_000);
    expect(await say('张三', '2')).toMatch(/^现在没有等待您回复的问题/);
    expect(await deviceStatus('31101201160002')).toBe('in_use');
  });

  it('finds devices as people say them; several are offered to choose from; no false all-clear', async () => {
    const open = await say('李明', '隐患 1号梯');
    expect(open).toMatch(
      /^1号楼1号客梯、2号楼1号客梯 未关闭隐患 1 条：\n· #\d+ 【重大】1号楼1号客梯 护栏松动（约５ｃｍ）/,
    );
    expect(await say('李四', '隐患 1号梯')).toBe(
      '2号楼1号客梯 没有未关闭的隐患。\n（另有 1 台不是您负责的：1号楼1号客梯（张三），未列出。）',
    );
    // The help's own example: two devices fit, so the bot asks which.
    expect(await say('李明', '上报隐患 1号梯 护栏松动')).toMatch(
      /^“1号梯”对应 2 台设备，请回复序号选择：\n1\. 1号楼1号客梯（…160001）· 张三\n2\. 2号楼1号客梯（…160004）· 李四/,
    );
    expect(await say('李明', '2')).toMatch(/^上报 2号楼1号客梯：护栏松动\n请回复隐患等级/);
    expect(await say('李明', '取消')).toBe('已取消上报隐患（2号楼1号客梯：护栏松动），没有保存任何内容。');
    expect(await say('张三', '设备 3号货梯')).toMatch(
      /^设备 1 台（“3号货梯” · 您负责的）：\n· 1号楼3号货梯（31101201160003）/,
    );
    expect(await say('李明', '设备 160005')).toMatch(/^设备 1 台（“160005”）：\n· 2号楼2号客梯/);
    expect(await say('李明', '停用 锅炉房 安全阀校验')).toBe(
      '已停用 燃气热水锅炉（原因：安全阀校验），已记入设备状态记录。',
    );
    expect(await say('张三', '设备 锅炉')).toBe(
      '您负责的设备中没有锅炉；本单位的锅炉由 赵敏 负责。如需了解，请联系其安全员或安全总监。',
    );
    expect(await say('张三', '隐患 叉车')).toMatch(/^您负责的设备中没有“叉车”；本单位的“叉车”由 赵敏 负责/);
    expect(await say('张三', '隐患 飞机')).toMatch(/^找不到设备“飞机”。发送“设备”查看全部设备名称/);
    expect(await say('李明', '启用 2号客')).toMatch(/^“2号客”对应 2 台设备/);
    expect(await say('李明', '取消')).toMatch(/^已取消“启用”的设备选择/);
  });

  it('answers every export date, saying which range is allowed', async () => {
    for (const kind of ['日检', '周报', '隐患', '履职']) {
      expect(await say('李明', `导出 ${kind} 9999-12-31`)).toBe(
        '开始日期“9999-12-31”超出范围：只能导出 2000-01-01 至 2099-12-31 之间的记录；结束日期“9999-12-31”超出范围：只能导出 2000-01-01 至 ' +
          '2099-12-31 之间的记录',
      );
    }
  });

  it('refuses long text with its limit instead of cutting it; help comes from the command table', async () => {
    expect(await say('张三', `上报隐患 1号楼2号 ${'很'.repeat(5000)}`)).toBe(
      '隐患描述最多 500 字，您发送了 5011 字。请精简后再发送（没有保存任何内容）。',
    );
    const help = await say('张三', '帮助');
    expect(help).toContain(
      '· 导出 <记录> [日期|本周|上月…] [类别] [excel]　导出清单、日检、周报、月报、隐患台账、履职记录、职责、守则',
    );
    expect(help).not.toContain('即将推出');
  });

  it('throttles wrong bind codes: at most 5 per account and hour, then even a right code waits', async () => {
    const newcomer = h.emu.createUser({ name: '新同事' }).openId;
    const bindSay = (text: string) => say('新同事', text, newcomer);
    for (let i = 0; i < 5; i++) expect(await bindSay(`绑定 WRONG${i}234`)).toMatch(/^邀请码无效或已过期/);
    const person = (await admin.findPeople('赵敏'))[0]!;
    const { code } = await createInvite({ store: admin, ids: randomIds }, person.id, h.clock.now());
    expect(await bindSay(`绑定 ${code}`)).toMatch(
      /^邀请码输错次数过多：每个账号每小时最多输错 5 次。请在 \d\d:\d\d 后再试/,
    );
    h.clock.advance(3600_000);
    expect(await bindSay(`绑定 ${code}`)).toMatch(/^绑定成功！赵敏/);
  });
});
