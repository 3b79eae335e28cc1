/**
 * Importing the equipment ledger and the people list from Excel or CSV: every bad row reported as
 * “第 N 行 列名：问题” in one pass (the file's problems and the database's together), nothing
 * imported unless all rows are valid, re-imports update and keep history, files beyond the limits
 * refused (zip bombs too), rows read in a stream.
 */
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CsvRows, parseCsv, readRows, readTable, writeTemplate } from '../../src/adapters/ledger/read-table.js';
import { EQUIPMENT_COLUMNS } from '../../src/domain/ledger/columns.js';
import { equipmentParser, parseEquipmentTable, parsePeopleTable } from '../../src/domain/ledger/parse-ledger.js';
import { PROVIDERS } from '../helpers/databases.js';
import { demoEngine, type TestEngine } from '../helpers/engine.js';
import { tmpDir } from '../helpers/tmp.js';

const HEAD = '设备类别,设备代码,使用登记证编号,设备名称,使用地点,状态,负责安全员,下次检验日期';
const dir = tmpDir('import');
const csv = (name: string, text: string) => {
  const f = path.join(dir, name);
  fs.writeFileSync(f, text);
  return f;
};
const problemsOf = async (file: string) => {
  const p = parseEquipmentTable(await readTable(file));
  return p.ok ? [] : p.problems;
};

describe('bad ledger files say what is wrong, row by row', () => {
  it.each([
    [
      'wrong headers',
      '类别名,代码\n电梯,1\n',
      '第 1 行（表头）：缺少列 设备类别、设备代码、设备名称、负责安全员；请使用 safeduty import template 生成的模板',
    ],
    ['unknown category', `${HEAD}\n火箭,31100000000001,,A,,在用,张三,\n`, '第 2 行 设备类别：“火箭”不是特种设备类别'],
    [
      'duplicate codes',
      `${HEAD}\n电梯,31100000000001,,A,,在用,张三,\n电梯,31100000000001,,B,,在用,张三,\n`,
      '第 3 行 设备代码：31100000000001 与第 2 行重复',
    ],
    [
      'bad date',
      `${HEAD}\n电梯,31100000000001,,A,,在用,张三,2027-02-30\n`,
      '第 2 行 下次检验日期：“2027-02-30”不是日期',
    ],
    ['unknown status', `${HEAD}\n电梯,31100000000001,,A,,坏了,张三,\n`, '第 2 行 状态：“坏了”无法识别'],
    ['missing officer', `${HEAD}\n电梯,31100000000001,,A,,在用,,\n`, '第 2 行 负责安全员：不能为空'],
    ['empty file', '', '文件是空的'],
    ['headers only', `${HEAD}\n`, '文件中没有数据行'],
  ])('%s', async (_name, text, expected) => {
    const problems = await problemsOf(csv(`${_name}.csv`, text));
    expect(problems.some((p) => p.startsWith(expected))).toBe(true);
  });

  it('refuses a file that is not a spreadsheet', async () => {
    await expect(readTable(csv('fake.xlsx', 'not a zip'))).rejects.toThrow(/不是有效的 Excel/);
    await expect(readTable(csv('ledger.pdf', '%PDF'))).rejects.toThrow(/请使用 Excel（.xlsx）或 CSV 文件/);
  });

  it('reads quoted CSV with a BOM and Excel dates and numbers', async () => {
    const t = await readTable(csv('bom.csv', `\uFEFF${HEAD}\n电梯,"31100000000001",,"A, 东侧",,在用,张三,2027/3/31\n`));
    const p = parseEquipmentTable(t);
    expect(p.ok && p.rows[0]).toMatchObject({ name: 'A, 东侧', nextInspection: '2027-03-31' });
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('台账');
    ws.addRow(HEAD.split(','));
    ws.addRow(['电梯', 31101201160099, '', 'B', '', '在用', '张三', new Date(Date.UTC(2027, 2, 31))]);
    const f = path.join(dir, 'dates.xlsx');
    await wb.xlsx.writeFile(f);
    const q = parseEquipmentTable(await readTable(f));
    expect(q.ok && q.rows[0]).toMatchObject({ code: '31101201160099', nextInspection: '2027-03-31' });
  });

  it('writes a template that imports as it is', async () => {
    const f = path.join(dir, 'template.xlsx');
    await writeTemplate(f, EQUIPMENT_COLUMNS, '特种设备台账');
    expect((await readTable(f))[0]).toEqual(EQUIPMENT_COLUMNS.map((c) => c.header));
    expect(parseEquipmentTable(await readTable(f)).ok).toBe(true);
  });
});

describe.each(PROVIDERS)('importing into the demo unit (%s)', (provider) => {
  let e: TestEngine;
  beforeAll(async () => {
    e = await demoEngine({ start: '2026-12-01T00:00:00Z', provider });
  });
  afterAll(async () => e?.close());

  const rows = async (text: string) => {
    const p = parseEquipmentTable(await readTable(csv(`r${Math.random()}.csv`, text)));
    if (!p.ok) throw new Error(p.problems.join('\n'));
    return p.rows;
  };

  it('refuses an officer who is not in the unit and imports nothing', async () => {
    const r = await e.store.importEquipment(
      'wanjia-property',
      await rows(`${HEAD}\n电梯,31100000000001,,A,,在用,张三,\n电梯,31100000000002,,B,,在用,孙悟空,\n`),
      e.clock.now(),
      false,
    );
    expect(r.ok).toBe(false);
    expect(r.problems).toEqual([
      '第 3 行 负责安全员：“孙悟空”不是本单位负责该类设备的安全员，请先导入人员名单或检查姓名',
    ]);
    expect(await e.store.db.equipment.count()).toBe(9);
  });

  it('does nothing on a dry run, then imports, then a re-import updates and keeps history', async () => {
    const first = await rows(`${HEAD}\n电梯,31100000000001,,3号楼客梯,3号楼,在用,张三,2027-03-31\n`);
    expect(await e.store.importEquipment('wanjia-property', first, e.clock.now(), true)).toMatchObject({
      ok: true,
      created: 1,
    });
    expect(await e.store.db.equipment.count()).toBe(9);
    expect(await e.store.importEquipment('wanjia-property', first, e.clock.now(), false)).toMatchObject({
      ok: true,
      created: 1,
    });
    expect(await e.store.importEquipment('wanjia-property', first, e.clock.now(), false)).toMatchObject({
      ok: true,
      unchanged: 1,
    });
    const second = await rows(`${HEAD}\n电梯,31100000000001,,3号楼客梯,3号楼,临时停用,13800000004,2027-03-31\n`);
    const r = await e.store.importEquipment('wanjia-property', second, new Date('2026-12-02T00:00:00Z'), false);
    expect(r.changes).toEqual(['更新 31100000000001 3号楼客梯：状态 在用 → 临时停用、负责安全员']);
    const h = await e.store.equipmentHistory('31100000000001');
    expect(h.map((x) => [x.field, x.actor])).toEqual([
      ['status', '台账导入'],
      ['officer', '台账导入'],
      ['status', '台账导入'],
      ['officer', '台账导入'],
    ]);
  });

  it('imports a ledger of more rows than one batch, each device with its history', async () => {
    const body = Array.from(
      { length: 1200 },
      (_, i) => `电梯,3120000${String(i).padStart(7, '0')},,${i}号梯,,在用,${i % 2 ? '张三' : '李四'},`,
    ).join('\n');
    const r = await e.store.importEquipment(
      'wanjia-property',
      await rows(`${HEAD}\n${body}\n`),
      new Date('2026-12-02T00:00:00Z'),
      false,
    );
    expect(r).toMatchObject({ ok: true, created: 1200 });
    const mine = await e.store.db.equipment.findMany({
      where: { code: { startsWith: '3120000' } },
      include: { changes: true, officer: true },
    });
    expect(mine).toHaveLength(1200);
    expect(
      mine.every(
        (d) => d.changes.length === 2 && d.changes.some((c) => c.field === 'officer' && c.toValue === d.officerId),
      ),
    ).toBe(true);
    expect(mine.find((d) => d.code === '31200000000001')).toMatchObject({
      name: '1号梯',
      officer: { name: '张三' },
      createdAt: new Date('2026-12-02T00:00:00Z'),
    });
  });

  it('imports people by mobile, appointing and adjusting roles with history', async () => {
    const p = parsePeopleTable([
      ['姓名', '手机号', '角色', '负责类别', '证书类别', '证书编号', '证书有效期'],
      ['王五', '13800000009', '安全员', '电梯', '特种设备安全管理人员证（A）', 'A-9', '2030-06-30'],
      ['李四', '13800000004', '安全员', '电梯、锅炉', '', '', ''],
    ]);
    expect(p.ok).toBe(true);
    if (!p.ok) return;
    const r = await e.store.importPeople('wanjia-property', p.rows, new Date('2026-12-03T00:00:00Z'), false);
    expect(r).toMatchObject({ ok: true, created: 1, updated: 1 });
    const lisi = (await e.store.roleHistory('wanjia-property')).filter((x) => x.personName === '李四');
    expect(lisi.map((x) => [x.categories, x.endAt === null])).toEqual([
      [['elevator'], false],
      [['elevator', 'boiler'], true],
    ]);
  });
});

describe.each(PROVIDERS)('every bad row in one pass, the file and the database together (%s)', (provider) => {
  let e: TestEngine;
  beforeAll(async () => {
    e = await demoEngine({ start: '2026-12-01T00:00:00Z', provider });
  });
  afterAll(async () => e?.close());

  it('an unknown officer is reported with the other bad rows, not after they are fixed', async () => {
    const parser = equipmentParser();
    await readRows(
      csv(
        'three-bad.csv',
        `${HEAD}\n电梯,31100000000011,,A,,坏了,张三,\n电梯,31100000000012,,B,,在用,孙悟空,\n电梯,31100000000011,,C,,在用,` +
          `张三,\n火箭,31100000000013,,D,,在用,猪八戒,\n电梯,31101201160001,,E,,在用,张三,\n`,
      ),
      (cells, line) => parser.push(cells, line),
    );
    const parsed = parser.finish();
    const r = await e.store.importEquipment('wanjia-property', parsed.rows, e.clock.now(), false, {
      issues: parsed.issues,
      refs: parsed.refs,
    });
    expect(r.ok).toBe(false);
    expect(r.problems).toEqual([
      '第 2 行 状态：“坏了”无法识别，可选：在用、临时停用、停用、报废',
      '第 3 行 负责安全员：“孙悟空”不是本单位负责该类设备的安全员，请先导入人员名单或检查姓名',
      '第 4 行 设备代码：31100000000011 与第 2 行重复',
      expect.stringMatching(/^第 5 行 设备类别：“火箭”不是特种设备类别/),
      '第 5 行 负责安全员：“猪八戒”不是本单位负责该类设备的安全员，请先导入人员名单或检查姓名',
    ]);
    expect(await e.store.db.equipment.count()).toBe(9);
  });

  it('a code registered in another unit is reported for that row, with the rest', async () => {
    const other = await e.store.db.unit.create({
      data: { key: 'other-unit', name: '别的单位', creditCode: '91120000000000000X', kind: 'user' },
    });
    const officer = await e.store.db.equipment.findFirstOrThrow();
    await e.store.db.equipment.create({
      data: {
        unitId: other.id,
        code: '31100000000099',
        category: 'elevator',
        name: '别人的梯',
        status: 'in_use',
        officerId: officer.officerId,
      },
    });
    const p = parseEquipmentTable(
      parseCsv(`${HEAD}\n电梯,31100000000099,,A,,在用,张三,\n电梯,31100000000098,,B,,在用,张三,2027-13-01\n`),
    );
    const r = await e.store.importEquipment('wanjia-property', p.rows, e.clock.now(), true, {
      issues: p.issues,
      refs: p.refs,
    });
    expect(r.problems).toEqual([
      '第 2 行 设备代码：31100000000099 已登记在另一单位',
      '第 3 行 下次检验日期：“2027-13-01”不是日期，应为 2027-03-31',
    ]);
  });
});

describe('size limits and streaming', () => {
  const small = { maxFileBytes: 4096, maxXlsxInflatedBytes: 1024 * 1024, maxRows: 5 };

  it('refuses a file beyond the size limit before reading it, and says what to do', async () => {
    const f = csv('big.csv', `${HEAD}\n${'电梯,31100000000001,,A,,在用,张三,\n'.repeat(200)}`);
    let rows = 0;
    await expect(readRows(f, () => rows++, small)).rejects.toThrow(
      /^big.csv 有 \d+ KB，超过导入上限 4 KB：请按单位或设备类别拆成几个文件分别导入$/,
    );
    expect(rows).toBe(0);
  });

  it('refuses more rows than the limit', async () => {
    const f = csv('rows.csv', `${HEAD}\n${'电梯,31100000000001,,A,,在用,张三,\n'.repeat(6)}`);
    await expect(readRows(f, () => {}, small)).rejects.toThrow('超过 5 行数据，超过导入上限');
    await expect(readRows(f, () => {}, { ...small, maxRows: 6 })).resolves.toBeUndefined();
  });

  const bombXlsx = async (name: string) => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('台账');
    ws.addRow(HEAD.split(','));
    ws.addRow(['电梯', '31100000000001', '', 'x'.repeat(3 * 1024 * 1024), '', '在用', '张三', '']);
    const f = path.join(dir, name);
    await wb.xlsx.writeFile(f);
    return f;
  };

  it('refuses an xlsx whose content is beyond the limit once uncompressed (a zip bomb)', async () => {
    const f = await bombXlsx('bomb.xlsx');
    expect(fs.statSync(f).size).toBeLessThan(64 * 1024);
    await expect(readRows(f, () => {}, { ...small, maxFileBytes: 1024 * 1024 })).rejects.toThrow(
      /解压后超过 1 MB，超过导入上限/,
    );
  });

  it('also when the zip lies about its sizes', async () => {
    const f = await bombXlsx('liar.xlsx');
    const buf = fs.readFileSync(f);
    // Every central directory entry declares 10 bytes uncompressed.
    for (
      let i = buf.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
      i >= 0;
      i = buf.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]), i + 4)
    )
      buf.writeUInt32LE(10, i + 24);
    fs.writeFileSync(f, buf);
    await expect(readRows(f, () => {}, { ...small, maxFileBytes: 1024 * 1024 })).rejects.toThrow(/解压后超过 1 MB/);
  });

  it('parses CSV the same whichever way the bytes are split', () => {
    const text =
      `\uFEFF${HEAD}\r\n电梯,"31100000000001",,"A, ""东"" 侧\n第二行",,在用,张三,\r\n锅炉,31100000000002,,B,,在用,` +
      `赵敏,2027/3/31`;
    const whole = parseCsv(text);
    expect(whole).toHaveLength(3);
    expect(whole[1]![3]).toBe('A, "东" 侧\n第二行');
    for (const size of [1, 2, 3, 7]) {
      const rows: string[][] = [];
      const reader = new CsvRows((r) => rows.push(r));
      for (let i = 0; i < text.length; i += size) reader.push(text.slice(i, i + size));
      reader.end();
      expect(rows).toEqual(whole);
    }
  });

  it('streams the rows of an xlsx with their line numbers', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('台账');
    ws.addRow(HEAD.split(','));
    for (let i = 0; i < 300; i++)
      ws.addRow([
        '电梯',
        `311000000${String(i).padStart(5, '0')}`,
        '',
        `梯${i}`,
        '',
        '在用',
        '张三',
        new Date(Date.UTC(2027, 2, 31)),
      ]);
    const f = path.join(dir, 'many.xlsx');
    await wb.xlsx.writeFile(f);
    const parser = equipmentParser();
    let last = 0;
    await readRows(f, (cells, line) => {
      last = line;
      parser.push(cells, line);
    });
    expect(last).toBe(301);
    const p = parser.finish();
    expect(p.ok).toBe(true);
    expect(p.rows.at(-1)).toMatchObject({ line: 301, code: '31100000000299', nextInspection: '2027-03-31' });
  });
});
