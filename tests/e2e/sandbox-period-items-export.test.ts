/**
 * The 清单's weekly and monthly items from the card to the exported file, in the sandbox as people
 * act (issue #14): the director exports the 周报 before answering (every item 未检查), answers W52's
 * items on the Feishu card (异常, 不适用, 维保监督) through the emulator, the principal answers
 * December's on the monthly card, then both type 导出 and download the files the bot sent; the xlsx
 * is opened with exceljs and the docx read as its XML.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { type Sandbox, startSandbox } from '../../src/sandbox/sandbox-mode.js';
import { demoConfigDir } from '../helpers/config-fixture.js';
import { silentLog } from '../helpers/engine.js';
import { tmpDir } from '../helpers/tmp.js';
import { docxRows, openXlsx, sheetRows } from '../reports/open-files.js';

interface Msg {
  id: string;
  from: 'bot' | 'user';
  kind: string;
  text?: string;
  fileKey?: string;
  card?: { header: { title: { content: string } } };
}

async function until<T>(check: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (performance.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('weekly and monthly items, from the card to the exported file, in the sandbox', () => {
  let sandbox: Sandbox;
  let base: string;
  const call = async (method: 'GET' | 'POST', path: string, body?: unknown) => {
    const r = await fetch(`${base}${path}`, {
      method,
      ...(body !== undefined ? { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } } : {}),
    });
    return (await r.json()) as Record<string, unknown>;
  };
  const messages = async (person: string) =>
    (await call('GET', `/messages?person=${encodeURIComponent(person)}`)) as unknown as Msg[];
  const card = async (person: string, title: string) => {
    const m = (await messages(person)).find((x) => x.card?.header.title.content.includes(title));
    if (!m) throw new Error(`${person} has no card “${title}”`);
    return m;
  };
  /** Types 导出 … as the person and downloads the files the bot sends back, by name. */
  const exported = async (person: string, text: string): Promise<Map<string, Uint8Array>> => {
    const before = (await messages(person)).length;
    expect(await call('POST', '/text', { person, text })).toMatchObject({ ok: true, delivered: true });
    const reply = await until(async () => {
      const list = (await messages(person)).slice(before);
      const summary = list.find((m) => m.from === 'bot' && m.kind === 'text' && m.text?.startsWith('已生成'));
      const n = Number(summary?.text?.match(/已生成 (\d+) 个文件/)?.[1] ?? 0);
      const files = list.filter((m) => m.kind === 'file');
      return n > 0 && files.length >= n ? files : undefined;
    });
    const out = new Map<string, Uint8Array>();
    for (const f of reply) {
      const r = await fetch(`${base}/files/${encodeURIComponent(f.fileKey!)}`);
      expect(r.status).toBe(200);
      out.set(f.text!, new Uint8Array(await r.arrayBuffer()));
    }
    return out;
  };
  const named = (files: Map<string, Uint8Array>, part: string): Uint8Array => {
    const hit = [...files].find(([name]) => name.includes(part));
    if (!hit) throw new Error(`no “${part}” among ${[...files.keys()].join('、')}`);
    return hit[1];
  };

  beforeAll(async () => {
    // Friday 2026-12-25 08:55: W52's review is open; December's dispatch opens at 09:00.
    const dir = demoConfigDir((s) => s, {
      'safeduty.yaml':
        `http: { host: 127.0.0.1, port: 0 }\nsandbox:\n  database: file:${tmpDir('sandbox')}` +
        `/sandbox.db\n  clock_start: "2026-12-25T08:55:00+08:00"\n`,
    });
    sandbox = await startSandbox(loadConfig({ dir, env: {} }), { log: silentLog, tickEveryMs: 60_000 });
    base = `http://127.0.0.1:${sandbox.port}/sandbox/api`;
  }, 60_000);
  afterAll(async () => sandbox?.stop());

  it('before the director answers, the 周报 lists every weekly item as 未检查, not left out', async () => {
    const files = await exported('李明', '导出 周报 本周 电梯');
    const rows = docxRows(named(files, '每周电梯'));
    const items = rows.filter((r) => r.length === 6 && /^1[3-8]$/.test(r[0]!));
    expect(items.map((r) => r[3])).toEqual(Array(6).fill('未检查'));
    expect(rows).toContainEqual(['监督方式', '未检查']);
  });

  it('the director answers on the card; the 周报 in Excel carries each item, the hazard number and 维保监督', async () => {
    const weekly = await card('李明', '周排查');
    const r = await call('POST', '/act', {
      person: '李明',
      messageId: weekly.id,
      element: 'weekly_submit',
      form: {
        evaluation: '总体受控',
        nextWeekFocus: '节日值班',
        q_elevator_15: 'abnormal:general',
        q_elevator_15_note: '维保人员王某证件过期',
        q_elevator_18: 'na',
        q_elevator_18_note: '本单位无停用电梯',
        q_rest: 'normal',
        mt_mode: 'full',
        mt_company: '津城电梯维保有限公司',
        mt_date: '2026-12-24',
        mt_note: '全过程监督2号楼三台半月维保，符合要求',
      },
    });
    expect(r).toMatchObject({ ok: true, toast: { content: expect.stringContaining('清单 1 项异常（已登记隐患）') } });
    const files = await exported('李明', '导出 周报 本周 电梯 excel');
    const wb = await openXlsx(named(files, '每周电梯'));
    const rows = wb.worksheets.flatMap(sheetRows);
    const ledger = (await openXlsx(named(await exported('李明', '导出 隐患 本月 电梯 excel'), '隐患'))).getWorksheet(
      '隐患台账',
    )!;
    const no = sheetRows(ledger).find((x) => x.some((c) => c.includes('维保人员王某证件过期')))?.[0];
    expect(no).toMatch(/^YH-2026-\d{3}$/);
    expect(rows).toContainEqual([
      '15',
      '人员',
      '安全管理与维保人员证件',
      '异常（一般）',
      '维保人员王某证件过期',
      `${no}（整改中）`,
    ]);
    expect(rows).toContainEqual(['18', '设备', '停用电梯防护', '不适用', '本单位无停用电梯', '—']);
    expect(rows.filter((x) => x.length === 6 && x[3] === '正常')).toHaveLength(4);
    expect(rows).toContainEqual(['监督方式', '全过程监督']);
    expect(rows).toContainEqual(['维保单位', '津城电梯维保有限公司']);
    expect(rows).toContainEqual(['维保日期', '2026-12-24']);
    expect(rows).toContainEqual(['监督情况（结论）', '全过程监督2号楼三台半月维保，符合要求']);
    expect(rows.flat()).not.toContain('未检查');
  });

  it('the principal answers the monthly card; the 月报 in Word carries the items with 异常 and 不适用', async () => {
    await call('POST', '/clock', { set: '2026-12-25T09:01:00+08:00' });
    const monthly = await until(async () =>
      (await messages('王建国')).find((x) => x.card?.header.title.content.includes('月调度')),
    );
    const r = await call('POST', '/act', {
      person: '王建国',
      messageId: monthly.id,
      element: 'monthly_submit',
      form: {
        meetingTime: '2026-12-25 15:00',
        location: '三楼会议室',
        attendees: '王建国、李明',
        nextMonthFocus: '春节保障',
        q_elevator_20: 'abnormal:general',
        q_elevator_20_note: '两名安全员本年度培训考核未完成',
        q_elevator_22: 'na',
        q_elevator_22_note: '本月无新增电梯',
        q_rest: 'normal',
      },
    });
    expect(r).toMatchObject({ ok: true });
    const rows = docxRows(named(await exported('王建国', '导出 月报 本月 电梯'), '每月电梯'));
    const items = rows.filter((x) => x.length === 6 && /^(19|2[0-2])$/.test(x[0]!));
    expect(items.map((x) => [x[0], x[3], x[4]])).toEqual([
      ['19', '正常', ''],
      ['20', '异常（一般）', '两名安全员本年度培训考核未完成'],
      ['21', '正常', ''],
      ['22', '不适用', '本月无新增电梯'],
    ]);
    expect(items[1]![5]).toMatch(/^YH-2026-\d{3}（整改中）$/);
  });
});
