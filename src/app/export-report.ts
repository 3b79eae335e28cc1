/**
 * Exports the records of a unit as the documents inspectors expect, in Word or Excel: one file per
 * equipment category for the per-category documents when no category is given (the standing 清单,
 * 职责, 守则 as in force on the date, today when none is given), one file for the unit-wide ledgers
 * (隐患台账, 履职记录). Input is validated first; every refusal says what to do.
 */
import { z } from 'zod';
import { imageSize } from '../domain/evidence/image-size.js';
import { addDays, atLocal, daysBetween, localDateOf, parseLocalDate } from '../domain/local-time.js';
import { CATEGORY_LABELS, type Category, parseCategory } from '../domain/model.js';
import { hazardCategories, hazardNumbers } from '../domain/reports/compose-period-items.js';
import { type ExportPhoto, photoSection } from '../domain/reports/compose-photos.js';
import { composeReport } from '../domain/reports/compose-report.js';
import type { ReportDocument, ReportSection } from '../domain/reports/document.js';
import type { ExportData } from '../domain/reports/export-data.js';
import {
  documentName,
  PER_CATEGORY,
  parseReportKind,
  REPORT_KIND_HELP,
  type ReportKind,
  STANDING,
} from '../domain/reports/report-kind.js';
import {
  type CategoryDuties,
  type DutiesLookup,
  ROLE_DOC_KINDS,
  type RoleDocKind,
} from '../domain/reports/role-duties.js';
import { AppError } from './app-error.js';
import type { EvidenceFiles, Thumbnails } from './evidence/evidence-port.js';
import type { Clock, EngineStore, QueriesStore } from './ports.js';

export const EXPORT_FORMATS = ['docx', 'xlsx'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** Renders the neutral document to a file's bytes (adapters/reports: Word, Excel). */
export interface ReportWriter {
  readonly format: ExportFormat;
  readonly mime: string;
  write(doc: ReportDocument): Promise<Uint8Array>;
}

export interface ExportDeps {
  store: QueriesStore & Pick<EngineStore, 'unitHeaders'>;
  /** the evidence photos' files: 日检 and 隐患台账 exports show them (thumbnails in Word, names and hashes in both) */
  evidence?: EvidenceFiles | undefined;
  /**
   * photos made small for Word (adapters/evidence/sharp-thumbnails.ts); absent: small JPEG/PNG files embedded as kept
   */
  thumbnails?: Thumbnails | undefined;
  clock: Clock;
  writers: Readonly<Record<ExportFormat, ReportWriter>>;
  /** 《X安全总监职责》《X安全员守则》 of each unit (configuration: config/duties, the unit's own files) */
  duties?: DutiesLookup | undefined;
}

export interface ExportedFile {
  fileName: string;
  bytes: Uint8Array;
  mime: string;
}

const MAX_DAYS = 366;
/** Dates an export may name: records start with the service; the calendar arithmetic is bounded. */
export const EXPORT_DATE_RANGE = { earliest: '2000-01-01', latest: '2099-12-31' } as const;
const date = (what: string) =>
  z
    .string({ error: `请指定${what}，例如 2026-12-01` })
    .trim()
    .refine((s) => parseLocalDate(s) !== null, {
      error: (i) => `${what}“${String(i.input)}”不是有效日期，请写成 2026-12-01 的形式`,
    })
    .refine((s) => s >= EXPORT_DATE_RANGE.earliest && s <= EXPORT_DATE_RANGE.latest, {
      error: (i) =>
        `${what}“${String(i.input)}”超出范围：只能导出 ${EXPORT_DATE_RANGE.earliest} 至 ${EXPORT_DATE_RANGE.latest} 之间的记录`,
    });

export const exportInputSchema = z
  .object({
    unitKey: z
      .string({ error: '请指定单位（单位标识或名称），例如 wanjia-property' })
      .trim()
      .min(1, { error: '请指定单位（单位标识或名称），例如 wanjia-property' }),
    kind: z
      .string({ error: `请指定导出类型：${REPORT_KIND_HELP}` })
      .refine((s) => parseReportKind(s) !== null, {
        error: (i) => `未知的导出类型“${String(i.input)}”：可选 ${REPORT_KIND_HELP}`,
      })
      .transform((s) => parseReportKind(s)!),
    from: date('开始日期'),
    /** default: the start date (one day; for the checklist, the date whose version is in force) */
    to: date('结束日期').optional(),
    category: z
      .string()
      .trim()
      .refine((s) => parseCategory(s) !== null, {
        error: (i) => `未知的设备类别“${String(i.input)}”：可选 ${Object.values(CATEGORY_LABELS).join('、')}`,
      })
      .transform((s) => parseCategory(s)!)
      .optional(),
    format: z.enum(EXPORT_FORMATS, { error: '格式应为 docx（Word）或 xlsx（Excel）' }).default('docx'),
  })
  .transform((v) => ({ ...v, to: v.to ?? v.from }))
  .refine((v) => v.to >= v.from, { error: '结束日期不能早于开始日期' })
  .refine((v) => daysBetween(v.from, v.to) < MAX_DAYS, { error: `一次最多导出 ${MAX_DAYS} 天，请缩小日期范围` });
/** As typed on the command line or in chat; validated by exportInputSchema. */
export interface ExportInput {
  unitKey: string;
  /** checklist daily weekly monthly hazards duties director_duties officer_rules, or 清单 日检 周报 月报 隐患 履职 职责 守则 */
  kind: string;
  from: string;
  to?: string | undefined;
  /** a category code or label (电梯); none: every category of the unit */
  category?: string | undefined;
  format?: string | undefined;
}

export async function exportReport(deps: ExportDeps, given: ExportInput): Promise<ExportedFile[]> {
  const input = await withStandingDate(deps, given);
  const parsed = exportInputSchema.safeParse(input);
  if (!parsed.success) throw new AppError('USAGE', parsed.error.issues.map((i) => i.message).join('；'));
  const { kind, from, to, category, format } = parsed.data;
  const unit = await findUnit(deps, parsed.data.unitKey);
  const data = await deps.store.exportData({ unitKey: unit.key, kind, from, to, category: category ?? null });
  if (!data) throw new AppError('NOT_FOUND', `找不到单位“${parsed.data.unitKey}”，请先运行 safeduty config apply`);
  if (category && !data.categories.includes(category)) {
    throw new AppError(
      'NOT_FOUND',
      `${data.unit.name}没有${CATEGORY_LABELS[category]}` +
        `类设备或清单${data.categories.length ? `，可选：${data.categories.map((c) => CATEGORY_LABELS[c]).join('、')}` : ''}`,
    );
  }
  const categories: (Category | null)[] = PER_CATEGORY.has(kind)
    ? category
      ? [category]
      : data.categories
    : [category ?? null];
  if (categories.length === 0)
    throw new AppError('NOT_FOUND', `${data.unit.name}尚无设备：请先在单位配置中登记设备（safeduty config apply）`);
  if (ROLE_DOC_KINDS.includes(kind as RoleDocKind))
    data.roleDuties = roleDutiesOf(deps, data, categories, kind as RoleDocKind);
  const writer = deps.writers[format];
  const now = deps.clock.now();
  const files: ExportedFile[] = [];
  for (const c of categories) {
    const doc = composeReport(data, c, now);
    const photos = kind === 'daily' || kind === 'hazards' ? await photosOf(deps, data, c, kind) : null;
    if (photos) doc.sections.push(photos);
    files.push({
      fileName: fileName(kind, c, data.unit.name, from, to, format),
      bytes: await writer.write(doc),
      mime: writer.mime,
    });
  }
  return files;
}

/** A standing document (清单, 职责, 守则) is exported as in force today when no date is given. */
async function withStandingDate(deps: ExportDeps, input: ExportInput): Promise<ExportInput> {
  const kind = parseReportKind(input.kind ?? '');
  if (!kind || !STANDING.has(kind) || input.from?.trim() || !input.unitKey?.trim()) return input;
  const unit = await findUnit(deps, input.unitKey.trim());
  return { ...input, from: localDateOf(deps.clock.now(), unit.timeZone) };
}

/** The unit's 职责 / 守则 texts for the categories exported; refused when the configuration gave none. */
function roleDutiesOf(
  deps: ExportDeps,
  data: ExportData,
  categories: (Category | null)[],
  kind: RoleDocKind,
): Partial<Record<Category, CategoryDuties>> {
  const out: Partial<Record<Category, CategoryDuties>> = {};
  for (const c of categories) {
    const texts = c ? deps.duties?.(data.unit.key, c) : undefined;
    if (!c || !texts)
      throw new AppError(
        'NOT_FOUND',
        `没有${c ? CATEGORY_LABELS[c] : ''}安全总监职责和安全员守则的文本：请检查配置目录的 duties/ 和单位文件的 duties 设置（safeduty config check）`,
      );
    // The built-in texts follow 令74 (使用单位); a 生产单位's 质量安全总监/质量安全员 follow 令73, which they do not cover.
    const text = kind === 'director_duties' ? texts.director : texts.officer;
    if (data.unit.kind === 'producer' && text.origin.kind === 'default')
      throw new AppError(
        'NOT_FOUND',
        `默认的${documentName(kind, c)}依据令74（使用单位）整理，不适用于生产单位：请在单位文件中用 duties: { ${c}: 文件路径 } 提供本单位依据令73制定的文本`,
      );
    out[c] = texts;
  }
  return out;
}

async function findUnit(deps: ExportDeps, query: string): Promise<{ key: string; name: string; timeZone: string }> {
  const units = await deps.store.unitHeaders();
  const hit = units.find((u) => u.key === query) ?? units.find((u) => u.name === query);
  if (hit) return hit;
  const list = units.map((u) => `${u.key}（${u.name}）`).join('、');
  throw new AppError(
    'NOT_FOUND',
    `找不到单位“${query}”：${list ? `可选 ${list}` : '数据库中还没有单位，请先运行 safeduty config apply'}`,
  );
}

/** 每日电梯安全检查记录_天津万家物业管理有限公司_2026-12-01_2026-12-07.docx; the checklist carries its one date. */
export function fileName(
  kind: ReportKind,
  category: Category | null,
  unitName: string,
  from: string,
  to: string,
  format: ExportFormat,
): string {
  const dates = STANDING.has(kind) ? [to] : from === to ? [from] : [from, to];
  return `${[documentName(kind, category), unitName, ...dates].join('_').replace(/[\\/:*?"<>|\s]+/g, '-')}.${format}`;
}

/** Without a thumbnailer, photos at most this large are embedded as they are; larger ones are named and hashed only. */
const EMBED_MAX_BYTES = 512 * 1024;
/** Thumbnails fit this box in pixels: sharp at the 96 px a table cell prints them at (2.5× for print). */
export const THUMBNAIL_BOX_PX = 240;

/**
 * The 照片证据 section of a 日检 (hazards found in the range) or 隐患台账 (hazards open in the range)
 * export, for the category's devices; null when there is no photo (or no evidence store).
 */
async function photosOf(
  deps: ExportDeps,
  data: ExportData,
  category: Category | null,
  kind: ReportKind,
): Promise<ReportSection | null> {
  if (!deps.evidence || !deps.store.evidenceOfHazards) return null;
  const tz = data.unit.timeZone;
  const fromAt = atLocal(data.request.from, '00:00', tz);
  const toAt = atLocal(addDays(data.request.to, 1), '00:00', tz);
  const devices = new Map(data.equipment.map((e) => [e.id, e]));
  // numbered and placed as the 隐患台账 numbers and places them (an item's hazard has no device)
  const numbers = hazardNumbers(data);
  const categories = hazardCategories(data);
  const label = new Map(
    data.hazards.map((h) => {
      const d = h.equipmentId ? devices.get(h.equipmentId) : undefined;
      return [h.id, `${numbers.get(h.id) ?? ''} ${d ? `${d.name}：` : ''}${h.description}`];
    }),
  );
  const shown = data.hazards.filter((h) => {
    if (category && categories.get(h.id) !== category) return false;
    return kind === 'daily'
      ? h.createdAt >= fromAt && h.createdAt < toAt
      : h.createdAt < toAt && (h.verifiedAt === null || h.verifiedAt >= fromAt);
  });
  const rows = await deps.store.evidenceOfHazards(shown.map((h) => h.id));
  const photos: ExportPhoto[] = [];
  for (const r of rows) {
    const p: ExportPhoto = {
      hazard: label.get(r.hazardId ?? '') ?? '',
      stage: r.stage,
      hash: r.hash,
      size: r.size,
      mime: r.mime,
      at: r.at,
      by: r.personName,
    };
    if (deps.thumbnails) {
      // one photo decoded at a time, only its thumbnail kept: a month of photos never sits in memory whole
      const bytes = await deps.evidence.get(r.hash);
      const small = bytes ? await deps.thumbnails.thumbnail(bytes, THUMBNAIL_BOX_PX) : null;
      if (small) p.image = small;
    } else if (r.mime !== 'image/heic' && r.size <= EMBED_MAX_BYTES) {
      const bytes = await deps.evidence.get(r.hash);
      const size = bytes ? imageSize(bytes) : null;
      if (bytes)
        p.image = {
          bytes,
          type: r.mime === 'image/png' ? 'png' : 'jpg',
          width: size?.width ?? 4,
          height: size?.height ?? 3,
        };
    }
    photos.push(p);
  }
  return photoSection(photos, tz);
}
