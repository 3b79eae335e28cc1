/**
 * Delayed-update tokens (`c-…`) carried by card callbacks: valid 30 minutes, usable twice, with the
 * error codes of 延时更新消息卡片 › 错误码
 * (https://open.feishu.cn/document/server-docs/im-v1/message-card/delay-update-message-card):
 * 300020 token format, 300030 token no longer valid, 300040 used more than twice.
 */
import { FeishuCode, imError } from './feishu-error.js';
import { newId } from './ids.js';

const TOKEN_TTL_MS = 30 * 60_000;
const MAX_USES = 2;

interface TokenState {
  messageId: string;
  issuedAt: number;
  uses: number;
}

export class CardTokens {
  private readonly tokens = new Map<string, TokenState>();

  constructor(private readonly now: () => number) {}

  issue(messageId: string): string {
    const token = newId.cardToken();
    this.tokens.set(token, { messageId, issuedAt: this.now(), uses: 0 });
    return token;
  }

  /** Spends one use of a token and returns the message it updates; throws the Feishu error otherwise. */
  spend(token: string): string {
    if (!/^c-[0-9a-zA-Z]+$/.test(token))
      throw imError(FeishuCode.cardTokenFormat, 'card update token format is invalid (c-xxxx)');
    const state = this.tokens.get(token);
    if (!state) throw imError(FeishuCode.cardTokenExpired, 'card update token is invalid');
    if (this.now() - state.issuedAt >= TOKEN_TTL_MS)
      throw imError(FeishuCode.cardTokenExpired, 'card update token expired (valid 30 minutes)');
    if (state.uses >= MAX_USES)
      throw imError(FeishuCode.cardTokenUsedUp, `card update token used up (at most ${MAX_USES} updates)`);
    state.uses += 1;
    return state.messageId;
  }

  clear(): void {
    this.tokens.clear();
  }
}
