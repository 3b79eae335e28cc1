/**
 * One node:http server for everything the emulator serves: the Open API (`/open-apis/...`,
 * `/callback/ws/endpoint`), the long-connection upgrade (`/ws/v2`) and the control API
 * (`/_emulator/...`).
 */
import type { Server } from 'node:http';
import { dispatchControl } from '@safeduty/emulator-kit/control-api';
import { createLoopbackServer } from '@safeduty/emulator-kit/loopback-server';
import { controlRoutes } from './control-routes.js';
import type { EmulatorCore } from './emulator-core.js';
import type { FeishuEmulator } from './feishu-emulator.js';
import { sendJson } from './http-io.js';
import { handleOpenApi, isOpenApiPath } from './open-api-router.js';
import { WS_PATH } from './ws-gateway.js';

export function createEmulatorServer(core: EmulatorCore, emulator: FeishuEmulator): Server {
  const server = createLoopbackServer(
    async (req, res, url) =>
      url.pathname.startsWith('/_emulator')
        ? dispatchControl(controlRoutes, emulator, req, res, url)
        : isOpenApiPath(url.pathname)
          ? handleOpenApi(core, req, res, url)
          : sendJson(res, 404, { code: 404, msg: `404 page not found: ${url.pathname}` }),
    (message) => ({ code: 500, msg: `emulator error: ${message}` }),
  );
  server.on('upgrade', (req, socket, head) => {
    const path = new URL(req.url ?? '/', 'http://emulator').pathname;
    if (path === WS_PATH) core.gateway.handleUpgrade(req, socket, head);
    else socket.destroy();
  });
  return server;
}
