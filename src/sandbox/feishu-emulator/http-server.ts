/**
 * One node:http server for everything the emulator serves: the Open API (`/open-apis/...`,
 * `/callback/ws/endpoint`), the long-connection upgrade (`/ws/v2`) and the control API
 * (`/_emulator/...`).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { controlRoutes, RawReply } from './control-routes.js';
import type { EmulatorCore } from './emulator-core.js';
import { EmulatorInputError } from './feishu-error.js';
import type { FeishuEmulator } from './feishu-emulator.js';
import { readBody, sendJson } from './http-io.js';
import { handleOpenApi, isOpenApiPath } from './open-api-router.js';
import { WS_PATH } from './ws-gateway.js';

const CONTROL_BODY_BYTES = 1024 * 1024;

export function createEmulatorServer(core: EmulatorCore, emulator: FeishuEmulator): Server {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://emulator');
    const work = url.pathname.startsWith('/_emulator')
      ? handleControl(emulator, req, res, url)
      : isOpenApiPath(url.pathname)
        ? handleOpenApi(core, req, res, url)
        : Promise.resolve(sendJson(res, 404, { code: 404, msg: `404 page not found: ${url.pathname}` }));
    work.catch((e: unknown) => {
      // A bug in the emulator must surface to the caller, not hang the request.
      if (!res.headersSent) sendJson(res, 500, { code: 500, msg: `emulator error: ${e instanceof Error ? e.message : String(e)}` });
      else res.destroy();
    });
  });
  server.on('upgrade', (req, socket, head) => {
    const path = new URL(req.url ?? '/', 'http://emulator').pathname;
    if (path === WS_PATH) core.gateway.handleUpgrade(req, socket, head);
    else socket.destroy();
  });
  return server;
}

async function handleControl(emulator: FeishuEmulator, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  let params: string[] = [];
  const route = controlRoutes.find((r) => {
    const m = r.method === req.method ? r.pattern.exec(url.pathname) : null;
    if (m) params = m.slice(1).map(decodeURIComponent);
    return m !== null;
  });
  if (!route) return sendJson(res, 404, { error: `no control route ${req.method ?? ''} ${url.pathname}` });
  try {
    const raw = (await readBody(req, CONTROL_BODY_BYTES)).toString('utf8');
    const body: unknown = raw.trim() === '' ? {} : JSON.parse(raw);
    if (body === null || typeof body !== 'object' || Array.isArray(body)) throw new EmulatorInputError('the body must be a JSON object');
    const result = await route.handle(emulator, { body: body as Record<string, unknown>, params, url });
    if (result instanceof RawReply) {
      res.writeHead(200, { 'content-type': result.contentType, 'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(result.fileName)}` });
      res.end(result.bytes);
      return;
    }
    sendJson(res, 200, result ?? { ok: true });
  } catch (e) {
    if (e instanceof EmulatorInputError || e instanceof SyntaxError) return sendJson(res, 400, { error: e.message });
    throw e;
  }
}
