/**
 * 导出 职责 / 导出 守则 as people ask for them, on Feishu and on Telegram (both emulators, both real
 * SDKs): the file comes back in the chat, one per category the asker may have, with the unit's own
 * text where the unit replaced it (the 电梯安全员守则 here) and the text drawn from 令74 otherwise.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BothHarness, bothHarness } from '../helpers/both-service.js';
import { eventually, OPEN_IDS } from '../helpers/feishu-service.js';
import { TELEGRAM_IDS } from '../helpers/telegram-service.js';
import { docxText, unzipEntry } from '../reports/open-files.js';

const UNIT = '天津万家物业管理有限公司';
const OWN_RULES = `category: elevator
source: 本单位《电梯安全管理制度》
officer:
  title: 电梯安全员守则（万家物业版）
  items:
    - 每日九点前完成本人负责电梯的日管控检查；
    - 发现困人故障立即通知维保单位并报告安全总监。
`;

describe('导出 职责 / 守则 in chat', () => {
  let h: BothHarness;
  beforeAll(async () => {
    h = await bothHarness({
      start: '2026-12-01T02:00:00Z',
      edit: (y) => `${y}\nduties:\n  elevator: ../own-duties/elevator.yaml\n`,
      files: { 'own-duties/elevator.yaml': OWN_RULES },
    });
  }, 30_000);
  afterAll(async () => h?.close());

  /** Feishu: the files the bot sent the person after `before` messages, with their bytes. */
  const feishuFiles = (name: string, before: number) =>
    h.feishu
      .messages({ user: OPEN_IDS[name]! })
      .filter((m) => m.sender.type === 'app')
      .slice(before)
      .filter((m) => m.msgType === 'file')
      .map((m) => h.feishu.file((JSON.parse(m.content) as { file_key: string }).file_key)!);
  /** Telegram: the documents the bot sent the person after message id `after`, with their bytes. */
  const telegramFiles = (name: string, after: number) =>
    h.telegram
      .messages(TELEGRAM_IDS[name]!)
      .filter((m) => m.fromBot && m.message_id > after && m.document)
      .map((m) => ({ fileName: m.document!.file_name ?? '', bytes: h.telegram.file(m.document!.file_id)!.bytes }));
  const lastTelegramId = (name: string) =>
    Math.max(0, ...h.telegram.messages(TELEGRAM_IDS[name]!).map((m) => m.message_id));

  it('Feishu: an elevator officer asks 导出 守则 and receives the unit’s own 电梯安全员守则', async () => {
    const before = h.feishu.messages({ user: OPEN_IDS['张三']! }).filter((m) => m.sender.type === 'app').length;
    await h.feishu.sendUserMessage({ from: OPEN_IDS['张三']!, text: '导出 守则' });
    const [file] = await eventually(() => {
      const f = feishuFiles('张三', before);
      return f.length ? f : undefined;
    });
    expect(file!.fileName).toBe(`电梯安全员守则_${UNIT}_2026-12-01.docx`);
    const text = docxText(file!.bytes);
    expect(text).toContain('电梯安全员守则（万家物业版）');
    expect(text).toContain('（一）每日九点前完成本人负责电梯的日管控检查；');
    expect(text).toContain('（二）发现困人故障立即通知维保单位并报告安全总监。');
    expect(text).toContain('文本来源：本单位制定');
    expect(text).toContain('现任电梯安全员：张三（2025-01-01 起）、李四（2025-01-01 起）');
    expect(text).not.toContain('建立健全电梯安全技术档案');
    expect(text).toMatch(/安全员（签字确认）：_+\n \| 日期：_+年/);
    expect(unzipEntry(file!.bytes, 'word/header1.xml').toString('utf8')).toContain(UNIT);
  });

  it('Telegram: an officer of two categories receives the default 守则 of each; the reply lists them', async () => {
    const after = lastTelegramId('赵敏');
    h.telegram.sendText({ userId: TELEGRAM_IDS['赵敏']!, text: '导出 守则' });
    const files = await eventually(() => {
      const f = telegramFiles('赵敏', after);
      return f.length === 2 ? f : undefined;
    });
    expect(files.map((f) => f.fileName).sort()).toEqual([
      `场(厂)内专用机动车辆安全员守则_${UNIT}_2026-12-01.docx`,
      `锅炉安全员守则_${UNIT}_2026-12-01.docx`,
    ]);
    const boiler = docxText(files.find((f) => f.fileName.startsWith('锅炉'))!.bytes);
    expect(boiler).toContain('（一）建立健全锅炉安全技术档案并办理本单位锅炉使用登记；');
    expect(boiler).toContain('依据：令74 第二章 锅炉 第九条（安全员职责）');
    expect(boiler).toContain('文本来源：默认文本（依据令74条文整理，本单位可替换）');
    const vehicles = docxText(files.find((f) => f.fileName.startsWith('场'))!.bytes);
    expect(vehicles).toContain('对场车和作业区域进行巡检');
  });

  it(
    'Telegram: the director asks 导出 职责 and receives the 安全总监职责 of each category, ' +
      'defaults where not replaced',
    async () => {
      const after = lastTelegramId('李明');
      h.telegram.sendText({ userId: TELEGRAM_IDS['李明']!, text: '导出 职责' });
      const files = await eventually(() => {
        const f = telegramFiles('李明', after);
        return f.length === 3 ? f : undefined;
      });
      expect(files.map((f) => f.fileName.split('_')[0]).sort()).toEqual(
        ['电梯安全总监职责', '锅炉安全总监职责', '场(厂)内专用机动车辆安全总监职责'].sort(),
      );
      for (const [label, f] of files.map((x) => [x.fileName.split('安全总监职责')[0]!, x] as const)) {
        const text = docxText(f.bytes);
        const x = label === '场(厂)内专用机动车辆' ? '场车' : label;
        expect(text).toContain(`（一）组织宣传、贯彻${x}有关的法律法规、安全技术规范及相关标准；`);
        expect(text).toContain(`现任${label}安全总监：李明`);
        expect(text).toMatch(/主要负责人（签发）：_+\n \| 日期：_+年/);
      }
      // an officer may not export the minutes, and is told what they may export
      const before = lastTelegramId('张三');
      h.telegram.sendText({ userId: TELEGRAM_IDS['张三']!, text: '导出 月报' });
      const reply = await eventually(() =>
        h.telegram.messages(TELEGRAM_IDS['张三']!).find((m) => m.fromBot && m.message_id > before && m.text),
      );
      expect(reply.text).toContain('安全员可以导出日检记录和隐患台账，以及职责、守则');
    },
  );
});
