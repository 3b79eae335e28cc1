/**
 * Rows of a ledger file → validated records, or every problem as “第 N 行 列名：问题”. Nothing is
 * imported unless every row is valid, so this reports all problems at once.
 */
import { parseLocalDate } from '../local-time.js';
import { CATEGORY_LABELS, EQUIPMENT_STATUS_LABELS, parseCategory, parseEquipmentStatus, type Category, type EquipmentStatus, type Role } from '../model.js';
import { EQUIPMENT_COLUMNS, PEOPLE_COLUMNS, type Column } from './columns.js';

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

export type Parsed<T> = { ok: true; rows: T[] } | { ok: false; problems: string[] };

/** Maps each column to its index in the header row; missing required columns are problems. */
function headerIndex(header: string[], columns: Column[]): { index: Map<string, number>; problems: string[] } {
  const norm = header.map((h) => h.replace(/\s+/g, '').replace(/[（(].*[)）]$/, ''));
  const index = new Map<string, number>();
  for (const c of columns) {
    const i = norm.findIndex((h) => h === c.header || c.aliases.includes(h));
    if (i >= 0) index.set(c.key, i);
  }
  const missing = columns.filter((c) => c.required && !index.has(c.key)).map((c) => c.header);
  return { index, problems: missing.length ? [`第 1 行（表头）：缺少列 ${missing.join('、')}；请使用 safeduty import template 生成的模板`] : [] };
}

function rowsOf<T>(table: string[][], columns: Column[], read: (get: (key: string) => string, line: number, problem: (col: string, msg: string) => void) => T | null): Parsed<T> {
  const [header, ...body] = table;
  if (!header || header.every((h) => !h.trim())) return { ok: false, problems: ['文件是空的：第 1 行应为表头，之后每行一条记录'] };
  const { index, problems } = headerIndex(header, columns);
  if (problems.length) return { ok: false, problems };
  const rows: T[] = [];
  body.forEach((cells, i) => {
    const line = i + 2;
    if (cells.every((c) => !c.trim())) return;
    const get = (key: string) => (index.has(key) ? (cells[index.get(key)!] ?? '').trim() : '');
    const problem = (col: string, msg: string) => problems.push(`第 ${line} 行 ${col}：${msg}`);
    for (const c of columns) if (c.required && !get(c.key)) problem(c.header, '不能为空');
    const r = read(get, line, problem);
    if (r) rows.push(r);
  });
  if (rows.length === 0 && problems.length === 0) problems.push('文件中没有数据行：请在表头下面逐行填写');
  return problems.length ? { ok: false, problems } : { ok: true, rows };
}

export function parseEquipmentTable(table: string[][]): Parsed<EquipmentRow> {
  const seen = new Map<string, number>();
  return rowsOf(table, EQUIPMENT_COLUMNS, (get, line, problem) => {
    const category = parseCategory(get('category'));
    if (get('category') && !category) problem('设备类别', `“${get('category')}”不是特种设备类别，可选：${Object.values(CATEGORY_LABELS).join('、')}`);
    const status = get('status') ? parseEquipmentStatus(get('status')) : 'in_use';
    if (!status) problem('状态', `“${get('status')}”无法识别，可选：${Object.values(EQUIPMENT_STATUS_LABELS).join('、')}`);
    const next = get('nextInspection') ? normalizeDate(get('nextInspection')) : null;
    if (get('nextInspection') && !next) problem('下次检验日期', `“${get('nextInspection')}”不是日期，应为 2027-03-31`);
    const code = get('code');
    if (code && seen.has(code)) problem('设备代码', `${code} 与第 ${seen.get(code)} 行重复`);
    if (code) seen.set(code, line);
    if (!category || !status || !code || !get('name') || !get('officer')) return null;
    return { line, category, code, registrationNo: get('registrationNo'), name: get('name'), location: get('location'), status, officer: get('officer'), nextInspection: next };
  });
}

const ROLE_WORDS: Record<string, Role> = { 主要负责人: 'principal', 安全总监: 'director', 质量安全总监: 'director', 安全员: 'officer', 质量安全员: 'officer', principal: 'principal', director: 'director', officer: 'officer' };

export function parsePeopleTable(table: string[][]): Parsed<PersonRow> {
  const seen = new Map<string, number>();
  return rowsOf(table, PEOPLE_COLUMNS, (get, line, problem) => {
    const mobile = get('mobile').replace(/[\s-]/g, '');
    if (mobile && !/^1\d{10}$/.test(mobile)) problem('手机号', `“${get('mobile')}”应为 11 位手机号`);
    if (mobile && seen.has(mobile)) problem('手机号', `${mobile} 与第 ${seen.get(mobile)} 行重复`);
    if (mobile) seen.set(mobile, line);
    const words = split(get('roles'));
    const roles = words.map((w) => ROLE_WORDS[w]);
    if (words.length && roles.some((r) => !r)) problem('角色', `“${get('roles')}”无法识别，可选：主要负责人、安全总监、安全员（多个用“、”分隔）`);
    const catWords = split(get('categories'));
    const categories = catWords.map((w) => parseCategory(w));
    if (categories.some((c) => !c)) problem('负责类别', `“${get('categories')}”中有未知类别`);
    const expires = get('certificateExpires') ? normalizeDate(get('certificateExpires')) : null;
    if (get('certificateExpires') && !expires) problem('证书有效期', `“${get('certificateExpires')}”不是日期，应为 2030-06-30`);
    if (!get('name') || !mobile || roles.length === 0 || roles.some((r) => !r) || categories.some((c) => !c)) return null;
    const cert = get('certificateKind') || get('certificateNumber') ? { kind: get('certificateKind') || '证书', number: get('certificateNumber'), expires } : null;
    return { line, name: get('name'), mobile, roles: [...new Set(roles as Role[])], categories: categories as Category[], certificate: cert };
  });
}

const split = (s: string): string[] => s.split(/[、,，;；/\s]+/).map((x) => x.trim()).filter(Boolean);

/** 2027-03-31, 2027/3/31, 2027.03.31 → 2027-03-31 */
export function normalizeDate(s: string): string | null {
  const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(s.trim());
  return m ? parseLocalDate(`${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`) : null;
}
