/**
 * tenant_access_token issuing and checking. Like Feishu: a token lives `ttl` seconds; asking again
 * while more than 30 minutes remain returns the same token (with the remaining lifetime), asking
 * later returns a new one while the old stays valid until it expires.
 */
import { FeishuApiError, FeishuCode } from './feishu-error.js';
import { newId } from './ids.js';

const REFRESH_WINDOW_MS = 30 * 60_000;

export interface IssuedToken {
  token: string;
  /** seconds until expiry */
  expire: number;
  fresh: boolean;
}

export class TokenStore {
  private readonly expiresAt = new Map<string, number>();
  private latest: string | undefined;

  constructor(
    private readonly now: () => number,
    private ttlSec: number,
  ) {}

  issue(): IssuedToken {
    const t = this.now();
    const latestExpiry = this.latest ? this.expiresAt.get(this.latest) : undefined;
    if (this.latest && latestExpiry !== undefined && latestExpiry - t > REFRESH_WINDOW_MS) {
      return { token: this.latest, expire: Math.floor((latestExpiry - t) / 1000), fresh: false };
    }
    const token = newId.tenantToken();
    this.expiresAt.set(token, t + this.ttlSec * 1000);
    this.latest = token;
    return { token, expire: this.ttlSec, fresh: true };
  }

  /** Throws the Feishu auth error for a missing, unknown/revoked or expired bearer token. */
  check(authorization: string | undefined): void {
    const m = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
    if (!m?.[1]) {
      throw new FeishuApiError(
        400,
        FeishuCode.tokenMissing,
        'Missing access token for authorization. Please make a request with token attached.',
      );
    }
    const expiry = this.expiresAt.get(m[1]);
    if (expiry === undefined) {
      throw new FeishuApiError(
        400,
        FeishuCode.tokenInvalid,
        'Invalid access token for authorization. Please make a request with token attached.',
      );
    }
    if (expiry <= this.now()) {
      throw new FeishuApiError(
        400,
        FeishuCode.tokenExpired,
        'Authentication token expired. Please refresh the token and try again.',
      );
    }
  }

  /** Invalidates every issued token (calls then fail with 99991663, as after a secret reset). */
  revokeAll(): void {
    this.expiresAt.clear();
    this.latest = undefined;
  }

  setTtl(seconds: number): void {
    this.ttlSec = seconds;
  }
}
