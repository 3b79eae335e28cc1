/** The service's HTTP surface: health and readiness, channel webhooks, and an optional extension (the sandbox page). */
import http from 'node:http';
import type { AdminStore, Logger } from '../app/ports.js';
import { type ReadinessSources, readiness } from './readiness.js';

export type RouteHandler = (req: http.IncomingMessage, body: string, res: http.ServerResponse) => Promise<void>;
/** Extra routes tried after the built-in ones; resolves true when it answered the request. */
export type HttpExtension = (req: http.IncomingMessage, res: http.ServerResponse, url: URL) => Promise<boolean>;

export interface HttpDeps {
  store: AdminStore;
  log: Logger;
  version: string;
  /** extra POST routes by path (channel webhooks) */
  posts?: Record<string, RouteHandler>;
  /** the sandbox page and its API (src/sandbox/) */
  extension?: HttpExtension;
  /** what /readyz checks beyond the database (channels, ticks, outbox) */
  ready?: Omit<ReadinessSources, 'ping'>;
  /** the Prometheus exposition served at /metrics */
  metrics?: () => Promise<{ contentType: string; body: string }>;
}

/** Largest request body read (Feishu events and card callbacks are a few KB). */
export const MAX_BODY = 1024 * 1024;

/** The body as text, or null once it passes MAX_BODY (the rest is drained, not kept). */
function readBody(req: http.IncomingMessage): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > MAX_BODY) {
      req.resume();
      return resolve(null);
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        if (!over) resolve(null);
        over = true;
        chunks.length = 0;
      } else if (!over) chunks.push(c);
    });
    req.on('end', () => {
      if (!over) resolve(Buffer.concat(chunks).toString('utf8'));
    });
    req.on('error', reject);
  });
}

export function createHttpServer(deps: HttpDeps): http.Server {
  return http.createServer((req, res) => {
    void handle(req, res, deps).catch((e: unknown) => {
      deps.log.error({ err: e, url: req.url }, 'http handler failed');
      if (!res.headersSent) send(res, 500, { ok: false, error: '服务器内部错误，请稍后再试' });
    });
  });
}

async function handle(req: http.IncomingMessage, res: http.ServerResponse, deps: HttpDeps): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  if (req.method === 'GET' && url.pathname === '/healthz') return send(res, 200, { ok: true, version: deps.version });
  if (req.method === 'GET' && url.pathname === '/readyz') {
    const noChecks = {
      channels: {},
      tickAge: () => ({ sinceLastMs: 0, runningForMs: null }),
      maxTickAgeMs: Infinity,
      backlog: async () => ({ due: 0, oldestMs: null }),
      maxBacklogAgeMs: Infinity,
    };
    const r = await readiness({ ping: () => deps.store.ping(), ...(deps.ready ?? noChecks) });
    if (!r.ok) deps.log.warn({ checks: r.checks }, 'readiness: not ready');
    return send(res, r.ok ? 200 : 503, r);
  }
  if (req.method === 'GET' && url.pathname === '/metrics' && deps.metrics) {
    const m = await deps.metrics();
    res.writeHead(200, { 'content-type': m.contentType });
    res.end(m.body);
    return;
  }
  const post = req.method === 'POST' ? deps.posts?.[url.pathname] : undefined;
  if (post) {
    const body = await readBody(req);
    if (body === null) {
      deps.log.warn(
        { url: url.pathname, ip: req.socket.remoteAddress, declared: req.headers['content-length'] },
        `http: request body over ${MAX_BODY} bytes refused; nothing stored`,
      );
      res.setHeader('connection', 'close');
      return send(res, 413, { ok: false, error: '请求过大' });
    }
    return post(req, body, res);
  }
  if (deps.extension && (await deps.extension(req, res, url))) return;
  if (req.method === 'GET' && url.pathname === '/') {
    res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
    res.end('SafeDuty 正在运行。健康检查：/healthz\n');
    return;
  }
  send(res, 404, { ok: false, error: '未找到' });
}

function send(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}
