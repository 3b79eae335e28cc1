/** Shared option parsing for the commands. The CLI is an entry point, so it may read process.env. */
import { type ParseArgsConfig, parseArgs } from 'node:util';
import { AppError } from '../app/app-error.js';
import { type Config, loadConfig } from '../config/load-config.js';

type Options = NonNullable<ParseArgsConfig['options']>;

export function parseOptions<O extends Options>(args: string[], options: O) {
  return parseArgs({ args, options: { config: { type: 'string' }, ...options }, allowPositionals: true, strict: true });
}

export function configDir(flag: string | undefined): string {
  return flag ?? process.env.SAFEDUTY_CONFIG ?? 'config';
}

export function loadFromFlags(flag: string | undefined): Readonly<Config> {
  return loadConfig({ dir: configDir(flag), env: process.env });
}

/** `--port N`: an integer 0–65535 (0: any free port), or undefined when not given. */
export function portOption(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const port = /^\d{1,5}$/.test(value) ? Number(value) : Number.NaN;
  if (!(port <= 65535)) throw new AppError('USAGE', `--port “${value}”应为 0–65535 的整数，例如 --port 3000`);
  return port;
}
