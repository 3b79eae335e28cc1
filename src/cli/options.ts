/** Shared option parsing for the commands. The CLI is an entry point, so it may read process.env. */
import { type ParseArgsConfig, parseArgs } from 'node:util';
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
