/**
 * Issue 11, break 1, as the people act in the sandbox (JSON control API, real Feishu SDK against the
 * emulator): 李四 finds hazards on his own devices on his own daily card. A 严重 one (use stopped)
 * and a 一般 one must each reach 李四 with the rectification form, go through 李明's 研判 and
 * 核实, and end closed with the device back in use — by card, by typed command, and by the form
 * the reminder carries.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { type Sandbox, startSandbox } from '../../src/sandbox/sandbox-mode.js';
import { demoConfigDir } from '../helpers/config-fixture.js';
import { silentLog } from '../helpers/engine.js';
import { png } from '../helpers/images.js';
import { tmpDir } from '../helpers/tmp.js';

interface Msg {
  id: string;
  from: 'bot' | 'user';
  kind: string;
  text?: string;
  card?: { header: { title: { content: string }; template: string; subtitle?: { content: string } } };
  at: string;
}

const START = '2026-12-01T08:25:00+08:00';

describe('李四 closes the hazards he finds on his own devices', () => {
  let sandbox: Sandbox;
  let base: string;

  const call = async (method: 'GET' | 'POST', path: string, body?: unknown) => {
    const r = await fetch(`${base}${path}`, {
      method,
      ...(body !== undefined ? { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } } : {}),
    });
    return { status: r.status, body: (await r.json()) as Record<string, unknown> };
  };
  const messages = async (person: string) =>
    (await call('GET', `/messages?person=${encodeURIComponent(person)}`)).body as unknown as Msg[];
  const cards = async (person: string, title: RegExp) =>
    (await messages(person)).filter((m) => m.card && title.test(m.card.header.title.content));
  const act = async (person: string, messageId: string, element: string, form?: Record<string, unknown>) => {
    const r = await call('POST', '/act', { person, messageId, element, ...(form ? { form } : {}) });
    return r.body as {
      ok: boolean;
      toast?: { type: string; content: string };
      failure?: string;
      missing?: string[];
      message?: Msg;
    };
  };
  /** Types a command and returns the bot's answer to it. */
  const say = async (person: string, text: string): Promise<string> => {
    const before = (await messages(person)).filter((m) => m.from === 'bot' && m.kind === 'text').length;
    const r = await call('POST', '/text', { person, text });
    expect(r.body).toMatchObject({ ok: true, delivered: true });
    const deadline = performance.now() + 8000;
    for (;;) {
      const replies = (await messages(person)).filter((m) => m.from === 'bot' && m.kind === 'text');
      if (replies.length > before) return replies.at(-1)!.text ?? '';
      if (performance.now() > deadline) throw new Error(`no answer to “${text}”`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  /** Sends a picture as the person (the file itself as the body, as the page's 📷 does) and returns the bot's answer. */
  const sendPhoto = async (person: string, bytes: Buffer): Promise<string> => {
    const before = (await messages(person)).filter((m) => m.from === 'bot' && m.kind === 'text').length;
    const r = await fetch(`${base}/photo?person=${encodeURIComponent(person)}`, {
      method: 'POST',
      body: bytes,
      headers: { 'content-type': 'image/png' },
    });
    expect(await r.json()).toMatchObject({ ok: true, delivered: true, message: { from: 'user', kind: 'image' } });
    return eventually(
      async () => (await messages(person)).filter((m) => m.from === 'bot' && m.kind === 'text').at(before)?.text,
    );
  };
  const deviceStatus = async (name: string) => {
    const line =
      (await say('李明', `设备 ${name}`)).split('\n').find((l) => l.startsWith('·') && l.includes(name)) ?? '';
    return /临时停用/.test(line) ? 'paused' : /在用/.test(line) ? 'in_use' : line;
  };
  const hazardNo = (title: string) => Number(/#(\d+)/.exec(title)?.[1]);
  /** Messages leave on the next tick (every 200 ms here, every minute in service). */
  const eventually = async <T>(check: () => Promise<T | undefined>): Promise<T> => {
    const deadline = performance.now() + 8000;
    for (;;) {
      const v = await check();
      if (v !== undefined) return v;
      if (performance.now() > deadline) throw new Error('condition not reached in time');
      await new Promise((r) => setTimeout(r, 50));
    }
  };

  beforeAll(async () => {
    const dir = demoConfigDir((s) => s, {
      'safeduty.yaml':
        `http: { host: 127.0.0.1, port: 0 }\nsandbox:\n  database: file:${tmpDir('self-found')}` +
        `/sandbox.db\n  clock_start: "${START}"\n`,
    });
    sandbox = await startSandbox(loadConfig({ dir, env: {} }), { log: silentLog, tickEveryMs: 200 });
    base = `http://127.0.0.1:${sandbox.port}/sandbox/api`;
    expect((await call('POST', '/clock', { advance: 'next' })).status).toBe(200); // 08:30: the daily cards
  }, 60_000);
  afterAll(async () => sandbox?.stop());

  let seriousNo = 0;
  let generalNo = 0;

  it('李四 reports item 4 of 2号楼1号客梯 as 严重 (use stopped) and item 2 of 2号楼2号客梯 as 一般 on his daily card', async () => {
    const [daily] = await cards('李四', /日管控/);
    expect(daily).toBeDefined();
    expect((await act('李四', daily!.id, 'd1_open')).ok).toBe(true);
    const serious = await act('李四', daily!.id, 'd1_submit', {
      d1_rest: 'normal',
      d1_a1_item: '4',
      d1_a1_desc: '层门关闭时撞击声大',
      d1_a1_level: 'serious',
      d1_a1_measures: '已停梯并设置警示',
      d1_a1_stop: 'yes',
    });
    expect(serious.toast?.type).toBe('success');
    expect((await act('李四', daily!.id, 'd2_open')).ok).toBe(true);
    const general = await act('李四', daily!.id, 'd2_submit', {
      d2_rest: 'normal',
      d2_a1_item: '2',
      d2_a1_desc: '轿厢照明一盏不亮',
      d2_a1_level: 'general',
      d2_a1_measures: '已报修',
      d2_a1_stop: 'no',
    });
    expect(general.toast?.type).toBe('success');
    expect(await deviceStatus('2号楼1号客梯')).toBe('paused');
    expect(await deviceStatus('2号楼2号客梯')).toBe('in_use');
  });

  it('gives 李四 a rectification card for each of his own findings, numbered, in its true state', async () => {
    const serious = await eventually(async () => (await cards('李四', /严重隐患 #\d+ · 2号楼1号客梯/))[0]);
    const general = await eventually(async () => (await cards('李四', /一般隐患 #\d+ · 2号楼2号客梯/))[0]);
    expect(serious?.card?.header).toMatchObject({
      template: 'red',
      title: { content: expect.stringMatching(/^【待研判】/) },
    });
    expect(general?.card?.header).toMatchObject({
      template: 'orange',
      title: { content: expect.stringMatching(/^【整改中】/) },
    });
    seriousNo = hazardNo(serious!.card!.header.title.content);
    generalNo = hazardNo(general!.card!.header.title.content);
    expect(seriousNo).toBeGreaterThan(0);
    expect(generalNo).toBe(seriousNo + 1);
    // the form needs what was done
    expect(await act('李四', serious!.id, 'rectify_submit', {})).toMatchObject({
      ok: false,
      failure: 'required_missing',
      missing: ['rectification'],
    });
    // the listing shows the numbers people type
    const list = await say('李四', '隐患');
    expect(list).toContain(`#${seriousNo} 【严重】2号楼1号客梯`);
    expect(list).toContain(`#${generalNo} 【一般】2号楼2号客梯`);
  });

  it('李明 confirms the serious one only with a 研判意见; the header stays red while it is being rectified', async () => {
    const confirm = await eventually(async () => (await cards('李明', new RegExp(`严重隐患 #${seriousNo} `)))[0]);
    expect(await act('李明', confirm!.id, 'confirm_submit', {})).toMatchObject({
      ok: false,
      failure: 'required_missing',
      missing: ['note'],
    });
    const r = await act('李明', confirm!.id, 'confirm_submit', {
      note: '层门门锁滚轮磨损，停梯更换滚轮，明日 17:30 前完成',
    });
    expect(r.toast).toMatchObject({ type: 'success', content: `已确认研判 · 李明 · 隐患#${seriousNo}整改中` });
    expect(r.message?.card?.header.template).toBe('red');
    expect(r.message?.card?.header.title.content).toMatch(/^【整改中】严重隐患/);
    // 李四 gets the analysis with the form again
    const again = await eventually(
      async () => (await cards('李四', new RegExp(`^【整改中】严重隐患 #${seriousNo} `)))[0],
    );
    expect(again.card!.header.template).toBe('red');
  });

  it(
    '李四 rectifies the serious one by typing 整改 with the device, 李明 verifies on his card: ' +
      'the device is back in use',
    async () => {
      // A serious hazard's rectification asks for the photos after it (required for 严重, #14 evidence).
      const said = await say('李四', '整改 2号楼1号客梯 更换层门门锁滚轮，试运行 20 次正常');
      expect(said.split('\n')[0]).toBe(`已提交整改 · 李四 · 隐患#${seriousNo}待核实。`);
      expect(said).toMatch(/发送整改后的现场照片.*此项必须附照片/);
      const verify = await eventually(
        async () => (await cards('李明', new RegExp(`^【待核实】严重隐患 #${seriousNo} `)))[0],
      );
      // 核实 waits for the required 整改后 photo; 李四 sends it from the sandbox (the page's 📷)
      const early = await act('李明', verify!.id, 'verify_ok', { comment: '现场核实，运行正常' });
      expect(early.toast?.content).toBe(
        `整改后照片未上传：请 李四 发送“照片 ${seriousNo}”并上传整改后的现场照片，之后再核实；整改不到位可退回整改。`,
      );
      expect(await sendPhoto('李四', png(6, 4, [40, 160, 90]))).toMatch(/^已收到第 1 张照片/);
      expect(await say('李四', '完成')).toMatch(/^已保存 1 张照片/);
      const r = await act('李明', verify!.id, 'verify_ok', { comment: '现场核实，运行正常' });
      expect(r.toast).toMatchObject({
        type: 'success',
        content: `已核实关闭 · 李明 · 隐患#${seriousNo} · 设备恢复使用`,
      });
      expect(r.message?.card?.header.template).toBe('green');
      expect(await deviceStatus('2号楼1号客梯')).toBe('in_use');
    },
  );

  it(
    'reminds 李四 of the general one with the form on the reminder; ' + 'he rectifies there and 李明 verifies by 核实',
    async () => {
      let reminder: Msg | undefined;
      for (let i = 0; i < 40 && !reminder; i++) {
        await call('POST', '/clock', { advance: 'next' });
        reminder = (await cards('李四', /^提醒 · 隐患整改/)).at(-1);
      }
      expect(reminder).toBeDefined();
      const r = await act('李四', reminder!.id, 'h1_rectify_submit', { h1_rectification: '更换轿厢照明灯管' });
      expect(r.toast).toMatchObject({ type: 'success', content: `已提交整改 · 李四 · 隐患#${generalNo}待核实` });
      expect(r.message?.card?.header.template).toBe('orange');
      expect(await say('李明', `核实 ${generalNo} 退回`)).toMatch(/请写上退回的原因/);
      expect(await say('李明', `核实 ${generalNo} 通过`)).toBe(`已核实关闭 · 李明 · 隐患#${generalNo}。`);
      expect(await say('李四', '隐患')).not.toMatch(/#\d+ /);
      expect(await deviceStatus('2号楼2号客梯')).toBe('in_use');
    },
  );
});
