/**
 * The channel contract: the same scripted day, acted by the same people, through Feishu (the real
 * Lark SDK against the Feishu emulator) and through Telegram (the real grammY against the Telegram
 * emulator), each with the whole service. On each channel every prompt is delivered, answered the
 * way that channel answers (Feishu: card buttons and forms; Telegram: inline buttons and guided
 * dialogs), and read-only afterwards; typed commands answer; 导出 sends files. The day also holds
 * the principal's 意见建议 answer, the monthly minutes, a restart of the service between a prompt
 * and its answer, rate limits (429 with its wait) and faults (5xx, a send that times out) on the
 * platform, and the director's 已知悉/督办 on the evening's 催办. Then the records of both runs are
 * compared: the same records, apart from ids. A person bound on both channels is in
 * tests/channels/both-channels.test.ts.
 */

import type { StoredMessage } from '@safeduty/feishu-emulator';
import type { ChatMessage } from '@safeduty/telegram-emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PrismaStore } from '../../src/adapters/store/prisma-store.js';
import type { FakeClock } from '../fakes/fake-clock.js';
import { eventually, type FeishuHarness, feishuHarness, OPEN_IDS } from '../helpers/feishu-service.js';
import { png } from '../helpers/images.js';
import { TELEGRAM_IDS, type TelegramHarness, telegramHarness } from '../helpers/telegram-service.js';

type Level = 'general' | 'serious' | 'major';
interface Abnormal {
  item: number;
  desc: string;
  level: Level;
  measures: string;
  stop: boolean;
}

/** A field of a form, by its neutral id (Feishu's form) and the words of its question (Telegram's dialog). */
interface Answer {
  id: string;
  label: string;
  value: string;
}

type Fault = 'rateLimit' | 'serverError' | 'timeout';

/** What a person does, in the words of the day, whatever the channel. */
interface Driver {
  readonly name: 'feishu' | 'telegram';
  readonly clock: FakeClock;
  dbUrl(): string;
  /** the newest prompt to `who` whose text contains `text` (waits for it) */
  prompt(who: string, text: string): Promise<string>;
  allClear(who: string, prompt: string): Promise<string>;
  abnormal(who: string, prompt: string, device: number, a: Abnormal): Promise<string>;
  /**
   * one device's item marked 不适用, the rest 正常 (the card's per-item choice;
   * Telegram's dialog step); the device by its place on the prompt and its name
   */
  notApplicable(who: string, prompt: string, device: { at: number; name: string }, item: number): Promise<string>;
  confirm(who: string, prompt: string, note: string): Promise<string>;
  rectify(who: string, prompt: string, text: string): Promise<string>;
  verify(who: string, prompt: string, comment: string): Promise<string>;
  /** 核实 not passed: the rectification sent back with why */
  sendBack(who: string, prompt: string, comment: string): Promise<string>;
  weekly(who: string, prompt: string, evaluation: string, nextWeekFocus: string): Promise<string>;
  /** the prompt asks nothing any more (no button, no form) */
  readOnly(who: string, prompt: string): boolean;
  say(who: string, text: string): Promise<string>;
  /** `who` sends a picture in their private chat; what the bot answered */
  photo(who: string, bytes: Buffer): Promise<string>;
  /** a file sent to `who` after `text`: its name */
  file(who: string, text: string): Promise<string>;
  /** how many messages the bot sent `who` that contain `text` (cards and texts) */
  count(who: string, text: string): number;
  /** one device's 零风险 on a daily prompt (1-based) */
  zero(who: string, prompt: string, device: number): Promise<string>;
  advice(who: string, prompt: string, answer: 'adopted' | 'rejected', reason: string): Promise<string>;
  monthly(who: string, prompt: string, answers: Answer[]): Promise<string>;
  ack(who: string, prompt: string): Promise<string>;
  /** the next sends fail this way (the platform's own error) */
  fault(kind: Fault): void;
  /**
   * the platform's rate-limit refusals so far, each with the wait
   * it asked for and what it covers (a chat; none: the whole app)
   */
  throttled(): { at: number; waitMs: number; what?: string }[];
  /** successful message sends, at the platform's time */
  sends(): { at: number; what?: string }[];
  restart(): Promise<void>;
  close(): Promise<void>;
}

const LEVEL_LABEL: Record<Level, string> = { general: '一般隐患', serious: '严重隐患', major: '重大隐患' };

// ---------------------------------------------------------------------------------------- Feishu

async function feishuDriver(start: string, yaml: string): Promise<Driver> {
  const h: FeishuHarness = await feishuHarness({ start, yaml });
  const text = (m: StoredMessage) => JSON.stringify(m.card ?? m.content ?? {});
  const act = async (who: string, messageId: string, element: string, form?: Record<string, string>) => {
    const r = await h.emu.actOnCard({ messageId, user: OPEN_IDS[who]!, element, ...(form ? { form } : {}) });
    if (!r.ok) throw new Error(`feishu: ${element} failed: ${JSON.stringify(r)}`);
    return r.toast?.content ?? '';
  };
  const p2pTexts = (who: string) =>
    h.emu.messages({ user: OPEN_IDS[who] }).filter((m) => m.msgType === 'text' && m.sender.type === 'app');
  const all = (who: string) => h.emu.messages({ user: OPEN_IDS[who] }).filter((m) => m.sender.type === 'app');
  const isSend = (r: { method: string; path: string }) =>
    r.method === 'POST' && /\/im\/v1\/messages(\?|$)/.test(r.path);
  return {
    name: 'feishu',
    clock: h.clock,
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
    async notApplicable(who, p, { at }, item) {
      await act(who, p, `d${at}_open`);
      return act(who, p, `d${at}_submit`, { [`d${at}_i${item}`]: 'na', [`d${at}_rest`]: 'normal' });
    },
    confirm: (who, p, note) => act(who, p, 'confirm_submit', { note }),
    rectify: (who, p, rectification) => act(who, p, 'rectify_submit', { rectification }),
    verify: (who, p, comment) => act(who, p, 'verify_ok', { comment }),
    sendBack: (who, p, comment) => act(who, p, 'verify_reject', { comment }),
    weekly: (who, p, evaluation, nextWeekFocus) =>
      act(who, p, 'weekly_submit', { q_rest: 'normal', mt_mode: 'none', evaluation, nextWeekFocus }),
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
    async photo(who, bytes) {
      const before = p2pTexts(who).length;
      await h.emu.sendUserImage({ from: OPEN_IDS[who]!, bytes });
      const m = await eventually(() => p2pTexts(who)[before]);
      return (JSON.parse(m.content) as { text: string }).text;
    },
    async file(who, t) {
      const files = () => h.emu.messages({ user: OPEN_IDS[who] }).filter((x) => x.msgType === 'file');
      const [before, texts] = [files().length, p2pTexts(who).length];
      await h.emu.sendUserMessage({ from: OPEN_IDS[who]!, text: t });
      const m = await eventually(() => files()[before]);
      await eventually(() => p2pTexts(who).length > texts); // the text that says what was made
      return h.emu.file((JSON.parse(m.content) as { file_key: string }).file_key)?.fileName ?? '';
    },
    count: (who, t) => all(who).filter((m) => text(m).includes(t)).length,
    zero: (who, p, device) => act(who, p, `d${device}_zero`),
    advice: (who, p, answer, reason) =>
      act(who, p, answer === 'adopted' ? 'advice_adopt' : 'advice_reject', { reason }),
    monthly: (who, p, answers) =>
      // the 清单's monthly items all 正常 (“其余未选的项均正常”)
      act(who, p, 'monthly_submit', { q_rest: 'normal', ...Object.fromEntries(answers.map((a) => [a.id, a.value])) }),
    ack: (who, p) => act(who, p, 'ack'),
    fault(kind) {
      if (kind === 'rateLimit') h.emu.injectFaults({ api: 'send', rateLimit: 2 });
      else if (kind === 'serverError') h.emu.injectFaults({ api: 'send', serverError: 1 });
      else h.emu.injectFaults({ api: 'send', delayMs: 1500, delayCount: 1 });
    },
    // The gateway's 429 says when its window resets (x-ogw-ratelimit-reset, 1 s in the emulator).
    throttled: () =>
      h.emu
        .requests()
        .filter((r) => isSend(r) && r.status === 429)
        .map((r) => ({ at: r.at, waitMs: 1000 })),
    sends: () =>
      h.emu
        .requests()
        .filter((r) => isSend(r) && r.status === 200)
        .map((r) => ({ at: r.at })),
    restart: () => h.restart(),
    close: () => h.close(),
  };
}

// -------------------------------------------------------------------------------------- Telegram

async function telegramDriver(start: string, yaml: string): Promise<Driver> {
  const h: TelegramHarness = await telegramHarness({ start, yaml });
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
          .join(' / ')} of “${(m?.text ?? '').slice(0, 60)}”; then: ${botMessages(who)
          .filter((x) => x.message_id > messageId)
          .map((x) => (x.text ?? '').slice(0, 40))
          .join(' | ')}`,
      );
    const t = h.emu.tap({ userId: uid(who), messageId, data: b.callback_data });
    return (await h.emu.waitForAnswer(t.callbackQueryId, 8000))?.answered?.text ?? '';
  };
  /** The next message the bot sends `who` after `afterId`. */
  const next = (who: string, afterId: number) => eventually(() => botMessages(who).find((m) => m.message_id > afterId));
  const lastId = (who: string) => h.emu.messages(uid(who)).at(-1)?.message_id ?? 0;
  /** waits until no message has reached `who` for 300 ms (Telegram prompts are texts, like replies) */
  const settled = async (who: string): Promise<void> => {
    let [seen, since] = [lastId(who), Date.now()];
    while (Date.now() - since < 300) {
      await new Promise((r) => setTimeout(r, 25));
      if (lastId(who) !== seen) [seen, since] = [lastId(who), Date.now()];
    }
  };
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
  const shown = (m: ChatMessage) => `${m.text ?? ''}${m.caption ?? ''}${m.document?.file_name ?? ''}`;
  /**
   * Answers a form's dialog: each question whose words name an answer
   * gets it typed; others keep their draft or stay empty; 提交 ends it.
   */
  const fill = async (who: string, prompt: number, label: string, answers: Answer[]): Promise<string> => {
    let after = lastId(who);
    let said = await tap(who, prompt, label);
    for (let i = 0; i < 40; i++) {
      const q = await next(who, after);
      after = lastId(who);
      const has = (l: string) => buttonsOf(q).some((b) => b.text === l);
      if (has('提交')) return tap(who, q.message_id, '提交');
      // the 清单's items all 正常
      if (has('其余各项均正常')) {
        said = await tap(who, q.message_id, '其余各项均正常');
        continue;
      }
      const a = answers.find((x) => (q.text ?? '').includes(x.label));
      if (a) h.emu.sendText({ userId: uid(who), text: a.value });
      else if (has('保持草稿')) said = await tap(who, q.message_id, '保持草稿');
      else if (has('留空')) said = await tap(who, q.message_id, '留空');
      else return q.text ?? said;
    }
    throw new Error('telegram: the dialog did not end');
  };
  return {
    name: 'telegram',
    clock: h.clock,
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
    notApplicable: (who, p, { name }, item) => {
      // an answered device has no buttons left: its row is found by its name
      const rows = (h.emu.message(uid(who), Number(p))?.reply_markup?.inline_keyboard ?? []).filter((r) =>
        r.some((b) => b.text.includes('有异常')),
      );
      const nth = rows.findIndex((r) => r.some((b) => b.text.includes(name))) + 1;
      return dialog(
        who,
        Number(p),
        '有异常',
        [{ tap: ['标记不适用的项'] }, { tap: [`${item}.`] }, { tap: ['其余各项均正常'] }],
        nth,
      );
    },
    confirm: (who, p, note) => dialog(who, Number(p), '确认研判', [note]),
    // 整改情况, 完成日期, 整改资金 (optional: 留空), then the summary
    rectify: (who, p, text) =>
      dialog(who, Number(p), '提交整改情况', [text, { tap: ['今天'] }, { tap: ['留空'] }, { tap: ['提交'] }]),
    verify: (who, p, comment) => dialog(who, Number(p), '核实通过', [comment]),
    sendBack: (who, p, comment) => dialog(who, Number(p), '退回整改', [comment]),
    weekly: (who, p, evaluation, nextWeekFocus) =>
      dialog(who, Number(p), '提交周报告', [
        { tap: ['其余各项均正常'] },
        { tap: ['本周无维保作业'] },
        { tap: ['留空'] }, // 参加人
        { tap: ['留空'] },
        { tap: ['保持草稿', '留空'] },
        evaluation,
        nextWeekFocus,
        { tap: ['留空'] },
        { tap: ['提交'] },
      ]),
    readOnly: (who, p) => buttonsOf(h.emu.message(uid(who), Number(p))).length === 0,
    async say(who, t) {
      // prompts on their way to `who` (the outbox) arrive first: the answer is then the next message
      await settled(who);
      const after = lastId(who);
      h.emu.sendText({ userId: uid(who), text: t });
      return (await next(who, after)).text ?? '';
    },
    async photo(who, bytes) {
      await settled(who);
      const after = lastId(who);
      h.emu.sendPhoto({ userId: uid(who), bytes });
      return (await next(who, after)).text ?? '';
    },
    async file(who, t) {
      const after = lastId(who);
      h.emu.sendText({ userId: uid(who), text: t });
      const m = await eventually(() => botMessages(who).find((x) => x.message_id > after && x.document));
      return m.document?.file_name ?? '';
    },
    count: (who, t) => botMessages(who).filter((m) => shown(m).includes(t)).length,
    zero: async (who, p, device) => {
      // [✅ <device> 零风险], not the [✅ 全部正常（n 台零风险）] above them
      const b = buttonsOf(h.emu.message(uid(who), Number(p))).filter(
        (x) => x.text.includes('零风险') && !x.text.includes('全部正常'),
      )[device - 1];
      if (!b) throw new Error('telegram: no per-device 零风险 button');
      return tap(who, Number(p), b.text);
    },
    advice: (who, p, answer, reason) => dialog(who, Number(p), answer === 'adopted' ? '采纳' : '不采纳', [reason]),
    monthly: (who, p, answers) => fill(who, Number(p), '提交会议纪要', answers),
    ack: (who, p) => tap(who, Number(p), '已知悉'),
    fault(kind) {
      if (kind === 'rateLimit')
        h.emu.injectFaults({ method: 'sendMessage', failWith: { code: 429, retryAfter: 1, times: 2 } });
      else if (kind === 'serverError') h.emu.injectFaults({ method: 'sendMessage', serverError: 1 });
      else h.emu.injectFaults({ method: 'sendMessage', delayMs: 1500, delayCount: 1 });
    },
    // Telegram's retry_after: “the number of seconds left to wait before the request can be repeated”
    // (https://core.telegram.org/bots/api#responseparameters): the same text to the same chat.
    throttled: () =>
      h.emu
        .requests()
        .filter((r) => r.method.toLowerCase() === 'sendmessage' && r.status === 429)
        .map((r) => ({ at: r.at, waitMs: 1000, what: `${r.params['chat_id']}:${r.params['text']}` })),
    sends: () =>
      h.emu
        .requests()
        .filter((r) => r.method.toLowerCase() === 'sendmessage' && r.status === 200)
        .map((r) => ({ at: r.at, what: `${r.params['chat_id']}:${r.params['text']}` })),
    restart: () => h.restart(),
    close: () => h.close(),
  };
}

// -------------------------------------------------------------------------------------- the day

const START = '2026-12-01T00:30:00Z'; // Tuesday 08:30 in Tianjin: the daily prompts go out
/**
 * The month's 调度会 opens on the 1st here (the default is the 25th), so that its prompt is out with
 * the day's; API calls are abandoned after 1 s, so that a send that hangs is retried within the test.
 */
const YAML =
  'schedule:\n  monthly: { open_day: 1, open: "08:30", due: "18:00" }\ndelivery: { request_timeout_seconds: ' +
  '1, concurrency: 8 }\n';

const MINUTES: Answer[] = [
  { id: 'meetingTime', label: '会议时间', value: '12月1日 15:00' },
  { id: 'location', label: '会议地点', value: '三楼会议室' },
  { id: 'attendees', label: '参会人员', value: '王建国、李明、张三、李四、赵敏' },
  { id: 'mainProblems', label: '本月主要问题', value: '锅炉点火器老化' },
  { id: 'rectificationStatus', label: '整改落实情况', value: '已更换点火器并复查' },
  { id: 'nextMonthFocus', label: '下月工作重点', value: '冬季防冻、春节前全面检查' },
];

/** Advances the service's clock a second at a time until `check` holds (the retries wait on it). */
/** The latest prompt with `text` that still asks something (an answered one may have the same words). */
async function openPrompt(d: Driver, who: string, text: string): Promise<string> {
  const until = Date.now() + 15_000;
  for (;;) {
    const p = await d.prompt(who, text);
    if (!d.readOnly(who, p)) return p;
    if (Date.now() > until) throw new Error(`no open prompt with “${text}” for ${who}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

async function advanceUntil<T>(
  clock: FakeClock,
  check: () => T | undefined | false,
  stepMs = 1000,
  timeoutMs = 10_000,
): Promise<T> {
  return eventually(() => {
    const v = check();
    if (!v) clock.advance(stepMs);
    return v;
  }, timeoutMs);
}

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
      d = await makeDriver(START, YAML);
    }, 60_000);
    afterAll(async () => {
      if (d) runs[name] = await recordsOf(d.dbUrl());
      await d?.close();
    });

    it(
      'weekly (first, while the week’s numbers are those the prompt was sent with): the draft shown, each ' +
        'field asked, submitted; read-only after',
      async () => {
        const p = await d.prompt('李明', '周排查');
        expect(await d.weekly('李明', p, '本周总体平稳', '冬季锅炉防冻')).toMatch(/已提交|周/);
        await eventually(() => d.readOnly('李明', p));
      },
    );

    it('daily: 全部正常 for every device in one tap; the prompt turns read-only', async () => {
      const p = await d.prompt('李四', '日管控');
      expect(d.readOnly('李四', p)).toBe(false);
      expect(await d.allClear('李四', p)).toContain('3 台零风险');
      await eventually(() => d.readOnly('李四', p));
    });

    it(
      'daily 异常 → a serious hazard; the director confirms it, the officer rectifies, the director verifies; ' +
        'each prompt read-only after',
      async () => {
        const p = await d.prompt('赵敏', '日管控');
        const said = await d.abnormal('赵敏', p, 1, {
          item: 4,
          desc: '２号燃烧器点火失败 <b>&</b>',
          level: 'serious',
          measures: '已停炉，通知厂家',
          stop: true,
        });
        expect(said).toMatch(/已提交/);
        // a serious hazard's photo is required (#14 evidence): 赵敏 sends it before anything else,
        // as the bot asks (on Telegram a typed dialog answer would otherwise meet the open photo step)
        await eventually(() => d.count('赵敏', '发送现场照片') > 0);
        expect(await d.photo('赵敏', png(4, 4, [200, 90, 90]))).toMatch(/^已收到第 1 张照片/);
        expect(await d.say('赵敏', '完成')).toMatch(/^已保存 1 张照片/);
        const confirm = await d.prompt('李明', '请立即组织分析研判');
        expect(await d.confirm('李明', confirm, '点火器老化，更换点火器，明日前完成')).toMatch(/研判/);
        await eventually(() => d.readOnly('李明', confirm));
        // the rectification prompt of the hazard as 研判 left it (整改中), not the one sent while 待研判
        await eventually(() => d.count('赵敏', '【整改中】严重隐患') > 0);
        const rectify = await d.prompt('赵敏', '【整改中】严重隐患');
        expect(await d.rectify('赵敏', rectify, '已更换点火器，试运行正常')).toMatch(/整改/);
        await eventually(() => d.readOnly('赵敏', rectify));
        // a serious hazard's 整改后 photo is required before 核实 (#14 evidence)
        await eventually(() => d.count('赵敏', '整改后的现场照片') > 0);
        expect(await d.photo('赵敏', png(6, 4, [90, 90, 200]))).toMatch(/^已收到第 1 张照片/);
        expect(await d.say('赵敏', '完成')).toMatch(/^已保存 1 张照片/);
        const verify = await d.prompt('李明', '请现场核实');
        expect(await d.verify('李明', verify, '现场复查合格')).toMatch(/核实|通过/);
        await eventually(() => d.readOnly('李明', verify));
      },
    );

    it('daily 不适用: an item marked not applicable (the electric forklift has no 安全监控装置), the rest 正常', async () => {
      const p = await d.prompt('赵敏', '日管控');
      expect(await d.notApplicable('赵敏', p, { at: 3, name: '2号叉车（电动）' }, 10)).toMatch(/已提交/);
    });

    it(
      'a hazard’s 延期 asked by the person rectifying it and granted by the director, 转交 to another officer, ' +
        '核实退回; each prompt read-only after',
      async () => {
        const p = await d.prompt('张三', '日管控');
        // device 2 (device 1 is answered after the restart below)
        const said = await d.abnormal('张三', p, 2, {
          item: 4,
          desc: '层门地坎有异物卡阻',
          level: 'general',
          measures: '已清理并张贴提示',
          stop: false,
        });
        expect(said).toMatch(/已提交/);
        const list = await d.say('李明', '隐患');
        const no = /#(\d+)[^\n]*层门地坎有异物卡阻/.exec(list)?.[1];
        expect(no, list).toBeDefined();
        // 张三 cannot make it in time: he asks, the director grants it with the same command
        expect(await d.say('张三', `延期 ${no} 3天 等待配件到货`)).toMatch(
          /^已申请延期 · 隐患#\d+ 延至 .+，等待 李明 批准/,
        );
        await eventually(() => d.count('李明', `张三 申请将隐患#${no}`) > 0);
        expect(await d.say('李明', `延期 ${no} 3天 等待配件到货`)).toMatch(/^已延期 · 隐患#\d+ 期限延至/);
        // 张三 is away: the director hands it to 李四, who rectifies it
        expect(await d.say('李明', `转交 ${no} 李四 张三出差`)).toMatch(/^已转交 · 隐患#\d+ 张三 → 李四/);
        const rectify = await openPrompt(d, '李四', '层门地坎有异物卡阻');
        expect(await d.rectify('李四', rectify, '已清除异物，门扇开关顺畅')).toMatch(/整改/);
        await eventually(() => d.readOnly('李四', rectify));
        // the director finds it not done: sent back with why; 李四 is asked again
        const verify = await openPrompt(d, '李明', '请现场核实');
        expect(await d.sendBack('李明', verify, '地坎槽内仍有碎石')).toMatch(/退回整改/);
        await eventually(() => d.readOnly('李明', verify));
        await eventually(() => d.count('李四', '地坎槽内仍有碎石') > 0);
      },
    );

    it('typed commands answer on the channel; 导出 sends files (Excel and Word)', async () => {
      expect(await d.say('张三', '今日')).toContain('日管控');
      expect(await d.file('李明', '导出 日检 今天 电梯 excel')).toMatch(/\.xlsx$/);
      expect(await d.file('李明', '导出 隐患台账')).toMatch(/\.docx$/);
    });

    it(
      '意见建议: the director’s advice reaches the principal, who answers 采纳 with a reason; read-only after; the ' +
        'director hears it',
      async () => {
        expect(await d.say('李明', '意见 建议给叉车加装倒车影像')).toContain('王建国');
        const p = await d.prompt('王建国', '倒车影像');
        expect(await d.advice('王建国', p, 'adopted', '同意，下月采购')).toMatch(/采纳/);
        await eventually(() => d.readOnly('王建国', p));
        await eventually(() => d.count('李明', '同意，下月采购') > 0);
      },
    );

    it('rate limits: a 429 is waited out as the platform asks, and nothing is lost or sent twice', async () => {
      // Each case that moves the clock starts at a set instant, so that both channels record the same times.
      d.clock.set('2026-12-01T01:00:00Z');
      const before = d.throttled().length;
      d.fault('rateLimit');
      expect(await d.say('李明', '意见 建议电梯机房加装温度监测')).toContain('王建国');
      await advanceUntil(d.clock, () => d.count('王建国', '温度监测') > 0);
      const refused = d.throttled().slice(before);
      expect(refused).toHaveLength(2);
      // Nothing the refusal covers went out before the wait it asked for was over: the same request
      // (Telegram), any send of the app (Feishu's gateway limit) — but for one already on its way when
      // the refusal was given (250 ms).
      for (const r of refused) {
        const from = r.at + (r.what === undefined ? 250 : 0);
        const early = d
          .sends()
          .filter((x) => (r.what === undefined || x.what === r.what) && x.at > from && x.at < r.at + r.waitMs);
        expect(early).toEqual([]);
      }
      expect(d.count('王建国', '温度监测')).toBe(1);
      d.clock.set('2026-12-01T01:10:00Z');
      expect(await d.advice('王建国', await d.prompt('王建国', '温度监测'), 'rejected', '已有远程监控')).toMatch(
        /不采纳/,
      );
    });

    it(
      'faults: a 5xx and a send that times out are retried; ' + 'each prompt is answered once and recorded once',
      async () => {
        d.clock.set('2026-12-01T02:00:00Z');
        d.fault('serverError');
        expect(await d.say('李明', '意见 建议锅炉房增设可燃气体报警')).toContain('王建国');
        await advanceUntil(d.clock, () => d.count('王建国', '可燃气体报警') > 0, 10_000);
        d.clock.set('2026-12-01T02:10:00Z');
        d.fault('timeout');
        expect(await d.say('李明', '意见 建议叉车充电区加装喷淋')).toContain('王建国');
        await advanceUntil(d.clock, () => d.count('王建国', '加装喷淋') > 0, 10_000);
        d.clock.set('2026-12-01T02:20:00Z');
        for (const topic of ['可燃气体报警', '加装喷淋']) {
          // Telegram has no idempotency key: a send that timed out after Telegram took it may show twice
          // (README); an answer on either copy is recorded once.
          expect(d.count('王建国', topic)).toBeLessThanOrEqual(d.name === 'feishu' ? 1 : 2);
          const p = await d.prompt('王建国', topic);
          expect(await d.advice('王建国', p, 'adopted', `同意：${topic}`)).toMatch(/采纳/);
          await eventually(() => d.readOnly('王建国', p));
        }
        const store = await PrismaStore.open(d.dbUrl());
        try {
          expect(await store.db.record.count({ where: { kind: 'advice_answer' } })).toBe(4);
        } finally {
          await store.close();
        }
      },
    );

    it(
      'restart: prompts sent before the service restarts are answered after it (a device of the daily ' +
        'prompt, the monthly minutes)',
      async () => {
        d.clock.set('2026-12-01T03:00:00Z');
        const daily = await d.prompt('张三', '日管控');
        const monthly = await d.prompt('王建国', '月调度');
        await d.restart();
        expect(await d.zero('张三', daily, 1)).toMatch(/零风险/);
        expect(d.readOnly('张三', daily)).toBe(false);
        expect(await d.monthly('王建国', monthly, MINUTES)).toMatch(/纪要|已提交/);
        await eventually(() => d.readOnly('王建国', monthly));
        expect(await d.say('张三', '今日')).toContain('日管控');
      },
    );

    it('催办 in the evening: the director acknowledges it (已知悉，立即督办); read-only after', async () => {
      d.clock.set('2026-12-01T09:31:00Z'); // 17:31 in Tianjin: the daily check was due at 17:30
      const p = await d.prompt('李明', '催办');
      expect(await d.ack('李明', p)).toMatch(/知悉|督办/);
      await eventually(() => d.readOnly('李明', p));
    });
  },
);

describe('the same day through both channels', () => {
  it('produced the same records', () => {
    const kinds = (runs['feishu'] ?? []).map((r) => (r as { kind: string }).kind);
    for (const k of [
      'weekly_report',
      'daily_check',
      'hazard_rectified',
      'hazard_verified',
      'advice',
      'advice_answer',
      'monthly_minutes',
      'ack',
      'hazard_extension_requested',
      'hazard_extended',
      'hazard_reassigned',
      'hazard_rework',
    ])
      expect(kinds).toContain(k);
    expect(runs['telegram']).toEqual(runs['feishu']);
  });
});
