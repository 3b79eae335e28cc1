/**
 * A minimal multipart/form-data reader that keeps every part as bytes, shared by the emulators.
 * The platform's `Response.formData()` is not enough: the Feishu SDK (axios + form-data) sends a
 * Buffer as a part with no filename, which WHATWG parsing turns into a text field and so corrupts
 * binary files; grammY writes `filename=<name>` unquoted and without spaces after `:`/`;`
 * (grammy out/core/payload.js `filePart`), which strict parsers refuse.
 */

export interface MultipartPart {
  name: string;
  filename?: string;
  contentType?: string;
  data: Buffer;
}

const CRLF = Buffer.from('\r\n');
const HEADER_END = Buffer.from('\r\n\r\n');

/**
 * The parts of a multipart body; `malformed(what)` makes the platform's own error for a body that
 * cannot be read (it is thrown).
 */
export function parseMultipartBody(
  contentType: string,
  body: Buffer,
  malformed: (what: string) => Error,
): MultipartPart[] {
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
    parts.push(
      readPart(
        body.subarray(pos, headerEnd).toString('utf8'),
        body.subarray(headerEnd + HEADER_END.length, next - CRLF.length),
        malformed,
      ),
    );
    pos = next;
  }
}

function readPart(headerText: string, data: Buffer, malformed: (what: string) => Error): MultipartPart {
  const headers = new Map<string, string>();
  for (const line of headerText.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  const disposition = headers.get('content-disposition') ?? '';
  const name = /\bname="([^"]*)"/.exec(disposition)?.[1];
  if (name === undefined) throw malformed('part without a name');
  const quoted = /\bfilename="([^"]*)"/.exec(disposition);
  const filename = quoted ? quoted[1] : /\bfilename=([^;]*)/.exec(disposition)?.[1]?.trim();
  const contentType = headers.get('content-type');
  return { name, data, ...(filename !== undefined ? { filename } : {}), ...(contentType ? { contentType } : {}) };
}
