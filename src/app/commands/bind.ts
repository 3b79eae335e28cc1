/**
 * 绑定 <邀请码>: binds the chat account to the code's person. Wrong codes are throttled per chat
 * account: at most 5 in an hour, then every try (even a right code) is refused until the oldest
 * of them is an hour old, so codes cannot be guessed by trying.
 */
import { localTimeOf } from '../../domain/local-time.js';
import type { Clock, InboxStore, Logger } from '../ports.js';
import type { ChatAccount } from './conversation.js';
import { inviteDigest } from './invite.js';

export const MAX_WRONG_CODES = 5;
export const WRONG_CODE_WINDOW_MS = 3600_000;

export interface BindDeps {
  store: InboxStore;
  clock: Clock;
  log: Logger;
}

export async function bind(
  deps: BindDeps,
  account: ChatAccount,
  code: string,
  now: Date,
  tz = 'Asia/Shanghai',
): Promise<string> {
  const failures = await deps.store.bindFailuresSince(
    account.channel,
    account.externalId,
    new Date(now.getTime() - WRONG_CODE_WINDOW_MS),
  );
  if (failures.length >= MAX_WRONG_CODES) {
    const until = new Date(failures[failures.length - MAX_WRONG_CODES]!.getTime() + WRONG_CODE_WINDOW_MS);
    deps.log.warn(
      { channel: account.channel, externalId: account.externalId, failures: failures.length },
      'bind refused: too many wrong codes',
    );
    return `邀请码输错次数过多：每个账号每小时最多输错 ${MAX_WRONG_CODES} 次。请在 ${localTimeOf(until, tz)} 后再试，并向管理员核对邀请码。`;
  }
  const person = await deps.store.redeemInvite(inviteDigest(code), account.channel, account.externalId, now);
  if (!person) {
    await deps.store.recordBindFailure(account.channel, account.externalId, now);
    const left = MAX_WRONG_CODES - failures.length - 1;
    deps.log.info({ channel: account.channel, externalId: account.externalId, left }, 'bind: wrong or expired code');
    return `邀请码无效或已过期（有效期 24 小时，只能使用一次）。请向管理员索取新的邀请码。${left <= 2 ? `（本小时内还可再试 ${left} 次）` : ''}`;
  }
  deps.log.info({ personId: person.id, channel: account.channel }, 'chat account bound');
  return `绑定成功！${person.name}，您好。之后需要您完成的检查、报告和隐患整改会发到这里。发送“帮助”查看可用命令。`;
}
