/**
 * The long-connection side of the emulator: hands out connect URLs (`/callback/ws/endpoint`),
 * accepts the SDK's WebSocket, answers pings with pongs carrying ClientConfig, pushes event frames
 * to one connected client (Feishu delivers each event to one random client of the app; we
 * rotate) and matches the client's ACK frame by `message_id` within the deadline.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { type WebSocket, WebSocketServer } from 'ws';
import { newId } from './ids.js';
import type { WsOptions } from './options.js';
import { decodeFrame, encodeFrame, type Frame, FrameMethod, fragment, headerValue } from './ws-frame.js';

const SERVICE_ID = 7;
export const WS_PATH = '/ws/v2';

/** What came back for one pushed frame. */
export type WsPushResult =
  | { status: 'answered'; code: number; data?: string }
  | { status: 'timeout' }
  | { status: 'connection_lost' }
  | { status: 'no_connection' };

interface Pending {
  connection: number;
  timer: NodeJS.Timeout;
  resolve: (r: WsPushResult) => void;
}

export class WsGateway {
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly connections = new Map<number, WebSocket>();
  /** connections that have pinged: the SDK pings right after opening, once its socket is wired */
  private readonly ready = new Set<number>();
  private readonly tickets = new Set<string>();
  private readonly pending = new Map<string, Pending>();
  private readonly timedOut = new Set<string>();
  private readonly waiters: (() => void)[] = [];
  private nextConnection = 1;
  private nextSeq = 1;
  private rotation = 0;

  constructor(
    private readonly settings: () => WsOptions,
    private readonly onLateAnswer: () => void,
  ) {}

  /** ClientConfig as the SDK reads it from the endpoint reply and from pongs (seconds). */
  clientConfig(): Record<string, number> {
    const ws = this.settings();
    return {
      PingInterval: ws.pingIntervalSec,
      ReconnectCount: ws.reconnectCount,
      ReconnectInterval: ws.reconnectIntervalSec,
      ReconnectNonce: ws.reconnectNonceSec,
    };
  }

  /** A one-time connect URL. service_id must not be the first query key: the SDK parses the whole URL with qs. */
  issueUrl(base: string): string {
    const ticket = newId.ticket();
    this.tickets.add(ticket);
    return (
      `${base.replace(/^http/, 'ws')}${WS_PATH}?fpid=493&aid=552564&device_id=${newId.deviceId()}` +
      `&access_key=emulator&service_id=${SERVICE_ID}&ticket=${ticket}`
    );
  }

  connectionCount(): number {
    return this.connections.size;
  }

  /** Handles an HTTP upgrade on WS_PATH; refuses unknown or reused tickets like an expired URL. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const ticket = new URL(req.url ?? '/', 'ws://x').searchParams.get('ticket') ?? '';
    if (!this.tickets.delete(ticket) || this.connections.size >= this.settings().maxConnections) {
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws));
  }

  private accept(ws: WebSocket): void {
    const id = this.nextConnection++;
    this.connections.set(id, ws);
    ws.on('message', (data: Buffer) => this.onFrame(id, ws, data));
    ws.on('close', () => this.forget(id));
    ws.on('error', () => this.forget(id));
  }

  private onFrame(id: number, ws: WebSocket, data: Buffer): void {
    let frame: Frame;
    try {
      frame = decodeFrame(data);
    } catch {
      return; // a broken frame is ignored, as the real gateway drops what it cannot parse
    }
    const type = headerValue(frame, 'type');
    if (frame.method === FrameMethod.control && type === 'ping') {
      if (!this.ready.has(id) && this.connections.has(id)) {
        this.ready.add(id);
        for (const wake of this.waiters.splice(0)) wake();
      }
      const payload = new TextEncoder().encode(JSON.stringify(this.clientConfig()));
      ws.send(
        encodeFrame({
          SeqID: 0,
          LogID: 0,
          service: frame.service,
          method: FrameMethod.control,
          headers: [{ key: 'type', value: 'pong' }],
          payload,
        }),
      );
      return;
    }
    if (frame.method === FrameMethod.data) this.onAck(frame);
  }

  private onAck(frame: Frame): void {
    const messageId = headerValue(frame, 'message_id') ?? '';
    const waiting = this.pending.get(messageId);
    if (!waiting) {
      if (this.timedOut.delete(messageId)) this.onLateAnswer();
      return;
    }
    this.settle(messageId, parseAck(frame.payload));
  }

  /** Pushes one event payload to one client and waits for its ACK up to `deadlineMs`. */
  push(payload: Uint8Array, deadlineMs: number): Promise<WsPushResult> {
    const all = [...this.connections.keys()];
    const ids = all.some((id) => this.ready.has(id)) ? all.filter((id) => this.ready.has(id)) : all;
    if (ids.length === 0) return Promise.resolve({ status: 'no_connection' });
    const connection = ids[this.rotation++ % ids.length]!;
    const ws = this.connections.get(connection)!;
    const messageId = `${newId.eventId()}_${this.nextSeq}`;
    const parts = fragment(payload, this.settings().fragmentBytes);
    const traceId = newId.nonce();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.timedOut.add(messageId);
        this.settle(messageId, { status: 'timeout' });
      }, deadlineMs);
      this.pending.set(messageId, { connection, timer, resolve });
      parts.forEach((part, seq) => {
        const headers = [
          { key: 'type', value: 'event' },
          { key: 'message_id', value: messageId },
          { key: 'sum', value: String(parts.length) },
          { key: 'seq', value: String(seq) },
          { key: 'trace_id', value: traceId },
        ];
        ws.send(
          encodeFrame({
            SeqID: this.nextSeq++,
            LogID: 0,
            service: SERVICE_ID,
            method: FrameMethod.data,
            headers,
            payload: part,
          }),
        );
      });
    });
  }

  private settle(messageId: string, result: WsPushResult): void {
    const waiting = this.pending.get(messageId);
    if (!waiting) return;
    clearTimeout(waiting.timer);
    this.pending.delete(messageId);
    waiting.resolve(result);
  }

  /** Resolves when at least one client is connected and has pinged (at once if one has). */
  waitForConnection(timeoutMs: number): Promise<void> {
    if (this.ready.size > 0) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no long-connection client within ${timeoutMs} ms`)), timeoutMs);
      this.waiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  /** Server-side drop of every connection (`close` sends a close frame, `terminate` cuts TCP). */
  drop(how: 'close' | 'terminate' = 'close'): number {
    const all = [...this.connections.entries()];
    for (const [id, ws] of all) {
      this.forget(id);
      if (how === 'close') ws.close(1001, 'emulator drop');
      else ws.terminate();
    }
    return all.length;
  }

  private forget(id: number): void {
    this.ready.delete(id);
    if (!this.connections.delete(id)) return;
    for (const [messageId, p] of this.pending)
      if (p.connection === id) this.settle(messageId, { status: 'connection_lost' });
  }

  close(): void {
    this.drop('terminate');
    for (const p of this.pending.values()) clearTimeout(p.timer);
    this.pending.clear();
    this.wss.close();
  }
}

function parseAck(payload: Uint8Array | undefined): WsPushResult {
  try {
    const body = JSON.parse(new TextDecoder().decode(payload ?? new Uint8Array())) as {
      code?: unknown;
      data?: unknown;
    };
    return {
      status: 'answered',
      code: Number(body.code ?? 0),
      ...(typeof body.data === 'string' ? { data: body.data } : {}),
    };
  } catch {
    return { status: 'answered', code: 0 };
  }
}
