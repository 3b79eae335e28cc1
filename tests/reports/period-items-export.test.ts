/**
 * The 周报 and 月报 carry the 清单's weekly and monthly items item by item (issue #14): two weeks and a
 * month on the demo unit as people act (the director answers W52's items with 异常 and 不适用 and
 * 维保监督 on the form, lets W51 pass unanswered; the principal answers December's items), then the
 * exports typed in chat (导出) and run on the command line (safeduty export), opened again (xlsx with
 * exceljs, docx as its XML): each item with its result, note and the 隐患台账 number of the hazard it
 * opened; W51's items 未检查; a category whose 清单 has no weekly or monthly items says so; chat and CLI
 * give the same documents.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPORT_WRITERS } from '../../src/adapters/reports/writers.js';
import { type ChatAccount, handleText, type Reply } from '../../src/app/commands/handle-text.js';
import { createInvite } from '../../src/app/commands/invite.js';
import { dispatchOutbox } from '../../src/app/dispatch-outbox.js';
import type { ExportedFile } from '../../src/app/export-report.js';
import { exportReport } from '../../src/app/export-report.js';
import { handleCardAction } from '../../src/app/handle-card-action.js';
import { runTick } from '../../src/app/run-tick.js';
import { exportCommand as cliExport } from '../../src/cli/export.js';
import { demoConfigDir } from '../helpers/config-fixture.js';
import { demoEngine, type TestEngine } from '../helpers/engine.js';
import { tmpDir } from '../helpers/tmp.js';
import { docxRows, docxText, openXlsx, sheetRows } from './open-files.js';

const UNIT = 'wanjia-property';

/** 场车's 清单 with its daily items only: the 周报 and 月报 of 场车 say there is nothing to ask. */
const DAILY_ONLY_FIELD_VEHICLE = (() => {
  const text = fs.readFileSync('config/checklists/field_vehicle.yaml', 'utf8');
  const [head, ...items] = text.split(/\n(?= {2}- group:)/);
  return [head, ...items.filter((it) => /frequency: daily/.test(it))].join('\n');
})();
const FILES = { 'checklists/field_vehicle.yaml': DAILY_ONLY_FIELD_VEHICLE };

let e: TestEngine;
const ids: Record<string, string> = {};
const acct = (name: string): ChatAccount => ({ channel: 'feishu', externalId: `ou_${name}` });
const say = (name: string, text: string): Promise<Reply> =>
  handleText({ ...e, writers: REPORT_WRITERS }, acct(name), text);
const step = async (iso: string) => {
  e.clock.set(iso);
  await runTick(e);
  await dispatchOutbox(e);
};
const file = (r: Reply, part: string): ExportedFile => {
  const f = r.files?.find((x) => x.fileName.includes(part));
  if (!f) throw new Error(`no file “${part}” in: ${r.text}`);
  return f;
};
/** The rows of every sheet of a workbook, each sheet's rows under its name. */
const workbook = async (f: ExportedFile) =>
  Object.fromEntries((await openXlsx(f.bytes)).worksheets.map((ws) => [ws.name, sheetRows(ws)]));
const rowOf = (rows: string[][], content: string) => rows.find((r) => r.includes(content));

beforeAll(async () => {
  // Monday 2026-12-14 09:00 local: W51's review opens; nobody answers it.
  e = await demoEngine({ start: '2026-12-14T01:00:00Z', files: FILES });
  await step('2026-12-14T01:00:00Z');
  for (const name of ['李明', '王建国']) {
    const p = (await e.store.findPeople(name))[0]!;
    ids[name] = p.id;
    const { code } = await createInvite(e, p.id, e.clock.now());
    expect((await say(name, `绑定 ${code}`)).text).toMatch(/^绑定成功/);
  }
  ids.unit = (await e.store.db.unit.findUniqueOrThrow({ where: { key: UNIT } })).id;
  // Monday 2026-12-21: W51 has closed unanswered, W52 opens; the director answers it on the form.
  await step('2026-12-21T01:00:00Z');
  await step('2026-12-21T02:00:00Z');
  const weekly = await handleCardAction(e, ids['李明']!, {
    a: 'weekly_submit',
    k: `task:${UNIT}:weekly:2026-W52:${ids['李明']}`,
    form: {
      evaluation: '总体受控',
      nextWeekFocus: '节日值班',
      q_elevator_13: 'abnormal',
      q_elevator_13_level: 'serious',
      q_elevator_13_note: '2号楼消防电梯维保记录缺双方签字',
      q_elevator_18: 'na',
      q_elevator_18_note: '本单位无停用电梯',
      q_rest: 'normal',
      mt_mode: 'sample',
      mt_company: '津城电梯维保有限公司',
      mt_date: '2026-12-18',
      mt_note: '抽查1号楼两台，符合要求',
    },
  });
  expect(weekly).toMatchObject({ ok: true });
  // Friday 12-25: December's dispatch; the principal records the minutes with the monthly items.
  await step('2026-12-25T01:00:00Z');
  const monthly = await handleCardAction(e, ids['王建国']!, {
    a: 'monthly_submit',
    k: `task:${UNIT}:monthly:2026-12:${ids.unit}`,
    form: {
      meetingTime: '2026-12-25 15:00',
      location: '三楼会议室',
      attendees: '王建国、李明',
      nextMonthFocus: '春节保障',
      q_boiler_21: 'abnormal:general',
      q_boiler_21_note: '锅炉安全操作规程未随新设备更新',
      q_elevator_22: 'na',
      q_elevator_22_note: '本月无电梯改造',
      q_rest: 'normal',
    },
  });
  expect(monthly).toMatchObject({ ok: true });
}, 60_000);
afterAll(async () => e?.close());

/** W52's elevator item 13 as the director answered it: 异常（严重）, the note, the hazard it opened. */
const item13 = (no: string) => [
  '13',
  '管理',
  '维保记录与质量监督',
  '异常（严重）',
  '2号楼消防电梯维保记录缺双方签字',
  `${no}（待研判）`,
];

let ledger: string[][] | null = null;
/** The 隐患台账's number of the hazard whose description starts so (the ledger exported once, in chat). */
async function ledgerNumber(prefix: string): Promise<string> {
  if (!ledger) {
    const r = await say('李明', '导出 隐患 2026-12-01 2026-12-31 excel');
    ledger = (await workbook(file(r, '隐患')))['隐患台账']!;
  }
  const rows = ledger;
  const row = rows.find((x) => x.some((c) => c.startsWith(prefix)));
  if (!row) throw new Error(`no hazard “${prefix}” in the ledger`);
  return row[0]!;
}

describe('周报: the weekly items, item by item', () => {
  it('xlsx: W52 each elevator item with its result, note and the hazard number; 维保监督; W51 未检查', async () => {
    const r = await say('李明', '导出 周报 2026-12-14 2026-12-27 电梯 excel');
    const sheets = await workbook(file(r, '每周电梯'));
    const w52 = Object.entries(sheets).find(([name]) => name.startsWith('2026-W52'))![1];
    const w51 = Object.entries(sheets).find(([name]) => name.startsWith('2026-W51'))![1];
    const no = await ledgerNumber('周排查 · 电梯 · 维保记录与质量监督');
    expect(no).toMatch(/^YH-2026-\d{3}$/);
    const header = w52.find((x) => x.includes('检查项目') && x.includes('隐患编号'));
    expect(header).toEqual(['序号', '风险类别', '检查项目', '结果', '说明', '隐患编号']);
    expect(rowOf(w52, '维保记录与质量监督')).toEqual(item13(no));
    expect(rowOf(w52, '停用电梯防护')).toEqual([
      '18',
      expect.any(String),
      '停用电梯防护',
      '不适用',
      '本单位无停用电梯',
      '—',
    ]);
    expect(rowOf(w52, '定期检验与限速器校验')).toEqual([
      '14',
      expect.any(String),
      '定期检验与限速器校验',
      '正常',
      '',
      '—',
    ]);
    // every weekly item of the elevator 清单 is there: 13–18
    expect(w52.filter((x) => /^1[3-8]$/.test(x[0] ?? '') && x.length === 6).map((x) => x[0])).toEqual([
      '13',
      '14',
      '15',
      '16',
      '17',
      '18',
    ]);
    expect(rowOf(w52, '监督方式')).toEqual(['监督方式', '抽样监督']);
    expect(rowOf(w52, '维保单位')).toEqual(['维保单位', '津城电梯维保有限公司']);
    expect(rowOf(w52, '维保日期')).toEqual(['维保日期', '2026-12-18']);
    expect(rowOf(w52, '监督情况（结论）')).toEqual(['监督情况（结论）', '抽查1号楼两台，符合要求']);
    // W51: nobody answered; every item is listed 未检查, and so is 维保监督
    expect(w51.flat()).toContain('周排查报告未提交（缺失），清单各项均未检查。');
    const unchecked = w51.filter((x) => x.length === 6 && x[3] === '未检查');
    expect(unchecked.map((x) => x[2])).toEqual(expect.arrayContaining(['维保记录与质量监督', '停用电梯防护']));
    expect(unchecked).toHaveLength(6);
    expect(rowOf(w51, '监督方式')).toEqual(['监督方式', '未检查']);
  });

  it('docx: the same rows in Word; a category without weekly items says so', async () => {
    const r = await say('李明', '导出 周报 2026-12-14 2026-12-27');
    const rows = docxRows(file(r, '每周电梯').bytes);
    const no = await ledgerNumber('周排查 · 电梯 · 维保记录与质量监督');
    expect(rows).toContainEqual(item13(no));
    expect(rows.filter((x) => x[3] === '未检查')).toHaveLength(6);
    const boiler = docxRows(file(r, '每周锅炉').bytes);
    expect(boiler.filter((x) => x[3] === '正常').length).toBeGreaterThan(0);
    expect(boiler.some((x) => x[0] === '监督方式')).toBe(false); // 维保监督 is the elevators'
    const vehicles = docxText(file(r, '每周场').bytes);
    expect(vehicles).toContain('本周场(厂)内专用机动车辆无周排查项目');
    expect(vehicles).not.toContain('未检查');
  });
});

describe('the hazard an item opened, in its category', () => {
  it('the 周报 of 电梯 lists it among the week’s hazards, the 锅炉’s does not', async () => {
    const r = await say('李明', '导出 周报 2026-12-21 2026-12-27');
    const found = (f: string) =>
      docxRows(file(r, f).bytes).filter((x) => x.some((c) => c.startsWith('周排查 · 电梯 · 维保记录与质量监督')));
    // 本周发现的风险隐患 and 未闭环隐患（报告提交时: opened in the same submission, so not yet open then)
    expect(found('每周电梯')).toHaveLength(1);
    expect(found('每周锅炉')).toHaveLength(0);
  });

  it('the 隐患台账 of 电梯 has it under the same number, 周排查 as its source and the item as 判定依据', async () => {
    const no = await ledgerNumber('周排查 · 电梯 · 维保记录与质量监督');
    const rows = (await workbook(file(await say('李明', '导出 隐患 2026-12-01 2026-12-31 电梯 excel'), '隐患')))[
      '隐患台账'
    ]!;
    const row = rows.find((x) => x[0] === no)!;
    expect(row.slice(2, 6)).toEqual([
      '（电梯，未指定设备）',
      '周排查',
      '周排查 · 电梯 · 维保记录与质量监督：2号楼消防电梯维保记录缺双方签字',
      expect.stringMatching(/^《电梯安全风险管控清单》第 1 版：维保记录与质量监督（管控标准：/),
    ]);
    const boiler = (await workbook(file(await say('李明', '导出 隐患 2026-12-01 2026-12-31 锅炉 excel'), '隐患')))[
      '隐患台账'
    ]!;
    expect(boiler.some((x) => x[0] === no)).toBe(false);
    expect(boiler.some((x) => x[3] === '月调度')).toBe(true);
  });
});

describe('月报: the monthly items, item by item', () => {
  it('xlsx and docx: each item of each category, the 异常 with its hazard number, 不适用 with why', async () => {
    const r = await say('王建国', '导出 月报 2026-12-01 2026-12-31 excel');
    const boiler = Object.values(await workbook(file(r, '每月锅炉'))).flat();
    const no = await ledgerNumber('月调度 · 锅炉');
    expect(rowOf(boiler, '安全管理制度与操作规程')?.slice(3)).toEqual([
      '异常（一般）',
      '锅炉安全操作规程未随新设备更新',
      `${no}（整改中）`,
    ]);
    const elevator = Object.values(await workbook(file(r, '每月电梯'))).flat();
    const items = elevator.filter((x) => x.length === 6 && /^(19|2[0-2])$/.test(x[0]!));
    expect(items.map((x) => x[0])).toEqual(['19', '20', '21', '22']);
    expect(items.find((x) => x[0] === '22')!.slice(3)).toEqual(['不适用', '本月无电梯改造', '—']);
    expect(items.filter((x) => x[3] === '正常')).toHaveLength(3);
    const docx = await say('王建国', '导出 月报 2026-12-01 2026-12-31');
    expect(docxRows(file(docx, '每月锅炉').bytes)).toContainEqual(
      expect.arrayContaining(['异常（一般）', '锅炉安全操作规程未随新设备更新', `${no}（整改中）`]),
    );
    expect(docxText(file(docx, '每月场').bytes)).toContain('本月场(厂)内专用机动车辆无月调度项目');
  });
});

describe('导出 in chat and safeduty export give the same content', () => {
  it('the same rows and text, the export time aside', async () => {
    const dir = tmpDir('cli-export');
    const config = demoConfigDir((s) => s, FILES);
    const saved = process.env.DATABASE_URL;
    process.env.DATABASE_URL = e.db.url;
    try {
      for (const [kind, who] of [
        ['周报', '李明'],
        ['月报', '王建国'],
      ] as const) {
        const args = [
          '--config',
          config,
          '--unit',
          UNIT,
          '--from',
          '2026-12-14',
          '--to',
          '2026-12-27',
          '--category',
          '电梯',
        ];
        expect(await cliExport([kind, ...args, '--out', path.join(dir, kind)])).toBe(0);
        const chat = await say(who, `导出 ${kind} 2026-12-14 2026-12-27 电梯`);
        expect(chat.files?.length).toBe(1);
        for (const f of chat.files!) {
          const cli = fs.readFileSync(path.join(dir, kind, f.fileName));
          const text = (b: Uint8Array) => docxText(b).replace(/导出时间：[^\n]*/, '');
          expect(text(cli)).toBe(text(f.bytes));
          expect(text(cli)).toContain(kind === '周报' ? '清单周排查项目' : '清单月调度项目');
        }
      }
    } finally {
      if (saved === undefined) delete process.env.DATABASE_URL;
      else process.env.DATABASE_URL = saved;
    }
  });

  it('the app’s export and the chat’s are one function: same input, same bytes of text', async () => {
    const direct = await exportReport(
      { store: e.store, clock: e.clock, writers: REPORT_WRITERS },
      { unitKey: UNIT, kind: 'weekly', from: '2026-12-14', to: '2026-12-27', category: '电梯' },
    );
    const chat = await say('李明', '导出 周报 2026-12-14 2026-12-27 电梯');
    expect(docxText(direct[0]!.bytes)).toBe(docxText(chat.files![0]!.bytes));
  });
});
