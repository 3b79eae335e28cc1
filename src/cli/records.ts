/**
 * `safeduty records correct --unit U --seq N --by <姓名|手机号> --reason 原因 --set 字段=值 [--set …]`:
 * appends a correcting record (the original stays; exports show both). Values are JSON when they
 * parse as JSON (true, 3, "text", [...]), text otherwise.
 */
import { systemClock } from '../adapters/clock/system-clock.js';
import { AppError } from '../app/app-error.js';
import { correctRecord } from '../app/correct-record.js';
import { openMigratedStore } from './open-store.js';
import { loadFromFlags, parseOptions } from './options.js';

const USAGE = '用法：safeduty records correct --unit U --seq N --by 姓名 --reason 原因 --set 字段=值';

export async function records(args: string[]): Promise<number> {
  const { values, positionals } = parseOptions(args, {
    unit: { type: 'string' },
    seq: { type: 'string' },
    by: { type: 'string' },
    reason: { type: 'string' },
    set: { type: 'string', multiple: true },
  });
  if (positionals[0] !== 'correct' || !values.unit || !values.seq || !values.by) throw new AppError('USAGE', USAGE);
  const changes: Record<string, unknown> = {};
  for (const kv of values.set ?? []) {
    const i = kv.indexOf('=');
    if (i <= 0) throw new AppError('USAGE', `“${kv}”应写成 字段=值。${USAGE}`);
    const raw = kv.slice(i + 1);
    let v: unknown = raw;
    try {
      v = JSON.parse(raw);
    } catch {
      v = raw;
    }
    changes[kv.slice(0, i)] = v;
  }
  const config = loadFromFlags(values.config);
  const store = await openMigratedStore(config.service.database.url, undefined, { recordKey: config.recordKey });
  try {
    const by = await store.findPeople(values.by);
    if (by.length !== 1)
      throw new AppError('NOT_FOUND', by.length ? `有多人名为“${values.by}”，请用手机号` : `找不到“${values.by}”`);
    const r = await correctRecord(
      { store, clock: systemClock },
      { unitKey: values.unit, seq: Number(values.seq), actorId: by[0]!.id, reason: values.reason ?? '', changes },
    );
    if (!r.ok) {
      console.error(r.message);
      return 1;
    }
    console.log(`${r.value.line}，新记录为第 ${r.value.seq} 条`);
    return 0;
  } finally {
    await store.close();
  }
}
