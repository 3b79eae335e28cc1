/**
 * 导出 in chat: “导出 周报 上周”, “导出 日检 2026-12-01 2026-12-07 电梯”, “导出 隐患 excel”, “导出 职责”.
 * Managers may export everything of their unit; an officer the daily records and hazards of their own
 * categories, and the 安全总监职责 / 安全员守则 of each of them.
 */
import { addDays, localDateOf } from '../../domain/local-time.js';
import { CATEGORY_LABELS, type Category, parseCategory } from '../../domain/model.js';
import { periodOf } from '../../domain/periods.js';
import { parseReportKind, REPORT_KIND_HELP, type ReportKind, STANDING } from '../../domain/reports/report-kind.js';
import { readTypedDate, resolveTypedDate } from '../../domain/typed-date.js';
import { AppError } from '../app-error.js';
import { type ExportDeps, type ExportedFile, exportReport } from '../export-report.js';
import { type Asker, isManager } from './unit-scope.js';

export interface Reply {
  text: string;
  files?: ExportedFile[];
  /**
   * The answer names people and what they missed (逾期, 隐患, exports…): asked in a group, it is
   * sent to the asker privately and the group is told so (the channel adapter does it).
   */
  privateToAsker?: boolean;
}

/** What an officer may export: their own daily records and hazards, and the standing 职责 / 守则. */
const OFFICER_KINDS: ReadonlySet<ReportKind> = new Set(['daily', 'hazards', 'director_duties', 'officer_rules']);

const USAGE =
  '例如：导出 周报 上周；导出 日检 2026-12-01 2026-12-07 电梯；导出 日检 12月1日 12月7日；导出 隐患 excel；导出 职责 电梯；导出 守则';

/** Dates a relative word stands for, in the unit's calendar. */
function range(word: string, today: string): [string, string] | null {
  const week = periodOf('weekly', today);
  const month = periodOf('monthly', today);
  switch (word) {
    case '今天':
    case '今日':
      return [today, today];
    case '昨天':
      return [addDays(today, -1), addDays(today, -1)];
    case '本周':
      return [week.start, today];
    case '上周':
      return [addDays(week.start, -7), addDays(week.start, -1)];
    case '本月':
      return [month.start, today];
    case '上月': {
      const last = periodOf('monthly', addDays(month.start, -1));
      return [last.start, last.end];
    }
    default:
      return null;
  }
}

const DEFAULT_RANGE: Record<ReportKind, string> = {
  checklist: '今天',
  daily: '今天',
  weekly: '本周',
  monthly: '本月',
  hazards: '本月',
  duties: '本月',
  director_duties: '今天',
  officer_rules: '今天',
};

export async function exportCommand(deps: ExportDeps, a: Asker, tz: string, args: string[]): Promise<Reply> {
  const today = localDateOf(deps.clock.now(), tz);
  let kind: ReportKind | null = null;
  let category: Category | null = null;
  let format: 'docx' | 'xlsx' = 'docx';
  const dates: string[] = [];
  let rel: [string, string] | null = null;
  for (const w of args) {
    const word = w.trim();
    if (!word) continue;
    const typed = readTypedDate(word);
    if (!kind && parseReportKind(word)) kind = parseReportKind(word);
    else if (range(word, today)) rel = range(word, today);
    else if (typed === 'invalid')
      return { text: `没有“${word}”这一天：请写 2026-12-01 或 12月1日 这样的日期。${USAGE}` };
    // 12月1日 without a year: the last 12月1日 up to today (records lie behind)
    else if (typed) dates.push(resolveTypedDate(typed, today, 'last'));
    else if (parseCategory(word)) category = parseCategory(word);
    else if (/^(excel|xlsx|表格)$/i.test(word)) format = 'xlsx';
    else if (/^(word|docx|文档)$/i.test(word)) format = 'docx';
    else return { text: `看不懂“${word}”。${USAGE}` };
  }
  if (!kind) return { text: `请说明导出哪种记录：${REPORT_KIND_HELP}。${USAGE}` };
  if (!isManager(a)) {
    if (!OFFICER_KINDS.has(kind))
      return { text: '安全员可以导出日检记录和隐患台账，以及职责、守则；其他记录请向安全总监索取。' };
    if (category && a.categories.length && !a.categories.includes(category))
      return { text: `您不负责${CATEGORY_LABELS[category]}，不能导出其记录。` };
  }
  // An officer's export covers their own categories: the standing 职责 / 守则 each of them, records the first.
  const categories: (Category | undefined)[] =
    category || isManager(a) || a.categories.length === 0
      ? [category ?? undefined]
      : STANDING.has(kind)
        ? a.categories
        : [a.categories[0]];
  if (dates.length > 2) return { text: `最多写两个日期（起、止）。${USAGE}` };
  // the two dates in either order
  dates.sort();
  const [from, to] = dates.length ? [dates[0]!, dates[dates.length - 1]!] : (rel ?? range(DEFAULT_RANGE[kind], today)!);
  try {
    const files: ExportedFile[] = [];
    for (const c of categories)
      files.push(...(await exportReport(deps, { unitKey: a.unitKey, kind, from, to, category: c, format })));
    const when = STANDING.has(kind) ? `${to} 现行文本` : `${from}${to !== from ? ` 至 ${to}` : ''}`;
    return {
      text: `已生成 ${files.length} 个文件（${when}）：\n${files.map((f) => `· ${f.fileName}`).join('\n')}`,
      files,
    };
  } catch (e) {
    if (e instanceof AppError) return { text: e.message };
    throw e;
  }
}
