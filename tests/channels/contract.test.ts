/**
 * The channel contract: the same scripted day, acted by the same people, through Feishu (the real
 * Lark SDK against the Feishu emulator) and through Telegram (the real grammY against the Telegram
 * emulator), each with the whole service. On each channel every prompt is delivered, answered the
 * way that channel answers (Feishu: card buttons and forms; Telegram: inline buttons and guided
 * dialogs), and read-only afterwards; typed commands answer; 导出 sends a file. Then the records of
 * both runs are compared: the same records, apart from ids.
 */

import type { StoredMessage } from '@safeduty/feishu-emulator';
import type { ChatMessage } from '@safeduty/telegram-emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PrismaStore } from '../../src/adapters/store/prisma-store.js';
import { eventually, type FeishuHarness, feishuHarness, OPEN_IDS } from '../helpers/feishu-service.js';
import { TELEGRAM_IDS, type TelegramHarness, telegramHarness } from '../helpers/telegram-service.js';

type Level = 'general' | 'serious' | 'major';
interface Abnormal {
  item: number;
  desc: string;
  level: Level;
  measures: string;
  stop: boolean;
}

/** What a person does, in the words of the day, whatever the channel. */
interface Driver {
  readonly name: 'feishu' | 'telegram';
  dbUrl(): string;
  /** the newest prompt to `who` whose text contains `text` (waits for it) */
  prompt(who: string, text: string): Promise<string>;
  allClear(who: string, prompt: string): Promise<string>;
  abnormal(who: string, prompt: string, device: number, a: Abnormal): Promise<string>;
  confirm(who: string, prompt: string, note: string): Promise<string>;
  rectify(who: string, prompt: string, text: string): Promise<string>;
  verify(who: string, prompt: string, comment: string): Promise<string>;
  weekly(who: string, prompt: string, evaluation: string, nextWeekFocus: string): Promise<string>;
  /** the prompt asks nothing any more (no button, no form) */
  readOnly(who: string, prompt: string): boolean;
  say(who: string, text: string): Promise<string>;
  /** a file sent to `who` after `text`: its name */
  file(who: string, text: string): Promise<string>;
  close(): Promise<void>;
}

const LEVEL_LABEL: Record<Level, string> = { general: '一般隐患', serious: '严重隐患', major: '重大隐患' };

// ---------------------------------------------------------------------------------------- Feishu

async function feishuDriver(start: string): Promise<Driver> {
  const h: FeishuHarness = await feishuHarness({ start });
  const text = (m: StoredMessage) => JSON.stringify(m.card ?? m.content ?? {});
  const act = async (who: string, messageId: string, element: string, form?: Record<string, string>) => {
    const r = await h.emu.actOnCard({ messageId, user: OPEN_IDS[who]!, element, ...(form ? { form } : {}) });
    if (!r.ok) throw new Error(`feishu: ${element} failed: ${JSON.stringify(r)}`);
    return r.toast?.content ?? '';
  };
  const p2pTexts = (who: string) =>
    h.emu.messages({ user: OPEN_IDS[who] }).filter((m) => m.msgType === 'text' && m.sender.type === 'app');
  return {
    name: 'feishu',
    dbUrl: () => h.dbUrl,
    prompt: (who, t) =>
      eventually(
        () =>
          h.emu
            .messages({ user: OPEN_IDS[who] })
            .filter((m) => m.card && text(m).includes(t))
            .at(-1)?.messageId,
      ),
    allClear: (who, p) => act(who, p, 'all_zero'),
    async abnormal(who, p, device, a) {
      await act(who, p, `d${device}_open`);
      const f = `d${device}_`;
      return act(who, p, `${f}submit`, {
        [`${f}rest`]: 'normal',
        [`${f}a1_item`]: String(a.item),
        [`${f}a1_desc`]: a.desc,
        [`${f}a1_level`]: a.level,
        [`${f}a1_measures`]: a.measures,
        [`${f}a1_stop`]: a.stop ? 'yes' : 'no',
      });
    },
    confirm: (who, p, note) => act(who, p, 'confirm_submit', { note }),
    rectify: (who, p, rectification) => act(who, p, 'rectify_submit', { rectification }),
    verify: (who, p, comment) => act(who, p, 'verify_ok', { comment }),
    weekly: (who, p, evaluation, nextWeekFocus) => act(who, p, 'weekly_submit', { evaluation, nextWeekFocus }),
    readOnly: (_who, p) => {
      const card = JSON.stringify(h.emu.message(p)?.card ?? {});
      return !card.includes('"tag":"button"') && !card.includes('"tag":"form"');
    },
    async say(who, t) {
      const before = p2pTexts(who).length;
      await h.emu.sendUserMessage({ from: OPEN_IDS[who]!, text: t });
      const m = await eventually(() => p2pTexts(who)[before]);
      return (JSON.parse(m.content) as { text: string }).text;
    },
    async file(who, t) {
      await h.emu.sendUserMessage({ from: OPEN_IDS[who]!, text: t });
      const m = await eventually(() => h.emu.messages({ user: OPEN_IDS[who] }).find((x) => x.msgType === 'file'));
      return h.emu.file((JSON.parse(m.content) as { file_key: string }).file_key)?.fileName ?? '';
    },
    close: () => h.close(),
  };
}

// -------------------------------------------------------------------------------------- Telegram

async function telegramDriver(start: string): Promise<Driver> {
  const h: TelegramHarness = await telegramHarness({ start });
  const uid = (who: string) => TELEGRAM_IDS[who]!;
  const botMessages = (who: string): ChatMessage[] => h.emu.messages(uid(who)).filter((m) => m.fromBot);
  const buttonsOf = (m: ChatMessage | undefined) => (m?.reply_markup?.inline_keyboard ?? []).flat();
  /** Taps the button whose label contains `label` (the n-th such, 1-based) and returns the answer text. */
  const tap = async (who: string, messageId: number, label: string, nth = 1): Promise<string> => {
    const m = h.emu.message(uid(who), messageId);
    const b = buttonsOf(m).filter((x) => x.text.includes(label))[nth - 1];
    if (!b?.callback_data)
      throw new Error(
        `telegram: no button “${label}” #${nth} in ${buttonsOf(m)
          .map((x) => x.text)
          .join(' / ')}`,
      );
    const t = h.emu.tap({ userId: uid(who), messageId, data: b.callback_data });
    return (await h.emu.waitForAnswer(t.callbackQueryId, 8000))?.answered?.text ?? '';
  };
  /** The next message the bot sends `who` after `afterId`. */
  const next = (who: string, afterId: number) => eventually(() => botMessages(who).find((m) => m.message_id > afterId));
  const lastId = (who: string) => h.emu.messages(uid(who)).at(-1)?.message_id ?? 0;
  /**
   * Starts a dialog with the button `label` on the prompt and answers its questions in turn: a
   * string is typed, `{ tap }` taps that answer. Returns what the bot said at the end (the tap's
   * notice, or the message it sent after a typed last answer).
   */
  const dialog = async (
    who: string,
    prompt: number,
    label: string,
    answers: (string | { tap: string[] })[],
    nth = 1,
  ): Promise<string> => {
    let after = lastId(who);
    let said = await tap(who, prompt, label, nth);
    for (const a of answers) {
      const q = await next(who, after);
      after = lastId(who);
      if (typeof a === 'string') {
        h.emu.sendText({ userId: uid(who), text: a });
        said = '';
      } else
        said = await tap(
          who,
          q.message_id,
          a.tap.find((l) => buttonsOf(q).some((b) => b.text.includes(l))) ?? a.tap[0]!,
        );
    }
    // A typed last answer: the outcome comes as a message.
    return said || (await next(who, after)).text || '';
  };
  return {
    name: 'telegram',
    dbUrl: () => h.dbUrl,
    prompt: async (who, t) =>
      String(
        (
          await eventually(() =>
            botMessages(who)
              .filter((m) => (m.text ?? '').includes(t) && buttonsOf(m).length > 0)
              .at(-1),
          )
        ).message_id,
      ),
    allClear: (who, p) => tap(who, Number(p), '全部正常'),
    abnormal: (who, p, device, a) =>
      dialog(
        who,
        Number(p),
        '有异常',
        [
          { tap: [`${a.item}.`] },
          a.desc,
          { tap: [LEVEL_LABEL[a.level]] },
          a.measures,
          { tap: [a.stop ? '已停止使用' : '未停止使用'] },
          { tap: ['其余各项均正常'] },
        ],
        device,
      ),
    confirm: (who, p, note) => dialog(who, Number(p), '确认研判', [note]),
    rectify: (who, p, text) => dialog(who, Number(p), '提交整改情况', [text, { tap: ['今天'] }, { tap: ['提交'] }]),
    verify: (who, p, comment) => dialog(who, Number(p), '核实通过', [comment]),
    weekly: (who, p, evaluation, nextWeekFocus) =>
      dialog(who, Number(p), '提交周报告', [
        { tap: ['留空'] },
        { tap: ['保持草稿', '留空'] },
        evaluation,
        nextWeekFocus,
        { tap: ['留空'] },
        { tap: ['提交'] },
      ]),
    readOnly: (who, p) => buttonsOf(h.emu.message(uid(who), Number(p))).length === 0,
    async say(who, t) {
      const after = lastId(who);
      h.emu.sendText({ userId: uid(who), text: t });
      return (await next(who, after)).text ?? '';
    },
    async file(who, t) {
      const after = lastId(who);
      h.emu.sendText({ userId: uid(who), text: t });
      const m = await eventually(() => botMessages(who).find((x) => x.message_id > after && x.document));
      return m.document?.file_name ?? '';
    },
    close: () => h.close(),
  };
}

// -------------------------------------------------------------------------------------- the day

const START = '2026-12-01T00:30:00Z'; // Tuesday 08:30 in Tianjin: the daily prompts go out

/** Records in chain order, ids replaced, so that two runs can be compared. */
async function recordsOf(dbUrl: string): Promise<unknown[]> {
  const store = await PrismaStore.open(dbUrl);
  try {
    const people = new Map((await store.db.person.findMany()).map((p) => [p.id, p.name]));
    const rows = await store.db.record.findMany({ orderBy: [{ unitId: 'asc' }, { seq: 'asc' }] });
    const clean = (v: unknown): unknown => {
      if (typeof v === 'string')
        return (
          people.get(v) ??
          v
            .replace(/\bc[a-z0-9]{24}\b/g, '<id>')
            .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '<id>')
        );
      if (Array.isArray(v)) return v.map(clean);
      if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, clean(x)]));
      return v;
    };
    return rows.map((r) =>
      clean({ kind: r.kind, person: r.personId, at: r.at.toISOString(), late: r.late, payload: r.payload }),
    );
  } finally {
    await store.close();
  }
}

const runs: Record<string, unknown[]> = {};

describe.each([['feishu', feishuDriver] as const, ['telegram', telegramDriver] as const])(
  'the channel contract on %s',
  (name, makeDriver) => {
    let d: Driver;
    beforeAll(async () => {
      d = await makeDriver(START);
    }, 60_000);
    afterAll(async () => {
      if (d) runs[name] = await recordsOf(d.dbUrl());
      await d?.close();
    });

    it('weekly (first, while the week’s numbers are those the prompt was sent with): the draft shown, each field asked, submitted; read-only after', async () => {
      const p = await d.prompt('李明', '周排查');
      expect(await d.weekly('李明', p, '本周总体平稳', '冬季锅炉防冻')).toMatch(/已提交|周/);
      await eventually(() => d.readOnly('李明', p));
    });

    it('daily: 全部正常 for every device in one tap; the prompt turns read-only', async () => {
      const p = await d.prompt('李四', '日管控');
      expect(d.readOnly('李四', p)).toBe(false);
      expect(await d.allClear('李四', p)).toContain('3 台零风险');
      await eventually(() => d.readOnly('李四', p));
    });

    it('daily 异常 → a serious hazard; the director confirms it, the officer rectifies, the director verifies; each prompt read-only after', async () => {
      const p = await d.prompt('赵敏', '日管控');
      const said = await d.abnormal('赵敏', p, 1, {
        item: 4,
        desc: '２号燃烧器点火失败 <b>&</b>',
        level: 'serious',
        measures: '已停炉，通知厂家',
        stop: true,
      });
      expect(said).toMatch(/已提交/);
      const confirm = await d.prompt('李明', '请立即组织分析研判');
      expect(await d.confirm('李明', confirm, '点火器老化，更换点火器，明日前完成')).toMatch(/研判/);
      await eventually(() => d.readOnly('李明', confirm));
      const rectify = await d.prompt('赵敏', '请按期整改');
      expect(await d.rectify('赵敏', rectify, '已更换点火器，试运行正常')).toMatch(/整改/);
      await eventually(() => d.readOnly('赵敏', rectify));
      const verify = await d.prompt('李明', '请现场核实');
      expect(await d.verify('李明', verify, '现场复查合格')).toMatch(/核实|通过/);
      await eventually(() => d.readOnly('李明', verify));
    });

    it('typed commands answer on the channel; 导出 sends a file', async () => {
      expect(await d.say('张三', '今日')).toContain('日管控');
      expect(await d.file('李明', '导出 日检 今天 电梯 excel')).toMatch(/\.xlsx$/);
    });
  },
);

describe('the same day through both channels', () => {
  it('produced the same records', () => {
    const kinds = (runs['feishu'] ?? []).map((r) => (r as { kind: string }).kind);
    for (const k of ['weekly_report', 'daily_check', 'hazard_rectified', 'hazard_verified']) expect(kinds).toContain(k);
    expect(runs['telegram']).toEqual(runs['feishu']);
  });
});
