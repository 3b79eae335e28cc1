/**
 * `safeduty export <kind> --unit U --from D [--to D] [--category C] [--format docx|xlsx] [--out DIR]`:
 * writes the records of a unit as Word or Excel documents laid out like the templates inspectors
 * expect. Kinds: checklist daily weekly monthly hazards duties (清单 日检 周报 月报 隐患 履职).
 */

import fs from 'node:fs';
import path from 'node:path';
import { systemClock } from '../adapters/clock/system-clock.js';
import { DiskEvidenceFiles } from '../adapters/evidence/disk-evidence-files.js';
import { sharpThumbnails } from '../adapters/evidence/sharp-thumbnails.js';
import { REPORT_WRITERS } from '../adapters/reports/writers.js';
import { AppError } from '../app/app-error.js';
import { type ExportedFile, exportReport } from '../app/export-report.js';
import { dutiesLookup } from '../config/load-duties.js';
import { REPORT_KIND_HELP } from '../domain/reports/report-kind.js';
import { openMigratedStore } from './open-store.js';
import { loadFromFlags, parseOptions } from './options.js';

export async function exportCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseOptions(args, {
    unit: { type: 'string' },
    from: { type: 'string' },
    to: { type: 'string' },
    category: { type: 'string' },
    format: { type: 'string' },
    out: { type: 'string' },
  });
  if (positionals.length !== 1)
    throw new AppError(
      'USAGE',
      `用法：safeduty export <类型> --unit 单位 --from 2026-12-01 [--to 2026-12-07]（清单、职责、守则可省略日期：今日现行文本） ` +
        `[--category 电梯] [--format docx|xlsx] [--out 目录]；类型可选 ${REPORT_KIND_HELP}`,
    );
  const config = loadFromFlags(values.config);
  const store = await openMigratedStore(config.service.database.url);
  try {
    const files = await exportReport(
      {
        store,
        clock: systemClock,
        writers: REPORT_WRITERS,
        evidence: new DiskEvidenceFiles(path.resolve(config.service.evidence.dir)),
        duties: dutiesLookup(config.duties),
        thumbnails: sharpThumbnails,
      },
      {
        unitKey: values.unit ?? (config.units.length === 1 ? config.units[0]!.key : ''),
        kind: positionals[0]!,
        from: values.from ?? '',
        to: values.to,
        category: values.category,
        format: values.format,
      },
    );
    for (const p of saveFiles(files, values.out ?? '.')) console.log(`已导出 ${p}`);
  } finally {
    await store.close();
  }
  return 0;
}

/** Writes the files into `dir` (created if needed) and returns their paths. */
export function saveFiles(files: ExportedFile[], dir: string): string[] {
  fs.mkdirSync(dir, { recursive: true });
  return files.map((f) => {
    const p = path.join(dir, f.fileName);
    fs.writeFileSync(p, f.bytes);
    return `${p}（${Math.ceil(f.bytes.length / 1024)} KB）`;
  });
}
