/**
 * Environment variables override the file, so that secrets never have to be written into it.
 * The names are documented in the README (Configuration).
 */

import { type ConfigIssue, formatPath } from './config-error.js';
import { type ServiceConfig, serviceConfigSchema } from './service-config.js';

type Env = Record<string, string | undefined>;

const STRING_VARS: [string, (c: ServiceConfig, v: string) => void][] = [
  ['DATABASE_URL', (c, v) => (c.database.url = v)],
  ['LOG_LEVEL', (c, v) => ((c.log as { level: string }).level = v)],
  ['FEISHU_APP_ID', (c, v) => (c.channels.feishu.app_id = v)],
  ['FEISHU_APP_SECRET', (c, v) => (c.channels.feishu.app_secret = v)],
  ['FEISHU_ENCRYPT_KEY', (c, v) => (c.channels.feishu.encrypt_key = v)],
  ['FEISHU_VERIFICATION_TOKEN', (c, v) => (c.channels.feishu.verification_token = v)],
  ['FEISHU_DOMAIN', (c, v) => (c.channels.feishu.domain = v)],
  ['FEISHU_MODE', (c, v) => ((c.channels.feishu as { mode: string }).mode = v)],
  ['TELEGRAM_BOT_TOKEN', (c, v) => (c.channels.telegram.token = v)],
  ['TELEGRAM_MODE', (c, v) => ((c.channels.telegram as { mode: string }).mode = v)],
  ['TELEGRAM_WEBHOOK_URL', (c, v) => (c.channels.telegram.webhook_url = v)],
  ['TELEGRAM_WEBHOOK_SECRET', (c, v) => (c.channels.telegram.webhook_secret = v)],
  ['TELEGRAM_API_ROOT', (c, v) => (c.channels.telegram.api_root = v)],
  ['SANDBOX_HOST', (c, v) => (c.sandbox.host = v)],
  ['SAFEDUTY_RECORD_KEY_FILE', (c, v) => (c.records.key_file = v)],
];

export function applyEnv(fileConfig: ServiceConfig, env: Env, issues: ConfigIssue[]): ServiceConfig | undefined {
  const c = structuredClone(fileConfig);
  for (const [name, set] of STRING_VARS) {
    const v = env[name];
    if (v !== undefined && v !== '') set(c, v);
  }
  const port = env.PORT ?? env.HTTP_PORT;
  if (port !== undefined && port !== '') {
    if (!/^\d+$/.test(port)) issues.push({ file: 'environment', path: 'PORT', message: `端口“${port}”应为数字` });
    else c.http.port = Number(port);
  }
  // Re-validate so that a bad value from the environment is reported like a bad value in a file.
  const r = serviceConfigSchema.safeParse(c);
  if (!r.success) {
    for (const i of r.error.issues) issues.push({ file: 'environment', path: formatPath(i.path), message: i.message });
    return undefined;
  }
  return r.data;
}
