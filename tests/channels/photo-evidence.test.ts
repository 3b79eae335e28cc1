/**
 * Photos as evidence as a person sends them, through both emulators with the real SDKs and the
 * whole service. Feishu (Lark SDK): a daily 异常 (严重) on the card → the bot asks for photos →
 * “完成” without one keeps the step open → a GIF and an 11 MB file are refused with the reason →
 * a PNG is downloaded through im/v1/messages/:id/resources/:key?type=image and kept → “完成” →
 * the hazard has its evidence, listed in the chain; a replaced file is found by verify. Telegram
 * (grammY): 上报 a serious hazard by typing, a photo message (largest PhotoSize, getFile + the file
 * path download) → “完成” → evidence recorded. The image event is the Feishu doc's own example
 * (message_type image, content {"image_key"}): tests/feishu/receiving covers the adapter's parse.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DiskEvidenceFiles } from '../../src/adapters/evidence/disk-evidence-files.js';
import { PrismaStore } from '../../src/adapters/store/prisma-store.js';
import { verifyEvidence } from '../../src/app/evidence/verify-evidence.js';
import { eventually, type FeishuHarness, feishuHarness, OPEN_IDS } from '../helpers/feishu-service.js';
import { jpegHead, png } from '../helpers/images.js';
import { TELEGRAM_IDS, type TelegramHarness, telegramHarness } from '../helpers/telegram-service.js';

const START = '2026-12-01T00:30:00Z'; // Tuesday 08:30 in Tianjin: the daily prompts go out

describe('photos as evidence on Feishu (Lark SDK + Feishu emulator)', () => {
  let h: FeishuHarness;
  const zhang = OPEN_IDS['张三']!;
  beforeAll(async () => {
    h = await feishuHarness({ start: START });
  }, 60_000);
  afterAll(async () => h?.close());

  const botTexts = () =>
    h.emu
      .messages({ user: zhang })
      .filter((m) => m.msgType === 'text' && m.sender.type === 'app')
      .map((m) => (JSON.parse(m.content) as { text: string }).text);
  /** the bot's next text to 张三 after `before` texts */
  const nextText = (before: number) => eventually(() => botTexts()[before]);
  const say = async (text: string) => {
    const before = botTexts().length;
    await h.emu.sendUserMessage({ from: zhang, text });
    return nextText(before);
  };
  const sendImage = async (bytes: Buffer) => {
    const before = botTexts().length;
    await h.emu.sendUserImage({ from: zhang, bytes });
    return nextText(before);
  };

  it('异常 → asked for photos → refusals with reasons → a photo kept → 完成 records it in the chain', async () => {
    const card = await eventually(() => h.emu.messages({ user: zhang }).find((m) => m.card)?.messageId);
    const before = botTexts().length;
    const open = await h.emu.actOnCard({ messageId: card, user: zhang, element: 'd1_open' });
    expect(open.ok).toBe(true);
    const r = await h.emu.actOnCard({
      messageId: card,
      user: zhang,
      element: 'd1_submit',
      form: {
        d1_rest: 'normal',
        d1_a1_item: '3',
        d1_a1_desc: '运行时异响',
        d1_a1_level: 'serious',
        d1_a1_measures: '已停梯',
        d1_a1_stop: 'yes',
      },
    });
    expect(r.ok).toBe(true);
    expect(await nextText(before)).toMatch(
      /^请为隐患#1（1号楼1号客梯）发送现场照片（最多9张，此项必须附照片），发送“完成”结束。$/,
    );

    expect(await say('完成')).toMatch(/还没有收到照片.*此步骤仍未完成/);
    expect(await sendImage(Buffer.from('GIF89a-a-moving-picture'))).toMatch(/只接受 JPEG、PNG 或 HEIC/);
    const big = Buffer.alloc(11 * 1024 * 1024, 1);
    jpegHead().copy(big);
    expect(await sendImage(big)).toMatch(/11\.0 MB，超过 10 MB 的上限/);
    const photo = png(6, 4, [120, 60, 30]);
    expect(await sendImage(photo)).toMatch(/^已收到第 1 张照片/);
    expect(h.emu.counters().downloads).toBe(3);
    expect(await say('完成')).toBe('已保存 1 张照片（隐患#1（1号楼1号客梯）），照片的哈希已记入记录链。');

    const store = await PrismaStore.open(h.dbUrl);
    try {
      const hazard = await store.db.hazard.findFirstOrThrow({ where: { no: 1 } });
      const rows = await store.evidenceOfHazards([hazard.id]);
      expect(rows).toEqual([
        expect.objectContaining({ size: photo.length, mime: 'image/png', stage: 'found', personName: '张三' }),
      ]);
      const files = new DiskEvidenceFiles(h.evidenceDir);
      expect(Buffer.from((await files.get(rows[0]!.hash))!)).toEqual(photo);
      expect((await verifyEvidence(store, files))[0]!.problems).toEqual([]);
      // someone swaps the picture on the disk: verify names it
      const dir = path.join(h.evidenceDir, rows[0]!.hash.slice(0, 2));
      fs.writeFileSync(path.join(dir, fs.readdirSync(dir)[0]!), png(6, 4, [0, 0, 0]));
      expect((await verifyEvidence(store, files))[0]!.problems).toEqual([
        expect.objectContaining({ hash: rows[0]!.hash, problem: 'replaced' }),
      ]);
    } finally {
      await store.close();
    }
  });

  it('a picture in a group is not evidence, and one with no photo step open is not downloaded', async () => {
    const downloads = h.emu.counters().downloads;
    expect(await sendImage(png(2, 2, [1, 1, 1]))).toContain('现在没有需要照片的事项');
    expect(h.emu.counters().downloads).toBe(downloads);
  });
});

describe('photos as evidence on Telegram (grammY + Telegram emulator)', () => {
  let h: TelegramHarness;
  const uid = TELEGRAM_IDS['张三']!;
  beforeAll(async () => {
    h = await telegramHarness({ start: START });
  }, 60_000);
  afterAll(async () => h?.close());

  const lastId = () => h.emu.messages(uid).at(-1)?.message_id ?? 0;
  const next = async (after: number) =>
    (await eventually(() => h.emu.messages(uid).find((m) => m.fromBot && m.message_id > after && m.text))).text ?? '';
  const say = async (text: string) => {
    const after = lastId();
    h.emu.sendText({ userId: uid, text });
    return next(after);
  };

  it('上报 a serious hazard → a photo message (largest size, getFile + download) → 完成 records it', async () => {
    // the morning's prompt first, so that the answers below are the next messages
    await eventually(() => h.emu.messages(uid).find((m) => m.fromBot && (m.text ?? '').includes('日管控')));
    expect(await say('上报隐患 2号楼1号客梯 层门关闭异响')).toMatch(/请回复隐患等级/);
    expect(await say('2')).toMatch(/确认/);
    expect(await say('确认')).toMatch(
      /已上报严重隐患[\s\S]*\n请为隐患#1（2号楼1号客梯）发送现场照片（最多9张，此项必须附照片）/,
    );
    const photo = png(8, 6, [10, 120, 240]);
    const after = lastId();
    h.emu.sendPhoto({ userId: uid, bytes: photo });
    expect(await next(after)).toMatch(/^已收到第 1 张照片/);
    expect(await say('完成')).toBe('已保存 1 张照片（隐患#1（2号楼1号客梯）），照片的哈希已记入记录链。');
    const store = await PrismaStore.open(h.dbUrl);
    try {
      const hazard = await store.db.hazard.findFirstOrThrow({ where: { no: 1 } });
      const rows = await store.evidenceOfHazards([hazard.id]);
      expect(rows).toEqual([expect.objectContaining({ size: photo.length, mime: 'image/png', personName: '张三' })]);
      const rec = await store.db.record.findFirstOrThrow({ where: { kind: 'evidence_added' } });
      expect(rec.payload).toMatchObject({ hazardIds: [hazard.id], photos: [{ hash: rows[0]!.hash }] });
    } finally {
      await store.close();
    }
  });
});
