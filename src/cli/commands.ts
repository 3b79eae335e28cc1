/**
 * The command table: name → usage and handler. Each handler's module is imported when its command
 * runs, so that a command loads only what it uses: `verify` or `help` need not load the Feishu SDK
 * (a 6 MB script), grammY or exceljs, which cost seconds of CPU at every start.
 */

export interface Command {
  usage: string;
  summary: string;
  run(args: string[]): Promise<number>;
}

export const COMMANDS: Record<string, Command> = {
  serve: {
    usage: 'serve [--config DIR] [--port N] [--clock-start T --clock-speed R]',
    summary: '启动服务（默认内置 SQLite，首次启动自动建库）',
    run: async (args) => (await import('./serve.js')).serve(args),
  },
  'config check': {
    usage: 'config check [--config DIR] [--json]',
    summary: '校验全部配置并打印摘要（不写数据库）',
    run: async (args) => (await import('./config-commands.js')).configCheck(args),
  },
  'config apply': {
    usage: 'config apply [--config DIR]',
    summary: '把配置中的单位、人员、设备、清单写入数据库（幂等，保留历史）',
    run: async (args) => (await import('./config-commands.js')).configApply(args),
  },
  'db migrate': {
    usage: 'db migrate [--config DIR]',
    summary: '执行数据库迁移（启动时也会自动执行）',
    run: async (args) => (await import('./db-commands.js')).dbMigrate(args),
  },
  migrate: {
    usage: 'migrate [--config DIR]',
    summary: '同 db migrate',
    run: async (args) => (await import('./db-commands.js')).dbMigrate(args),
  },
  'db status': {
    usage: 'db status [--config DIR]',
    summary: '查看已执行和待执行的迁移',
    run: async (args) => (await import('./db-commands.js')).dbStatus(args),
  },
  simulate: {
    usage: 'simulate --from D --to D [--config DIR] [--answers FILE] [--json]',
    summary: '在虚拟时钟上运行真实引擎，逐日打印任务、提醒、升级、记录和隐患（临时数据库）',
    run: async (args) => (await import('./simulate.js')).simulate(args),
  },
  sandbox: {
    usage: 'sandbox [--port N] [--clock-start T --clock-speed R]',
    summary: '开发工具：打开沙盒聊天页（内置飞书和 Telegram 模拟器、演示单位、虚拟时钟），不连接真实平台',
    run: async (args) => (await import('./serve.js')).sandbox(args),
  },
  emulator: {
    usage: 'emulator feishu|telegram [--port N]',
    summary: '开发工具：单独运行本地飞书开放平台或 Telegram Bot API 模拟器（无需账号试用机器人）',
    run: async (args) => (await (await import('./dev-tools.js')).loadDevTools()).emulator(args),
  },
  people: {
    usage: 'people invite <姓名|手机号>',
    summary: '生成一次性邀请码（24 小时），本人发送“绑定 邀请码”绑定聊天账号',
    run: async (args) => (await import('./people.js')).people(args),
  },
  import: {
    usage: 'import equipment|people <文件> --unit U [--dry-run] | import template equipment|people [--out FILE]',
    summary: '从 Excel/CSV 导入特种设备台账或人员名单（全部行无误才导入，保留历史）',
    run: async (args) => (await import('./import.js')).importCommand(args),
  },
  records: {
    usage: 'records correct --unit U --seq N --by 姓名 --reason 原因 --set 字段=值',
    summary: '更正一条记录：原记录保留，追加注明原因的新版本',
    run: async (args) => (await import('./records.js')).records(args),
  },
  verify: {
    usage: 'verify [--unit U] [--anchor A]…',
    summary: '重新计算记录哈希链，指出第一处被改动的记录和字段',
    run: async (args) => (await import('./verify.js')).verify(args),
  },
  export: {
    usage: 'export <类型> --unit U --from D [--to D] [--category C] [--format docx|xlsx] [--out DIR]',
    summary:
      '导出 Word/Excel 记录：checklist 清单、daily 日检、weekly 周报、monthly 月报、hazards 隐患台账、duties 履职记录',
    run: async (args) => (await import('./export.js')).exportCommand(args),
  },
  outbox: {
    usage: 'outbox list [--unit U] | retry <id…|--all> | drop <id> [--reason 原因]',
    summary: '查看、重发或放弃多次重试仍未送达的消息',
    run: async (args) => (await import('./outbox.js')).outbox(args),
  },
  backup: {
    usage: 'backup [--out FILE] [--config DIR]',
    summary: '服务运行时备份数据库（SQLite 在线备份并核验副本；PostgreSQL 用 pg_dump）',
    run: async (args) => (await import('./backup.js')).backup(args),
  },
  health: {
    usage: 'health [--ready] [--port N] [--config DIR]',
    summary: '检查运行中的服务（配置的端口上的 /healthz 或 /readyz），供容器健康检查使用',
    run: async (args) => (await import('./health.js')).health(args),
  },
  doctor: {
    usage: 'doctor [--config DIR]',
    summary: '检查数据库、迁移和消息渠道是否就绪',
    run: async (args) => (await import('./doctor.js')).doctor(args),
  },
};

export function printHelp(unknown?: string): void {
  const lines = [
    ...(unknown ? [`未知命令“${unknown}”。`, ''] : []),
    'SafeDuty 特种设备“日管控、周排查、月调度”助手',
    '',
    '用法：safeduty <命令> [选项]（safeduty <命令> --help 查看一个命令）',
    '',
    ...Object.values(COMMANDS).flatMap(commandLines),
    '',
    '配置目录默认为 ./config（或环境变量 SAFEDUTY_CONFIG）；数据库由 DATABASE_URL 或 safeduty.yaml 指定。',
  ];
  (unknown ? console.error : console.log)(lines.join('\n'));
}

/** Columns a terminal gives the text: Chinese characters and full-width punctuation take two. */
const columns = (text: string) => [...text].reduce((n, ch) => n + (ch.codePointAt(0)! >= 0x2e80 ? 2 : 1), 0);

/** A command's usage, and its summary beside it or, when the usage is long, on the next line. */
function commandLines(c: Command): string[] {
  const width = columns(c.usage);
  return width <= 40
    ? [`  ${c.usage}${' '.repeat(40 - width)} ${c.summary}`]
    : [`  ${c.usage}`, `  ${' '.repeat(40)} ${c.summary}`];
}

/** `safeduty <command> --help`: that command's usage and what it does. */
export function printCommandHelp(c: Command): void {
  console.log([`用法：safeduty ${c.usage}`, '', c.summary].join('\n'));
}
