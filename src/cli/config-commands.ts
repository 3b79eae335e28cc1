/** `safeduty config check` and `safeduty config apply`. */
import { summarizeConfig } from './config-summary.js';
import { loadFromFlags, parseOptions } from './options.js';
import { openMigratedStore } from './open-store.js';
import { systemClock } from '../adapters/clock/system-clock.js';

export async function configCheck(args: string[]): Promise<number> {
  const { values } = parseOptions(args, { json: { type: 'boolean' } });
  const config = loadFromFlags(values.config);
  if (values.json) {
    console.log(JSON.stringify({ ok: true, dir: config.dir, units: config.units, warnings: config.warnings }, null, 2));
  } else {
    console.log(summarizeConfig(config).join('\n'));
  }
  return 0;
}

export async function configApply(args: string[]): Promise<number> {
  const { values } = parseOptions(args, {});
  const config = loadFromFlags(values.config);
  const store = await openMigratedStore(config.service.database.url);
  try {
    const results = await store.applyUnits(config.units, systemClock.now());
    for (const r of results) {
      console.log(`${r.key}：${r.created ? '新建' : r.changes.length ? `${r.changes.length} 处更新` : '无变化'}`);
      for (const line of r.changes) console.log(`  ${line}`);
    }
  } finally {
    await store.close();
  }
  return 0;
}
