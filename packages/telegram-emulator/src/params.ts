/**
 * The parameters of one Bot API call. https://core.telegram.org/bots/api#making-requests: “We
 * support GET and POST HTTP methods. We support four ways of passing parameters”: URL query
 * string, application/x-www-form-urlencoded, application/json (except for uploading files) and
 * multipart/form-data (for uploads). In the string forms numbers and booleans are text and objects
 * are JSON-serialized; a file part is referenced as `attach://<name>` (grammY names the part with a
 * random id: grammy out/core/payload.js).
 */
import type { IncomingMessage } from 'node:http';
import { type MultipartPart, parseMultipartBody } from '@safeduty/emulator-kit/multipart';
import { type BotApiError, TgError } from './bot-api-error.js';

export type FileRef =
  | { kind: 'upload'; part: MultipartPart }
  | { kind: 'fileId'; fileId: string }
  | { kind: 'url'; url: string };

export class Params {
  constructor(
    readonly raw: Record<string, unknown>,
    private readonly parts: Map<string, MultipartPart> = new Map(),
  ) {}

  has(key: string): boolean {
    return this.raw[key] !== undefined && this.raw[key] !== null;
  }

  str(key: string): string | undefined {
    const v = this.raw[key];
    if (v === undefined || v === null) return undefined;
    if (typeof v === 'string') return v;
    if (typeof v === 'number' || typeof v === 'boolean') return String(v);
    throw TgError.field(`field "${key}" must be of type String`);
  }

  int(key: string): number | undefined {
    const v = this.raw[key];
    if (v === undefined || v === null || v === '') return undefined;
    const n = typeof v === 'number' ? v : typeof v === 'string' && /^-?\d+$/.test(v.trim()) ? Number(v.trim()) : NaN;
    if (!Number.isSafeInteger(n)) throw TgError.field(`field "${key}" must be of type Integer`);
    return n;
  }

  requireInt(key: string): number {
    const n = this.int(key);
    if (n === undefined) throw TgError.field(`${key} is empty`);
    return n;
  }

  bool(key: string): boolean {
    const v = this.raw[key];
    return v === true || v === 'true' || v === 'True' || v === '1' || v === 1;
  }

  /** An object or array, given as such (JSON) or as JSON text (the other forms). */
  json(key: string): unknown {
    const v = this.raw[key];
    if (v === undefined || v === null || v === '') return undefined;
    if (typeof v !== 'string') return v;
    try {
      return JSON.parse(v) as unknown;
    } catch {
      throw TgError.field(`can't parse ${key} JSON object`);
    }
  }

  file(key: string): FileRef | undefined {
    const v = this.str(key);
    if (v === undefined || v === '') return undefined;
    if (v.startsWith('attach://')) {
      const part = this.parts.get(v.slice('attach://'.length));
      if (!part) throw TgError.field(`file ${v} not found among the uploaded parts`);
      return { kind: 'upload', part };
    }
    if (/^https?:\/\//i.test(v)) return { kind: 'url', url: v };
    // A part named like the field itself is an upload too.
    const direct = this.parts.get(key);
    if (direct?.filename !== undefined) return { kind: 'upload', part: direct };
    return { kind: 'fileId', fileId: v };
  }

  /** What the call log keeps: parameters with uploaded files reduced to their size. */
  forLog(): Record<string, unknown> {
    const out: Record<string, unknown> = { ...this.raw };
    for (const [name, part] of this.parts)
      if (part.filename !== undefined) out[`attach://${name}`] = `${part.filename} (${part.data.length} bytes)`;
    return out;
  }
}

function malformed(what: string): BotApiError {
  return TgError.field(`can't parse multipart/form-data: ${what}`);
}

export function readParams(req: IncomingMessage, url: URL, body: Buffer): Params {
  const raw: Record<string, unknown> = Object.fromEntries(url.searchParams);
  const type = (req.headers['content-type'] ?? '').toLowerCase();
  if (type.startsWith('multipart/form-data')) {
    const parts = parseMultipartBody(req.headers['content-type'] ?? '', body, malformed);
    const files = new Map<string, MultipartPart>();
    for (const p of parts) {
      if (p.filename !== undefined) files.set(p.name, p);
      else raw[p.name] = p.data.toString('utf8');
    }
    // A part without a filename can still be a file referenced by attach://.
    for (const p of parts) if (p.filename === undefined && !files.has(p.name)) files.set(p.name, p);
    return new Params(raw, files);
  }
  if (body.length === 0) return new Params(raw);
  if (type.startsWith('application/json')) {
    let value: unknown;
    try {
      value = JSON.parse(body.toString('utf8'));
    } catch {
      throw TgError.field("can't parse JSON encoded request body");
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value))
      throw TgError.field("can't parse JSON encoded request body");
    return new Params({ ...raw, ...(value as Record<string, unknown>) });
  }
  if (type.startsWith('application/x-www-form-urlencoded'))
    return new Params({ ...raw, ...Object.fromEntries(new URLSearchParams(body.toString('utf8'))) });
  throw TgError.field(`unsupported content-type ${type || '(none)'}`);
}
