/** Which channels are on, and which channel settings cannot work. */
import type { ConfigIssue } from './config-error.js';
import type { ServiceConfig } from './service-config.js';

export type ChannelName = 'feishu' | 'telegram';

/**
 * The channels the service runs, in this order (the first is the default for
 * people bound nowhere): Feishu with app id and secret, Telegram with a token.
 */
export function activeChannels(s: ServiceConfig): ChannelName[] {
  const out: ChannelName[] = [];
  if (s.channels.feishu.app_id && s.channels.feishu.app_secret) out.push('feishu');
  if (s.channels.telegram.token) out.push('telegram');
  return out;
}

/** The default database: anything else is a production database the sandbox must not stand in for. */
export const DEFAULT_DATABASE_URL = 'file:./data/safeduty.db';

/**
 * Channel settings that would start a service that cannot work, each as one line that says what to
 * set (or remove). Part of loadConfig, so `config check`, `doctor` and `serve` all refuse them.
 */
export function channelIssues(s: ServiceConfig): ConfigIssue[] {
  const f = s.channels.feishu;
  const issue = (path: string, message: string): ConfigIssue => ({ file: 'channels', path, message });
  const out: ConfigIssue[] = [];
  if (f.app_id && !f.app_secret)
    out.push(
      issue('feishu.app_secret', '已设置 FEISHU_APP_ID，但缺少 FEISHU_APP_SECRET（飞书开放平台 → 凭证与基础信息）'),
    );
  if (!f.app_id && f.app_secret)
    out.push(issue('feishu.app_id', '已设置 FEISHU_APP_SECRET，但缺少 FEISHU_APP_ID（飞书开放平台 → 凭证与基础信息）'));
  if (!f.app_id && !f.app_secret && (f.encrypt_key || f.verification_token))
    out.push(
      issue(
        'feishu.app_id',
        '已设置 FEISHU_ENCRYPT_KEY / FEISHU_VERIFICATION_TOKEN，但缺少 FEISHU_APP_ID 和 FEISHU_APP_SECRET',
      ),
    );
  if (f.mode === 'webhook') {
    const missing = [
      f.encrypt_key ? '' : 'FEISHU_ENCRYPT_KEY',
      f.verification_token ? '' : 'FEISHU_VERIFICATION_TOKEN',
    ].filter(Boolean);
    if (missing.length)
      out.push(
        issue(
          'feishu.mode',
          `webhook 模式必须同时设置 Encrypt Key 和 Verification Token（开发者后台 → 事件与回调 → 加密策略），缺少 ${missing.join('、')}；` +
            `或改用长连接（FEISHU_MODE=long_connection，无需公网地址）`,
        ),
      );
  }
  const t = s.channels.telegram;
  if (t.token && t.mode === 'webhook' && !t.webhook_url)
    out.push(
      issue(
        'telegram.webhook_url',
        'Telegram webhook 模式需要公网 HTTPS 地址：请设置 TELEGRAM_WEBHOOK_URL，或改用长轮询（TELEGRAM_MODE=polling，无需公网地址）',
      ),
    );
  if (t.token && t.mode === 'webhook' && !t.webhook_secret)
    out.push(
      issue(
        'telegram.webhook_secret',
        'Telegram webhook 模式必须设置 TELEGRAM_WEBHOOK_SECRET（1-256 个字母、数字、_ 或 -），用来核对请求确实来自 Telegram；' +
          '或改用长轮询（TELEGRAM_MODE=polling）',
      ),
    );
  if (!t.token && (t.webhook_url || t.webhook_secret))
    out.push(issue('telegram.token', '已设置 Telegram webhook 参数，但缺少 TELEGRAM_BOT_TOKEN（从 @BotFather 获取）'));
  return out;
}

/**
 * Why this configuration is a production one although no channel is on (so `serve` must not quietly
 * open the sandbox instead), or undefined. Channel credentials themselves are checked by channelIssues.
 */
export function productionWithoutChannel(s: ServiceConfig): string | undefined {
  if (activeChannels(s).length > 0) return undefined;
  if (s.database.url !== DEFAULT_DATABASE_URL)
    return (
      '已配置生产数据库（DATABASE_URL / database.url），但未配置消息渠道：请设置 FEISHU_APP_ID 和 FEISHU_APP_SECRET（飞书），或 ' +
      'TELEGRAM_BOT_TOKEN（Telegram）；只想试用沙盒请去掉该数据库设置，或在 safeduty.yaml 写 sandbox: { enabled: true }'
    );
  return undefined;
}

/**
 * Whether `serve` opens the sandbox (the chat page against the development emulators) instead of
 * the production service. auto: only when nothing production is configured — no channel credentials
 * and the default database (a production setup missing its credentials is refused by `serve`, see
 * productionWithoutChannel). Here, not in src/sandbox, so that deciding needs no development code.
 */
export function sandboxWanted(s: ServiceConfig): boolean {
  const e = s.sandbox.enabled;
  return e === 'auto' ? activeChannels(s).length === 0 && productionWithoutChannel(s) === undefined : e;
}
