/**
 * Dates as people type them in chat (检验 <设备> <日期>, 延期 <隐患号> <日期>, 导出 … <日期>), read
 * with dayjs's strict parsing, so that a day that does not exist (2月30日, 2027-13-01) is refused
 * instead of rolling over into the next month:
 *   2026-12-05 · 2026/12/5 · 2026.12.5 · 2026年12月5日 — with the year;
 *   12-5 · 12/5 · 12.5 · 12月5日 · 12月5号 — without it (the use case picks the year: the next such
 *   day for a deadline, the last one for a report);
 *   今天 · 明天 · 后天 · 昨天 · 前天 — relative to the unit's today.
 * Full-width digits and separators (２０２６／１２／５) read as their ASCII forms.
 *
 * Pure: no clock. A date without a year is only made concrete by resolveTypedDate, given today.
 */
import dayjs from 'dayjs';
import customParseFormat from 'dayjs/plugin/customParseFormat.js';
import { addDays, type LocalDate } from './local-date.js';

dayjs.extend(customParseFormat);

/** A typed date: a calendar day (the year when it was written), or a number of days from today. */
export type TypedDate = { year?: number; month: number; day: number } | { fromToday: number };

/** What to type, for the messages that refuse a date (“请写 2027-12-31、12月31日 或 明天”). */
export const TYPED_DATE_EXAMPLES = '2027-12-31、2027/12/31、12月31日 或 明天';

const RELATIVE: Record<string, number> = { 前天: -2, 昨天: -1, 今天: 0, 今日: 0, 明天: 1, 明日: 1, 后天: 2 };

// The shapes of a typed date; dayjs then says whether the day exists.
const WITH_YEAR = /^(\d{4})([-/.])(\d{1,2})\2(\d{1,2})$|^(\d{4})年(\d{1,2})月(\d{1,2})[日号]?$/;
const WITHOUT_YEAR = /^(\d{1,2})([-/.])(\d{1,2})$|^(\d{1,2})月(\d{1,2})[日号]?$/;
// A leap year, so that 2月29日 without a year is a day that exists (resolveTypedDate finds its year).
const ANY_LEAP_YEAR = 2000;

const pad = (n: number): string => String(n).padStart(2, '0');
const iso = (year: number, month: number, day: number): string => `${year}-${pad(month)}-${pad(day)}`;

/** Whether the day exists, by dayjs's strict parse (2026-02-29 and 2026-04-31 do not). */
function exists(year: number, month: number, day: number): boolean {
  return dayjs(iso(year, month, day), 'YYYY-MM-DD', true).isValid();
}

/**
 * The date in a typed word: a TypedDate; 'invalid' when the word has the shape of a date but names
 * no day (2026-02-30, 13月1日); null when it is not a date at all (a report number, a word).
 */
export function readTypedDate(word: string): TypedDate | 'invalid' | null {
  const w = word.normalize('NFKC').trim();
  const relative = RELATIVE[w];
  if (relative !== undefined) return { fromToday: relative };
  let m = WITH_YEAR.exec(w);
  if (m) {
    const [year, month, day] = (m[1] ? [m[1], m[3], m[4]] : [m[5], m[6], m[7]]).map(Number) as [number, number, number];
    return exists(year, month, day) ? { year, month, day } : 'invalid';
  }
  m = WITHOUT_YEAR.exec(w);
  if (m) {
    const [month, day] = (m[1] ? [m[1], m[3]] : [m[4], m[5]]).map(Number) as [number, number];
    return exists(ANY_LEAP_YEAR, month, day) ? { month, day } : 'invalid';
  }
  return null;
}

/** The local date of a typed date that names its year (a spreadsheet cell, a report); else null. */
export function datedDay(t: TypedDate | 'invalid' | null): LocalDate | null {
  return t && t !== 'invalid' && 'year' in t && t.year !== undefined ? iso(t.year, t.month, t.day) : null;
}

/**
 * The local date a typed date stands for, given the unit's today. Without a year: the next such day
 * from today on (`'next'`: a deadline, a 下次检验日期) or the last one up to today (`'last'`: the
 * days of a report); 2月29日 finds its leap year.
 */
export function resolveTypedDate(t: TypedDate, today: LocalDate, without: 'next' | 'last'): LocalDate {
  if ('fromToday' in t) return addDays(today, t.fromToday);
  if (t.year !== undefined) return iso(t.year, t.month, t.day);
  const thisYear = Number(today.slice(0, 4));
  const step = without === 'next' ? 1 : -1;
  // Eight years always meet a leap year, so a day that exists in some year is found.
  for (let year = thisYear; Math.abs(year - thisYear) <= 8; year += step) {
    if (!exists(year, t.month, t.day)) continue;
    const date = iso(year, t.month, t.day);
    if (without === 'next' ? date >= today : date <= today) return date;
  }
  throw new RangeError(`no such day: ${t.month}月${t.day}日`);
}
