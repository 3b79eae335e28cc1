/**
 * Finding devices by what people call them: “1号梯”, “1号楼1号”, “3号货梯”, “一号叉车”, the last
 * digits of the 设备代码, a category word (“锅炉”), or the name as written in the ledger. Pure: the
 * caller passes the unit's devices and decides what to do with none, one or several.
 */
import type { Category } from '../model.js';
import { readCategory } from './read-arguments.js';

export interface Matchable {
  code: string;
  name: string;
  category: Category;
  registrationNo?: string | null;
  location?: string | null;
}

export type DeviceMatch<D> =
  | { how: 'exact' | 'code' | 'category' | 'name'; devices: D[] }
  | { how: 'none'; devices: []; suggestions: D[] };

/** Shortest code tail that counts as “the last digits of the 设备代码”. */
export const MIN_CODE_DIGITS = 3;

const CN_DIGITS: Record<string, number> = {
  零: 0,
  〇: 0,
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};

/** “十二号楼” → “12号楼”: Chinese numerals written before a counter word become digits. */
function digitsForChineseNumerals(text: string): string {
  return text.replace(/([零〇一二两三四五六七八九十]{1,3})(?=号|楼|栋|幢|座|单元|#)/g, (w) => {
    const chars = Array.from(w);
    if (!w.includes('十')) return chars.map((c) => String(CN_DIGITS[c] ?? '')).join('');
    const [tens, ones] = w.split('十') as [string, string];
    return String((tens ? (CN_DIGITS[tens] ?? 1) : 1) * 10 + (ones ? (CN_DIGITS[ones] ?? 0) : 0));
  });
}

/** NFKC, lower case, no spaces or brackets, Chinese numerals before 号/楼 as digits. */
export function foldDeviceText(text: string): string {
  return digitsForChineseNumerals(
    text
      .normalize('NFKC')
      .toLowerCase()
      .replace(/[\s()（）[\]【】「」“”"'‘’·,，。.、]+/g, ''),
  );
}

/** A name or query taken apart: building number, device number, and the remaining words. */
interface Shape {
  building?: number;
  number?: number;
  words: string;
}

const NUMBERED = /(\d+)(号楼|栋|幢|座|楼|单元|号|#)?/g;
const BUILDING_WORDS = new Set(['号楼', '栋', '幢', '座', '楼']);

function shapeOf(folded: string): Shape {
  const s: Shape = { words: '' };
  s.words = folded.replace(NUMBERED, (_, n: string, unit: string | undefined) => {
    const v = Number(n);
    if (unit && BUILDING_WORDS.has(unit)) s.building ??= v;
    else if (unit !== '单元') s.number ??= v;
    return '';
  });
  s.words = s.words.replace(/的/g, '');
  return s;
}

/** `part` occurs in `whole` without splitting a number (“2号楼” is not in “12号楼”). */
function containsWhole(whole: string, part: string): boolean {
  for (let i = whole.indexOf(part); i >= 0; i = whole.indexOf(part, i + 1)) {
    const splitsBefore = /^\d/.test(part) && /\d/.test(whole.charAt(i - 1));
    const splitsAfter = /\d$/.test(part) && /\d/.test(whole.charAt(i + part.length));
    if (!splitsBefore && !splitsAfter) return true;
  }
  return false;
}

/** Every character of `part` appears in `whole`, in order (“梯” in “客梯”, “消防梯” in “消防电梯”). */
function isSubsequence(part: string, whole: string): boolean {
  const w = Array.from(whole);
  let i = 0;
  for (const c of part) {
    i = w.indexOf(c, i);
    if (i < 0) return false;
    i++;
  }
  return true;
}

function shapeFits(q: Shape, d: Shape, category: Category): boolean {
  if (q.building === undefined && q.number === undefined && q.words === '') return false;
  if (q.building !== undefined && d.building !== q.building) return false;
  if (q.number !== undefined) {
    // “1号梯” for a “1号楼电梯” with no number of its own: the only number there is.
    const own = d.number ?? (q.building === undefined ? d.building : undefined);
    if (own !== q.number) return false;
  }
  return q.words === '' || isSubsequence(q.words, d.words) || readCategory(q.words) === category;
}

/**
 * The devices a query names. An exact code, 登记证编号 or name wins alone; then the last digits of
 * the 设备代码; then a category word; then names as people shorten them. None: up to three
 * suggestions that share the most with the query.
 */
export function matchDevices<D extends Matchable>(query: string, devices: readonly D[]): DeviceMatch<D> {
  const q = foldDeviceText(query);
  if (q === '') return { how: 'none', devices: [], suggestions: [] };
  const exact = devices.filter(
    (d) =>
      foldDeviceText(d.code) === q ||
      foldDeviceText(d.name) === q ||
      (d.registrationNo && foldDeviceText(d.registrationNo) === q),
  );
  if (exact.length) return { how: 'exact', devices: exact };
  if (/^\d+$/.test(q) && q.length >= MIN_CODE_DIGITS) {
    const byCode = devices.filter((d) => d.code.endsWith(q));
    if (byCode.length) return { how: 'code', devices: byCode };
  }
  const category = readCategory(query);
  if (category) return { how: 'category', devices: devices.filter((d) => d.category === category) };
  const qs = shapeOf(q);
  const byName = devices.filter((d) => {
    const name = foldDeviceText(d.name);
    return (
      containsWhole(name, q) ||
      shapeFits(qs, shapeOf(name), d.category) ||
      (d.location ? containsWhole(foldDeviceText(d.location), q) : false)
    );
  });
  if (byName.length) return { how: 'name', devices: byName };
  return { how: 'none', devices: [], suggestions: suggestDevices(q, devices) };
}

/** Devices whose name shares the most characters with the query (at least one), best first. */
function suggestDevices<D extends Matchable>(folded: string, devices: readonly D[]): D[] {
  const chars = new Set(Array.from(folded));
  return devices
    .map((d) => ({ d, score: new Set(Array.from(foldDeviceText(d.name)).filter((c) => chars.has(c))).size }))
    .filter((x) => x.score > 0)
    .sort((a, b) => b.score - a.score)
    .slice(0, 3)
    .map((x) => x.d);
}
