/**
 * Rows of a ledger file → validated records and every problem as “第 N 行 列名：问题”. Rows are fed
 * one at a time (LedgerParser.push, as a stream reads them), so a file is never held whole. Nothing
 * is imported unless every row is valid, so every problem of every row is collected in one pass;
 * the store then adds the problems only the database can see (an officer not in the unit, a code of
 * another unit) for the same rows, valid or not (`refs`), and all are reported together.
 */

import {
  CATEGORY_LABELS,
  type Category,
  EQUIPMENT_STATUS_LABELS,
  type EquipmentStatus,
  parseCategory,
  parseEquipmentStatus,
  type Role,
} from '../model.js';
import { datedDay, readTypedDate } from '../typed-date.js';
import { type Column, EQUIPMENT_COLUMNS, PEOPLE_COLUMNS } from './columns.js';

export interface EquipmentRow {
  line: number;
  category: Category;
  code: string;
  registrationNo: string;
  name: string;
  location: string;
  status: EquipmentStatus;
  officer: string;
  nextInspection: string | null;
}

export interface PersonRow {
  line: number;
  name: string;
  mobile: string;
  roles: Role[];
  categories: Category[];
  certificate: { kind: string; number: string; expires: string | null } | null;
}

/** Maps each column to its index in the header row; missing required columns are problems. */
function headerIndex(header: string[], columns: Column[]): { index: Map<string, number>; problems: string[] } {
  const norm = header.map((h) => h.replace(/\s+/g, '').replace(/[（(].*[)）]$/, ''));
  const index = new Map<string, number>();
  for (const c of columns) {
    const i = norm.findIndex((h) => h === c.header || c.aliases.includes(h));
    if (i >= 0) index.set(c.key, i);
  }
  const missing = columns.filter((c) => c.required && !index.has(c.key)).map((c) => c.header);
  return {
    index,
    problems: missing.length
      ? [`第 1 行（表头）：缺少列 ${missing.join('、')}；请使用 safeduty import template 生成的模板`]
      : [],
  };
}

/** A problem of one row (line 1 is the header). */
export interface LedgerProblem {
  line: number;
  text: string;
}

/** What the database must check for a row, valid or not: its 设备代码 and 负责安全员. */
export interface LedgerRef {
  line: number;
  code: string;
  officer: string;
  category: Category | null;
}

export interface Parsed<T> {
  ok: boolean;
  rows: T[];
  /** every problem, in line order, as “第 N 行 列名：问题” */
  problems: string[];
  issues: LedgerProblem[];
  refs: LedgerRef[];
}

type RowReader<T> = (
  get: (key: string) => string,
  line: number,
  problem: (col: string, msg: string) => void,
  ref: (r: LedgerRef) => void,
) => T | null;

/** Problems in line order (a row's own problems keep their column order). */
export function sortProblems(issues: LedgerProblem[]): LedgerProblem[] {
  return issues
    .map((p, i) => ({ p, i }))
    .sort((a, b) => a.p.line - b.p.line || a.i - b.i)
    .map(({ p }) => p);
}

export function formatProblem(p: LedgerProblem): string {
  return p.text;
}

/** Feeds a ledger row by row; the first row is the header. */
export class LedgerParser<T> {
  private index: Map<string, number> | null = null;
  private headerSeen = false;
  private readonly rows: T[] = [];
  private readonly issues: LedgerProblem[] = [];
  private readonly refs: LedgerRef[] = [];
  private dataRows = 0;

  constructor(
    private readonly columns: Column[],
    private readonly read: RowReader<T>,
  ) {}

  push(cells: string[], line: number): void {
    if (!this.headerSeen) {
      this.headerSeen = true;
      if (cells.every((h) => !h.trim())) {
        this.issues.push({ line, text: '文件是空的：第 1 行应为表头，之后每行一条记录' });
        return;
      }
      const { index, problems } = headerIndex(cells, this.columns);
      for (const text of problems) this.issues.push({ line, text });
      if (!problems.length) this.index = index;
      return;
    }
    const index = this.index;
    if (!index || cells.every((c) => !c.trim())) return;
    this.dataRows++;
    const get = (key: string) => (index.has(key) ? (cells[index.get(key)!] ?? '').trim() : '');
    const problem = (col: string, msg: string) => this.issues.push({ line, text: `第 ${line} 行 ${col}：${msg}` });
    for (const c of this.columns) if (c.required && !get(c.key)) problem(c.header, '不能为空');
    const r = this.read(get, line, problem, (ref) => this.refs.push(ref));
    if (r) this.rows.push(r);
  }

  finish(): Parsed<T> {
    if (!this.headerSeen) this.issues.push({ line: 1, text: '文件是空的：第 1 行应为表头，之后每行一条记录' });
    else if (this.index && this.dataRows === 0)
      this.issues.push({ line: 2, text: '文件中没有数据行：请在表头下面逐行填写' });
    const issues = sortProblems(this.issues);
    return { ok: issues.length === 0, rows: this.rows, problems: issues.map(formatProblem), issues, refs: this.refs };
  }
}

function feed<T>(parser: LedgerParser<T>, table: string[][]): Parsed<T> {
  table.forEach((cells, i) => {
    parser.push(cells, i + 1);
  });
  return parser.finish();
}

export function equipmentParser(): LedgerParser<EquipmentRow> {
  const seen = new Map<string, number>();
  return new LedgerParser(EQUIPMENT_COLUMNS, (get, line, problem, ref) => {
    const category = parseCategory(get('category'));
    if (get('category') && !category)
      problem('设备类别', `“${get('category')}”不是特种设备类别，可选：${Object.values(CATEGORY_LABELS).join('、')}`);
    const status = get('status') ? parseEquipmentStatus(get('status')) : 'in_use';
    if (!status)
      problem('状态', `“${get('status')}”无法识别，可选：${Object.values(EQUIPMENT_STATUS_LABELS).join('、')}`);
    const next = get('nextInspection') ? normalizeDate(get('nextInspection')) : null;
    if (get('nextInspection') && !next) problem('下次检验日期', `“${get('nextInspection')}”不是日期，应为 2027-03-31`);
    const code = get('code');
    if (code && seen.has(code)) problem('设备代码', `${code} 与第 ${seen.get(code)} 行重复`);
    if (code && !seen.has(code)) seen.set(code, line);
    ref({ line, code, officer: get('officer'), category });
    if (!category || !status || !code || !get('name') || !get('officer')) return null;
    return {
      line,
      category,
      code,
      registrationNo: get('registrationNo'),
      name: get('name'),
      location: get('location'),
      status,
      officer: get('officer'),
      nextInspection: next,
    };
  });
}

export function parseEquipmentTable(table: string[][]): Parsed<EquipmentRow> {
  return feed(equipmentParser(), table);
}

const ROLE_WORDS: Record<string, Role> = {
  主要负责人: 'principal',
  安全总监: 'director',
  质量安全总监: 'director',
  安全员: 'officer',
  质量安全员: 'officer',
  principal: 'principal',
  director: 'director',
  officer: 'officer',
};

export function peopleParser(): LedgerParser<PersonRow> {
  const seen = new Map<string, number>();
  return new LedgerParser(PEOPLE_COLUMNS, (get, line, problem) => {
    const mobile = get('mobile').replace(/[\s-]/g, '');
    if (mobile && !/^1\d{10}$/.test(mobile)) problem('手机号', `“${get('mobile')}”应为 11 位手机号`);
    if (mobile && seen.has(mobile)) problem('手机号', `${mobile} 与第 ${seen.get(mobile)} 行重复`);
    if (mobile && !seen.has(mobile)) seen.set(mobile, line);
    const words = split(get('roles'));
    const roles = words.map((w) => ROLE_WORDS[w]);
    if (words.length && roles.some((r) => !r))
      problem('角色', `“${get('roles')}”无法识别，可选：主要负责人、安全总监、安全员（多个用“、”分隔）`);
    const catWords = split(get('categories'));
    const categories = catWords.map((w) => parseCategory(w));
    if (categories.some((c) => !c)) problem('负责类别', `“${get('categories')}”中有未知类别`);
    const expires = get('certificateExpires') ? normalizeDate(get('certificateExpires')) : null;
    if (get('certificateExpires') && !expires)
      problem('证书有效期', `“${get('certificateExpires')}”不是日期，应为 2030-06-30`);
    if (!get('name') || !mobile || roles.length === 0 || roles.some((r) => !r) || categories.some((c) => !c))
      return null;
    const cert =
      get('certificateKind') || get('certificateNumber')
        ? { kind: get('certificateKind') || '证书', number: get('certificateNumber'), expires }
        : null;
    return {
      line,
      name: get('name'),
      mobile,
      roles: [...new Set(roles as Role[])],
      categories: categories as Category[],
      certificate: cert,
    };
  });
}

export function parsePeopleTable(table: string[][]): Parsed<PersonRow> {
  return feed(peopleParser(), table);
}

const split = (s: string): string[] =>
  s
    .split(/[、,，;；/\s]+/)
    .map((x) => x.trim())
    .filter(Boolean);

/** 2027-03-31, 2027/3/31, 2027.03.31, 2027年3月31日 → 2027-03-31 (a ledger's dates name their year). */
export function normalizeDate(s: string): string | null {
  return datedDay(readTypedDate(s));
}
