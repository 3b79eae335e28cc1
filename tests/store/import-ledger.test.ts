/**
 * Importing the equipment ledger and the people list from Excel or CSV: every bad row reported as
 * “第 N 行 列名：问题”, nothing imported unless all rows are valid, re-imports update and keep history.
 */
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readTable, writeTemplate } from '../../src/adapters/ledger/read-table.js';
import { EQUIPMENT_COLUMNS } from '../../src/domain/ledger/columns.js';
import { parseEquipmentTable, parsePeopleTable } from '../../src/domain/ledger/parse-ledger.js';
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
    ['wrong headers', '类别名,代码\n电梯,1\n', '第 1 行（表头）：缺少列 设备类别、设备代码、设备名称、负责安全员；请使用 safeduty import template 生成的模板'],
    ['unknown category', `${HEAD}\n火箭,31100000000001,,A,,在用,张三,\n`, '第 2 行 设备类别：“火箭”不是特种设备类别'],
    ['duplicate codes', `${HEAD}\n电梯,31100000000001,,A,,在用,张三,\n电梯,31100000000001,,B,,在用,张三,\n`, '第 3 行 设备代码：31100000000001 与第 2 行重复'],
    ['bad date', `${HEAD}\n电梯,31100000000001,,A,,在用,张三,2027-02-30\n`, '第 2 行 下次检验日期：“2027-02-30”不是日期'],
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

describe('importing into the demo unit', () => {
  let e: TestEngine;
  beforeAll(async () => {
    e = await demoEngine({ start: '2026-12-01T00:00:00Z' });
  });
  afterAll(async () => e?.close());

  const rows = async (text: string) => {
    const p = parseEquipmentTable(await readTable(csv(`r${Math.random()}.csv`, text)));
    if (!p.ok) throw new Error(p.problems.join('\n'));
    return p.rows;
  };

  it('refuses an officer who is not in the unit and imports nothing', async () => {
    const r = await e.store.importEquipment('wanjia-property', await rows(`${HEAD}\n电梯,31100000000001,,A,,在用,张三,\n电梯,31100000000002,,B,,在用,孙悟空,\n`), e.clock.now(), false);
    expect(r.ok).toBe(false);
    expect(r.problems).toEqual(['第 3 行 负责安全员：“孙悟空”不是本单位负责该类设备的安全员，请先导入人员名单或检查姓名']);
    expect(await e.store.db.equipment.count()).toBe(9);
  });

  it('does nothing on a dry run, then imports, then a re-import updates and keeps history', async () => {
    const first = await rows(`${HEAD}\n电梯,31100000000001,,3号楼客梯,3号楼,在用,张三,2027-03-31\n`);
    expect(await e.store.importEquipment('wanjia-property', first, e.clock.now(), true)).toMatchObject({ ok: true, created: 1 });
    expect(await e.store.db.equipment.count()).toBe(9);
    expect(await e.store.importEquipment('wanjia-property', first, e.clock.now(), false)).toMatchObject({ ok: true, created: 1 });
    expect(await e.store.importEquipment('wanjia-property', first, e.clock.now(), false)).toMatchObject({ ok: true, unchanged: 1 });
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
