/** The service's HTTP surface: health and readiness now; webhooks and the sandbox page later. */
import http from 'node:http';
import type { Logger, Store } from '../app/ports.js';

export interface HttpDeps {
  store: Store;
  log: Logger;
  version: string;
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
    try {
      await deps.store.ping();
      return send(res, 200, { ok: true });
    } catch (e) {
      deps.log.warn({ err: e }, 'readiness: database unreachable');
      return send(res, 503, { ok: false, error: '数据库不可用' });
    }
  }
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
