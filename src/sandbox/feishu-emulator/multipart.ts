/**
 * A minimal multipart/form-data reader that keeps every part as bytes. The platform's
 * `Response.formData()` is not enough: the SDK (axios + form-data) sends a Buffer as a part with
 * no filename, which WHATWG parsing turns into a text field and so corrupts binary files.
 */
import { FeishuApiError, FeishuCode } from './feishu-error.js';

export interface MultipartPart {
  name: string;
  filename?: string;
  contentType?: string;
  data: Buffer;
}

const CRLF = Buffer.from('\r\n');
const HEADER_END = Buffer.from('\r\n\r\n');

function malformed(what: string): FeishuApiError {
  return new FeishuApiError(400, FeishuCode.fieldValidation, `field validation failed: malformed multipart body (${what})`);
}

export function parseMultipartBody(contentType: string, body: Buffer): MultipartPart[] {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType);
  const token = boundary?.[1] ?? boundary?.[2];
  if (!token) throw malformed('no boundary');
  const delimiter = Buffer.from(`--${token}`);
  const parts: MultipartPart[] = [];
  let pos = body.indexOf(delimiter);
  if (pos < 0) throw malformed('boundary not found');
  for (;;) {
    pos += delimiter.length;
    if (body.subarray(pos, pos + 2).toString() === '--') return parts;
    pos += CRLF.length;
    const headerEnd = body.indexOf(HEADER_END, pos);
    const next = body.indexOf(delimiter, pos);
    if (headerEnd < 0 || next < 0 || headerEnd > next) throw malformed('unterminated part');
    parts.push(readPart(body.subarray(pos, headerEnd).toString('utf8'), body.subarray(headerEnd + HEADER_END.length, next - CRLF.length)));
    pos = next;
  }
}

function readPart(headerText: string, data: Buffer): MultipartPart {
  const headers = new Map<string, string>();
  for (const line of headerText.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  const disposition = headers.get('content-disposition') ?? '';
  const name = /\bname="([^"]*)"/.exec(disposition)?.[1];
  if (name === undefined) throw malformed('part without a name');
  const filename = /\bfilename="([^"]*)"/.exec(disposition)?.[1];
  const contentType = headers.get('content-type');
  return { name, data, ...(filename !== undefined ? { filename } : {}), ...(contentType ? { contentType } : {}) };
}
