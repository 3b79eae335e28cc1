/**
 * The neutral document model every exported report is composed into, and the Word and Excel
 * writers render: a title, meta lines, sections (one Excel sheet each) of paragraphs and tables
 * with a header row, notes and signature lines. Text only, Chinese, already formatted.
 */
import type { LegendEntry } from './layout.js';

/**
 * A table cell: plain text, text to stand out (异常, 缺失, 逾期) in print, or a photo's thumbnail
 * (Word shows the picture, small; Excel and plain text show `text`).
 */
export type Cell = string | { text: string; strong: true } | { text: string; image: ReportImage };

/** A picture to embed (JPEG/PNG bytes) with its size in pixels, when known. */
export interface ReportImage {
  bytes: Uint8Array;
  type: 'jpg' | 'png';
  width: number;
  height: number;
}

export interface Column {
  header: string;
  /** width in Excel character units (a Chinese character takes about 2); Word scales them to the page */
  width: number;
}

export interface ReportTable {
  caption?: string;
  columns: Column[];
  rows: Cell[][];
  /** shown instead of an empty table body */
  empty?: string;
}

export type Block = { type: 'paragraph'; text: string; strong?: boolean } | { type: 'table'; table: ReportTable };

export interface ReportSection {
  heading: string;
  /** the Excel sheet name: at most 31 characters, none of []:*?/\ */
  sheet: string;
  blocks: Block[];
  /** a record of its own (a day, a week, a month): printed from a new page and signed at its end */
  record?: boolean;
}

export interface ReportDocument {
  /** without 《》: “每日电梯安全检查记录” */
  title: string;
  /** label: value lines under the title (单位、期间、导出时间 …) */
  meta: { label: string; value: string }[];
  /** wide tables (ledgers) print on landscape A4 */
  orientation: 'portrait' | 'landscape';
  sections: ReportSection[];
  /** explanations at the end: legends, how to verify */
  notes: string[];
  /** signature lines: at the end of each record section, or of the document when it has none */
  signatures: string[];
  /** the unit's name, printed in the page header of every page (layout.ts) */
  header?: string;
  /** device codes and 使用登记证号 printed anywhere in the document: never broken across lines */
  codes?: string[];
  /** the marks the tables use (√ × ○ …): the legend goes in the page header of the parts that use them */
  legend?: LegendEntry[];
}

export const strong = (text: string): Cell => ({ text, strong: true });
export const cellText = (c: Cell): string => (typeof c === 'string' ? c : c.text);
export const paragraph = (text: string, isStrong = false): Block => ({
  type: 'paragraph',
  text,
  ...(isStrong ? { strong: true } : {}),
});
export const table = (t: ReportTable): Block => ({ type: 'table', table: t });

/** A two-column form (项目 | 内容), the way paper templates lay out their text fields. */
export function formTable(rows: [string, string][], caption?: string): Block {
  return table({
    ...(caption ? { caption } : {}),
    columns: [
      { header: '项目', width: 16 },
      { header: '内容', width: 60 },
    ],
    rows: rows.map(([k, v]) => [k, v || '无']),
  });
}

/** Excel forbids some characters and more than 31 characters in a sheet name. */
export function sheetName(text: string): string {
  return text.replace(/[[\]:*?/\\]/g, '-').slice(0, 31) || '记录';
}

const NUMERALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

/** Numbers the captioned tables of a section in order (一、二、…), as paper templates number their parts. */
export function numberCaptions(blocks: Block[]): Block[] {
  let n = 0;
  return blocks.map((b) =>
    b.type === 'table' && b.table.caption
      ? { ...b, table: { ...b.table, caption: `${NUMERALS[n++] ?? n}、${b.table.caption}` } }
      : b,
  );
}
