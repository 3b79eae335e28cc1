/**
 * The Lark SDK client with its own token cache: the SDK's default cache is process-global and never
 * drops a revoked token, so we keep ours to clear it on 99991663 / 99991677.
 */
import * as lark from '@larksuiteoapi/node-sdk';
import type { Logger } from '../../app/ports.js';
import { larkLogger } from './lark-logger.js';

export interface FeishuSettings {
  appId: string;
  appSecret: string;
  /** https://open.feishu.cn, https://open.larksuite.com, or the local emulator */
  domain: string;
}

export interface FeishuClient {
  client: lark.Client;
  /** forget the cached tenant token (after the platform said it is invalid or expired) */
  dropToken(): void;
}

/** `log`: the SDK's own log lines go there (JSON); without it the SDK stays silent. */
export function createFeishuClient(s: FeishuSettings, log?: Logger): FeishuClient {
  const cache = new lark.DefaultCache();
  const client = new lark.Client({ appId: s.appId, appSecret: s.appSecret, domain: s.domain.replace(/\/$/, ''), cache, ...(log ? larkLogger(log) : { loggerLevel: lark.LoggerLevel.fatal }) } as never);
  return { client, dropToken: () => cache.values.clear() };
}
