/**
 * Opens generated files again, the way a reader would: a .docx is a zip whose word/document.xml
 * holds the text (read here with a small unzip on node:zlib); a .xlsx is read back with exceljs.
 */
import { inflateRawSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import { readable } from '../../src/domain/reports/layout.js';

/** One entry of a zip file (stored or deflated), found through the central directory. */
export function unzipEntry(zip: Uint8Array, name: string): Buffer {
  const b = Buffer.from(zip.buffer, zip.byteOffset, zip.byteLength);
  let eocd = b.length - 22;
  while (eocd >= 0 && b.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  if (eocd < 0) throw new Error('not a zip file');
  const entries = b.readUInt16LE(eocd + 10);
  let p = b.readUInt32LE(eocd + 16);
  for (let i = 0; i < entries; i++) {
    const method = b.readUInt16LE(p + 10);
    const size = b.readUInt32LE(p + 20);
    const nameLen = b.readUInt16LE(p + 28);
    const extraLen = b.readUInt16LE(p + 30);
    const commentLen = b.readUInt16LE(p + 32);
    const local = b.readUInt32LE(p + 42);
    const entry = b.toString('utf8', p + 46, p + 46 + nameLen);
    if (entry === name) {
      const start = local + 30 + b.readUInt16LE(local + 26) + b.readUInt16LE(local + 28);
      const data = b.subarray(start, start + size);
      return method === 0 ? Buffer.from(data) : inflateRawSync(data);
    }
    p += 46 + nameLen + extraLen + commentLen;
  }
  throw new Error(`${name} not in the zip`);
}

export const documentXml = (docx: Uint8Array): string => unzipEntry(docx, 'word/document.xml').toString('utf8');

/**
 * The paragraphs of a .docx as plain text lines (table cells
 * separated by “|”), as a reader sees them (no word joiners).
 */
export function docxText(docx: Uint8Array): string {
  return readable(documentXml(docx))
    .replace(/<\/w:tc>/g, ' | ')
    .replace(/<\/w:p>/g, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>');
}

/** The table rows of a .docx as arrays of cell texts. */
export function docxRows(docx: Uint8Array): string[][] {
  const xml = readable(documentXml(docx));
  return [...xml.matchAll(/<w:tr[ >][\s\S]*?<\/w:tr>/g)].map((m) =>
    [...m[0].matchAll(/<w:tc>[\s\S]*?<\/w:tc>/g)].map((c) =>
      c[0]
        .replace(/<\/w:p>/g, '\n')
        .replace(/<[^>]+>/g, '')
        .trim(),
    ),
  );
}

export async function openXlsx(bytes: Uint8Array): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  return wb;
}

/** A sheet's rows as arrays of cell texts; a merged cell counts once, as the reader sees it. */
export function sheetRows(ws: ExcelJS.Worksheet): string[][] {
  const out: string[][] = [];
  ws.eachRow({ includeEmpty: false }, (row) => {
    const cells: string[] = [];
    row.eachCell({ includeEmpty: true }, (c) => {
      if (c.isMerged && c.master.address !== c.address) return;
      cells.push(c.value === null || c.value === undefined ? '' : String(c.value));
    });
    out.push(cells);
  });
  return out;
}
