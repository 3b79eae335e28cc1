/**
 * Delayed-update tokens (`c-…`) carried by card callbacks: valid 30 minutes, usable twice (the
 * current Feishu doc; an older Lark doc says three times). The docs name no error code for a bad
 * token; the emulator answers HTTP 400 / 230001 with a message saying which rule failed.
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
    const state = this.tokens.get(token);
    if (!state) throw imError(FeishuCode.invalidParam, 'invalid card update token');
    if (this.now() - state.issuedAt >= TOKEN_TTL_MS) throw imError(FeishuCode.invalidParam, 'card update token expired (valid 30 minutes)');
    if (state.uses >= MAX_USES) throw imError(FeishuCode.invalidParam, `card update token used up (at most ${MAX_USES} updates)`);
    state.uses += 1;
    return state.messageId;
  }

  clear(): void {
    this.tokens.clear();
  }
}
