/**
 * Small HTTP helpers shared by the Open API and control routes: bounded body reading, JSON
 * parsing, JSON replies.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { FeishuApiError, FeishuCode } from './feishu-error.js';

/** 30 MB files plus multipart overhead. */
export const MAX_BODY_BYTES = 31 * 1024 * 1024;

export function readBody(req: IncomingMessage, maxBytes = MAX_BODY_BYTES): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        reject(new FeishuApiError(413, FeishuCode.fieldValidation, `request body over ${maxBytes} bytes`));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** A JSON object body; anything else is Feishu's gateway field-validation failure. */
export function parseJsonObject(body: Buffer): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(body.toString('utf8') || '{}');
  } catch {
    throw new FeishuApiError(400, FeishuCode.fieldValidation, 'field validation failed: the body is not valid JSON');
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new FeishuApiError(400, FeishuCode.fieldValidation, 'field validation failed: the body must be a JSON object');
  }
  return value as Record<string, unknown>;
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

export function requireString(body: Record<string, unknown>, key: string, maxLength = Number.POSITIVE_INFINITY): string {
  const v = body[key];
  if (typeof v !== 'string' || v === '' || v.length > maxLength) {
    throw new FeishuApiError(400, FeishuCode.fieldValidation, `field validation failed: ${key} is required${Number.isFinite(maxLength) ? ` (at most ${maxLength} characters)` : ''}`);
  }
  return v;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
