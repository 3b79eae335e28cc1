/**
 * One retry policy for Telegram Bot API failures, decided here once.
 *
 * The response shape is the Bot API's own (https://core.telegram.org/bots/api#making-requests):
 * `{"ok": false, "error_code": <int>, "description": <string>, "parameters"?: ResponseParameters}`;
 * grammY turns it into a `GrammyError` (error_code, description, parameters) and a failed request
 * (network, non-JSON answer) into an `HttpError` (grammy out/core/error.js).
 *
 * - 429 “Too Many Requests: retry after N” carries `parameters.retry_after`, “the number of seconds
 *   left to wait before the request can be repeated” (https://core.telegram.org/bots/api#responseparameters;
 *   https://core.telegram.org/bots/faq#my-bot-is-hitting-limits-how-do-i-avoid-this): retried after it.
 * - 5xx and network failures: retried with back-off.
 * - 401 “Unauthorized” (the token was revoked or is wrong) and 409 “Conflict: …” (another poller or
 *   a webhook for the same token): the channel stops; see `TelegramFatal`.
 * - 403 “Forbidden: bot was blocked by the user”, “bot can't initiate conversation with a user”
 *   (the person never pressed Start), “user is deactivated”, “bot was kicked from the group chat”,
 *   “bot is not a member of the … chat”, and 400 “chat not found”: only the person (or an
 *   administrator) can change that, so they become `RecipientUnreachable` — never retried, and the
 *   director is told (app/report-unreachable.ts).
 * - 400 “message is not modified” on an edit: the message already shows that; not an error.
 * - other 4xx: what we sent is wrong; fail fast (the dead letter carries the description).
 */
import { GrammyError, HttpError } from 'grammy';
import { ChannelError, RecipientUnreachable, type UnreachableCause } from '../../app/channel-error.js';

/** The channel cannot go on with this token: 401 (token) or 409 (another poller / a webhook). */
export class TelegramFatal extends ChannelError {
  constructor(
    message: string,
    readonly kind: 'unauthorized' | 'conflict',
    code: number,
  ) {
    super(message, false, undefined, code);
    this.name = 'TelegramFatal';
  }
}

/** What a person who blocked the bot must do (after their name). */
export const BLOCKED_ADVICE =
  '已在 Telegram 中屏蔽了机器人：请此人打开与机器人的对话，点“解除屏蔽”（Unblock）或“开始”（Start）';

/** Patterns on Telegram's descriptions (lower-cased), with who must act and what to do. */
const UNREACHABLE: { pattern: RegExp; cause: UnreachableCause; what: string }[] = [
  {
    pattern: /bot was blocked by the user/,
    cause: 'blocked',
    what: BLOCKED_ADVICE,
  },
  {
    pattern: /can't initiate conversation|bot can't send messages to the user/,
    cause: 'not_started',
    what: '还没有在 Telegram 中启动机器人（机器人不能先发消息）：请此人打开绑定链接或在与机器人的对话中点“开始”（Start）',
  },
  {
    pattern: /user is deactivated/,
    cause: 'blocked',
    what: '的 Telegram 账号已注销：请在单位文件中更新其 Telegram 账号，或让其用新账号发送“绑定 邀请码”',
  },
  {
    pattern: /bot was kicked|bot is not a member|have no rights to send|not enough rights to send/,
    cause: 'not_in_group',
    what: '：机器人不在该群中或无权发言：请把 SafeDuty 机器人重新加入群并允许其发送消息',
  },
  {
    pattern: /chat not found/,
    cause: 'not_in_group',
    what: '的 Telegram 对话不存在（机器人从未与其对话，或账号 ID 有误）：请核对 telegram_id，并请此人在与机器人的对话中点“开始”（Start）',
  },
];

/** “Bad Request: message is not modified: specified new message content and reply markup are exactly the same …” */
export function isNotModified(e: unknown): boolean {
  return e instanceof GrammyError && e.error_code === 400 && /message is not modified/i.test(e.description);
}

/** The seconds Telegram asked to wait, read from parameters or, failing that, from the description. */
function retryAfterSeconds(e: GrammyError): number | undefined {
  const p = e.parameters?.retry_after;
  if (typeof p === 'number' && p >= 0) return p;
  const m = /retry after (\d+)/i.exec(e.description);
  return m ? Number(m[1]) : undefined;
}

/**
 * A thrown value as the ChannelError the dispatcher understands. `who` names the recipient for an
 * unreachable one (“张三”, “群 -100123”), so that the director's notice says whom to ask.
 */
export function classifyTelegramError(e: unknown, who = '收件人'): ChannelError {
  if (e instanceof ChannelError) return e;
  if (e instanceof GrammyError) {
    const code = e.error_code;
    const what = `Telegram ${e.method}: ${code} ${e.description}`;
    if (code === 401)
      return new TelegramFatal(
        `${what}：机器人令牌无效或已被撤销，请在 @BotFather 核对后更新 TELEGRAM_BOT_TOKEN 并重启`,
        'unauthorized',
        code,
      );
    if (code === 409)
      return new TelegramFatal(
        `${what}：同一机器人令牌正被另一个进程轮询，或已设置 webhook；多实例部署请改用 webhook 模式（TELEGRAM_MODE=webhook），或停止另一个进程`,
        'conflict',
        code,
      );
    if (code === 429) {
      const s = retryAfterSeconds(e);
      return new ChannelError(
        `${what}：发送过快，Telegram 要求 ${s ?? '?'} 秒后再试`,
        true,
        s === undefined ? undefined : s * 1000,
        code,
      );
    }
    if (code >= 500) return new ChannelError(`${what}：Telegram 服务暂时不可用，稍后重试`, true, undefined, code);
    const lower = e.description.toLowerCase();
    const hit = UNREACHABLE.find((u) => u.pattern.test(lower));
    if (hit && (code === 403 || code === 400))
      return new RecipientUnreachable(`${who}${hit.what}（Telegram ${code}：${e.description}）`, hit.cause, code);
    const migrated = e.parameters?.migrate_to_chat_id;
    if (migrated !== undefined)
      return new ChannelError(
        `${what}：该群已升级为超级群，新的群 ID 为 ${migrated}，请在单位文件中更新`,
        false,
        undefined,
        code,
      );
    return new ChannelError(what, false, undefined, code);
  }
  if (e instanceof HttpError)
    return new ChannelError(`Telegram 无法连接：${networkWords(e.error)}`, true, undefined, 'network');
  return new ChannelError(`Telegram 调用失败：${(e as Error)?.message ?? String(e)}`, true, undefined, 'unknown');
}

function networkWords(inner: unknown): string {
  const err = inner as { message?: string; code?: string; cause?: { code?: string }; type?: string } | undefined;
  const code = err?.code ?? err?.cause?.code ?? err?.type;
  return [err?.message ?? String(inner), code].filter(Boolean).join('，');
}
