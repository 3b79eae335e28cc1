/**
 * Reads a ledger file into rows of text cells: Excel (.xlsx, first sheet) with exceljs, or CSV
 * (UTF-8, with or without BOM; quoted fields). Anything else is refused with what to do.
 */
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { AppError } from '../../app/app-error.js';

export async function readTable(file: string): Promise<string[][]> {
  if (!fs.existsSync(file)) throw new AppError('NOT_FOUND', `找不到文件 ${file}`);
  const ext = path.extname(file).toLowerCase();
  if (ext === '.csv') return parseCsv(fs.readFileSync(file, 'utf8'));
  if (ext !== '.xlsx') throw new AppError('USAGE', `无法读取 ${path.basename(file)}：请使用 Excel（.xlsx）或 CSV 文件`);
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.readFile(file);
  } catch {
    throw new AppError('USAGE', `无法读取 ${path.basename(file)}：它不是有效的 Excel（.xlsx）文件，请用 Excel 或 WPS 另存为 .xlsx 后重试`);
  }
  const sheet = wb.worksheets[0];
  if (!sheet) return [];
  const rows: string[][] = [];
  sheet.eachRow({ includeEmpty: true }, (row, n) => {
    const cells: string[] = [];
    for (let c = 1; c <= Math.max(sheet.columnCount, row.cellCount); c++) cells.push(cellText(row.getCell(c).value));
    rows[n - 1] = cells;
  });
  return Array.from(rows, (r) => r ?? []);
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

/** RFC 4180-style CSV: commas, quotes doubled inside quoted fields, CRLF or LF. */
export function parseCsv(text: string): string[][] {
  const src = text.replace(/^\uFEFF/, '');
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < src.length; i++) {
    const ch = src[i]!;
    if (quoted) {
      if (ch === '"' && src[i + 1] === '"') (cell += '"'), i++;
      else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') row.push(cell), (cell = '');
    else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && src[i + 1] === '\n') i++;
      row.push(cell), rows.push(row), (row = []), (cell = '');
    } else cell += ch;
  }
  if (cell !== '' || row.length) row.push(cell), rows.push(row);
  return rows;
}

/** A template with the headers and one example row. */
export async function writeTemplate(file: string, columns: { header: string; example: string; required: boolean }[], sheetName: string): Promise<void> {
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
