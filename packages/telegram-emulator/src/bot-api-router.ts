/**
 * The Bot API endpoint, `POST|GET /bot<token>/<method>` (https://core.telegram.org/bots/api#making-requests;
 * the test environment's `/bot<token>/test/<method>` is served the same), method names
 * case-insensitive; and file downloads `GET /file/bot<token>/<file_path>`
 * (https://core.telegram.org/bots/api#getfile). Pipeline: token (401) → method (404) → body and
 * parameters → injected faults → the method → `{ok:true,result}` or the error, with the error's
 * HTTP status. Every call is logged.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBodyLimited, sendJson, sleep } from '@safeduty/emulator-kit/http-io';
import { BotApiError, TgError } from './bot-api-error.js';
import { botMethods, getUpdates } from './bot-methods.js';
import { logRequest, type TgCore } from './core.js';
import { type MethodHandler, messageMethods } from './message-methods.js';
import { Params, readParams } from './params.js';

/** Uploads of up to 50 MB (https://core.telegram.org/bots/api#sending-files) plus multipart overhead. */
const MAX_BODY_BYTES = 51 * 1024 * 1024;

const METHODS: Record<string, MethodHandler> = { ...botMethods, ...messageMethods };

const API_PATH = /^\/bot([^/]+)\/(?:test\/)?([A-Za-z]+)$/;
const FILE_PATH = /^\/file\/bot([^/]+)\/(?:test\/)?(.+)$/;

export function isBotApiPath(path: string): boolean {
  return API_PATH.test(path) || FILE_PATH.test(path);
}

export async function handleBotApi(core: TgCore, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  const file = FILE_PATH.exec(url.pathname);
  if (file) return serveFile(core, res, file[1] ?? '', decodeURIComponent(file[2] ?? ''));
  const m = API_PATH.exec(url.pathname);
  const token = m?.[1] ?? '';
  const method = m?.[2] ?? '';
  const at = core.opts.now();
  let params = new Params({});
  const reply = (status: number, body: unknown, fault?: string): void => {
    const err = body instanceof BotApiError ? body : undefined;
    logRequest(core, {
      at,
      method,
      params: params.forLog(),
      status,
      ...(err ? { description: err.description } : {}),
      ...(fault ? { fault } : {}),
    });
    sendJson(res, status, err ? err.toJSON() : { ok: true, result: body });
  };
  core.counters.calls += 1;
  try {
    if (decodeURIComponent(token) !== core.opts.token) throw TgError.unauthorized();
    const name = method.toLowerCase();
    const handler = name === 'getupdates' ? undefined : METHODS[name];
    if (!handler && name !== 'getupdates') throw TgError.notFound();
    params = readParams(req, url, await readBodyLimited(req, MAX_BODY_BYTES, () => TgError.entityTooLarge()));
    const delay = core.faults.takeDelay(name);
    if (delay > 0) await sleep(delay);
    const fault = core.faults.take(name);
    if (fault?.kind === 'drop') {
      logRequest(core, { at, method, params: params.forLog(), status: 0, fault: 'dropConnection' });
      req.socket.destroy();
      return;
    }
    if (fault?.kind === 'badGateway') {
      logRequest(core, { at, method, params: params.forLog(), status: 502, fault: 'badGateway' });
      res.writeHead(502, { 'content-type': 'text/html' });
      res.end(
        '<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad ' +
          'Gateway</h1></center><hr><center>nginx</center></body></html>',
      );
      return;
    }
    if (fault?.kind === 'error') return reply(fault.error.status, fault.error, 'failWith');
    if (!handler) {
      const gone = new AbortController();
      res.on('close', () => gone.abort());
      return reply(200, await getUpdates(core, params, gone.signal));
    }
    return reply(200, await handler(core, params));
  } catch (e) {
    if (e instanceof BotApiError) return reply(e.status, e);
    throw e;
  }
}

function serveFile(core: TgCore, res: ServerResponse, token: string, path: string): void {
  if (decodeURIComponent(token) !== core.opts.token) {
    sendJson(res, 401, TgError.unauthorized().toJSON());
    return;
  }
  const f = core.world.fileByPath(path);
  if (!f) {
    sendJson(res, 404, TgError.notFound().toJSON());
    return;
  }
  res.writeHead(200, { 'content-type': f.mimeType ?? 'application/octet-stream', 'content-length': f.bytes.length });
  res.end(f.bytes);
}

/**
 * A method named in the body of a webhook answer (“you can perform a request to the Bot API while
 * sending an answer to the webhook”: https://core.telegram.org/bots/api#making-requests-when-getting-updates).
 * Its result is not returned to anyone; a failure is only logged, as on Telegram.
 */
export async function runWebhookReply(core: TgCore, body: Record<string, unknown>): Promise<void> {
  const { method, ...rest } = body;
  const name = String(method);
  const params = new Params(rest);
  const handler = METHODS[name.toLowerCase()];
  const entry = { at: core.opts.now(), method: name, params: params.forLog(), via: 'webhookReply' as const };
  try {
    if (!handler) throw TgError.notFound();
    await handler(core, params);
    logRequest(core, { ...entry, status: 200 });
  } catch (e) {
    if (!(e instanceof BotApiError)) throw e;
    logRequest(core, { ...entry, status: e.status, description: e.description });
  }
}
