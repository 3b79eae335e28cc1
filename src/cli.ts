/**
 * `safeduty <command>`: the command-line entry point. Each command lives in src/cli/; errors are
 * handled here once, printed as one line that says what to do, with a non-zero exit code.
 */
import { ConfigError } from './config/config-error.js';
import { AppError } from './app/app-error.js';
import { COMMANDS, printHelp } from './cli/commands.js';
import { dbProblemMessage } from './adapters/store/db-errors.js';

export async function runCli(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  const sub = rest[0] && !rest[0].startsWith('-') ? `${name} ${rest[0]}` : undefined;
  const cmd = (sub && COMMANDS[sub]) || (name ? COMMANDS[name] : undefined);
  if (!cmd || name === 'help' || name === '--help' || name === '-h') {
    printHelp(name && !cmd && !['help', '--help', '-h'].includes(name) ? name : undefined);
    return name && !cmd && !['help', '--help', '-h'].includes(name) ? 2 : 0;
  }
  const args = sub && COMMANDS[sub] ? rest.slice(1) : rest;
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
    if (e instanceof Error && 'code' in e && (e as { code?: string }).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
      console.error(`${e.message}\n运行 safeduty help 查看用法`);
      return 2;
    }
    const db = dbProblemMessage(e);
    if (db) {
      console.error(`错误：${db}`);
      return 1;
    }
    console.error(`意外错误：${(e as Error)?.stack ?? String(e)}`);
    return 1;
  }
}
