/**
 * `safeduty doctor`: is everything ready? Configuration valid, database reachable, migrations
 * current, channels configured and reachable. Prints one Chinese line per check, each failure with
 * what to do, and exits 1 on a failure. It changes nothing: a database that does not exist yet is
 * reported, not created, and it runs beside a running service.
 */

import { createFeishuClient } from '../adapters/feishu/feishu-client.js';
import { findByMobile } from '../adapters/feishu/resolve-open-ids.js';
import { providerOf, redactUrl } from '../adapters/store/db.js';
import { dbProblemMessage } from '../adapters/store/db-errors.js';
import { migrationState, unknownMigrationsMessage } from '../adapters/store/migrations.js';
import { PrismaStore } from '../adapters/store/prisma-store.js';
import { recordKeyOf } from '../adapters/store/record-chain.js';
import type { UnreachableRow } from '../app/ports.js';
import { activeChannels } from '../config/channels.js';
import { ConfigError, formatIssue } from '../config/config-error.js';
import type { Config } from '../config/load-config.js';
import { configDir, loadFromFlags, parseOptions } from './options.js';
import { probeChannel } from './probe-channel.js';

interface Check {
  name: string;
  ok: boolean;
  detail: string;
  /** passes, but an administrator should act (printed with ⚠) */
  warn?: boolean;
}

export async function doctor(args: string[]): Promise<number> {
  const { values } = parseOptions(args, {});
  const checks: Check[] = [];
  let config: Readonly<Config> | undefined;
  try {
    config = loadFromFlags(values.config);
    checks.push({
      name: '配置',
      ok: true,
      detail:
        `${config.dir}：单位 ${config.units.length} ` +
        `个${config.warnings.length ? `，${config.warnings.length} 条提醒` : ''}`,
    });
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    const dir = configDir(values.config);
    const missing = e.issues.some((i) => i.message.startsWith('配置目录不存在'));
    checks.push({
      name: '配置',
      ok: false,
      detail: missing
        ? `找不到配置目录 ${dir}：请在 SafeDuty 的目录中运行，或用 --config 指定含 safeduty.yaml 的目录（可复制随附的 config/ 作为起点，再在 units/ 中写入本单位）`
        : `${e.issues.length} 处错误，请逐条修改后再运行 safeduty config check：\n    ${e.issues.map(formatIssue).join('\n    ')}`,
    });
  }
  if (config) {
    checks.push(...(await databaseChecks(config.service.database.url)));
    checks.push(recordKeyCheck(config));
    const channels = activeChannels(config.service);
    if (channels.length === 0)
      checks.push({
        name: '消息渠道',
        ok: true,
        detail: '未配置：消息写入日志（设置 FEISHU_APP_ID/FEISHU_APP_SECRET 或 TELEGRAM_BOT_TOKEN 以启用）',
      });
    for (const ch of channels) {
      const probe = await probeChannel(ch, config.service);
      checks.push({ name: ch === 'feishu' ? '飞书' : 'Telegram', ...probe });
      if (ch === 'feishu' && probe.ok) checks.push(await feishuAccountsCheck(config));
    }
  } else {
    checks.push({ name: '数据库', ok: false, detail: '未检查：数据库地址在配置中，请先修好配置' });
  }

  for (const c of checks) console.log(`${c.ok ? (c.warn ? '⚠' : '✓') : '✗'} ${c.name}：${c.detail}`);
  return checks.every((c) => c.ok) ? 0 : 1;
}

/**
 * The record key seals records outside the database's reach;
 * without it the chain proves only that records fit together.
 */
function recordKeyCheck(config: Readonly<Config>): Check {
  if (config.recordKey)
    return {
      name: '记录密钥',
      ok: true,
      detail: `已配置（指纹 ${recordKeyOf(config.recordKey).id}）：新记录带密钥签名；请另行备份密钥，丢失后已签名的记录无法核验`,
    };
  return {
    name: '记录密钥',
    ok: true,
    warn: true,
    detail:
      '未配置：记录只有数据库内的哈希链，有数据库写权限者可改写并重算。请用 openssl rand -hex 32 生成密钥，放在数据库之外（环境变量 SAFEDUTY_RECORD_KEY，或 ' +
      'safeduty.yaml 的 records.key_file 指向的文件）',
  };
}

async function databaseChecks(url: string): Promise<Check[]> {
  try {
    const s = await migrationState(url);
    if (!s.databaseExists)
      return [
        {
          name: '数据库',
          ok: true,
          detail: `${redactUrl(url)} 尚未创建：首次运行 safeduty serve（或 safeduty db migrate）时自动创建并建表`,
        },
      ];
    return [
      { name: '数据库', ok: true, detail: redactUrl(url) },
      {
        name: '迁移',
        ok: s.pending.length === 0 && s.edited.length === 0 && s.unknown.length === 0,
        detail: s.unknown.length
          ? unknownMigrationsMessage(s.unknown)
          : s.edited.length
            ? `${s.edited.join('、')} 在执行后被修改过：请把这些文件恢复成执行时的样子，改动写进新的迁移（npm run migrate:new）`
            : s.pending.length
              ? `待执行 ${s.pending.length} 个：启动服务时会自动执行，或运行 safeduty db ` +
                `migrate${providerOf(url) === 'sqlite' ? '（SQLite 上迁移需要独占数据库，请先停止正在运行的服务）' : ''}`
              : `已是最新（${s.applied.length} 个）`,
      },
      ...(s.pending.length === 0 ? unreachableChecks(await listUnreachable(url)) : []),
    ];
  } catch (e) {
    return [{ name: '数据库', ok: false, detail: dbProblemMessage(e, url) ?? (e as Error).message }];
  }
}

async function listUnreachable(url: string): Promise<UnreachableRow[]> {
  const store = await PrismaStore.open(url);
  try {
    return await store.listUnreachable();
  } finally {
    await store.close().catch(() => {});
  }
}

/** People and groups the channels could not reach: who, since when, and what to change (one line each). */
function unreachableChecks(rows: UnreachableRow[]): Check[] {
  if (rows.length === 0) return [{ name: '消息送达', ok: true, detail: '所有人都能收到消息' }];
  const day = (d: Date) => d.toISOString().slice(0, 16).replace('T', ' ');
  return rows.map((r) => ({
    name: `无法送达（${r.unitName}）`,
    ok: false,
    detail:
      `${r.detail}（${r.channel} ${r.code}，自 ${day(r.since)} UTC 起 ${r.failures} ` +
      `次${r.notifiedAt ? '，已通知负责人' : ''}）`,
  }));
}

/** Whether Feishu finds each configured person by mobile (read-only): who it does not, and why that may be. */
async function feishuAccountsCheck(config: Readonly<Config>): Promise<Check> {
  const f = config.service.channels.feishu;
  const people = new Map(config.units.flatMap((u) => u.people.map((p) => [p.mobile, p.name] as const)));
  if (people.size === 0) return { name: '飞书账号', ok: true, detail: '配置中没有人员' };
  const timeout = new Promise<never>((_, reject) =>
    setTimeout(() => reject(new Error('10 秒内没有答复')), 10_000).unref(),
  );
  try {
    const found = await Promise.race([
      findByMobile(createFeishuClient({ appId: f.app_id!, appSecret: f.app_secret!, domain: f.domain }), [
        ...people.keys(),
      ]),
      timeout,
    ]);
    const missing = [...people].filter(([mobile]) => !found.has(mobile)).map(([, name]) => name);
    return missing.length === 0
      ? { name: '飞书账号', ok: true, detail: `${people.size} 人都能按手机号找到` }
      : {
          name: '飞书账号',
          ok: false,
          detail:
            `${missing.length} 人按手机号找不到` +
            `（${missing.slice(0, 10).join('、')}${missing.length > 10 ? '…' : ''}）：请核对手机号，并把他们加入应用的可用范围后发布新版本；` +
            `或让其发送“绑定 邀请码”`,
        };
  } catch (e) {
    return { name: '飞书账号', ok: false, detail: (e as Error).message };
  }
}
