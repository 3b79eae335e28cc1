/**
 * Page layout rules of every Word export, in one module (the writer, docx-writer.ts, calls them):
 * - the unit's name (and the document's title) in the page header of every page;
 * - the legend of the marks a part's tables use (√ × ○ …) in the header of that part's pages;
 * - signature blocks (签字 / 日期 rows) that never split across pages nor sit alone on one: each row
 *   cantSplit and kept with the next, the content before them kept with them;
 * - columns wide enough for the device codes and 使用登记证号 they hold (the codes are joined with
 *   word joiners, domain/reports/layout.ts, so Word could only break one that does not fit).
 */
import {
  AlignmentType,
  BorderStyle,
  Header,
  Paragraph,
  Table,
  TableBorders,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import { type LegendEntry, legendLine, WORD_JOINER } from '../../domain/reports/layout.js';

export const BODY_FONT = { ascii: 'SimSun', eastAsia: 'SimSun', hAnsi: 'SimSun', cs: 'SimSun' };
/** half-points: 小五 9 pt in headers */
const HEADER_SIZE = 18;
/** left + right cell margins of the report tables, in twentieths of a point */
export const CELL_MARGIN_X = 100;

/**
 * The width a line of text takes in twentieths of a point at `halfPoints`: a Chinese (full-width)
 * character is 1 em, a Latin letter or digit of 宋体 half of it, a word joiner nothing.
 */
export function textTwips(text: string, halfPoints: number): number {
  let n = 0;
  for (const ch of text) {
    if (ch === WORD_JOINER) continue;
    n += ch.charCodeAt(0) > 0x2e80 ? halfPoints * 10 : halfPoints * 5;
  }
  return n;
}

/**
 * Column widths that give every column at least what it needs (`needs`, 0: nothing), taking the room
 * from the other columns in proportion to what they have beyond their own need. When the page is
 * too narrow for all needs, the widths are left as they are (Word then breaks as little as it can).
 */
export function fitColumns(widths: readonly number[], needs: readonly number[]): number[] {
  const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);
  const need = (i: number) => needs[i] ?? 0;
  const raised = widths.map((w, i) => need(i) > w);
  const out = widths.map((w, i) => (raised[i] ? need(i) : w));
  const excess = sum(out) - sum(widths);
  if (excess <= 0) return out;
  const spare = widths.map((w, i) => (raised[i] ? 0 : w - need(i)));
  const room = sum(spare);
  if (room < excess) return [...widths];
  const fitted = out.map((w, i) => w - Math.floor((spare[i]! * excess) / room));
  // what rounding left over comes from the column with the most room
  const most = spare.indexOf(Math.max(...spare));
  fitted[most]! -= sum(fitted) - sum(widths);
  return fitted;
}

/** The page header of a part: the unit and the document, ruled off; the legend below when the part uses marks. */
export function pageHeader(unit: string | undefined, title: string, legend: readonly LegendEntry[]): Header {
  const small = (text: string) => new TextRun({ text, size: HEADER_SIZE, font: BODY_FONT });
  const children = [
    new Paragraph({
      alignment: AlignmentType.CENTER,
      border: legend.length ? undefined : { bottom: { style: BorderStyle.SINGLE, size: 6, color: '000000', space: 1 } },
      children: [small(unit ? `${unit}　《${title}》` : `《${title}》`)],
    }),
  ];
  if (legend.length)
    children.push(
      new Paragraph({
        alignment: AlignmentType.CENTER,
        border: { bottom: { style: BorderStyle.SINGLE, size: 6, color: '000000', space: 1 } },
        children: [small(legendLine(legend))],
      }),
    );
  return new Header({ children });
}

/**
 * The signature block: one borderless row per signer, “X（签字）：______　日期：____年__月__日”. Every
 * row cantSplit and kept with the next, so the block stays on one page; the writer keeps the content
 * before it with it (keepNext), so it never starts a page alone.
 */
export function signatureBlock(lines: readonly string[], usable: number, halfPoints: number): Table[] {
  if (lines.length === 0) return [];
  const widths = [Math.round(usable * 0.55), usable - Math.round(usable * 0.55)];
  const cell = (text: string, width: number, keepNext: boolean) =>
    new TableCell({
      width: { size: width, type: WidthType.DXA },
      children: [
        new Paragraph({
          keepNext,
          keepLines: true,
          spacing: { before: 120, after: 120 },
          children: [new TextRun({ text, size: halfPoints, font: BODY_FONT })],
        }),
      ],
    });
  return [
    new Table({
      width: { size: usable, type: WidthType.DXA },
      columnWidths: widths,
      layout: TableLayoutType.FIXED,
      borders: TableBorders.NONE,
      rows: lines.map((l, i) => {
        const keepNext = i < lines.length - 1;
        return new TableRow({
          cantSplit: true,
          children: [
            cell(`${l}：____________`, widths[0]!, keepNext),
            cell('日期：______年____月____日', widths[1]!, keepNext),
          ],
        });
      }),
    }),
  ];
}
