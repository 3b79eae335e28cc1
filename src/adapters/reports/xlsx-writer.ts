/**
 * Renders a ReportDocument as Excel (.xlsx, with exceljs): one sheet per section, each printable
 * on its own (title, unit and period at the top, signatures at the end), A4 fitted to the page
 * width, the first table's header row frozen and repeated on every printed page, thin borders,
 * wrapped text; a last sheet “说明” with the notes.
 *
 * A sheet holding several tables of different columns (a form, then numbers, then a list, as
 * paper templates do) gets one column grid fine enough for all of them: each table keeps its
 * proportions, and a cell spanning several grid columns is merged. A sheet with one table is
 * plain (no merged cells), ready to sort and filter.
 */
import ExcelJS from 'exceljs';
import {
  type Cell,
  cellText,
  type ReportDocument,
  type ReportSection,
  type ReportTable,
} from '../../domain/reports/document.js';

const FONT = 'SimSun';
const THIN = { style: 'thin' as const, color: { argb: 'FF000000' } };
const BORDER = { top: THIN, left: THIN, bottom: THIN, right: THIN };
const HEADER_FILL = { type: 'pattern' as const, pattern: 'solid' as const, fgColor: { argb: 'FFD9D9D9' } };
const LINE_HEIGHT = 14;

export const xlsxWriter = {
  format: 'xlsx' as const,
  mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  async write(doc: ReportDocument): Promise<Uint8Array> {
    const wb = new ExcelJS.Workbook();
    wb.creator = 'SafeDuty';
    wb.title = doc.title;
    const used = new Set<string>();
    const records = doc.sections.some((s) => s.record);
    doc.sections.forEach((s, i) => {
      const signed = s.record === true || (!records && i === doc.sections.length - 1);
      writeSection(wb.addWorksheet(unique(s.sheet, used), setup(doc)), doc, s, signed);
    });
    writeNotes(wb.addWorksheet(unique('说明', used), setup({ ...doc, orientation: 'portrait' })), doc);
    return new Uint8Array(await wb.xlsx.writeBuffer());
  },
};

function setup(doc: Pick<ReportDocument, 'orientation' | 'title'>): Partial<ExcelJS.AddWorksheetOptions> {
  return {
    pageSetup: {
      paperSize: 9, // A4
      orientation: doc.orientation,
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      horizontalCentered: true,
      margins: { left: 0.6, right: 0.5, top: 0.6, bottom: 0.7, header: 0.3, footer: 0.3 },
    },
    headerFooter: { oddFooter: `&C${doc.title}　第 &P 页 共 &N 页`, evenFooter: `&C${doc.title}　第 &P 页 共 &N 页` },
  };
}

/** Sheet names must be unique (case-insensitively) in a workbook. */
function unique(name: string, used: Set<string>): string {
  let n = name;
  for (let i = 2; used.has(n.toLowerCase()); i++) n = `${name.slice(0, 27)}(${i})`;
  used.add(n.toLowerCase());
  return n;
}

/** Grid columns (1-based, inclusive) of each logical column of each table, and the grid's widths. */
interface Grid {
  widths: number[];
  spans: Map<ReportTable, [number, number][]>;
}

function gridOf(tables: ReportTable[]): Grid {
  if (tables.length === 1)
    return {
      widths: tables[0]!.columns.map((c) => c.width),
      spans: new Map([[tables[0]!, tables[0]!.columns.map((_, i): [number, number] => [i + 1, i + 1])]]),
    };
  const total = Math.max(60, ...tables.map((t) => t.columns.reduce((n, c) => n + c.width, 0)));
  const bounds = (t: ReportTable): number[] => {
    const sum = t.columns.reduce((n, c) => n + c.width, 0) || 1;
    let acc = 0;
    return t.columns.map((c) => {
      acc += (c.width * total) / sum;
      return Math.round(acc);
    });
  };
  const edges = [...new Set([0, ...tables.flatMap(bounds)])].sort((a, b) => a - b);
  const widths = edges.slice(1).map((e, i) => e - edges[i]!);
  const spans = new Map(
    tables.map((t) => {
      let start = 0;
      return [
        t,
        bounds(t).map((end): [number, number] => {
          const span: [number, number] = [edges.indexOf(start) + 1, edges.indexOf(end)];
          start = end;
          return span;
        }),
      ] as const;
    }),
  );
  return { widths, spans };
}

function writeSection(ws: ExcelJS.Worksheet, doc: ReportDocument, s: ReportSection, signed: boolean): void {
  const tables = s.blocks.flatMap((b) => (b.type === 'table' ? [b.table] : []));
  const grid = tables.length ? gridOf(tables) : { widths: [20, 60], spans: new Map() };
  const span = grid.widths.length;
  // exceljs leaves out a column of width 9 as “default”: make the default 9 too.
  ws.properties.defaultColWidth = 9;
  ws.columns = grid.widths.map((width) => ({ width }));
  const widthOf = (a: number, b: number) => grid.widths.slice(a - 1, b).reduce((n, w) => n + w, 0);
  let r = 1;
  const line = (text: string, o: { bold?: boolean; size?: number; center?: boolean } = {}) => {
    if (span > 1) ws.mergeCells(r, 1, r, span);
    const c = ws.getCell(r, 1);
    c.value = text;
    c.font = { name: FONT, bold: o.bold ?? false, size: o.size ?? 10 };
    c.alignment = { wrapText: true, vertical: 'middle', horizontal: o.center ? 'center' : 'left' };
    ws.getRow(r).height = Math.max((o.size ?? 10) + 8, ((o.size ?? 10) + 5) * wrappedLines(text, widthOf(1, span)));
    r++;
  };
  line(doc.title, { bold: true, size: 16, center: true });
  if (doc.meta.length) line(doc.meta.map((m) => `${m.label}：${m.value}`).join('　'), { size: 9 });
  line(s.heading, { bold: true, size: 12 });
  let frozen = 0;
  for (const b of s.blocks) {
    if (b.type === 'paragraph') {
      line(b.text, { bold: b.strong ?? false });
      continue;
    }
    const t = b.table;
    if (t.caption) line(t.caption, { bold: true });
    const spans = grid.spans.get(t)!;
    if (!frozen) frozen = r;
    writeRow(
      ws,
      r++,
      t.columns.map((c) => c.header),
      spans,
      widthOf,
      true,
    );
    if (t.rows.length === 0) writeRow(ws, r++, [t.empty ?? '无'], [[1, spans[spans.length - 1]![1]]], widthOf, false);
    for (const row of t.rows) writeRow(ws, r++, row, spans, widthOf, false);
    r++;
  }
  if (signed && doc.signatures.length) {
    r++;
    line(doc.signatures.map((x) => `${x}：__________　日期：__________`).join('　　'));
  }
  if (frozen) {
    ws.views = [
      { state: 'frozen', ySplit: frozen, xSplit: 0, topLeftCell: `A${frozen + 1}`, activeCell: `A${frozen + 1}` },
    ];
    ws.pageSetup.printTitlesRow = `${frozen}:${frozen}`;
  }
}

function writeRow(
  ws: ExcelJS.Worksheet,
  r: number,
  cells: Cell[],
  spans: [number, number][],
  widthOf: (a: number, b: number) => number,
  header: boolean,
): void {
  let lines = 1;
  cells.forEach((v, i) => {
    const [a, b] = spans[i]!;
    if (b > a) ws.mergeCells(r, a, r, b);
    const text = cellText(v);
    const cell = ws.getCell(r, a);
    cell.value = text;
    cell.font = { name: FONT, size: 10, bold: header || (typeof v !== 'string' && 'strong' in v) };
    cell.alignment = { wrapText: true, vertical: header ? 'middle' : 'top', horizontal: header ? 'center' : 'left' };
    if (header) cell.fill = HEADER_FILL;
    for (let c = a; c <= b; c++) ws.getCell(r, c).border = BORDER;
    lines = Math.max(lines, wrappedLines(text, widthOf(a, b)));
  });
  ws.getRow(r).height = Math.min(400, LINE_HEIGHT * lines + 4);
}

/** Excel does not grow wrapped or merged rows by itself: estimate the lines a text takes. */
function wrappedLines(text: string, width: number): number {
  return text.split('\n').reduce((n, l) => n + Math.max(1, Math.ceil(displayWidth(l) / Math.max(1, width))), 0);
}

/** A Chinese character is about two column units wide. */
const displayWidth = (s: string): number => [...s].reduce((n, ch) => n + (ch.charCodeAt(0) > 0x2e80 ? 2 : 1), 0);

function writeNotes(ws: ExcelJS.Worksheet, doc: ReportDocument): void {
  const table: ReportTable = {
    columns: [
      { header: '项目', width: 20 },
      { header: '内容', width: 80 },
    ],
    rows: [...doc.meta.map((m) => [m.label, m.value]), ...doc.notes.map((n, i) => [`说明 ${i + 1}`, n])],
  };
  writeSection(ws, { ...doc, meta: [] }, { heading: '说明', sheet: '说明', blocks: [{ type: 'table', table }] }, false);
}
