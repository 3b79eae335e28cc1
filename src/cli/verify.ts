/** `safeduty verify [--unit U]`: recomputes the record chain and names the first broken link. */
import { redactUrl } from '../adapters/store/db.js';
import type { ChainReport } from '../app/ports.js';
import { loadFromFlags, parseOptions } from './options.js';
import { openMigratedStore } from './open-store.js';

/** One unit's chain as one line: ✓ intact, or ✗ where it breaks and why. */
export function chainLine(r: ChainReport): string {
  if (r.ok) return `✓ ${r.unitName}（${r.unitKey}）：${r.records} 条记录，链完整`;
  const b = r.broken!;
  return `✗ ${r.unitName}（${r.unitKey}）：前 ${r.records} 条完整；第 ${b.seq} 条记录（${b.kind}，${b.recordedAt.toISOString()}，id ${b.recordId}）断链：${b.problem}`;
}

export async function verify(args: string[]): Promise<number> {
  const { values } = parseOptions(args, { unit: { type: 'string' } });
  const config = loadFromFlags(values.config);
  const store = await openMigratedStore(config.service.database.url);
  try {
    const reports = await store.verifyChain(values.unit);
    if (reports.length === 0) {
      console.error(values.unit ? `找不到单位“${values.unit}”（请用单位 key，见 safeduty config check）` : '数据库中还没有单位');
      return 1;
    }
    console.log(`核验记录链：${redactUrl(config.service.database.url)}`);
    for (const r of reports) console.log(chainLine(r));
    return reports.every((r) => r.ok) ? 0 : 2;
  } finally {
    await store.close();
  }
}
