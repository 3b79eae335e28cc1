/**
 * Every document generated from a simulated month, in Word and Excel, opened again and read: titles,
 * a device row, who submitted and when, a late entry, a missed entry, a 停产 day, a paused device,
 * a correction; the weekly report, the minutes with their resolution, the hazard ledger with each
 * step, the duty record; and the page layout (A4, header rows, frozen panes).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ExportedFile, exportReport } from '../../src/app/export-report.js';
import { type DemoMonth, SUSPENDED_DAY, simulateDemoMonth } from './demo-month.js';
import { documentXml, docxRows, docxText, openXlsx, sheetRows } from './open-files.js';

const UNIT = 'wanjia-property';
const UNIT_NAME = '天津万家物业管理有限公司';

describe('exported documents of a simulated month', () => {
  let m: DemoMonth;
  const one = async (input: {
    kind: string;
    from: string;
    to?: string;
    category?: string;
    format: 'docx' | 'xlsx';
  }): Promise<ExportedFile> => {
    const files = await exportReport(m.deps, { unitKey: UNIT, ...input });
    expect(files).toHaveLength(1);
    return files[0]!;
  };

  /** The table rows and all the text of a file, Word or Excel. */
  const read = async (f: ExportedFile): Promise<{ rows: string[][]; text: string }> => {
    if (f.fileName.endsWith('.docx')) return { rows: docxRows(f.bytes), text: docxText(f.bytes) };
    const rows = (await openXlsx(f.bytes)).worksheets.flatMap(sheetRows);
    return { rows, text: rows.flat().join('\n') };
  };

  beforeAll(async () => {
    m = await simulateDemoMonth();
  }, 180_000);
  afterAll(async () => m?.e.close());

  describe('每日电梯安全检查记录', () => {
    const range = { kind: '日检', from: '2026-12-01', to: '2026-12-14', category: '电梯' };

    it('names the file after the document, the unit and the range', async () => {
      const f = await one({ ...range, to: '2026-12-07', format: 'docx' });
      expect(f.fileName).toBe(`每日电梯安全检查记录_${UNIT_NAME}_2026-12-01_2026-12-07.docx`);
      expect(f.mime).toContain('wordprocessingml');
    });

    it(
      'Word: one section per day with each device, ' +
        'who submitted when, late, missed, paused, 停产 and a correction',
      async () => {
        const f = await one({ ...range, format: 'docx' });
        const text = docxText(f.bytes);
        expect(text).toContain('每日电梯安全检查记录');
        expect(text).toContain(`使用单位：${UNIT_NAME}`);
        for (const d of ['2026-12-01（星期二）', '2026-12-04（星期五）', '2026-12-14（星期一）'])
          expect(text).toContain(d);
        const rows = docxRows(f.bytes);
        const row = (pred: (r: string[]) => boolean) => rows.filter(pred);
        // 12-01: a device row with its code, status, conclusion, who and when
        expect(rows).toContainEqual(
          expect.arrayContaining(['1号楼1号客梯', '31101201160001', '在用', '全部正常（零风险报告）', '张三', '09:00']),
        );
        // regulation.md §5.2: 使用登记证号 in each device row, the 清单 version each day's checks were asked from
        expect(rows).toContainEqual(expect.arrayContaining(['1号楼1号客梯', '31101201160001', '梯11津BH0001(25)']));
        expect(text.match(/检查依据：《电梯安全风险管控清单》第 1 版（\d{4}-\d{2}-\d{2} 起施行）/g)).toHaveLength(14);
        // 12-02: 张三 answered at 19:00, after the deadline
        const late = row((r) => r.includes('张三') && r.includes('19:00'));
        expect(late).toHaveLength(3);
        for (const r of late) expect(r.at(-1)).toContain('逾期提交');
        // 12-04: 张三 missed his three devices
        const missed = row((r) => r.includes('未检查（缺失）'));
        expect(missed.map((r) => r[1])).toEqual(['1号楼1号客梯', '1号楼2号客梯', '1号楼3号货梯']);
        expect(missed.every((r) => r.includes('张三（责任人）'))).toBe(true);
        // 12-03: the abnormal item, its level, measures and the elevator paused at 09:05
        expect(rows).toContainEqual(
          expect.arrayContaining([
            '2号楼1号客梯',
            '层门与轿门',
            '轿门关闭异响',
            '严重',
            '已停梯并通知维保单位',
            '是',
            '李四',
          ]),
        );
        expect(text).toContain('09:05 在用→临时停用（李四');
        // 12-04: the paused elevator was asked the adjusted item
        expect(rows).toContainEqual(
          expect.arrayContaining(['2号楼1号客梯', '临时停用', '临时停用：停用措施检查正常', '李四']),
        );
        // 停产 day: stated, no silent gap
        expect(text).toContain(`本日停产：年度设备停产检修`);
        // the correction: the record in force and the original, with the reason
        expect(text).toContain('更正记录（原记录保留，不删除）');
        expect(rows).toContainEqual(expect.arrayContaining([m.corrected.device, '原记录', '已被更正']));
        expect(rows).toContainEqual(expect.arrayContaining([m.corrected.device, '更正 1', '现行', m.corrected.reason]));
        // the day's row: who checked and when (the first submission), the conclusion in force, the correction noted
        const fixed = rows.find((r) => r[1] === m.corrected.device && r.at(-1)!.startsWith('已更正'))!;
        expect(fixed.slice(6, 9)).toEqual(['逐项检查无异常（零风险）', '李四', '10:00']);
        expect(fixed.at(-1)).toContain(m.corrected.reason);
        // the header row repeats on every page, and the item marks are there
        expect(documentXml(f.bytes)).toContain('<w:tblHeader/>');
        expect(rows).toContainEqual(expect.arrayContaining(['层门与轿门', '√', '×']));
      },
    );

    it('Excel: a summary sheet and one sheet per day with the same facts', async () => {
      const f = await one({ ...range, format: 'xlsx' });
      expect(f.fileName.endsWith('.xlsx')).toBe(true);
      const wb = await openXlsx(f.bytes);
      const names = wb.worksheets.map((w) => w.name);
      expect(names[0]).toBe('汇总');
      expect(names).toContain('2026-12-04');
      expect(names.at(-1)).toBe('说明');
      expect(names).toHaveLength(1 + 14 + 1);

      const summary = sheetRows(wb.getWorksheet('汇总')!);
      expect(summary[0]![0]).toBe('每日电梯安全检查记录');
      // 1号楼1号客梯: 13 days due (12-10 停产), 12 done, 1 late, 1 missed
      expect(summary).toContainEqual([
        '1',
        '1号楼1号客梯',
        '31101201160001',
        '张三',
        '13',
        '12',
        '12',
        '0',
        '1',
        '1',
        '在用',
      ]);

      const d02 = sheetRows(wb.getWorksheet('2026-12-02')!);
      const late = d02.find((r) => r[1] === '1号楼1号客梯')!;
      expect(late.slice(5, 9)).toEqual(['在用', '全部正常（零风险报告）', '张三', '19:00']);
      expect(late[10]).toContain('逾期提交');
      const d04 = sheetRows(wb.getWorksheet('2026-12-04')!);
      expect(d04.find((r) => r[1] === '1号楼2号客梯')!.slice(6, 9)).toEqual(['未检查（缺失）', '张三（责任人）', '—']);
      const d10 = sheetRows(wb.getWorksheet(SUSPENDED_DAY)!);
      expect(d10.some((r) => r[0]!.includes('本日停产：年度设备停产检修'))).toBe(true);
    });

    it('Excel: A4 landscape fitted to the width, the header row frozen and repeated, columns sized', async () => {
      const wb = await openXlsx((await one({ ...range, to: '2026-12-01', format: 'xlsx' })).bytes);
      const ws = wb.getWorksheet('2026-12-01')!;
      expect(ws.pageSetup).toMatchObject({ paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1 });
      const view = ws.views[0] as { state: string; ySplit: number };
      expect(view.state).toBe('frozen');
      const header = sheetRows(ws)[view.ySplit - 1]!;
      expect(header.slice(0, 3)).toEqual(['序号', '设备名称', '设备代码']);
      expect(ws.pageSetup.printTitlesRow).toBe(`${view.ySplit}:${view.ySplit}`);
      // one column grid for the day's tables, every column sized
      const widths = ws.columns.map((c) => c.width ?? ws.properties.defaultColWidth ?? 0);
      expect(widths.every((w) => w > 0)).toBe(true);
      expect(widths.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(130);
      // a sheet with one table has exactly its columns: no merged cells to get in the way of sorting
      const summary = (await openXlsx((await one({ ...range, to: '2026-12-07', format: 'xlsx' })).bytes)).getWorksheet(
        '汇总',
      )!;
      expect(summary.columns.map((c) => c.width ?? summary.properties.defaultColWidth)).toEqual([
        5, 16, 16, 10, 8, 6, 7, 8, 8, 6, 9,
      ]);
    });

    it('Word: A4 landscape with margins and a page-numbered footer', async () => {
      const xml = documentXml((await one({ ...range, to: '2026-12-01', format: 'docx' })).bytes);
      expect(xml).toMatch(/<w:pgSz w:w="16838" w:h="11906" w:orient="landscape"\/>/);
      expect(xml).toMatch(/<w:pgMar w:top="1134" w:right="1134" w:bottom="1134" w:left="1418"/);
    });

    it('writes one file per category when none is given', async () => {
      const files = await exportReport(m.deps, { unitKey: UNIT, kind: 'daily', from: '2026-12-01', format: 'xlsx' });
      expect(files.map((f) => f.fileName)).toEqual([
        `每日锅炉安全检查记录_${UNIT_NAME}_2026-12-01.xlsx`,
        `每日电梯安全检查记录_${UNIT_NAME}_2026-12-01.xlsx`,
        `每日场(厂)内专用机动车辆安全检查记录_${UNIT_NAME}_2026-12-01.xlsx`,
      ]);
      const boiler = sheetRows((await openXlsx(files[0]!.bytes)).getWorksheet('2026-12-01')!);
      expect(boiler).toContainEqual(expect.arrayContaining(['燃气热水锅炉', '11101201160001', '赵敏', '08:45']));
    });
  });

  it('每周电梯安全排查治理报告: the director’s report, its numbers and a missing week', async () => {
    for (const format of ['docx', 'xlsx'] as const) {
      const f = await one({ kind: '周报', from: '2026-12-01', to: '2026-12-20', category: 'elevator', format });
      const { rows, text } = await read(f);
      expect(text).toContain('每周电梯安全排查治理报告');
      expect(rows).toContainEqual(expect.arrayContaining(['组织人（安全总监）', '李明']));
      // regulation.md §5.3: 参加人, and each hazard's rectification text
      expect(rows).toContainEqual(expect.arrayContaining(['参加人', '张三、李四']));
      expect(rows).toContainEqual(
        expect.arrayContaining(['层门与轿门：轿门关闭异响', '维保单位更换门刀，试运行正常（2026-12-04 16:00）']),
      );
      expect(rows).toContainEqual(expect.arrayContaining(['提交', '李明　2026-12-05 10:00']));
      expect(rows).toContainEqual(expect.arrayContaining(['本周安全管理情况评价', '本周发现严重隐患一起，已闭环']));
      expect(rows).toContainEqual(expect.arrayContaining(['下周工作重点', '加强门系统检查']));
      // W49 for the elevators, counted from the records: 6 days × 6 elevators, 张三's 3 missed, 3 late
      expect(rows).toContainEqual(['本类别（电梯）按记录统计', '36', '33', '91.7%', '32', '3', '3']);
      expect(rows).toContainEqual(expect.arrayContaining(['2号楼1号客梯', '层门与轿门：轿门关闭异响', '严重', '李四']));
      expect(rows).toContainEqual(expect.arrayContaining(['提交', '未提交（缺失）']));
      if (format === 'xlsx')
        expect((await openXlsx(f.bytes)).worksheets.map((w) => w.name)).toEqual([
          '2026-W49 李明',
          '2026-W50 李明',
          '2026-W51 李明',
          '说明',
        ]);
    }
  });

  it('每月电梯安全调度会议纪要: meeting, host, numbers, resolution with owner and deadline', async () => {
    for (const format of ['docx', 'xlsx'] as const) {
      const f = await one({ kind: '月报', from: '2026-12-01', to: '2026-12-31', category: '电梯', format });
      const { rows, text } = await read(f);
      expect(text).toContain('每月电梯安全调度会议纪要');
      expect(rows).toContainEqual(expect.arrayContaining(['会议地点', '三楼会议室']));
      // regulation.md §5.4: 会议时间 as a date and a time, 参会人员 by name, 记录人, and the two sections
      expect(rows).toContainEqual(expect.arrayContaining(['会议时间', '2026-12-28 15:00']));
      expect(rows).toContainEqual(expect.arrayContaining(['参会人员', '王建国、李明、张三（3 人）']));
      expect(rows).toContainEqual(expect.arrayContaining(['记录人', '李明']));
      expect(text).toContain('事故、故障、投诉、监管检查、定期检验情况');
      expect(rows).toContainEqual(
        expect.arrayContaining([
          '事故、故障、投诉、监管检查情况',
          '12月3日2号楼1号客梯轿门异响，已停梯更换门刀；无投诉',
        ]),
      );
      expect(rows).toContainEqual(['本月未登记定期检验']);
      expect(text).toContain('制度、人员、职责调整');
      // the 清单 the unit applied this month is a 制度调整 on record, whatever the minutes say
      expect(rows).toContainEqual([
        expect.stringMatching(/^2026-12-\d\d$/),
        '制度调整',
        '《电梯安全风险管控清单》第 1 版施行（22 项）',
        '—',
      ]);
      expect(rows).toContainEqual(expect.arrayContaining(['主持人（主要负责人）', '王建国']));
      expect(rows).toContainEqual(expect.arrayContaining(['纪要提交', '王建国　2026-12-28 10:00']));
      expect(rows).toContainEqual(['1', '补充2号楼电梯门刀备件', '李明', '2027-01-15', '落实中']);
      expect(rows).toContainEqual(expect.arrayContaining(['2026-W51', '李明', '未提交（缺失）']));
    }
  });

  it('隐患台账: the hazard with level, device, people, deadline, rectification and every step', async () => {
    for (const format of ['docx', 'xlsx'] as const) {
      const f = await one({ kind: '隐患', from: '2026-12-01', to: '2026-12-31', format });
      expect(f.fileName).toBe(`特种设备隐患排查治理台账_${UNIT_NAME}_2026-12-01_2026-12-31.${format}`);
      const { rows, text } = await read(f);
      expect(text).toContain('特种设备隐患排查治理台账');
      const ledger = rows.find((r) => r[0] === 'YH-2026-001' && r.length === 17)!;
      // regulation.md §5 隐患台账: 隐患来源, 判定依据 (the checklist item in force, its version and 管控标准),
      // 研判意见 and 整改资金 beside the hazard's own fields
      expect(ledger).toEqual([
        'YH-2026-001',
        '2026-12-03 09:05',
        '电梯·2号楼1号客梯\n31101201160004',
        '日管控',
        '层门与轿门：轿门关闭异响',
        expect.stringMatching(/^《电梯安全风险管控清单》第 1 版：层门与轿门（管控标准：.+）$/),
        '严重',
        '门刀磨损所致，停梯更换门刀',
        '已停梯并通知维保单位',
        '是',
        '李四',
        '李四',
        expect.stringContaining('2026-12-'),
        '维保单位更换门刀，试运行正常（2026-12-04 16:00）',
        '1200 元',
        '李明 2026-12-05 09:30',
        '已核实闭环',
      ]);
      const steps = rows.filter((r) => r[0] === 'YH-2026-001' && r.length === 7).map((r) => [r[1], r[2], r[3]]);
      expect(steps).toEqual([
        ['2026-12-03 09:05', '日管控发现并上报', '李四'],
        ['2026-12-03 10:30', '安全总监确认研判', '李明'],
        ['2026-12-04 16:00', '提交整改', '李四'],
        ['2026-12-05 09:30', '核实通过，闭环', '李明'],
      ]);
    }
  });

  it('履职记录: appointments, certificates, training, advice and its answer, task completion per person', async () => {
    for (const format of ['docx', 'xlsx'] as const) {
      const f = await one({ kind: '履职', from: '2026-12-01', to: '2026-12-31', format });
      const { rows, text } = await read(f);
      expect(text).toContain('特种设备安全管理人员履职记录');
      expect(rows).toContainEqual([
        '王建国',
        '138****0001',
        '主要负责人',
        '全部类别',
        '2025-01-01',
        '至今',
        '总经理，依令74任主要负责人',
      ]);
      expect(rows).toContainEqual(expect.arrayContaining(['张三', '安全员', '电梯']));
      expect(rows).toContainEqual(expect.arrayContaining(['李明', '特种设备安全管理人员证（A）', 'TJA2023000123']));
      expect(rows).toContainEqual(expect.arrayContaining(['2025-03-20', '张三', '电梯日管控检查要点', '合格', '李明']));
      expect(rows).toContainEqual(
        expect.arrayContaining([
          '2026-12-08 11:00',
          '张三',
          '建议为1号楼货梯加装轿厢监控',
          '王建国',
          '采纳',
          '王建国 2026-12-09 09:00',
        ]),
      );
      // 张三: 31 days × 3 devices, one day suspended; 3 late (12-02), 3 missed (12-04)
      expect(rows).toContainEqual(['张三', '日管控检查', '90', '84', '3', '3', '0']);
      if (format === 'xlsx')
        expect((await openXlsx(f.bytes)).worksheets.map((w) => w.name)).toEqual([
          '设立与调整',
          '持证情况',
          '培训与考核',
          '意见建议',
          '履职统计',
          '说明',
        ]);
    }
  });

  it('电梯安全风险管控清单: the version in force with items, frequency, who is responsible, devices', async () => {
    for (const format of ['docx', 'xlsx'] as const) {
      const f = await one({ kind: '清单', from: '2026-12-31', category: '电梯', format });
      expect(f.fileName).toBe(`电梯安全风险管控清单_${UNIT_NAME}_2026-12-31.${format}`);
      const { rows, text } = await read(f);
      expect(text).toContain('电梯安全风险管控清单');
      expect(text).toContain('第 1 版，自 2026-12-01 起施行');
      expect(rows).toContainEqual(
        expect.arrayContaining(['2', '管理', '使用标志', '每日', '安全员（张三、李四）', '是']),
      );
      expect(rows).toContainEqual(expect.arrayContaining(['维保记录与质量监督', '每周', '安全总监（李明）']));
      expect(rows).toContainEqual(
        expect.arrayContaining([
          '1号楼3号货梯',
          '31101201160003',
          '梯11津BH0003(25)',
          '1号楼北侧',
          '临时停用',
          '张三',
          '2027-03-31',
        ]),
      );
    }
  });
});
