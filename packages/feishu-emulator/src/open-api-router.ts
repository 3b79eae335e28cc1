/**
 * The Open API pipeline, in the order Feishu's gateway applies it: bearer token → injected faults
 * (delay, 429 storm, 5xx) → gateway rate limit per API per app (429 + `x-ogw-ratelimit-*`) →
 * the API itself. Every answer is logged and every error counted by code.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { authRoutes } from './auth-routes.js';
import { cardUpdateRoutes } from './card-update-route.js';
import { contactRoutes } from './contact-routes.js';
import { countRejection, type EmulatorCore, logRequest } from './emulator-core.js';
import type { ApiName } from './faults.js';
import { DOCUMENTED_MESSAGES, FeishuApiError, FeishuCode } from './feishu-error.js';
import { fileRoutes } from './file-routes.js';
import { readBody, sendJson, sleep } from './http-io.js';
import { messageRoutes } from './message-routes.js';
import { BinaryResult, resourceRoutes } from './resource-routes.js';

export interface RouteContext {
  core: EmulatorCore;
  req: IncomingMessage;
  url: URL;
  body: Buffer;
  /** regex captures of the route pattern */
  params: string[];
}

export interface OpenApiRoute {
  method: string;
  pattern: RegExp;
  api: ApiName;
  /** requires `Authorization: Bearer <tenant_access_token>` */
  auth: boolean;
  handle: (ctx: RouteContext) => unknown;
}

/** APIs under Feishu's "1000/min & 50/s per app" tier. */
const GATEWAY_LIMITED = new Set<ApiName>(['send', 'patch', 'cardUpdate', 'upload', 'contact', 'resource']);

const ROUTES: OpenApiRoute[] = [
  ...authRoutes,
  ...messageRoutes,
  ...cardUpdateRoutes,
  ...fileRoutes,
  ...contactRoutes,
  ...resourceRoutes,
];

export function isOpenApiPath(path: string): boolean {
  return path.startsWith('/open-apis/') || path === '/callback/ws/endpoint';
}

export async function handleOpenApi(
  core: EmulatorCore,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): Promise<void> {
  const reply = (status: number, body: Record<string, unknown>, headers: Record<string, string> = {}): void => {
    const code = typeof body['code'] === 'number' ? body['code'] : 0;
    if (code !== 0) countRejection(core, code);
    logRequest(core, { method: req.method ?? '', path: url.pathname, status, code, at: core.now() });
    sendJson(res, status, body, headers);
  };
  let params: string[] = [];
  const route = ROUTES.find((r) => {
    const m = r.method === req.method ? r.pattern.exec(url.pathname) : null;
    if (m) params = m.slice(1).map(decodeURIComponent);
    return m !== null;
  });
  if (!route)
    return reply(404, { code: 404, msg: `404 page not found: ${req.method ?? ''} ${url.pathname} is not emulated` });
  // Raw sends: every message.create request, including the refused and the de-duplicated ones.
  if (route.api === 'send') core.counters.sends += 1;
  try {
    const body = await readBody(req);
    if (route.auth) core.tokens.check(req.headers.authorization);
    await applyFaults(core, route.api);
    if (GATEWAY_LIMITED.has(route.api)) checkGatewayLimit(core, route.api);
    const result = await route.handle({ core, req, url, body, params });
    if (result instanceof BinaryResult) {
      logRequest(core, { method: req.method ?? '', path: url.pathname, status: 200, code: 0, at: core.now() });
      res.writeHead(200, { 'content-type': result.contentType, 'content-length': String(result.bytes.length) });
      res.end(result.bytes);
      return;
    }
    reply(200, result as Record<string, unknown>);
  } catch (e) {
    if (!(e instanceof FeishuApiError)) throw e;
    reply(e.status, { code: e.code, msg: e.message }, e.headers);
  }
}

async function applyFaults(core: EmulatorCore, api: ApiName): Promise<void> {
  const delay = core.faults.takeDelay(api);
  if (delay > 0) await sleep(delay);
  const fault = core.faults.takeHttpFault(api);
  if (fault?.kind === 'rateLimit') throw rateLimited(core.opts.limits.apiPerSecond, 1);
  if (fault?.kind === 'serverError')
    throw new FeishuApiError(fault.status, FeishuCode.internalError, 'internal error (emulated fault)');
  if (fault?.kind === 'code')
    throw new FeishuApiError(400, fault.code, DOCUMENTED_MESSAGES[fault.code] ?? `emulated failure ${fault.code}`);
}

function checkGatewayLimit(core: EmulatorCore, api: ApiName): void {
  const { apiPerSecond, apiPerMinute } = core.opts.limits;
  const verdict = core.limiter.take([
    { key: `api:${api}`, limit: apiPerSecond, windowMs: 1000 },
    { key: `api:${api}`, limit: apiPerMinute, windowMs: 60_000 },
  ]);
  if (!verdict.ok && verdict.rule) throw rateLimited(verdict.rule.limit, verdict.resetSec);
}

function rateLimited(limit: number, resetSec: number): FeishuApiError {
  return new FeishuApiError(429, FeishuCode.rateLimited, 'request trigger frequency limit', {
    'x-ogw-ratelimit-limit': String(limit),
    'x-ogw-ratelimit-reset': String(resetSec),
  });
}
