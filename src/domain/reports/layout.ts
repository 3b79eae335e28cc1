/**
 * Print layout rules every exported document follows, as pure data and text (the Word writer applies
 * them, adapters/reports/docx-layout.ts): device codes and 使用登记证号 never broken across lines,
 * and the legend of the marks a table uses (√ × ○ …).
 */
import type { Block, Cell, ReportDocument } from './document.js';
import { cellText } from './document.js';

/** U+2060 WORD JOINER: no line break at its place, no width (Unicode UAX #14, class WJ). */
export const WORD_JOINER = '\u2060';
/** U+2011 NON-BREAKING HYPHEN: a hyphen that does not allow a line break after it. */
export const NO_BREAK_HYPHEN = '\u2011';

/**
 * A code as one unbreakable word: a word joiner between every two characters (a 使用登记证号 such as
 * 梯11津BH0001(25) mixes Chinese characters, letters and brackets, each a place Word may break) and
 * non-breaking hyphens. The text reads the same; only line breaking changes.
 */
export function unbreakable(code: string): string {
  return [...code.replace(/-/g, NO_BREAK_HYPHEN)].join(WORD_JOINER);
}

/** Back to the code as typed (for Excel cells and plain text, which do not wrap inside a cell's word). */
export function readable(text: string): string {
  return text.replaceAll(WORD_JOINER, '').replaceAll(NO_BREAK_HYPHEN, '-');
}

/**
 * The one place codes are protected: a function that makes every occurrence of the given codes in a
 * text unbreakable (longest first, so a code inside a longer one is not split). Writers call it on
 * every text they print; codes shorter than 3 characters are left alone (they never wrap).
 */
export function codeGuard(codes: readonly string[]): (text: string) => string {
  const list = [...new Set(codes.map((c) => c.trim()).filter((c) => c.length >= 3))].sort(
    (a, b) => b.length - a.length,
  );
  if (list.length === 0) return (t) => t;
  const re = new RegExp(list.map((c) => c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'g');
  return (text) => text.replace(re, (m) => unbreakable(m));
}

/** The document with every device code it prints made unbreakable (`doc.codes`): text, tables, notes. */
export function protectCodes(doc: ReportDocument): ReportDocument {
  const guard = codeGuard(doc.codes ?? []);
  const cell = (c: Cell): Cell => (typeof c === 'string' ? guard(c) : { ...c, text: guard(c.text) });
  const block = (b: Block): Block =>
    b.type === 'paragraph'
      ? { ...b, text: guard(b.text) }
      : {
          type: 'table',
          table: {
            ...b.table,
            ...(b.table.caption ? { caption: guard(b.table.caption) } : {}),
            rows: b.table.rows.map((r) => r.map(cell)),
          },
        };
  return {
    ...doc,
    meta: doc.meta.map((m) => ({ ...m, value: guard(m.value) })),
    sections: doc.sections.map((s) => ({ ...s, heading: guard(s.heading), blocks: s.blocks.map(block) })),
    notes: doc.notes.map(guard),
  };
}

/** The longest unbreakable run in a text (a protected code), for sizing the column that holds it. */
export function longestUnbreakable(text: string): string {
  let best = '';
  for (const m of text.matchAll(new RegExp(`\\S(?:${WORD_JOINER}\\S)+`, 'g')))
    if (m[0].length > best.length) best = m[0];
  return readable(best);
}

/** A mark a document's tables use and what it means: “√ 正常”. */
export interface LegendEntry {
  mark: string;
  meaning: string;
}

/** The entries of `legend` whose mark is the whole text of a table cell in `blocks`, in the legend's order. */
export function legendUsed(blocks: readonly Block[], legend: readonly LegendEntry[]): LegendEntry[] {
  if (legend.length === 0) return [];
  const seen = new Set<string>();
  for (const b of blocks)
    if (b.type === 'table') for (const row of b.table.rows) for (const c of row) seen.add(cellText(c).trim());
  return legend.filter((e) => seen.has(e.mark));
}

/** “图例：√ 正常　× 异常　○ 不适用” */
export const legendLine = (entries: readonly LegendEntry[]): string =>
  `图例：${entries.map((e) => `${e.mark} ${e.meaning}`).join('　')}`;
