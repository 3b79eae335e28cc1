/** One exported document from the read model: the composer for its kind, for one category or the unit. */
import type { Category } from '../model.js';
import { composeChecklist } from './compose-checklist.js';
import { composeDaily } from './compose-daily.js';
import { composeDuties } from './compose-duties.js';
import { composeHazards } from './compose-hazards.js';
import { composeMonthly } from './compose-monthly.js';
import { composeWeekly } from './compose-weekly.js';
import type { ReportDocument } from './document.js';
import type { ExportData } from './export-data.js';
import { composeRoleDuties } from './role-duties.js';

/**
 * Per-category kinds (checklist, daily, weekly, monthly) need a category; the ledgers (hazards,
 * duties) cover the unit, or one category when given. `generatedAt` is printed and decides what is
 * overdue at export time.
 */
export function composeReport(data: ExportData, category: Category | null, generatedAt: Date): ReportDocument {
  return withLayout(withAnchor(composeKind(data, category, generatedAt), data), data);
}

/**
 * What every page of every export carries (layout.ts): the unit's name in the page header, and the
 * unit's device codes and 使用登记证号, which the writers never break across lines.
 */
function withLayout(doc: ReportDocument, data: ExportData): ReportDocument {
  return {
    ...doc,
    header: data.unit.name,
    codes: data.equipment.flatMap((e) => [e.code, e.registrationNo]).filter((c) => c),
  };
}

/**
 * Every export carries the unit's chain head as it was when exported (`单位:序号:哈希`): kept with
 * the file, it lets `safeduty verify --anchor <file>` prove later that no record up to it was
 * deleted or rewritten.
 */
function withAnchor(doc: ReportDocument, data: ExportData): ReportDocument {
  const head = data.chainHead;
  const value = head ? `${data.unit.key}:${head.seq}:${head.hash}` : '（尚无记录）';
  return {
    ...doc,
    meta: [...doc.meta, { label: '记录链锚点', value }],
    notes: [
      ...doc.notes,
      `记录链锚点为导出时本单位最后一条记录的序号与哈希。请保存本文件；日后可用 safeduty verify --anchor <本文件> 核验数据库中的记录是否完整、未被删改。`,
    ],
  };
}

function composeKind(data: ExportData, category: Category | null, generatedAt: Date): ReportDocument {
  const kind = data.request.kind;
  if (kind === 'hazards') return composeHazards(data, category, generatedAt);
  if (kind === 'duties') return composeDuties(data, category, generatedAt);
  if (!category) throw new RangeError(`${kind} documents are per equipment category`);
  switch (kind) {
    case 'director_duties':
    case 'officer_rules': {
      const texts = data.roleDuties?.[category];
      if (!texts) throw new RangeError(`no ${kind} text for ${category}`);
      return composeRoleDuties(data, category, kind, texts, generatedAt);
    }
    case 'checklist':
      return composeChecklist(data, category, generatedAt);
    case 'daily':
      return composeDaily(data, category, generatedAt);
    case 'weekly':
      return composeWeekly(data, category, generatedAt);
    case 'monthly':
      return composeMonthly(data, category, generatedAt);
  }
}
