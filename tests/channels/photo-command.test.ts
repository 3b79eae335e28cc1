/**
 * A required photo keeps the step open, and 照片 <隐患号> opens a photo step again, as people act
 * through both emulators with the whole service (#14 evidence). Feishu (Lark SDK), the whole walk of
 * a serious hazard, every state: the report's photo step left to expire; 照片 refused to someone who
 * is neither reporter, rectifier nor director; 照片 adds the 发现 photo; the rectification's photo
 * step cannot be closed (完成/跳过) without one; the director's 核实 is refused while no 整改后 photo
 * is attached and says who must send what; 退回 needs none; a photo of a fix sent back does not count
 * for the next round; 照片 on a closed hazard is refused; and the 核实 button on the director's card
 * refused the same way. Telegram (grammY; its per-chat pacing makes each reply ~1 s, so the walk is
 * shorter): /photo from the / menu, the typed 核实 refused until the photo is there.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PrismaStore } from '../../src/adapters/store/prisma-store.js';
import { eventually, type FeishuHarness, feishuHarness, OPEN_IDS } from '../helpers/feishu-service.js';
import { png } from '../helpers/images.js';
import { TELEGRAM_IDS, type TelegramHarness, telegramHarness } from '../helpers/telegram-service.js';

const START = '2026-12-01T00:30:00Z'; // Tuesday 08:30 in Tianjin
const STEP_EXPIRES = 31 * 60_000; // a photo step waits at least 30 minutes

async function evidenceOf(dbUrl: string, no: number) {
  const store = await PrismaStore.open(dbUrl);
  try {
    const hazard = await store.db.hazard.findFirstOrThrow({ where: { no } });
    return { state: hazard.state, photos: await store.evidenceOfHazards([hazard.id]) };
  } finally {
    await store.close();
  }
}

describe('photo steps and 照片 on Telegram (grammY + Telegram emulator)', () => {
  let h: TelegramHarness;
  beforeAll(async () => {
    h = await telegramHarness({ start: START });
  }, 60_000);
  afterAll(async () => h?.close());

  const lastId = (who: string) => h.emu.messages(TELEGRAM_IDS[who]!).at(-1)?.message_id ?? 0;
  /** the bot's next reply (prompts, which carry buttons, arrive in between) */
  const next = async (who: string, after: number) =>
    (
      await eventually(() =>
        h.emu
          .messages(TELEGRAM_IDS[who]!)
          .find((m) => m.fromBot && m.message_id > after && m.text && !m.reply_markup?.inline_keyboard?.length),
      )
    ).text ?? '';
  const say = async (who: string, text: string) => {
    const after = lastId(who);
    h.emu.sendText({ userId: TELEGRAM_IDS[who]!, text });
    return next(who, after);
  };
  const photo = async (who: string, bytes: Buffer) => {
    const after = lastId(who);
    h.emu.sendPhoto({ userId: TELEGRAM_IDS[who]!, bytes });
    return next(who, after);
  };

  it('/photo from the menu: the director’s typed 核实 waits for the 整改后 photo', async () => {
    await eventually(() =>
      h.emu.messages(TELEGRAM_IDS['张三']!).find((m) => m.fromBot && (m.text ?? '').includes('日管控')),
    );
    await eventually(() =>
      h.emu.messages(TELEGRAM_IDS['李明']!).find((m) => m.fromBot && (m.text ?? '').includes('周排查')),
    );
    expect(await say('张三', '上报隐患 1号楼1号客梯 曳引机异响')).toMatch(/请回复隐患等级/);
    expect(await say('张三', '2')).toMatch(/确认/);
    expect(await say('张三', '确认')).toMatch(/请为隐患#1（1号楼1号客梯）发送现场照片/);
    expect(await say('李明', '研判 1 曳引机轴承磨损，停梯更换轴承')).toMatch(/已确认研判/);
    expect(await say('张三', '整改 1 已更换曳引机轴承')).toMatch(/发送整改后的现场照片.*此项必须附照片/);
    h.clock.advance(STEP_EXPIRES);
    expect(await say('李四', '/photo 1')).toBe('隐患#1由 张三 上报、张三 整改：只有他们或安全总监可以补充照片。');
    expect(await say('李明', '核实 1 通过')).toBe(
      '整改后照片未上传：请 张三 发送“照片 1”并上传整改后的现场照片，之后再核实；整改不到位可退回整改。',
    );
    expect(await say('张三', '/photo 1')).toMatch(/^请为隐患#1（1号楼1号客梯）发送整改后的现场照片/);
    expect(await photo('张三', png(4, 4, [200, 10, 10]))).toMatch(/^已收到第 1 张照片/);
    expect(await say('张三', '完成')).toMatch(/^已保存 1 张照片/);
    expect(await say('李明', '核实 1 通过')).toMatch(/^已核实关闭 · 李明 · 隐患#1/);
    expect((await evidenceOf(h.dbUrl, 1)).photos.map((p) => [p.stage, p.personName])).toEqual([['rectified', '张三']]);
  });

  it('lists /photo in the bot’s command menu (setMyCommands)', async () => {
    const menu = await eventually(() => (h.emu.commands().length ? h.emu.commands() : undefined));
    expect(menu.find((c) => c.command === 'photo')?.description).toMatch(/^照片 <隐患号>：/);
  });
});

describe('photo steps and 照片 on Feishu (Lark SDK + Feishu emulator)', () => {
  let h: FeishuHarness;
  beforeAll(async () => {
    h = await feishuHarness({ start: START });
  }, 60_000);
  afterAll(async () => h?.close());

  const texts = (who: string) =>
    h.emu
      .messages({ user: OPEN_IDS[who]! })
      .filter((m) => m.msgType === 'text' && m.sender.type === 'app')
      .map((m) => (JSON.parse(m.content) as { text: string }).text);
  const say = async (who: string, text: string) => {
    const before = texts(who).length;
    await h.emu.sendUserMessage({ from: OPEN_IDS[who]!, text });
    return eventually(() => texts(who)[before]);
  };
  const sendImage = async (who: string, bytes: Buffer) => {
    const before = texts(who).length;
    await h.emu.sendUserImage({ from: OPEN_IDS[who]!, bytes });
    return eventually(() => texts(who)[before]);
  };

  it('walks a serious hazard through every photo state', async () => {
    await eventually(() => h.emu.messages({ user: OPEN_IDS['张三']! }).find((m) => m.card));
    // the report asks for the 发现 photo; 张三 does something else and the step expires
    expect(await say('张三', '上报隐患 1号楼1号客梯 曳引机异响')).toMatch(/请回复隐患等级/);
    expect(await say('张三', '2')).toMatch(/确认/);
    expect(await say('张三', '确认')).toMatch(/请为隐患#1（1号楼1号客梯）发送现场照片/);
    h.clock.advance(STEP_EXPIRES);
    expect(await sendImage('张三', png(3, 3, [1, 2, 3]))).toContain('现在没有需要照片的事项');

    // neither reporter, rectifier nor director
    expect(await say('李四', '照片 1')).toBe('隐患#1由 张三 上报、张三 整改：只有他们或安全总监可以补充照片。');
    expect(await say('张三', '照片')).toMatch(/^请写上隐患号.*用法：照片 <隐患号>，例如：照片 12。$/);
    expect(await say('张三', '照片 99')).toMatch(/^本单位没有隐患号 99/);
    // a 发现 photo while the hazard is open
    expect(await say('张三', '照片 1')).toMatch(/^请发送照片（最多9张）作为隐患#1（1号楼1号客梯）的现场照片/);
    expect(await sendImage('张三', png(4, 4, [200, 10, 10]))).toMatch(/^已收到第 1 张照片/);
    expect(await say('张三', '完成')).toBe('已保存 1 张照片（隐患#1（1号楼1号客梯）），照片的哈希已记入记录链。');
    expect((await evidenceOf(h.dbUrl, 1)).photos.map((p) => p.stage)).toEqual(['found']);

    // the rectification's photo step stays open without a photo
    expect(await say('李明', '研判 1 曳引机轴承磨损，停梯更换轴承')).toMatch(/已确认研判/);
    const rectified = await say('张三', '整改 1 已更换曳引机轴承，试运行正常');
    expect(rectified).toMatch(/^已提交整改 · 张三 · 隐患#1待核实。\n请为隐患#1（1号楼1号客梯）发送整改后的现场照片/);
    expect(await say('张三', '完成')).toMatch(
      /^还没有收到照片：隐患#1（1号楼1号客梯）必须附整改后的照片，此步骤仍未完成/,
    );
    expect(await say('张三', '跳过')).toMatch(/此步骤仍未完成/);
    h.clock.advance(STEP_EXPIRES);

    // 核实 is refused while no 整改后 photo is attached; 退回 needs none
    const refused = '整改后照片未上传：请 张三 发送“照片 1”并上传整改后的现场照片，之后再核实；整改不到位可退回整改。';
    expect(await say('李明', '核实 1 通过')).toBe(refused);
    expect((await evidenceOf(h.dbUrl, 1)).state).toBe('rectified');
    expect(await say('张三', '照片 1')).toMatch(
      /^请为隐患#1（1号楼1号客梯）发送整改后的现场照片（最多9张，此项必须附照片）/,
    );
    expect(await sendImage('张三', png(5, 4, [10, 200, 10]))).toMatch(/^已收到第 1 张照片/);
    // a second 照片 for the same step continues it: the photo received is kept
    expect(await say('张三', '照片 1')).toMatch(/^请为隐患#1.*（已收到 1 张，可继续发送），发送“完成”结束。$/);
    expect(await say('张三', '完成')).toMatch(/^已保存 1 张照片/);
    expect(await say('李明', '核实 1 退回 轴承异响仍在')).toMatch(/^已退回整改/);

    // the next round needs its own photo: the one of the fix sent back does not count
    expect(await say('张三', '整改 1 重新更换轴承并加注润滑脂')).toMatch(/此项必须附照片/);
    h.clock.advance(STEP_EXPIRES);
    expect(await say('李明', '核实 1 通过')).toBe(refused);
    // the director may add it himself
    expect(await say('李明', '照片 1')).toMatch(/发送整改后的现场照片/);
    expect(await sendImage('李明', png(5, 5, [10, 10, 200]))).toMatch(/^已收到第 1 张照片/);
    expect(await say('李明', '完成')).toMatch(/^已保存 1 张照片/);
    expect(await say('李明', '核实 1 通过')).toMatch(/^已核实关闭 · 李明 · 隐患#1/);

    const { state, photos } = await evidenceOf(h.dbUrl, 1);
    expect(state).toBe('verified');
    expect(photos.map((p) => [p.stage, p.personName])).toEqual([
      ['found', '张三'],
      ['rectified', '张三'],
      ['rectified', '李明'],
    ]);
    expect(await say('张三', '照片 1')).toBe('隐患#1已核实关闭，不能再补充照片。');
  });

  it('refuses 核实通过 on the card until the 整改后 photo is added with 照片', async () => {
    await eventually(() => h.emu.messages({ user: OPEN_IDS['张三']! }).find((m) => m.card));
    expect(await say('张三', '上报隐患 1号楼2号客梯 层门关闭不严')).toMatch(/请回复隐患等级/);
    expect(await say('张三', '3')).toMatch(/确认/);
    expect(await say('张三', '确认')).toMatch(/必须附照片/);
    expect(await sendImage('张三', png(6, 4, [120, 60, 30]))).toMatch(/^已收到第 1 张照片/);
    expect(await say('张三', '完成')).toMatch(/^已保存 1 张照片/);
    expect(await say('李明', '研判 2 层门锁紧装置失效，停梯更换')).toMatch(/已确认研判/);
    expect(await say('张三', '整改 2 已更换层门锁紧装置')).toMatch(/必须附照片/);
    h.clock.advance(STEP_EXPIRES);

    const card = await eventually(
      () =>
        h.emu
          .messages({ user: OPEN_IDS['李明']! })
          .filter(
            (m) => m.card && JSON.stringify(m.card).includes('请现场核实') && JSON.stringify(m.card).includes('#2'),
          )
          .at(-1)?.messageId,
    );
    const refused = await h.emu.actOnCard({
      messageId: card,
      user: OPEN_IDS['李明']!,
      element: 'verify_ok',
      form: { comment: '现场复查合格' },
    });
    expect(refused.toast?.content).toBe(
      '整改后照片未上传：请 张三 发送“照片 2”并上传整改后的现场照片，之后再核实；整改不到位可退回整改。',
    );
    expect((await evidenceOf(h.dbUrl, 2)).state).toBe('rectified');

    expect(await say('张三', '照片 2')).toMatch(/发送整改后的现场照片/);
    expect(await sendImage('张三', png(6, 5, [30, 60, 120]))).toMatch(/^已收到第 1 张照片/);
    expect(await say('张三', '完成')).toMatch(/^已保存 1 张照片/);
    const ok = await h.emu.actOnCard({
      messageId: card,
      user: OPEN_IDS['李明']!,
      element: 'verify_ok',
      form: { comment: '现场复查合格' },
    });
    expect(ok.toast?.content).toMatch(/^已核实关闭 · 李明 · 隐患#2/);
    const { state, photos } = await evidenceOf(h.dbUrl, 2);
    expect(state).toBe('verified');
    expect(photos.map((p) => p.stage)).toEqual(['found', 'rectified']);
  });
});
