/**
 * Deterministic fault injection: the next N calls of an API fail (429 storm, 5xx), answers come
 * late, webhook signatures are forged, the long-connection endpoint is busy. Counted, not random,
 * so a test knows exactly which call fails.
 */

/** The Open API operations faults can target. */
export type ApiName =
  | 'token'
  | 'wsEndpoint'
  | 'send'
  | 'patch'
  | 'read'
  | 'cardUpdate'
  | 'upload'
  | 'botInfo'
  | 'contact'
  | 'resource';

export interface FaultPlan {
  /** which API the HTTP faults hit (default 'send'; 'any' = every Open API call) */
  api?: ApiName | 'any';
  /** the next N calls are refused with HTTP 429 / 99991400 (a rate-limit storm) */
  rateLimit?: number;
  /** the next N calls fail with HTTP `serverErrorStatus` (default 500) */
  serverError?: number;
  serverErrorStatus?: number;
  /** answer calls this many milliseconds late … */
  delayMs?: number;
  /** … for the next N calls (every call while set, when omitted) */
  delayCount?: number;
  /** the next N webhook deliveries carry a wrong X-Lark-Signature */
  forgedSignatures?: number;
  /** the next N `/callback/ws/endpoint` calls answer code 1000040343 (the SDK retries) */
  wsEndpointBusy?: number;
  /**
   * the next `times` (default 1) calls answer HTTP 400 with this Feishu code and its documented msg
   * (e.g. 230049 “The message is being sent.”, 11232 “create message service trigger rate limit”)
   */
  failWith?: { code: number; times?: number };
}

export type HttpFault =
  | { kind: 'rateLimit' }
  | { kind: 'serverError'; status: number }
  | { kind: 'code'; code: number };

interface ApiFaults {
  codes: { code: number; times: number }[];
  rateLimit: number;
  serverError: number;
  serverErrorStatus: number;
  delayMs: number;
  delayCount: number;
}

export class Faults {
  private readonly byApi = new Map<ApiName | 'any', ApiFaults>();
  private forged = 0;
  private endpointBusy = 0;

  inject(plan: FaultPlan): void {
    const api = plan.api ?? 'send';
    const f = this.byApi.get(api) ?? {
      codes: [],
      rateLimit: 0,
      serverError: 0,
      serverErrorStatus: 500,
      delayMs: 0,
      delayCount: 0,
    };
    if (plan.failWith) f.codes.push({ code: plan.failWith.code, times: plan.failWith.times ?? 1 });
    f.rateLimit += plan.rateLimit ?? 0;
    f.serverError += plan.serverError ?? 0;
    if (plan.serverErrorStatus) f.serverErrorStatus = plan.serverErrorStatus;
    if (plan.delayMs !== undefined) {
      f.delayMs = plan.delayMs;
      f.delayCount = plan.delayCount ?? Number.POSITIVE_INFINITY;
    }
    this.byApi.set(api, f);
    this.forged += plan.forgedSignatures ?? 0;
    this.endpointBusy += plan.wsEndpointBusy ?? 0;
  }

  clear(): void {
    this.byApi.clear();
    this.forged = 0;
    this.endpointBusy = 0;
  }

  /** Milliseconds to hold this call back (consumes one delayed call). */
  takeDelay(api: ApiName): number {
    for (const f of this.plansFor(api)) {
      if (f.delayMs > 0 && f.delayCount > 0) {
        f.delayCount -= 1;
        return f.delayMs;
      }
    }
    return 0;
  }

  /** The injected failure for this call, if any (consumes it). */
  takeHttpFault(api: ApiName): HttpFault | undefined {
    for (const f of this.plansFor(api)) {
      const coded = f.codes.find((c) => c.times > 0);
      if (coded) {
        coded.times -= 1;
        return { kind: 'code', code: coded.code };
      }
      if (f.rateLimit > 0) {
        f.rateLimit -= 1;
        return { kind: 'rateLimit' };
      }
      if (f.serverError > 0) {
        f.serverError -= 1;
        return { kind: 'serverError', status: f.serverErrorStatus };
      }
    }
    return undefined;
  }

  takeForgedSignature(): boolean {
    if (this.forged <= 0) return false;
    this.forged -= 1;
    return true;
  }

  takeEndpointBusy(): boolean {
    if (this.endpointBusy <= 0) return false;
    this.endpointBusy -= 1;
    return true;
  }

  private plansFor(api: ApiName): ApiFaults[] {
    return [this.byApi.get(api), this.byApi.get('any')].filter((f): f is ApiFaults => f !== undefined);
  }
}
