/**
 * `safeduty <command>`: the command-line entry point. Each command lives in src/cli/; errors are
 * handled here once, printed as one line that says what to do, with a non-zero exit code.
 */

import { dbProblemMessage } from './adapters/store/db-errors.js';
import { AppError } from './app/app-error.js';
import { COMMANDS, printCommandHelp, printHelp } from './cli/commands.js';
import { ConfigError } from './config/config-error.js';

export async function runCli(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  const sub = rest[0] && !rest[0].startsWith('-') ? `${name} ${rest[0]}` : undefined;
  const cmd = (sub && COMMANDS[sub]) || (name ? COMMANDS[name] : undefined);
  if (!cmd || name === 'help' || name === '--help' || name === '-h') {
    printHelp(name && !cmd && !['help', '--help', '-h'].includes(name) ? name : undefined);
    return name && !cmd && !['help', '--help', '-h'].includes(name) ? 2 : 0;
  }
  const args = sub && COMMANDS[sub] ? rest.slice(1) : rest;
  if (args.includes('--help') || args.includes('-h')) {
    printCommandHelp(cmd);
    return 0;
  }
  try {
    return await cmd.run(args);
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      return 1;
    }
    if (e instanceof AppError) {
      console.error(`错误（${e.code}）：${e.message}`);
      return 1;
    }
    const optionProblem = optionProblemMessage(e);
    if (optionProblem) {
      console.error(`${optionProblem}\n用法：safeduty ${cmd.usage}`);
      return 2;
    }
    const known = dbProblemMessage(e) ?? systemProblemMessage(e);
    if (known) {
      console.error(`错误：${known}`);
      return 1;
    }
    console.error(`意外错误：${(e as Error)?.stack ?? String(e)}`);
    return 1;
  }
}

/** node:util parseArgs's refusals (English), said in Chinese with the option named. */
function optionProblemMessage(e: unknown): string | null {
  const err = e as NodeJS.ErrnoException | null;
  const option = /'(-{1,2}[^' ]+)/.exec(err?.message ?? '')?.[1] ?? '';
  switch (err?.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `未知选项 ${option}`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return /argument missing/.test(err.message) ? `选项 ${option} 需要一个值` : `选项 ${option} 不需要值`;
    default:
      return null;
  }
}

/** A file or network failure of the operating system (ENOENT, EACCES…), said in Chinese with what to do. */
function systemProblemMessage(e: unknown): string | null {
  const err = e as NodeJS.ErrnoException | null;
  const where = err?.path ? `“${err.path}”` : '';
  switch (err?.code) {
    case 'ENOENT':
    case 'ENOTDIR':
      return `找不到文件或目录${where}：请检查路径，输出目录需要先存在或用 --out 指定`;
    case 'EACCES':
    case 'EPERM':
    case 'EROFS':
      return `没有权限访问${where}：请换一个可写的位置，或检查文件权限`;
    case 'EISDIR':
      return `${where}是目录，这里需要一个文件`;
    case 'ENOSPC':
      return `磁盘空间不足，无法写入${where}：请清理磁盘后重试`;
    case 'EADDRINUSE':
      return '端口已被占用：请用 --port 或环境变量 PORT 换一个端口，或先停止占用它的进程';
    default:
      return null;
  }
}
