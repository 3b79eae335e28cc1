/**
 * 《X安全风险管控清单》 (regulation.md §5.1): the version in force on the range's last day, its risk
 * items by 风险类别 with standard, frequency and who is responsible, the devices it applies to with
 * their officers, and the version history.
 */
import { CATEGORY_LABELS, type Category } from '../model.js';
import { type Cell, paragraph, type ReportDocument, table } from './document.js';
import type { ExportChecklist, ExportData } from './export-data.js';
import { devicesOf, holders, roleName, unitMeta } from './facts.js';
import { FREQUENCY_LABELS, statusLabel, yesNo } from './format.js';
import { documentName } from './report-kind.js';

/** The highest effective version whose date has come (as the store's checklistInForce picks it). */
export function checklistInForceOn(
  all: readonly ExportChecklist[],
  category: Category,
  date: string,
): ExportChecklist | null {
  return (
    all
      .filter((c) => c.category === category && c.status !== 'draft' && c.effectiveDate <= date)
      .sort((a, b) => b.version - a.version)[0] ?? null
  );
}

export function composeChecklist(data: ExportData, category: Category, generatedAt: Date): ReportDocument {
  const date = data.request.to;
  const x = CATEGORY_LABELS[category];
  const c = checklistInForceOn(data.checklists, category, date);
  const responsible: Record<string, string> = {
    daily: `${roleName(data, 'officer')}（${holders(data, 'officer', date, category).join('、') || '未设立'}）`,
    weekly: `${roleName(data, 'director')}（${holders(data, 'director', date, category).join('、') || '未设立'}）`,
    monthly: `${roleName(data, 'principal')}（${holders(data, 'principal', date, null).join('、') || '未设立'}）`,
  };
  const items: Cell[][] = (c?.items ?? []).map((it, i) => [
    `${i + 1}`,
    it.group,
    it.content,
    it.standard || '—',
    FREQUENCY_LABELS[it.frequency] ?? it.frequency,
    responsible[it.frequency] ?? '',
    yesNo(it.required),
  ]);
  const devices: Cell[][] = devicesOf(data, category).map((d, i) => [
    `${i + 1}`,
    d.name,
    d.code,
    d.registrationNo || '—',
    d.location || '—',
    statusLabel(d.status),
    d.officer,
    d.nextInspection ?? '—',
  ]);
  const versions: Cell[][] = data.checklists
    .filter((v) => v.category === category)
    .sort((a, b) => a.version - b.version)
    .map((v) => [
      `第 ${v.version} 版`,
      v.effectiveDate,
      v === c ? '现行' : v.status === 'draft' ? '草稿' : v.effectiveDate > date ? '尚未生效' : '已废止',
      `${v.items.length}`,
      v.title,
    ]);
  return {
    title: documentName('checklist', category),
    meta: [
      ...unitMeta(data, category, `${date} 现行版本`, generatedAt).filter((m) => m.label !== '期间'),
      { label: '版本', value: c ? `第 ${c.version} 版，自 ${c.effectiveDate} 起施行` : `${date} 无生效版本` },
    ],
    orientation: 'landscape',
    sections: [
      {
        heading: '管控清单',
        sheet: '管控清单',
        blocks: [
          paragraph(
            `第一条　为建立并落实${x}使用安全主体责任的长效机制，建立健全日管控、周排查、月调度工作制度，结合本单位实际情况，制定本清单。`,
          ),
          paragraph(
            `第二条　按照${x}使用中存在可能导致事故发生的设备的不安全状态、人的不安全行为、管理和环境上的缺陷及安全附件和保护装置等类别划分风险，逐项明确管控标准、频次和责任人。`,
          ),
          ...(c ? [] : [paragraph(`${date} 本单位没有生效的${x}安全风险管控清单。`, true)]),
          table({
            caption: c?.title ?? `${x}安全风险管控清单`,
            columns: ITEM_COLUMNS,
            rows: items,
            empty: '无管控项目',
          }),
        ],
      },
      {
        heading: '适用设备',
        sheet: '适用设备',
        blocks: [
          table({
            caption: '适用设备及责任安全员（逐台明确）',
            columns: DEVICE_COLUMNS,
            rows: devices,
            empty: '本类别无设备',
          }),
        ],
      },
      {
        heading: '版本记录',
        sheet: '版本记录',
        blocks: [table({ caption: '清单版本', columns: VERSION_COLUMNS, rows: versions, empty: '无版本记录' })],
      },
    ],
    notes: ['清单随设备、人员、监管要求或事故情况变化而修订，每次修订形成新版本，历史版本保留备查。'],
    signatures: ['编制：安全总监（签字）', '批准：主要负责人（签字）'],
  };
}

const ITEM_COLUMNS = [
  { header: '序号', width: 5 },
  { header: '风险类别', width: 10 },
  { header: '管控项目（风险点）', width: 30 },
  { header: '管控标准', width: 30 },
  { header: '频次', width: 6 },
  { header: '责任人', width: 18 },
  { header: '必查', width: 5 },
];
const DEVICE_COLUMNS = [
  { header: '序号', width: 5 },
  { header: '设备名称', width: 16 },
  { header: '设备代码', width: 16 },
  { header: '使用登记证编号', width: 18 },
  { header: '使用地点', width: 12 },
  { header: '状态', width: 8 },
  { header: '责任安全员', width: 10 },
  { header: '下次检验日期', width: 12 },
];
const VERSION_COLUMNS = [
  { header: '版本', width: 8 },
  { header: '生效日期', width: 11 },
  { header: '状态', width: 9 },
  { header: '项目数', width: 7 },
  { header: '标题', width: 30 },
];
