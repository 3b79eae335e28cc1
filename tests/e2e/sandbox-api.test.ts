/**
 * The sandbox's JSON control API (docs/sandbox.md) over HTTP, as a script would drive the demo:
 * people, messages with card state, acting on a card, typing a command, the clock, reset, and the
 * Chinese refusals of every malformed request.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { type Sandbox, sandboxWanted, startSandbox } from '../../src/sandbox/sandbox-mode.js';
import { sandboxOpenId } from '../../src/sandbox/sandbox-people.js';
import { demoConfigDir } from '../helpers/config-fixture.js';
import { silentLog } from '../helpers/engine.js';
import { tmpDir } from '../helpers/tmp.js';

interface Msg {
  id: string;
  from: 'bot' | 'user';
  kind: string;
  text?: string;
  card?: { header: { title: { content: string } } };
  at: string;
  updates: number;
}

async function until<T>(check: () => Promise<T | undefined>, timeoutMs = 8000): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (performance.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

const START = '2026-12-01T08:25:00+08:00';

describe('the sandbox control API', () => {
  let sandbox: Sandbox;
  let base: string;

  const call = async (method: 'GET' | 'POST', path: string, body?: unknown, raw?: string) => {
    const r = await fetch(`${base}${path}`, {
      method,
      ...(body !== undefined || raw !== undefined
        ? { body: raw ?? JSON.stringify(body), headers: { 'content-type': 'application/json' } }
        : {}),
    });
    return { status: r.status, body: (await r.json()) as Record<string, unknown> & unknown[] };
  };
  const messages = async (person: string) =>
    (await call('GET', `/messages?person=${encodeURIComponent(person)}`)).body as unknown as Msg[];
  const titled = (list: Msg[], text: string) => list.find((m) => m.card?.header.title.content.includes(text));

  beforeAll(async () => {
    const dir = demoConfigDir((s) => s, {
      'safeduty.yaml':
        `http: { host: 127.0.0.1, port: 0 }\nsandbox:\n  database: file:${tmpDir('sandbox')}` +
        `/sandbox.db\n  clock_start: "${START}"\n`,
    });
    const config = loadConfig({ dir, env: {} });
    expect(sandboxWanted(config.service)).toBe(true);
    sandbox = await startSandbox(config, { log: silentLog, tickEveryMs: 60_000 });
    base = `http://127.0.0.1:${sandbox.port}/sandbox/api`;
  }, 60_000);
  afterAll(async () => sandbox?.stop());

  it('is off when a channel is configured, unless switched on', () => {
    const dir = demoConfigDir();
    expect(
      sandboxWanted(
        loadConfig({ dir, env: { FEISHU_APP_ID: 'cli_a1b2c3d4e5f60718', FEISHU_APP_SECRET: 's' } }).service,
      ),
    ).toBe(false);
    // A production database without credentials is not quietly replaced by the sandbox (serve refuses it).
    expect(
      sandboxWanted(loadConfig({ dir, env: { DATABASE_URL: 'postgresql://app:app@db:5432/safeduty' } }).service),
    ).toBe(false);
    // A Telegram token is a channel too.
    expect(sandboxWanted(loadConfig({ dir, env: { TELEGRAM_BOT_TOKEN: '123:abc' } }).service)).toBe(false);
    const on = demoConfigDir((s) => s, { 'safeduty.yaml': 'sandbox: { enabled: true }\n' });
    expect(
      sandboxWanted(
        loadConfig({ dir: on, env: { FEISHU_APP_ID: 'cli_a1b2c3d4e5f60718', FEISHU_APP_SECRET: 's' } }).service,
      ),
    ).toBe(true);
    const bad = demoConfigDir((s) => s, {
      'safeduty.yaml': 'sandbox: { enabled: maybe, database: "postgresql://x@y/z" }\n',
    });
    expect(() => loadConfig({ dir: bad, env: {} })).toThrow(
      /enabled 应为 auto、true 或 false[\s\S]*沙盒只使用内置 SQLite/,
    );
  });

  it('lists the demo people, officers first, with their sandbox accounts', async () => {
    const { body } = await call('GET', '/people');
    const people = body as unknown as { id: string; name: string; roles: { label: string }[]; unread: number }[];
    expect(people.map((p) => p.name)).toEqual(['张三', '李四', '赵敏', '李明', '王建国']);
    expect(people[0]).toMatchObject({ id: sandboxOpenId('13800000003'), roles: [{ label: '安全员 · 电梯' }] });
    expect(
      sandbox.emulator
        .users()
        .map((u) => u.openId)
        .sort(),
    ).toEqual(people.map((p) => p.id).sort());
    // Tuesday 08:25: the week's review has already opened, so the director has a card waiting.
    expect(people.find((p) => p.name === '李明')!.unread).toBe(1);
  });

  it('jumps to the next event and ticks there: the daily cards leave at 08:30', async () => {
    const r = await call('POST', '/clock', { advance: 'next' });
    expect(r.status).toBe(200);
    expect((r.body['clock'] as { now: string }).now).toMatch(/^2026-12-01T00:30:/);
    const list = await messages('张三');
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ from: 'bot', kind: 'card', updates: 0 });
    expect(list[0]!.at).toMatch(/^2026-12-01T00:30:/);
    const people = (await call('GET', '/people')).body as unknown as { name: string; unread: number }[];
    expect(people.find((p) => p.name === '张三')!.unread).toBe(0); // read just now
    // 李四's three devices need two cards: one would pass Feishu's 200 elements (card-budget.ts)
    expect(people.find((p) => p.name === '李四')!.unread).toBeGreaterThanOrEqual(1);
  });

  it('acts on a card as Feishu would deliver it, and reports the toast', async () => {
    const [daily] = await messages('张三');
    const r = await call('POST', '/act', { person: '张三', messageId: daily!.id, element: 'd1_zero' });
    expect(r.body).toMatchObject({ ok: true, toast: { type: 'success' } });
    expect((r.body['message'] as Msg).updates).toBe(1);
    const opened = await call('POST', '/act', { person: '张三', messageId: daily!.id, element: 'd2_open' });
    expect(opened.body).toMatchObject({ ok: true });
    const refused = await call('POST', '/act', {
      person: '张三',
      messageId: daily!.id,
      element: 'd2_submit',
      form: { d2_i1: 'abnormal' },
    });
    expect(refused.body).toMatchObject({ ok: true, toast: { type: 'error' } });
    expect(String((refused.body['toast'] as { content: string }).content)).toMatch(/请填写问题描述/);
    expect(String((refused.body['toast'] as { content: string }).content)).toMatch(/还有 11 项未选择/);
  });

  it('reports a required field left empty without reaching the bot', async () => {
    const weekly = titled(await messages('李明'), '周排查')!;
    const r = await call('POST', '/act', {
      person: '李明',
      messageId: weekly.id,
      element: 'weekly_submit',
      form: { evaluation: '良好' },
    });
    expect(r.body).toMatchObject({ ok: false, failure: 'required_missing', missing: ['nextWeekFocus'] });
    expect(r.body['error']).toBe('请先填写必填项：nextWeekFocus');
  });

  it('passes typed text to the bot and shows its answer', async () => {
    const r = await call('POST', '/text', { person: '张三', text: '帮助' });
    expect(r.body).toMatchObject({ ok: true, delivered: true, message: { from: 'user', kind: 'text', text: '帮助' } });
    const reply = await until(async () => (await messages('张三')).find((m) => m.from === 'bot' && m.kind === 'text'));
    expect(reply.text).toContain('我可以帮您');
  });

  it(
    'a typed question waits only for its answer: ' + 'another command cancels it, a later digit files nothing',
    async () => {
      const botTexts = async () =>
        (await messages('张三')).filter((m) => m.from === 'bot' && m.kind === 'text').map((m) => m.text!);
      const type = async (text: string) => {
        const before = (await botTexts()).length;
        expect((await call('POST', '/text', { person: '张三', text })).body).toMatchObject({
          ok: true,
          delivered: true,
        });
        return until(async () => (await botTexts())[before]);
      };
      expect(await type('上报隐患 1号梯 护栏松动')).toMatch(
        /^“1号梯”对应 2 台设备，请回复序号选择：\n1\. 1号楼1号客梯/,
      );
      expect(await type('1')).toMatch(/^上报 1号楼1号客梯：护栏松动\n请回复隐患等级/);
      expect(await type('今日')).toMatch(/^（已取消未完成的上报隐患（1号楼1号客梯：护栏松动）。）\n今日任务/);
      expect(await type('3')).toMatch(/^现在没有等待您回复的问题/);
      expect(titled(await messages('李明'), '隐患')).toBeUndefined();
    },
  );

  it('sends a picture as the person on either channel; refuses one without a person, empty or over 10 MB', async () => {
    const photo = (path: string, body: Uint8Array) =>
      fetch(`${base}${path}`, { method: 'POST', body, headers: { 'content-type': 'image/png' } }).then(async (r) => ({
        status: r.status,
        body: (await r.json()) as Record<string, unknown>,
      }));
    const png = Buffer.from(
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC',
      'base64',
    );
    expect(await photo('/photo?person=赵敏', png)).toMatchObject({
      status: 200,
      body: { ok: true, delivered: true, message: { from: 'user', kind: 'image', text: '🖼 图片' } },
    });
    // no photo step waits: the bot says when photos are taken (and downloads nothing)
    const reply = await until(async () => (await messages('赵敏')).find((m) => m.from === 'bot' && m.kind === 'text'));
    expect(reply.text).toContain('现在没有需要照片的事项');
    expect(await photo('/telegram/photo?person=赵敏', png)).toMatchObject({
      status: 200,
      body: { ok: true, delivered: true, message: { from: 'user', kind: 'photo' } },
    });
    expect(await photo('/photo', png)).toMatchObject({
      status: 400,
      body: { error: expect.stringContaining('缺少参数 person') },
    });
    expect(await photo('/photo?person=赵敏', new Uint8Array(0))).toMatchObject({
      status: 400,
      body: { error: expect.stringContaining('请求体为空') },
    });
    expect(await photo('/telegram/photo?person=赵敏', new Uint8Array(10 * 1024 * 1024 + 1))).toMatchObject({
      status: 413,
      body: { error: expect.stringContaining('图片超过 10 MB') },
    });
    expect(await call('GET', '/photo')).toMatchObject({ status: 405 });
  });

  it('refuses malformed requests in Chinese, saying what to do', async () => {
    expect(await call('POST', '/act', { person: '无名氏', messageId: 'om_x', element: 'x' })).toMatchObject({
      status: 404,
      body: { error: expect.stringContaining('找不到人员“无名氏”') },
    });
    expect(await call('POST', '/act', { person: '张三' })).toMatchObject({
      status: 400,
      body: { error: expect.stringContaining('缺少 messageId') },
    });
    expect(await call('POST', '/act', { person: '张三', messageId: 'om_x', element: 'x' })).toMatchObject({
      status: 404,
      body: { error: expect.stringContaining('张三 的会话中没有消息 om_x') },
    });
    const [daily] = await messages('张三');
    expect(await call('POST', '/act', { person: '张三', messageId: daily!.id, element: 'no_such' })).toMatchObject({
      status: 400,
      body: { error: expect.stringContaining('操作无效') },
    });
    expect(await call('POST', '/text', { person: '张三', text: '  ' })).toMatchObject({
      status: 400,
      body: { error: 'text: text 不能为空' },
    });
    expect(await call('POST', '/clock', { advance: 'week' })).toMatchObject({
      status: 400,
      body: { error: expect.stringContaining('advance 应为 next') },
    });
    expect(await call('POST', '/clock', { advance: 'hour', set: START })).toMatchObject({
      status: 400,
      body: { error: '请只写 advance 或 set 其中一个' },
    });
    expect(await call('POST', '/clock', { set: START })).toMatchObject({
      status: 409,
      body: { error: expect.stringContaining('时间只能向后调整') },
    });
    expect(await call('POST', '/clock', undefined, '{not json')).toMatchObject({
      status: 400,
      body: { error: expect.stringContaining('不是有效的 JSON') },
    });
    expect(await call('GET', '/messages')).toMatchObject({
      status: 400,
      body: { error: expect.stringContaining('缺少参数 person') },
    });
    expect(await call('GET', '/nothing')).toMatchObject({
      status: 404,
      body: { error: expect.stringContaining('未知接口') },
    });
    expect(await call('GET', '/act')).toMatchObject({ status: 405 });
  });

  it('sets the clock forward, stepping through every scheduled instant on the way', async () => {
    const r = await call('POST', '/clock', { set: '2026-12-01T20:31:00+08:00' });
    expect(r.status).toBe(200);
    expect(r.body['ticks']).toBeGreaterThanOrEqual(3); // 15:30 reminder, 17:30 director, 20:30 principal
    const esc = titled(await messages('王建国'), '催办')!;
    expect(esc.at).toMatch(/^2026-12-01T12:30:00/); // sent at 20:30 local, not at 20:31
    expect(titled(await messages('李明'), '催办')!.at).toMatch(/^2026-12-01T09:30:00/);
  });

  it('resets the demo: messages, records and clock back to the start', async () => {
    const r = await call('POST', '/reset', {});
    expect(r.body).toMatchObject({ ok: true, clock: { now: expect.stringMatching(/^2026-12-01T00:25:/) } });
    expect(await messages('张三')).toEqual([]);
    expect(await messages('王建国')).toEqual([]);
    expect((await messages('李明')).map((m) => m.card?.header.title.content)).toEqual([
      expect.stringContaining('周排查'),
    ]);
    await call('POST', '/clock', { advance: 'next' });
    const [daily] = await messages('张三');
    expect(daily!.card!.header.title.content).toContain('设备检查'); // not 已完成: the answers were wiped
    expect(await call('POST', '/act', { person: '张三', messageId: daily!.id, element: 'd1_zero' })).toMatchObject({
      body: { ok: true, toast: { type: 'success' } },
    });
  });
});
