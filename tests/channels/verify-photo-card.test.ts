/**
 * The director's 核实 prompt of a 严重/重大 hazard says IN ADVANCE that the required 整改后 photo is
 * missing (“⚠ 整改后照片未上传：请 张三 发送“照片 1””), keeps 退回 available, answers 核实通过 with
 * the reason at once (退回 works meanwhile, and the next round needs its own photo), and is drawn
 * again as soon as the photo is recorded (Feishu: the card PATCHed; Telegram: the message edited),
 * after which 核实通过 closes the hazard. Through both emulators with their real SDKs and the whole service.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { feishuChat, telegramChat } from '../helpers/chat.js';
import { eventually, type FeishuHarness, feishuHarness, OPEN_IDS } from '../helpers/feishu-service.js';
import { png } from '../helpers/images.js';
import { type TelegramHarness, telegramHarness } from '../helpers/telegram-service.js';

const START = '2026-12-01T00:30:00Z'; // Tuesday 08:30 in Tianjin
const MISSING = '⚠ 整改后照片未上传：请 张三 发送“照片 1”';
const REFUSED = '整改后照片未上传：请 张三 发送“照片 1”并上传整改后的现场照片，之后再核实；整改不到位可退回整改。';

describe('the 核实 card says a missing 整改后 photo in advance, on Feishu (Lark SDK + emulator)', () => {
  let h: FeishuHarness;
  beforeAll(async () => {
    h = await feishuHarness({ start: START });
  }, 60_000);
  afterAll(async () => h?.close());

  const { say, image } = feishuChat(() => h);
  const cardOf = (messageId: string) =>
    JSON.stringify(h.emu.messages({ user: OPEN_IDS['李明']! }).find((m) => m.messageId === messageId)?.card ?? {});
  /** the names of the card's buttons (a disabled one is marked) */
  const buttons = (messageId: string): string[] => {
    const out: string[] = [];
    JSON.parse(cardOf(messageId), (_k, v: unknown) => {
      const el = v as { tag?: string; name?: string; disabled?: boolean };
      if (el && typeof el === 'object' && el.tag === 'button' && el.name)
        out.push(`${el.name}${el.disabled ? ' (disabled)' : ''}`);
      return v;
    });
    return out;
  };

  it('shows the line, answers 核实通过 with the reason, keeps 退回; drawn again when the photo arrives', async () => {
    await eventually(() => h.emu.messages({ user: OPEN_IDS['张三']! }).find((m) => m.card));
    expect(await say('张三', '上报隐患 1号楼1号客梯 曳引机异响')).toMatch(/请回复隐患等级/);
    expect(await say('张三', '2')).toMatch(/确认/);
    expect(await say('张三', '确认')).toMatch(/必须附照片/);
    expect(await image('张三', png(4, 4, [120, 60, 30]))).toMatch(/^已收到第 1 张照片/);
    expect(await say('张三', '完成')).toMatch(/^已保存 1 张照片/);
    expect(await say('李明', '研判 1 曳引机轴承磨损，停梯更换轴承')).toMatch(/已确认研判/);
    expect(await say('张三', '整改 1 已更换曳引机轴承')).toMatch(/发送整改后的现场照片.*此项必须附照片/);

    const card = await eventually(
      () =>
        h.emu
          .messages({ user: OPEN_IDS['李明']! })
          .filter((m) => m.card && JSON.stringify(m.card).includes('请现场核实'))
          .at(-1)?.messageId,
    );
    // said before anyone presses: who must send what; both buttons there (退回 needs no photo)
    expect(cardOf(card)).toContain(MISSING);
    expect(cardOf(card)).toContain('照片上传后才能核实通过');
    expect(buttons(card)).toEqual(['verify_ok', 'verify_reject']);
    const refused = await h.emu.actOnCard({
      messageId: card,
      user: OPEN_IDS['李明']!,
      element: 'verify_ok',
      form: { comment: '现场复查合格' },
    });
    expect(refused.toast?.content).toBe(REFUSED);
    // 退回 works from the same card while the photo is missing
    const back = await h.emu.actOnCard({
      messageId: card,
      user: OPEN_IDS['李明']!,
      element: 'verify_reject',
      form: { comment: '请补拍整改后照片并复查' },
    });
    expect(back.toast?.content).toMatch(/^已退回整改/);
    h.clock.advance(60_000); // the next round's photo is taken after the 退回
    expect(await say('张三', '整改 1 重新紧固并试运行')).toMatch(/此项必须附照片/);
    const again = await eventually(
      () =>
        h.emu
          .messages({ user: OPEN_IDS['李明']! })
          .filter((m) => m.messageId !== card && m.card && JSON.stringify(m.card).includes('请现场核实'))
          .at(-1)?.messageId,
    );
    expect(cardOf(again)).toContain(MISSING);

    // the photo arrives: the open card is drawn again without the line, before 张三 is told it was saved
    expect(await image('张三', png(5, 4, [30, 60, 120]))).toMatch(/^已收到第 1 张照片（隐患#1）/);
    expect(cardOf(again)).toContain(MISSING);
    expect(await say('张三', '完成')).toMatch(/^已保存 1 张照片/);
    expect(cardOf(again)).not.toContain('整改后照片未上传');
    expect(cardOf(again)).toContain('请现场核实');
    const ok = await h.emu.actOnCard({
      messageId: again,
      user: OPEN_IDS['李明']!,
      element: 'verify_ok',
      form: { comment: '现场复查合格' },
    });
    expect(ok.toast?.content).toMatch(/^已核实关闭 · 李明 · 隐患#1/);
  });
});

describe('the 核实 prompt says a missing 整改后 photo in advance, on Telegram (grammY + emulator)', () => {
  let h: TelegramHarness;
  beforeAll(async () => {
    h = await telegramHarness({ start: START });
  }, 60_000);
  afterAll(async () => h?.close());

  const { uid, botMessages, lastId, next, say, photo, tap } = telegramChat(() => h);

  it('says it in the message, answers 核实通过 at once, offers 退回, edits the message when the photo arrives', async () => {
    await eventually(() => botMessages('张三').find((m) => (m.text ?? '').includes('日管控')));
    expect(await say('张三', '上报隐患 1号楼1号客梯 曳引机异响')).toMatch(/请回复隐患等级/);
    expect(await say('张三', '2')).toMatch(/确认/);
    expect(await say('张三', '确认')).toMatch(/必须附照片/);
    expect(await photo('张三', png(4, 4, [120, 60, 30]))).toMatch(/^已收到第 1 张照片/);
    expect(await say('张三', '完成')).toMatch(/^已保存 1 张照片/);
    expect(await say('李明', '研判 1 曳引机轴承磨损，停梯更换轴承')).toMatch(/已确认研判/);
    expect(await say('张三', '整改 1 已更换曳引机轴承')).toMatch(/此项必须附照片/);

    const prompt = await eventually(() =>
      botMessages('李明').find((m) => (m.text ?? '').includes('请现场核实') && m.reply_markup?.inline_keyboard?.length),
    );
    expect(prompt.text).toContain(MISSING);
    // 核实通过 is refused at once, with the reason, before any question is asked
    const before = lastId('李明');
    expect(await tap('李明', prompt.message_id, '核实通过')).toBe(REFUSED);
    // 退回 still starts its dialog (then left with 取消)
    await tap('李明', prompt.message_id, '退回整改');
    expect(await next('李明', before)).toMatch(/核实意见/);
    expect(await say('李明', '取消')).toMatch(/^已取消/);

    expect(await photo('张三', png(5, 4, [30, 60, 120]))).toMatch(/^已收到第 1 张照片（隐患#1）/);
    expect(h.emu.message(uid('李明'), prompt.message_id)?.text).toContain(MISSING);
    expect(await say('张三', '完成')).toMatch(/^已保存 1 张照片/);
    const edited = h.emu.message(uid('李明'), prompt.message_id)!;
    expect(edited.text).not.toContain('整改后照片未上传');
    expect(edited.text).toContain('请现场核实');
    const after = lastId('李明');
    await tap('李明', prompt.message_id, '核实通过');
    expect(await next('李明', after)).toMatch(/核实意见/);
    expect(await say('李明', '现场复查合格')).toMatch(/^已核实关闭 · 李明 · 隐患#1/);
  });
});
