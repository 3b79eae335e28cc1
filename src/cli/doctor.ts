/**
 * `safeduty doctor`: is everything ready? Configuration valid, database reachable, migrations
 * current, channels configured and reachable. Prints one line per check and exits 1 on a failure.
 */
import { PrismaStore } from '../adapters/store/prisma-store.js';
import { migrationStatus } from '../adapters/store/migrations.js';
import { redactUrl } from '../adapters/store/db.js';
import { activeChannels } from '../config/channels.js';
import { loadFromFlags, parseOptions } from './options.js';
import { probeChannel } from './probe-channel.js';

interface Check {
  name: string;
  ok: boolean;
  detail: string;
}

export async function doctor(args: string[]): Promise<number> {
  const { values } = parseOptions(args, {});
  const checks: Check[] = [];
  const config = loadFromFlags(values.config); // throws with every config problem listed
  checks.push({ name: '配置', ok: true, detail: `${config.dir}：单位 ${config.units.length} 个${config.warnings.length ? `，${config.warnings.length} 条提醒` : ''}` });

  const url = config.service.database.url;
  let store: PrismaStore | undefined;
  try {
    store = await PrismaStore.open(url);
    await store.ping();
    checks.push({ name: '数据库', ok: true, detail: redactUrl(url) });
    const s = await migrationStatus(url);
    checks.push({ name: '迁移', ok: s.pending.length === 0, detail: s.pending.length ? `待执行 ${s.pending.length} 个：运行 safeduty db migrate` : `已是最新（${s.applied.length} 个）` });
  } catch (e) {
    checks.push({ name: '数据库', ok: false, detail: `${(e as Error).message}` });
  } finally {
    await store?.close().catch(() => {});
  }

  const channels = activeChannels(config.service);
  if (channels.length === 0) checks.push({ name: '消息渠道', ok: true, detail: '未配置：消息写入日志（设置 FEISHU_APP_ID/FEISHU_APP_SECRET 或 TELEGRAM_BOT_TOKEN 以启用）' });
  for (const ch of channels) checks.push({ name: ch === 'feishu' ? '飞书' : 'Telegram', ...(await probeChannel(ch, config.service)) });

  for (const c of checks) console.log(`${c.ok ? '✓' : '✗'} ${c.name}：${c.detail}`);
  return checks.every((c) => c.ok) ? 0 : 1;
}
