/**
 * Environment variables override the file, so that secrets never have to be written into it.
 * The names are documented in the README (Configuration).
 */

import { type ConfigIssue, formatPath } from './config-error.js';
import { type ServiceConfig, serviceConfigSchema } from './service-config.js';

type Env = Record<string, string | undefined>;

/** Where a value from the environment is said to come from, in `file: path: message`. */
export const ENV = '环境变量';

/** Each variable, the safeduty.yaml path it overrides, and how it is set. */
const STRING_VARS: [string, string, (c: ServiceConfig, v: string) => void][] = [
  ['DATABASE_URL', 'database.url', (c, v) => (c.database.url = v)],
  ['LOG_LEVEL', 'log.level', (c, v) => ((c.log as { level: string }).level = v)],
  ['FEISHU_APP_ID', 'channels.feishu.app_id', (c, v) => (c.channels.feishu.app_id = v)],
  ['FEISHU_APP_SECRET', 'channels.feishu.app_secret', (c, v) => (c.channels.feishu.app_secret = v)],
  ['FEISHU_ENCRYPT_KEY', 'channels.feishu.encrypt_key', (c, v) => (c.channels.feishu.encrypt_key = v)],
  [
    'FEISHU_VERIFICATION_TOKEN',
    'channels.feishu.verification_token',
    (c, v) => (c.channels.feishu.verification_token = v),
  ],
  ['FEISHU_DOMAIN', 'channels.feishu.domain', (c, v) => (c.channels.feishu.domain = v)],
  ['FEISHU_MODE', 'channels.feishu.mode', (c, v) => ((c.channels.feishu as { mode: string }).mode = v)],
  ['TELEGRAM_BOT_TOKEN', 'channels.telegram.token', (c, v) => (c.channels.telegram.token = v)],
  ['TELEGRAM_MODE', 'channels.telegram.mode', (c, v) => ((c.channels.telegram as { mode: string }).mode = v)],
  ['TELEGRAM_WEBHOOK_URL', 'channels.telegram.webhook_url', (c, v) => (c.channels.telegram.webhook_url = v)],
  ['TELEGRAM_WEBHOOK_SECRET', 'channels.telegram.webhook_secret', (c, v) => (c.channels.telegram.webhook_secret = v)],
  ['TELEGRAM_API_ROOT', 'channels.telegram.api_root', (c, v) => (c.channels.telegram.api_root = v)],
  ['SANDBOX_HOST', 'sandbox.host', (c, v) => (c.sandbox.host = v)],
  ['SAFEDUTY_RECORD_KEY_FILE', 'records.key_file', (c, v) => (c.records.key_file = v)],
];

export function applyEnv(fileConfig: ServiceConfig, env: Env, issues: ConfigIssue[]): ServiceConfig | undefined {
  const c = structuredClone(fileConfig);
  for (const [name, , set] of STRING_VARS) {
    const v = env[name];
    if (v !== undefined && v !== '') set(c, v);
  }
  const port = env.PORT ?? env.HTTP_PORT;
  if (port !== undefined && port !== '') {
    if (!/^\d+$/.test(port)) issues.push({ file: ENV, path: 'PORT', message: `端口“${port}”应为数字` });
    else c.http.port = Number(port);
  }
  // Re-validate so that a bad value from the environment is reported like a bad value in a file.
  const r = serviceConfigSchema.safeParse(c);
  if (!r.success) {
    for (const i of r.error.issues) {
      // The file was valid: the variable that set this value is named (the field as the file calls it too).
      const at = formatPath(i.path);
      const set = STRING_VARS.find(([name, p]) => (at === p || at.startsWith(`${p}.`)) && env[name]);
      issues.push({ file: ENV, path: set ? `${set[0]}（${at}）` : at, message: i.message });
    }
    return undefined;
  }
  return r.data;
}
