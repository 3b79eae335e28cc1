/**
 * `safeduty import equipment|people FILE --unit U [--dry-run]` and
 * `safeduty import template equipment|people [--out FILE]`. Every bad row is reported as
 * “第 N 行 列名：问题” and nothing is imported unless every row is valid.
 */
import path from 'node:path';
import { readTable, writeTemplate } from '../adapters/ledger/read-table.js';
import { systemClock } from '../adapters/clock/system-clock.js';
import { AppError } from '../app/app-error.js';
import { EQUIPMENT_COLUMNS, PEOPLE_COLUMNS } from '../domain/ledger/columns.js';
import { parseEquipmentTable, parsePeopleTable } from '../domain/ledger/parse-ledger.js';
import { loadFromFlags, parseOptions } from './options.js';
import { openMigratedStore } from './open-store.js';

const USAGE = '用法：safeduty import equipment|people <文件.xlsx|.csv> --unit <单位key> [--dry-run]；safeduty import template equipment|people [--out 文件.xlsx]';

export async function importCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseOptions(args, { unit: { type: 'string' }, 'dry-run': { type: 'boolean' }, out: { type: 'string' } });
  const [what, target] = positionals;
  if (what === 'template') {
    if (target !== 'equipment' && target !== 'people') throw new AppError('USAGE', USAGE);
    const file = path.resolve(values.out ?? (target === 'equipment' ? '特种设备台账模板.xlsx' : '人员名单模板.xlsx'));
    await writeTemplate(file, target === 'equipment' ? EQUIPMENT_COLUMNS : PEOPLE_COLUMNS, target === 'equipment' ? '特种设备台账' : '人员名单');
    console.log(`已生成模板：${file}（第 1 行为表头，第 2 行为示例，请替换为实际数据）`);
    return 0;
  }
  if ((what !== 'equipment' && what !== 'people') || !target) throw new AppError('USAGE', USAGE);
  if (!values.unit) throw new AppError('USAGE', `请用 --unit 指定单位 key（safeduty config check 可查看）。${USAGE}`);
  const table = await readTable(path.resolve(target));
  const parsed = what === 'equipment' ? parseEquipmentTable(table) : parsePeopleTable(table);
  if (!parsed.ok) return report(parsed.problems, target);
  const config = loadFromFlags(values.config);
  const store = await openMigratedStore(config.service.database.url);
  try {
    await store.applyUnits(config.units, systemClock.now());
    const at = systemClock.now();
    const dry = values['dry-run'] === true;
    const r = what === 'equipment' ? await store.importEquipment(values.unit, parsed.rows as never, at, dry) : await store.importPeople(values.unit, parsed.rows as never, at, dry);
    if (!r.ok) return report(r.problems, target);
    console.log(`${dry ? '试运行（未写入）' : '导入完成'}：新增 ${r.created}，更新 ${r.updated}，无变化 ${r.unchanged}`);
    for (const c of r.changes) console.log(`  ${c}`);
    return 0;
  } finally {
    await store.close();
  }
}

function report(problems: string[], file: string): number {
  console.error(`${path.basename(file)} 有 ${problems.length} 处问题，未导入任何数据：`);
  for (const p of problems) console.error(`  ${p}`);
  return 1;
}
