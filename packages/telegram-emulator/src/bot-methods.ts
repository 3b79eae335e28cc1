/**
 * The Bot API methods about the bot itself and its updates: getMe, getUpdates, setWebhook,
 * deleteWebhook, getWebhookInfo, setMyCommands, getMyCommands, deleteMyCommands, getFile, logOut, close.
 */
import { TgError } from './bot-api-error.js';
import type { BotCommand, TgCore } from './core.js';
import type { MethodHandler } from './message-methods.js';
import type { Params } from './params.js';

/** https://core.telegram.org/bots/api#getme */
const getMe: MethodHandler = (core) => ({
  ...core.bot,
  can_join_groups: true,
  can_read_all_group_messages: !core.opts.privacyMode,
  supports_inline_queries: false,
  can_connect_to_business: false,
  has_main_web_app: false,
});

function allowedUpdates(p: Params): string[] | undefined {
  const v = p.json('allowed_updates');
  if (v === undefined) return undefined;
  if (!Array.isArray(v) || v.some((t) => typeof t !== 'string'))
    throw TgError.field("can't parse allowed updates JSON object");
  return v as string[];
}

/**
 * https://core.telegram.org/bots/api#getupdates: limit “Values between 1-100 are accepted.
 * Defaults to 100”; timeout in seconds, 0 = short polling. The long poll itself is in updates.ts.
 */
export function getUpdates(core: TgCore, p: Params, gone?: AbortSignal): Promise<unknown> {
  const limit = Math.min(100, Math.max(1, p.int('limit') ?? 100));
  const timeout = Math.max(0, p.int('timeout') ?? 0);
  if (core.updates.webhook) throw TgError.webhookActive();
  core.updates.setAllowed(allowedUpdates(p));
  return core.updates.getUpdates(p.int('offset'), limit, timeout, gone);
}

/**
 * https://core.telegram.org/bots/api#setwebhook: secret_token “1-256
 * characters. Only characters A-Z, a-z, 0-9, _ and - are allowed”
 */
const SECRET_TOKEN = /^[A-Za-z0-9_-]{1,256}$/;

const setWebhook: MethodHandler = (core, p) => {
  const url = p.str('url') ?? '';
  const drop = p.bool('drop_pending_updates');
  if (url === '') {
    core.updates.deleteWebhook(drop);
    return true;
  }
  // Telegram requires HTTPS on ports 443, 80, 88 or 8443; the loopback emulator also takes plain http.
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw TgError.field('bad webhook: Failed to parse URL');
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')
    throw TgError.field('bad webhook: An HTTPS URL must be provided for webhook');
  const secret = p.str('secret_token');
  if (secret !== undefined && !SECRET_TOKEN.test(secret))
    throw TgError.field('secret token contains unallowed characters');
  const max = p.int('max_connections') ?? 40;
  if (max < 1 || max > 100) throw TgError.field('bad webhook: max_connections must be between 1 and 100');
  core.updates.setAllowed(allowedUpdates(p));
  core.updates.setWebhook({ url, maxConnections: max, ...(secret ? { secretToken: secret } : {}) }, drop);
  return true;
};

const deleteWebhook: MethodHandler = (core, p) => {
  core.updates.deleteWebhook(p.bool('drop_pending_updates'));
  return true;
};

/** https://core.telegram.org/bots/api#getwebhookinfo (url "" when polling). */
const getWebhookInfo: MethodHandler = (core) => {
  const hook = core.updates.webhook;
  const allowed = core.updates.allowedUpdates();
  return {
    url: hook?.url ?? '',
    has_custom_certificate: false,
    pending_update_count: core.updates.pendingCount(),
    ...(hook ? { max_connections: hook.maxConnections } : {}),
    ...(hook?.lastErrorDate !== undefined
      ? { last_error_date: hook.lastErrorDate, last_error_message: hook.lastErrorMessage }
      : {}),
    ...(hook && allowed.length > 0 ? { allowed_updates: allowed } : {}),
  };
};

/** Commands are kept per scope and language (https://core.telegram.org/bots/api#determining-list-of-commands). */
function commandsKey(p: Params): string {
  const scope = p.json('scope') ?? { type: 'default' };
  if (scope === null || typeof scope !== 'object' || typeof (scope as { type?: unknown }).type !== 'string')
    throw TgError.field("can't parse BotCommandScope JSON object");
  const s = scope as { type: string; chat_id?: unknown; user_id?: unknown };
  return JSON.stringify([s.type, s.chat_id ?? null, s.user_id ?? null, p.str('language_code') ?? '']);
}

/**
 * https://core.telegram.org/bots/api#botcommand: command “1-32 characters. Can contain only
 * lowercase English letters, digits and underscores”; description “1-256 characters”; at most 100.
 */
const setMyCommands: MethodHandler = (core, p) => {
  const list = p.json('commands');
  if (!Array.isArray(list)) throw TgError.field("can't parse commands JSON object");
  if (list.length > 100) throw TgError.field('too many commands specified');
  const commands: BotCommand[] = list.map((c: unknown) => {
    const { command, description } = (c ?? {}) as { command?: unknown; description?: unknown };
    if (typeof command !== 'string' || !/^[a-z0-9_]{1,32}$/.test(command)) throw TgError.field('BOT_COMMAND_INVALID');
    if (typeof description !== 'string' || description.trim() === '' || description.length > 256)
      throw TgError.field('command description is empty or too long');
    return { command, description };
  });
  const key = commandsKey(p);
  if (commands.length === 0) core.commands.delete(key);
  else core.commands.set(key, commands);
  return true;
};

const getMyCommands: MethodHandler = (core, p) => structuredClone(core.commands.get(commandsKey(p)) ?? []);

const deleteMyCommands: MethodHandler = (core, p) => {
  core.commands.delete(commandsKey(p));
  return true;
};

/** https://core.telegram.org/bots/api#getfile: download at /file/bot<token>/<file_path> */
const getFile: MethodHandler = (core, p) => {
  const f = core.world.files.get(p.str('file_id') ?? '');
  if (!f) throw TgError.invalidFileId();
  return { file_id: f.fileId, file_unique_id: f.fileUniqueId, file_size: f.bytes.length, file_path: f.filePath };
};

export const botMethods: Record<string, MethodHandler> = {
  getme: getMe,
  setwebhook: setWebhook,
  deletewebhook: deleteWebhook,
  getwebhookinfo: getWebhookInfo,
  setmycommands: setMyCommands,
  getmycommands: getMyCommands,
  deletemycommands: deleteMyCommands,
  getfile: getFile,
  logout: () => true,
  close: () => true,
};
