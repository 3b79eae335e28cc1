/**
 * The Lark SDK client with its own token cache: the SDK's default cache is process-global and never
 * drops a revoked token, so we keep ours to clear it on 99991663 / 99991677.
 *
 * Every call has a timeout (the SDK's axios instance has none: one unanswered send used to hold up
 * every card behind it for 90 s). A timed-out send is retried later with the same `uuid`, which
 * Feishu de-duplicates (发送消息 › uuid, https://open.feishu.cn/document/server-docs/im-v1/message/create).
 */
import * as lark from '@larksuiteoapi/node-sdk';
import type { Logger } from '../../app/ports.js';
import { larkLogger } from './lark-logger.js';

export interface FeishuSettings {
  appId: string;
  appSecret: string;
  /** https://open.feishu.cn, https://open.larksuite.com, or the local emulator */
  domain: string;
  /** each API call is abandoned after this many milliseconds (default 10 s) */
  requestTimeoutMs?: number;
}

export const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;

export interface FeishuClient {
  client: lark.Client;
  /** forget the cached tenant token (after the platform said it is invalid or expired) */
  dropToken(): void;
}

type HttpInstance = NonNullable<ConstructorParameters<typeof lark.Client>[0]['httpInstance']>;
type Opts = Parameters<HttpInstance['request']>[0];

/**
 * The SDK's own HTTP instance (its interceptors unwrap the answers), each request with a timeout unless it sets one.
 */
export function timedHttpInstance(timeoutMs: number): HttpInstance {
  const base = lark.defaultHttpInstance as HttpInstance;
  const t = <D>(o?: Opts & { data?: D }) => ({ timeout: timeoutMs, ...o });
  return {
    request: (o) => base.request(t(o)),
    get: (url, o) => base.get(url, t(o)),
    delete: (url, o) => base.delete(url, t(o)),
    head: (url, o) => base.head(url, t(o)),
    options: (url, o) => base.options(url, t(o)),
    post: (url, data, o) => base.post(url, data, t(o)),
    put: (url, data, o) => base.put(url, data, t(o)),
    patch: (url, data, o) => base.patch(url, data, t(o)),
  };
}

/** `log`: the SDK's own log lines go there (JSON); without it the SDK stays silent. */
const QUIET: Logger = { debug() {}, info() {}, warn() {}, error() {}, child: () => QUIET };

export function createFeishuClient(s: FeishuSettings, log?: Logger): FeishuClient {
  const cache = new lark.DefaultCache();
  const client = new lark.Client({
    appId: s.appId,
    appSecret: s.appSecret,
    domain: s.domain.replace(/\/$/, ''),
    cache,
    httpInstance: timedHttpInstance(s.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS),
    // Without a logger the SDK stays quiet: not `loggerLevel: fatal`, which is 0 and so read as its
    // default, info (`params.loggerLevel || info`), printing “[info]: [ 'client ready' ]” on the CLI.
    ...larkLogger(log ?? QUIET),
  } as never);
  return { client, dropToken: () => cache.values.clear() };
}
