/**
 * The sandbox's JSON control API under /sandbox/api (docs/sandbox.md): every payload is checked
 * with zod and every refusal says, in Chinese, what to do instead.
 */
import type http from 'node:http';
import { EmulatorInputError } from '@safeduty/feishu-emulator';
import { z } from 'zod';
import { PHOTO_MAX_BYTES } from '../domain/evidence/photo-rules.js';
import { type SandboxController, SandboxError } from './sandbox-controller.js';

const MAX_BODY = 256 * 1024;
/** A picture is sent as the raw bytes of the file (what a chat client uploads), up to the photo limit. */
const MAX_PHOTO = PHOTO_MAX_BYTES;

const fieldValue = z.union([z.string().max(5000), z.array(z.string().max(500)).max(100), z.boolean()], {
  error: '字段值应为文字、文字列表或 true/false',
});
const person = z
  .string({ error: '缺少 person：填人员的 id 或姓名（见 GET /sandbox/api/people）' })
  .trim()
  .min(1, { error: 'person 不能为空' });

const actSchema = z.strictObject({
  person,
  messageId: z.string({ error: '缺少 messageId：填 GET /sandbox/api/messages 返回的消息 id' }).min(1),
  element: z.string({ error: '缺少 element：填卡片上按钮或组件的 name' }).min(1),
  form: z.record(z.string(), fieldValue, { error: 'form 应为 { 字段 name: 值 }' }).optional(),
  value: fieldValue.optional(),
});

const textSchema = z.strictObject({
  person,
  text: z
    .string({ error: '缺少 text：要发给机器人的文字' })
    .trim()
    .min(1, { error: 'text 不能为空' })
    .max(2000, { error: 'text 最多 2000 字' }),
});

const telegramTapSchema = z.strictObject({
  person,
  messageId: z
    .number({ error: '缺少 messageId：填 GET /sandbox/api/telegram/messages 返回的消息 id（数字）' })
    .int()
    .positive(),
  data: z
    .string({ error: '缺少 data：填按钮的 data（见消息的 keyboard）' })
    .min(1)
    .max(64, { error: 'data 最多 64 字节' }),
});

const clockSchema = z
  .strictObject({
    advance: z
      .enum(['next', 'hour', 'day'], { error: 'advance 应为 next（下一个事件）、hour（+1 小时）或 day（下一天）' })
      .optional(),
    set: z.iso
      .datetime({ offset: true, error: 'set 应为带时区的 ISO 时间，例如 2026-12-01T17:30:00+08:00' })
      .optional(),
  })
  .refine((b) => (b.advance === undefined) !== (b.set === undefined), { error: '请只写 advance 或 set 其中一个' });

const resetSchema = z.strictObject({});

const ROUTES = [
  'GET  /sandbox/api/people',
  'GET  /sandbox/api/messages?person=<id|姓名>[&peek=1]',
  'POST /sandbox/api/act    {person, messageId, element, form?, value?}',
  'POST /sandbox/api/text   {person, text}',
  'POST /sandbox/api/photo?person=<id|姓名>   请求体：图片文件本身（JPEG/PNG/HEIC，≤ 10 MB）',
  'GET  /sandbox/api/clock',
  'POST /sandbox/api/clock  {advance: "next"|"hour"|"day"} | {set: ISO 时间}',
  'POST /sandbox/api/reset',
  'GET  /sandbox/api/files/<fileKey>',
  'GET  /sandbox/api/telegram/messages?person=<id|姓名>[&peek=1]',
  'POST /sandbox/api/telegram/tap   {person, messageId, data}',
  'POST /sandbox/api/telegram/text  {person, text}',
  'POST /sandbox/api/telegram/photo?person=<id|姓名>   请求体：图片文件本身',
  'GET  /sandbox/api/telegram/files/<fileId>',
];

type Handler = (c: SandboxController, body: unknown, url: URL) => Promise<unknown> | unknown;

const GETS: Record<string, Handler> = {
  '/sandbox/api': () => ({ ok: true, routes: ROUTES }),
  '/sandbox/api/people': (c) => c.people(),
  '/sandbox/api/messages': (c, _b, url) => {
    const who = url.searchParams.get('person');
    if (!who) throw new SandboxError(400, '缺少参数 person：例如 /sandbox/api/messages?person=张三');
    return c.messages(who, url.searchParams.get('peek') === '1');
  },
  '/sandbox/api/clock': (c) => c.clockView(),
  '/sandbox/api/telegram/messages': (c, _b, url) => {
    const who = url.searchParams.get('person');
    if (!who) throw new SandboxError(400, '缺少参数 person：例如 /sandbox/api/telegram/messages?person=张三');
    return c.telegramMessages(who, url.searchParams.get('peek') === '1');
  },
};

const POSTS: Record<string, Handler> = {
  '/sandbox/api/act': (c, body) => c.act(parse(actSchema, body)),
  '/sandbox/api/text': (c, body) => {
    const b = parse(textSchema, body);
    return c.text(b.person, b.text);
  },
  '/sandbox/api/clock': (c, body) => {
    const b = parse(clockSchema, body);
    return b.set ? c.set(new Date(b.set)) : c.advance(b.advance!);
  },
  '/sandbox/api/telegram/tap': (c, body) => c.telegramTap(parse(telegramTapSchema, body)),
  '/sandbox/api/telegram/text': (c, body) => {
    const b = parse(textSchema, body);
    return c.telegramText(b.person, b.text);
  },
  '/sandbox/api/reset': (c, body) => {
    parse(resetSchema, body);
    return c.reset().then((clock) => ({ ok: true, clock }));
  },
};

/** Pictures as a person sends them: the body is the image file itself. */
const PHOTOS: Record<string, (c: SandboxController, person: string, bytes: Buffer) => Promise<unknown> | unknown> = {
  '/sandbox/api/photo': (c, who, bytes) => c.photo(who, bytes),
  '/sandbox/api/telegram/photo': (c, who, bytes) => c.telegramPhoto(who, bytes),
};

function parse<T>(schema: z.ZodType<T>, body: unknown): T {
  const r = schema.safeParse(body);
  if (r.success) return r.data;
  const lines = r.error.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message));
  throw new SandboxError(400, lines.join('；'));
}

/** Answers /sandbox/api/…; resolves false for other paths. */
export async function handleSandboxApi(
  c: SandboxController,
  req: http.IncomingMessage,
  res: http.ServerResponse,
  url: URL,
): Promise<boolean> {
  const path = url.pathname.replace(/\/+$/, '') || '/';
  if (path !== '/sandbox/api' && !path.startsWith('/sandbox/api/')) return false;
  try {
    const download =
      req.method !== 'GET'
        ? undefined
        : path.startsWith('/sandbox/api/files/')
          ? 'feishu'
          : path.startsWith('/sandbox/api/telegram/files/')
            ? 'telegram'
            : undefined;
    if (download) {
      const id = decodeURIComponent(path.slice(path.lastIndexOf('/') + 1));
      const f = download === 'feishu' ? c.file(id) : c.telegramFile(id);
      res.writeHead(200, {
        'content-type': 'application/octet-stream',
        'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(f.name)}`,
      });
      res.end(f.bytes);
      return true;
    }
    const photo = req.method === 'POST' ? PHOTOS[path] : undefined;
    if (photo) {
      const who = url.searchParams.get('person');
      if (!who) throw new SandboxError(400, `缺少参数 person：例如 ${path}?person=张三，请求体为图片文件`);
      send(res, 200, await photo(c, who, await readBytes(req, MAX_PHOTO)));
      return true;
    }
    const table = req.method === 'GET' ? GETS : req.method === 'POST' ? POSTS : {};
    const handler = table[path];
    if (!handler) {
      const known = path in GETS || path in POSTS || path in PHOTOS;
      throw new SandboxError(
        known ? 405 : 404,
        known
          ? `${path} 不支持 ${req.method}：可用接口见 GET /sandbox/api`
          : `未知接口 ${path}：可用接口见 GET /sandbox/api`,
      );
    }
    const body = req.method === 'POST' ? await readJson(req) : undefined;
    send(res, 200, await handler(c, body, url));
  } catch (e) {
    if (e instanceof SandboxError) send(res, e.status, { ok: false, error: e.message });
    else if (e instanceof EmulatorInputError) {
      const hint = path.startsWith('/sandbox/api/telegram/')
        ? '请检查 messageId 属于此人的 Telegram 会话、data 是消息上现有按钮的 data'
        : '请检查 element 是卡片上组件的 name、form 的字段属于该表单';
      send(res, 400, { ok: false, error: `操作无效：${e.message}（${hint}）` });
    } else throw e;
  }
  return true;
}

async function readBytes(req: http.IncomingMessage, max: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > max)
      throw new SandboxError(
        413,
        max === MAX_BODY ? '请求体过大（上限 256 KB）' : '图片超过 10 MB：飞书和 Telegram 都不接受，请换一张较小的图片',
      );
    chunks.push(chunk);
  }
  const bytes = Buffer.concat(chunks);
  if (max === MAX_PHOTO && bytes.length === 0)
    throw new SandboxError(400, '请求体为空：请把图片文件本身作为请求体发送');
  return bytes;
}

async function readJson(req: http.IncomingMessage): Promise<unknown> {
  const text = (await readBytes(req, MAX_BODY)).toString('utf8').trim();
  if (text === '') return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new SandboxError(400, '请求体不是有效的 JSON：请发送 Content-Type: application/json 的 JSON 对象');
  }
}

export function send(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}
