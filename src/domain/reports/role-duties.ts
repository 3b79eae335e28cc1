/**
 * 《X安全总监职责》 and 《X安全员守则》: the standing documents 令74 has each 使用单位 keep for every
 * equipment category (存档: “《X安全风险管控清单》《X安全总监职责》《X安全员守则》”). Their text is
 * data: config/duties/<category>.yaml (drawn from the regulation), which a unit may replace; this
 * composes one of them, with the people who hold the role now and signature lines to acknowledge it.
 */
import { addDays, atLocal, localDateOf } from '../local-time.js';
import { CATEGORY_LABELS, type Category } from '../model.js';
import { paragraph, type ReportDocument, sheetName } from './document.js';
import type { ExportData } from './export-data.js';
import { holders, unitMeta } from './facts.js';

export const ROLE_DOC_KINDS = ['director_duties', 'officer_rules'] as const;
export type RoleDocKind = (typeof ROLE_DOC_KINDS)[number];

export interface DutySection {
  /** '' when the text has no parts */
  heading: string;
  /** the article(s) the part follows */
  basis?: string | undefined;
  items: string[];
}

export interface DutyText {
  title: string;
  preface?: string | undefined;
  sections: DutySection[];
  /** who wrote it: the built-in text drawn from the regulation, or the unit's own (its file) */
  origin: { kind: 'default' | 'unit'; file: string };
}

/** The two documents of one category, as the unit has them in force. */
export interface CategoryDuties {
  category: Category;
  /** the legal basis of the whole (令74 chapter, 特种设备安全法) */
  source: string;
  director: DutyText;
  officer: DutyText;
}

/** The documents of a unit's category: the unit's own where it replaced them, else the defaults. */
export type DutiesLookup = (unitKey: string, category: Category) => CategoryDuties | undefined;

const NUMBERS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];
/** （一）（二）…（十一）: the numbering of the regulation's items */
export function itemNumber(n: number): string {
  if (n <= 10) return `（${NUMBERS[n - 1]}）`;
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return `（${tens > 1 ? NUMBERS[tens - 1] : ''}十${ones ? NUMBERS[ones - 1] : ''}）`;
}

export function composeRoleDuties(
  data: ExportData,
  category: Category,
  kind: RoleDocKind,
  duties: CategoryDuties,
  generatedAt: Date,
): ReportDocument {
  const text = kind === 'director_duties' ? duties.director : duties.officer;
  const role = kind === 'director_duties' ? 'director' : 'officer';
  const today = localDateOf(generatedAt, data.unit.timeZone);
  const people = holders(data, role, today, category);
  const since = sinceDates(data, role, category, today);
  const label = CATEGORY_LABELS[category];
  const meta = unitMeta(data, category, '', generatedAt).filter((m) => m.label !== '期间');
  return {
    title: text.title,
    meta: [
      ...meta,
      {
        label: kind === 'director_duties' ? `现任${label}安全总监` : `现任${label}安全员`,
        value: people.length
          ? people.map((p) => (since.get(p) ? `${p}（${since.get(p)} 起）` : p)).join('、')
          : '未设立',
      },
      { label: '依据', value: duties.source },
      {
        label: '文本来源',
        value: text.origin.kind === 'unit' ? '本单位制定' : '默认文本（依据令74条文整理，本单位可替换）',
      },
    ],
    orientation: 'portrait',
    // one section per part (岗位职责, 日管控守则…), its items numbered （一）（二）… as the regulation numbers them
    sections: text.sections.map((s, i) => ({
      heading: s.heading || '条文',
      sheet: sheetName(s.heading || text.title),
      blocks: [
        ...(i === 0 && text.preface ? [paragraph(text.preface)] : []),
        ...s.items.map((it, n) => paragraph(`${itemNumber(n + 1)}${it}`)),
        ...(s.basis ? [paragraph(`依据：${s.basis}`)] : []),
      ],
    })),
    notes: [
      `本文件按令74“存档”要求保存，与《${label}安全风险管控清单》及日管控、周排查、月调度记录一并备查。`,
      kind === 'director_duties'
        ? '安全总监签字确认已知悉上述职责；主要负责人签发。'
        : '安全员签字确认已知悉并遵守上述守则；安全总监签发。',
    ],
    signatures:
      kind === 'director_duties'
        ? ['安全总监（签字确认）', '主要负责人（签发）']
        : ['安全员（签字确认）', '安全总监（签发）'],
  };
}

/** When each current holder took the role (the latest appointment covering the category). */
function sinceDates(data: ExportData, role: 'director' | 'officer', category: Category, today: string) {
  const end = atLocal(addDays(today, 1), '00:00', data.unit.timeZone);
  const out = new Map<string, string>();
  for (const r of data.roles)
    if (
      r.role === role &&
      r.startAt < end &&
      (r.endAt === null || r.endAt >= end) &&
      (r.categories.length === 0 || r.categories.includes(category))
    )
      out.set(r.person, localDateOf(r.startAt, data.unit.timeZone));
  return out;
}
