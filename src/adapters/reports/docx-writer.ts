/**
 * Renders a ReportDocument as Word (.docx, with the `docx` package): A4 with 2 cm margins
 * (landscape for wide ledgers), 宋体 body and 黑体 title, tables at full width with fixed columns
 * scaled from the model's widths, a repeated bold header row on every page, rows that do not split
 * across pages, and “第 X 页 共 Y 页” in the footer. The page layout rules (header with the unit and the
 * legend, signature blocks, device codes) are in docx-layout.ts.
 */
import {
  AlignmentType,
  BorderStyle,
  Document,
  type FileChild,
  Footer,
  ImageRun,
  Packer,
  PageNumber,
  PageOrientation,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  VerticalAlign,
  WidthType,
} from 'docx';
import {
  type Block,
  type Cell,
  cellText,
  type ReportDocument,
  type ReportImage,
  type ReportSection,
  type ReportTable,
} from '../../domain/reports/document.js';
import { legendUsed, longestUnbreakable, protectCodes } from '../../domain/reports/layout.js';
import { BODY_FONT, CELL_MARGIN_X, fitColumns, pageHeader, signatureBlock, textTwips } from './docx-layout.js';

/** A4 in twentieths of a point, and 2 cm margins (2.5 cm on the binding side). */
const A4 = { width: 11906, height: 16838 };
const MARGIN = { top: 1134, bottom: 1134, left: 1418, right: 1134 };
const BODY = BODY_FONT;
const TITLE = { ascii: 'SimHei', eastAsia: 'SimHei', hAnsi: 'SimHei', cs: 'SimHei' };
/** half-points: 五号 10.5 pt for text, 小五 9 pt in tables, 二号 22 pt for the title */
const SIZE = { text: 21, table: 18, heading: 24, title: 36, small: 18 };
const BORDER = { style: BorderStyle.SINGLE, size: 4, color: '000000' };

const run = (text: string, o: { bold?: boolean; size?: number; font?: typeof BODY } = {}) =>
  new TextRun({ text, bold: o.bold ?? false, size: o.size ?? SIZE.text, font: o.font ?? BODY });

export const docxWriter = {
  format: 'docx' as const,
  mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  async write(source: ReportDocument): Promise<Uint8Array> {
    const doc = protectCodes(source);
    const landscape = doc.orientation === 'landscape';
    const usable = (landscape ? A4.height : A4.width) - MARGIN.left - MARGIN.right;
    // Parts: a record section (a day, a week) starts a new Word section, so that its pages carry the
    // legend exactly when its tables use the marks (docx-layout.ts).
    const parts: { children: FileChild[]; blocks: Block[] }[] = [
      {
        blocks: [],
        children: [
          new Paragraph({
            alignment: AlignmentType.CENTER,
            spacing: { after: 240 },
            children: [run(doc.title, { bold: true, size: SIZE.title, font: TITLE })],
          }),
          ...doc.meta.map(
            (m) =>
              new Paragraph({ spacing: { after: 40 }, children: [run(`${m.label}：`, { bold: true }), run(m.value)] }),
          ),
        ],
      },
    ];
    const records = doc.sections.some((s) => s.record);
    // Signatures at the document's end follow the notes, or the last section when there are none.
    const signedAtEnd = !records && doc.signatures.length > 0;
    doc.sections.forEach((s, i) => {
      if (s.record && i > 0) parts.push({ children: [], blocks: [] });
      const part = parts[parts.length - 1]!;
      const tail =
        (s.record === true && doc.signatures.length > 0) ||
        (signedAtEnd && !doc.notes.length && i === doc.sections.length - 1);
      part.children.push(...section(s, usable, tail, part.children.length === 0));
      part.blocks.push(...s.blocks);
      if (s.record) part.children.push(...signatureBlock(doc.signatures, usable, SIZE.text));
    });
    const last = parts[parts.length - 1]!;
    if (doc.notes.length) {
      last.children.push(
        new Paragraph({ spacing: { before: 240, after: 60 }, keepNext: true, children: [run('说明', { bold: true })] }),
      );
      doc.notes.forEach((n, i) => {
        last.children.push(
          new Paragraph({
            spacing: { after: 40 },
            keepNext: signedAtEnd && i === doc.notes.length - 1,
            children: [run(`${i + 1}. ${n}`, { size: SIZE.small })],
          }),
        );
      });
    }
    if (!records) last.children.push(...signatureBlock(doc.signatures, usable, SIZE.text));
    const page = {
      size: { ...A4, orientation: landscape ? PageOrientation.LANDSCAPE : PageOrientation.PORTRAIT },
      margin: MARGIN,
    };
    const document = new Document({
      creator: 'SafeDuty',
      title: doc.title,
      styles: { default: { document: { run: { font: BODY, size: SIZE.text } } } },
      sections: parts.map((p) => ({
        properties: { page },
        headers: { default: pageHeader(doc.header, doc.title, legendUsed(p.blocks, doc.legend ?? [])) },
        footers: { default: footer(doc.title) },
        children: p.children,
      })),
    });
    return new Uint8Array(await Packer.toBuffer(document));
  },
};

function footer(title: string): Footer {
  return new Footer({
    children: [
      new Paragraph({
        alignment: AlignmentType.CENTER,
        children: [
          new TextRun({
            children: [`${title}　第 `, PageNumber.CURRENT, ' 页 共 ', PageNumber.TOTAL_PAGES, ' 页'],
            size: SIZE.small,
            font: BODY,
          }),
        ],
      }),
    ],
  });
}

/** A section's heading and blocks; `keepTail`: its last block stays on the page of what follows (a signature block). */
function section(s: ReportSection, usable: number, keepTail: boolean, top: boolean): FileChild[] {
  const out: FileChild[] = [
    new Paragraph({
      keepNext: true,
      spacing: { before: top ? 0 : 240, after: 80 },
      children: [run(s.heading, { bold: true, size: SIZE.heading, font: TITLE })],
    }),
  ];
  s.blocks.forEach((b, i) => {
    out.push(...block(b, usable, keepTail && i === s.blocks.length - 1));
  });
  return out;
}

function block(b: Block, usable: number, keepNext: boolean): FileChild[] {
  if (b.type === 'paragraph')
    return [new Paragraph({ keepNext, spacing: { after: 80 }, children: [run(b.text, { bold: b.strong ?? false })] })];
  const caption = b.table.caption
    ? [
        new Paragraph({
          keepNext: true,
          spacing: { before: 120, after: 60 },
          children: [run(b.table.caption, { bold: true })],
        }),
      ]
    : [];
  // A small gap after a table: Word needs a paragraph between two tables, or it joins them.
  return [
    ...caption,
    table(b.table, usable, keepNext),
    new Paragraph({ keepNext, spacing: { before: 0, after: 0, line: 160 }, children: [run('', { size: 8 })] }),
  ];
}

function table(t: ReportTable, usable: number, keepLast: boolean): Table {
  const total = t.columns.reduce((n, c) => n + c.width, 0);
  // Each column at least as wide as the longest device code in it (codes are never broken).
  const needs = t.columns.map((_, i) =>
    t.rows.reduce((n, r) => {
      const code = r[i] === undefined ? '' : longestUnbreakable(cellText(r[i]!));
      return code ? Math.max(n, textTwips(code, SIZE.table) + CELL_MARGIN_X) : n;
    }, 0),
  );
  const widths = fitColumns(
    t.columns.map((c) => Math.floor((c.width / total) * usable)),
    needs,
  );
  const header = new TableRow({
    tableHeader: true,
    cantSplit: true,
    children: t.columns.map((c, i) => cell(c.header, widths[i]!, { bold: true, shade: true, center: true })),
  });
  const rows = t.rows.length
    ? t.rows.map(
        (r, n) =>
          new TableRow({
            cantSplit: true,
            keepNext: keepLast && n === t.rows.length - 1,
            children: r.map((c, i) => cell(c, widths[i] ?? 0)),
          }),
      )
    : [
        new TableRow({
          cantSplit: true,
          keepNext: keepLast,
          children: [
            new TableCell({
              columnSpan: t.columns.length,
              borders: borders(),
              children: [
                new Paragraph({
                  alignment: AlignmentType.CENTER,
                  children: [run(t.empty ?? '无', { size: SIZE.table })],
                }),
              ],
            }),
          ],
        }),
      ];
  return new Table({
    width: { size: usable, type: WidthType.DXA },
    columnWidths: widths,
    layout: TableLayoutType.FIXED,
    rows: [header, ...rows],
  });
}

const borders = () => ({ top: BORDER, bottom: BORDER, left: BORDER, right: BORDER });

/** A thumbnail at most this many pixels wide or high in print (the photo is embedded as kept). */
const THUMB_PX = 96;

function thumbnail(img: ReportImage): Paragraph {
  const scale = Math.min(1, THUMB_PX / Math.max(img.width, img.height, 1));
  return new Paragraph({
    alignment: AlignmentType.CENTER,
    children: [
      new ImageRun({
        type: img.type,
        data: img.bytes,
        transformation: {
          width: Math.max(1, Math.round(img.width * scale)),
          height: Math.max(1, Math.round(img.height * scale)),
        },
      }),
    ],
  });
}

function cell(c: Cell, width: number, o: { bold?: boolean; shade?: boolean; center?: boolean } = {}): TableCell {
  if (typeof c !== 'string' && 'image' in c)
    return new TableCell({
      width: { size: width, type: WidthType.DXA },
      borders: borders(),
      verticalAlign: VerticalAlign.CENTER,
      children: [thumbnail(c.image)],
    });
  const bold = o.bold || (typeof c !== 'string' && 'strong' in c);
  return new TableCell({
    width: { size: width, type: WidthType.DXA },
    borders: borders(),
    verticalAlign: VerticalAlign.CENTER,
    margins: { top: 20, bottom: 20, left: 50, right: 50 },
    ...(o.shade ? { shading: { type: ShadingType.CLEAR, color: 'auto', fill: 'D9D9D9' } } : {}),
    children: cellText(c)
      .split('\n')
      .map(
        (line) =>
          new Paragraph({
            alignment: o.center ? AlignmentType.CENTER : AlignmentType.LEFT,
            children: [run(line, { bold, size: SIZE.table })],
          }),
      ),
  });
}
