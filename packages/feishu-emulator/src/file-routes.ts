/**
 * File upload (`POST /open-apis/im/v1/files`, multipart `file_type`, `file_name`, `file`): at most
 * 30 MB, never empty; answers `{file_key}` for a later `msg_type: file` message. The docs name no
 * codes for the size rules; the emulator uses 234006 (too large) and 234001 (bad field, empty).
 */
import { parseMultipartBody } from '@safeduty/emulator-kit/multipart';
import { FeishuApiError, FeishuCode, imError } from './feishu-error.js';
import { newId } from './ids.js';
import type { OpenApiRoute, RouteContext } from './open-api-router.js';

function malformedMultipart(what: string): FeishuApiError {
  return new FeishuApiError(
    400,
    FeishuCode.fieldValidation,
    `field validation failed: malformed multipart body (${what})`,
  );
}

const MAX_FILE_BYTES = 30 * 1024 * 1024;
const FILE_TYPES = new Set(['opus', 'mp4', 'pdf', 'doc', 'xls', 'ppt', 'stream']);

function uploadFile({ core, req, body }: RouteContext): unknown {
  const type = req.headers['content-type'] ?? '';
  if (!type.startsWith('multipart/form-data'))
    throw imError(FeishuCode.fileInvalidParam, 'expected multipart/form-data');
  const parts = new Map(parseMultipartBody(type, body, malformedMultipart).map((p) => [p.name, p]));
  const fileType = parts.get('file_type')?.data.toString('utf8') ?? '';
  const fileName = parts.get('file_name')?.data.toString('utf8') ?? '';
  const bytes = parts.get('file')?.data;
  if (!FILE_TYPES.has(fileType))
    throw imError(FeishuCode.fileInvalidParam, `file_type must be one of ${[...FILE_TYPES].join(', ')}`);
  if (fileName === '') throw imError(FeishuCode.fileInvalidParam, 'file_name is required');
  if (!bytes) throw imError(FeishuCode.fileInvalidParam, 'file is required');
  if (bytes.length === 0) throw imError(FeishuCode.fileInvalidParam, 'empty files are not allowed');
  if (bytes.length > MAX_FILE_BYTES) throw imError(FeishuCode.fileTooLarge, 'The file size exceeds the limit (30 MB).');
  const fileKey = newId.fileKey();
  core.files.set(fileKey, { fileKey, fileName, fileType, size: bytes.length, bytes: Buffer.from(bytes) });
  core.counters.uploads += 1;
  return { code: 0, msg: 'success', data: { file_key: fileKey } };
}

export const fileRoutes: OpenApiRoute[] = [
  { method: 'POST', pattern: /^\/open-apis\/im\/v1\/files$/, api: 'upload', auth: true, handle: uploadFile },
];
