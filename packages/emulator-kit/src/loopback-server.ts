/**
 * The emulators' HTTP server life cycle: one node:http server whose handler is async (a bug
 * answers 500 instead of hanging the request), listening on a loopback port, closed together with
 * the SDKs' kept-alive connections.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sendJson } from './http-io.js';

export type RequestHandler = (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<void>;

/** A server running `handle`; an exception answers 500 with `bugBody(message)` (or drops a started answer). */
export function createLoopbackServer(handle: RequestHandler, bugBody: (message: string) => unknown): Server {
  return createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://emulator');
    handle(req, res, url).catch((e: unknown) => {
      // A bug in the emulator must surface to the caller, not hang the request.
      if (!res.headersSent) sendJson(res, 500, bugBody(e instanceof Error ? e.message : String(e)));
      else res.destroy();
    });
  });
}

/** Listens on host:port (0 = a free port); the port and `http://host:port`. */
export async function listenLoopback(
  server: Server,
  host: string,
  port: number,
): Promise<{ port: number; url: string }> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const actual = (server.address() as AddressInfo).port;
  return { port: actual, url: `http://${host}:${actual}` };
}

/** Closes the server and every connection (the SDKs keep them alive; server.close() alone waits for their timeout). */
export async function closeLoopback(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}
