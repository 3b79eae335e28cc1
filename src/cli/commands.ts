/** The command table: name → usage and handler. */

import { backup } from './backup.js';
import { configApply, configCheck } from './config-commands.js';
import { dbMigrate, dbStatus } from './db-commands.js';
import { loadDevTools } from './dev-tools.js';
import { doctor } from './doctor.js';
import { exportCommand } from './export.js';
import { health } from './health.js';
import { importCommand } from './import.js';
import { outbox } from './outbox.js';
import { people } from './people.js';
import { records } from './records.js';
import { sandbox, serve } from './serve.js';
import { simulate } from './simulate.js';
import { verify } from './verify.js';

export interface Command {
  usage: string;
  summary: string;
  run(args: string[]): Promise<number>;
}

export const COMMANDS: Record<string, Command> = {
  serve: { usage: 'serve [--config DIR]', summary: '启动服务（默认内置 SQLite，首次启动自动建库）', run: serve },
  'config check': {
    usage: 'config check [--config DIR] [--json]',
    summary: '校验全部配置并打印摘要（不写数据库）',
    run: configCheck,
  },
  'config apply': {
    usage: 'config apply [--config DIR]',
    summary: '把配置中的单位、人员、设备、清单写入数据库（幂等，保留历史）',
    run: configApply,
  },
  'db migrate': { usage: 'db migrate [--config DIR]', summary: '执行数据库迁移（启动时也会自动执行）', run: dbMigrate },
  migrate: { usage: 'migrate [--config DIR]', summary: '同 db migrate', run: dbMigrate },
  'db status': { usage: 'db status [--config DIR]', summary: '查看已执行和待执行的迁移', run: dbStatus },
  simulate: {
    usage: 'simulate --from D --to D [--config DIR] [--answers FILE] [--json]',
    summary: '在虚拟时钟上运行真实引擎，逐日打印任务、提醒、升级、记录和隐患（临时数据库）',
    run: simulate,
  },
  sandbox: {
    usage: 'sandbox [--port N]',
    summary: '开发工具：打开沙盒聊天页（内置飞书和 Telegram 模拟器、演示单位、虚拟时钟），不连接真实平台',
    run: sandbox,
  },
  emulator: {
    usage: 'emulator feishu|telegram [--port N]',
    summary: '开发工具：单独运行本地飞书开放平台或 Telegram Bot API 模拟器（无需账号试用机器人）',
    run: async (args) => (await loadDevTools()).emulator(args),
  },
  people: {
    usage: 'people invite <姓名|手机号>',
    summary: '生成一次性邀请码（24 小时），本人发送“绑定 邀请码”绑定聊天账号',
    run: people,
  },
  import: {
    usage: 'import equipment|people <文件> --unit U [--dry-run] | import template equipment|people',
    summary: '从 Excel/CSV 导入特种设备台账或人员名单（全部行无误才导入，保留历史）',
    run: importCommand,
  },
  records: {
    usage: 'records correct --unit U --seq N --by 姓名 --reason 原因 --set 字段=值',
    summary: '更正一条记录：原记录保留，追加注明原因的新版本',
    run: records,
  },
  verify: { usage: 'verify [--unit U]', summary: '重新计算记录哈希链，指出第一处被改动的记录和字段', run: verify },
  export: {
    usage: 'export <类型> --unit U --from D [--to D] [--category C] [--format docx|xlsx] [--out DIR]',
    summary:
      '导出 Word/Excel 记录：checklist 清单、daily 日检、weekly 周报、monthly 月报、hazards 隐患台账、duties 履职记录',
    run: exportCommand,
  },
  outbox: {
    usage: 'outbox list [--unit U] | retry <id|--all> | drop <id>',
    summary: '查看、重发或放弃多次重试仍未送达的消息',
    run: outbox,
  },
  backup: {
    usage: 'backup [--out FILE]',
    summary: '服务运行时备份数据库（SQLite 在线备份并核验副本；PostgreSQL 用 pg_dump）',
    run: backup,
  },
  health: {
    usage: 'health [--ready] [--port N]',
    summary: '检查运行中的服务（配置的端口上的 /healthz 或 /readyz），供容器健康检查使用',
    run: health,
  },
  doctor: { usage: 'doctor [--config DIR]', summary: '检查数据库、迁移和消息渠道是否就绪', run: doctor },
};

export function printHelp(unknown?: string): void {
  const lines = [
    ...(unknown ? [`未知命令“${unknown}”。`, ''] : []),
    'SafeDuty 特种设备“日管控、周排查、月调度”助手',
    '',
    '用法：safeduty <命令> [选项]',
    '',
    ...Object.values(COMMANDS).map((c) => `  ${c.usage.padEnd(40)} ${c.summary}`),
    '',
    '配置目录默认为 ./config（或环境变量 SAFEDUTY_CONFIG）；数据库由 DATABASE_URL 或 safeduty.yaml 指定。',
  ];
  (unknown ? console.error : console.log)(lines.join('\n'));
}
