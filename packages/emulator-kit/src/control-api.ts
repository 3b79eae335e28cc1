/**
 * The emulators' driver API over HTTP (JSON in and out): a table of routes, each mapping onto one
 * method of the emulator object, dispatched here. Caller mistakes (EmulatorInputError, bad JSON)
 * answer 400 `{"error": …}`; RawReply results are sent as file downloads.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBodyLimited, sendJson } from './http-io.js';

/** A mistake of the caller of a driver API (unknown user, bad argument): HTTP 400 on the control API. */
export class EmulatorInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EmulatorInputError';
  }
}

export interface ControlContext {
  body: Record<string, unknown>;
  params: string[];
  url: URL;
}

/** Bytes to send as they are (file downloads). */
export class RawReply {
  constructor(
    readonly bytes: Buffer,
    readonly contentType: string,
    readonly fileName: string,
  ) {}
}

export interface ControlRoute<E> {
  method: string;
  pattern: RegExp;
  handle: (emu: E, ctx: ControlContext) => unknown;
}

/** 16 MB: a picture sent by a simulated person travels as base64 (a 10 MB photo is ~13.4 MB). */
const CONTROL_BODY_BYTES = 16 * 1024 * 1024;

/** Throws EmulatorInputError when the value is missing. */
export function must<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new EmulatorInputError(`${what} not found`);
  return value;
}

export async function dispatchControl<E>(
  routes: readonly ControlRoute<E>[],
  emu: E,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): Promise<void> {
  let params: string[] = [];
  const route = routes.find((r) => {
    const m = r.method === req.method ? r.pattern.exec(url.pathname) : null;
    if (m) params = m.slice(1).map(decodeURIComponent);
    return m !== null;
  });
  if (!route) return sendJson(res, 404, { error: `no control route ${req.method ?? ''} ${url.pathname}` });
  try {
    const raw = (
      await readBodyLimited(
        req,
        CONTROL_BODY_BYTES,
        () => new EmulatorInputError(`the body is over ${CONTROL_BODY_BYTES} bytes`),
      )
    ).toString('utf8');
    const body: unknown = raw.trim() === '' ? {} : JSON.parse(raw);
    if (body === null || typeof body !== 'object' || Array.isArray(body))
      throw new EmulatorInputError('the body must be a JSON object');
    const result = await route.handle(emu, { body: body as Record<string, unknown>, params, url });
    if (result instanceof RawReply) {
      res.writeHead(200, {
        'content-type': result.contentType,
        'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(result.fileName)}`,
      });
      res.end(result.bytes);
      return;
    }
    sendJson(res, 200, result ?? { ok: true });
  } catch (e) {
    if (e instanceof EmulatorInputError || e instanceof SyntaxError) return sendJson(res, 400, { error: e.message });
    throw e;
  }
}
