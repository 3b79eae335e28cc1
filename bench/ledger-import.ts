/**
 * `npm run bench` (third part): importing a 60,000-row equipment ledger, as `safeduty import` does
 * it (readRows → the row parser → store.importEquipment), from CSV and from .xlsx, dry run and real
 * import, on SQLite; and how fast and how small the refusals of a zip bomb and of a 50 MB CSV are.
 * Each case runs in its own child process on its own fresh database, so its peak RSS is its own.
 * A benchmark, not a test: prints a table, exits 0 (1 when a case could not run). BENCH_LEDGER_ROWS
 * changes the row count; BENCH_LEDGER_CASES (comma-separated case names) runs only those cases.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import ExcelJS from 'exceljs';
import { readRows } from '../src/adapters/ledger/read-table.js';
import { migrateDatabase } from '../src/adapters/store/migrations.js';
import { PrismaStore } from '../src/adapters/store/prisma-store.js';
import { AppError } from '../src/app/app-error.js';
import { loadConfig } from '../src/config/load-config.js';
import { equipmentParser } from '../src/domain/ledger/parse-ledger.js';
import { measure, type StepResult } from './measure.js';

const ROWS = Number(process.env.BENCH_LEDGER_ROWS ?? 60_000);
const HEAD = ['设备类别', '设备代码', '使用登记证编号', '设备名称', '使用地点', '状态', '负责安全员', '下次检验日期'];

function row(i: number): string[] {
  const elevator = i % 3 !== 0;
  return [
    elevator ? '电梯' : '锅炉',
    `31${String(i).padStart(12, '0')}`,
    `梯11津BH${i}(26)`,
    `${Math.floor(i / 20) + 1}号楼${(i % 20) + 1}号${elevator ? '客梯' : '锅炉'}`,
    `${Math.floor(i / 20) + 1}号楼`,
    '在用',
    elevator ? (i % 2 ? '张三' : '李四') : '赵敏',
    '2027-03-31',
  ];
}

function writeCsv(file: string, rows: number, extra: string[][] = []): void {
  const fd = fs.openSync(file, 'w');
  fs.writeSync(fd, `${HEAD.join(',')}\n`);
  let buf = '';
  for (let i = 0; i < rows; i++) {
    buf += `${row(i).join(',')}\n`;
    if (buf.length > 1 << 20) {
      fs.writeSync(fd, buf);
      buf = '';
    }
  }
  for (const r of extra) buf += `${r.join(',')}\n`;
  fs.writeSync(fd, buf);
  fs.closeSync(fd);
}

async function writeXlsx(file: string, rows: number): Promise<void> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: true });
  const ws = wb.addWorksheet('特种设备台账');
  ws.addRow(HEAD).commit();
  for (let i = 0; i < rows; i++) ws.addRow(row(i)).commit();
  ws.commit();
  await wb.commit();
}

/**
 * An .xlsx-shaped zip whose one sheet inflates to 1 GB of spaces (about 1 MB on disk). The deflate stream is one
 * MB's compressed blocks (ended by a full flush: byte-aligned, no back-reference across them) 1,024 times, then an
 * empty final block: it inflates to the same 1 GB as compressing the whole, without holding 1 GB in memory or
 * compressing it (seconds of CPU each time).
 */
function writeZipBomb(file: string): void {
  const chunk = Buffer.alloc(1024 * 1024, 0x20);
  const times = 1024;
  const size = chunk.length * times;
  const block = zlib.deflateRawSync(chunk, { level: 9, finishFlush: zlib.constants.Z_FULL_FLUSH });
  const deflate = Buffer.concat([...Array.from({ length: times }, () => block), Buffer.from([0x03, 0x00])]);
  let crc = 0;
  for (let i = 0; i < times; i++) crc = zlib.crc32(chunk, crc);
  const name = Buffer.from('xl/worksheets/sheet1.xml');
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt16LE(8, 8);
  local.writeUInt32LE(crc, 14);
  local.writeUInt32LE(deflate.length, 18);
  local.writeUInt32LE(size, 22);
  local.writeUInt16LE(name.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(20, 6);
  central.writeUInt16LE(8, 10);
  central.writeUInt32LE(crc, 16);
  central.writeUInt32LE(deflate.length, 20);
  central.writeUInt32LE(size, 24);
  central.writeUInt16LE(name.length, 28);
  central.writeUInt32LE(0, 42);
  const cdOffset = local.length + name.length + deflate.length;
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(central.length + name.length, 12);
  end.writeUInt32LE(cdOffset, 16);
  fs.writeFileSync(file, Buffer.concat([local, name, deflate, central, name, end]));
}

// ---------------------------------------------------------------- one case, in its own process

interface CaseOut {
  /** RSS when the case's database is open and ready, before the first step */
  baseMb: number;
  steps: StepResult[];
}

async function runCase(kind: string, file: string, dir: string): Promise<CaseOut> {
  const url = `file:${path.join(dir, `${kind}.db`)}`;
  await migrateDatabase(url);
  const store = await PrismaStore.open(url);
  const demo = loadConfig({ dir: 'config/demo', env: {} });
  await store.applyUnits(demo.units, new Date('2026-12-01T00:00:00Z'));
  const at = new Date('2026-12-01T02:00:00Z');
  const importOnce = async (dry: boolean) => {
    const parser = equipmentParser();
    try {
      await readRows(file, (cells, line) => parser.push(cells, line));
    } catch (e) {
      if (e instanceof AppError) return { work: `refused: ${e.message.slice(0, 60)}…` };
      throw e;
    }
    const parsed = parser.finish();
    const r = await store.importEquipment('wanjia-property', parsed.rows, at, dry, {
      issues: parsed.issues,
      refs: parsed.refs,
    });
    const rows = parsed.rows.length + parsed.issues.length;
    return {
      work: r.ok
        ? `${parsed.rows.length.toLocaleString('en')} rows: ${r.created} new, ${r.updated} updated, ${r.unchanged} unchanged`
        : `${r.problems.length} problems reported`,
      count: rows,
    };
  };
  const steps: StepResult[] = [];
  global.gc?.();
  const baseMb = Math.round(process.memoryUsage.rss() / 1024 / 1024);
  try {
    if (kind.endsWith('-dry') || kind.includes('(a tenth)'))
      steps.push(
        await measure(
          `${path.extname(file).slice(1)} dry run${kind.includes('tenth') ? ` (${(ROWS / 10).toLocaleString('en')} rows)` : ''}`,
          () => importOnce(true),
        ),
      );
    else if (kind.endsWith('import')) {
      steps.push(await measure(`${path.extname(file).slice(1)} import`, () => importOnce(false)));
      steps.push(await measure(`${path.extname(file).slice(1)} re-import (unchanged)`, () => importOnce(false)));
    } else steps.push(await measure(kind, () => importOnce(true)));
  } finally {
    await store.close();
  }
  return { baseMb, steps };
}

// ---------------------------------------------------------------- the table

async function main(): Promise<void> {
  const arg = process.argv.indexOf('--case');
  if (arg > 0) {
    const [kind, file, dir] = process.argv.slice(arg + 1);
    process.stdout.write(`${JSON.stringify(await runCase(kind!, file!, dir!))}\n`);
    return;
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'safeduty-ledger-'));
  try {
    const csv = path.join(dir, 'ledger.csv');
    const xlsx = path.join(dir, 'ledger.xlsx');
    const smallCsv = path.join(dir, 'small.csv');
    const smallXlsx = path.join(dir, 'small.xlsx');
    writeCsv(smallCsv, ROWS / 10);
    await writeXlsx(smallXlsx, ROWS / 10);
    const bad = path.join(dir, 'bad.csv');
    const bomb = path.join(dir, 'bomb.xlsx');
    const big = path.join(dir, 'big.csv');
    writeCsv(csv, ROWS);
    await writeXlsx(xlsx, ROWS);
    // Three bad rows at the end: an unknown status, an unknown officer, a duplicate code.
    writeCsv(bad, ROWS, [
      ['电梯', '31999999999991', '', 'X', '', '坏了', '张三', ''],
      ['电梯', '31999999999992', '', 'Y', '', '在用', '孙悟空', ''],
      ['电梯', '31000000000001', '', 'Z', '', '在用', '张三', ''],
    ]);
    const cases: [string, string][] = [
      ['csv-dry (a tenth)', smallCsv],
      ['xlsx-dry (a tenth)', smallXlsx],
      ['csv-dry', csv],
      ['csv-import', csv],
      ['xlsx-dry', xlsx],
      ['xlsx-import', xlsx],
      ['3 bad rows, dry run', bad],
      ['zip bomb (1 GB inflated) refused', bomb],
      ['50 MB CSV refused', big],
    ];
    const only = process.env.BENCH_LEDGER_CASES?.split(',');
    const run = only ? cases.filter(([kind]) => only.includes(kind)) : cases;
    writeZipBomb(bomb);
    // 50 MB written only when its case runs (the smoke test's toy run does not).
    if (run.some(([, f]) => f === big)) writeCsv(big, Math.ceil((50 * 1024 * 1024) / 85));
    const size = (f: string) => `${(fs.statSync(f).size / 1024 / 1024).toFixed(1)} MB`;
    console.log(
      `\n## Ledger import: ${ROWS.toLocaleString('en')} rows (CSV ${size(csv)}, xlsx ${size(xlsx)}; bomb ${size(bomb)} on disk), SQLite\n`,
    );
    console.log('| Case | Wall (ms) | Rows/s | Work | RSS before (MB) | Peak RSS in step (MB) | Peak − before (MB) |');
    console.log('|---|---:|---:|---|---:|---:|---:|');
    const tsx = path.resolve('node_modules/tsx/dist/cli.mjs');
    for (const [kind, file] of run) {
      // The node flags of `npm start` (its heap limit), as the CLI would run in the image.
      const child = spawnSync(process.execPath, [tsx, 'bench/ledger-import.ts', '--case', kind, file, dir], {
        encoding: 'utf8',
        maxBuffer: 1 << 24,
        env: {
          ...process.env,
          NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --max-old-space-size=512 --expose-gc`.trim(),
        },
      });
      const line = child.stdout.trim().split('\n').at(-1) ?? '';
      if (child.status !== 0 || !line.startsWith('{')) {
        console.log(
          `| ${kind} | failed | | ${(child.stderr || child.stdout).split('\n').slice(0, 3).join(' ')} | | | |`,
        );
        process.exitCode = 1;
        continue;
      }
      const out = JSON.parse(line) as CaseOut;
      for (const s of out.steps) {
        console.log(
          `| ${s.name} | ${s.ms.toLocaleString('en')} | ${s.perSecond?.toLocaleString('en') ?? ''} | ${s.work} | ${out.baseMb} | ${s.rssPeakMb} | ${Math.round(s.rssPeakMb - out.baseMb)} |`,
        );
      }
    }
    console.log(
      `\nMachine: ${os.cpus().length} cores (${os.cpus()[0]?.model.trim()}), Node ${process.version}, load average ${os.loadavg()[0]!.toFixed(1)}.`,
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

await main();
