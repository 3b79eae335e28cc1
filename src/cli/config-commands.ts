/** `safeduty config check` and `safeduty config apply`. */

import { systemClock } from '../adapters/clock/system-clock.js';
import { createFeishuClient } from '../adapters/feishu/feishu-client.js';
import { describeResolution, resolveOpenIds } from '../adapters/feishu/resolve-open-ids.js';
import type { Store } from '../app/ports.js';
import { markApplied } from '../config/applied-marker.js';
import { activeChannels } from '../config/channels.js';
import type { ServiceConfig } from '../config/service-config.js';
import { summarizeConfig } from './config-summary.js';
import { openMigratedStore } from './open-store.js';
import { loadFromFlags, parseOptions } from './options.js';

/**
 * Each person's open_id for this app, from their mobile (feishu/resolve-open-ids.ts); never blocks longer than 30 s.
 */
async function resolveFeishuIds(f: ServiceConfig['channels']['feishu'], store: Store): Promise<string> {
  const quiet = { debug() {}, info() {}, warn() {}, error() {}, child: () => quiet };
  const feishu = createFeishuClient({ appId: f.app_id!, appSecret: f.app_secret!, domain: f.domain });
  const timeout = new Promise<never>((_, reject) =>
    setTimeout(() => reject(new Error('30 秒内没有答复')), 30_000).unref(),
  );
  try {
    return describeResolution(await Promise.race([resolveOpenIds(feishu, store, systemClock.now(), quiet), timeout]));
  } catch (e) {
    return `飞书账号未能按手机号匹配：${(e as Error).message}（绑定码仍可用）`;
  }
}

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
    if (activeChannels(config.service).includes('feishu'))
      console.log(await resolveFeishuIds(config.service.channels.feishu, store));
    // A running service on this folder reloads on its next tick (service-reload.ts).
    console.log(
      markApplied(config.dir, systemClock.now())
        ? '已写入数据库；运行中的服务将在一分钟内重新加载配置（节假日安排、全局时间表等），也可向其发送 SIGHUP 立即生效。'
        : '已写入数据库；配置目录不可写，运行中的服务请发送 SIGHUP（kill -HUP <pid> 或 docker compose kill -s HUP app）重新加载。',
    );
  } finally {
    await store.close();
  }
  return 0;
}
