/**
 * Renders a ReportDocument as Word (.docx, with the `docx` package): A4 with 2 cm margins
 * (landscape for wide ledgers), 宋体 body and 黑体 title, tables at full width with fixed columns
 * scaled from the model's widths, a repeated bold header row on every page, rows that do not split
 * across pages, and “第 X 页 共 Y 页” in the footer.
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

/** A4 in twentieths of a point, and 2 cm margins (2.5 cm on the binding side). */
const A4 = { width: 11906, height: 16838 };
const MARGIN = { top: 1134, bottom: 1134, left: 1418, right: 1134 };
const BODY = { ascii: 'SimSun', eastAsia: 'SimSun', hAnsi: 'SimSun', cs: 'SimSun' };
const TITLE = { ascii: 'SimHei', eastAsia: 'SimHei', hAnsi: 'SimHei', cs: 'SimHei' };
/** half-points: 五号 10.5 pt for text, 小五 9 pt in tables, 二号 22 pt for the title */
const SIZE = { text: 21, table: 18, heading: 24, title: 36, small: 18 };
const BORDER = { style: BorderStyle.SINGLE, size: 4, color: '000000' };

const run = (text: string, o: { bold?: boolean; size?: number; font?: typeof BODY } = {}) =>
  new TextRun({ text, bold: o.bold ?? false, size: o.size ?? SIZE.text, font: o.font ?? BODY });

export const docxWriter = {
  format: 'docx' as const,
  mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  async write(doc: ReportDocument): Promise<Uint8Array> {
    const landscape = doc.orientation === 'landscape';
    const usable = (landscape ? A4.height : A4.width) - MARGIN.left - MARGIN.right;
    const children: FileChild[] = [
      new Paragraph({
        alignment: AlignmentType.CENTER,
        spacing: { after: 240 },
        children: [run(doc.title, { bold: true, size: SIZE.title, font: TITLE })],
      }),
      ...doc.meta.map(
        (m) => new Paragraph({ spacing: { after: 40 }, children: [run(`${m.label}：`, { bold: true }), run(m.value)] }),
      ),
    ];
    const records = doc.sections.some((s) => s.record);
    doc.sections.forEach((s, i) => {
      children.push(...section(s, usable, s.record === true && i > 0));
      if (s.record) children.push(...signatures(doc.signatures));
    });
    if (doc.notes.length) {
      children.push(
        new Paragraph({ spacing: { before: 240, after: 60 }, keepNext: true, children: [run('说明', { bold: true })] }),
      );
      doc.notes.forEach((n, i) => {
        children.push(
          new Paragraph({ spacing: { after: 40 }, children: [run(`${i + 1}. ${n}`, { size: SIZE.small })] }),
        );
      });
    }
    if (!records) children.push(...signatures(doc.signatures));
    const document = new Document({
      creator: 'SafeDuty',
      title: doc.title,
      styles: { default: { document: { run: { font: BODY, size: SIZE.text } } } },
      sections: [
        {
          properties: {
            page: {
              size: { ...A4, orientation: landscape ? PageOrientation.LANDSCAPE : PageOrientation.PORTRAIT },
              margin: MARGIN,
            },
          },
          footers: {
            default: new Footer({
              children: [
                new Paragraph({
                  alignment: AlignmentType.CENTER,
                  children: [
                    new TextRun({
                      children: [`${doc.title}　第 `, PageNumber.CURRENT, ' 页 共 ', PageNumber.TOTAL_PAGES, ' 页'],
                      size: SIZE.small,
                      font: BODY,
                    }),
                  ],
                }),
              ],
            }),
          },
          children,
        },
      ],
    });
    return new Uint8Array(await Packer.toBuffer(document));
  },
};

function section(s: ReportSection, usable: number, newPage: boolean): FileChild[] {
  const out: FileChild[] = [
    new Paragraph({
      pageBreakBefore: newPage,
      keepNext: true,
      spacing: { before: newPage ? 0 : 240, after: 80 },
      children: [run(s.heading, { bold: true, size: SIZE.heading, font: TITLE })],
    }),
  ];
  for (const b of s.blocks) out.push(...block(b, usable));
  return out;
}

function block(b: Block, usable: number): FileChild[] {
  if (b.type === 'paragraph')
    return [new Paragraph({ spacing: { after: 80 }, children: [run(b.text, { bold: b.strong ?? false })] })];
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
    table(b.table, usable),
    new Paragraph({ spacing: { before: 0, after: 0, line: 160 }, children: [run('', { size: 8 })] }),
  ];
}

function table(t: ReportTable, usable: number): Table {
  const total = t.columns.reduce((n, c) => n + c.width, 0);
  const widths = t.columns.map((c) => Math.floor((c.width / total) * usable));
  const header = new TableRow({
    tableHeader: true,
    cantSplit: true,
    children: t.columns.map((c, i) => cell(c.header, widths[i]!, { bold: true, shade: true, center: true })),
  });
  const rows = t.rows.length
    ? t.rows.map((r) => new TableRow({ cantSplit: true, children: r.map((c, i) => cell(c, widths[i] ?? 0)) }))
    : [
        new TableRow({
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

function signatures(lines: string[]): Paragraph[] {
  if (lines.length === 0) return [];
  return [
    new Paragraph({
      spacing: { before: 240, after: 0 },
      keepLines: true,
      children: [run(lines.map((l) => `${l}：__________　日期：__________`).join('　　'))],
    }),
  ];
}
