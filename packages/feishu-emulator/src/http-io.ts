/**
 * Feishu-flavoured HTTP helpers for the Open API and control routes: bounded body reading and JSON
 * parsing that fail with Feishu's codes. The generic ones live in
 * @safeduty/emulator-kit (packages/emulator-kit/src/http-io.ts).
 */
import type { IncomingMessage } from 'node:http';
import { readBodyLimited } from '@safeduty/emulator-kit/http-io';
import { FeishuApiError, FeishuCode } from './feishu-error.js';

export { sendJson, sleep } from '@safeduty/emulator-kit/http-io';

/** 30 MB files plus multipart overhead. */
export const MAX_BODY_BYTES = 31 * 1024 * 1024;

export function readBody(req: IncomingMessage, maxBytes = MAX_BODY_BYTES): Promise<Buffer> {
  return readBodyLimited(
    req,
    maxBytes,
    () => new FeishuApiError(413, FeishuCode.fieldValidation, `request body over ${maxBytes} bytes`),
  );
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
    throw new FeishuApiError(
      400,
      FeishuCode.fieldValidation,
      'field validation failed: the body must be a JSON object',
    );
  }
  return value as Record<string, unknown>;
}

export function requireString(
  body: Record<string, unknown>,
  key: string,
  maxLength = Number.POSITIVE_INFINITY,
): string {
  const v = body[key];
  if (typeof v !== 'string' || v === '' || v.length > maxLength) {
    throw new FeishuApiError(
      400,
      FeishuCode.fieldValidation,
      `field validation failed: ${key} is ` +
        `required${Number.isFinite(maxLength) ? ` (at most ${maxLength} characters)` : ''}`,
    );
  }
  return v;
}
