/**
 * `safeduty import equipment|people FILE --unit U [--dry-run]` and
 * `safeduty import template equipment|people [--out FILE]`. The file is read in a stream (limits:
 * domain/ledger/limits.ts); every bad row is reported as “第 N 行 列名：问题” in one pass, the
 * file's own problems and the database's (unknown officer, code of another unit) together, and
 * nothing is imported unless every row is valid.
 */
import path from 'node:path';
import { systemClock } from '../adapters/clock/system-clock.js';
import { readRows, writeTemplate } from '../adapters/ledger/read-table.js';
import { AppError } from '../app/app-error.js';
import { EQUIPMENT_COLUMNS, PEOPLE_COLUMNS } from '../domain/ledger/columns.js';
import { equipmentParser, peopleParser } from '../domain/ledger/parse-ledger.js';
import { openMigratedStore } from './open-store.js';
import { loadFromFlags, parseOptions } from './options.js';

const USAGE =
  '用法：safeduty import equipment|people <文件.xlsx|.csv> --unit <单位key> [--dry-run]；safeduty import template ' +
  'equipment|people [--out 文件.xlsx]';

export async function importCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseOptions(args, {
    unit: { type: 'string' },
    'dry-run': { type: 'boolean' },
    out: { type: 'string' },
  });
  const [what, target] = positionals;
  if (what === 'template') {
    if (target !== 'equipment' && target !== 'people') throw new AppError('USAGE', USAGE);
    const file = path.resolve(values.out ?? (target === 'equipment' ? '特种设备台账模板.xlsx' : '人员名单模板.xlsx'));
    await writeTemplate(
      file,
      target === 'equipment' ? EQUIPMENT_COLUMNS : PEOPLE_COLUMNS,
      target === 'equipment' ? '特种设备台账' : '人员名单',
    );
    console.log(`已生成模板：${file}（第 1 行为表头，第 2 行为示例，请替换为实际数据）`);
    return 0;
  }
  if ((what !== 'equipment' && what !== 'people') || !target) throw new AppError('USAGE', USAGE);
  if (!values.unit) throw new AppError('USAGE', `请用 --unit 指定单位 key（safeduty config check 可查看）。${USAGE}`);
  const parser = what === 'equipment' ? equipmentParser() : peopleParser();
  await readRows(path.resolve(target), (cells, line) => parser.push(cells, line));
  const parsed = parser.finish();
  // Without usable headers there are no rows to check against the database.
  if (parsed.issues.some((p) => p.line === 1) || (parsed.rows.length === 0 && parsed.refs.length === 0))
    return report(parsed.problems, target);
  const config = loadFromFlags(values.config);
  const store = await openMigratedStore(config.service.database.url);
  try {
    await store.applyUnits(config.units, systemClock.now());
    const at = systemClock.now();
    const dry = values['dry-run'] === true;
    const earlier = { issues: parsed.issues, refs: parsed.refs };
    const r =
      what === 'equipment'
        ? await store.importEquipment(values.unit, parsed.rows as never, at, dry, earlier)
        : await store.importPeople(values.unit, parsed.rows as never, at, dry, earlier);
    if (!r.ok) return report(r.problems, target);
    console.log(
      `${dry ? '试运行（未写入）' : '导入完成'}：新增 ${r.created}，更新 ${r.updated}，无变化 ${r.unchanged}`,
    );
    for (const c of r.changes.slice(0, SHOWN)) console.log(`  ${c}`);
    if (r.changes.length > SHOWN) console.log(`  ……另有 ${r.changes.length - SHOWN} 条新增或更新未列出`);
    return 0;
  } finally {
    await store.close();
  }
}

/** Changes listed after an import (a 60,000-row ledger would otherwise print 60,000 lines). */
const SHOWN = 200;

function report(problems: string[], file: string): number {
  console.error(`${path.basename(file)} 有 ${problems.length} 处问题，未导入任何数据：`);
  for (const p of problems) console.error(`  ${p}`);
  return 1;
}
