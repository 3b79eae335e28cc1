/**
 * Free text that contradicts the data is caught before it is signed, on both channels, as the
 * director acts in the sandbox: a serious hazard is reported and open; the weekly report's
 * 本周主要风险隐患 typed as “无” asks “本周有 1 条严重隐患仍未闭环，确定填写“无”吗？” with
 * 确定提交 / 返回修改. On Telegram inside the dialog (返回修改 asks the questions again with the
 * answers as drafts); on Feishu on the card (the form comes back with what was entered). Nothing is
 * recorded until 确定提交; the record then carries the question the person confirmed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Db, openDb } from '../../src/adapters/store/db.js';
import { loadConfig } from '../../src/config/load-config.js';
import { type Sandbox, startSandbox } from '../../src/sandbox/sandbox-mode.js';
import { decodeEntities } from '../feishu/cards/card-helpers.js';
import { demoConfigDir } from '../helpers/config-fixture.js';
import { silentLog } from '../helpers/engine.js';
import { tmpDir } from '../helpers/tmp.js';

interface Msg {
  id: string;
  from: 'bot' | 'user';
  kind: string;
  text?: string;
  card?: { header: { title: { content: string } } };
}
interface TgView {
  id: number;
  from: 'bot' | 'user';
  text: string;
  keyboard: { text: string; data?: string }[][];
}

const QUESTION = '本周有 1 条严重隐患仍未闭环，确定填写“无”吗？';

/** Every text of a card, in order, markdown entities as the character a person sees. */
const texts = (node: unknown): string[] => {
  if (Array.isArray(node)) return node.flatMap(texts);
  if (node && typeof node === 'object')
    return Object.entries(node).flatMap(([k, v]) =>
      k === 'content' && typeof v === 'string' ? [decodeEntities(v)] : texts(v),
    );
  return [];
};
/** Every element of a card with a name, and its tag. */
const named = (node: unknown): { name: string; tag: string; value?: unknown; default_value?: unknown }[] => {
  if (Array.isArray(node)) return node.flatMap(named);
  if (node && typeof node === 'object') {
    const o = node as Record<string, unknown>;
    const own =
      typeof o['name'] === 'string' && typeof o['tag'] === 'string' ? [o as { name: string; tag: string }] : [];
    return [...own, ...Object.values(o).flatMap(named)];
  }
  return [];
};

describe('a contradiction between free text and the data, asked before submit', () => {
  let sandbox: Sandbox;
  let base: string;
  const call = async (method: 'GET' | 'POST', path: string, body?: unknown) => {
    const r = await fetch(`${base}${path}`, {
      method,
      ...(body !== undefined ? { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } } : {}),
    });
    return (await r.json()) as Record<string, unknown>;
  };
  const feishu = async (person: string) =>
    (await call('GET', `/messages?person=${encodeURIComponent(person)}`)) as unknown as Msg[];
  const telegram = async (person: string) =>
    (await call('GET', `/telegram/messages?person=${encodeURIComponent(person)}`)) as unknown as TgView[];
  const until = async <T>(f: () => Promise<T | undefined>): Promise<T> => {
    for (let i = 0; i < 200; i++) {
      const v = await f();
      if (v !== undefined) return v;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error('condition not reached in time');
  };
  const type = async (person: string, text: string) => {
    const before = (await feishu(person)).filter((m) => m.from === 'bot' && m.kind === 'text').length;
    await call('POST', '/text', { person, text });
    return until(async () => (await feishu(person)).filter((m) => m.from === 'bot' && m.kind === 'text')[before]?.text);
  };
  let db: Db;
  const weeklyRecords = async () =>
    (await db.record.findMany({ where: { kind: 'weekly_report' } })).map((r) => ({
      payload: r.payload as Record<string, unknown>,
    }));

  beforeAll(async () => {
    const file = `${tmpDir('contradiction')}/sandbox.db`;
    const dir = demoConfigDir((s) => s, {
      'safeduty.yaml':
        `http: { host: 127.0.0.1, port: 0 }\nsandbox:\n  database: file:${file}\n  ` +
        `clock_start: "2026-12-01T08:25:00+08:00"\n`,
    });
    sandbox = await startSandbox(loadConfig({ dir, env: {} }), { log: silentLog, tickEveryMs: 60_000 });
    base = `http://127.0.0.1:${sandbox.port}/sandbox/api`;
    db = (await openDb(`file:${file}`)).db;
    sandbox.telegram.setLimits({ perChatPerSecond: 0 });
    // 张三 reports a serious hazard by typing; it stays open (研判, 整改 not done).
    expect(await type('张三', '上报隐患 1号楼1号客梯 曳引绳断股')).toMatch(/请回复隐患等级/);
    expect(await type('张三', '严重')).toMatch(/^确认上报严重隐患/);
    expect(await type('张三', '确认')).toMatch(/^已上报严重隐患/);
  }, 60_000);
  afterAll(async () => {
    await db?.$disconnect();
    await sandbox?.stop();
  });

  it('Telegram: the dialog asks the question before submitting; ' +
    '返回修改 asks again with the answers as drafts', async () => {
    // The dialog's questions name their topic (other messages, such as the hazard's notice, may arrive meanwhile).
    const ours = async () =>
      (await telegram('李明')).filter((m) => m.from === 'bot' && m.text.includes('排查治理报告'));
    const last = async () => (await ours()).at(-1)!;
    const weekly = await until(async () =>
      (await telegram('李明')).find((m) => m.from === 'bot' && m.text.includes('周排查')),
    );
    const button = (m: TgView, label: string) =>
      m.keyboard.flat().find((b) => b.text === label || b.text.endsWith(` ${label}`));
    const tap = async (m: TgView, label: string) => {
      const b = button(m, label);
      if (!b?.data) throw new Error(`no button ${label} on: ${m.text} ${JSON.stringify(m.keyboard)}`);
      const before = (await ours()).length;
      await call('POST', '/telegram/tap', { person: '李明', messageId: m.id, data: b.data });
      return until(async () => ((await ours()).length > before ? last() : undefined));
    };
    const answer = async (text: string) => {
      const before = (await ours()).length;
      await call('POST', '/telegram/text', { person: '李明', text });
      return until(async () => ((await ours()).length > before ? last() : undefined));
    };
    /**
     * Answers each question as a person would: “无” for the findings,
     * short text where required, else skips or the first choice.
     */
    const fillIn = async (start: TgView): Promise<TgView> => {
      let q = start;
      for (let i = 0; i < 40 && !q.text.includes('确定填写'); i++) {
        if (button(q, '提交')) q = await tap(q, '提交');
        else if (button(q, '其余各项均正常')) q = await tap(q, '其余各项均正常');
        else if (button(q, '本周无维保作业')) q = await tap(q, '本周无维保作业');
        else if (q.text.includes('本周主要风险隐患')) q = await answer('无');
        else if (/评价|工作重点/.test(q.text))
          q = button(q, '保持草稿') ? await tap(q, '保持草稿') : await answer('按计划巡查');
        else if (button(q, '留空')) q = await tap(q, '留空');
        else if (button(q, '保持草稿')) q = await tap(q, '保持草稿');
        else q = await tap(q, q.keyboard.flat()[0]!.text);
      }
      return q;
    };
    const asked = await fillIn(await tap(weekly, '提交周报告'));
    expect(asked.text).toContain(QUESTION);
    expect(asked.keyboard.flat().map((b) => b.text)).toEqual(expect.arrayContaining(['确定提交', '返回修改']));
    expect(await weeklyRecords()).toHaveLength(0);
    // 返回修改: the form's questions again, each with what was typed as its draft
    let q = await tap(asked, '返回修改');
    for (let i = 0; i < 10 && !q.text.includes('本周主要风险隐患'); i++)
      q = await tap(
        q,
        (['其余各项均正常', '本周无维保作业', '保持草稿', '留空'] as const).find((l) => button(q, l)) ??
          q.keyboard.flat()[0]!.text,
      );
    expect(q.text).toContain('草稿：无');
    const done = await fillIn(await tap(q, '保持草稿'));
    expect(done.text).toContain(QUESTION);
    const cancel = button(done, '取消')!.data!;
    await call('POST', '/telegram/tap', { person: '李明', messageId: done.id, data: cancel });
    const answered = await until(
      async () => sandbox.telegram.callbackAnswers().find((a) => a.data === cancel && a.answered)?.answered,
    );
    expect(answered.text).toMatch(/^已取消.*没有保存任何内容/);
    expect(await weeklyRecords()).toHaveLength(0);
  }, 90_000);

  it('Feishu: the card asks the question with 确定提交 / 返回修改; 返回修改 keeps what was entered; 确定提交 records it', async () => {
    const card = (await feishu('李明')).find((m) => m.card?.header.title.content.includes('周排查'))!;
    const form = {
      q_rest: 'normal',
      mt_mode: 'none',
      findings: '无',
      evaluation: '整体良好',
      nextWeekFocus: '按计划巡查',
    };
    const first = await call('POST', '/act', { person: '李明', messageId: card.id, element: 'weekly_submit', form });
    expect(first).toMatchObject({ ok: true, toast: { content: QUESTION } });
    const asked = (first['message'] as Msg).card;
    expect(texts(asked).join('\n')).toContain(QUESTION);
    const els = named(asked);
    expect(els.map((e) => e.name)).toEqual(expect.arrayContaining(['weekly_submit_confirm', 'edit']));
    expect(els.find((e) => e.name === 'findings')).toMatchObject({ default_value: '无' });
    expect(await weeklyRecords()).toHaveLength(0);

    const edit = await call('POST', '/act', { person: '李明', messageId: card.id, element: 'edit', form });
    expect(edit).toMatchObject({ ok: true, toast: { content: '请修改后重新提交' } });
    const back = named((edit['message'] as Msg).card);
    expect(back.map((e) => e.name)).toContain('weekly_submit');
    expect(back.map((e) => e.name)).not.toContain('weekly_submit_confirm');
    expect(back.find((e) => e.name === 'evaluation')).toMatchObject({ default_value: '整体良好' });

    expect(
      await call('POST', '/act', { person: '李明', messageId: card.id, element: 'weekly_submit', form }),
    ).toMatchObject({ toast: { content: QUESTION } });
    const confirmed = await call('POST', '/act', {
      person: '李明',
      messageId: card.id,
      element: 'weekly_submit_confirm',
      form,
    });
    expect(confirmed).toMatchObject({ ok: true, toast: { type: 'success' } });
    const [rec] = await weeklyRecords();
    expect(rec?.payload).toMatchObject({ findings: '无', confirmedAgainst: [QUESTION] });
  });
});
