/**
 * Reads a ledger file row by row, in a stream: Excel (.xlsx, first sheet) through exceljs's streaming
 * WorkbookReader, or CSV (UTF-8, with or without BOM; quoted fields, also across lines) parsed as
 * the bytes arrive. Memory stays flat whatever the file's length: only the current row is held.
 * Files beyond LEDGER_LIMITS (domain/ledger/limits.ts) are refused before they are read: the file's
 * size, an .xlsx's uncompressed content (zip bombs, zip-limit.ts) and the number of rows. Anything
 * else is refused with what to do.
 */
import fs from 'node:fs';
import path from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import ExcelJS from 'exceljs';
import { AppError } from '../../app/app-error.js';
import { LEDGER_LIMITS, type LedgerLimits } from '../../domain/ledger/limits.js';
import { assertInflatedWithin, ZipTooLarge } from './zip-limit.js';

/** Called for each row with its cells as text and its line number (1 = the header). */
export type RowSink = (cells: string[], line: number) => void;

const mb = (bytes: number) =>
  bytes >= 1024 * 1024 ? `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB` : `${Math.ceil(bytes / 1024)} KB`;

/** Streams the rows of `file` into `sink`; resolves when the file is read. */
export async function readRows(file: string, sink: RowSink, limits: LedgerLimits = LEDGER_LIMITS): Promise<void> {
  const name = path.basename(file);
  if (!fs.existsSync(file)) throw new AppError('NOT_FOUND', `找不到文件 ${file}`);
  const ext = path.extname(file).toLowerCase();
  if (ext !== '.csv' && ext !== '.xlsx')
    throw new AppError('USAGE', `无法读取 ${name}：请使用 Excel（.xlsx）或 CSV 文件`);
  const size = fs.statSync(file).size;
  if (size > limits.maxFileBytes) {
    throw new AppError(
      'USAGE',
      `${name} 有 ${mb(size)}，超过导入上限 ${mb(limits.maxFileBytes)}：请按单位或设备类别拆成几个文件分别导入`,
    );
  }
  const limited: RowSink = (cells, line) => {
    if (line - 1 > limits.maxRows) {
      throw new AppError(
        'USAGE',
        `${name} 超过 ${limits.maxRows} 行数据，超过导入上限：请按单位或设备类别拆成几个文件分别导入`,
      );
    }
    sink(cells, line);
  };
  if (ext === '.csv') return readCsv(file, limited);
  await readXlsx(file, name, limited, limits);
}

/** The whole table in memory: for templates and small files in tests; imports use readRows. */
export async function readTable(file: string, limits: LedgerLimits = LEDGER_LIMITS): Promise<string[][]> {
  const rows: string[][] = [];
  await readRows(file, (cells, line) => (rows[line - 1] = cells), limits);
  return Array.from(rows, (r) => r ?? []);
}

async function readXlsx(file: string, name: string, sink: RowSink, limits: LedgerLimits): Promise<void> {
  const notExcel = () =>
    new AppError('USAGE', `无法读取 ${name}：它不是有效的 Excel（.xlsx）文件，请用 Excel 或 WPS 另存为 .xlsx 后重试`);
  try {
    await assertInflatedWithin(file, limits.maxXlsxInflatedBytes);
  } catch (e) {
    if (e instanceof ZipTooLarge) {
      throw new AppError(
        'USAGE',
        `${name} 解压后超过 ${mb(limits.maxXlsxInflatedBytes)}，超过导入上限（可能不是正常的台账文件）：请检查文件，或另存为 CSV、拆成几个文件分别导入`,
      );
    }
    throw notExcel();
  }
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    entries: 'ignore',
  });
  try {
    for await (const sheet of reader) {
      for await (const row of sheet as AsyncIterable<ExcelJS.Row>) {
        const cells: string[] = [];
        for (let c = 1; c <= row.cellCount; c++) cells.push(cellText(row.getCell(c).value));
        sink(cells, row.number);
      }
      break; // the first sheet only
    }
  } catch (e) {
    if (e instanceof AppError) throw e;
    throw notExcel();
  }
}

function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map((t) => t.text).join('');
    if ('result' in v) return cellText(v.result as ExcelJS.CellValue);
    if ('text' in v) return String(v.text);
    return '';
  }
  return String(v);
}

/**
 * RFC 4180-style CSV, fed chunk by chunk: commas, quotes doubled inside quoted fields (which may
 * span lines), CRLF or LF, a leading BOM. Each complete row goes to the sink as soon as it ends.
 */
export class CsvRows {
  private row: string[] = [];
  private cell = '';
  private quoted = false;
  private afterQuote = false;
  private pendingCr = false;
  private started = false;
  private line = 0;

  constructor(private readonly sink: RowSink) {}

  push(text: string): void {
    let i = 0;
    if (!this.started && text.length) {
      this.started = true;
      if (text.charCodeAt(0) === 0xfeff) i = 1;
    }
    for (; i < text.length; i++) {
      const ch = text[i]!;
      if (this.pendingCr) {
        this.pendingCr = false;
        if (ch === '\n') continue;
      }
      if (this.quoted) {
        if (this.afterQuote) {
          this.afterQuote = false;
          if (ch === '"') {
            this.cell += '"';
            continue;
          }
          this.quoted = false;
        } else if (ch === '"') {
          this.afterQuote = true;
          continue;
        } else {
          this.cell += ch;
          continue;
        }
      }
      if (ch === '"') this.quoted = true;
      else if (ch === ',') {
        this.row.push(this.cell);
        this.cell = '';
      } else if (ch === '\n' || ch === '\r') {
        this.pendingCr = ch === '\r';
        this.endRow();
      } else this.cell += ch;
    }
  }

  end(): void {
    if (this.quoted && this.afterQuote) this.quoted = false;
    if (this.cell !== '' || this.row.length) this.endRow();
  }

  private endRow(): void {
    this.row.push(this.cell);
    const row = this.row;
    this.row = [];
    this.cell = '';
    this.sink(row, ++this.line);
  }
}

/** The rows of a CSV text (small texts; files are streamed by readRows). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  const csv = new CsvRows((r) => rows.push(r));
  csv.push(text);
  csv.end();
  return rows;
}

async function readCsv(file: string, sink: RowSink): Promise<void> {
  const csv = new CsvRows(sink);
  const decoder = new StringDecoder('utf8');
  for await (const chunk of fs.createReadStream(file, { highWaterMark: 256 * 1024 }))
    csv.push(decoder.write(chunk as Buffer));
  csv.push(decoder.end());
  csv.end();
}

/** A template with the headers and one example row. */
export async function writeTemplate(
  file: string,
  columns: { header: string; example: string; required: boolean }[],
  sheetName: string,
): Promise<void> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(sheetName);
  ws.addRow(columns.map((c) => c.header));
  ws.addRow(columns.map((c) => c.example));
  ws.getRow(1).font = { bold: true };
  columns.forEach((c, i) => {
    ws.getColumn(i + 1).width = Math.max(12, c.header.length * 2 + 4, c.example.length + 4);
    if (c.required) ws.getCell(1, i + 1).note = '必填';
  });
  ws.views = [{ state: 'frozen', ySplit: 1 }];
  await wb.xlsx.writeFile(file);
}
